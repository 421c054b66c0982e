/**
 * Follows, notifications and their emails — the part every module calls.
 *
 * A module declares its categories (`registerNotificationCategory`) and the kinds of thing one
 * may follow (`registerFollowTargetType`), then calls `notify(trx, …)` inside its own
 * transaction. A notification stores a message key and values, so it is rendered later in each
 * recipient's language (in the app and in email). Emails go out through the outbox from the
 * `notifications.email` job: at once, or grouped into a daily or weekly digest at the user's
 * hour (UTC), per the user's preference for the category.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson, toJson } from '../../platform/db/json.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { DEFAULT_LOCALE, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import { formatMessage } from '../../platform/i18n/messages.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import * as repo from './notifications.repository.js';
import { renderNotificationEmail, type EmailItem } from './notifications.email.js';

/** How a user wants to be emailed about a category. */
export const EMAIL_MODES = ['immediate', 'daily', 'weekly', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** Something one can follow, or that a notification is about. */
export interface FollowTarget {
  type: 'organization' | 'person' | 'group' | 'event_series' | 'opportunity' | (string & {});
  id: string;
}

/** A category of notifications, with its own email preference. */
export interface NotificationCategory {
  /** Stable code, `[a-z_]`, e.g. "opportunity_deadline". */
  key: string;
  /** Message key of its label on the preferences page. */
  labelKey: string;
  /** The modes a user may choose (a newsletter is either sent or not: immediate/off). */
  modes: readonly EmailMode[];
  defaultMode: EmailMode;
}

/** A followable kind of thing: how to name and link a batch of them for "what I follow". */
export interface FollowTargetType {
  type: string;
  describe(db: DbOrTrx, ids: string[]): Promise<Map<string, { title: TranslatedText | string; url: string }>>;
}

/** A message value: plain, or translatable (TranslatedText or `{ lo: '…', en: '…' }`), resolved in the recipient's language. */
export type MessageValue = string | number | TranslatedText | Partial<Record<string, string>>;

/** What `notify` writes: one notification per recipient. */
export interface NotifyInput {
  recipients: readonly string[];
  category: string;
  subject: FollowTarget;
  message: { key: string; values?: Record<string, MessageValue> };
  /** Site-relative link, e.g. "/opportunities/…" (no language prefix). */
  url: string;
  /** Who caused it; never notified of their own action. */
  actorId?: string | null;
}

/** Job type that sends notification emails (immediate ones and due digests). */
export const NOTIFICATIONS_EMAIL_JOB = 'notifications.email';
/** Category of newsletters (sent by the news module; on or off). */
export const NEWSLETTER_CATEGORY = 'newsletter';
/** Pseudo-categories of the unsubscribe links in digests: every category on that schedule. */
const DIGEST_UNSUBSCRIBE = { daily: 'digest_daily', weekly: 'digest_weekly' } as const;
/** Default digest time: 06:00 UTC, weekly on Monday. */
export const DEFAULT_DIGEST_HOUR = 6;
export const DEFAULT_DIGEST_WEEKDAY = 1;

const CATEGORY_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const TARGET_TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const TARGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

const categories = new Map<string, NotificationCategory>();
const targetTypes = new Map<string, FollowTargetType>();

/** Declares a category (once, at module load). */
export function registerNotificationCategory(category: NotificationCategory): void {
  if (!CATEGORY_KEY.test(category.key)) throw new Error(`bad category key ${category.key}`);
  categories.set(category.key, category);
}

/** Every declared category, in declaration order. */
export function notificationCategories(): NotificationCategory[] {
  return [...categories.values()];
}

/** Declares a followable type (once, at module load). */
export function registerFollowTargetType(type: FollowTargetType): void {
  targetTypes.set(type.type, type);
}

registerNotificationCategory({ key: NEWSLETTER_CATEGORY, labelKey: 'notif.category.newsletter', modes: ['immediate', 'off'], defaultMode: 'immediate' });
registerNotificationCategory({ key: 'followed_activity', labelKey: 'notif.category.followed_activity', modes: EMAIL_MODES, defaultMode: 'daily' });

function categoryOf(key: string): NotificationCategory {
  const category = categories.get(key);
  if (!category) throw new Error(`unknown notification category ${key}`);
  return category;
}

/** Checks a follow target from user input; VALIDATION for a malformed one, NOT_FOUND for an unknown one. */
export async function checkTarget(db: DbOrTrx, target: { type?: unknown; id?: unknown }): Promise<FollowTarget & { title: TranslatedText | string; url: string }> {
  const type = typeof target.type === 'string' ? target.type : '';
  const id = typeof target.id === 'string' ? target.id : '';
  if (!TARGET_TYPE.test(type) || !targetTypes.has(type)) throw validationError([{ field: 'target_type', key: 'notif.error.target' }]);
  if (!TARGET_ID.test(id)) throw validationError([{ field: 'target_id', key: 'notif.error.target' }]);
  const found = (await targetTypes.get(type)!.describe(db, [id])).get(id);
  if (!found) throw new AppError('NOT_FOUND');
  return { type, id, ...found };
}

// ---------------------------------------------------------------- follows

/** Follows a target (idempotent). */
export async function follow(trx: DbOrTrx, actor: Actor, userId: string, target: FollowTarget): Promise<void> {
  if (await repo.findFollow(trx, userId, target.type, target.id)) return;
  const row = { id: newId(), user_id: userId, target_type: target.type, target_id: target.id, created_at: nowIso() };
  await repo.insertFollow(trx, row);
  await recordAudit(trx, actor, { action: 'follow.create', entityType: target.type, entityId: target.id, after: { user_id: userId } });
}

/** Stops following (idempotent). */
export async function unfollow(trx: DbOrTrx, actor: Actor, userId: string, target: FollowTarget): Promise<void> {
  const row = await repo.findFollow(trx, userId, target.type, target.id);
  if (!row) return;
  await repo.deleteFollow(trx, row.id);
  await recordAudit(trx, actor, { action: 'follow.delete', entityType: target.type, entityId: target.id, before: { user_id: userId } });
}

/**
 * Moves the followers of a target to another (when two records are merged), so they keep hearing
 * about the record that stays. Returns how many follows moved.
 */
export async function moveFollowers(trx: DbOrTrx, actor: Actor, type: string, fromId: string, toId: string): Promise<number> {
  const moved = await repo.moveFollows(trx, type, fromId, toId);
  if (moved) await recordAudit(trx, actor, { action: 'follow.move', entityType: type, entityId: toId, before: { target_id: fromId }, after: { target_id: toId, moved } });
  return moved;
}

/** True when the user follows the target. */
export async function isFollowing(db: DbOrTrx, userId: string | null | undefined, target: FollowTarget): Promise<boolean> {
  if (!userId) return false;
  return (await repo.findFollow(db, userId, target.type, target.id)) !== undefined;
}

/** Ids of the active users who follow the target. */
export async function followersOf(trx: DbOrTrx, target: FollowTarget): Promise<string[]> {
  return repo.followerIds(trx, target.type, target.id);
}

/** What a user follows, named and linked (targets that no longer exist are left out). */
export async function listFollows(db: DbOrTrx, userId: string, limit = 500) {
  const rows = await repo.followsOfUser(db, userId, limit);
  const byType = new Map<string, string[]>();
  for (const r of rows) byType.set(r.target_type, [...(byType.get(r.target_type) ?? []), r.target_id]);
  const described = new Map<string, { title: TranslatedText | string; url: string }>();
  for (const [type, ids] of byType) {
    const kind = targetTypes.get(type);
    if (!kind) continue;
    for (const [id, d] of await kind.describe(db, ids)) described.set(`${type}:${id}`, d);
  }
  return rows.flatMap((r) => {
    const d = described.get(`${r.target_type}:${r.target_id}`);
    return d ? [{ type: r.target_type, id: r.target_id, title: d.title, url: d.url, since: r.created_at }] : [];
  });
}

// ---------------------------------------------------------------- preferences

/** A user's mode for every category (stored or default). */
export async function preferencesOf(db: DbOrTrx, userId: string): Promise<Record<string, EmailMode>> {
  const stored = await repo.preferencesOf(db, userId);
  const out: Record<string, EmailMode> = {};
  for (const c of categories.values()) {
    const mode = stored.get(c.key) as EmailMode | undefined;
    out[c.key] = mode && c.modes.includes(mode) ? mode : c.defaultMode;
  }
  return out;
}

/** Modes of one category for many users. */
export async function modesFor(db: DbOrTrx, userIds: readonly string[], category: string): Promise<Map<string, EmailMode>> {
  const c = categoryOf(category);
  const stored = await repo.modesFor(db, [...userIds], category);
  return new Map(userIds.map((id) => {
    const mode = stored.get(id) as EmailMode | undefined;
    return [id, mode && c.modes.includes(mode) ? mode : c.defaultMode];
  }));
}

/** Digest time of a user. */
export async function digestTimeOf(db: DbOrTrx, userId: string): Promise<{ hourUtc: number; weekday: number }> {
  const row = (await repo.digestSettings(db, [userId])).get(userId);
  return { hourUtc: row ? Number(row.hour_utc) : DEFAULT_DIGEST_HOUR, weekday: row ? Number(row.weekday) : DEFAULT_DIGEST_WEEKDAY };
}

/** Saves preferences from a form or the API; unknown categories or modes are field errors. */
export async function savePreferences(
  trx: DbOrTrx,
  actor: Actor,
  userId: string,
  input: { modes: Record<string, string | undefined>; hourUtc?: number | string; weekday?: number | string },
): Promise<void> {
  const errors: { field: string; key: string }[] = [];
  const modes: [string, EmailMode][] = [];
  for (const [key, value] of Object.entries(input.modes)) {
    if (value === undefined) continue;
    const c = categories.get(key);
    if (!c) {
      errors.push({ field: `mode_${key}`.slice(0, 60), key: 'notif.error.category' });
      continue;
    }
    if (!c.modes.includes(value as EmailMode)) errors.push({ field: `mode_${key}`, key: 'notif.error.mode' });
    else modes.push([key, value as EmailMode]);
  }
  const current = await digestTimeOf(trx, userId);
  const hour = input.hourUtc === undefined || input.hourUtc === '' ? current.hourUtc : Number(input.hourUtc);
  const weekday = input.weekday === undefined || input.weekday === '' ? current.weekday : Number(input.weekday);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) errors.push({ field: 'hour', key: 'notif.error.hour' });
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) errors.push({ field: 'weekday', key: 'notif.error.weekday' });
  if (errors.length) throw validationError(errors);
  const before = await preferencesOf(trx, userId);
  const now = nowIso();
  for (const [category, mode] of modes) {
    await repo.upsertPreference(trx, { id: newId(), user_id: userId, category, mode, updated_at: now });
    if (before[category] !== mode) await repo.repointPending(trx, userId, category, mode);
  }
  await repo.upsertDigestSettings(trx, { id: newId(), user_id: userId, hour_utc: hour, weekday, last_daily_at: null, last_weekly_at: null, updated_at: now });
  await recordAudit(trx, actor, {
    action: 'notification_preferences.update',
    entityType: 'user',
    entityId: userId,
    before: { modes: before, ...current },
    after: { modes: Object.fromEntries(modes), hourUtc: hour, weekday },
  });
}

