import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCharacterReferences, tokenizeMarkup } from './markup.js';
import { odfContentText } from './office.js';
import { joinTextItems } from './pdf.js';
import { htmlToText, metaCharset } from './plain.js';
import { cellText } from './spreadsheet.js';
import { cleanText, decodeText, TextBudget } from './text.js';
import { parseMediaType } from './formats.js';

describe('cleanText', () => {
  test('Lao ໍ + າ (as pdf.js and NFKC produce it) becomes ຳ; the text is NFC', () => {
    assert.equal(cleanText('ນ\u0EC9\u0ECD\u0EB2 ຄ\u0ECD\u0EB2'), 'ນ້ຳ ຄຳ');
    assert.equal(cleanText('e\u0301galite\u0301'), 'égalité');
  });

  test('ligatures spelt out, invisible characters dropped, spaces and blank lines collapsed', () => {
    assert.equal(cleanText('\uFB01nance \uFB02ow'), 'finance flow');
    assert.equal(cleanText('a\u00ADb\u0000c\uFEFFd'), 'abcd');
    assert.equal(cleanText('  a \u00A0  b\t\tc  \r\n\r\n\r\n\r\nd\f e  '), 'a b\tc\n\nd\ne');
  });

  test('a lone surrogate is dropped, a pair is kept', () => {
    assert.equal(cleanText('a\uD800b\uDC00c 😀'), 'abc 😀');
  });
});

describe('TextBudget', () => {
  test('takes what fits, cuts the rest, never splits a surrogate pair', () => {
    const budget = new TextBudget(10);
    assert.equal(budget.take('12345'), '12345');
    assert.equal(budget.full, false);
    assert.equal(budget.take('abcd😀xyz'), 'abcd');
    assert.equal(budget.truncated, true);
    assert.equal(budget.full, true);
    assert.equal(budget.take('more'), '');
  });
});

describe('decodeText', () => {
  test('UTF-8 cut in the middle of a character is still UTF-8', () => {
    const bytes = Buffer.from('Ташкент');
    assert.deepEqual(decodeText(bytes.subarray(0, bytes.length - 1)), { text: 'Ташкен', encoding: 'utf-8' });
  });

  test('a declared charset is used, except a wrong "utf-8"', () => {
    assert.equal(decodeText(new Uint8Array([0xcf, 0xf0, 0xe8]), 'windows-1251').text, 'При');
    assert.equal(decodeText(new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), 'utf-8').encoding, 'windows-1251');
    assert.equal(decodeText(Buffer.from('plain'), 'no-such-charset').text, 'plain');
  });
});

describe('character references', () => {
  test('named, numeric, legacy without semicolon, longest match, unknown left alone', () => {
    assert.equal(decodeCharacterReferences('&lt;&gt;&amp;&quot;&apos;&nbsp;&hellip;&Uuml;&uuml;', true), '<>&"\'\u00A0…Üü');
    assert.equal(decodeCharacterReferences('&#233;&#xE9;&#XE9;&#x1F600;&#128;&#0;&#x110000;&#55296;', true), 'ééé😀€\uFFFD\uFFFD\uFFFD');
    assert.equal(decodeCharacterReferences('&copy 2024 &ampx &notin; &notit; &fjlig; &NotNestedGreaterGreater;', true), '© 2024 &x ∉ ¬it; fj ⪢̸');
    assert.equal(decodeCharacterReferences('&unknown; & alone &; &#; &#x;', true), '&unknown; & alone &; &#; &#x;');
    assert.equal(decodeCharacterReferences('&eacute; &amp; &#233;', false), '&eacute; & é');
  });
});

describe('markup', () => {
  test('attributes may hold ">" and quotes; raw text ends only at its own end tag', () => {
    const tokens = [...tokenizeMarkup('<a title="x > y" href=\'/p?a=1&amp;b=2\'>link</a><SCRIPT>var s = "</p>";</script >after', 'html')];
    assert.deepEqual(tokens[0], { type: 'open', name: 'a', attributes: new Map([['title', 'x > y'], ['href', '/p?a=1&b=2']]), selfClosing: false });
    assert.deepEqual(tokens.filter((t) => t.type === 'text').map((t) => t.type === 'text' && t.text), ['link', 'after']);
  });

  test('HTML text: pre keeps its spaces, other white space collapses, unclosed comment ends the text', () => {
    assert.equal(htmlToText('<p>a\n   b</p><pre>x\n  y</pre>'), '\na b\n\nx\n  y\n');
    assert.equal(htmlToText('visible<!-- never closed <p>hidden'), 'visible');
    assert.equal(htmlToText('5 < 6 and 7 > 2'), '5 < 6 and 7 > 2');
  });

  test('meta charset in both spellings', () => {
    assert.equal(metaCharset(Buffer.from('<meta charset="KOI8-R">')), 'koi8-r');
    assert.equal(metaCharset(Buffer.from('<meta http-equiv="content-type" content="text/html; charset=windows-1251">')), 'windows-1251');
    assert.equal(metaCharset(Buffer.from('<p>none</p>')), null);
  });
});

describe('format details', () => {
  test('ODF content: paragraphs, headings, text:s counts, tabs, line breaks; tracked deletions skipped', () => {
    const xml =
      '<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>' +
      '<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>' +
      '<text:h text:outline-level="1">Title</text:h><text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d</text:p><text:p/>' +
      '<text:p>x &amp; y &#233;<![CDATA[<raw>]]></text:p></office:text></office:body></office:document-content>';
    assert.equal(odfContentText(xml), 'Title\na   b\tc\nd\n\nx & y é<raw>\n');
  });

  test('XLSX cell values as text', () => {
    assert.equal(cellText(new Date('2024-04-14T00:00:00Z')), '2024-04-14');
    assert.equal(cellText(new Date('2024-04-14T09:30:00Z')), '2024-04-14 09:30');
    assert.equal(cellText({ richText: [{ text: 'a' }, { text: 'b' }] }), 'ab');
    assert.equal(cellText({ formula: 'A1*2', result: 42 }), '42');
    assert.equal(cellText({ text: 'site', hyperlink: 'https://example.org' }), 'site');
    assert.equal(cellText({ error: '#DIV/0!' }), '#DIV/0!');
    assert.equal(cellText(null), '');
    assert.equal(cellText(false), 'false');
  });

  test('pdf.js items: end-of-line flags become line breaks, marked-content markers are ignored', () => {
    assert.equal(joinTextItems([{ str: 'ສະບາຍ', hasEOL: false }, { str: 'ດີ', hasEOL: true }, {}, { str: 'next', hasEOL: false }]), 'ສະບາຍດີ\nnext');
  });

  test('media types with parameters', () => {
    assert.deepEqual(parseMediaType('Text/CSV; Charset="Windows-1251"'), { type: 'text/csv', charset: 'windows-1251' });
    assert.deepEqual(parseMediaType('application/pdf'), { type: 'application/pdf', charset: null });
  });
});
