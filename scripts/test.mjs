// Runs the test tiers one after another with node's test runner and prints a summary per tier:
//   unit         src/**/*.test.ts(x) that are not .db/.http tests, and test/unit/ (pure logic)
//   integration  src/**/*.db.test.ts    (services and repositories on the test database)
//   http         src/**/*.http.test.ts  and test/http/*.test.ts (the app in-process via inject)
//   e2e          test/e2e/*.test.ts     (headless Chromium; skipped when no browser is installed,
//                                        except under CI=true where a missing browser fails)
// The database is SQLite unless MOSAIC_TEST_DB=postgres. Usage: npm test [-- tier...]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const all = [...walk('src'), ...walk('test')];
const tiers = {
  unit: all.filter((f) => (f.startsWith('src') || f.startsWith(path.join('test', 'unit'))) && !/\.(db|http)\.test\.tsx?$/.test(f)),
  integration: all.filter((f) => /\.db\.test\.tsx?$/.test(f)),
  http: all.filter((f) => /\.http\.test\.tsx?$/.test(f) || f.startsWith(path.join('test', 'http'))),
  e2e: all.filter((f) => f.startsWith(path.join('test', 'e2e'))),
};
const wanted = process.argv.slice(2).filter((a) => tiers[a]);
const run = wanted.length ? wanted : Object.keys(tiers);
const dialect = process.env.MOSAIC_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
mkdirSync('.test-artifacts', { recursive: true });

const summary = [];
let failedTotal = 0;
let passedTotal = 0;
for (const tier of run) {
  const files = tiers[tier];
  if (files.length === 0) continue;
  const tap = path.join('.test-artifacts', `${tier}-${dialect}.tap`);
  console.log(`\n=== ${tier} tests (${files.length} files, database: ${dialect}) ===`);
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, MOSAIC_TEST_TIER: tier } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number((new RegExp(`^# ${name} (\\d+)`, 'm').exec(text) ?? [])[1] ?? 0);
  const pass = count('pass');
  const fail = count('fail') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
  const skipped = count('skipped');
  summary.push({ tier, pass, fail, skipped });
  passedTotal += pass;
  failedTotal += fail;
}

console.log(`\nTest summary (database: ${dialect})`);
for (const s of summary) console.log(`  ${s.tier.padEnd(12)} ${String(s.pass).padStart(4)} passed, ${s.fail} failed, ${s.skipped} skipped`);
console.log(`${passedTotal} passed, ${failedTotal} failed`);
process.exit(failedTotal > 0 ? 1 : 0);
