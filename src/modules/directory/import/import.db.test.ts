import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.js';
import { cp1251, csvText, goodAndBadCsv, utf16le, xlsxOf } from '../../../../test/fixtures/import/fixtures.js';
import { CLI_ACTOR } from '../../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../../platform/auth/policy.js';
import type { Db } from '../../../platform/db/index.js';
import { fromJson } from '../../../platform/db/json.js';
import type { AppError } from '../../../platform/http/errors.js';
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { translator } from '../../../platform/i18n/messages.js';
import { createAccountsService } from '../../accounts/accounts.service.js';
import { getSpace, type Space } from '../../spaces/spaces.service.js';
import type { Contact } from '../classification.js';
import { createDirectoryService, type DirectoryService } from '../directory.service.js';
import type { ImportKind } from './columns.js';
import { exportDirectory } from './export.service.js';
import { CLI_PRINCIPAL } from './import.cli.js';
import { reportCsv, runImport, summaryLine, type ImportResult } from './import.service.js';
import { readSpreadsheet } from './parse.js';

let tdb: TestDatabase;
let db: Db;
let directory: DirectoryService;
const spaces: Record<string, Space> = {};
const en = translator('en').t;

async function importBytes(kind: ImportKind, space: string, bytes: Buffer | string, options: { strict?: boolean; dryRun?: boolean; principal?: Principal; batchSize?: number } = {}): Promise<ImportResult> {
  const sheet = await readSpreadsheet(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  return runImport({ db, directory }, { kind, space: spaces[space]!, principal: options.principal ?? CLI_PRINCIPAL, actor: CLI_ACTOR, sheet, strict: options.strict, dryRun: options.dryRun, batchSize: options.batchSize });
}

async function count(table: 'organizations' | 'people' | 'audit_log' | 'affiliations' | 'search_documents', spaceCode?: string): Promise<number> {
  let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (spaceCode && table !== 'affiliations') q = q.where('space_id', '=', spaces[spaceCode]!.id);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

async function orgByExternalId(space: string, externalId: string) {
  return db.selectFrom('organizations').selectAll().where('space_id', '=', spaces[space]!.id).where('external_id', '=', externalId).executeTakeFirst();
}

before(async () => {
  tdb = await createTestDatabase();
  db = tdb.handle.db;
  const accounts = createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } });
  directory = createDirectoryService({ db, config: { baseUrl: 'http://localhost:3000' }, accounts });
  for (const code of ['LA', 'UZ', 'RW']) spaces[code] = await getSpace(db, code);
});
after(async () => tdb.cleanup());

