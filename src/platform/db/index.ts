/**
 * Opens the database named by the configuration: better-sqlite3 (WAL) or PostgreSQL through pg.
 * Everything above this file talks Kysely and does not care which one it got.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, PostgresIntrospector, SqliteDialect, sql, type DatabaseIntrospector, type DatabaseMetadataOptions, type TableMetadata, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.js';
import type { Database } from './schema.js';

/** The application's typed database handle. */
export type Db = Kysely<Database>;
/** A handle that may be the database itself or an open transaction; repositories accept both. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
/** The two SQL dialects Mosaic runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** SQLite memory map and page cache sizes (see openDatabase). */
const SQLITE_MMAP_BYTES = 256 * 1024 * 1024;
const SQLITE_CACHE_KIB = 32 * 1024;

/** A database handle together with the dialect it speaks. */
export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** Closes every connection. */
  close(): Promise<void>;
  /** The raw SQLite connection, for the online backup API; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
}

// PostgreSQL returns int8 (e.g. count(*)) as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The connection as Kysely's SQLite dialect sees it, with prepared statements cached by SQL text:
 * better-sqlite3 compiles a statement on every prepare(), which costs more than running it for
 * the small queries a service issues per row (an import of 10,000 rows prepares ~100,000 times).
 * A statement still iterating (a streamed query) is busy and cannot be reused, so a fresh one is
 * prepared then.
 */
function withStatementCache(conn: SQLite.Database, max = 1000): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => conn.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Refresh its place: the map's first key is the least recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const stmt = conn.prepare(sql);
      if (!cached) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/**
 * Kysely's PostgreSQL introspection (used by the migrator to see whether its own tables exist)
 * reads the catalogue of every schema, and fails with "schema … does not exist" (3F000) when
 * another schema is dropped during the scan: installations or test runs sharing one database.
 * The scan is simply repeated.
 */
class RetryingPostgresIntrospector extends PostgresIntrospector {
  override async getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.getTables(options);
      } catch (err) {
        if (attempt >= 5 || (err as { code?: string }).code !== '3F000') throw err;
      }
    }
  }
}

class MosaicPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new RetryingPostgresIntrospector(db);
  }
}

/** Opens the configured database. On SQLite the file's folder is created and WAL is switched on. */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(path.dirname(config.file), { recursive: true });
    const conn = new SQLite(config.file);
    // WAL lets readers run while one writer writes; busy_timeout makes a second process wait
    // instead of failing at once (e.g. `mosaic backup` beside a running server).
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    // Reads through a memory map and a larger page cache: a listing at 100k records reads
    // indexes of tens of megabytes, and copying them through read() calls doubled its time.
    // The map is of the file (shared, reclaimable by the kernel), not process memory.
    conn.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
    conn.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite: conn,
      close: async () => {
        await db.destroy();
      },
    };
  }
  // JIT compilation costs 5–30 ms per statement and never pays back on the short queries of a
  // web request (measured on the 100k-record listing), so it is off for our sessions.
  const options = ['-c jit=off', ...(config.schema ? [`-c search_path=${config.schema}`] : [])].join(' ');
  const pool = new pg.Pool({ connectionString: config.url, max: 10, options });
  const db = new Kysely<Database>({ dialect: new MosaicPostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Runs a trivial query; used by /healthz. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
