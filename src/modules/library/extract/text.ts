/**
 * Text clean-up shared by every format, the character budget that keeps extraction bounded, and
 * the decoding of plain-text bytes (BOM, declared charset, UTF-8, then a Windows-1251/1252 guess)
 * so that a CSV saved by an old Russian- or Uzbek-language Excel still reads correctly.
 */

const LAO_NIGGAHITA_AA = /\u0ECD\u0EB2/g;
const LIGATURES = /[\uFB00-\uFB06]/g;
// C0/C1 controls except tab and line feed, plus BOM/ZWNBSP, soft hyphen, and lone surrogates.
const INVISIBLE = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\u00AD\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HORIZONTAL_SPACE = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/**
 * Normalises extracted text: NFC; Lao ໍ + າ written as the one letter ຳ (PDF producers and
 * compatibility normalisation split it, and Lao text is stored with ຳ); typographic ligatures
 * (ﬁ, ﬂ…) spelt out; line breaks unified; invisible controls dropped; runs of spaces collapsed
 * (a run that holds a tab stays one tab: cell separators survive); blank lines at most two.
 */
export function cleanText(raw: string): string {
  let s = raw.replace(/\r\n?|[\f\v\u2028\u2029\u0085]/g, '\n');
  s = s.replace(INVISIBLE, '');
  s = s.normalize('NFC');
  s = s.replace(LAO_NIGGAHITA_AA, '\u0EB3');
  s = s.replace(LIGATURES, (c) => c.normalize('NFKC'));
  s = s.replace(HORIZONTAL_SPACE, (run) => (run.includes('\t') ? '\t' : ' '));
  s = s.replace(/ *\n */g, '\n').replace(/\t*\n\t*/g, '\n');
  s = s.replace(/\n{3,}/g, '\n\n');
  return s.trim();
}

/** Counts what has been kept against maxChars; cuts the part that goes over. */
export class TextBudget {
  used = 0;
  truncated = false;

  constructor(readonly max: number) {}

  /** True once nothing more can be kept (callers stop reading pages or rows). */
  get full(): boolean {
    return this.truncated || this.used >= this.max;
  }

  /** Cleans `raw` and returns the part that fits ('' when nothing does). */
  take(raw: string): string {
    if (this.truncated) return ''; // once cut, later text would leave a hole
    const room = this.max - this.used;
    // Cleaning only shrinks text, but not by more than white space allows: a generous prefix
    // of a huge part is enough, and the rest is dropped without being cleaned.
    const limit = room * 4 + 1024;
    const cut = raw.length > limit;
    const text = cleanText(cut ? raw.slice(0, limit) : raw);
    if (cut) this.truncated = true;
    if (text === '') return '';
    if (room <= 0) {
      this.truncated = true;
      return '';
    }
    if (text.length <= room) {
      this.used += text.length;
      return text;
    }
    let end = room;
    // Never split a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    const piece = text.slice(0, end).trimEnd();
    this.used += piece.length;
    this.truncated = true;
    return piece;
  }
}

/** Removes the bytes of an incomplete UTF-8 sequence at the end (a file cut mid-character). */
function withoutTrailingPartialUtf8(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > continuation ? bytes.subarray(0, i) : bytes;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** The byte-order mark at the start, if any, and its length. */
export function detectBom(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM: zero bytes in one column of byte pairs and almost none in the other. */
export function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.02) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.02) return 'utf-16be';
  return null;
}

/**
 * Chooses between Windows-1251 (Cyrillic) and Windows-1252 (Western European) for bytes that are
 * not UTF-8. Cyrillic text in 1251 is made mostly of bytes ≥ 0xC0 (its letters); French or
 * Kinyarwanda text in 1252 is mostly ASCII with an accented letter here and there.
 */
function guessSingleByte(bytes: Uint8Array): 'windows-1251' | 'windows-1252' {
  let ascii = 0;
  let high = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ascii++;
    else if (b >= 0xc0) high++;
  }
  return high > 0 && high >= (ascii + high) * 0.3 ? 'windows-1251' : 'windows-1252';
}

/** Decodes text bytes: BOM, then a declared charset, then UTF-8, then a single-byte guess. */
export function decodeText(bytes: Uint8Array, declaredCharset?: string | null): { text: string; encoding: string } {
  const bom = detectBom(bytes);
  if (bom) return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), encoding: bom.encoding };
  if (declaredCharset) {
    const decoder = decoderFor(declaredCharset);
    // A declared "UTF-8" that is not valid UTF-8 is a common mistake: fall through to guessing.
    if (decoder && decoder.encoding !== 'utf-8') return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(withoutTrailingPartialUtf8(bytes)), encoding: 'utf-8' };
  } catch {
    const encoding = guessSingleByte(bytes);
    return { text: new TextDecoder(encoding).decode(bytes), encoding };
  }
}
