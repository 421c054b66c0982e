/**
 * Writing spreadsheets: RFC 4180 CSV (UTF-8 with BOM, so Excel shows Lao and Cyrillic) and
 * XLSX, both with formula injection neutralised: a cell starting with = + - @ (or a tab or a
 * carriage return) gets a leading single quote, so a spreadsheet program shows it as text
 * instead of running it (OWASP, "CSV Injection").
 */

/** Prefixes a cell that a spreadsheet program would read as a formula. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n;\t]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV document (BOM, CRLF line ends), every cell neutralised. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[], options: { bom?: boolean } = {}): string {
  const lines = [header, ...rows].map((r) => r.map((c) => csvField(neutraliseFormula(c))).join(','));
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

/** An XLSX workbook with one sheet (and optionally more), every cell a neutralised string. */
export async function toXlsx(sheets: { name: string; header: readonly string[]; rows: readonly (readonly string[])[] }[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mosaic';
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name.slice(0, 31));
    const head = ws.addRow(s.header.map(neutraliseFormula));
    head.font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map(neutraliseFormula));
    ws.columns.forEach((col, i) => {
      const longest = Math.max(s.header[i]?.length ?? 0, ...s.rows.slice(0, 200).map((r) => Math.min(r[i]?.length ?? 0, 60)));
      col.width = Math.max(10, longest + 2);
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
