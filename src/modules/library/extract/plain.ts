/**
 * Plain text, CSV, JSON, XML and HTML. Bytes are decoded with decodeText() (BOM, declared or <meta>
 * charset, UTF-8, Windows-1251/1252). HTML keeps what a reader sees: scripts, styles and
 * templates are dropped, block elements become line breaks, white space collapses as a browser
 * collapses it (except in <pre>), and character references are decoded by markup.ts. Only a
 * prefix of a very large file is decoded: enough to fill the character budget.
 */
import { tokenizeMarkup } from './markup.js';
import { decodeText, detectBom, type TextBudget } from './text.js';
import type { ExtractedPage } from './types.js';

/** Bytes of markup decoded per character kept (tags, attributes, inline scripts and styles). */
const HTML_BYTES_PER_CHAR = 8;

/** The part of `bytes` that can matter for `maxChars` characters, and whether the rest was dropped. */
function prefixFor(bytes: Uint8Array, maxChars: number, factor: number): { bytes: Uint8Array; cut: boolean } {
  const limit = maxChars * factor + 16;
  return bytes.length > limit ? { bytes: bytes.subarray(0, limit), cut: true } : { bytes, cut: false };
}

export function extractPlain(bytes: Uint8Array, budget: TextBudget, charset: string | null): ExtractedPage[] {
  // A byte yields at most one UTF-16 unit; white space that collapses and invisible characters
  // use bytes that keep nothing, so read four bytes per character still wanted.
  const { bytes: head, cut } = prefixFor(bytes, budget.max - budget.used, 4);
  const text = budget.take(decodeText(head, charset).text);
  if (cut) budget.truncated = true;
  return text ? [{ page: null, text }] : [];
}

/** The charset a <meta> in the first kilobytes declares (the HTML standard's prescan, simplified). */
export function metaCharset(bytes: Uint8Array): string | null {
  if (detectBom(bytes)) return null;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag[0]);
    if (charset) return charset[1]!.toLowerCase();
  }
  return null;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot',
  'thead', 'title', 'tr', 'ul',
]);
const CELL = new Set(['td', 'th']);
/** Elements whose whole subtree is not shown to a reader. */
const HIDDEN = new Set(['template', 'canvas', 'audio', 'video']);

/** The visible text of an HTML document. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let hiddenDepth = 0;
  let preDepth = 0;
  for (const token of tokenizeMarkup(html, 'html')) {
    if (token.type === 'text') {
      if (hiddenDepth > 0) continue;
      out.push(preDepth > 0 ? token.text : token.text.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    const { name } = token;
    if (HIDDEN.has(name)) {
      if (token.type === 'open' && !token.selfClosing) hiddenDepth++;
      else if (token.type === 'close') hiddenDepth = Math.max(0, hiddenDepth - 1);
      continue;
    }
    if (hiddenDepth > 0) continue;
    if (name === 'pre') preDepth = Math.max(0, preDepth + (token.type === 'open' ? 1 : -1));
    if (BLOCK.has(name)) out.push('\n');
    else if (CELL.has(name) && token.type === 'close') out.push('\t');
    else if (name === 'img' && token.type === 'open') {
      const alt = token.attributes.get('alt');
      if (alt) out.push(` ${alt} `);
    }
  }
  return out.join('');
}

export function extractHtml(bytes: Uint8Array, budget: TextBudget, charset: string | null): ExtractedPage[] {
  const { bytes: head, cut } = prefixFor(bytes, budget.max - budget.used, HTML_BYTES_PER_CHAR);
  const text = budget.take(htmlToText(decodeText(head, charset ?? metaCharset(head)).text));
  if (cut) budget.truncated = true;
  return text ? [{ page: null, text }] : [];
}

/** The character data of an XML document (metadata records, data exports), one element's text per line. */
export function xmlToText(xml: string): string {
  const out: string[] = [];
  for (const token of tokenizeMarkup(xml, 'xml')) {
    if (token.type === 'text') out.push(token.text);
    else if (token.type === 'close' && out[out.length - 1] !== '\n') out.push('\n');
  }
  return out.join('');
}

export function extractXml(bytes: Uint8Array, budget: TextBudget, charset: string | null): ExtractedPage[] {
  const { bytes: head, cut } = prefixFor(bytes, budget.max - budget.used, HTML_BYTES_PER_CHAR);
  const text = budget.take(xmlToText(decodeText(head, charset ?? xmlDeclaredEncoding(head)).text));
  if (cut) budget.truncated = true;
  return text ? [{ page: null, text }] : [];
}

/** The encoding named in an XML declaration (<?xml version="1.0" encoding="windows-1251"?>). */
function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  if (detectBom(bytes)) return null;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 200)).toString('latin1');
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1]?.toLowerCase() ?? null;
}
