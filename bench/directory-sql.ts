/**
 * The SQL the directory benchmark needs besides the application's own: the naive LIKE search it
 * compares the engine with, index sizes, query plans, and a logging copy of the database handle
 * to capture the statements search() issues. Kept out of the application (no module uses it).
 */
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle, Db } from '../src/platform/db/index.js';
import type { Database } from '../src/platform/db/schema.js';

/** Escapes LIKE wildcards (with backslash as the escape character, declared in each query). */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The naive search a first implementation would write: substring match on the name and
 * description (bio) columns of organisations and people, first 20 of each and the totals.
 * SQLite LIKE folds ASCII case only; PostgreSQL uses ILIKE (case-insensitive for every script).
 */
export async function naiveLikeSearch(db: Db, postgres: boolean, q: string): Promise<{ total: number; ids: string[] }> {
  const pattern = likePattern(q);
  const op = postgres ? sql`ilike` : sql`like`;
  const ids: string[] = [];
  let total = 0;
  for (const [table, text] of [['organizations', 'description'], ['people', 'bio']] as const) {
    const where = sql`(name ${op} ${pattern} escape '\\' or ${sql.ref(text)} ${op} ${pattern} escape '\\')`;
    const rows = await sql<{ id: string }>`select id from ${sql.table(table)} where ${where} order by updated_at desc limit 20`.execute(db);
    const count = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
    ids.push(...rows.rows.map((r) => r.id));
    total += Number(count.rows[0]?.n ?? 0);
  }
  return { total, ids };
}

/** Size of each table and index (bytes), from dbstat on SQLite or the catalogue on PostgreSQL. */
export async function relationSizes(handle: DatabaseHandle): Promise<{ name: string; bytes: number }[]> {
  if (handle.sqlite) {
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const rows = handle.sqlite.prepare('select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc').all() as { name: string; bytes: number }[];
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  }
  const rows = await sql<{ name: string; bytes: number }>`
    select c.relname as name, pg_relation_size(c.oid) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'i', 't')
    order by bytes desc`.execute(handle.db);
  return rows.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
}

/** pg_total_relation_size (table + indexes + TOAST) of the given tables. */
export async function totalRelationSizes(db: Db, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number }>`select pg_total_relation_size(${t}::regclass) as n`.execute(db);
    out[t] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/** The size of the whole database file on SQLite (after a checkpoint), or of the schema on PostgreSQL. */
export async function databaseBytes(handle: DatabaseHandle): Promise<number> {
  if (handle.sqlite) {
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = handle.sqlite.pragma('page_count', { simple: true }) as number;
    const size = handle.sqlite.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }
  const r = await sql<{ n: number }>`
    select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'`.execute(handle.db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Brings the database to its steady state after the bulk load, as autovacuum (PostgreSQL: statistics
 * and the visibility map that index-only scans need) or `analyze` (SQLite) would.
 */
export async function analyzeDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.sqlite) handle.sqlite.exec('analyze');
  else await sql`vacuum analyze`.execute(handle.db);
}

/**
 * A second handle on the same database that records every compiled statement, to see what one
 * search() call runs. On SQLite it shares the connection; on PostgreSQL it opens a small pool.
 */
export function capturingHandle(handle: DatabaseHandle, pgUrl: string, schema: string | null): { db: Db; take(): CompiledQuery[]; close(): Promise<void> } {
  let captured: CompiledQuery[] = [];
  const log = (event: { level: string; query: CompiledQuery }) => {
    if (event.level === 'query') captured.push(event.query);
  };
  const dialect = handle.sqlite
    ? new SqliteDialect({ database: handle.sqlite })
    : new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 1, ...(schema ? { options: `-c search_path=${schema}` } : {}) }) });
  const db = new Kysely<Database>({ dialect, log });
  return {
    db,
    take() {
      const out = captured;
      captured = [];
      return out;
    },
    // Destroying the SQLite copy would close the shared connection: only PostgreSQL pools are closed.
    close: async () => {
      if (!handle.sqlite) await db.destroy();
    },
  };
}

/** Runs one captured statement and returns its duration in ms. */
export async function timeStatement(db: Db, query: CompiledQuery): Promise<number> {
  const t = performance.now();
  await db.executeQuery(query);
  return performance.now() - t;
}

/** The plan of a captured statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL. */
export async function explain(handle: DatabaseHandle, query: CompiledQuery): Promise<string[]> {
  if (handle.sqlite) {
    const rows = handle.sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d - 1)}${r.detail}`;
    });
  }
  const rows = await handle.db.executeQuery<{ 'QUERY PLAN': string }>({
    ...query,
    sql: `explain (analyze, buffers) ${query.sql}`,
  } as CompiledQuery<{ 'QUERY PLAN': string }>);
  return rows.rows.map((r) => r['QUERY PLAN']);
}
