/**
 * The text analyzer of the search engine: turns a document or a query into search terms, the same
 * way for both, so that a query term matches a document term exactly (or as a prefix for the word
 * being typed). Terms are search keys, never display text: highlighting uses the offsets into the
 * original string.
 *
 * Steps: canonicalise apostrophes and Lao/Thai spelling variants (keeping a map to the original
 * offsets), split into words with ICU (Intl.Segmenter, which segments Lao, Thai, Khmer and Burmese
 * by dictionary), then fold each word: Cyrillic → Latin, NFKC, lower case, Latin/Greek/Cyrillic
 * accents dropped, Uzbek oʻ/gʻ without their sign, elided words (l'égalité) split at the apostrophe.
 *
 * Sources: word boundaries per Unicode UAX #29 (ICU adds dictionaries for Lao, Thai, Khmer, Myanmar);
 * normalization forms per UAX #15; Uzbek romanization per the UNGEGN / BGN-PCGN 2000 table, which
 * is the official 1995 Uzbek Latin alphabet (with ʻ U+02BB for oʻ gʻ and ʼ U+02BC for the tutuq).
 *
 * Segmentation depends on the ICU version shipped with Node: rebuild the index after a Node upgrade.
 */

/** One term of a text, with where its source word stands in the original string (UTF-16 offsets), for highlighting. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

const MAX_TERM = 100; // code points: bounds the index (a hex token is then at most 801 characters)
const MAX_QUERY_TERMS = 32;
const SEGMENTER = new Intl.Segmenter('und', { granularity: 'word' });

const TURNED_COMMA = '\u02BB'; // ʻ MODIFIER LETTER TURNED COMMA: the sign of Uzbek oʻ and gʻ
const APOSTROPHE = '\u02BC'; // ʼ MODIFIER LETTER APOSTROPHE: elision (l'), Uzbek tutuq belgisi (taʼlim)

// Every way the Uzbek sign and the apostrophe get typed: ʻ ʼ ' ’ ‘ ` ´. Only those standing between a
// letter (or its mark) and a letter are rewritten, each to one UTF-16 unit, so offsets do not move.
// Both targets are letters (Lm), so the segmenter keeps "Oʻzbekiston" and "l'adresse" whole
// (it would split at ` and ´ otherwise).
const APOSTROPHES = /(?<=([\p{L}\p{M}]))[\u02BB\u02BC'\u2019\u2018`\u00B4](?=\p{L})/gu;

/** Uzbek oʻ/gʻ get U+02BB, any other apostrophe inside a word U+02BC. Keeps the string length. */
function canonApostrophes(text: string): string {
  return text.replace(APOSTROPHES, (_m, prev: string) => ('oOgG'.includes(prev) ? TURNED_COMMA : APOSTROPHE));
}

// Lao and Thai spelling variants that ICU segments differently (checked on ICU 78):
// "ທໍາອິດ" (ໍ + າ) splits as ທໍາ|ອິດ but "ທຳອິດ" (ຳ U+0EB3) is one word; "ຫມາກ" gives ຫ|ມາກ but
// "ໝາກ" is one word; "ຫລວງ" and "ຫຼວງ" take part in different compounds; Thai "น้ําดี" vs "น้ำดี".
// So compose to the forms ICU's dictionaries use: ໍ(+tone)າ → (tone)ຳ, ํ(+tone)า → (tone)ำ,
// ຫນ → ໜ, ຫມ → ໝ, ຫລ → ຫຼ (ຫ is never a final consonant, so ຫ + ນ/ມ/ລ is always the cluster).
// Moving the tone mark before ຳ also makes "ນໍ້າ" and "ນ້ຳ" fold to the same NFKC key.
const SEA_VARIANTS = /\u0ECD([\u0EC8-\u0ECB]?)\u0EB2|\u0E4D([\u0E48-\u0E4B]?)\u0E32|\u0EAB([\u0E99\u0EA1\u0EA5])/gu;
const LAO_HO_CLUSTERS: Record<string, string> = { '\u0E99': '\u0EDC', '\u0EA1': '\u0EDD', '\u0EA5': '\u0EAB\u0EBC' };

function composeVariant(match: string, laoTone?: string, thaiTone?: string, hoNext?: string): string {
  if (laoTone !== undefined) return `${laoTone}\u0EB3`;
  if (thaiTone !== undefined) return `${thaiTone}\u0E33`;
  return LAO_HO_CLUSTERS[hoNext ?? ''] ?? match;
}

