/**
 * The background worker loop of a process with the `worker` role: outbox delivery, recurring
 * jobs enqueued once per period, and due jobs.
 */
import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/index.js';
import { deliverDueMail } from '../mail/outbox.js';
import type { DbOrTrx } from '../db/index.js';
import { enqueueRecurring, runDueJobs, type JobHandler, type RecurringJob } from './jobs.js';

/**
 * Enqueues each recurring job whose current period this process has not enqueued yet. `seen`
 * (period per type) only spares the database an insert on every pass; whether the job is added
 * is decided by the insert, so several processes add it once between them.
 */
export async function scheduleRecurring(db: DbOrTrx, jobs: readonly RecurringJob[], seen: Map<string, number>, now: Date = new Date()): Promise<number> {
  let added = 0;
  for (const job of jobs) {
    const period = Math.floor(now.getTime() / job.everyMs);
    if (seen.get(job.type) === period) continue;
    if (await enqueueRecurring(db, job, now)) added++;
    seen.set(job.type, period);
  }
  return added;
}

/** Starts polling every `intervalMs`; returns a function that stops it and waits for the current pass. */
export function startWorker(options: {
  db: Db;
  transport: Transporter | null;
  mailFrom: string;
  handlers: ReadonlyMap<string, JobHandler>;
  /** Jobs to enqueue by themselves, each at most once per period across every process. */
  recurring?: readonly RecurringJob[];
  log: FastifyBaseLogger;
  intervalMs?: number;
}): () => Promise<void> {
  const workerId = `${hostname()}:${process.pid}`;
  let stopped = false;
  let running: Promise<void> | null = null;
  const seen = new Map<string, number>();
  const pass = async () => {
    try {
      const mail = await deliverDueMail(options.db, options.transport, options.mailFrom);
      if (mail.sent || mail.failed) options.log.info(mail, 'outbox delivery');
      await scheduleRecurring(options.db, options.recurring ?? [], seen);
      await runDueJobs(options.db, options.handlers, workerId);
    } catch (err) {
      options.log.error({ err }, 'worker pass failed');
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = pass().finally(() => {
      running = null;
    });
  }, options.intervalMs ?? 2000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    if (running) await running;
  };
}
