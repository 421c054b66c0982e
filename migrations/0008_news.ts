// Follows, notifications, email preferences and digests; news posts; opportunities.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('follows')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('target_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('follows_uq', ['user_id', 'target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('follows_target_idx').on('follows').columns(['target_type', 'target_id']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('message_key', 'varchar(120)', (c) => c.notNull())
    .addColumn('message_values', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)')
    // immediate | daily | weekly | off: the recipient's preference when it was written.
    .addColumn('email_mode', 'varchar(16)', (c) => c.notNull())
    // pending | sent | skipped
    .addColumn('email_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('emailed_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();
  await db.schema.createIndex('notifications_email_idx').on('notifications').columns(['email_status', 'email_mode', 'user_id']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('notification_preferences_uq', ['user_id', 'category'])
    .execute();

  await db.schema
    .createTable('digest_settings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    // Hour of the day (UTC) and, for the weekly digest, day of the week (0 Sunday … 6 Saturday).
    .addColumn('hour_utc', 'integer', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('last_daily_at', 'varchar(30)')
    .addColumn('last_weekly_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('news_posts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('image_sha256', 'varchar(64)')
    .addColumn('image_alt', 'text', (c) => c.notNull())
    // draft | published | archived; a published post shows from publish_at on.
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('publish_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('newsletter_sent_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('news_posts_space_idx').on('news_posts').columns(['space_id', 'status', 'publish_at']).execute();

  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('regions', 'text', (c) => c.notNull())
    // The deadline as the publisher wrote it (local date, time and IANA zone) and as an instant.
    .addColumn('deadline_local', 'varchar(16)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('deadline_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('apply_url', 'varchar(500)')
    .addColumn('apply_contact', 'varchar(300)')
    // draft | open | closed
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reminder_sent_at', 'varchar(30)')
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opportunities_space_idx').on('opportunities').columns(['space_id', 'status', 'deadline_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['opportunities', 'news_posts', 'digest_settings', 'notification_preferences', 'notifications', 'follows']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
