/**
 * Word-processing documents: DOCX through mammoth's raw-text reader, ODT by reading the
 * content.xml of the OpenDocument package ourselves (paragraphs, headings, spaces, tabs and line
 * breaks as ODF defines them). Both are ZIP packages, checked for size before inflating, and a
 * password-protected one is reported as such rather than as damaged.
 */
import { tokenizeMarkup } from './markup.js';
import type { TextBudget } from './text.js';
import { ExtractionError, type ExtractedPage } from './types.js';
import { looksLikeCfb, MAX_XML_PART, openContainer, readParts, refuseCfb } from './zip.js';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT = 'application/vnd.oasis.opendocument.text';

export async function extractDocx(bytes: Uint8Array, budget: TextBudget): Promise<ExtractedPage[]> {
  if (looksLikeCfb(bytes)) refuseCfb(bytes, 'DOCX');
  const entries = openContainer(bytes, 'DOCX');
  const main = entries.find((e) => e.name === 'word/document.xml');
  if (!main) throw new ExtractionError('corrupt', 'DOCX without word/document.xml');
  if (main.originalSize > MAX_XML_PART) throw new ExtractionError('too_large', `DOCX body is ${main.originalSize} bytes`);
  const { default: mammoth } = await import('mammoth');
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch (err) {
    throw new ExtractionError('corrupt', `unreadable DOCX: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = budget.take(value);
  return text ? [{ page: null, text }] : [];
}

// ODF elements (by local name) whose content is not document text: deleted text kept for change
// tracking, comments' metadata, declarations.
const ODF_SKIPPED = new Set(['tracked-changes', 'sequence-decls', 'variable-decls', 'user-field-decls', 'scripts', 'font-face-decls', 'automatic-styles', 'forms']);
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The text of an ODF content.xml: one line per paragraph or heading. */
export function odfContentText(xml: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  for (const token of tokenizeMarkup(xml, 'xml')) {
    if (token.type === 'text') {
      if (skipDepth === 0) parts.push(token.text.replace(/[ \t\r\n]+/g, ' '));
      continue;
    }
    const name = localName(token.name);
    if (ODF_SKIPPED.has(name)) {
      if (token.type === 'open' && !token.selfClosing) skipDepth++;
      else if (token.type === 'close') skipDepth = Math.max(0, skipDepth - 1);
      continue;
    }
    if (skipDepth > 0) continue;
    if (token.type === 'open') {
      if (name === 's') parts.push(' '.repeat(Math.min(Math.max(Number(token.attributes.get('text:c') ?? 1) || 1, 1), 100)));
      else if (name === 'tab') parts.push('\t');
      else if (name === 'line-break') parts.push('\n');
      else if ((name === 'p' || name === 'h') && token.selfClosing) parts.push('\n');
    } else if (name === 'p' || name === 'h') {
      parts.push('\n');
    } else if (name === 'table-cell') {
      parts.push('\t');
    }
  }
  return parts.join('');
}

export async function extractOdt(bytes: Uint8Array, budget: TextBudget): Promise<ExtractedPage[]> {
  const entries = openContainer(bytes, 'ODT');
  const parts = readParts(bytes, entries, ['mimetype', 'content.xml', 'META-INF/manifest.xml'], 'ODT');
  const manifest = parts.get('META-INF/manifest.xml');
  // An ODF package saved with a password lists an encryption-data element for its encrypted parts.
  if (manifest && new TextDecoder().decode(manifest).includes('encryption-data')) throw new ExtractionError('encrypted', 'the ODT is protected by a password');
  const content = parts.get('content.xml');
  if (!content) throw new ExtractionError('corrupt', 'ODT without content.xml');
  const text = budget.take(odfContentText(new TextDecoder().decode(content)));
  return text ? [{ page: null, text }] : [];
}
