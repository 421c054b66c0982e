/**
 * The durable job table: typed background tasks with retries and back-off, claimed so that
 * several worker processes never run one job twice. Works on both dialects; claiming uses a
 * conditional update (compare-and-set on the lease) rather than dialect-specific locking.
 */
import { createHash } from 'node:crypto';
import type { Db, DbOrTrx } from '../db/index.js';
import { fromJson } from '../db/json.js';
import { newId, nowIso } from '../ids.js';

/** A function that runs one job type; throwing schedules a retry. */
export type JobHandler = (payload: Record<string, unknown>, ctx: { db: Db; jobId: string; attempt: number }) => Promise<void>;

/** Adds a job; it runs at `runAt` (default now) in the caller's transaction. */
export async function enqueueJob(
  db: DbOrTrx,
  type: string,
  payload: Record<string, unknown>,
  options: { runAt?: Date; maxAttempts?: number } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('jobs')
    .values({
      id,
      type,
      payload: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      max_attempts: options.maxAttempts ?? 5,
      run_at: nowIso(options.runAt ?? new Date()),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: nowIso(),
      finished_at: null,
    })
    .execute();
  return id;
}

/** A job type the worker enqueues by itself, once per period (e.g. a clean-up every hour). */
export interface RecurringJob {
  type: string;
  /** Length of the period in milliseconds; periods start at multiples of it since 1970. */
  everyMs: number;
}

/** The id of a recurring job's run in a period: a UUID (version 8) derived from both. */
export function recurringJobId(type: string, period: number): string {
  const h = createHash('sha256').update(`${type}\n${period}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Enqueues the run of the current period of a recurring job, unless a process already did: the
 * id comes from the type and the period, so a second insert in the same period meets the
 * primary key and does nothing, on both dialects, however many workers race. One attempt only:
 * the next period is the retry. Returns true when this call added it.
 */
export async function enqueueRecurring(db: DbOrTrx, job: RecurringJob, now: Date = new Date()): Promise<boolean> {
  const period = Math.floor(now.getTime() / job.everyMs);
  const result = await db
    .insertInto('jobs')
    .values({
      id: recurringJobId(job.type, period),
      type: job.type,
      payload: '{}',
      status: 'queued',
      attempts: 0,
      max_attempts: 1,
      run_at: nowIso(now),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: nowIso(now),
      finished_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Back-off after the n-th failure: 30 s, 1 min, 2 min … capped at 1 hour. */
export function jobRetryDelaySeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600);
}

/**
 * Claims and runs due jobs of the registered types, one at a time. Returns how many ran.
 * A job whose worker died is re-claimed when its lease (`locked_until`) passes.
 */
export async function runDueJobs(
  db: Db,
  handlers: ReadonlyMap<string, JobHandler>,
  workerId: string,
  options: { limit?: number; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const nowText = nowIso(now);
  const types = [...handlers.keys()];
  if (types.length === 0) return 0;
  const due = await db
    .selectFrom('jobs')
    .select(['id', 'type', 'payload', 'attempts', 'max_attempts', 'locked_until', 'status'])
    .where('type', 'in', types)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowText)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowText)]),
      ]),
    )
    .orderBy('run_at')
    .limit(options.limit ?? 10)
    .execute();
  let ran = 0;
  for (const job of due) {
    const lease = new Date(now.getTime() + 10 * 60 * 1000).toISOString();
    let claim = db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: workerId, locked_until: lease, attempts: Number(job.attempts) + 1 })
      .where('id', '=', job.id)
      .where('status', '=', job.status);
    claim = job.locked_until === null ? claim.where('locked_until', 'is', null) : claim.where('locked_until', '=', job.locked_until);
    const claimed = await claim.executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const attempt = Number(job.attempts) + 1;
    const handler = handlers.get(job.type)!;
    try {
      await handler(fromJson(job.payload, {}), { db, jobId: job.id, attempt });
      await db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: nowIso(), locked_by: null, locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const giveUp = attempt >= Number(job.max_attempts);
      await db
        .updateTable('jobs')
        .set({
          status: giveUp ? 'failed' : 'queued',
          last_error: reason.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          run_at: nowIso(new Date(now.getTime() + jobRetryDelaySeconds(attempt) * 1000)),
          finished_at: giveUp ? nowIso() : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
    ran++;
  }
  return ran;
}

/** Puts a failed job back in the queue (UI button and `mosaic jobs retry`). */
export async function retryJob(db: DbOrTrx, id: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', run_at: nowIso(), attempts: 0, finished_at: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many jobs of a type are waiting or running (to tell users that work is under way). */
export async function activeJobCount(db: DbOrTrx, type: string): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', type)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
