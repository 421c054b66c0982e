// The knowledge library: resources with Dublin Core metadata, their files and versions, the text
// extracted from them, relations, collections, bookmarks, and the named groups of a space that
// access rules may name. Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Named groups of a space (e.g. "Film commission"), managed by the space's administrators.
  await db.schema
    .createTable('groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('groups_name_uq', ['space_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute();

  await db.schema
    .createTable('resources')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('external_id', 'varchar(100)')
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_sort', 'varchar(200)', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('creators', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('date', 'varchar(10)')
    .addColumn('year', 'integer')
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('format', 'varchar(200)')
    .addColumn('identifiers', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('coverage_countries', 'text', (c) => c.notNull())
    .addColumn('coverage_regions', 'text', (c) => c.notNull())
    .addColumn('coverage_period', 'varchar(100)')
    .addColumn('rights', 'text')
    .addColumn('licence', 'varchar(40)')
    .addColumn('sdgs', 'text', (c) => c.notNull())
    .addColumn('convention_areas', 'text', (c) => c.notNull())
    .addColumn('access', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    // A deleted resource stays as a tombstone, so harvesters (OAI-PMH) learn of the deletion.
    .addColumn('deleted_at', 'varchar(30)')
    .addColumn('deleted_by', 'varchar(36)')
    .addUniqueConstraint('resources_external_uq', ['space_id', 'external_id'])
    .execute();
  // Harvesting and feeds list by (updated_at, id) with keyset paging.
  await db.schema.createIndex('resources_updated_idx').on('resources').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('resources_space_idx').on('resources').columns(['space_id', 'status']).execute();

  await db.schema
    .createTable('resource_groups')
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('resource_groups_pk', ['resource_id', 'group_id'])
    .execute();
  await db.schema.createIndex('resource_groups_group_idx').on('resource_groups').column('group_id').execute();

  await db.schema
    .createTable('resource_relations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('related_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('resource_relations_uq', ['resource_id', 'related_id', 'kind'])
    .execute();
  await db.schema.createIndex('resource_relations_related_idx').on('resource_relations').column('related_id').execute();

  // A file of a resource (e.g. "Full report", "Summary in Lao"); its bytes are in its versions.
  await db.schema
    .createTable('resource_files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('label', 'varchar(300)')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('current_version_id', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('resource_files_resource_idx').on('resource_files').columns(['resource_id', 'position']).execute();

  // Every upload of a file; older versions stay downloadable. The bytes live in the
  // content-addressed file store under sha256.
  await db.schema
    .createTable('resource_file_versions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('file_id', 'varchar(36)', (c) => c.notNull().references('resource_files.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'varchar(150)', (c) => c.notNull())
    .addColumn('filename', 'varchar(300)', (c) => c.notNull())
    .addColumn('attachment_only', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)')
    .addColumn('uploaded_by_label', 'varchar(320)')
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    // none | pending | done | failed
    .addColumn('extract_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('extract_error', 'varchar(30)')
    .addColumn('extract_job_id', 'varchar(36)')
    .addColumn('pages', 'integer')
    .addColumn('chars', 'integer')
    .addColumn('truncated', 'integer', (c) => c.notNull())
    .addColumn('thumbnail_sha256', 'varchar(64)')
    .addUniqueConstraint('resource_file_versions_uq', ['file_id', 'version'])
    .execute();
  await db.schema.createIndex('resource_file_versions_sha_idx').on('resource_file_versions').column('sha256').execute();

  // Text extracted from a version, page by page (page null when the format has no pages).
  await db.schema
    .createTable('resource_file_texts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', (c) => c.notNull().references('resource_file_versions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resource_file_texts_version_idx').on('resource_file_texts').columns(['version_id', 'seq']).execute();

  await db.schema
    .createTable('collections')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_sort', 'varchar(200)', (c) => c.notNull())
    .addColumn('introduction', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('collections_space_idx').on('collections').columns(['space_id', 'title_sort']).execute();

  await db.schema
    .createTable('collection_items')
    .addColumn('collection_id', 'varchar(36)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_items_pk', ['collection_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('collection_items_resource_idx').on('collection_items').column('resource_id').execute();

  await db.schema
    .createTable('bookmarks')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmarks_pk', ['user_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('bookmarks_resource_idx').on('bookmarks').column('resource_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'bookmarks',
    'collection_items',
    'collections',
    'resource_file_texts',
    'resource_file_versions',
    'resource_files',
    'resource_relations',
    'resource_groups',
    'resources',
    'group_members',
    'groups',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
