/**
 * `mosaic import resources FILE --space CODE [--files DIR] [--dry-run]`: a library catalogue from
 * a spreadsheet (CSV or XLSX, read like the directory's), one resource per row, each through the
 * library service, so a row is checked exactly like the form. A row's field errors become report
 * lines "row N, column, reason". Re-importing updates rather than duplicates: a row is matched by
 * its external_id, else by any of its identifiers (ISBN, ISSN, DOI, URL). A `file` column names a
 * file (in --files DIR, default the spreadsheet's folder) added to a resource that has none yet.
 *
 * Columns (any order, any case): external_id, type, title_<lang>, abstract_<lang>, creators,
 * publisher, date, domains, keywords, languages, isbn, issn, doi, url, source, format, countries,
 * regions, period, licence, rights, sdgs, areas, access, status, file — <lang> being en, fr, ru,
 * lo, uz_latn, uz_cyrl or rw; lists separated by ";" (creators) or "," and ";" (the others).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { CLI_ACTOR, type Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { openDatabase } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { filesDir, localFileStore } from '../../platform/files/store.js';
import { AppError } from '../../platform/http/errors.js';
import { LOCALES } from '../../platform/i18n/locales.js';
import { translator, type Translator } from '../../platform/i18n/messages.js';
import { toCsv } from '../directory/import/csv.js';
import { ImportFileError, readSpreadsheet, type Sheet } from '../directory/import/parse.js';
import { getSpace, seedSpaces, type Space } from '../spaces/spaces.service.js';
import type { Identifier } from './classification.js';
import { createFilesService, type FilesService } from './files.service.js';
import * as repo from './library.repository.js';
import { createLibraryService, normaliseDoi, normaliseIsbn, normaliseIssn, type LibraryService, type ResourceInput } from './library.service.js';

/** The platform as the CLI acts (no account has this id; the policy wants a signed-in principal). */
const CLI_PRINCIPAL: Principal = { userId: 'cli', isPlatformAdmin: true, roles: new Map() };

/** A problem with one cell of one row. */
export interface ResourceImportIssue {
  row: number;
  column: string;
  key: string;
  values?: Record<string, string | number>;
}

/** What an import did (or, on a dry run, would do). */
export interface ResourceImportResult {
  total: number;
  imported: number;
  updated: number;
  rejected: number;
  files: number;
  issues: ResourceImportIssue[];
  ignoredColumns: string[];
}

const LANG_SUFFIX: Record<string, string> = Object.fromEntries(LOCALES.map((l) => [l.toLowerCase().replace('-', '_'), l]));
const SIMPLE = ['external_id', 'type', 'creators', 'publisher', 'date', 'domains', 'keywords', 'languages', 'isbn', 'issn', 'doi', 'url', 'source', 'format', 'countries', 'regions', 'period', 'licence', 'rights', 'sdgs', 'areas', 'access', 'status', 'file'];
/** Service fields reported under the column they came from. */
const COLUMN_OF: Record<string, string> = { 'coverage.countries': 'countries', 'coverage.regions': 'regions', conventionAreas: 'areas', externalId: 'external_id' };

const list = (v: string | undefined) => (v ?? '').split(/[;,]/).map((x) => x.trim()).filter(Boolean);

/** The columns of a sheet this import reads, by name (title_en…), and those it ignores. */
function mapColumns(headers: string[]): { index: Map<string, number>; ignored: string[] } {
  const index = new Map<string, number>();
  const ignored: string[] = [];
  headers.forEach((raw, i) => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const m = /^(title|abstract)_(.+)$/.exec(name);
    if ((m && LANG_SUFFIX[m[2]!]) || SIMPLE.includes(name)) index.set(m ? `${m[1]}_${LANG_SUFFIX[m[2]!]}` : name, i);
    else if (raw.trim()) ignored.push(raw.trim());
  });
  return { index, ignored };
}

