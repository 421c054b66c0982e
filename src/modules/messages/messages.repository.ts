/** SQL of conversations, messages and blocks. Every function takes the database or a transaction first. */
import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DbOrTrx } from '../../platform/db/index.js';

export type ConversationRow = Selectable<Database['conversations']>;
export type MessageRow = Selectable<Database['messages']>;
export type ParticipantRow = Selectable<Database['conversation_members']>;

export async function findConversation(db: DbOrTrx, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function participants(db: DbOrTrx, conversationId: string) {
  return db
    .selectFrom('conversation_members')
    .innerJoin('users', 'users.id', 'conversation_members.user_id')
    .select(['conversation_members.user_id', 'conversation_members.side', 'conversation_members.last_read_at', 'users.display_name as name', 'users.status'])
    .where('conversation_members.conversation_id', '=', conversationId)
    .execute();
}

/** The one-to-one conversation (no organisation) between two people, if any. */
export async function directConversation(db: DbOrTrx, a: string, b: string): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll('conversations')
    .where('conversations.organization_id', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('conversation_members').select('user_id').whereRef('conversation_members.conversation_id', '=', 'conversations.id').where('user_id', '=', a)))
    .where((eb) => eb.exists(eb.selectFrom('conversation_members').select('user_id').whereRef('conversation_members.conversation_id', '=', 'conversations.id').where('user_id', '=', b)))
    .orderBy('conversations.created_at')
    .executeTakeFirst();
}

/** True when the two people already share a conversation (so one is no stranger to the other). */
export async function haveTalked(db: DbOrTrx, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('conversation_members as m1')
    .innerJoin('conversation_members as m2', 'm2.conversation_id', 'm1.conversation_id')
    .select('m1.conversation_id')
    .where('m1.user_id', '=', a)
    .where('m2.user_id', '=', b)
    .executeTakeFirst();
  return !!row;
}

export async function insertConversation(db: DbOrTrx, row: ConversationRow, members: { user_id: string; side: string }[]): Promise<void> {
  await db.insertInto('conversations').values(row).execute();
  await db
    .insertInto('conversation_members')
    .values(members.map((m) => ({ conversation_id: row.id, user_id: m.user_id, side: m.side, last_read_at: null })))
    .execute();
}

export async function insertMessage(db: DbOrTrx, row: MessageRow): Promise<void> {
  await db.insertInto('messages').values(row).execute();
  await db.updateTable('conversations').set({ last_message_at: row.created_at }).where('id', '=', row.conversation_id).execute();
}

export async function findMessage(db: DbOrTrx, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markRead(db: DbOrTrx, conversationId: string, userId: string, at: string): Promise<void> {
  await db.updateTable('conversation_members').set({ last_read_at: at }).where('conversation_id', '=', conversationId).where('user_id', '=', userId).execute();
}

/** A user's conversations, latest first, with their unread counts. */
export async function inbox(db: DbOrTrx, userId: string, limit: number, offset: number) {
  const rows = await db
    .selectFrom('conversation_members as me')
    .innerJoin('conversations as c', 'c.id', 'me.conversation_id')
    .select(['c.id', 'c.organization_id', 'c.subject', 'c.created_by', 'c.last_message_at', 'me.side'])
    .select((eb) =>
      eb
        .selectFrom('messages')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('messages.conversation_id', '=', 'c.id')
        .where('messages.sender_id', '!=', userId)
        .where((w) => w.or([w('me.last_read_at', 'is', null), w('messages.created_at', '>', w.ref('me.last_read_at'))]))
        .as('unread'),
    )
    .where('me.user_id', '=', userId)
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, unread: Number(r.unread ?? 0) }));
}

/** Unread messages of a user across conversations. */
export async function unreadTotal(db: DbOrTrx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('conversation_members as me')
    .innerJoin('messages', 'messages.conversation_id', 'me.conversation_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('me.user_id', '=', userId)
    .where('messages.sender_id', '!=', userId)
    .where((w) => w.or([w('me.last_read_at', 'is', null), w('messages.created_at', '>', w.ref('me.last_read_at'))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function messagesOf(db: DbOrTrx, conversationId: string, limit: number, offset: number) {
  return db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.sender_id')
    .selectAll('messages')
    .select('users.display_name as sender_name')
    .where('messages.conversation_id', '=', conversationId)
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countMessages(db: DbOrTrx, conversationId: string): Promise<number> {
  return Number((await db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', '=', conversationId).executeTakeFirstOrThrow()).n);
}

// ---- Blocks -------------------------------------------------------------------------------------

export async function isBlocked(db: DbOrTrx, userId: string, blockedId: string): Promise<boolean> {
  return !!(await db.selectFrom('user_blocks').select('user_id').where('user_id', '=', userId).where('blocked_id', '=', blockedId).executeTakeFirst());
}

/** Of `userIds`, those who blocked `senderId`. */
export async function blockersOf(db: DbOrTrx, userIds: string[], senderId: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('user_blocks').select('user_id').where('user_id', 'in', userIds).where('blocked_id', '=', senderId).execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function block(db: DbOrTrx, userId: string, blockedId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('user_blocks')
    .values({ user_id: userId, blocked_id: blockedId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'blocked_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unblock(db: DbOrTrx, userId: string, blockedId: string): Promise<boolean> {
  const result = await db.deleteFrom('user_blocks').where('user_id', '=', userId).where('blocked_id', '=', blockedId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function blockedBy(db: DbOrTrx, userId: string) {
  return db
    .selectFrom('user_blocks')
    .innerJoin('users', 'users.id', 'user_blocks.blocked_id')
    .select(['users.id', 'users.display_name as name', 'user_blocks.created_at'])
    .where('user_blocks.user_id', '=', userId)
    .orderBy('users.display_name')
    .execute();
}

export async function findUser(db: DbOrTrx, id: string) {
  return db.selectFrom('users').select(['id', 'display_name', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function insertReport(db: DbOrTrx, row: Selectable<Database['content_reports']>): Promise<void> {
  await db.insertInto('content_reports').values(row).execute();
}

/** Open reports of messages, oldest first, with the message and who wrote and reported it. */
export async function openMessageReports(db: DbOrTrx, limit = 100) {
  return db
    .selectFrom('content_reports')
    .innerJoin('messages', 'messages.id', 'content_reports.subject_id')
    .leftJoin('users as sender', 'sender.id', 'messages.sender_id')
    .leftJoin('users as reporter', 'reporter.id', 'content_reports.reporter_id')
    .select(['content_reports.id', 'content_reports.reason', 'content_reports.created_at', 'messages.body', 'messages.sender_id', 'sender.display_name as sender_name', 'reporter.display_name as reporter_name'])
    .where('content_reports.subject_type', '=', 'message')
    .where('content_reports.resolved_at', 'is', null)
    .orderBy('content_reports.created_at')
    .limit(limit)
    .execute();
}

export async function resolveReport(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('content_reports').set({ resolved_at: now }).where('id', '=', id).where('subject_type', '=', 'message').where('resolved_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
