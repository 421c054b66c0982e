// The search index, made fast at 100k+ records:
// - facets kept inline on the index row (k1…k4 single values, kbits a bit set of multi-valued
//   facets), so a listing counts its facets from one covering index instead of joining
//   search_facets for every match;
// - a covering index for listings (type, space, date order, visibility, inline facets);
// - search_facets indexed by (doc_id, facet, value), so the remaining joins read the index only;
// - rows restricted to named groups (grouped = 1, the groups in search_groups);
// - search_counts: the number of index rows per distinct (type, space, audience, inline facets),
//   kept in the same transaction as the rows, so a listing without a text query counts its facets
//   from a few thousand aggregate rows instead of every matching record;
// - search_layouts: which inline layout each entity type was indexed with.
// Frozen in time: never import application code here.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const col of ['k1', 'k2', 'k3', 'k4']) {
    await db.schema.alterTable('search_documents').addColumn(col, 'varchar(100)').execute();
  }
  await db.schema
    .alterTable('search_documents')
    .addColumn('kbits', postgres ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('search_documents')
    .addColumn('grouped', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (postgres) {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
  } else {
    // The search code names the index to use (INDEXED BY): by space, or across spaces by date.
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at, level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at, level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
  }
  await db.schema.dropIndex('search_documents_space_idx').execute();
  await db.schema.createIndex('search_facets_doc_facet_idx').on('search_facets').columns(['doc_id', 'facet', 'value']).execute();
  await db.schema.dropIndex('search_facets_doc_idx').execute();

  await db.schema
    .createTable('search_groups')
    .addColumn('doc_id', postgres ? 'bigint' : 'integer', (c) => c.notNull().references('search_documents.doc_id').onDelete('cascade'))
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_groups_pk', ['doc_id', 'group_id'])
    .execute();

  // '' rather than NULL for "no space" and "no value": NULLs never conflict in a unique index.
  await db.schema
    .createTable('search_counts')
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('level_lo', 'integer', (c) => c.notNull())
    .addColumn('level_hi', 'integer', (c) => c.notNull())
    .addColumn('grouped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('k1', 'varchar(100)', (c) => c.notNull())
    .addColumn('k2', 'varchar(100)', (c) => c.notNull())
    .addColumn('k3', 'varchar(100)', (c) => c.notNull())
    .addColumn('k4', 'varchar(100)', (c) => c.notNull())
    .addColumn('kbits', postgres ? 'bigint' : 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addUniqueConstraint('search_counts_key', ['entity_type', 'space_id', 'level_lo', 'level_hi', 'k1', 'k2', 'k3', 'k4', 'kbits'])
    .execute();

  await db.schema
    .createTable('search_layouts')
    .addColumn('entity_type', 'varchar(30)', (c) => c.primaryKey())
    .addColumn('signature', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_layouts').ifExists().execute();
  await db.schema.dropTable('search_counts').ifExists().execute();
  await db.schema.dropTable('search_groups').ifExists().execute();
  await db.schema.dropIndex('search_facets_doc_facet_idx').ifExists().execute();
  await db.schema.createIndex('search_facets_doc_idx').on('search_facets').column('doc_id').execute();
  await db.schema.dropIndex('search_documents_date_idx').ifExists().execute();
  await db.schema.dropIndex('search_documents_list_idx').ifExists().execute();
  await db.schema.createIndex('search_documents_space_idx').on('search_documents').columns(['space_id', 'entity_type']).execute();
  for (const col of ['grouped', 'kbits', 'k4', 'k3', 'k2', 'k1']) await db.schema.alterTable('search_documents').dropColumn(col).execute();
}
