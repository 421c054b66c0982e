/**
 * Reads a spreadsheet into rows of strings: CSV (UTF-8 with or without BOM, UTF-16 LE/BE by BOM,
 * Windows-1251 when the bytes are not UTF-8 and look Cyrillic, or any encoding named; comma,
 * semicolon or tab found from the header line) and XLSX (first sheet, or a named one).
 * Row numbers are the spreadsheet's own (the header is row 1), so a report points at the row
 * the user sees.
 */
import { parse as parseCsv } from 'csv-parse/sync';

/** A file that cannot be read; `key` is a message key (with values) for the user. */
export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ImportFileError';
  }
}

/** One data row: its number in the spreadsheet and its cells, in column order. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** A read spreadsheet. */
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
  format: 'csv' | 'xlsx';
  /** CSV: the encoding used (detected or named). */
  encoding?: string;
  /** CSV: the delimiter found. */
  delimiter?: string;
  /** XLSX: the sheet read and every sheet of the workbook. */
  sheetName?: string;
  sheetNames?: string[];
}

/** Options of `readSpreadsheet`. */
export interface ReadOptions {
  /** A WHATWG encoding label (utf-8, windows-1251, utf-16le…); detected when absent. */
  encoding?: string;
  /** XLSX: the sheet to read; the first when absent. */
  sheet?: string;
  /** Largest number of data rows accepted. */
  maxRows?: number;
}

/** Most data rows one file may hold. */
export const MAX_ROWS = 100_000;
/** Largest uncompressed size of an XLSX file (guards against zip bombs). */
const MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024;

/** True when `label` names an encoding this runtime can decode. */
export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when bytes that are not UTF-8 read as Cyrillic in Windows-1251: most bytes above 0x7F
 * fall in А–я (0xC0–0xFF) or Ё/ё, as in Russian or Uzbek text saved by older Excel.
 */
function looksCyrillic1251(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  const end = Math.min(bytes.length, 65536);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8 || b === 0xa1 || b === 0xa2) letters++;
  }
  return high > 0 && letters / high >= 0.8;
}

/** UTF-16 without a BOM: many zero bytes at even (BE) or odd (LE) positions of ASCII text. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const end = Math.min(bytes.length - (bytes.length % 2), 2048);
  if (end < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = end / 2;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

/** Decodes CSV bytes to text; returns the encoding used. */
export function decodeText(bytes: Uint8Array, encoding?: string): { text: string; encoding: string } {
  if (encoding) {
    if (!isKnownEncoding(encoding)) throw new ImportFileError('import.error.encoding', { encoding });
    const label = new TextDecoder(encoding).encoding;
    // TextDecoder drops a BOM of its own encoding.
    return { text: new TextDecoder(label).decode(bytes), encoding: label };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  const wide = utf16WithoutBom(bytes);
  if (wide) return { text: new TextDecoder(wide).decode(bytes), encoding: wide };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: an older single-byte export.
  }
  const legacy = looksCyrillic1251(bytes) ? 'windows-1251' : 'windows-1252';
  return { text: new TextDecoder(legacy).decode(bytes), encoding: legacy };
}

/** The delimiter of a CSV text: the most frequent of , ; and tab on the header line, outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  let most = 0;
  for (const [d, n] of counts) {
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** Undoes the formula neutralisation of an export (`'=…` → `=…`), so exported files import back. */
export function unquoteFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function cleanCell(value: string): string {
  return unquoteFormula(value.replace(/\u0000/g, '').trim());
}

function toSheet(records: string[][], rowNumbers: number[], format: Sheet['format'], maxRows: number): Omit<Sheet, 'format'> & { format: Sheet['format'] } {
  // The header is the first row with any text; data rows follow it.
  const headerIndex = records.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex < 0) throw new ImportFileError('import.error.empty');
  const headers = records[headerIndex]!.map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i]!.map(cleanCell);
    if (cells.every((c) => c === '')) continue;
    if (rows.length >= maxRows) throw new ImportFileError('import.error.too_many_rows', { max: maxRows });
    rows.push({ row: rowNumbers[i]!, cells });
  }
  return { headers, rows, format };
}

/** Reads CSV bytes. */
export function readCsv(bytes: Uint8Array, options: ReadOptions = {}): Sheet {
  const { text, encoding } = decodeText(bytes, options.encoding);
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  let records: string[][];
  try {
    records = parseCsv(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw new ImportFileError('import.error.csv', { detail: (err as Error).message.slice(0, 200) });
  }
  // Each record is one spreadsheet row, even when a quoted cell spans several lines.
  const sheet = toSheet(records, records.map((_, i) => i + 1), 'csv', options.maxRows ?? MAX_ROWS);
  return { ...sheet, encoding, delimiter };
}

/** Total uncompressed size announced by a zip's central directory, or null when it is not a zip. */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let p = view.getUint32(i + 16, true);
    let total = 0;
    for (let e = 0; e < entries; e++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      total += view.getUint32(p + 24, true);
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return total;
  }
  return null;
}

/** A cell of exceljs as text: rich text joined, links by their text, formulas by their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e9) / 1e9);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return '';
  }
  return String(value);
}

/** Reads XLSX bytes: the named sheet or the first one. */
export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<Sheet> {
  const size = zipUncompressedSize(bytes);
  if (size === null) throw new ImportFileError('import.error.unreadable');
  if (size > MAX_XLSX_UNCOMPRESSED) throw new ImportFileError('import.error.too_large_unpacked');
  // exceljs is large: loaded only when a workbook is read.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('import.error.unreadable');
  }
  const names = workbook.worksheets.map((w) => w.name);
  const wanted = options.sheet?.trim();
  const sheet = wanted ? workbook.worksheets.find((w) => w.name.toLowerCase() === wanted.toLowerCase()) : workbook.worksheets[0];
  if (!sheet) {
    if (wanted) throw new ImportFileError('import.error.sheet', { sheet: wanted, sheets: names.join(', ') });
    throw new ImportFileError('import.error.empty');
  }
  const records: string[][] = [];
  const numbers: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
    records.push(cells);
    numbers.push(rowNumber);
  });
  return { ...toSheet(records, numbers, 'xlsx', options.maxRows ?? MAX_ROWS), sheetName: sheet.name, sheetNames: names };
}

/** Reads a spreadsheet, telling XLSX from CSV by its first bytes (never by its name). */
export async function readSpreadsheet(bytes: Uint8Array, options: ReadOptions = {}): Promise<Sheet> {
  if (bytes.length === 0) throw new ImportFileError('import.error.empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return readXlsx(bytes, options);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ImportFileError('import.error.xls');
  return readCsv(bytes, options);
}
