/**
 * Outgoing email. Services put messages in the outbox table inside their own transaction; a
 * worker delivers them over SMTP with retries and back-off, so nothing is lost when SMTP is down
 * and a rolled-back change sends no email.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, DbOrTrx } from '../db/index.js';
import { fromJson, toJson } from '../db/json.js';
import { newId, nowIso } from '../ids.js';

/** One email to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  /** Files sent with the message (small text files such as calendar invitations). */
  attachments?: MailAttachment[];
}

/** A file attached to an email; `content` is text (UTF-8). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** States of an outbox message. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/** Puts a message in the outbox (inside the caller's transaction). Returns its id. */
export async function enqueueMail(db: DbOrTrx, mail: OutgoingMail): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('outbox')
    .values({
      id,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      headers: toJson(mail.headers ?? null),
      attachments: mail.attachments?.length ? toJson(mail.attachments) : null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
  return id;
}

/** Retries before a message is marked failed (about a day of back-off in total). */
export const MAX_ATTEMPTS = 10;

/** Back-off after the n-th failed attempt: 1 min, 2, 4 … capped at 4 hours. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 4 * 60 * 60);
}

/** Creates the SMTP transport for `SMTP_URL`, or null when mail is not configured. */
export function createTransport(smtpUrl: string | null): Transporter | null {
  if (!smtpUrl) return null;
  const url = new URL(smtpUrl);
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '::1';
  return nodemailer.createTransport({
    url: smtpUrl,
    // A relay on loopback is trusted; elsewhere STARTTLS is taken when offered.
    ...(local ? { ignoreTLS: url.protocol === 'smtp:' } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/**
 * Sends the messages that are due. Each is claimed with a conditional update, so several
 * worker processes never send the same message twice. Returns counts for logging and tests.
 */
export async function deliverDueMail(
  db: Db,
  transport: Transporter | null,
  from: string,
  now = new Date(),
): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  const nowText = nowIso(now);
  const due = await db
    .selectFrom('outbox')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb('status', '=', 'sending')]))
    .where('next_attempt_at', '<=', nowText)
    .orderBy('next_attempt_at')
    .limit(20)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    // Claim: push next_attempt_at forward so a crashed sender's claim expires after 5 minutes.
    const lease = new Date(now.getTime() + 5 * 60 * 1000).toISOString();
    const claim = await db
      .updateTable('outbox')
      .set({ status: 'sending', next_attempt_at: lease })
      .where('id', '=', message.id)
      .where('next_attempt_at', '=', message.next_attempt_at)
      .where('status', '=', message.status)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      await transport.sendMail({
        from,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        ...(message.html_body ? { html: message.html_body } : {}),
        headers: fromJson<Record<string, string>>(message.headers, {}),
        attachments: fromJson<MailAttachment[]>(message.attachments, []),
      });
      await db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: nowIso(), attempts: Number(message.attempts) + 1, last_error: null })
        .where('id', '=', message.id)
        .execute();
      sent++;
    } catch (err) {
      const attempts = Number(message.attempts) + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('outbox')
        .set({
          status: giveUp ? 'failed' : 'pending',
          attempts,
          last_error: err instanceof Error ? err.message.slice(0, 1000) : String(err),
          next_attempt_at: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000).toISOString(),
        })
        .where('id', '=', message.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}

/** Outbox rows for the admin page, newest first. */
export async function listOutbox(db: DbOrTrx, status: string | null, limit = 50) {
  let q = db.selectFrom('outbox').select(['id', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'next_attempt_at']);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('created_at', 'desc').limit(limit).execute();
}
