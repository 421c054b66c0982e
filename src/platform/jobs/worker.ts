/** The background worker loop of a process with the `worker` role: outbox delivery and jobs. */
import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/index.js';
import { deliverDueMail } from '../mail/outbox.js';
import { runDueJobs, type JobHandler } from './jobs.js';

/** Starts polling every `intervalMs`; returns a function that stops it and waits for the current pass. */
export function startWorker(options: {
  db: Db;
  transport: Transporter | null;
  mailFrom: string;
  handlers: ReadonlyMap<string, JobHandler>;
  log: FastifyBaseLogger;
  intervalMs?: number;
}): () => Promise<void> {
  const workerId = `${hostname()}:${process.pid}`;
  let stopped = false;
  let running: Promise<void> | null = null;
  const pass = async () => {
    try {
      const mail = await deliverDueMail(options.db, options.transport, options.mailFrom);
      if (mail.sent || mail.failed) options.log.info(mail, 'outbox delivery');
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