// ---------------------------------------------------------------- notify

/** Writes one notification per recipient and schedules its email. Returns how many were written. */
export async function notify(trx: DbOrTrx, input: NotifyInput): Promise<number> {
  categoryOf(input.category);
  const recipients = [...new Set(input.recipients)].filter((id) => id && id !== input.actorId);
  if (recipients.length === 0) return 0;
  const users = await repo.activeUsers(trx, recipients);
  if (users.length === 0) return 0;
  const modes = await modesFor(trx, users.map((u) => u.id), input.category);
  const now = nowIso();
  const rows = users.map((u) => {
    const mode = modes.get(u.id)!;
    return {
      id: newId(),
      user_id: u.id,
      category: input.category,
      subject_type: input.subject.type,
      subject_id: input.subject.id,
      message_key: input.message.key,
      message_values: toJson(input.message.values ?? {})!,
      url: input.url,
      actor_id: input.actorId ?? null,
      created_at: now,
      read_at: null,
      email_mode: mode,
      email_status: mode === 'off' || !u.email_verified_at ? 'skipped' : 'pending',
      emailed_at: null,
    };
  });
  await repo.insertNotifications(trx, rows);
  if (rows.some((r) => r.email_status === 'pending' && r.email_mode === 'immediate')) await scheduleEmailJob(trx, new Date());
  await recordAudit(trx, input.actorId ? { userId: input.actorId, label: 'notify' } : SYSTEM_ACTOR, {
    action: 'notification.create',
    entityType: input.subject.type,
    entityId: input.subject.id,
    after: { category: input.category, key: input.message.key, recipients: rows.length },
  });
  return rows.length;
}