/** The text to segment, and a map from its offsets back to those of the original text. */
function prepare(text: string): { norm: string; orig: (i: number) => number } {
  const canon = canonApostrophes(text);
  // Compositions shrink the text: after each one, remember how far `norm` lags behind the original.
  const ends: number[] = [];
  const lags: number[] = [];
  let norm = '';
  let from = 0;
  for (const m of canon.matchAll(SEA_VARIANTS)) {
    norm += canon.slice(from, m.index) + composeVariant(m[0], m[1], m[2], m[3]);
    from = m.index + m[0].length;
    ends.push(norm.length);
    lags.push(from - norm.length);
  }
  norm += canon.slice(from);
  const orig = (i: number): number => {
    let lo = 0;
    let hi = ends.length; // binary search: how many compositions end at or before i
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= i) lo = mid + 1;
      else hi = mid;
    }
    return i + (lo === 0 ? 0 : lags[lo - 1]!);
  };
  return { norm, orig };
}

// Uzbek Cyrillic → Latin per the 1995 alphabet (UNGEGN / BGN-PCGN 2000 romanization of Uzbek),
// plus the Russian-only letters щ and ы. е (→ e/ye) and ь (→ nothing) are handled in code.
const CYRL_TO_LATN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'j', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'x', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: APOSTROPHE, ы: 'i', ь: '', э: 'e', ю: 'yu',
  я: 'ya', ў: `o${TURNED_COMMA}`, қ: 'q', ғ: `g${TURNED_COMMA}`, ҳ: 'h',
};
const YE_AFTER = 'аеёиоуэюяўйъь'; // е is "ye" after these (vowels, й, ъ, ь) and at the start of a word

const isUpper = (c: string): boolean => c !== c.toLowerCase();
const isLower = (c: string): boolean => c !== c.toUpperCase();

/** Uzbek Cyrillic → official Uzbek Latin (1995 alphabet) transliteration of a text. */
export function uzCyrlToLatn(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    let latn = CYRL_TO_LATN[lower];
    if (latn === undefined) {
      out += ch;
      continue;
    }
    const prev = text[i - 1] ?? '';
    if (lower === 'е' && (!/\p{L}/u.test(prev) || YE_AFTER.includes(prev.toLowerCase()))) latn = 'ye';
    if (isUpper(ch)) {
      // "Ш" → "Sh", but inside an upper-case word "ШАҲАР" → "SHAHAR".
      const next = text[i + 1] ?? '';
      const allCaps = isUpper(next) || (isUpper(prev) && !isLower(next));
      latn = allCaps ? latn.toUpperCase() : latn.charAt(0).toUpperCase() + latn.slice(1);
    }
    out += latn;
  }
  return out;
}

// Accents are dropped only after Latin, Greek and Cyrillic letters: in Lao, Thai, Khmer, Myanmar…
// combining marks are vowels and tones (ສິລະປະ must keep ິ).
const ACCENTS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;

/** Cuts a term to MAX_TERM code points (never inside a surrogate pair). */
function cap(term: string): string {
  return term.length <= MAX_TERM ? term : Array.from(term).slice(0, MAX_TERM).join('');
}

/** The folded word cut at its apostrophes U+02BC: ["l", "egalite"], or one part when it has none. */
function foldParts(word: string): string[] {
  // NFC first: a decomposed ў (у + U+0306) must transliterate like ў, not like у.
  const key = uzCyrlToLatn(canonApostrophes(word).replace(SEA_VARIANTS, composeVariant).normalize('NFC'))
    .normalize('NFKC') // compatibility forms (ﬁ, full-width, ໜ → ຫນ): keys only, never display
    .toLowerCase() // locale-independent on purpose: documents have no reliable language
    .normalize('NFD')
    .replace(ACCENTS, '$1')
    .normalize('NFC')
    .replaceAll(TURNED_COMMA, ''); // oʻ → o: users often type "Ozbekiston"
  return key.split(APOSTROPHE);
}

/**
 * Words already folded. Folding is pure and words repeat (a few thousand distinct words make most
 * of any text), so indexing a batch folds each word once; the memo is emptied when it grows large.
 */
const folded = new Map<string, readonly string[]>();
const FOLDED_MAX = 50_000;

/** The terms of one word: its key, then (for an elided word) each part. Empty terms are left out. */
function wordTerms(word: string): readonly string[] {
  const known = folded.get(word);
  if (known) return known;
  const parts = foldParts(word);
  const terms = [...new Set([parts.join(''), ...(parts.length > 1 ? parts : [])].filter((t) => t !== '').map(cap))];
  if (folded.size >= FOLDED_MAX) folded.clear();
  folded.set(word, terms);
  return terms;
}

