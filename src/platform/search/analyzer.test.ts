import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNTRIES } from '../../modules/demo/wordlists/index.js';
import { analyze, analyzeQuery, foldWord, icuWordsForTest, SEGMENT_CHUNK, termToken, uzCyrlToLatn, wordsForTest } from './analyzer.js';

const terms = (text: string): string[] => analyze(text).map((t) => t.term);
const words = (text: string): string[] => analyze(text).map((t) => text.slice(t.start, t.end));
/** Every query term is among the document's terms (exact match, as the index does). */
const finds = (doc: string, query: string): boolean => {
  const q = analyzeQuery(query).terms;
  const d = new Set(terms(doc));
  return q.length > 0 && q.every((t) => d.has(t));
};

describe('segmentation', () => {
  it('splits unspaced Lao by dictionary (ICU on this Node)', () => {
    assert.deepEqual(words('ສະບາຍດີ ຂ້ອຍຮັກປະເທດລາວຫຼາຍ ວັດທະນະທຳແລະສິລະປະ'), [
      'ສະບາຍດີ', 'ຂ້ອຍ', 'ຮັກ', 'ປະເທດ', 'ລາວ', 'ຫຼາຍ', 'ວັດທະນະທຳ', 'ແລະ', 'ສິລະປະ',
    ]);
  });

  it('finds a Lao word inside unspaced Lao text', () => {
    assert.deepEqual(analyzeQuery('ປະເທດ').terms, ['ປະເທດ']);
    assert.ok(finds('ຂ້ອຍຮັກປະເທດລາວຫຼາຍ', 'ປະເທດ'));
    assert.ok(finds('ຂ້ອຍຮັກປະເທດລາວຫຼາຍ', 'ລາວ ຮັກ'));
    assert.ok(!finds('ຂ້ອຍຮັກປະເທດລາວຫຼາຍ', 'ສິລະປະ'));
  });

  it('splits Thai, Khmer and Burmese too', () => {
    assert.deepEqual(words('ภาษาไทยง่ายนิดเดียว'), ['ภาษา', 'ไทย', 'ง่าย', 'นิด', 'เดียว']);
    assert.ok(finds('ภาษาไทยง่ายนิดเดียว', 'ไทย'));
    assert.deepEqual(words('ខ្ញុំស្រលាញ់ភាសាខ្មែរ'), ['ខ្ញុំ', 'ស្រលាញ់', 'ភាសាខ្មែរ']);
    assert.deepEqual(words('မြန်မာစာ'), ['မြန်မာ', 'စာ']);
  });

  it('segments Lao spelling variants the same way (composed before segmenting)', () => {
    // Decomposed ໍ+າ, ຫ+ມ and ຫ+ລ would otherwise split differently from ຳ, ໝ and ຫຼ.
    assert.deepEqual(terms('ທໍາອິດ'), terms('ທຳອິດ'));
    assert.equal(terms('ທຳອິດ').length, 1);
    assert.deepEqual(terms('ຂ້ອຍມັກກິນຫມາກມ່ວງ'), terms('ຂ້ອຍມັກກິນໝາກມ່ວງ'));
    assert.deepEqual(terms('ນະຄອນຫລວງວຽງຈັນ'), terms('ນະຄອນຫຼວງວຽງຈັນ'));
    assert.deepEqual(terms('ນໍ້າຂອງ'), terms('ນ້ຳຂອງ')); // tone mark typed before or after ໍ
    assert.deepEqual(terms('ภาษาไทยน้ําดีมาก'), terms('ภาษาไทยน้ำดีมาก'));
  });
});

