// Events: events with organisers and sessions, registrations with a waitlist, check-ins per
// session, personal calendar feed tokens; and attachments on outgoing mail (calendar invitations).
// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('attachments', 'text').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('venue_name', 'text')
    .addColumn('venue_address', 'text')
    .addColumn('region_code', 'varchar(8)')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer')
    // Confirmed places taken; changed only by conditional updates, so it never passes capacity.
    .addColumn('confirmed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registration_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('resources', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('image_sha256', 'varchar(64)')
    // First session start and last session end, for listings and calendars.
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_space_idx').on('events').columns(['space_id', 'status', 'starts_at']).execute();
  await db.schema.createIndex('events_starts_idx').on('events').columns(['status', 'starts_at']).execute();

  await db.schema
    .createTable('event_organizers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('organization_id', 'varchar(36)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addUniqueConstraint('event_organizers_uq', ['event_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('event_organizers_org_idx').on('event_organizers').column('organization_id').execute();

  await db.schema
    .createTable('event_sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_sessions_event_idx').on('event_sessions').columns(['event_id', 'position']).execute();
  await db.schema.createIndex('event_sessions_starts_idx').on('event_sessions').column('starts_at').execute();

  await db.schema
    .createTable('event_registrations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'varchar(320)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('locale', 'varchar(10)', (c) => c.notNull())
    // confirmed | waitlisted | cancelled
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('cancel_token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('walk_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('promoted_at', 'varchar(30)')
    .addColumn('cancelled_at', 'varchar(30)')
    .addColumn('reminded_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('event_registrations_code_uq', ['event_id', 'code'])
    .execute();
  // One live registration per person and event: the database refuses a double registration
  // even when two requests race.
  await db.schema
    .createIndex('event_registrations_user_uq')
    .on('event_registrations')
    .columns(['event_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema
    .createIndex('event_registrations_email_uq')
    .on('event_registrations')
    .columns(['event_id', 'email'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema.createIndex('event_registrations_queue_idx').on('event_registrations').columns(['event_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('event_registrations_token_idx').on('event_registrations').column('cancel_token_hash').execute();
  await db.schema.createIndex('event_registrations_user_idx').on('event_registrations').column('user_id').execute();

  await db.schema
    .createTable('event_checkins')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('registration_id', 'varchar(36)', (c) => c.notNull().references('event_registrations.id').onDelete('cascade'))
    .addColumn('session_id', 'varchar(36)', (c) => c.notNull().references('event_sessions.id').onDelete('cascade'))
    .addColumn('checked_in_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('checked_in_by', 'varchar(36)')
    .addUniqueConstraint('event_checkins_uq', ['registration_id', 'session_id'])
    .execute();
  await db.schema.createIndex('event_checkins_session_idx').on('event_checkins').column('session_id').execute();

  await db.schema
    .createTable('calendar_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['calendar_tokens', 'event_checkins', 'event_registrations', 'event_sessions', 'event_organizers', 'events']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('outbox').dropColumn('attachments').execute();
}