describe('importing organisations', () => {
  test('--dry-run checks every row and writes nothing', async () => {
    const audit = await count('audit_log');
    const result = await importBytes('organizations', 'LA', goodAndBadCsv(), { dryRun: true });
    assert.equal(summaryLine(result), 'imported 5, updated 0, rejected 4');
    assert.equal(result.committed, false);
    assert.equal(await count('organizations', 'LA'), 0);
    assert.equal(await count('search_documents', 'LA'), 0);
    assert.equal(await count('audit_log'), audit);
  });

  test('--strict imports nothing when a row fails, and reports every failing row', async () => {
    const result = await importBytes('organizations', 'LA', goodAndBadCsv(), { strict: true });
    assert.equal(summaryLine(result), 'imported 0, updated 0, rejected 4');
    assert.equal(result.committed, false);
    assert.deepEqual([...new Set(result.issues.map((i) => i.row))], [3, 4, 5, 7]);
    assert.equal(await count('organizations', 'LA'), 0);
  });

  test('good rows are imported, bad rows rejected with row, column and reason', async () => {
    const result = await importBytes('organizations', 'LA', goodAndBadCsv(), { batchSize: 3 });
    assert.equal(summaryLine(result), 'imported 5, updated 0, rejected 4');
    assert.equal(result.total, 9);
    assert.deepEqual(result.ignoredColumns, ['Notes']);
    assert.deepEqual(
      result.issues.map((i) => [i.row, i.column, en(i.key, i.values)]),
      [
        [3, 'region', '“LA-XX” is not a region of this country (use the ISO 3166-2 code, e.g. LA-VT)'],
        [4, 'email', 'Enter a valid email address, like name@example.org'],
        [5, 'name', 'This field is required'],
        [7, 'external_id', 'The identifier “LA-005” is already used in row 6 of this file'],
      ],
    );
    // Reasons are localised for the reader.
    assert.match(translator('fr').t(result.issues[0]!.key, result.issues[0]!.values), /LA-XX/);
    assert.notEqual(translator('lo').t(result.issues[1]!.key), en(result.issues[1]!.key));
    // The near-duplicate without external_id is created, with a warning naming the record it resembles.
    assert.equal(result.warnings.length, 1);
    assert.equal(result.warnings[0]!.row, 10);
    assert.match(en(result.warnings[0]!.key, result.warnings[0]!.values), /ກຸ່ມແມ່ຍິງທໍຜ້າບ້ານຜາ/);
    assert.equal(await count('organizations', 'LA'), 5);

    const first = (await orgByExternalId('LA', 'LA-001'))!;
    assert.deepEqual(fromJson<TranslatedText>(first.name, {}).lo?.value, 'ສະມາຄົມຊ່າງແສ່ວລາວ');
    assert.deepEqual(fromJson<string[]>(first.domains, []), ['C', 'ICH']);
    assert.deepEqual(
      fromJson<Contact[]>(first.contacts, []).map((c) => [c.kind, c.value, c.visibility]),
      [
        ['email', 'info@laoweavers.example', 'public'],
        ['phone', '+856 21 555 123', 'members'],
        ['website', 'https://laoweavers.example', 'public'],
      ],
    );
    assert.equal(first.founded_year, 1998);
    // HTML is stored as the text that was typed.
    const html = (await orgByExternalId('LA', 'LA-006'))!;
    assert.equal(fromJson<TranslatedText>(html.name, {}).lo?.value, '<script>alert("x")</script> Khmu Bamboo');
    // Audited as the CLI.
    const audit = await db.selectFrom('audit_log').select(['actor_label']).where('action', '=', 'organization.create').where('entity_id', '=', first.id).executeTakeFirst();
    assert.equal(audit?.actor_label, 'cli');
    // The report: row, column, reason — rejected rows and warnings.
    const report = reportCsv(result, en);
    assert.match(report, /^\uFEFFrow,column,reason\r\n3,region,/);
    assert.equal(report.trim().split('\r\n').length, 1 + 4 + 1);
  });

  test('re-importing the corrected file updates by external_id and creates no duplicate', async () => {
    const fixed = goodAndBadCsv()
      .replace('LA-XX', 'LA-VT')
      .replace('not-an-email', 'school@art.example')
      .replace(/LA-004;;;/, 'LA-004;ຊ່າງໄມ້;Woodcarvers;')
      .replace('LA-005;ສູນວັດທະນະທຳ ຊ້ຳ', 'LA-007;ສູນວັດທະນະທຳ ຊ້ຳ');
    const result = await importBytes('organizations', 'LA', fixed);
    // Rows with an external_id seen before are updated; the two rows without one are added again (with warnings).
    assert.equal(summaryLine(result), 'imported 6, updated 3, rejected 0');
    assert.equal(result.warnings.length, 2);
    const again = await importBytes('organizations', 'LA', fixed);
    assert.equal(summaryLine(again), 'imported 2, updated 7, rejected 0');
    const ids = await db.selectFrom('organizations').select('external_id').where('space_id', '=', spaces.LA!.id).where('external_id', 'is not', null).execute();
    assert.equal(ids.length, 7);
    assert.equal(new Set(ids.map((r) => r.external_id)).size, 7);
    assert.equal((await orgByExternalId('LA', 'LA-002'))!.region_code, 'LA-VT');
  });

  test('an update keeps the languages and contacts the file does not mention', async () => {
    await importBytes('organizations', 'LA', csvText([['external_id', 'name_fr'], ['LA-001', 'Association des tisserands lao']]));
    const row = (await orgByExternalId('LA', 'LA-001'))!;
    const name = fromJson<TranslatedText>(row.name, {});
    assert.equal(name.fr?.value, 'Association des tisserands lao');
    assert.equal(name.lo?.value, 'ສະມາຄົມຊ່າງແສ່ວລາວ');
    assert.equal(name.en?.value, 'Lao Weavers Association');
    assert.equal(fromJson<Contact[]>(row.contacts, []).length, 3);
    // Changing only the email keeps the phone and its members-only visibility.
    await importBytes('organizations', 'LA', csvText([['external_id', 'email'], ['LA-001', 'office@laoweavers.example']]));
    const after = fromJson<Contact[]>((await orgByExternalId('LA', 'LA-001'))!.contacts, []);
    assert.deepEqual(after.map((c) => [c.kind, c.value, c.visibility]).sort(), [
      ['email', 'office@laoweavers.example', 'public'],
      ['phone', '+856 21 555 123', 'members'],
      ['website', 'https://laoweavers.example', 'public'],
    ]);
  });

  test('only the space’s editors may import', async () => {
    const member: Principal = { userId: 'someone', isPlatformAdmin: false, roles: new Map([[spaces.LA!.id, 'member']]) };
    await assert.rejects(importBytes('organizations', 'LA', goodAndBadCsv(), { principal: member }), (e: AppError) => e.code === 'FORBIDDEN');
    await assert.rejects(importBytes('organizations', 'LA', goodAndBadCsv(), { principal: ANONYMOUS }), (e: AppError) => e.code === 'UNAUTHENTICATED');
  });
});

