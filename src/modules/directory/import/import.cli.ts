/**
 * `mosaic import organizations|people FILE --space CODE …` and `mosaic export organizations|people
 * --space CODE --format csv|xlsx|json [--out FILE]`. Both run as the platform (audit actor
 * "cli"). Import exit codes: 0 nothing rejected, 1 rows rejected (listed in the report file),
 * 2 usage errors. The closing line on stdout is exactly `imported N, updated U, rejected R`;
 * progress and notes go to stderr.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../../config.js';
import { CLI_ACTOR } from '../../../platform/audit/audit.js';
import type { Principal } from '../../../platform/auth/policy.js';
import { openDatabase, type DatabaseHandle } from '../../../platform/db/index.js';
import { migrateToLatest } from '../../../platform/db/migrate.js';
import { AppError } from '../../../platform/http/errors.js';
import { parseLocale } from '../../../platform/i18n/locales.js';
import { translator } from '../../../platform/i18n/messages.js';
import { createAccountsService } from '../../accounts/accounts.service.js';
import { getSpace, seedSpaces, type Space } from '../../spaces/spaces.service.js';
import { createDirectoryService } from '../directory.service.js';
import { IMPORT_KINDS, type ImportKind } from './columns.js';
import { EXPORT_FORMATS, exportDirectory, templateFile, type ExportFormat } from './export.service.js';
import { reportCsv, runImport, summaryLine } from './import.service.js';
import { ImportFileError, isKnownEncoding, readSpreadsheet } from './parse.js';

/**
 * The platform as the CLI acts: a platform administrator. It carries a user id only because
 * the policy asks for a signed-in principal; no account has this id.
 */
export const CLI_PRINCIPAL: Principal = { userId: 'cli', isPlatformAdmin: true, roles: new Map() };

interface ImportOptions {
  space?: string;
  dryRun?: boolean;
  strict?: boolean;
  encoding?: string;
  sheet?: string;
  report?: string;
  lang?: string;
  template?: boolean;
}

interface ExportOptions {
  space: string;
  format: string;
  out?: string;
  type?: string[];
  domain?: string[];
  region?: string[];
  verified?: string;
  lang?: string[];
  q?: string;
}

async function withDatabase<T>(fn: (handle: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    await seedSpaces(handle.db, CLI_ACTOR);
    return await fn(handle, config);
  } finally {
    await handle.close();
  }
}

async function spaceOrUsageError(cmd: Command, handle: DatabaseHandle, code: string): Promise<Space> {
  try {
    return await getSpace(handle.db, code);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') cmd.error(`mosaic: no space with the code ${code}`, { exitCode: 2 });
    throw err;
  }
}

