// Discussions and messages: the named groups of a space become communities of practice (join
// policy, visibility, roles, notification settings), with threads, posts and reports; members
// write to each other (or to an organisation) in conversations, and may block a sender.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // closed: members added by administrators only (the library's audiences); open: anyone in the
  // space joins; approval: a moderator accepts each request.
  await db.schema.alterTable('groups').addColumn('join_policy', 'varchar(20)', (c) => c.notNull().defaultTo('closed')).execute();
  // public: anyone reads the threads; members: only the group's members (and the space's editors).
  await db.schema.alterTable('groups').addColumn('visibility', 'varchar(20)', (c) => c.notNull().defaultTo('members')).execute();
  // Translatable description (JSON text) beside the plain one the library keeps.
  await db.schema.alterTable('groups').addColumn('about', 'text').execute();
  await db.schema.alterTable('group_members').addColumn('role', 'varchar(20)', (c) => c.notNull().defaultTo('member')).execute();
  // all: every post; threads: new threads only; off.
  await db.schema.alterTable('group_members').addColumn('notify', 'varchar(20)', (c) => c.notNull().defaultTo('threads')).execute();

  await db.schema
    .createTable('group_join_requests')
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('message', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_join_requests_pk', ['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_post_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('threads_group_idx').on('threads').columns(['group_id', 'last_post_at']).execute();

  // The first post of a thread is its opening message; replies follow in time order.
  await db.schema
    .createTable('posts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(36)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hidden_at', 'varchar(30)')
    .addColumn('hidden_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_thread_idx').on('posts').columns(['thread_id', 'created_at']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // Set when written to an organisation: its editors answer as the organisation.
    .addColumn('organization_id', 'varchar(36)', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('subject', 'varchar(300)')
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_message_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // person: writes as themself; organization: one of the organisation's editors.
    .addColumn('side', 'varchar(20)', (c) => c.notNull().defaultTo('person'))
    .addColumn('last_read_at', 'varchar(30)')
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('conversation_members_user_idx').on('conversation_members').column('user_id').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('sender_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_conversation_idx').on('messages').columns(['conversation_id', 'created_at']).execute();

  await db.schema
    .createTable('user_blocks')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_blocks_pk', ['user_id', 'blocked_id'])
    .execute();

  // Reports of posts and messages, for moderators and space administrators.
  await db.schema
    .createTable('content_reports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('subject_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reporter_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('content_reports_subject_idx').on('content_reports').columns(['subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['content_reports', 'user_blocks', 'messages', 'conversation_members', 'conversations', 'posts', 'threads', 'group_join_requests']) {
    await db.schema.dropTable(t).execute();
  }
  for (const c of ['join_policy', 'visibility', 'about']) await db.schema.alterTable('groups').dropColumn(c).execute();
  for (const c of ['role', 'notify']) await db.schema.alterTable('group_members').dropColumn(c).execute();
}
