// The search index shared by every module: one row per entity and audience range, facets beside
// it, and the dialect's full-text structure (FTS5 external-content table, or a GIN tsvector).
// Frozen in time: never import application code here.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('search_documents')
    .addColumn('doc_id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)')
    .addColumn('level_lo', 'integer', (c) => c.notNull())
    .addColumn('level_hi', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('langs', 'varchar(100)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull());
  if (postgres) table = table.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
  await table.execute();
  await db.schema.createIndex('search_documents_entity_idx').on('search_documents').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('search_documents_space_idx').on('search_documents').columns(['space_id', 'entity_type']).execute();

  await db.schema
    .createTable('search_facets')
    .addColumn('doc_id', postgres ? 'bigint' : 'integer', (c) => c.notNull().references('search_documents.doc_id').onDelete('cascade'))
    .addColumn('facet', 'varchar(30)', (c) => c.notNull())
    .addColumn('value', 'varchar(100)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_facets_doc_idx').on('search_facets').column('doc_id').execute();
  await db.schema.createIndex('search_facets_value_idx').on('search_facets').columns(['facet', 'value', 'doc_id']).execute();

  if (postgres) {
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    // Terms arrive already analysed and hex-encoded, so the plain ascii tokenizer only splits on spaces.
    await sql`create virtual table search_fts using fts5(title_tokens, body_tokens, content='search_documents', content_rowid='doc_id', tokenize='ascii')`.execute(db);
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, title_tokens, body_tokens) values (new.doc_id, new.title_tokens, new.body_tokens); end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens) values ('delete', old.doc_id, old.title_tokens, old.body_tokens); end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens) values ('delete', old.doc_id, old.title_tokens, old.body_tokens);
      insert into search_fts(rowid, title_tokens, body_tokens) values (new.doc_id, new.title_tokens, new.body_tokens); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!postgres) await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_facets').ifExists().execute();
  await db.schema.dropTable('search_documents').ifExists().execute();
}
