/**
 * Test databases. `MOSAIC_TEST_DB=postgres` runs every integration test on PostgreSQL
 * (`MOSAIC_TEST_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/test), each test file
 * in its own schema so files can run in parallel; otherwise on a fresh SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/platform/db/index.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { seedSpaces } from '../../src/modules/spaces/spaces.service.js';
import { syncFacetLayouts } from '../../src/platform/search/layouts.js';

/** The dialect this test run uses. */
export const TEST_DIALECT: DialectName = process.env.MOSAIC_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
/** PostgreSQL server for tests. */
export const PG_URL = process.env.MOSAIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated, seeded database for one test file, with its cleanup. */
export interface TestDatabase {
  handle: DatabaseHandle;
  /** The DATABASE_URL a child process would use to reach the same data. */
  url: string;
  /** Extra environment for a child process (PostgreSQL schema). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Creates an empty database (no migrations) of the test dialect. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === 'postgres') {
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = openDatabase({ dialect: 'postgres', url: PG_URL, schema });
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    return {
      handle,
      url,
      env: { DATABASE_URL: url },
      async cleanup() {
        await handle.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-test-db-'));
  const file = path.join(dir, 'test.sqlite');
  const handle = openDatabase({ dialect: 'sqlite', file });
  return {
    handle,
    url: file,
    env: { DATABASE_URL: file },
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a migrated and seeded database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const test = await createEmptyDatabase();
  await migrateToLatest(test.handle.db);
  await seedSpaces(test.handle.db);
  // As at start-up: the inline facet layouts registered so far are adopted by the empty index.
  await syncFacetLayouts(test.handle.db);
  return test;
}
