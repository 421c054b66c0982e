/**
 * Writing the search index: indexEntity/removeEntity in the caller's transaction, one entity or a
 * batch at a time through the same code.
 *
 * Inside batchIndexWrites(trx, fn), writes on `trx` are gathered and written together (a few
 * multi-row statements per table instead of six statements per entity), when `fn` ends, when the
 * batch grows large, and before any search on `trx` — so a search in the same transaction still
 * sees every write before it. An import of thousands of rows or a full reindex spends most of its
 * time on per-statement overhead otherwise.
 *
 * Row ids are reserved up front (SQLite: past the table's sequence, under the transaction's write
 * lock; PostgreSQL: from the identity sequence), so the rows of all tables go in without a
 * round trip per row to learn each id.
 */
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../db/index.js';
import type { SearchTextsTable } from '../db/schema.js';
import { nowIso } from '../ids.js';
import { analyze, termToken } from './analyzer.js';
import { languageBits } from './languages.js';
import { inlineValues, layoutOf } from './layouts.js';
import type { IndexEntry } from './search.js';

export function isPostgres(db: DbOrTrx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const MAX_POSITIONS = 16383; // PostgreSQL's largest tsvector position
/** A batch is written when it holds this many entities or this much text. */
const BATCH_ENTITIES = 500;
const BATCH_CHARS = 8_000_000;
/** Rows per multi-row statement (well below both databases' limits on bound parameters). */
const ROWS_PER_STATEMENT = 500;

/** Term tokens of a text, in order, repeated as often as they occur (frequency feeds ranking). */
function tokensOf(text: string): string[] {
  return analyze(text).map((t) => termToken(t.term));
}

/**
 * Tokens of a text line by line, remembering lines already seen: an entity's variants repeat most
 * of their lines (the visitor's body is the member's minus a few fields), so each is analysed
 * once. A line break is always a word boundary, so the tokens are those of the whole text.
 */
function lineTokenizer(): (text: string) => string[] {
  const seen = new Map<string, string[]>();
  return (text) => {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      let tokens = seen.get(line);
      if (!tokens) seen.set(line, (tokens = tokensOf(line)));
      for (const t of tokens) out.push(t);
    }
    return out;
  };
}

