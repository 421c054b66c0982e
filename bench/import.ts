/**
 * Import benchmark: `mosaic import organizations FILE --space LA` on a generated ministry list
 * (10,000 rows in Lao and English, every column of the template filled), into a new SQLite
 * database and a new PostgreSQL schema, run as the real command in a child process. Prints the
 * rate the command reports and the wall time; the budget is 2,000 rows/s on SQLite.
 *
 * Run: npx tsx bench/import.ts [--rows 10000] [--db sqlite|postgres|both]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const IMPORT_BUDGET = 2000;
const PG_URL = process.env.MOSAIC_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A CSV of `n` valid organisations, cells quoted where needed. */
export function generatedList(n: number): string {
  const regions = ['LA-VT', 'LA-LP', 'LA-CH', 'LA-HO', 'LA-XA', 'LA-SV', 'LA-BK', 'LA-OU'];
  const types = ['network', 'private', 'civil_society', 'education', 'government', 'media'];
  const domains = ['C', 'C;ICH', 'A;B', 'E', 'D;F', 'B'];
  const lines = ['external_id,name,name_en,name_lo,type,domains,region,email,phone,website,description,founded_year'];
  for (let i = 0; i < n; i++) {
    lines.push(
      [
        `BENCH-${i}`,
        `ຊ່າງຫັດຖະກຳບ້ານ ${i}`,
        `Village craft workshop ${i}`,
        `ຊ່າງຫັດຖະກຳບ້ານ ${i}`,
        types[i % types.length],
        domains[i % domains.length],
        regions[i % regions.length],
        `workshop${i}@crafts.example`,
        `+856 20 ${String(5000000 + i)}`,
        `https://workshop${i}.example.la`,
        `"Weaving, dyeing and selling silk; ທໍຜ້າໄໝ ແລະ ຍ້ອມສີທຳມະຊາດ, since ${1950 + (i % 70)}"`,
        String(1950 + (i % 70)),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export interface ImportFigures {
  dialect: 'sqlite' | 'postgres';
  rows: number;
  reportedRate: number;
  wallSeconds: number;
  ok: boolean;
}

function runImport(file: string, env: Record<string, string>): { code: number | null; stdout: string; stderr: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts'), 'import', 'organizations', file, '--space', 'LA'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', SECRET_KEY: 'bench-secret-bench-secret-0123456789abcdef', ...env },
    encoding: 'utf8',
    timeout: 30 * 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, seconds: (performance.now() - started) / 1000 };
}

/** Imports the generated list into each database; returns the figures. */
export async function runImportBench(options: { rows?: number; dialects?: ('sqlite' | 'postgres')[] } = {}, out: (line: string) => void = console.log): Promise<boolean> {
  const rows = options.rows ?? 10_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-import-'));
  const file = path.join(dir, 'organizations.csv');
  writeFileSync(file, generatedList(rows));
  let ok = true;
  out(`\nImport (mosaic import organizations, ${rows.toLocaleString('en')} rows, new database; budget ≥ ${IMPORT_BUDGET} rows/s on SQLite)`);
  try {
    for (const dialect of options.dialects ?? ['sqlite', 'postgres']) {
      let env: Record<string, string>;
      let schema: string | null = null;
      if (dialect === 'sqlite') env = { DATABASE_URL: path.join(dir, 'bench.sqlite'), DATA_DIR: dir };
      else {
        schema = `bench_import_${Date.now().toString(36)}`;
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        env = { DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`, DATA_DIR: dir };
      }
      try {
        // First run: a new database (migrated at start) receives every row; second run: the same
        // file again, which updates every row by external_id.
        const first = runImport(file, env);
        if (first.code !== 0) throw new Error(`import failed: ${first.stderr.slice(-500)}`);
        const again = runImport(file, env);
        const rateOf = (stderr: string) => Number(/(\d+) rows\/s/.exec(stderr)?.[1] ?? 0);
        const rate = rateOf(first.stderr);
        const figures: ImportFigures = { dialect, rows, reportedRate: rate, wallSeconds: first.seconds, ok: dialect !== 'sqlite' || rate >= IMPORT_BUDGET };
        out(`  ${dialect.padEnd(9)} new records: ${rate.toLocaleString('en')} rows/s (${first.seconds.toFixed(1)} s wall, start-up included) — ${first.stdout.trim()}${dialect === 'sqlite' ? (figures.ok ? '  PASS' : '  FAIL') : ''}`);
        out(`  ${dialect.padEnd(9)} same file again: ${rateOf(again.stderr).toLocaleString('en')} rows/s (${again.seconds.toFixed(1)} s wall) — ${again.stdout.trim()}`);
        ok &&= figures.ok;
      } finally {
        if (schema) {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`);
          await c.end();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const db = at('--db') ?? 'both';
  const dialects = db === 'both' ? (['sqlite', 'postgres'] as const) : ([db] as ('sqlite' | 'postgres')[]);
  const ok = await runImportBench({ rows: Number(at('--rows') ?? 10_000), dialects: [...dialects] });
  process.exitCode = ok ? 0 : 1;
}
