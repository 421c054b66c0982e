/**
 * `npm run bench`: the page-weight budget check, the cold-start measurement of the built server,
 * the import rate (10,000 rows), then the directory and search benchmark at full size (100k organisations, 200k people) on
 * SQLite and PostgreSQL — about 20 minutes on two cores. Prints plain figures (for the release
 * notes); exits 1 when a budget is missed, a server does not stop cleanly, or the build fails.
 *
 * The knowledge library benchmark (100k resources, about 1 GB of extracted text, search p50/p95,
 * extraction throughput, index size; see library.ts) loads for the better part of an hour per
 * database, so it runs only when named: `npm run bench -- --only library`.
 *
 * Options: `npm run bench -- --only pages,cold,import,directory,library`, the directory options
 * (`--orgs N`, `--people N`) and the library options (`--resources N`, `--pdfs N`, `--docx N`,
 * `--no-extract`, `--batch N`); both take `--db sqlite|postgres|both`, `--runs N`, `--explain`,
 * `--keep` and `--reuse FILE|SCHEMA`.
 */
import { measureColdStart, printColdStart } from './cold-start.js';
import { parseArgs, runDirectoryBench } from './directory.js';
import { runImportBench } from './import.js';
import { parseArgs as parseLibraryArgs, runLibraryBench } from './library.js';
import { measurePageWeight, printPageWeight } from './page-weight.js';

const PARTS = ['pages', 'cold', 'import', 'directory', 'library'] as const;
type Part = (typeof PARTS)[number];
/** What runs without --only. */
const DEFAULT_PARTS: Part[] = ['pages', 'cold', 'import', 'directory'];

const argv = process.argv.slice(2);
let only: Part[] = [...DEFAULT_PARTS];
const at = argv.indexOf('--only');
if (at >= 0) {
  only = (argv[at + 1] ?? '').split(',').filter((p): p is Part => (PARTS as readonly string[]).includes(p));
  argv.splice(at, 2);
}

/** The options of argv that one part knows (an option with a value takes the next argument along). */
function optionsFor(valued: string[], flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const takesValue = ALL_VALUED.includes(a);
    if (!takesValue && !ALL_FLAGS.includes(a)) throw new Error(`unknown option ${a}`);
    const value = takesValue ? (argv[++i] ?? '') : null;
    if (valued.includes(a) || flags.includes(a)) out.push(a, ...(value === null ? [] : [value]));
  }
  return out;
}
const SHARED_VALUED = ['--db', '--runs', '--reuse'];
const SHARED_FLAGS = ['--explain', '--keep'];
const DIRECTORY_VALUED = [...SHARED_VALUED, '--orgs', '--people'];
const LIBRARY_VALUED = [...SHARED_VALUED, '--resources', '--pdfs', '--docx', '--batch'];
const LIBRARY_FLAGS = [...SHARED_FLAGS, '--no-extract'];
const ALL_VALUED = [...new Set([...DIRECTORY_VALUED, ...LIBRARY_VALUED])];
const ALL_FLAGS = [...new Set([...SHARED_FLAGS, ...LIBRARY_FLAGS])];

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
    ok = (await runDirectoryBench(parseArgs(optionsFor(DIRECTORY_VALUED, SHARED_FLAGS)))) && ok;
  } catch (err) {
    console.log(`Directory bench: FAIL: ${err instanceof Error ? err.message : String(err)}`);
    ok = false;
  }
}

if (only.includes('library')) {
  try {
    ok = (await runLibraryBench(parseLibraryArgs(optionsFor(LIBRARY_VALUED, LIBRARY_FLAGS)))) && ok;
  } catch (err) {
    console.log(`Library bench: FAIL: ${err instanceof Error ? err.message : String(err)}`);
    ok = false;
  }
}

process.exit(ok ? 0 : 1);
