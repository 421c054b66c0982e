import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { enqueueRecurring, recurringJobId, runDueJobs, type JobHandler, type RecurringJob } from './jobs.js';
import { scheduleRecurring, startWorker } from './worker.js';

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb.cleanup());

const HOUR = 3600 * 1000;

async function jobsOf(type: string) {
  return tdb.handle.db.selectFrom('jobs').selectAll().where('type', '=', type).orderBy('created_at').execute();
}

test('a recurring job is enqueued once per period, however many processes try at once', async () => {
  const job: RecurringJob = { type: 'test.hourly', everyMs: HOUR };
  const at = new Date('2031-01-01T10:05:00.000Z');
  const added = await Promise.all([1, 2, 3, 4].map(() => enqueueRecurring(tdb.handle.db, job, at)));
  assert.deepEqual(added.filter(Boolean).length, 1);
  assert.equal(await enqueueRecurring(tdb.handle.db, job, new Date('2031-01-01T10:59:59.999Z')), false, 'same hour');
  assert.equal(await enqueueRecurring(tdb.handle.db, job, new Date('2031-01-01T11:00:00.000Z')), true, 'next hour');
  const rows = await jobsOf(job.type);
  assert.equal(rows.length, 2);
  assert.match(rows[0]!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID');
  assert.equal(rows[0]!.id, recurringJobId(job.type, Math.floor(at.getTime() / HOUR)));
  assert.notEqual(recurringJobId('other.type', 1), recurringJobId(job.type, 1));
  assert.equal(rows[0]!.max_attempts, 1, 'the next period is the retry');
});

test('each process remembers the period it scheduled; two processes add one job between them', async () => {
  const jobs: RecurringJob[] = [{ type: 'test.sched', everyMs: HOUR }];
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  const at = new Date('2031-02-01T08:00:00.000Z');
  const [x, y] = await Promise.all([scheduleRecurring(tdb.handle.db, jobs, a, at), scheduleRecurring(tdb.handle.db, jobs, b, at)]);
  assert.equal(x + y, 1);
  assert.equal(await scheduleRecurring(tdb.handle.db, jobs, a, new Date('2031-02-01T08:30:00.000Z')), 0);
  assert.equal(await scheduleRecurring(tdb.handle.db, jobs, b, new Date('2031-02-01T09:00:01.000Z')), 1);
  assert.equal(await scheduleRecurring(tdb.handle.db, jobs, a, new Date('2031-02-01T09:10:00.000Z')), 0, 'b already added this hour');
  assert.equal((await jobsOf('test.sched')).length, 2);
});

test('a failed run of a recurring job is not retried; the next period runs again', async () => {
  let calls = 0;
  const handlers = new Map<string, JobHandler>([
    [
      'test.flaky',
      async () => {
        calls++;
        throw new Error('disk full');
      },
    ],
  ]);
  await enqueueRecurring(tdb.handle.db, { type: 'test.flaky', everyMs: HOUR }, new Date(Date.now() - HOUR));
  assert.equal(await runDueJobs(tdb.handle.db, handlers, 'w'), 1);
  assert.equal(await runDueJobs(tdb.handle.db, handlers, 'w', { now: new Date(Date.now() + 2 * HOUR) }), 0);
  assert.equal(calls, 1);
  assert.equal((await jobsOf('test.flaky'))[0]!.status, 'failed');
});

test('the worker loop enqueues and runs a recurring job once in its period', async () => {
  let runs = 0;
  const handlers = new Map<string, JobHandler>([['test.tick', async () => void runs++]]);
  const log = { info() {}, error() {} } as unknown as FastifyBaseLogger;
  const stop = startWorker({ db: tdb.handle.db, transport: null, mailFrom: 'test@example.org', handlers, recurring: [{ type: 'test.tick', everyMs: 1000 * HOUR }], log, intervalMs: 10 });
  const deadline = Date.now() + 5000;
  while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // A few more passes in the same period add nothing.
  await new Promise((r) => setTimeout(r, 100));
  await stop();
  assert.equal(runs, 1);
  const rows = await jobsOf('test.tick');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.status, 'done');
});
