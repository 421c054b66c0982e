/** SQL of discussion groups, threads, posts and reports. Every function takes the database or a transaction first. */
import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DbOrTrx } from '../../platform/db/index.js';

export type GroupRow = Selectable<Database['groups']>;
export type ThreadRow = Selectable<Database['threads']>;
export type PostRow = Selectable<Database['posts']>;
export type Membership = { role: string; notify: string };

// ---- Groups -------------------------------------------------------------------------------------

export async function findGroup(db: DbOrTrx, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupByName(db: DbOrTrx, spaceId: string, name: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('space_id', '=', spaceId).where('name', '=', name).executeTakeFirst();
}

/** Groups (of some spaces, or all) with their member and thread counts, by name. */
export async function listGroups(db: DbOrTrx, spaceId: string | null, limit: number, offset: number) {
  let q = db
    .selectFrom('groups')
    .selectAll('groups')
    .select((eb) => [
      eb.selectFrom('group_members').select(eb.fn.countAll<number>().as('n')).whereRef('group_members.group_id', '=', 'groups.id').as('members'),
      eb.selectFrom('threads').select(eb.fn.countAll<number>().as('n')).whereRef('threads.group_id', '=', 'groups.id').as('threads'),
    ]);
  if (spaceId) q = q.where('groups.space_id', '=', spaceId);
  return (await q.orderBy('groups.name').orderBy('groups.id').limit(limit).offset(offset).execute()).map((r) => ({ ...r, members: Number(r.members ?? 0), threads: Number(r.threads ?? 0) }));
}

export async function countGroups(db: DbOrTrx, spaceId: string | null): Promise<number> {
  let q = db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n'));
  if (spaceId) q = q.where('space_id', '=', spaceId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function insertGroup(db: DbOrTrx, row: GroupRow): Promise<void> {
  await db.insertInto('groups').values(row).execute();
}

export async function updateGroup(db: DbOrTrx, id: string, patch: Partial<Omit<GroupRow, 'id' | 'space_id'>>): Promise<void> {
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

/** The user's role and notification setting in a group, if a member. */
export async function membership(db: DbOrTrx, groupId: string, userId: string | null): Promise<Membership | undefined> {
  if (!userId) return undefined;
  return db.selectFrom('group_members').select(['role', 'notify']).where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
}

/** The user's roles in several groups. */
export async function memberships(db: DbOrTrx, groupIds: string[], userId: string | null): Promise<Map<string, Membership>> {
  if (!userId || groupIds.length === 0) return new Map();
  const rows = await db.selectFrom('group_members').select(['group_id', 'role', 'notify']).where('group_id', 'in', groupIds).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.group_id, { role: r.role, notify: r.notify }]));
}

export async function addMember(db: DbOrTrx, groupId: string, userId: string, role: string, addedBy: string | null, now: string): Promise<boolean> {
  const result = await db
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, role, added_by: addedBy, created_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMember(db: DbOrTrx, groupId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateMember(db: DbOrTrx, groupId: string, userId: string, patch: Partial<Membership>): Promise<boolean> {
  const result = await db.updateTable('group_members').set(patch).where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Members of a group with their names, moderators first. */
export async function members(db: DbOrTrx, groupId: string) {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['users.id', 'users.display_name as name', 'group_members.role', 'group_members.notify', 'group_members.created_at'])
    .where('group_members.group_id', '=', groupId)
    .where('users.status', '=', 'active')
    .orderBy('group_members.role', 'desc')
    .orderBy('users.display_name')
    .execute();
}

/** Ids of members whose notification setting is one of `settings`. */
export async function membersNotified(db: DbOrTrx, groupId: string, settings: string[]): Promise<string[]> {
  const rows = await db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('notify', 'in', settings).execute();
  return rows.map((r) => r.user_id);
}

export async function moderators(db: DbOrTrx, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('role', '=', 'moderator').execute();
  return rows.map((r) => r.user_id);
}

// ---- Join requests ------------------------------------------------------------------------------

export async function insertRequest(db: DbOrTrx, row: Selectable<Database['group_join_requests']>): Promise<boolean> {
  const result = await db
    .insertInto('group_join_requests')
    .values(row)
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteRequest(db: DbOrTrx, groupId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('group_join_requests').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function hasRequest(db: DbOrTrx, groupId: string, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  return !!(await db.selectFrom('group_join_requests').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst());
}

export async function requests(db: DbOrTrx, groupId: string) {
  return db
    .selectFrom('group_join_requests')
    .innerJoin('users', 'users.id', 'group_join_requests.user_id')
    .select(['users.id', 'users.display_name as name', 'group_join_requests.message', 'group_join_requests.created_at'])
    .where('group_join_requests.group_id', '=', groupId)
    .orderBy('group_join_requests.created_at')
    .execute();
}

// ---- Threads and posts --------------------------------------------------------------------------

export async function findThread(db: DbOrTrx, id: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A group's threads, most recently active first, with their author's name. */
export async function listThreads(db: DbOrTrx, groupId: string, limit: number, offset: number) {
  return db
    .selectFrom('threads')
    .leftJoin('users', 'users.id', 'threads.author_id')
    .selectAll('threads')
    .select('users.display_name as author_name')
    .where('threads.group_id', '=', groupId)
    .orderBy('threads.last_post_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countThreads(db: DbOrTrx, groupId: string): Promise<number> {
  return Number((await db.selectFrom('threads').select((eb) => eb.fn.countAll<number>().as('n')).where('group_id', '=', groupId).executeTakeFirstOrThrow()).n);
}

export async function insertThread(db: DbOrTrx, row: ThreadRow): Promise<void> {
  await db.insertInto('threads').values(row).execute();
}

export async function updateThread(db: DbOrTrx, id: string, patch: Partial<Omit<ThreadRow, 'id'>>): Promise<void> {
  await db.updateTable('threads').set(patch).where('id', '=', id).execute();
}

export async function findPost(db: DbOrTrx, id: string): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A thread's posts in time order with their author's name (hidden ones only when asked). */
export async function listPosts(db: DbOrTrx, threadId: string, withHidden: boolean, limit: number, offset: number) {
  let q = db.selectFrom('posts').leftJoin('users', 'users.id', 'posts.author_id').selectAll('posts').select('users.display_name as author_name').where('posts.thread_id', '=', threadId);
  if (!withHidden) q = q.where('posts.hidden_at', 'is', null);
  return q.orderBy('posts.created_at').orderBy('posts.id').limit(limit).offset(offset).execute();
}

export async function countPosts(db: DbOrTrx, threadId: string, withHidden: boolean): Promise<number> {
  let q = db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId);
  if (!withHidden) q = q.where('hidden_at', 'is', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function insertPost(db: DbOrTrx, row: PostRow): Promise<void> {
  await db.insertInto('posts').values(row).execute();
}

export async function setPostHidden(db: DbOrTrx, id: string, hiddenAt: string | null, hiddenBy: string | null): Promise<void> {
  await db.updateTable('posts').set({ hidden_at: hiddenAt, hidden_by: hiddenBy }).where('id', '=', id).execute();
}

/** Visible text of a thread's posts, for the search index. */
export async function visiblePostBodies(db: DbOrTrx, threadId: string, limit = 200): Promise<string[]> {
  const rows = await db.selectFrom('posts').select('body').where('thread_id', '=', threadId).where('hidden_at', 'is', null).orderBy('created_at').limit(limit).execute();
  return rows.map((r) => r.body);
}

/** Every thread, in pages, for a rebuild of the index. */
export async function* allThreads(db: DbOrTrx, size = 500): AsyncGenerator<ThreadRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('threads').selectAll().where('id', '>', after).orderBy('id').limit(size).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

// ---- Reports ------------------------------------------------------------------------------------

export async function insertReport(db: DbOrTrx, row: Selectable<Database['content_reports']>): Promise<void> {
  await db.insertInto('content_reports').values(row).execute();
}

/** Open reports of a group's posts, oldest first. */
export async function openPostReports(db: DbOrTrx, groupId: string) {
  return db
    .selectFrom('content_reports')
    .innerJoin('posts', 'posts.id', 'content_reports.subject_id')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .leftJoin('users', 'users.id', 'content_reports.reporter_id')
    .select(['content_reports.id', 'content_reports.reason', 'content_reports.created_at', 'posts.id as post_id', 'posts.hidden_at', 'threads.id as thread_id', 'threads.title', 'users.display_name as reporter_name'])
    .where('content_reports.subject_type', '=', 'post')
    .where('content_reports.resolved_at', 'is', null)
    .where('threads.group_id', '=', groupId)
    .orderBy('content_reports.created_at')
    .limit(100)
    .execute();
}

export async function resolveReports(db: DbOrTrx, subjectType: string, subjectId: string, now: string): Promise<void> {
  await db.updateTable('content_reports').set({ resolved_at: now }).where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).where('resolved_at', 'is', null).execute();
}

/** Display names of users by id. */
export async function userNames(db: DbOrTrx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
