import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffSeconds, LIMITS } from './rate-limit.js';

test('account back-off starts at the 5th failure, doubles, and is capped at 15 minutes', () => {
  const rule = LIMITS.loginAccount;
  assert.equal(backoffSeconds(4, rule), 0);
  assert.equal(backoffSeconds(5, rule), 30);
  assert.equal(backoffSeconds(6, rule), 60);
  assert.equal(backoffSeconds(7, rule), 120);
  assert.equal(backoffSeconds(20, rule), 900);
});
