// The search index, reshaped to stay fast at 100k+ records:
// - search_documents keeps only what filters, orders and counts (type, space, audience, date,
//   inline facets) — narrow rows that the page cache holds — while the display text lives in
//   search_texts and is read for the rows of one page only;
// - facets inline on the row (k1…k4 single values, kbits a bit set of multi-valued facets), so a
//   listing counts its facets from one covering index instead of joining search_facets per match;
// - search_counts: index rows per distinct (type, space, audience, inline facets), kept in the
//   writing transaction, so a listing without a text query counts from a few thousand rows;
// - SQLite: a contentless FTS5 table (the analysed terms are not stored twice); PostgreSQL: the
//   tsvector beside the narrow row;
// - rows restricted to named groups (grouped = 1, their groups in search_groups);
// - search_layouts: which inline layout each entity type was indexed with.
// The index is derived data: the old tables are dropped, and when they held rows a marker asks
// the application to rebuild every entity type in the background at its next start.
// Frozen in time: never import application code here.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const had = await sql<{ n: number | string }>`select count(*) as n from search_documents`.execute(db);
  const rebuild = Number(had.rows[0]?.n ?? 0) > 0;

  if (!postgres) {
    for (const trigger of ['search_documents_ai', 'search_documents_ad', 'search_documents_au']) await sql`drop trigger if exists ${sql.ref(trigger)}`.execute(db);
    await sql`drop table if exists search_fts`.execute(db);
  }
  await db.schema.dropTable('search_facets').execute();
  await db.schema.dropTable('search_documents').execute();

  const id = postgres ? 'bigint' : 'integer';
  let documents = db.schema
    .createTable('search_documents')
    .addColumn('doc_id', id, (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)')
    .addColumn('level_lo', 'integer', (c) => c.notNull())
    .addColumn('level_hi', 'integer', (c) => c.notNull())
    .addColumn('grouped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('k1', 'varchar(100)')
    .addColumn('k2', 'varchar(100)')
    .addColumn('k3', 'varchar(100)')
    .addColumn('k4', 'varchar(100)')
    .addColumn('kbits', id, (c) => c.notNull().defaultTo(0));
  if (postgres) documents = documents.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
  await documents.execute();
  await db.schema.createIndex('search_documents_entity_idx').on('search_documents').columns(['entity_type', 'entity_id']).execute();
  if (postgres) {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    // The search code names the index a listing uses (INDEXED BY): by space, or by date.
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at, level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at, level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
    // Terms arrive analysed and hex-encoded, so the ascii tokenizer only splits on spaces.
    await sql`create virtual table search_fts using fts5(title, body, content='', contentless_delete=1, tokenize='ascii')`.execute(db);
  }

  await db.schema
    .createTable('search_texts')
    .addColumn('doc_id', id, (c) => c.primaryKey().references('search_documents.doc_id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('langs', 'varchar(100)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_facets')
    .addColumn('doc_id', id, (c) => c.notNull().references('search_documents.doc_id').onDelete('cascade'))
    .addColumn('facet', 'varchar(30)', (c) => c.notNull())
    .addColumn('value', 'varchar(100)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_facets_doc_facet_idx').on('search_facets').columns(['doc_id', 'facet', 'value']).execute();
  await db.schema.createIndex('search_facets_value_idx').on('search_facets').columns(['facet', 'value', 'doc_id']).execute();

  await db.schema
    .createTable('search_groups')
    .addColumn('doc_id', id, (c) => c.notNull().references('search_documents.doc_id').onDelete('cascade'))
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
    .addColumn('kbits', id, (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addUniqueConstraint('search_counts_key', ['entity_type', 'space_id', 'level_lo', 'level_hi', 'k1', 'k2', 'k3', 'k4', 'kbits'])
    .execute();

  await db.schema
    .createTable('search_layouts')
    .addColumn('entity_type', 'varchar(30)', (c) => c.primaryKey())
    .addColumn('signature', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  if (rebuild) {
    await db.insertInto('search_layouts').values({ entity_type: '*', signature: 'rebuild', updated_at: new Date().toISOString() }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of ['search_layouts', 'search_counts', 'search_groups', 'search_facets', 'search_texts']) await db.schema.dropTable(table).ifExists().execute();
  if (!postgres) await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_documents').ifExists().execute();
  // Back to the shape of 0002 (empty: the index is rebuilt by `mosaic reindex`).
  const { up: shapeOf0002 } = await import('./0002_search.js');
  await shapeOf0002(db);
}