/** Folds one word to its search key (the per-word part of analyze). */
export function foldWord(word: string): string {
  return cap(foldParts(word).join(''));
}

/**
 * Analyzes document text into search terms (may emit several terms for one word, see below).
 * One Token per term occurrence, in text order; an elided word ("l'égalité", "taʼlim") gives its
 * joined key and each part ("legalite", "l", "egalite"), all with the offsets of the whole word.
 */
export function analyze(text: string): Token[] {
  const { norm, orig } = prepare(text);
  const tokens: Token[] = [];
  for (const [word, index] of wordsOf(norm)) {
    const start = orig(index);
    const end = orig(index + word.length);
    for (const term of wordTerms(word)) tokens.push({ term, start, end });
  }
  return tokens;
}

// --- Word boundaries --------------------------------------------------------------------------
//
// ICU's segmenter is the reference (UAX #29, with dictionaries for scripts written without
// spaces), but going through it costs about 3 µs a word in V8 — most of the time of indexing a
// document and of cutting its snippet. Text in scripts written with spaces (Latin, Cyrillic,
// Greek, Armenian, Georgian) has word boundaries that a regular expression finds as UAX #29 does;
// everything else (Lao, Thai, Khmer, Burmese, Chinese, Japanese, Hebrew, Arabic…) still goes to
// ICU. A test checks that both give the same words on every language's text and on random strings.

/** A character that needs ICU: outside the spaced scripts, or with special UAX #29 rules. */
const NEEDS_ICU = /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Common}\p{Script=Inherited}]|[\u202F\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]/u;
/** Whitespace: always between words (not U+FEFF, which UAX #29 ignores inside a word). */
const WHITESPACE_RUNS = /[^\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u205F\u3000]+/gu;
// UAX #29 classes: Extend and Format (ignored after a character, WB4; not ZWSP), ALetter (here
// Alphabetic plus the few modifier symbols UAX #29 adds), Numeric, ExtendNumLet (connectors),
// and the punctuation that joins letters (MidLetter, MidNumLet, Single_Quote) or digits (MidNum,
// MidNumLet, Single_Quote) when it stands between two of them.
const EXT = String.raw`(?:(?!\u200B)[\p{M}\p{Cf}])`;
const ALETTER = String.raw`(?:(?!\p{M})[\p{Alphabetic}\u02C2-\u02C5\u02D2-\u02D7\u02DE\u02DF\u02E5-\u02EB\u02ED\u02EF-\u02FF\u055A-\u055C\u055E\u058A\uA708-\uA716\uA720\uA721\uA789\uA78A])`;
const UNIT = String.raw`(?:(?:${ALETTER}|\p{Nd}|\p{Pc})${EXT}*)`;
const MID_LETTER = String.raw`[:\u00B7\u0387\u055F\u05F4\u2027\uFE13\uFE55\uFF1A.\u2018\u2019\u2024\uFE52\uFF07\uFF0E']`;
const MID_NUM = String.raw`[,;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B.\u2018\u2019\u2024\uFE52\uFF07\uFF0E']`;
const WORD = new RegExp(
  String.raw`${UNIT}+(?:(?:(?<=${ALETTER}${EXT}*)${MID_LETTER}${EXT}*(?=${ALETTER})|(?<=\p{Nd}${EXT}*)${MID_NUM}${EXT}*(?=\p{Nd}))${UNIT}+)*`,
  'gu',
);
/** Punctuation and symbols that are not part of a word (not ALetter, not a connector). */
const NON_WORD = String.raw`(?:(?![\p{Alphabetic}\p{Pc}\u02C2-\u02C5\u02D2-\u02D7\u02DE\u02DF\u02E5-\u02EB\u02ED\u02EF-\u02FF\u055A-\u055C\u055E\u058A\uA708-\uA716\uA720\uA721\uA789\uA78A])[\p{P}\p{S}])`;
/** A piece that is one plain word (letters and digits, no marks) with punctuation around it. */
const PLAIN_WORD = new RegExp(String.raw`^(${NON_WORD}*)([\p{L}\p{Nd}]+)${NON_WORD}*$`, 'u');
/** What makes a segment word-like: a letter or a digit (not only connectors). */
const WORD_LIKE = /[\p{Alphabetic}\p{Nd}]/u;

