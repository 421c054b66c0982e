// Post-event materials that are library resources (with their files), beside the titled links.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_materials')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    // Resources are kept as tombstones when deleted, so the row never points at nothing.
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('event_materials_uq', ['event_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('event_materials_resource_idx').on('event_materials').column('resource_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_materials').ifExists().execute();
}
