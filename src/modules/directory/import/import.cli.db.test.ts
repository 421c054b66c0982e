/**
 * `mosaic import` and `mosaic export`, run as real child processes against the test database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cp1251, csvText, goodAndBadCsv, generatedOrganizations, xlsxOf } from '../../../../test/fixtures/import/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..');

function mosaic(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', SECRET_KEY: 'cli-test-secret-cli-test-secret-0123456789', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;
before(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-import-cli-'));
  env = { ...tdb.env, DATA_DIR: dir };
});
after(async () => {
  await tdb.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function countOrganizations(): Promise<number> {
  const row = await tdb.handle.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe('mosaic import', () => {
  test('--template prints the header; usage mistakes exit 2', () => {
    const template = mosaic(['import', 'organizations', '--template'], env);
    assert.equal(template.code, 0, template.stderr);
    assert.match(template.stdout, /^external_id,name,name_en,name_fr,name_ru,name_lo,name_uz,name_uz_cyrl,name_rw,type,domains,functions,region,address,email,phone,website,email_visibility,phone_visibility,description,founded_year,languages\r\n$/);
    assert.match(mosaic(['import', 'people', '--template'], env).stdout, /professions,domains,skills,.*organization_external_id,role/);
    const file = path.join(dir, 'x.csv');
    writeFileSync(file, goodAndBadCsv());
    assert.equal(mosaic(['import', 'organizations', file], env).code, 2, 'no --space');
    const noSpace = mosaic(['import', 'organizations', file, '--space', 'ZZ'], env);
    assert.equal(noSpace.code, 2);
    assert.match(noSpace.stderr, /no space with the code ZZ/);
    assert.equal(mosaic(['import', 'organizations', path.join(dir, 'missing.csv'), '--space', 'LA'], env).code, 2);
    assert.equal(mosaic(['import', 'organizations', file, '--space', 'LA', '--encoding', 'klingon'], env).code, 2);
    assert.equal(mosaic(['import', 'organizations', file, '--space', 'LA', '--lang', 'xx'], env).code, 2);
    assert.equal(mosaic(['import', 'places', file, '--space', 'LA'], env).code, 2);
  });

  test('--dry-run and --strict write nothing; a plain import keeps the good rows and writes the report', async () => {
    const file = path.join(dir, 'artisans.csv');
    writeFileSync(file, goodAndBadCsv());
    const dry = mosaic(['import', 'organizations', file, '--space', 'LA', '--dry-run'], env);
    assert.equal(dry.code, 1, dry.stderr);
    assert.equal(dry.stdout, 'imported 5, updated 0, rejected 4\n');
    const strict = mosaic(['import', 'organizations', file, '--space', 'la', '--strict'], env);
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, 'imported 0, updated 0, rejected 4\n');
    assert.equal(await countOrganizations(), 0);

    const res = mosaic(['import', 'organizations', file, '--space', 'LA'], env);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stdout, 'imported 5, updated 0, rejected 4\n');
    assert.match(res.stderr, /Columns not imported: Notes/);
    assert.match(res.stderr, /\d+ rows\/s/);
    assert.doesNotMatch(res.stderr, /\r/, 'no progress bar when stderr is not a terminal');
    const report = readFileSync(`${file}.report.csv`, 'utf8');
    assert.match(report, /^\uFEFFrow,column,reason\r\n3,region,"“LA-XX” is not a region of this country/);
    assert.match(report, /\r\n5,name,This field is required\r\n/);
    assert.match(report, /\r\n7,external_id,The identifier “LA-005” is already used in row 6 of this file\r\n/);
    assert.equal(await countOrganizations(), 5);
    const audit = await tdb.handle.db.selectFrom('audit_log').select('actor_label').where('action', '=', 'organization.create').execute();
    assert.ok(audit.length === 5 && audit.every((a) => a.actor_label === 'cli'));
  });

  test('the report in another language, at a chosen path; a clean re-import exits 0 with no duplicate', async () => {
    const file = path.join(dir, 'fixed.csv');
    writeFileSync(file, csvText([['external_id', 'name', 'type', 'region'], ['LA-001', 'ສະມາຄົມຊ່າງແສ່ວລາວ', 'network', 'LA-VT'], ['LA-002', 'ຮ້ານຫັດຖະກຳ', 'private', 'LA-XX']]));
    const reportPath = path.join(dir, 'rapport.csv');
    const fr = mosaic(['import', 'organizations', file, '--space', 'LA', '--lang', 'fr', '--report', reportPath], env);
    assert.equal(fr.code, 1);
    assert.equal(fr.stdout, 'imported 0, updated 1, rejected 1\n');
    const report = readFileSync(reportPath, 'utf8');
    assert.match(report, /^\uFEFFrow,column,reason\r\n3,region,/);
    assert.doesNotMatch(report, /is not a region/);
    writeFileSync(file, csvText([['external_id', 'name', 'type', 'region'], ['LA-001', 'ສະມາຄົມຊ່າງແສ່ວລາວ', 'network', 'LA-VT'], ['LA-002', 'ຮ້ານຫັດຖະກຳ', 'private', 'LA-VT']]));
    const clean = mosaic(['import', 'organizations', file, '--space', 'LA'], env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stdout, 'imported 1, updated 1, rejected 0\n');
    assert.equal(await countOrganizations(), 6);
  });

  test('Windows-1251 CSV and XLSX files, and an unknown sheet (exit 2)', async () => {
    const legacy = path.join(dir, 'uz.csv');
    writeFileSync(legacy, cp1251(csvText([['external_id', 'name', 'name_ru', 'type'], ['UZ-9', 'Kulolchilik', 'Гончары Риштана', 'private']], ';')));
    const res = mosaic(['import', 'organizations', legacy, '--space', 'UZ'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /windows-1251/);
    const row = await tdb.handle.db.selectFrom('organizations').select('name').where('external_id', '=', 'UZ-9').executeTakeFirstOrThrow();
    assert.match(row.name, /Гончары Риштана/);
    const book = path.join(dir, 'people.xlsx');
    writeFileSync(book, await xlsxOf([{ name: 'People', rows: [['external_id', 'name', 'professions', 'organization_external_id', 'role'], ['P-1', 'ນາງ ຄຳ', 'Weaver', 'LA-001', 'Member']] }]));
    const people = mosaic(['import', 'people', book, '--space', 'LA', '--sheet', 'People'], env);
    assert.equal(people.code, 0, people.stderr);
    assert.equal(people.stdout, 'imported 1, updated 0, rejected 0\n');
    const sheet = mosaic(['import', 'people', book, '--space', 'LA', '--sheet', 'Nope'], env);
    assert.equal(sheet.code, 2);
    assert.match(sheet.stderr, /no sheet named “Nope”/);
  });

  test('3,000 generated rows (the size of a ministry list) import in batches, speed on stderr', async () => {
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, generatedOrganizations(3000));
    const res = mosaic(['import', 'organizations', file, '--space', 'LA'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'imported 3000, updated 0, rejected 0\n');
    assert.match(res.stderr, /3000\/3000 rows/);
    // The speed is reported, not asserted: timings belong to the benchmark, not to a shared test machine.
    assert.match(res.stderr, /\d+ rows\/s/);
  });
});

describe('mosaic export', () => {
  test('exports with full visibility to a file or standard output', async () => {
    const out = path.join(dir, 'la.xlsx');
    const res = mosaic(['export', 'organizations', '--space', 'LA', '--format', 'xlsx', '--out', out], env);
    assert.equal(res.code, 0, res.stderr);
    assert.ok(existsSync(out));
    assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');
    const csv = mosaic(['export', 'organizations', '--space', 'LA', '--type', 'private', '--q', 'ຫັດຖະກຳ'], env);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /LA-002,ຮ້ານຫັດຖະກຳ/);
    assert.doesNotMatch(csv.stdout, /LA-001/);
    const json = mosaic(['export', 'people', '--space', 'LA', '--format', 'json'], env);
    assert.equal((JSON.parse(json.stdout) as { count: number }).count, 1);
    assert.equal(mosaic(['export', 'organizations', '--space', 'LA', '--format', 'pdf'], env).code, 2);
  });
});
