/**
 * XLSX cell text with exceljs's streaming reader: sheets and rows arrive one at a time and
 * reading stops once the character budget is spent, so a workbook with a million rows costs no
 * more memory than its shared-string table. One part per sheet: the sheet's name on the first
 * line, then one line per row with cells separated by tabs.
 */
import { Readable } from 'node:stream';
import type { TextBudget } from './text.js';
import { ExtractionError, type ExtractedPage } from './types.js';
import { looksLikeCfb, MAX_XML_PART, openContainer, refuseCfb } from './zip.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell's value as text: dates as ISO dates (with the time when there is one), formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
    return '';
  }
  return String(value);
}

export async function extractXlsx(bytes: Uint8Array, budget: TextBudget): Promise<ExtractedPage[]> {
  if (looksLikeCfb(bytes)) refuseCfb(bytes, 'XLSX');
  const entries = openContainer(bytes, 'XLSX');
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new ExtractionError('corrupt', 'XLSX without xl/workbook.xml');
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  if (strings && strings.originalSize > MAX_XML_PART) throw new ExtractionError('too_large', `XLSX shared strings are ${strings.originalSize} bytes`);

  const { default: ExcelJS } = await import('exceljs');
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const pages: ExtractedPage[] = [];
  try {
    sheets: for await (const sheet of reader) {
      const name = String((sheet as unknown as { name?: string }).name ?? '');
      const lines: string[] = [];
      let length = 0;
      for await (const row of sheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell) => {
          const text = cellText(cell.value).replace(/[\t\r\n]+/g, ' ').trim();
          if (text) cells.push(text);
        });
        if (cells.length === 0) continue;
        const line = cells.join('\t');
        lines.push(line);
        length += line.length + 1;
        // Rows past what the budget can still hold are not read.
        if (length > budget.max - budget.used + name.length + 1) break;
      }
      if (lines.length > 0) {
        const text = budget.take(`${name}\n${lines.join('\n')}`);
        if (text) pages.push({ page: null, text });
      }
      if (budget.full) {
        budget.truncated = true;
        break sheets;
      }
    }
  } catch (err) {
    if (err instanceof ExtractionError) throw err;
    throw new ExtractionError('corrupt', `unreadable XLSX: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    input.destroy();
  }
  return pages;
}
