// Spreadsheet uploads of the directory's web import, so that uploads left behind can be removed
// from the file store; and indexes to tell whether a stored file is still a logo or a photo.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('import_uploads_sha_idx').on('import_uploads').column('sha256').execute();
  await db.schema.createIndex('import_uploads_used_idx').on('import_uploads').column('last_used_at').execute();
  await db.schema.createIndex('organizations_logo_idx').on('organizations').column('logo_sha256').execute();
  await db.schema.createIndex('people_photo_idx').on('people').column('photo_sha256').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_photo_idx').ifExists().execute();
  await db.schema.dropIndex('organizations_logo_idx').ifExists().execute();
  await db.schema.dropTable('import_uploads').ifExists().execute();
}
