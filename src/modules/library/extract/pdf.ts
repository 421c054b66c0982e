/**
 * PDF text with pdf.js (legacy build, which runs in Node), page by page so search results can
 * point at a page. Nothing from the file is ever executed: no eval, no font loading, no system
 * fonts, no XFA, no WebAssembly image decoders. pdf.js's own Unicode normalisation is turned off because it applies
 * compatibility decompositions that split Lao ຳ into ໍ + າ (and so break substring search);
 * cleanText() normalises to NFC instead and spells out ligatures itself.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExtractionError, type ExtractedPage } from './types.js';
import type { TextBudget } from './text.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Where pdf.js finds its predefined CMaps (CJK encodings) and the standard 14 fonts' metrics. */
function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  // pdf.js insists on a trailing '/', on every platform.
  return { cMapUrl: `${path.join(root, 'cmaps')}/`, standardFontDataUrl: `${path.join(root, 'standard_fonts')}/` };
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

/** One page's items in content order; pdf.js already inserts the spaces it infers from gaps. */
export function joinTextItems(items: readonly TextItemLike[]): string {
  let out = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue; // marked-content markers
    out += item.str;
    if (item.hasEOL) out += '\n';
  }
  return out;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Reads every page's text until the budget is spent. */
export async function extractPdf(bytes: Uint8Array, budget: TextBudget): Promise<ExtractedPage[]> {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    data: bytes,
    ...pdfjsDataDirs(),
    cMapPacked: true,
    isEvalSupported: false,
    useWasm: false, // image decoders only: no use for text
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  const pages: ExtractedPage[] = [];
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      if (err instanceof Error && err.name === 'PasswordException') throw new ExtractionError('encrypted', 'the PDF needs a password to open');
      throw new ExtractionError('corrupt', `unreadable PDF: ${describe(err)}`);
    }
    for (let n = 1; n <= doc.numPages; n++) {
      if (budget.full) {
        budget.truncated = true;
        break;
      }
      let raw: string;
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent({ disableNormalization: true, includeMarkedContent: false });
        raw = joinTextItems(content.items as TextItemLike[]);
        page.cleanup();
      } catch (err) {
        throw new ExtractionError('corrupt', `PDF page ${n} is unreadable: ${describe(err)}`);
      }
      const text = budget.take(raw);
      if (text) pages.push({ page: n, text });
    }
  } finally {
    await task.destroy().catch(() => undefined);
  }
  return pages;
}