describe('folding', () => {
  it('matches Cyrillic and Latin Uzbek both ways', () => {
    assert.ok(finds('Toshkent shahri', 'Тошкент'));
    assert.ok(finds('Тошкент шаҳри', 'Toshkent'));
    assert.ok(finds("O'zbekiston Respublikasi", 'Ўзбекистон'));
    assert.ok(finds('Ўзбекистон Республикаси', "O'zbekiston"));
    assert.equal(foldWord('Тошкент'), 'toshkent');
    assert.equal(foldWord('Ўзбекистон'.normalize('NFD')), 'ozbekiston'); // ў = у + U+0306 in NFD
  });

  it('gives the same term for every way of typing oʻ and gʻ, and for none', () => {
    for (const a of ['\u02BB', '\u02BC', "'", '\u2019', '\u2018', '`', '\u00B4', '']) {
      assert.deepEqual(terms(`O${a}zbekiston`), ['ozbekiston'], `O${a}zbekiston`);
      assert.deepEqual(terms(`Farg${a}ona`), ['fargona'], `Farg${a}ona`);
      assert.equal(foldWord(`O${a}zbekiston`), 'ozbekiston');
    }
    assert.deepEqual(terms('Ўзбекистон Фарғона'), ['ozbekiston', 'fargona']);
  });

  it('drops French accents and case', () => {
    assert.deepEqual(terms('égalité ÉCOLE'), terms('egalite ecole'));
    assert.deepEqual(terms('égalité ÉCOLE'), ['egalite', 'ecole']);
    assert.equal(foldWord('Ñandú'), 'nandu');
    assert.equal(foldWord('Çà'), 'ca');
    assert.equal(foldWord('e\u0301galite\u0301'), 'egalite'); // decomposed input
    assert.equal(foldWord('İstanbul'), 'istanbul'); // toLowerCase gives i + U+0307
  });

  it('keeps Lao vowel and tone marks, and applies NFKC alike to query and document', () => {
    assert.equal(foldWord('ສິລະປະ'), 'ສິລະປະ');
    assert.equal(foldWord('ຂ້ອຍ'), 'ຂ້ອຍ');
    assert.equal(foldWord('ທຳ'), foldWord('ທ\u0ECD\u0EB2')); // U+0EB3 vs its NFKC decomposition
    assert.equal(foldWord('ໝາກ'), foldWord('ຫມາກ'));
    assert.ok(finds('ວັດທະນະທຳແລະສິລະປະ', 'ວັດທະນະທ\u0ECD\u0EB2'));
    assert.ok(finds('ວັດທະນະທ\u0ECD\u0EB2ແລະສິລະປະ', 'ວັດທະນະທຳ'));
  });

  it('gives the joined form and each part of elided words', () => {
    assert.deepEqual(terms("y'Iburasirazuba"), ['yiburasirazuba', 'y', 'iburasirazuba']);
    assert.deepEqual(terms('taʼlim'), ['talim', 'ta', 'lim']);
    assert.deepEqual(terms('l’égalité'), ['legalite', 'l', 'egalite']);
    assert.deepEqual(terms('маъно'), terms("ma'no")); // ъ is the tutuq belgisi
    assert.equal(foldWord("l'égalité"), 'legalite');
    const [a, b, c] = analyze("de l'égalité").slice(1);
    assert.deepEqual([a?.start, b?.start, c?.start, a?.end, c?.end], [3, 3, 3, 12, 12]);
    // The query uses the joined key, which every spelling of the document has.
    assert.deepEqual(analyzeQuery("l'égalité ").terms, ['legalite']);
    assert.ok(finds('legalite', "l'égalité") && finds("l'égalité", 'legalite') && finds("l'égalité", 'égalité'));
    assert.ok(finds('talim', 'taʼlim') && finds("ta'lim", 'talim'));
  });

  it('does not keep apostrophes that are not inside a word', () => {
    assert.deepEqual(terms("'quoted' l' `x`"), ['quoted', 'l', 'x']);
  });

  it('caps terms at 100 characters', () => {
    const long = 'a'.repeat(150);
    assert.equal(foldWord(long).length, 100);
    assert.deepEqual(terms(long), ['a'.repeat(100)]);
    assert.deepEqual(analyze(long)[0], { term: 'a'.repeat(100), start: 0, end: 150 });
  });
});

describe('offsets', () => {
  it('point at the original words, in mixed scripts too', () => {
    const text = 'Atelier ສິລະປະ Тошкент, «l’égalité» O`zbekiston ທໍາອິດ ຫມາກ!';
    assert.deepEqual([...new Set(words(text))], [
      'Atelier', 'ສິລະປະ', 'Тошкент', 'l’égalité', 'O`zbekiston', 'ທໍາອິດ', 'ຫມາກ',
    ]);
    assert.deepEqual(terms(text).slice(0, 3), ['atelier', 'ສິລະປະ', 'toshkent']);
  });

  it('stay right after Lao text shortened by composition', () => {
    const text = 'ທໍາອິດ ຫມາກ ຫນັງສື ນໍ້າ end';
    const last = analyze(text).at(-1)!;
    assert.equal(text.slice(last.start, last.end), 'end');
    assert.equal(last.start, text.length - 3);
  });

  it('keep one token per occurrence', () => {
    assert.deepEqual(analyze('Toshkent, Тошкент'), [
      { term: 'toshkent', start: 0, end: 8 },
      { term: 'toshkent', start: 10, end: 17 },
    ]);
  });
});

