/** SQL of news posts, and the directory facts a newsletter segment is chosen by. */
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { NewsletterSendsTable, NewsPostsTable } from './news.table.js';

export type NewsPostRow = Selectable<NewsPostsTable>;
export type SendRow = Selectable<NewsletterSendsTable>;

export async function findPost(db: DbOrTrx, id: string): Promise<NewsPostRow | undefined> {
  return db.selectFrom('news_posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPost(db: DbOrTrx, row: NewsPostRow): Promise<void> {
  await db.insertInto('news_posts').values(row).execute();
}

export async function updatePost(db: DbOrTrx, id: string, patch: Partial<Omit<NewsPostRow, 'id'>>): Promise<void> {
  await db.updateTable('news_posts').set(patch).where('id', '=', id).execute();
}

/** Published posts that are due at `now`, newest first; `spaceIds` null = every space. */
export async function listPublished(db: DbOrTrx, spaceIds: string[] | null, now: string, limit: number, offset: number): Promise<{ rows: NewsPostRow[]; total: number }> {
  let q = db.selectFrom('news_posts').where('status', '=', 'published').where('publish_at', '<=', now);
  if (spaceIds) q = q.where('space_id', 'in', spaceIds.length ? spaceIds : ['-']);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('publish_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { rows, total };
}

/** Drafts and scheduled posts of a space (for its editors). */
export async function listUnpublished(db: DbOrTrx, spaceId: string, now: string, limit = 50): Promise<NewsPostRow[]> {
  return db
    .selectFrom('news_posts')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where((eb) => eb.or([eb('status', '=', 'draft'), eb.and([eb('status', '=', 'published'), eb('publish_at', '>', now)])]))
    .orderBy('publish_at', 'desc')
    .limit(limit)
    .execute();
}

export async function* allPosts(db: DbOrTrx, batch = 500): AsyncGenerator<NewsPostRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('news_posts').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** Members of a space (optionally with some roles only), with what is needed to write to them. */
export async function spaceMembers(db: DbOrTrx, spaceId: string, roles: string[] | null) {
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.locale', 'users.email_verified_at', 'memberships.role'])
    .where('memberships.space_id', '=', spaceId)
    .where('users.status', '=', 'active');
  if (roles) q = q.where('memberships.role', 'in', roles.length ? roles : ['-']);
  return q.orderBy('users.id').execute();
}

/** The users' own person profiles in a space: user id → domains and region. */
export async function profilesOfUsers(db: DbOrTrx, spaceId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('people')
    .select(['id', 'user_id', 'domains', 'region_code'])
    .where('space_id', '=', spaceId)
    .where('user_id', 'in', userIds)
    .where('merged_into', 'is', null)
    .execute();
}

/** Organisations the users are affiliated with (through their profile) or edit, in a space. */
export async function organizationsOfUsers(db: DbOrTrx, spaceId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  const affiliated = await db
    .selectFrom('affiliations')
    .innerJoin('people', 'people.id', 'affiliations.person_id')
    .innerJoin('organizations', 'organizations.id', 'affiliations.organization_id')
    .select(['people.user_id as user_id', 'organizations.domains', 'organizations.region_code', 'organizations.type'])
    .where('people.user_id', 'in', userIds)
    .where('organizations.space_id', '=', spaceId)
    .where('organizations.merged_into', 'is', null)
    .execute();
  const edited = await db
    .selectFrom('organization_editors')
    .innerJoin('organizations', 'organizations.id', 'organization_editors.organization_id')
    .select(['organization_editors.user_id as user_id', 'organizations.domains', 'organizations.region_code', 'organizations.type'])
    .where('organization_editors.user_id', 'in', userIds)
    .where('organizations.space_id', '=', spaceId)
    .where('organizations.merged_into', 'is', null)
    .execute();
  return [...affiliated, ...edited];
}

// ---- Newsletter sends ------------------------------------------------------------------------------

export async function insertSend(db: DbOrTrx, row: Omit<SendRow, 'sent' | 'skipped'>): Promise<void> {
  await db.insertInto('newsletter_sends').values(row).execute();
}

export async function findSend(db: DbOrTrx, id: string): Promise<SendRow | undefined> {
  return db.selectFrom('newsletter_sends').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The sends of a post, newest first. */
export async function sendsOf(db: DbOrTrx, postId: string, limit = 10): Promise<SendRow[]> {
  return db.selectFrom('newsletter_sends').selectAll().where('post_id', '=', postId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** A send of the post still waiting or under way, if any. */
export async function activeSend(db: DbOrTrx, postId: string): Promise<SendRow | undefined> {
  return db.selectFrom('newsletter_sends').selectAll().where('post_id', '=', postId).where('status', 'in', ['queued', 'sending']).executeTakeFirst();
}

/** Changes a send only while it has status `from` (so a finished send stays finished); true when it did. */
export async function moveSend(db: DbOrTrx, id: string, from: string[], patch: Partial<Omit<SendRow, 'id'>>): Promise<boolean> {
  const r = await db.updateTable('newsletter_sends').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the segment's recipients once (a second call, after a crash, adds nobody twice). */
export async function addRecipients(db: DbOrTrx, sendId: string, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 500) {
    await db
      .insertInto('newsletter_recipients')
      .values(userIds.slice(i, i + 500).map((user_id) => ({ send_id: sendId, user_id, status: 'queued', done_at: null })))
      .onConflict((oc) => oc.columns(['send_id', 'user_id']).doNothing())
      .execute();
  }
}

export async function countRecipients(db: DbOrTrx, sendId: string): Promise<number> {
  const r = await db.selectFrom('newsletter_recipients').select((eb) => eb.fn.countAll<number>().as('n')).where('send_id', '=', sendId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The next recipients still to write to, with what is needed to write to them. */
export async function queuedRecipients(db: DbOrTrx, sendId: string, limit: number) {
  return db
    .selectFrom('newsletter_recipients')
    .innerJoin('users', 'users.id', 'newsletter_recipients.user_id')
    .select(['users.id', 'users.email', 'users.locale', 'users.status', 'users.email_verified_at'])
    .where('newsletter_recipients.send_id', '=', sendId)
    .where('newsletter_recipients.status', '=', 'queued')
    .orderBy('newsletter_recipients.user_id')
    .limit(limit)
    .execute();
}

/**
 * Marks a recipient done ('sent' or 'skipped') if still queued: the claim that makes a retried or
 * concurrent job skip them. True when this call made it.
 */
export async function claimRecipient(db: DbOrTrx, sendId: string, userId: string, status: 'sent' | 'skipped', at: string): Promise<boolean> {
  const r = await db
    .updateTable('newsletter_recipients')
    .set({ status, done_at: at })
    .where('send_id', '=', sendId)
    .where('user_id', '=', userId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Adds to a send's counters (in the transaction of the claims they count). */
export async function countProgress(db: DbOrTrx, sendId: string, sent: number, skipped: number): Promise<void> {
  if (!sent && !skipped) return;
  await db
    .updateTable('newsletter_sends')
    .set({ sent: sql`sent + ${sent}`, skipped: sql`skipped + ${skipped}` })
    .where('id', '=', sendId)
    .execute();
}
