/**
 * Which reader handles which media type, and the extraction itself as it runs inside the
 * extraction thread (worker.ts). Kept apart from index.ts so it can be called directly in the
 * thread, and so the list of handled types has one home.
 */
import { DOCX, extractDocx, extractOdt, ODT } from './office.js';
import { extractPdf } from './pdf.js';
import { extractHtml, extractPlain, extractXml } from './plain.js';
import { extractXlsx, XLSX } from './spreadsheet.js';
import { TextBudget } from './text.js';
import { ExtractionError, type ExtractedPage, type Extraction } from './types.js';

type Reader = (bytes: Uint8Array, budget: TextBudget, charset: string | null) => Promise<ExtractedPage[]> | ExtractedPage[];

const READERS: Record<string, Reader> = {
  'application/pdf': extractPdf,
  [DOCX]: extractDocx,
  [XLSX]: extractXlsx,
  [ODT]: extractOdt,
  'text/html': extractHtml,
  'application/xhtml+xml': extractHtml,
  'text/plain': extractPlain,
  'text/csv': extractPlain,
  'text/tab-separated-values': extractPlain,
  'text/markdown': extractPlain,
  'application/json': extractPlain,
  'application/xml': extractXml,
};

/** The media types extractText() reads. */
export const EXTRACTABLE_TYPES: readonly string[] = Object.freeze(Object.keys(READERS));

/** "Text/CSV; charset=windows-1251" → { type: 'text/csv', charset: 'windows-1251' }. */
export function parseMediaType(mediaType: string): { type: string; charset: string | null } {
  const [type = '', ...params] = mediaType.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key?.trim().toLowerCase() === 'charset' && value) charset = value.trim().replace(/^"|"$/g, '').toLowerCase() || null;
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** Extraction in the calling thread: no time limit here (the thread that runs it is the limit). */
export async function extractHere(bytes: Uint8Array, mediaType: string, maxChars: number): Promise<Extraction> {
  const { type, charset } = parseMediaType(mediaType);
  const reader = READERS[type];
  if (!reader) throw new ExtractionError('unsupported', `no text extraction for ${type || 'an unknown type'}`);
  if (bytes.length === 0) throw new ExtractionError('empty', 'the file is empty');
  const budget = new TextBudget(maxChars);
  let pages: ExtractedPage[];
  try {
    pages = await reader(bytes, budget, charset);
  } catch (err) {
    if (err instanceof ExtractionError) throw err;
    if (err instanceof RangeError && /allocation|array length|string length|buffer/i.test(err.message)) throw new ExtractionError('too_large', err.message);
    throw new ExtractionError('corrupt', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
  if (pages.length === 0) throw new ExtractionError('empty', 'no text in the file');
  return { mediaType: type, pages, chars: budget.used, truncated: budget.truncated };
}
