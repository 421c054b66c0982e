/**
 * A small, forgiving tokenizer for HTML and XML, enough to pull the readable text out of a web
 * page or an OpenDocument content.xml: tags with their (quoted) attributes, comments, CDATA,
 * processing instructions, and HTML raw-text elements (script, style…) whose content is skipped.
 * Character references are decoded as the HTML standard says (every named reference, numeric
 * ones with the Windows-1252 remapping of 0x80–0x9F, the legacy names without a semicolon).
 * It builds no tree: memory stays proportional to the text kept.
 */
import { HTML_ENTITIES, LONGEST_ENTITY } from './html-entities.js';

export type MarkupToken =
  | { type: 'text'; text: string }
  | { type: 'open'; name: string; attributes: Map<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string };

// The HTML standard's replacements for numeric references in 0x80–0x9F (Windows-1252 codes).
const C1_REMAP: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const XML_ENTITIES: Record<string, string> = { 'amp;': '&', 'lt;': '<', 'gt;': '>', 'quot;': '"', 'apos;': "'" };

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  const remapped = C1_REMAP[code];
  return String.fromCodePoint(remapped ?? code);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlnum = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Decodes character references in text content. `html` uses the full HTML table (longest name
 * that matches wins, as in a browser: "&notit;" is "¬it;"); otherwise only XML's five names.
 */
export function decodeCharacterReferences(text: string, html: boolean): string {
  if (!text.includes('&')) return text;
  let out = '';
  let last = 0;
  let i = text.indexOf('&');
  while (i !== -1) {
    let end = -1;
    let value = '';
    if (text.charCodeAt(i + 1) === 0x23 /* # */) {
      const hex = text[i + 2] === 'x' || text[i + 2] === 'X';
      let j = i + (hex ? 3 : 2);
      const start = j;
      let code = 0;
      while (j < text.length && (hex ? isHex(text.charCodeAt(j)) : isDigit(text.charCodeAt(j)))) {
        if (code <= 0x10ffff) code = code * (hex ? 16 : 10) + parseInt(text[j]!, 16);
        j++;
      }
      if (j > start) {
        if (text[j] === ';') j++;
        end = j;
        value = fromCodePoint(code);
      }
    } else {
      const table = html ? HTML_ENTITIES : XML_ENTITIES;
      let j = i + 1;
      const limit = Math.min(text.length, i + 1 + LONGEST_ENTITY);
      while (j < limit && isAlnum(text.charCodeAt(j))) j++;
      if (text[j] === ';') j++;
      // Longest prefix of the name that is a known reference.
      for (let k = j; k > i + 1; k--) {
        const found = table[text.slice(i + 1, k)];
        if (found !== undefined) {
          end = k;
          value = found;
          break;
        }
      }
    }
    if (end !== -1) {
      out += text.slice(last, i) + value;
      last = end;
      i = text.indexOf('&', end);
    } else {
      i = text.indexOf('&', i + 1);
    }
  }
  return out + text.slice(last);
}

/** HTML elements whose content is not markup; the first group is skipped, the second is text. */
const RAW_SKIPPED = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);
const RAW_TEXT = new Set(['title', 'textarea']);

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Splits markup into text and tags. HTML mode lower-cases names, decodes references with the
 * HTML table and treats raw-text elements; XML mode keeps names (with their prefix) as written.
 */