describe('analyzeQuery', () => {
  it('matches the last word as a prefix unless it is complete', () => {
    assert.deepEqual(analyzeQuery('toshk'), { terms: ['toshk'], prefixLast: true });
    assert.deepEqual(analyzeQuery('toshkent '), { terms: ['toshkent'], prefixLast: false });
    assert.deepEqual(analyzeQuery('"toshkent"'), { terms: ['toshkent'], prefixLast: false });
    assert.deepEqual(analyzeQuery('shahri «Toshkent»'), { terms: ['shahri', 'toshkent'], prefixLast: false });
    assert.deepEqual(analyzeQuery('Тошк'), { terms: ['toshk'], prefixLast: true });
  });

  it('returns unique terms with the typed word last, at most 32', () => {
    assert.deepEqual(analyzeQuery('Toshkent shahri Тошкент ').terms, ['toshkent', 'shahri']);
    assert.deepEqual(analyzeQuery('a b a'), { terms: ['b', 'a'], prefixLast: true });
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const q = analyzeQuery(many);
    assert.equal(q.terms.length, 32);
    assert.equal(q.terms.at(-1), 'w39');
    assert.equal(q.terms[0], 'w0');
  });

  it('transliterates a Cyrillic prefix into a prefix of the Latin key', () => {
    for (const word of ['Тошкент', 'поезд', 'Ўзбекистон', 'Қорақалпоғистон']) {
      const key = foldWord(word);
      for (let n = 1; n <= word.length; n++) assert.ok(key.startsWith(foldWord(word.slice(0, n))), word.slice(0, n));
    }
  });

  it('gives nothing for empty, blank or punctuation-only input', () => {
    for (const text of ['', '   ', '\n\t', '.,;:!?—«»"\'', '… - / ()']) {
      assert.deepEqual(analyze(text), []);
      assert.deepEqual(analyzeQuery(text), { terms: [], prefixLast: false });
    }
  });
});

describe('uzCyrlToLatn', () => {
  it('follows the 1995 alphabet', () => {
    const cases: Array<[string, string]> = [
      ['Тошкент', 'Toshkent'], ['Ўзбекистон', 'Oʻzbekiston'], ['Фарғона', 'Fargʻona'], ['Ер', 'Yer'],
      ['поезд', 'poyezd'], ['Қорақалпоғистон', 'Qoraqalpogʻiston'], ['Тошкент шаҳри', 'Toshkent shahri'],
      ['ШАҲАР', 'SHAHAR'], ['маъно', 'maʼno'], ['съезд', 'sʼyezd'], ['Чирчиқ', 'Chirchiq'], ['ҚЎШ', 'QOʻSH'],
      ['Хива ва Бухоро', 'Xiva va Buxoro'], ['щи, мыло, ёлка, юрт, ясли, ца, э', 'shchi, milo, yolka, yurt, yasli, tsa, e'],
      ['Samarqand', 'Samarqand'],
    ];
    for (const [cyrl, latn] of cases) assert.equal(uzCyrlToLatn(cyrl), latn, cyrl);
  });
});

describe('termToken', () => {
  it('is "x" + lowercase hex of the UTF-8 bytes, prefix-preserving', () => {
    assert.equal(termToken('ab'), 'x6162');
    assert.equal(termToken('é'), 'xc3a9');
    assert.equal(termToken('ສິ'), 'xe0baaae0bab4');
    assert.match(termToken('ສິລະປະ'), /^x[0-9a-f]+$/);
    for (const word of ['toshkent', 'ສິລະປະ', 'egalite', '東京']) {
      for (let n = 0; n <= word.length; n++) assert.ok(termToken(word).startsWith(termToken(word.slice(0, n))));
    }
  });
});

describe('performance', () => {
  it('handles 10,000-character inputs quickly', () => {
    const inputs = [
      "a'".repeat(5000),
      "o'".repeat(5000),
      '\u02BC'.repeat(10_000),
      'ທໍາ'.repeat(3334),
      'a\u0301'.repeat(5000),
      'ສະບາຍດີ Тошкент l’égalité '.repeat(400).slice(0, 10_000),
      'x'.repeat(10_000),
    ];
    const t0 = performance.now();
    for (const text of inputs) {
      analyze(text);
      analyzeQuery(text);
    }
    assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
  });
});

