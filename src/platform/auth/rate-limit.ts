/**
 * Rate limits and back-off kept in the database, so every app process counts the same
 * attempts. Used for sign-in (per account and per IP), registration, reset requests.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/index.js';
import { nowIso } from '../ids.js';

/** A limit: at most `max` events per `windowSeconds`; then blocked for `blockSeconds`. */
export interface LimitRule {
  max: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** Limits used across the platform. */
export const LIMITS = {
  /** Failed sign-ins per IP address. */
  loginIp: { max: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  /** Failed sign-ins per account: after 5, exponential back-off (see `backoffSeconds`). */
  loginAccount: { max: 5, windowSeconds: 60 * 60, blockSeconds: 30 },
  /** Registrations and reset/verification requests per IP. */
  emailIp: { max: 10, windowSeconds: 60 * 60, blockSeconds: 60 * 60 },
  /** Reset/verification emails per address. */
  emailAddress: { max: 3, windowSeconds: 60 * 60, blockSeconds: 60 * 60 },
} as const satisfies Record<string, LimitRule>;

/** Seconds a caller must still wait, or 0 when not blocked. */
export async function retryAfter(db: DbOrTrx, key: string, now = new Date()): Promise<number> {
  const row = await db.selectFrom('rate_limits').select('blocked_until').where('key', '=', key).executeTakeFirst();
  if (!row?.blocked_until) return 0;
  const ms = Date.parse(row.blocked_until) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/**
 * Back-off for an account after repeated failures: 30 s after the 5th failure, doubling each
 * time, capped at 15 minutes. Slows guessing without locking the real owner out for long.
 */
export function backoffSeconds(failures: number, rule: LimitRule): number {
  if (failures < rule.max) return 0;
  return Math.min(rule.blockSeconds * 2 ** (failures - rule.max), 15 * 60);
}

/**
 * Counts one event against `key`. When the count reaches the rule's maximum within the window,
 * the key is blocked; returns the seconds blocked (0 if still allowed).
 */
export async function hit(db: DbOrTrx, key: string, rule: LimitRule, exponential = false, now = new Date()): Promise<number> {
  const nowText = nowIso(now);
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000).toISOString();
  // Reset a window that has expired, then increment; an upsert works the same on both dialects.
  await db
    .insertInto('rate_limits')
    .values({ key, count: 1, window_start: nowText, blocked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when rate_limits.window_start < ${windowStart} then 1 else rate_limits.count + 1 end`,
        window_start: sql`case when rate_limits.window_start < ${windowStart} then ${nowText} else rate_limits.window_start end`,
      }),
    )
    .execute();
  const row = await db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirstOrThrow();
  const count = Number(row.count);
  const seconds = exponential ? backoffSeconds(count, rule) : count >= rule.max ? rule.blockSeconds : 0;
  if (seconds > 0) {
    await db
      .updateTable('rate_limits')
      .set({ blocked_until: new Date(now.getTime() + seconds * 1000).toISOString() })
      .where('key', '=', key)
      .execute();
  }
  return seconds;
}

/** Forgets the counter (e.g. after a successful sign-in). */
export async function clear(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
