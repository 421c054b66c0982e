/**
 * `npm run bench`: the page-weight budget check, then the cold-start measurement of the built
 * server. Prints plain figures (for the release notes); exits 1 when a page is over budget, a
 * server does not stop cleanly, or the build fails.
 */
import { measureColdStart, printColdStart } from './cold-start.js';
import { measurePageWeight, printPageWeight } from './page-weight.js';

let ok = true;

const weight = await measurePageWeight();
printPageWeight(weight);
ok &&= weight.ok;

console.log('');
try {
  const cold = await measureColdStart(3);
  printColdStart(cold);
  ok &&= cold.ok;
} catch (err) {
  console.log(`Cold start: FAIL: ${err instanceof Error ? err.message : String(err)}`);
  ok = false;
}

process.exit(ok ? 0 : 1);