/** Makes sure the email job runs at `when` (or earlier). */
export async function scheduleEmailJob(db: DbOrTrx, when: Date): Promise<void> {
  if (!(await repo.jobQueuedBy(db, NOTIFICATIONS_EMAIL_JOB, nowIso(when)))) await enqueueJob(db, NOTIFICATIONS_EMAIL_JOB, {}, { runAt: when });
}

// ---------------------------------------------------------------- reading

/** A notification rendered for one reader. */
export interface NotificationView {
  id: string;
  category: string;
  subject: FollowTarget;
  text: string;
  url: string;
  createdAt: string;
  read: boolean;
}

/** A translatable value given either as TranslatedText or as plain strings per language. */
function asText(value: object): TranslatedText {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? { value: v, provenance: 'human' } : v;
  return out as TranslatedText;
}

/** Renders a stored message in `locale`. */
export function renderMessage(row: { message_key: string; message_values: string }, locale: Locale): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fromJson<Record<string, MessageValue>>(row.message_values, {}))) {
    values[k] = typeof v === 'object' && v !== null ? textFor(asText(v), locale) : (v as string | number);
  }
  try {
    return formatMessage(locale, row.message_key, values);
  } catch {
    return row.message_key;
  }
}

function view(row: repo.NotificationRow, locale: Locale): NotificationView {
  return {
    id: row.id,
    category: row.category,
    subject: { type: row.subject_type, id: row.subject_id },
    text: renderMessage(row, locale),
    url: row.url,
    createdAt: row.created_at,
    read: row.read_at !== null,
  };
}

