import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cp1251, csvText, utf16be, utf16le, xlsxOf } from '../../../../test/fixtures/import/fixtures.js';
import { autoMapping, matchHeader } from './columns.js';
import { neutraliseFormula, toCsv } from './csv.js';
import { decodeText, detectDelimiter, ImportFileError, readSpreadsheet, zipUncompressedSize } from './parse.js';

const RUSSIAN = 'external_id;name;name_ru\r\nUZ-1;Ansambl;Ансамбль «Шашмаком»\r\nUZ-2;Teatr;Театр ёшлар\r\n';

describe('reading CSV', () => {
  test('UTF-8 with and without BOM; the BOM does not stick to the first header', async () => {
    for (const bytes of [Buffer.from(RUSSIAN), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RUSSIAN)])]) {
      const sheet = await readSpreadsheet(bytes);
      assert.deepEqual(sheet.headers, ['external_id', 'name', 'name_ru']);
      assert.equal(sheet.encoding, 'utf-8');
      assert.equal(sheet.delimiter, ';');
      assert.deepEqual(sheet.rows[0], { row: 2, cells: ['UZ-1', 'Ansambl', 'Ансамбль «Шашмаком»'] });
    }
  });

  test('Windows-1251 is detected from bytes that are not UTF-8 and look Cyrillic', async () => {
    const sheet = await readSpreadsheet(cp1251(RUSSIAN));
    assert.equal(sheet.encoding, 'windows-1251');
    assert.equal(sheet.rows[1]!.cells[2], 'Театр ёшлар');
    // Declared explicitly, too.
    assert.equal((await readSpreadsheet(cp1251(RUSSIAN), { encoding: 'cp1251' })).rows[0]!.cells[2], 'Ансамбль «Шашмаком»');
  });

  test('UTF-16 LE and BE by their BOM (Excel "Unicode text": tab-separated)', async () => {
    const text = RUSSIAN.replace(/;/g, '\t');
    for (const [bytes, encoding] of [
      [utf16le(text), 'utf-16le'],
      [utf16be(text), 'utf-16be'],
      [utf16le(text, false), 'utf-16le'],
    ] as const) {
      const sheet = await readSpreadsheet(bytes);
      assert.equal(sheet.encoding, encoding);
      assert.equal(sheet.delimiter, '\t');
      assert.equal(sheet.rows[0]!.cells[2], 'Ансамбль «Шашмаком»');
    }
  });

  test('an unknown declared encoding is an error naming it', () => {
    assert.throws(() => decodeText(Buffer.from('a'), 'klingon-8'), (e: unknown) => e instanceof ImportFileError && e.values.encoding === 'klingon-8');
  });

  test('delimiters: comma, semicolon, tab; quoted delimiters do not count', () => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3'), ',');
    assert.equal(detectDelimiter('"a,b";c;d\n'), ';');
    assert.equal(detectDelimiter('a\tb\tc'), '\t');
    assert.equal(detectDelimiter('single'), ',');
  });

  test('row numbers are the spreadsheet rows: a quoted line break stays in its row, empty rows are skipped but counted', async () => {
    const sheet = await readSpreadsheet(Buffer.from('name,bio\r\nA,"two\nlines"\r\n,\r\nB,x\r\n'));
    assert.deepEqual(
      sheet.rows.map((r) => [r.row, r.cells[0]]),
      [
        [2, 'A'],
        [4, 'B'],
      ],
    );
    assert.equal(sheet.rows[0]!.cells[1], 'two\nlines');
  });

  test('cells an export neutralised come back as typed (round trip)', async () => {
    const csv = toCsv(['name', 'phone'], [['=HYPERLINK("x")', '+856 20 1234 5678']], { bom: false });
    assert.match(csv, /'=HYPERLINK/);
    assert.match(csv, /'\+856/);
    const sheet = await readSpreadsheet(Buffer.from(csv));
    assert.deepEqual(sheet.rows[0]!.cells, ['=HYPERLINK("x")', '+856 20 1234 5678']);
  });

  test('empty files and old .xls files are refused with their own message', async () => {
    await assert.rejects(readSpreadsheet(Buffer.alloc(0)), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.empty');
    await assert.rejects(readSpreadsheet(Buffer.from('\r\n\r\n')), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.empty');
    await assert.rejects(readSpreadsheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0])), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.xls');
    await assert.rejects(readSpreadsheet(Buffer.from(csvText([['a'], ['1'], ['2']])), { maxRows: 1 }), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.too_many_rows');
  });
});

describe('reading XLSX', () => {
  test('the first sheet, or one named (any case); numbers, links, rich text and formulas read as text', async () => {
    const bytes = await xlsxOf([
      { name: 'Notes', rows: [['ignore me']] },
      {
        name: 'Artisans',
        rows: [
          ['external_id', 'name', 'email', 'founded_year', 'name_ru'],
          ['LA-1', { richText: [{ text: 'ຊ່າງ' }, { text: 'ແສ່ວ' }] }, { text: 'a@b.example', hyperlink: 'mailto:a@b.example' }, 1998, 'Ткачи'],
          [],
          ['LA-2', 'Khmu', '', { formula: '2000+5', result: 2005 }, ''],
        ],
      },
    ]);
    assert.deepEqual((await readSpreadsheet(bytes)).headers, ['ignore me']);
    const sheet = await readSpreadsheet(bytes, { sheet: 'artisans' });
    assert.equal(sheet.format, 'xlsx');
    assert.equal(sheet.sheetName, 'Artisans');
    assert.deepEqual(sheet.rows[0], { row: 2, cells: ['LA-1', 'ຊ່າງແສ່ວ', 'a@b.example', '1998', 'Ткачи'] });
    assert.deepEqual(sheet.rows[1], { row: 4, cells: ['LA-2', 'Khmu', '', '2005', ''] });
    await assert.rejects(readSpreadsheet(bytes, { sheet: 'Missing' }), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.sheet' && e.values.sheets === 'Notes, Artisans');
    assert.ok(zipUncompressedSize(bytes)! > bytes.length);
  });

  test('a damaged workbook is refused, not crashed on', async () => {
    const bytes = await xlsxOf([{ name: 'x', rows: [['a']] }]);
    await assert.rejects(readSpreadsheet(bytes.subarray(0, 200)), (e: unknown) => e instanceof ImportFileError && e.key === 'import.error.unreadable');
  });
});

describe('columns and cells', () => {
  test('headers match case-insensitively, with spaces, dashes and common aliases', () => {
    assert.equal(matchHeader('organizations', ' Name-EN '), 'name_en');
    assert.equal(matchHeader('organizations', 'E-mail'), 'email');
    assert.equal(matchHeader('organizations', 'Name UZ Cyrl'), 'name_uz_cyrl');
    assert.equal(matchHeader('organizations', 'professions'), null);
    assert.equal(matchHeader('people', 'Professions'), 'professions');
    const { mapping, ignored } = autoMapping('organizations', ['Name', 'NAME', 'Notes', '', 'type']);
    assert.deepEqual(mapping, ['name', null, null, null, 'type']);
    assert.deepEqual(ignored, ['NAME', 'Notes']);
  });

  test('formula-like cells are neutralised with a single quote (OWASP CSV injection)', () => {
    for (const v of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) assert.equal(neutraliseFormula(v), `'${v}`);
    for (const v of ['Lao', '1998', 'a=b', '']) assert.equal(neutraliseFormula(v), v);
  });
});
