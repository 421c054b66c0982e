import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, analyzeQuery } from './analyzer.js';
import { makeSnippet, snippetParts, snippetWindow, type SnippetPart } from './search.js';

/** The snippet as it was cut when the whole text was analysed: the reference for the windowed one. */
function wholeTextSnippet(body: string, terms: string[], prefixLast: boolean, width = 180): SnippetPart[] {
  const wanted = new Set(terms);
  const prefix = prefixLast ? terms[terms.length - 1] : undefined;
  const spans = analyze(body)
    .filter((t) => wanted.has(t.term) || (prefix !== undefined && t.term.startsWith(prefix)))
    .map((t) => [t.start, t.end] as const);
  const first = Math.min(...spans.map((s) => s[0]), body.length);
  const { start, end } = snippetWindow(body, spans.length ? first : 0, width);
  return snippetParts(body, start, end, spans);
}

describe('snippets', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} of the annual report on cultural statistics.`).join(' ');
  const bodies = [
    `${filler(5)} The weaving cooperative of Luang Prabang sells silk. ${filler(80)}`,
    `${filler(70)} Égalité des chances et tissage à Vientiane. ${filler(3)} tissage again`,
    `${filler(120)}\nຂ້ອຍຮັກປະເທດລາວຫຼາຍ ວັດທະນະທຳແລະສິລະປະ ການທໍຜ້າໄໝ ${filler(2)}`,
    `Тошкент шаҳридаги кино мактаби. ${filler(40)} Toshkent kino maktabi`,
    filler(60),
    'weaving',
    '',
  ];
  const queries = ['weaving', 'tissage', 'egalite tiss', 'ທໍຜ້າ', 'ສິລະ', 'toshkent', 'Тошкент кино', 'paragraph 59', 'nothing here', 'stat'];

  it('are those of the whole text, for every body and query', () => {
    let compared = 0;
    for (const body of bodies) {
      for (const q of queries) {
        const { terms, prefixLast } = analyzeQuery(q);
        assert.deepEqual(makeSnippet(body, terms, prefixLast), wholeTextSnippet(body, terms, prefixLast), JSON.stringify({ q, at: body.slice(0, 40) }));
        compared++;
      }
      assert.deepEqual(makeSnippet(body, [], false), wholeTextSnippet(body, [], false));
    }
    assert.equal(compared, bodies.length * queries.length);
  });

  it('mark the first match far into a long text', () => {
    const body = `${filler(200)} The weaving cooperative.`;
    const { terms, prefixLast } = analyzeQuery('weaving');
    const parts = makeSnippet(body, terms, prefixLast);
    assert.deepEqual(
      parts.filter((p) => p.match).map((p) => p.text),
      ['weaving'],
    );
    assert.equal(parts[0]!.text, '…');
  });
});
