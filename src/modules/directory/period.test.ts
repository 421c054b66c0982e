import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldError } from '../../platform/http/errors.js';
import { checkPeriod } from './directory.service.js';

function check(start: unknown, end: unknown) {
  const errors: FieldError[] = [];
  const period = checkPeriod(start, end, errors);
  return { ...period, errors: errors.map((e) => `${e.field}:${e.key}`) };
}

test('an affiliation period is a year or a year and month; the end is not before the start', () => {
  assert.deepEqual(check('2019', ''), { start: '2019', end: null, errors: [] });
  assert.deepEqual(check(' 2019-05 ', undefined), { start: '2019-05', end: null, errors: [] });
  assert.deepEqual(check('', '2020-12'), { start: null, end: '2020-12', errors: [] });
  // A year spans its months, so both orders of a year and a month of it are fine.
  assert.deepEqual(check('2019-05', '2019').errors, []);
  assert.deepEqual(check('2019', '2019-01').errors, []);
  assert.deepEqual(check('2019-05', '2019-05').errors, []);
  assert.deepEqual(check('2019-05', '2019-04').errors, ['endDate:directory.end_before_start']);
  assert.deepEqual(check('2020', '2019-12').errors, ['endDate:directory.end_before_start']);
  for (const bad of ['2019-00', '2019-13', '19', '2019-5', '2019-05-01', '0999', 'May 2019', '２０１９']) {
    assert.deepEqual(check(bad, '').errors, ['startDate:directory.invalid_date'], bad);
  }
  assert.deepEqual(check(42, null).errors, [], 'anything not text counts as not given');
});
