/** SQL of news posts, and the directory facts a newsletter segment is chosen by. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { NewsPostsTable } from './news.table.js';

export type NewsPostRow = Selectable<NewsPostsTable>;

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
