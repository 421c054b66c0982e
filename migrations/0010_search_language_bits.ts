// Languages as a bit set on every index row (lbits), whatever its entity type: a search across
// all types counts and filters languages from the row it already reads, instead of joining
// search_facets once per match (at 20k matches that join took longer than the search itself).
// The list below is the engine's at the time of writing; a language outside it sets the last
// bit and is still counted exactly from search_facets. Existing rows get their bits from
// search_facets here, so no reindex is needed; the covering listing indexes gain the column.
// Frozen in time: never import application code here.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const LANGUAGES = ['lo', 'en', 'fr', 'ru', 'uz', 'uz-Latn', 'uz-Cyrl', 'rw', 'th', 'vi', 'zh', 'km', 'my', 'hmn', 'kjg', 'ja', 'ko', 'de', 'es', 'ar', 'kk', 'ky', 'tg', 'tk', 'tr', 'fa', 'hi', 'sw', 'kaa', 'khb', 'ahk', 'pht', 'blt', 'ium', 'lhu', 'pt', 'lg', 'ln', 'rn', 'ug', 'az', 'uk'];
const OVERFLOW = LANGUAGES.length;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('search_documents').addColumn('lbits', postgres ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0)).execute();
  for (const [i, lang] of LANGUAGES.entries()) {
    await sql`update search_documents set lbits = lbits | ${sql.lit(2 ** i)}
      where doc_id in (select doc_id from search_facets where facet = 'lang' and value = ${lang})`.execute(db);
  }
  await sql`update search_documents set lbits = lbits | ${sql.lit(2 ** OVERFLOW)}
    where doc_id in (select doc_id from search_facets where facet = 'lang' and value not in (${sql.join(LANGUAGES)}))`.execute(db);

  await sql`drop index search_documents_list_idx`.execute(db);
  await sql`drop index search_documents_date_idx`.execute(db);
  if (postgres) {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, k1, k2, k3, k4, kbits, lbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits, lbits)`.execute(db);
  } else {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at, level_lo, level_hi, grouped, k1, k2, k3, k4, kbits, lbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at, level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits, lbits)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`drop index search_documents_list_idx`.execute(db);
  await sql`drop index search_documents_date_idx`.execute(db);
  if (postgres) {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at desc, doc_id desc)
      include (level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
  } else {
    await sql`create index search_documents_list_idx on search_documents
      (entity_type, space_id, updated_at, level_lo, level_hi, grouped, k1, k2, k3, k4, kbits)`.execute(db);
    await sql`create index search_documents_date_idx on search_documents
      (entity_type, updated_at, level_lo, level_hi, grouped, space_id, k1, k2, k3, k4, kbits)`.execute(db);
  }
  await db.schema.alterTable('search_documents').dropColumn('lbits').execute();
}