/** A user's notifications, newest first. */
export async function listNotifications(db: DbOrTrx, userId: string, locale: Locale, options: { unreadOnly?: boolean; limit?: number; before?: string } = {}) {
  const rows = await repo.listNotifications(db, userId, { unreadOnly: options.unreadOnly ?? false, limit: Math.min(Math.max(options.limit ?? 50, 1), 200), before: options.before });
  return rows.map((r) => view(r, locale));
}

/** How many unread notifications a user has (the bell). */
export function unreadCount(db: DbOrTrx, userId: string): Promise<number> {
  return repo.countUnread(db, userId);
}

/** Marks some (or all) of the user's notifications read. */
export async function markRead(trx: DbOrTrx, actor: Actor, userId: string, ids: string[] | null): Promise<number> {
  const n = await repo.markRead(trx, userId, ids ? ids.filter((id) => TARGET_ID.test(id)) : null, nowIso());
  if (n) await recordAudit(trx, actor, { action: 'notification.read', entityType: 'user', entityId: userId, after: { count: n } });
  return n;
}

// ---------------------------------------------------------------- unsubscribe tokens

function unsubscribeKey(secret: string): Buffer {
  // A key of its own, derived from the server secret, so these MACs cannot stand in for cookies.
  return createHmac('sha256', secret).update('mosaic.unsubscribe.v1').digest();
}

