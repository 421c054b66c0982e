/** SQL of the accounts module. Every function takes the database or a transaction first. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { ApiTokensTable, EmailTokensTable, SessionsTable, UsersTable } from './accounts.table.js';

/** A user row. */
export type UserRow = Selectable<UsersTable>;
/** A session row. */
export type SessionRow = Selectable<SessionsTable>;
/** An email-token row. */
export type EmailTokenRow = Selectable<EmailTokensTable>;
/** An API-token row. */
export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function findUserByEmail(db: DbOrTrx, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: DbOrTrx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: DbOrTrx, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: DbOrTrx, id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function countUsers(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countPlatformAdmins(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_platform_admin', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Users for the admin list, filtered by a fragment of email or name. */
export async function listUsers(db: DbOrTrx, query: string, limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
  let q = db.selectFrom('users');
  if (query) {
    const like = `%${query.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb('email', 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q.selectAll().orderBy('created_at', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total?.n ?? 0) };
}

export async function insertSession(db: DbOrTrx, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A live session and its user, or undefined when expired, unknown or the user is disabled. */
export async function findLiveSession(db: DbOrTrx, id: string, now: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
  if (!session) return undefined;
  const user = await findUserById(db, session.user_id);
  if (!user || user.status !== 'active') return undefined;
  return { session, user };
}

export async function touchSession(db: DbOrTrx, id: string, lastSeen: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeen, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, optionally keeping one (the one changing the password). */
export async function deleteUserSessions(db: DbOrTrx, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function deleteExpiredSessions(db: DbOrTrx, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function insertEmailToken(db: DbOrTrx, row: EmailTokenRow): Promise<void> {
  await db.insertInto('email_tokens').values(row).execute();
}

export async function findEmailToken(db: DbOrTrx, id: string): Promise<EmailTokenRow | undefined> {
  return db.selectFrom('email_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a token used; returns false if it was already used (a link works once). */
export async function useEmailToken(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pending invitations, newest first. */
export async function listPendingInvitations(db: DbOrTrx, spaceIds: string[] | null, now: string): Promise<EmailTokenRow[]> {
  let q = db
    .selectFrom('email_tokens')
    .selectAll()
    .where('purpose', '=', 'invite')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now);
  if (spaceIds) {
    if (spaceIds.length === 0) return [];
    q = q.where('space_id', 'in', spaceIds);
  }
  return q.orderBy('created_at', 'desc').limit(200).execute();
}

export async function insertApiToken(db: DbOrTrx, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function listApiTokens(db: DbOrTrx, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function findApiTokenByHash(db: DbOrTrx, hash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function touchApiToken(db: DbOrTrx, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes a user's token; returns the row before revocation, if it was theirs and live. */
export async function revokeApiToken(db: DbOrTrx, userId: string, id: string, now: string): Promise<ApiTokenRow | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
  return row;
}
