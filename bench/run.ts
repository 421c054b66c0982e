/**
 * `npm run bench`: the page-weight budget check, the cold-start measurement of the built server,
 * the import rate (10,000 rows), then the directory and search benchmark at full size (100k organisations, 200k people) on
 * SQLite and PostgreSQL — about 20 minutes on two cores. Prints plain figures (for the release
 * notes); exits 1 when a budget is missed, a server does not stop cleanly, or the build fails.
 *
 * Options: `npm run bench -- --only pages,cold,import,directory` and the directory options
 * (`--db sqlite|postgres|both`, `--orgs N`, `--people N`, `--runs N`, `--explain`, `--keep`).
 */
import { measureColdStart, printColdStart } from './cold-start.js';
import { parseArgs, runDirectoryBench } from './directory.js';
import { runImportBench } from './import.js';
import { measurePageWeight, printPageWeight } from './page-weight.js';

const PARTS = ['pages', 'cold', 'import', 'directory'] as const;
type Part = (typeof PARTS)[number];

const argv = process.argv.slice(2);
let only: Part[] = [...PARTS];
const at = argv.indexOf('--only');
if (at >= 0) {
  only = (argv[at + 1] ?? '').split(',').filter((p): p is Part => (PARTS as readonly string[]).includes(p));
  argv.splice(at, 2);
}

let ok = true;

if (only.includes('pages')) {
  const weight = await measurePageWeight();
  printPageWeight(weight);
  ok &&= weight.ok;
  console.log('');
}

if (only.includes('cold')) {
  try {
    const cold = await measureColdStart(3);
    printColdStart(cold);
    ok &&= cold.ok;
  } catch (err) {
    console.log(`Cold start: FAIL: ${err instanceof Error ? err.message : String(err)}`);
    ok = false;
  }
  console.log('');
}

if (only.includes('import')) {
  try {
    ok = (await runImportBench()) && ok;
  } catch (err) {
    console.log(`Import bench: FAIL: ${err instanceof Error ? err.message : String(err)}`);
    ok = false;
  }
}

if (only.includes('directory')) {
  try {
    ok = (await runDirectoryBench(parseArgs(argv))) && ok;
  } catch (err) {
    console.log(`Directory bench: FAIL: ${err instanceof Error ? err.message : String(err)}`);
    ok = false;
  }
}

process.exit(ok ? 0 : 1);