/** The service input of a row, and the identifiers it may be matched by. */
function rowInput(cell: (name: string) => string | undefined): { input: ResourceInput; identifiers: Identifier[] } {
  const translated = (field: 'title' | 'abstract') => Object.fromEntries(LOCALES.map((l) => [l, cell(`${field}_${l}`) ?? '']));
  const identifiers: { scheme: string; value: string }[] = [];
  for (const scheme of ['isbn', 'issn', 'doi', 'url']) for (const value of list(cell(scheme))) identifiers.push({ scheme, value });
  const publisher = cell('publisher')?.trim();
  const input: ResourceInput = {
    type: cell('type') ?? '',
    title: translated('title'),
    abstract: translated('abstract'),
    creators: (cell('creators') ?? '').split(';').map((name) => name.trim()).filter(Boolean).map((name) => ({ name })),
    publisher: publisher ? { name: publisher } : null,
    date: cell('date') ?? null,
    domains: list(cell('domains')),
    keywords: list(cell('keywords')),
    languages: list(cell('languages')),
    identifiers,
    source: cell('source') ?? null,
    format: cell('format') ?? null,
    coverage: { countries: list(cell('countries')), regions: list(cell('regions')), period: cell('period') ?? null },
    licence: cell('licence') || null,
    rights: cell('rights') ?? null,
    sdgs: list(cell('sdgs')),
    conventionAreas: list(cell('areas')),
    access: cell('access') || 'public',
    ...(cell('status') ? { status: cell('status') } : {}),
    ...(cell('external_id') !== undefined ? { externalId: cell('external_id') || null } : {}),
  };
  // Normalised as the service stores them, so a re-import finds the resource by any of them.
  const normalised: Identifier[] = identifiers.flatMap((i) => {
    const value = i.scheme === 'isbn' ? normaliseIsbn(i.value) : i.scheme === 'issn' ? normaliseIssn(i.value) : i.scheme === 'doi' ? normaliseDoi(i.value) : i.value;
    return value ? [{ scheme: i.scheme as Identifier['scheme'], value }] : [];
  });
  return { input, identifiers: normalised };
}

/** Thrown inside a dry run's transaction to roll it back. */
class DryRun extends Error {}

/** Runs an import of a read sheet into a space. */
export async function importResources(
  deps: { db: Db; library: LibraryService; files: FilesService },
  options: { sheet: Sheet; space: Space; filesFolder: string; dryRun?: boolean; principal?: Principal; actor?: Actor; onProgress?: (done: number, total: number) => void },
): Promise<ResourceImportResult> {
  const { db, library, files } = deps;
  const principal = options.principal ?? CLI_PRINCIPAL;
  const actor = options.actor ?? CLI_ACTOR;
  const { index, ignored } = mapColumns(options.sheet.headers);
  const result: ResourceImportResult = { total: 0, imported: 0, updated: 0, rejected: 0, files: 0, issues: [], ignoredColumns: ignored };
  // Existing resources of the space by each of their identifiers (kept up to date as rows are written).
  const byIdentifier = new Map<string, string>();
  for await (const rows of repo.allResources(db)) {
    for (const r of rows) if (r.space_id === options.space.id && !r.deleted_at) for (const i of fromJson<Identifier[]>(r.identifiers, [])) byIdentifier.set(`${i.scheme}:${i.value}`, r.id);
  }
  const seen = new Set<string>();
  for (const [n, row] of options.sheet.rows.entries()) {
    options.onProgress?.(n, options.sheet.rows.length);
    const cell = (name: string) => {
      const i = index.get(name);
      return i === undefined ? undefined : row.cells[i]?.trim();
    };
    if (row.cells.every((c) => !c?.trim())) continue;
    result.total++;
    const { input, identifiers } = rowInput(cell);
    const externalId = cell('external_id') || null;
    const key = externalId ? `x:${externalId}` : identifiers[0] ? `${identifiers[0].scheme}:${identifiers[0].value}` : null;
    if (key && seen.has(key)) {
      result.rejected++;
      result.issues.push({ row: row.row, column: externalId ? 'external_id' : identifiers[0]!.scheme, key: 'library.import.repeated' });
      continue;
    }
    if (key) seen.add(key);
    try {
      const existing = (externalId ? (await repo.findResourceByExternalId(db, options.space.id, externalId))?.id : undefined) ?? identifiers.map((i) => byIdentifier.get(`${i.scheme}:${i.value}`)).find(Boolean);
      const view = await db.transaction().execute(async (trx) => {
        const v = existing ? await library.updateResource(principal, existing, input, actor, trx) : await library.createResource(principal, options.space.id, input, actor, trx);
        if (options.dryRun) throw new DryRun();
        return v;
      });
      if (existing) result.updated++;
      else result.imported++;
      for (const i of view.identifiers) byIdentifier.set(`${i.scheme}:${i.value}`, view.id);
      const file = cell('file');
      if (file) {
        const full = path.resolve(options.filesFolder, file);
        const current = (await files.filesOf(principal, [view])).get(view.id) ?? [];
        if (!existsSync(full)) result.issues.push({ row: row.row, column: 'file', key: 'library.import.no_file', values: { file } });
        else if (current.length === 0) {
          await files.addFile(principal, view.id, { bytes: await readFile(full), filename: path.basename(full), label: null }, actor);
          result.files++;
        }
      }
    } catch (err) {
      if (err instanceof DryRun) {
        if (identifiers.some((i) => byIdentifier.has(`${i.scheme}:${i.value}`)) || (externalId && (await repo.findResourceByExternalId(db, options.space.id, externalId)))) result.updated++;
        else result.imported++;
        continue;
      }
      if (!(err instanceof AppError) || !(err.code === 'VALIDATION' || err.code === 'PAYLOAD_TOO_LARGE')) throw err;
      result.rejected++;
      for (const f of err.options.fields ?? [{ field: 'row', key: err.key }]) {
        const field = f.field.replace(/^(title|abstract)\.(.+)$/, (_m, a: string, l: string) => `${a}_${l.toLowerCase().replace('-', '_')}`).replace(/^identifiers\.\d+\.value$/, 'identifier').replace(/^creators\.\d+$/, 'creators');
        result.issues.push({ row: row.row, column: COLUMN_OF[f.field] ?? field, key: f.key, values: f.values });
      }
    }
  }
  options.onProgress?.(options.sheet.rows.length, options.sheet.rows.length);
  return result;
}