function mac(secret: string, userId: string, category: string): string {
  return createHmac('sha256', unsubscribeKey(secret)).update(`${userId}\n${category}`).digest('base64url').slice(0, 32);
}

/** A token that unsubscribes one user from one category, and nothing else. */
export function unsubscribeToken(secret: string, userId: string, category: string): string {
  return `${userId}.${category}.${mac(secret, userId, category)}`;
}

/** The user and category of a valid token, or null. */
export function verifyUnsubscribeToken(secret: string, token: unknown): { userId: string; category: string } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [userId, category, given] = parts as [string, string, string];
  if (!TARGET_ID.test(userId) || !CATEGORY_KEY.test(category)) return null;
  const expected = Buffer.from(mac(secret, userId, category));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { userId, category };
}

/** The category names a token's category stands for (digest links cover a whole schedule). */
export function isUnsubscribeCategory(category: string): boolean {
  return categories.has(category) || category === DIGEST_UNSUBSCRIBE.daily || category === DIGEST_UNSUBSCRIBE.weekly;
}

/**
 * Applies an unsubscribe token: the category (or every category on that digest schedule) is set
 * to "off". Returns the categories turned off, or null for an invalid token.
 */
export async function unsubscribe(trx: DbOrTrx, secret: string, token: unknown): Promise<{ userId: string; categories: string[] } | null> {
  const parsed = verifyUnsubscribeToken(secret, token);
  if (!parsed || !isUnsubscribeCategory(parsed.category)) return null;
  if ((await repo.activeUsers(trx, [parsed.userId])).length === 0) return null;
  const current = await preferencesOf(trx, parsed.userId);
  const schedule = parsed.category === DIGEST_UNSUBSCRIBE.daily ? 'daily' : parsed.category === DIGEST_UNSUBSCRIBE.weekly ? 'weekly' : null;
  const targets = schedule ? Object.keys(current).filter((k) => current[k] === schedule) : [parsed.category];
  const turnedOff = targets.filter((k) => current[k] !== 'off' && categoryOf(k).modes.includes('off'));
  const now = nowIso();
  for (const category of turnedOff) {
    await repo.upsertPreference(trx, { id: newId(), user_id: parsed.userId, category, mode: 'off', updated_at: now });
    await repo.repointPending(trx, parsed.userId, category, 'off');
  }
  if (turnedOff.length) {
    await recordAudit(trx, { userId: parsed.userId, label: 'unsubscribe' }, {
      action: 'notification_preferences.unsubscribe',
      entityType: 'user',
      entityId: parsed.userId,
      after: { categories: turnedOff },
    });
  }
  return { userId: parsed.userId, categories: turnedOff };
}

/** The headers of a bulk email (RFC 2369 and RFC 8058 one-click). */
export function unsubscribeHeaders(baseUrl: string, secret: string, userId: string, category: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(baseUrl, secret, userId, category)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** The public unsubscribe link. */
export function unsubscribeUrl(baseUrl: string, secret: string, userId: string, category: string): string {
  return `${baseUrl}/unsubscribe/${unsubscribeToken(secret, userId, category)}`;
}

// ---------------------------------------------------------------- emails

/** The latest scheduled instant at or before `now` (daily: weekday null). */
export function lastSlot(now: Date, hourUtc: number, weekday: number | null): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (weekday !== null) d.setUTCDate(d.getUTCDate() - ((now.getUTCDay() - weekday + 7) % 7));
  if (d.getTime() > now.getTime()) d.setUTCDate(d.getUTCDate() - (weekday === null ? 1 : 7));
  return d;
}

/** What the email job needs from the configuration. */
export interface MailSettings {
  baseUrl: string;
  secretKey: string;
}

function localeOf(user: { locale: string | null }): Locale {
  return parseLocale(user.locale) ?? DEFAULT_LOCALE;
}