/** A weighted tsvector literal: `xabc:1A,4A xdef:2A`. */
function tsvectorLiteral(title: string[], body: string[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (tokens: string[], weight: string) => {
    for (const token of tokens) {
      pos = Math.min(pos + 1, MAX_POSITIONS);
      const list = positions.get(token) ?? [];
      if (list.length < 256) list.push(`${pos}${weight}`);
      positions.set(token, list);
    }
  };
  add(title, 'A');
  add(body, 'D');
  return [...positions].map(([token, list]) => `${token}:${list.join(',')}`).join(' ');
}

/** The key of an index row in search_counts ('' for none). */
interface CountKey {
  entity_type: string;
  space_id: string;
  level_lo: number;
  level_hi: number;
  k1: string;
  k2: string;
  k3: string;
  k4: string;
  kbits: number;
}

const COUNT_KEY = ['entity_type', 'space_id', 'level_lo', 'level_hi', 'k1', 'k2', 'k3', 'k4', 'kbits'] as const;

/** Changes to search_counts, summed per key. */
class CountDeltas {
  private readonly byKey = new Map<string, { key: CountKey; n: number }>();

  add(key: CountKey, n: number): void {
    const id = JSON.stringify(COUNT_KEY.map((k) => key[k]));
    const entry = this.byKey.get(id);
    if (entry) entry.n += n;
    else this.byKey.set(id, { key, n });
  }

  /** Non-zero changes in key order: concurrent writers then lock the rows in the same order. */
  sorted(): { key: CountKey; n: number }[] {
    return [...this.byKey]
      .filter(([, d]) => d.n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => d);
  }
}

function chunks<T>(list: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A pending write: the entity's new rows, or null to remove it. */
type Pending = { type: string; id: string; entry: IndexEntry | null };

interface Batch {
  writes: Map<string, Pending>;
  chars: number;
}

const batches = new WeakMap<object, Batch>();

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * Gathers the index writes made on `trx` inside `fn` and writes them together (see the file
 * comment). The caller's transaction must be the one `fn` writes with.
 */
export async function batchIndexWrites<T>(trx: DbOrTrx, fn: () => Promise<T>): Promise<T> {
  if (batches.has(trx)) return fn(); // already batching: the outer call writes
  batches.set(trx, { writes: new Map(), chars: 0 });
  try {
    const result = await fn();
    await flushIndexWrites(trx);
    return result;
  } finally {
    batches.delete(trx);
  }
}

/** Writes what is pending on `trx` now (before a savepoint, or before reading the index). */
export async function flushIndexWrites(trx: DbOrTrx): Promise<void> {
  const batch = batches.get(trx);
  if (!batch || batch.writes.size === 0) return;
  const pending = [...batch.writes.values()];
  batch.writes = new Map();
  batch.chars = 0;
  await writeEntities(trx, pending);
}

/** Forgets what is pending on `trx` (after rolling back to a savepoint taken when none was). */
export function discardIndexWrites(trx: DbOrTrx): void {
  const batch = batches.get(trx);
  if (batch) {
    batch.writes = new Map();
    batch.chars = 0;
  }
}

async function queue(trx: DbOrTrx, pending: Pending): Promise<void> {
  const batch = batches.get(trx);
  if (!batch) return writeEntities(trx, [pending]);
  // A later write of the same entity replaces an earlier one (and keeps its place).
  batch.writes.set(keyOf(pending.type, pending.id), pending);
  batch.chars += pending.entry ? pending.entry.variants.reduce((n, v) => n + v.body.length, 0) : 0;
  if (batch.writes.size >= BATCH_ENTITIES || batch.chars >= BATCH_CHARS) await flushIndexWrites(trx);
}

/** Replaces an entity's rows in the index, inside the caller's transaction. */
export async function indexEntity(trx: DbOrTrx, entry: IndexEntry): Promise<void> {
  await queue(trx, { type: entry.entityType, id: entry.entityId, entry });
}

/** Removes an entity from the index. */
export async function removeEntity(trx: DbOrTrx, entityType: string, entityId: string): Promise<void> {
  await queue(trx, { type: entityType, id: entityId, entry: null });
}

/** Removes every row of an entity type (before a full reindex). */
export async function clearEntityType(trx: DbOrTrx, entityType: string): Promise<void> {
  await flushIndexWrites(trx);
  const docs = trx.selectFrom('search_documents').select('doc_id').where('entity_type', '=', entityType);
  await trx.deleteFrom('search_facets').where('doc_id', 'in', docs).execute();
  await trx.deleteFrom('search_groups').where('doc_id', 'in', docs).execute();
  await trx.deleteFrom('search_texts').where('doc_id', 'in', docs).execute();
  if (!isPostgres(trx)) await sql`delete from search_fts where rowid in (select doc_id from search_documents where entity_type = ${entityType})`.execute(trx);
  await trx.deleteFrom('search_documents').where('entity_type', '=', entityType).execute();
  await trx.deleteFrom('search_counts').where('entity_type', '=', entityType).execute();
}

/** Removes the current rows of the given entities; returns the count changes to apply. */
async function removeRows(trx: DbOrTrx, entities: Pending[], counts: CountDeltas): Promise<void> {
  const byType = new Map<string, string[]>();
  for (const e of entities) byType.set(e.type, [...(byType.get(e.type) ?? []), e.id]);
  const ids: number[] = [];
  for (const [type, entityIds] of byType) {
    for (const some of chunks(entityIds)) {
      const docs = await trx
        .selectFrom('search_documents')
        .select(['doc_id', 'space_id', 'level_lo', 'level_hi', 'k1', 'k2', 'k3', 'k4', 'kbits', 'grouped'])
        .where('entity_type', '=', type)
        .where('entity_id', 'in', some)
        .execute();
      for (const d of docs) {
        ids.push(Number(d.doc_id));
        if (layoutOf(type) && !Number(d.grouped)) {
          counts.add({ entity_type: type, space_id: d.space_id ?? '', level_lo: d.level_lo, level_hi: d.level_hi, k1: d.k1 ?? '', k2: d.k2 ?? '', k3: d.k3 ?? '', k4: d.k4 ?? '', kbits: Number(d.kbits) }, -1);
        }
      }
    }
  }
  // Explicit deletes rather than relying on cascade: SQLite enforces it only with foreign_keys on.
  for (const some of chunks(ids)) {
    await trx.deleteFrom('search_facets').where('doc_id', 'in', some).execute();
    await trx.deleteFrom('search_groups').where('doc_id', 'in', some).execute();
    await trx.deleteFrom('search_texts').where('doc_id', 'in', some).execute();
    if (!isPostgres(trx)) await sql`delete from search_fts where rowid in (${sql.join(some)})`.execute(trx);
    await trx.deleteFrom('search_documents').where('doc_id', 'in', some).execute();
  }
}

/** `n` new row ids for search_documents. */
async function reserveIds(trx: DbOrTrx, n: number): Promise<number[]> {
  if (n === 0) return [];
  if (isPostgres(trx)) {
    const rows = await sql<{ id: string | number }>`
      select nextval(pg_get_serial_sequence('search_documents', 'doc_id')) as id from generate_series(1, ${n})`.execute(trx);
    return rows.rows.map((r) => Number(r.id));
  }
  // AUTOINCREMENT never reuses an id: start past both the sequence and the largest row (this
  // transaction holds the write lock, so no other writer takes them meanwhile); inserting the
  // ids explicitly moves the sequence past them.
  const row = await sql<{ top: number | null }>`
    select max(coalesce((select seq from sqlite_sequence where name = 'search_documents'), 0), coalesce((select max(doc_id) from search_documents), 0)) as top`.execute(trx);
  const top = Number(row.rows[0]?.top ?? 0);
  return Array.from({ length: n }, (_, i) => top + 1 + i);
}

/** Writes the pending entities: their old rows out, their new rows in, the counts adjusted. */
async function writeEntities(trx: DbOrTrx, pending: Pending[]): Promise<void> {
  const postgres = isPostgres(trx);
  const counts = new CountDeltas();
  await removeRows(trx, pending, counts);

  const entries = pending.map((p) => p.entry).filter((e): e is IndexEntry => e !== null && e.variants.length > 0);
  const ids = await reserveIds(trx, entries.reduce((n, e) => n + e.variants.length, 0));
  const updatedAt = nowIso();
  const documents: Record<string, unknown>[] = [];
  const texts: SearchTextsTable[] = [];
  const fts: RawBuilder<unknown>[] = [];
  const facets: { doc_id: number; facet: string; value: string }[] = [];
  const groups: { doc_id: number; group_id: string }[] = [];
  let next = 0;
  for (const entry of entries) {
    const layout = layoutOf(entry.entityType);
    const tokenize = lineTokenizer();
    for (const variant of entry.variants) {
      const docId = ids[next++]!;
      const titleTokens = tokenize(Object.values(variant.title).map((v) => v?.value ?? '').join('\n'));
      const bodyTokens = tokenize(variant.body);
      const langs = variant.facets.lang ?? [];
      const groupIds = [...new Set(variant.groupIds ?? [])];
      const inline = inlineValues(layout, variant.facets);
      documents.push({
        doc_id: docId,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        space_id: entry.spaceId,
        level_lo: variant.levelLo,
        level_hi: variant.levelHi,
        updated_at: updatedAt,
        ...inline,
        lbits: languageBits(langs),
        grouped: groupIds.length ? 1 : 0,
        ...(postgres ? { tsv: sql`cast(${tsvectorLiteral(titleTokens, bodyTokens)} as tsvector)` } : {}),
      });
      texts.push({ doc_id: docId, title: JSON.stringify(variant.title), url: entry.url, body: variant.body, langs: langs.join(' ').slice(0, 100) });
      if (!postgres) fts.push(sql`(${docId}, ${titleTokens.join(' ')}, ${bodyTokens.join(' ')})`);
      for (const [facet, values] of Object.entries(variant.facets)) {
        for (const value of new Set(values.filter(Boolean).map((v) => v.slice(0, 100)))) facets.push({ doc_id: docId, facet, value });
      }
      for (const group_id of groupIds) groups.push({ doc_id: docId, group_id });
      if (layout && !groupIds.length) {
        counts.add({ entity_type: entry.entityType, space_id: entry.spaceId ?? '', level_lo: variant.levelLo, level_hi: variant.levelHi, k1: inline.k1 ?? '', k2: inline.k2 ?? '', k3: inline.k3 ?? '', k4: inline.k4 ?? '', kbits: inline.kbits }, 1);
      }
    }
  }
  // Fewer rows per statement for the wide ones, whose text makes large statements.
  for (const some of chunks(documents, 100)) await trx.insertInto('search_documents').values(some as never).execute();
  for (const some of chunks(texts, 100)) await trx.insertInto('search_texts').values(some).execute();
  for (const some of chunks(fts, 100)) await sql`insert into search_fts(rowid, title, body) values ${sql.join(some)}`.execute(trx);
  for (const some of chunks(facets)) await trx.insertInto('search_facets').values(some).execute();
  for (const some of chunks(groups)) await trx.insertInto('search_groups').values(some).execute();
  await applyCounts(trx, counts);
}

/** Applies the count changes: additions by upsert, removals by update, empty rows deleted. */
async function applyCounts(trx: DbOrTrx, counts: CountDeltas): Promise<void> {
  const changes = counts.sorted();
  const added = changes.filter((c) => c.n > 0).map((c) => ({ ...c.key, n: c.n }));
  for (const some of chunks(added, 200)) {
    await trx
      .insertInto('search_counts')
      .values(some)
      .onConflict((oc) => oc.columns([...COUNT_KEY]).doUpdateSet({ n: sql<number>`search_counts.n + excluded.n` }))
      .execute();
  }
  for (const { key, n } of changes.filter((c) => c.n < 0)) {
    const sameKey = COUNT_KEY.map((k) => [k, key[k]] as const);
    await trx.updateTable('search_counts').set({ n: sql<number>`n - ${-n}` }).where((eb) => eb.and(sameKey.map(([k, v]) => eb(k, '=', v)))).execute();
    await trx.deleteFrom('search_counts').where((eb) => eb.and([...sameKey.map(([k, v]) => eb(k, '=', v)), eb('n', '<=', 0)])).execute();
  }
}
