import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { enqueueJob, jobRetryDelaySeconds, retryJob, runDueJobs, type JobHandler } from './jobs.js';

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb.cleanup());

test('a job runs once with its payload and is marked done', async () => {
  const seen: unknown[] = [];
  const handlers = new Map<string, JobHandler>([['echo', async (p) => void seen.push(p)]]);
  const id = await enqueueJob(tdb.handle.db, 'echo', { text: 'ສະບາຍດີ' });
  assert.equal(await runDueJobs(tdb.handle.db, handlers, 'w1'), 1);
  assert.equal(await runDueJobs(tdb.handle.db, handlers, 'w1'), 0);
  assert.deepEqual(seen, [{ text: 'ສະບາຍດີ' }]);
  const row = await tdb.handle.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'done');
});

test('a failing job is retried with back-off, fails for good after max attempts, and can be retried by hand', async () => {
  let calls = 0;
  const handlers = new Map<string, JobHandler>([['flaky', async () => { calls++; throw new Error('corrupt input'); }]]);
  const id = await enqueueJob(tdb.handle.db, 'flaky', {}, { maxAttempts: 2 });
  await runDueJobs(tdb.handle.db, handlers, 'w1');
  let row = await tdb.handle.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'queued');
  assert.equal(row.last_error, 'corrupt input');
  assert.equal(await runDueJobs(tdb.handle.db, handlers, 'w1'), 0, 'not due before the back-off');
  await runDueJobs(tdb.handle.db, handlers, 'w1', { now: new Date(Date.now() + (jobRetryDelaySeconds(1) + 1) * 1000) });
  row = await tdb.handle.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'failed');
  assert.equal(calls, 2);
  assert.equal(await retryJob(tdb.handle.db, id), true);
  assert.equal(await retryJob(tdb.handle.db, id), false, 'only failed jobs can be retried');
  row = await tdb.handle.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'queued');
});

test('two workers claiming at once run a job only once', async () => {
  let calls = 0;
  const handlers = new Map<string, JobHandler>([['count', async () => { calls++; }]]);
  await enqueueJob(tdb.handle.db, 'count', {});
  await Promise.all([runDueJobs(tdb.handle.db, handlers, 'a'), runDueJobs(tdb.handle.db, handlers, 'b')]);
  assert.equal(calls, 1);
});