/** The words of a text and their offsets: by regular expression in spaced scripts, by ICU elsewhere. */
function* wordsOf(text: string): Generator<[string, number]> {
  let icuFrom = -1;
  let icuTo = -1;
  for (const piece of text.matchAll(WHITESPACE_RUNS)) {
    const at = piece.index;
    if (NEEDS_ICU.test(piece[0])) {
      // Neighbouring pieces that need ICU go to it together (one call per run, not per piece).
      if (icuFrom < 0) icuFrom = at;
      icuTo = at + piece[0].length;
      continue;
    }
    if (icuFrom >= 0) {
      yield* icuWords(text, icuFrom, icuTo);
      icuFrom = -1;
    }
    // Most pieces are one plain word, perhaps with punctuation around it: no need for WORD.
    const plain = PLAIN_WORD.exec(piece[0]);
    if (plain) {
      yield [plain[2]!, at + plain[1]!.length];
      continue;
    }
    for (const m of piece[0].matchAll(WORD)) if (WORD_LIKE.test(m[0])) yield [m[0], at + m.index];
  }
  if (icuFrom >= 0) yield* icuWords(text, icuFrom, icuTo);
}

/** ICU's words of text[from, to), in pieces (see chunksOf). */
function* icuWords(text: string, from: number, to: number): Generator<[string, number]> {
  for (const [chunk, at] of chunksOf(text.slice(from, to))) {
    for (const s of SEGMENTER.segment(chunk)) if (s.isWordLike) yield [s.segment, from + at + s.index];
  }
}

/** ICU's words of a text, for the test that compares them with wordsOf. */
export function icuWordsForTest(text: string): [string, number][] {
  return [...icuWords(text, 0, text.length)];
}

/** The analyzer's words of a text (wordsOf), for that test. */
export function wordsForTest(text: string): [string, number][] {
  return [...wordsOf(text)];
}

/** Characters segmented at a time (see chunksOf). */
export const SEGMENT_CHUNK = 4000;

/**
 * The text in pieces of at most SEGMENT_CHUNK characters, cut after whitespace (always a word
 * boundary), with their offsets. Segmenting a long text in one go takes time that grows with the
 * square of its length on Node 20's ICU (72,000 characters: 5 s instead of 0.4 s), and extracted
 * documents run to hundreds of thousands. Only a piece with no whitespace in its second half is
 * cut hard, which can split one word in text that has none.
 */
function* chunksOf(text: string): Generator<[string, number]> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + SEGMENT_CHUNK);
    if (end < text.length) {
      let cut = end;
      while (cut > at + SEGMENT_CHUNK / 2 && !/\s/u.test(text[cut - 1]!)) cut--;
      if (cut > at + SEGMENT_CHUNK / 2) end = cut;
      // Never cut between a surrogate pair.
      else if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    }
    yield [text.slice(at, end), at];
    at = end;
  }
}

const QUOTES_OR_SPACE = /[\s"“”„«»]/u;

/**
 * Analyzes a query: terms to match (all required), and whether the last typed word should match as a prefix (search-as-you-type: true unless the query ends with whitespace or the last word is quoted).
 * Each word gives its single key (foldWord): documents also index the joined form of elided words,
 * so "l'égalité", "legalite" and "taʼlim"/"talim" all match. Terms are unique, at most 32, and the
 * last typed word's term is always the last one (the one a prefix match applies to).
 */
export function analyzeQuery(query: string): { terms: string[]; prefixLast: boolean } {
  const { norm } = prepare(query);
  const all: string[] = [];
  let lastTerm = '';
  let afterLast = 0;
  for (const [word, index] of wordsOf(norm)) {
    lastTerm = foldWord(word);
    afterLast = index + word.length;
    if (lastTerm !== '') all.push(lastTerm);
  }
  // A space or closing quote after the last word means it is complete.
  const prefixLast = lastTerm !== '' && !QUOTES_OR_SPACE.test(norm.slice(afterLast));
  const terms = [...new Set(all)];
  if (prefixLast) terms.push(...terms.splice(terms.indexOf(lastTerm), 1)); // "a b a" → [b, a]
  // Keep the first terms and the last one (the word being typed).
  if (terms.length > MAX_QUERY_TERMS) terms.splice(MAX_QUERY_TERMS - 1, terms.length - MAX_QUERY_TERMS);
  return { terms, prefixLast };
}

/** Encodes a term as an index-safe token: "x" + lowercase hex of its UTF-8 bytes (no parser of either database can split or alter it; a prefix of a term is a prefix of its token). */
export function termToken(term: string): string {
  return `x${Buffer.from(term, 'utf8').toString('hex')}`;
}