describe('long documents', () => {
  it('text longer than one segmenting piece gives the same terms and offsets as its parts', () => {
    const part = 'Weaving and dyeing of silk, ທໍຜ້າໄໝ ແລະ ຍ້ອມສີທຳມະຊາດ; l’égalité des artistes. ';
    const one = analyze(part);
    const repeats = Math.ceil((SEGMENT_CHUNK * 3.5) / part.length);
    const long = part.repeat(repeats);
    const tokens = analyze(long);
    assert.equal(tokens.length, one.length * repeats);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const model = one[i % one.length]!;
      const shift = Math.floor(i / one.length) * part.length;
      assert.deepEqual(t, { term: model.term, start: model.start + shift, end: model.end + shift });
    }
  });

  it('a piece without any whitespace is still read to its end', () => {
    const lao = 'ສະມາຄົມຜ້າໄໝລາວ'.repeat(Math.ceil((SEGMENT_CHUNK * 2) / 15));
    const tokens = analyze(lao);
    assert.ok(tokens.length > 0);
    assert.ok(tokens[tokens.length - 1]!.end > lao.length - 20);
    for (const t of tokens) assert.ok(t.start < t.end && t.end <= lao.length);
  });
});

describe('word boundaries without ICU in spaced scripts', () => {
  /** Every string of the demo word lists (names, descriptions… in every script of the three countries). */
  function strings(value: unknown, out: string[] = []): string[] {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const v of value) strings(v, out);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
    return out;
  }
  const TRICKY = [
    "e.g. U.S.A. 3.14 1,000.50 a:b foo.bar can't l'égalité don't _foo_ foo_bar x_1 co-operative",
    'email a.b@c.org http://x.org/a?b=1 https://mosaic.example/library?q=ສິລະປະ',
    "Oʻzbekiston taʼlim O'zbekiston g‘alaba Oʼzbekiston o`qituvchi",
    'Тошкент, Ўзбекистон. «Кино» — 2024-йил; Ғарб ва Шарқ',
    '1st 2nd 10km 5.5kg 12:30 3/4 ½ ² 3,5 3.5.1 1.2.3a a.1 1.a .5 5.',
    'résumé naïve Æsop ﬁnance Straße Ελληνικά Հայաստան საქართველო',
    "word's words' 'quoted' \"dq\" «guillemets» „Anführung“",
    'x–y x—y x-y abc\u00ADdef a\u0301b e\u0301 na\u0308ive',
    'emoji 👍 ok 🇱🇦 x $5 €10 #tag @user 50% (parenthèse) [crochet]',
    'mixed ລາວ and ไทย and 中文 and Kinyarwanda: Umuco w’u Rwanda, Inteko y’Umuco',
    'non\u00A0breaking\u2009thin\u3000ideographic\u202Fnarrow',
  ];

  it('the words are ICU’s, on every language’s text', () => {
    const corpus = [...TRICKY, ...strings(COUNTRIES)];
    assert.ok(corpus.length > 500, `a corpus of ${corpus.length} strings`);
    for (const text of corpus) {
      const norm = text.normalize('NFC');
      assert.deepEqual(wordsForTest(norm), icuWordsForTest(norm), JSON.stringify(norm));
      assert.deepEqual(wordsForTest(text), icuWordsForTest(text), JSON.stringify(text));
    }
  });

  it('the words are ICU’s on random strings of letters, digits, marks and punctuation', () => {
    const alphabet = [...'aZéÆßжЎўқҒΩπάԱաႠ0123456789ລາ', ' ', ' ', '\t', '\n', ...".,;:'’‘`´·-–/@#%&()[]\"«»!?", '\u0301', '\u0306', '\u00AD', '\u02BB', '\u02BC', 'ǅ', 'ʰ', 'ª', 'Ⅻ', 'Ⓐ', '½', '²', '👍', '１', 'ﬁ', '\u00A0'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const differ: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let k = 1 + Math.floor(next() * 14); k > 0; k--) text += alphabet[Math.floor(next() * alphabet.length)];
      if (JSON.stringify(wordsForTest(text)) !== JSON.stringify(icuWordsForTest(text))) differ.push(JSON.stringify(text));
    }
    assert.deepEqual(differ.slice(0, 10), []);
  });
});