export function* tokenizeMarkup(src: string, mode: 'html' | 'xml'): Generator<MarkupToken> {
  const html = mode === 'html';
  const n = src.length;
  let i = 0;
  let textStart = 0;
  const flushText = function* (end: number): Generator<MarkupToken> {
    if (end > textStart) yield { type: 'text', text: decodeCharacterReferences(src.slice(textStart, end), html) };
  };

  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt === -1) break;
    const next = src.charCodeAt(lt + 1);
    if (src.startsWith('<!--', lt)) {
      yield* flushText(lt);
      const close = src.indexOf('-->', lt + 4);
      i = textStart = close === -1 ? n : close + 3;
    } else if (src.startsWith('<![CDATA[', lt)) {
      yield* flushText(lt);
      const close = src.indexOf(']]>', lt + 9);
      const end = close === -1 ? n : close;
      if (!html) yield { type: 'text', text: src.slice(lt + 9, end) };
      i = textStart = close === -1 ? n : close + 3;
    } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      yield* flushText(lt);
      const close = src.indexOf('>', lt + 2);
      i = textStart = close === -1 ? n : close + 1;
    } else if (next === 0x2f /* / */ && isLetter(src.charCodeAt(lt + 2))) {
      yield* flushText(lt);
      let j = lt + 2;
      while (j < n && !isSpace(src.charCodeAt(j)) && src[j] !== '>' && src[j] !== '/') j++;
      const name = html ? src.slice(lt + 2, j).toLowerCase() : src.slice(lt + 2, j);
      const close = src.indexOf('>', j);
      yield { type: 'close', name };
      i = textStart = close === -1 ? n : close + 1;
    } else if (isLetter(next) || (!html && (next === 0x5f || next > 0x7f))) {
      yield* flushText(lt);
      let j = lt + 1;
      while (j < n && !isSpace(src.charCodeAt(j)) && src[j] !== '>' && src[j] !== '/') j++;
      const name = html ? src.slice(lt + 1, j).toLowerCase() : src.slice(lt + 1, j);
      const attributes = new Map<string, string>();
      let selfClosing = false;
      // Attributes: name[=value], the value quoted or not; a '>' inside quotes does not end the tag.
      while (j < n) {
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        if (j >= n) break;
        if (src[j] === '>') {
          j++;
          break;
        }
        if (src[j] === '/') {
          if (src[j + 1] === '>') {
            selfClosing = true;
            j += 2;
            break;
          }
          j++;
          continue;
        }
        const nameStart = j;
        while (j < n && !isSpace(src.charCodeAt(j)) && src[j] !== '=' && src[j] !== '>' && src[j] !== '/') j++;
        const attrName = src.slice(nameStart, j);
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        let value = '';
        if (src[j] === '=') {
          j++;
          while (j < n && isSpace(src.charCodeAt(j))) j++;
          const quote = src[j];
          if (quote === '"' || quote === "'") {
            const close = src.indexOf(quote, j + 1);
            const end = close === -1 ? n : close;
            value = src.slice(j + 1, end);
            j = end + 1;
          } else {
            const start = j;
            while (j < n && !isSpace(src.charCodeAt(j)) && src[j] !== '>') j++;
            value = src.slice(start, j);
          }
        }
        if (attrName) attributes.set(html ? attrName.toLowerCase() : attrName, decodeCharacterReferences(value, html));
      }
      yield { type: 'open', name, attributes, selfClosing };
      i = textStart = Math.min(j, n);
      if (html && !selfClosing && (RAW_SKIPPED.has(name) || RAW_TEXT.has(name))) {
        // Raw text runs to the matching end tag, whatever it contains.
        const lower = name === 'plaintext' ? -1 : indexOfEndTag(src, name, i);
        const end = lower === -1 ? n : lower;
        if (RAW_TEXT.has(name) && end > i) yield { type: 'text', text: decodeCharacterReferences(src.slice(i, end), true) };
        i = textStart = end;
      }
    } else {
      // A '<' that starts no tag is text.
      i = lt + 1;
    }
  }
  yield* flushText(n);
}

/** Where `</name` (any case, followed by a space, '/' or '>') starts, from `from`; -1 if nowhere. */
function indexOfEndTag(src: string, name: string, from: number): number {
  let i = from;
  for (;;) {
    i = src.indexOf('</', i);
    if (i === -1) return -1;
    if (src.slice(i + 2, i + 2 + name.length).toLowerCase() === name) {
      const after = src.charCodeAt(i + 2 + name.length);
      if (Number.isNaN(after) || isSpace(after) || after === 0x3e || after === 0x2f) return i;
    }
    i += 2;
  }
}
