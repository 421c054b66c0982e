/** SQL of notifications: follows, notifications, preferences and digest settings. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { DigestSettingsTable, FollowsTable, NotificationsTable } from './notifications.table.js';

export type FollowRow = Selectable<FollowsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type DigestSettingsRow = Selectable<DigestSettingsTable>;

export async function findFollow(db: DbOrTrx, userId: string, type: string, id: string): Promise<FollowRow | undefined> {
  return db.selectFrom('follows').selectAll().where('user_id', '=', userId).where('target_type', '=', type).where('target_id', '=', id).executeTakeFirst();
}

export async function insertFollow(db: DbOrTrx, row: FollowRow): Promise<void> {
  await db.insertInto('follows').values(row).onConflict((oc) => oc.columns(['user_id', 'target_type', 'target_id']).doNothing()).execute();
}

export async function deleteFollow(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('follows').where('id', '=', id).execute();
}

/** Moves the follows of one target to another; a user who follows both keeps one. Returns how many moved. */
export async function moveFollows(db: DbOrTrx, type: string, fromId: string, toId: string): Promise<number> {
  const moved = await db
    .updateTable('follows')
    .set({ target_id: toId })
    .where('target_type', '=', type)
    .where('target_id', '=', fromId)
    .where('user_id', 'not in', (eb) => eb.selectFrom('follows').select('user_id').where('target_type', '=', type).where('target_id', '=', toId))
    .executeTakeFirst();
  await db.deleteFrom('follows').where('target_type', '=', type).where('target_id', '=', fromId).execute();
  return Number(moved.numUpdatedRows);
}

export async function followsOfUser(db: DbOrTrx, userId: string, limit: number): Promise<FollowRow[]> {
  return db.selectFrom('follows').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
}

/** Which of `ids` (of one type) the user follows. */
export async function followedAmong(db: DbOrTrx, userId: string, type: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('follows').select('target_id').where('user_id', '=', userId).where('target_type', '=', type).where('target_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.target_id));
}

export async function followerIds(db: DbOrTrx, type: string, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('follows')
    .innerJoin('users', 'users.id', 'follows.user_id')
    .select('follows.user_id')
    .where('follows.target_type', '=', type)
    .where('follows.target_id', '=', id)
    .where('users.status', '=', 'active')
    .orderBy('follows.user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function activeUsers(db: DbOrTrx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale', 'email_verified_at'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
}

/** Stored preferences of some users for one category: user id → mode. */
export async function modesFor(db: DbOrTrx, userIds: string[], category: string): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('notification_preferences').select(['user_id', 'mode']).where('category', '=', category).where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.user_id, r.mode]));
}

export async function preferencesOf(db: DbOrTrx, userId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('notification_preferences').select(['category', 'mode']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.category, r.mode]));
}

export async function upsertPreference(db: DbOrTrx, row: { id: string; user_id: string; category: string; mode: string; updated_at: string }): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'category']).doUpdateSet({ mode: row.mode, updated_at: row.updated_at }))
    .execute();
}

/** Pending emails of a category follow a changed preference ("off" skips them). */
export async function repointPending(db: DbOrTrx, userId: string, category: string, mode: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set(mode === 'off' ? { email_mode: mode, email_status: 'skipped' } : { email_mode: mode })
    .where('user_id', '=', userId)
    .where('category', '=', category)
    .where('email_status', '=', 'pending')
    .execute();
}

export async function insertNotifications(db: DbOrTrx, rows: NotificationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('notifications').values(rows.slice(i, i + 200)).execute();
}

export async function listNotifications(db: DbOrTrx, userId: string, options: { unreadOnly: boolean; limit: number; before?: string }): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (options.unreadOnly) q = q.where('read_at', 'is', null);
  if (options.before) q = q.where('created_at', '<', options.before);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function countUnread(db: DbOrTrx, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the user's notifications read (all, or those in `ids`); returns how many changed. */
export async function markRead(db: DbOrTrx, userId: string, ids: string[] | null, now: string): Promise<number> {
  if (ids && ids.length === 0) return 0;
  let q = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** Users with pending emails of `mode` written before `before`. */
export async function usersWithPending(db: DbOrTrx, mode: string, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('email_status', '=', 'pending')
    .where('email_mode', '=', mode)
    .where('created_at', '<', before)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function pendingOf(db: DbOrTrx, userId: string, modes: string[], before: string): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('email_status', '=', 'pending')
    .where('email_mode', 'in', modes)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Claims pending rows for sending; returns how many were still pending. */
export async function claimPending(db: DbOrTrx, ids: string[], status: 'sent' | 'skipped', now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('notifications')
    .set({ email_status: status, emailed_at: status === 'sent' ? now : null })
    .where('id', 'in', ids)
    .where('email_status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function digestSettings(db: DbOrTrx, userIds: string[]): Promise<Map<string, DigestSettingsRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('digest_settings').selectAll().where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}

export async function upsertDigestSettings(db: DbOrTrx, row: DigestSettingsRow): Promise<void> {
  await db
    .insertInto('digest_settings')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ hour_utc: row.hour_utc, weekday: row.weekday, updated_at: row.updated_at }))
    .execute();
}

export async function markDigestSent(db: DbOrTrx, userId: string, column: 'last_daily_at' | 'last_weekly_at', now: string): Promise<void> {
  await db.updateTable('digest_settings').set({ [column]: now }).where('user_id', '=', userId).execute();
}

/** True when a job of `type` is queued to run at or before `by`. */
export async function jobQueuedBy(db: DbOrTrx, type: string, by: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('type', '=', type).where('status', '=', 'queued').where('run_at', '<=', by).limit(1).executeTakeFirst();
  return row !== undefined;
}
