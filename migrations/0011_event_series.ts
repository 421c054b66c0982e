// Event series: a named, translatable series of a space ("Vientiane Film Week") that events may
// belong to, and the series each event was last announced to its followers in.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_series')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    // TranslatedText JSON.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_series_space_idx').on('event_series').columns(['space_id', 'created_at']).execute();

  await db.schema.alterTable('events').addColumn('series_id', 'varchar(36)', (c) => c.references('event_series.id').onDelete('set null')).execute();
  // Followers of a series hear of an event once: when it is first published in that series.
  await db.schema.alterTable('events').addColumn('announced_series_id', 'varchar(36)').execute();
  await db.schema.createIndex('events_series_idx').on('events').columns(['series_id', 'starts_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_series_idx').ifExists().execute();
  await db.schema.alterTable('events').dropColumn('announced_series_id').execute();
  await db.schema.alterTable('events').dropColumn('series_id').execute();
  await db.schema.dropTable('event_series').ifExists().execute();
}