/** The report as CSV (row, column, reason). */
export function resourceReportCsv(result: ResourceImportResult, t: Translator['t']): string {
  return toCsv(['row', 'column', 'reason'], result.issues.map((i) => [String(i.row), i.column, t(i.key, i.values)]));
}

/** Adds `resources` to the `mosaic import` command group. */
export function registerResourceImport(importGroup: Command): void {
  importGroup
    .command('resources')
    .description('import library resources into a space; re-importing updates rows by external_id or identifier (ISBN, ISSN, DOI, URL)')
    .argument('<file>', 'the spreadsheet: .csv or .xlsx (columns: type, title_en, title_lo…, see the library’s import notes)')
    .requiredOption('--space <code>', 'country space code, e.g. LA')
    .option('--files <dir>', 'folder of the files named in the "file" column (default: the spreadsheet’s folder)')
    .option('--dry-run', 'check every row and write nothing')
    .option('--report <file>', 'where to write the report of rejected rows (default: FILE.report.csv)')
    .action(async (file: string, opts: { space: string; files?: string; dryRun?: boolean; report?: string }, cmd: Command) => {
      if (!existsSync(file)) cmd.error(`mosaic: file not found: ${file}`, { exitCode: 2 });
      const { t } = translator('en');
      let sheet: Sheet;
      try {
        sheet = await readSpreadsheet(await readFile(file));
      } catch (err) {
        if (err instanceof ImportFileError) throw new Error(t(err.key, err.values));
        throw err;
      }
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        await migrateToLatest(handle.db);
        await seedSpaces(handle.db, CLI_ACTOR);
        let space: Space;
        try {
          space = await getSpace(handle.db, opts.space);
        } catch {
          return cmd.error(`mosaic: no space with the code ${opts.space}`, { exitCode: 2 });
        }
        const library = createLibraryService({ db: handle.db });
        const files = createFilesService({ db: handle.db, library, store: localFileStore(filesDir(config.dataDir)), maxUploadBytes: config.libraryMaxUploadMb * 1024 * 1024 });
        const tty = Boolean(process.stderr.isTTY);
        let last = 0;
        const result = await importResources(
          { db: handle.db, library, files },
          {
            sheet,
            space,
            filesFolder: opts.files ?? path.dirname(path.resolve(file)),
            dryRun: opts.dryRun,
            onProgress: (done, total) => {
              if (!tty || (done < total && Date.now() - last < 100)) return;
              last = Date.now();
              const filled = total ? Math.round((done / total) * 30) : 30;
              process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${done}/${total} rows${done === total ? '\n' : ''}`);
            },
          },
        );
        if (result.ignoredColumns.length) process.stderr.write(`ignored columns: ${result.ignoredColumns.join(', ')}\n`);
        if (result.issues.length) {
          const reportPath = opts.report ?? `${file}.report.csv`;
          await writeFile(reportPath, resourceReportCsv(result, t));
          process.stderr.write(`report: ${reportPath} (${result.issues.length} problems)\n`);
        }
        if (opts.dryRun) process.stderr.write('dry run: nothing was written\n');
        process.stdout.write(`imported ${result.imported}, updated ${result.updated}, rejected ${result.rejected}, files ${result.files}\n`);
        if (result.rejected > 0) process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}