describe('encodings and formats', () => {
  const header = ['external_id', 'name', 'name_ru', 'name_uz_cyrl', 'type', 'region'];
  const rows = [
    ['UZ-1', 'Shashmaqom ansambli', 'Ансамбль «Шашмаком»', 'Шашмақом ансамбли', 'civil_society', 'UZ-BU'],
    ['UZ-2', 'Yoshlar teatri', 'Театр «Ёшлар»', '', 'government', 'UZ-TK'],
  ];

  test('a Windows-1251 CSV keeps its Cyrillic names', async () => {
    const only1251 = [header.filter((h) => h !== 'name_uz_cyrl'), ...rows.map((r) => r.filter((_, i) => i !== 3))];
    const result = await importBytes('organizations', 'UZ', cp1251(csvText(only1251, ';')));
    assert.equal(summaryLine(result), 'imported 2, updated 0, rejected 0');
    assert.equal(fromJson<TranslatedText>((await orgByExternalId('UZ', 'UZ-2'))!.name, {}).ru?.value, 'Театр «Ёшлар»');
    assert.equal(fromJson<TranslatedText>((await orgByExternalId('UZ', 'UZ-1'))!.name, {})['uz-Latn']?.value, 'Shashmaqom ansambli');
  });

  test('a UTF-16 CSV (Excel "Unicode text") keeps Uzbek Cyrillic', async () => {
    const result = await importBytes('organizations', 'UZ', utf16le(csvText([header, ...rows], '\t')));
    assert.equal(summaryLine(result), 'imported 0, updated 2, rejected 0');
    assert.equal(fromJson<TranslatedText>((await orgByExternalId('UZ', 'UZ-1'))!.name, {})['uz-Cyrl']?.value, 'Шашмақом ансамбли');
  });

  test('an XLSX workbook imports like a CSV', async () => {
    const bytes = await xlsxOf([{ name: 'Sheet1', rows: [header, ['UZ-3', 'Hunarmandlar uyushmasi', 'Союз ремесленников', 'Ҳунармандлар уюшмаси', 'network', 'UZ-SA'], ['UZ-4', 'Bad region', '', '', 'network', 'LA-VT']] }]);
    const result = await importBytes('organizations', 'UZ', bytes);
    assert.equal(summaryLine(result), 'imported 1, updated 0, rejected 1');
    assert.deepEqual([result.issues[0]!.row, result.issues[0]!.column], [3, 'region']);
    assert.equal(fromJson<TranslatedText>((await orgByExternalId('UZ', 'UZ-3'))!.name, {})['uz-Cyrl']?.value, 'Ҳунармандлар уюшмаси');
  });
});

describe('importing people', () => {
  const header = ['external_id', 'name', 'name_en', 'professions', 'domains', 'region', 'email', 'phone', 'organization_external_id', 'role'];

  test('people with their organisation and role; an unknown organisation rejects the row with its other problems', async () => {
    const csv = csvText([
      header,
      ['P-1', 'ນາງ ຄຳ', 'Kham', 'Weaver; Natural dyer', 'C', 'LA-LP', 'kham@weave.example', '+856 20 5555 1234', 'LA-001', 'Master weaver'],
      ['P-2', 'ທ້າວ ບຸນ', 'Boun', 'Carver', 'C', 'LA-LP', 'bad-email', '', 'LA-999', ''],
      ['P-3', 'ນາງ ແສງ', 'Saeng', 'Singer', 'B', 'LA-VT', '', '', '', ''],
    ]);
    const before = await count('affiliations');
    const result = await importBytes('people', 'LA', csv);
    assert.equal(summaryLine(result), 'imported 2, updated 0, rejected 1');
    assert.deepEqual(
      result.issues.map((i) => [i.row, i.column, en(i.key, i.values)]),
      [
        [3, 'organization_external_id', 'No organisation of this country has the identifier “LA-999”'],
        [3, 'email', 'Enter a valid email address, like name@example.org'],
      ],
    );
    assert.equal(await count('people', 'LA'), 2);
    assert.equal(await count('affiliations'), before + 1);
    const person = await db.selectFrom('people').selectAll().where('external_id', '=', 'P-1').executeTakeFirstOrThrow();
    assert.deepEqual(fromJson<string[]>(person.professions, []), ['Weaver', 'Natural dyer']);
    // A person's email and phone are for members unless the file says otherwise.
    assert.deepEqual(
      fromJson<Contact[]>(person.contacts, []).map((c) => c.visibility),
      ['members', 'members'],
    );

    // Re-import with a new role: no new person, no second affiliation, the role changes.
    const again = await importBytes('people', 'LA', csv.replace('Master weaver', 'Chair'));
    assert.equal(summaryLine(again), 'imported 0, updated 2, rejected 1');
    assert.equal(await count('people', 'LA'), 2);
    assert.equal(await count('affiliations'), before + 1);
    const affiliation = await db.selectFrom('affiliations').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(affiliation.role, 'Chair');
  });
});