/**
 * Sends what is due at `now`: each pending immediate notification on its own, and for each user
 * whose daily or weekly slot has passed, one digest of the pending ones written before it.
 * Returns how many emails were queued in the outbox.
 */
export async function sendDueEmails(db: Db, settings: MailSettings, now = new Date()): Promise<{ immediate: number; digests: number }> {
  const nowText = nowIso(new Date(now.getTime() + 1));
  let immediate = 0;
  let digests = 0;
  for (const userId of await repo.usersWithPending(db, 'immediate', nowText)) {
    immediate += await db.transaction().execute(async (trx) => {
      const [user] = await repo.activeUsers(trx, [userId]);
      const rows = await repo.pendingOf(trx, userId, ['immediate'], nowText);
      if (!user) {
        await repo.claimPending(trx, rows.map((r) => r.id), 'skipped', nowText);
        return 0;
      }
      let n = 0;
      for (const row of rows) {
        if ((await repo.claimPending(trx, [row.id], 'sent', nowText)) !== 1) continue;
        const mail = renderNotificationEmail({ kind: 'immediate', locale: localeOf(user), name: user.display_name, items: [itemOf(row, localeOf(user), settings.baseUrl)], ...links(settings, user.id, row.category, localeOf(user)) });
        await enqueueMail(trx, { to: user.email, ...mail, headers: unsubscribeHeaders(settings.baseUrl, settings.secretKey, user.id, row.category) });
        n++;
      }
      return n;
    });
  }
  for (const schedule of ['daily', 'weekly'] as const) {
    // Anything written before a week ago is due for every user whatever their hour.
    const candidates = await repo.usersWithPending(db, schedule, nowText);
    const times = await repo.digestSettings(db, candidates);
    for (const userId of candidates) {
      const t = times.get(userId);
      const slot = lastSlot(now, t ? Number(t.hour_utc) : DEFAULT_DIGEST_HOUR, schedule === 'weekly' ? (t ? Number(t.weekday) : DEFAULT_DIGEST_WEEKDAY) : null);
      digests += await db.transaction().execute(async (trx) => {
        const rows = await repo.pendingOf(trx, userId, [schedule], nowIso(slot));
        if (rows.length === 0) return 0;
        const [user] = await repo.activeUsers(trx, [userId]);
        if ((await repo.claimPending(trx, rows.map((r) => r.id), user ? 'sent' : 'skipped', nowText)) !== rows.length) throw new Error('digest claimed by another worker');
        if (!user) return 0;
        const locale = localeOf(user);
        const category = DIGEST_UNSUBSCRIBE[schedule];
        const mail = renderNotificationEmail({ kind: schedule, locale, name: user.display_name, items: rows.map((r) => itemOf(r, locale, settings.baseUrl)), ...links(settings, user.id, category, locale) });
        await enqueueMail(trx, { to: user.email, ...mail, headers: unsubscribeHeaders(settings.baseUrl, settings.secretKey, user.id, category) });
        if (t) await repo.markDigestSent(trx, userId, schedule === 'daily' ? 'last_daily_at' : 'last_weekly_at', nowText);
        return 1;
      }).catch((err: unknown) => {
        if (err instanceof Error && err.message === 'digest claimed by another worker') return 0;
        throw err;
      });
    }
  }
  return { immediate, digests };
}

function withLocale(baseUrl: string, locale: Locale, path: string): string {
  return `${baseUrl}/${locale.toLowerCase()}${path === '/' ? '' : path}`;
}

function itemOf(row: repo.NotificationRow, locale: Locale, baseUrl: string): EmailItem {
  return { text: renderMessage(row, locale), url: withLocale(baseUrl, locale, row.url), at: row.created_at };
}

function links(settings: MailSettings, userId: string, category: string, locale: Locale) {
  return {
    preferencesUrl: withLocale(settings.baseUrl, locale, '/notifications/preferences'),
    notificationsUrl: withLocale(settings.baseUrl, locale, '/notifications'),
    unsubscribeUrl: unsubscribeUrl(settings.baseUrl, settings.secretKey, userId, category),
  };
}
