/**
 * Opens the database named by the configuration: better-sqlite3 (WAL) or PostgreSQL through pg.
 * Everything above this file talks Kysely and does not care which one it got.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.js';
import type { Database } from './schema.js';

/** The application's typed database handle. */
export type Db = Kysely<Database>;
/** A handle that may be the database itself or an open transaction; repositories accept both. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
/** The two SQL dialects Mosaic runs on. */
export type DialectName = 'sqlite' | 'postgres';

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
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite: conn,
      close: async () => {
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