describe('exporting', () => {
  test('a visitor’s export has no member-only contact; an editor’s has them and imports back', async () => {
    const visitor = await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'organizations', space: spaces.LA!, reader: ANONYMOUS, filters: {}, format: 'csv' });
    const text = String(visitor.body);
    assert.match(text, /office@laoweavers\.example/);
    assert.doesNotMatch(text, /555 123/);
    assert.equal(visitor.count, 13);
    const editorFile = await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'organizations', space: spaces.LA!, reader: CLI_PRINCIPAL, filters: {}, format: 'csv' });
    assert.match(String(editorFile.body), /'\+856 21 555 123/);
    assert.match(String(editorFile.body), /LA-001/);
    // The editor's export imports back: every row updates its record (by external_id, else by id).
    const back = await importBytes('organizations', 'LA', Buffer.from(String(editorFile.body)));
    assert.equal(summaryLine(back), 'imported 0, updated 13, rejected 0');
    assert.equal(await count('organizations', 'LA'), 13);
    assert.deepEqual(back.ignoredColumns, ['verified', 'url']);
    assert.equal(fromJson<Contact[]>((await orgByExternalId('LA', 'LA-001'))!.contacts, []).find((c) => c.kind === 'phone')?.value, '+856 21 555 123');
  });

  test('filters of the listing apply, and people exports carry the affiliation for editors only', async () => {
    const schools = await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'organizations', space: spaces.LA!, reader: ANONYMOUS, filters: { type: ['education'], region: ['LA-LP'] }, format: 'json' });
    const data = JSON.parse(String(schools.body)) as { records: { name: TranslatedText; contacts: Contact[] }[] };
    assert.deepEqual(data.records.map((r) => r.name.en?.value), ['Art School']);
    const people = await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'people', space: spaces.LA!, reader: CLI_PRINCIPAL, filters: {}, format: 'csv' });
    assert.match(String(people.body), /P-1,ນາງ ຄຳ,Kham.*LA-001,Chair/);
    const visitorPeople = String((await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'people', space: spaces.LA!, reader: ANONYMOUS, filters: {}, format: 'csv' })).body);
    assert.doesNotMatch(visitorPeople, /kham@weave\.example|LA-001|P-1/);
    assert.match(visitorPeople, /Chair/);
  });

  test('formula cells are neutralised in CSV and XLSX exports', async () => {
    await importBytes('organizations', 'RW', csvText([['external_id', 'name', 'type', 'description'], ['RW-1', '=HYPERLINK("http://evil.example","Click")', 'private', '@SUM(1+1)']]));
    const csv = String((await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'organizations', space: spaces.RW!, reader: ANONYMOUS, filters: {}, format: 'csv' })).body);
    assert.match(csv, /"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)"/);
    assert.match(csv, /'@SUM\(1\+1\)/);
    const xlsx = await exportDirectory({ db, directory, baseUrl: 'http://x' }, { kind: 'organizations', space: spaces.RW!, reader: ANONYMOUS, filters: {}, format: 'xlsx' });
    const sheet = await readSpreadsheet(xlsx.body as Buffer);
    const nameCol = sheet.headers.indexOf('name');
    // Read back through the importer, which undoes the quote; the raw cell holds it.
    assert.equal(sheet.rows[0]!.cells[nameCol], '=HYPERLINK("http://evil.example","Click")');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as Buffer as unknown as ArrayBuffer);
    const raw = wb.worksheets[0]!.getRow(2).getCell(nameCol + 1).value;
    assert.equal(raw, `'=HYPERLINK("http://evil.example","Click")`);
  });
});
