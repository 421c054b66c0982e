/**
 * Real documents generated in code, for the library's demo dataset, its tests and its benchmark:
 * PDF (pdfkit, with embedded Noto fonts so Lao, Cyrillic and accented Latin render and extract
 * correctly), DOCX (docx), XLSX (exceljs) and ODT (a minimal OpenDocument package written with
 * fflate). Generating them keeps binary fixtures out of the repository and lets tests put a known
 * sentence on a known page.
 */
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { strToU8, zipSync, type Zippable } from 'fflate';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../../platform/paths.js';

/** Fonts shipped in assets/fonts (SIL OFL 1.1, see docs/DATA-SOURCES.md). */
export const FONT_FILES = {
  lao: path.join(PROJECT_ROOT, 'assets', 'fonts', 'NotoSansLao-Regular.ttf'),
  text: path.join(PROJECT_ROOT, 'assets', 'fonts', 'NotoSans-Regular.ttf'),
} as const;

/** A fixed date for generated files, so the same content gives the same bytes where the format allows. */
const FIXED_DATE = new Date('2024-01-01T00:00:00Z');

const LAO = /[\u0E80-\u0EFF]/;
const NEUTRAL = /[\s\u200B-\u200D]/;

/**
 * Splits text into runs by the font that can draw them: Lao letters in Noto Sans Lao, everything
 * else (Latin, Cyrillic, digits, punctuation) in Noto Sans. Spaces stay with the run before them.
 */
export function fontRuns(text: string): { font: keyof typeof FONT_FILES; text: string }[] {
  const runs: { font: keyof typeof FONT_FILES; text: string }[] = [];
  for (const ch of text) {
    const last = runs[runs.length - 1];
    const font = NEUTRAL.test(ch) && last ? last.font : LAO.test(ch) ? 'lao' : 'text';
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

async function renderPdf(doc: { title: string; pages: string[]; lang?: string }, fontSize: number): Promise<{ bytes: Buffer; pageCount: number }> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    margin: 56,
    displayTitle: true,
    lang: doc.lang,
    info: { Title: doc.title, Producer: 'Mosaic', Creator: 'Mosaic', CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('lao', FONT_FILES.lao);
  pdf.registerFont('text', FONT_FILES.text);
  for (const page of doc.pages) {
    pdf.addPage();
    const width = pdf.page.width - 2 * 56;
    // Line by line: a line break inside a `continued` run makes pdfkit add an extra empty line.
    for (const line of page.split(/\r?\n/)) {
      const runs = fontRuns(line);
      if (runs.every((run) => run.text.trim() === '')) {
        if (page !== '') pdf.font('text').fontSize(fontSize).moveDown();
        continue;
      }
      runs.forEach((run, i) => {
        pdf.font(run.font).fontSize(fontSize).text(run.text, { width, lineGap: 2, continued: i < runs.length - 1 });
      });
    }
  }
  const pageCount = pdf.bufferedPageRange().count;
  pdf.end();
  return { bytes: await done, pageCount };
}

/**
 * A PDF with one page per string (title in the metadata, shown as the window title). Text that
 * does not fit a page at 11 pt is set smaller until it does, so page numbers stay as given.
 */
export async function makePdf(doc: { title: string; pages: string[]; lang?: string }): Promise<Buffer> {
  let result = await renderPdf(doc, 11);
  for (let size = 10; result.pageCount > doc.pages.length && size >= 4; size -= 1) result = await renderPdf(doc, size);
  if (result.pageCount > doc.pages.length) throw new RangeError('a page holds more text than fits on an A4 page at 4 pt');
  return result.bytes;
}

/** A DOCX with the title as its first paragraph (Title style) and in its properties. */
export async function makeDocx(doc: { title: string; paragraphs: string[] }): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    creator: 'Mosaic',
    sections: [
      {
        children: [
          new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
          ...doc.paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

export type SheetCell = string | number | boolean | Date | null;

/** An XLSX workbook, one worksheet per entry, rows as given (the first row is usually the header). */
export async function makeXlsx(sheets: { name: string; rows: SheetCell[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mosaic';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeXml = (text: string): string =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A paragraph's text as ODF markup: ODF collapses white space, so runs of spaces, tabs and line breaks are elements. */
function odfParagraph(text: string): string {
  let out = '';
  for (const part of text.split(/( {2,}|\t|\r?\n)/)) {
    if (part === '\t') out += '<text:tab/>';
    else if (part === '\n' || part === '\r\n') out += '<text:line-break/>';
    else if (/^ {2,}$/.test(part)) out += ` <text:s text:c="${part.length - 1}"/>`;
    else out += escapeXml(part);
  }
  return `<text:p text:style-name="Standard">${out}</text:p>`;
}

/** A minimal valid ODT (OpenDocument 1.2 text): mimetype stored first, manifest, content, styles, meta. */
export function makeOdt(paragraphs: string[]): Buffer {
  const office = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
  const ns = `xmlns:office="${office}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"`;
  const content =
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ns} office:version="1.2">` +
    `<office:body><office:text>${paragraphs.map(odfParagraph).join('')}</office:text></office:body></office:document-content>`;
  const styles =
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${ns} office:version="1.2">` +
    `<office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/></office:styles></office:document-styles>`;
  const meta =
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="${office}" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2">` +
    `<office:meta><meta:generator>Mosaic</meta:generator><meta:creation-date>${FIXED_DATE.toISOString().slice(0, 19)}</meta:creation-date></office:meta></office:document-meta>`;
  const manifest =
    `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
    `<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
    `<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
    `</manifest:manifest>`;
  // Key order is entry order: the package's "mimetype" must come first, stored uncompressed.
  const files: Zippable = {
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(styles),
    'meta.xml': strToU8(meta),
    'META-INF/manifest.xml': strToU8(manifest),
  };
  return Buffer.from(zipSync(files, { level: 6, mtime: FIXED_DATE }));
}
