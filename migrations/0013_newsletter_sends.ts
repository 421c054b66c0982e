// Newsletters sent by a background job: one row per send (segment, who asked, progress) and one
// per recipient, whose primary key lets a retried job never email a person twice for one send.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('newsletter_sends')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(36)', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    // JSON: { domains, regions, orgTypes, roles }.
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requested_by_label', 'varchar(320)', (c) => c.notNull())
    // queued | sending | sent | failed
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // Set once the segment is resolved into recipient rows.
    .addColumn('recipients', 'integer')
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('job_id', 'varchar(36)')
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)')
    .addColumn('finished_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('newsletter_sends_post_idx').on('newsletter_sends').columns(['post_id', 'created_at']).execute();

  await db.schema
    .createTable('newsletter_recipients')
    .addColumn('send_id', 'varchar(36)', (c) => c.notNull().references('newsletter_sends.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // queued | sent | skipped (their preference was off, or the account closed, by the time of sending)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('done_at', 'varchar(30)')
    .addPrimaryKeyConstraint('newsletter_recipients_pk', ['send_id', 'user_id'])
    .execute();
  await db.schema.createIndex('newsletter_recipients_queue_idx').on('newsletter_recipients').columns(['send_id', 'status', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_recipients').ifExists().execute();
  await db.schema.dropTable('newsletter_sends').ifExists().execute();
}