/** A progress bar on a terminal, a line per thousand rows otherwise. */
function progressReporter(): { update(done: number, total: number): void; end(): void } {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let lastDone = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (tty) {
        const now = Date.now();
        if (done < total && now - last < 100) return;
        last = now;
        const width = 30;
        const filled = total ? Math.round((done / total) * width) : width;
        process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows`);
        drawn = true;
      } else if (total > 0 && done > lastDone && (done === total || Math.floor(done / 1000) > Math.floor(lastDone / 1000))) {
        process.stderr.write(`${done}/${total} rows\n`);
        lastDone = done;
      }
    },
    end() {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}

async function importAction(kind: ImportKind, file: string | undefined, opts: ImportOptions, cmd: Command): Promise<void> {
  if (opts.template) {
    const { body } = await templateFile(kind, 'csv', { t: (k) => k, locale: 'en' });
    process.stdout.write(String(body).replace(/^\uFEFF/, ''));
    return;
  }
  if (!file) cmd.error('mosaic: missing FILE (or use --template)', { exitCode: 2 });
  if (!opts.space) cmd.error("mosaic: required option '--space <code>' not specified", { exitCode: 2 });
  const locale = opts.lang ? parseLocale(opts.lang) : 'en';
  if (!locale) cmd.error(`mosaic: unknown language ${opts.lang} (use en, fr, ru, lo, uz-Latn, uz-Cyrl or rw)`, { exitCode: 2 });
  if (opts.encoding && !isKnownEncoding(opts.encoding)) cmd.error(`mosaic: unknown encoding ${opts.encoding} (e.g. utf-8, utf-16le, windows-1251)`, { exitCode: 2 });
  if (!existsSync(file!)) cmd.error(`mosaic: file not found: ${file}`, { exitCode: 2 });
  const { t } = translator(locale!);
  const bytes = await readFile(file!);
  let sheet;
  try {
    sheet = await readSpreadsheet(bytes, { encoding: opts.encoding, sheet: opts.sheet });
  } catch (err) {
    if (err instanceof ImportFileError) {
      if (err.key === 'import.error.sheet') cmd.error(`mosaic: ${t(err.key, err.values)}`, { exitCode: 2 });
      throw new Error(t(err.key, err.values));
    }
    throw err;
  }
  await withDatabase(async (handle, config) => {
    const space = await spaceOrUsageError(cmd, handle, opts.space!);
    const accounts = createAccountsService({ db: handle.db, config });
    const directory = createDirectoryService({ db: handle.db, config, accounts });
    if (sheet.format === 'csv') process.stderr.write(`reading ${file}: CSV, ${sheet.encoding}, delimiter ${sheet.delimiter === '\t' ? 'tab' : `"${sheet.delimiter}"`}, ${sheet.rows.length} rows\n`);
    else process.stderr.write(`reading ${file}: XLSX, sheet "${sheet.sheetName}", ${sheet.rows.length} rows\n`);
    const progress = progressReporter();
    const started = performance.now();
    const result = await runImport(
      { db: handle.db, directory },
      { kind, space, principal: CLI_PRINCIPAL, actor: CLI_ACTOR, sheet, strict: opts.strict, dryRun: opts.dryRun, onProgress: progress.update },
    );
    progress.end();
    const seconds = (performance.now() - started) / 1000;
    if (result.ignoredColumns.length) process.stderr.write(`${t('import.ignored_columns', { columns: result.ignoredColumns.join(', ') })}\n`);
    for (const w of result.warnings) process.stderr.write(`row ${w.row}, ${w.column}: ${t(w.key, w.values)}\n`);
    if (result.issues.length || result.warnings.length) {
      const reportPath = opts.report ?? `${file}.report.csv`;
      await writeFile(reportPath, reportCsv(result, t));
      process.stderr.write(`report: ${reportPath} (${result.issues.length} problems, ${result.warnings.length} warnings)\n`);
    }
    if (result.dryRun) process.stderr.write(`${t('import.dry_run_note')}\n`);
    else if (!result.committed) process.stderr.write(`${t('import.strict_note')}\n`);
    process.stderr.write(`${result.total} rows in ${seconds.toFixed(1)} s (${Math.round(result.total / Math.max(seconds, 0.001))} rows/s)\n`);
    process.stdout.write(`${summaryLine(result)}\n`);
    if (result.rejected > 0) process.exitCode = 1;
  });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function exportAction(kind: ImportKind, opts: ExportOptions, cmd: Command): Promise<void> {
  const format = opts.format.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) cmd.error(`mosaic: unknown format ${opts.format} (csv, xlsx or json)`, { exitCode: 2 });
  await withDatabase(async (handle, config) => {
    const space = await spaceOrUsageError(cmd, handle, opts.space);
    const accounts = createAccountsService({ db: handle.db, config });
    const directory = createDirectoryService({ db: handle.db, config, accounts });
    const verified = opts.verified === undefined ? [] : [['true', 'yes', '1', 'verified'].includes(opts.verified.toLowerCase()) ? 'verified' : 'unverified'];
    const file = await exportDirectory(
      { db: handle.db, directory, baseUrl: config.baseUrl },
      {
        kind,
        space,
        reader: CLI_PRINCIPAL,
        format: format as ExportFormat,
        filters: { q: opts.q, type: opts.type, domain: opts.domain?.map((d) => (d.toLowerCase() === 'ich' ? 'ICH' : d.toUpperCase())), region: opts.region?.map((r) => r.toUpperCase()), verified, lang: opts.lang },
      },
    );
    if (opts.out) {
      await writeFile(opts.out, file.body);
      process.stderr.write(`exported ${file.count} ${kind} to ${opts.out}\n`);
    } else {
      process.stdout.write(file.body);
    }
  });
}

/** Adds the `import` and `export` command groups to the program. */
export function registerImportCommands(program: Command): void {
  const importGroup = program.command('import').description('import organisations or people from a spreadsheet (CSV or XLSX); see docs/IMPORT.md');
  const exportGroup = program.command('export').description('export organisations or people of a space as CSV, XLSX or JSON');
  for (const kind of IMPORT_KINDS) {
    importGroup
      .command(kind)
      .description(`import ${kind} into a space; re-importing updates rows by external_id`)
      .argument('[file]', 'the spreadsheet: .csv (UTF-8, UTF-16 or Windows-1251; comma, semicolon or tab) or .xlsx')
      .option('--space <code>', 'country space code, e.g. LA')
      .option('--dry-run', 'check every row and write nothing')
      .option('--strict', 'import nothing when any row is rejected (one transaction)')
      .option('--encoding <encoding>', 'CSV encoding when detection is not enough, e.g. windows-1251')
      .option('--sheet <name>', 'XLSX sheet to read (default: the first)')
      .option('--report <file>', 'where to write the report of rejected rows (default: FILE.report.csv)')
      .option('--lang <language>', 'language of the reasons in the report (default: en)')
      .option('--template', 'print the empty template (CSV header) and exit')
      .action(async (file: string | undefined, opts: ImportOptions, cmd: Command) => importAction(kind, file, opts, cmd));
    exportGroup
      .command(kind)
      .description(`export the ${kind} of a space (full visibility: the CLI acts as the platform)`)
      .requiredOption('--space <code>', 'country space code, e.g. LA')
      .option('--format <format>', 'csv, xlsx or json', 'csv')
      .option('--out <file>', 'write to this file (default: standard output)')
      .option('--q <text>', 'search text')
      .option('--type <code>', 'organisation type (repeatable)', collect)
      .option('--domain <code>', 'cultural domain (repeatable)', collect)
      .option('--region <code>', 'region, ISO 3166-2 (repeatable)', collect)
      .option('--verified <yes|no>', 'only verified (yes) or unverified (no) records')
      .option('--lang <tag>', 'working language of the record (repeatable)', collect)
      .action(async (opts: ExportOptions, cmd: Command) => exportAction(kind, opts, cmd));
  }
}
