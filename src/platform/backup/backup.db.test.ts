import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import * as tar from 'tar';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { createAccountsService } from '../../modules/accounts/accounts.service.js';
import { getSpace, setRole } from '../../modules/spaces/spaces.service.js';
import { BACKUP_TABLES, createBackup, DERIVED_TABLES, restoreBackup, RestoreError } from './backup.js';

let tdb: TestDatabase;
let dir: string;
before(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-backup-test-'));
});
after(async () => {
  await tdb.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('every table of the schema is either backed up or declared derived', async () => {
  const tables = await tdb.handle.db.introspection.getTables({ withInternalKyselyTables: true });
  // PostgreSQL lists every schema of the database; this test's is the current one.
  const schema = tdb.handle.sqlite ? undefined : (await sql<{ s: string }>`select current_schema() as s`.execute(tdb.handle.db)).rows[0]!.s;
  // SQLite keeps the FTS5 index in shadow tables named after it; they are part of the index.
  const names = tables
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name).filter((name) => !name.startsWith('search_fts'));
  const known = new Set<string>([...BACKUP_TABLES, ...DERIVED_TABLES]);
  assert.deepEqual(names.filter((name) => !known.has(name)), []);
  assert.ok(names.length >= BACKUP_TABLES.length);
});

test('a backup taken while writes go on restores to a consistent database', async () => {
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } });
  const la = await getSpace(tdb.handle.db, 'LA');
  const actor = { userId: null, label: 'test' };
  let writing = true;
  let written = 0;
  // Each iteration creates a user and their membership in one transaction.
  const writer = (async () => {
    while (writing) {
      await tdb.handle.db.transaction().execute(async (trx) => {
        const { id } = await accounts.ensureUser(trx, { email: `artisan${written}@example.org`, displayName: `Artisan ${written}`, locale: 'lo' }, actor);
        await setRole(trx, actor, null, la.id, id, 'member');
      });
      written++;
      // better-sqlite3 answers synchronously: yield so timers (and the backup) get their turn.
      await new Promise((r) => setImmediate(r));
    }
  })();
  while (written < 5) await new Promise((r) => setTimeout(r, 5));
  const archive = path.join(dir, 'live.tar.gz');
  const manifest = await createBackup({ db: tdb.handle.db, dialect: tdb.handle.dialect, filesDir: path.join(dir, 'no-files'), archivePath: archive });
  writing = false;
  await writer;
  assert.ok(manifest.tables.users!.rows >= 5);
  // Consistency: users and memberships were captured at the same instant.
  assert.equal(manifest.tables.memberships!.rows, manifest.tables.users!.rows);

  const target = await createEmptyDatabase();
  try {
    await restoreBackup({ db: target.handle.db, filesDir: path.join(dir, 'restored-files'), archivePath: archive });
    const users = await target.handle.db.selectFrom('users').select('id').execute();
    const orphans = await target.handle.db
      .selectFrom('memberships')
      .leftJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.id')
      .where('users.id', 'is', null)
      .execute();
    assert.equal(users.length, manifest.tables.users!.rows);
    assert.equal(orphans.length, 0);
  } finally {
    await target.cleanup();
  }
});

test('an archive whose table file was altered is refused before anything is written', async () => {
  const archive = path.join(dir, 'good.tar.gz');
  await createBackup({ db: tdb.handle.db, dialect: tdb.handle.dialect, filesDir: path.join(dir, 'none'), archivePath: archive });
  const unpacked = path.join(dir, 'unpacked');
  rmSync(unpacked, { recursive: true, force: true });
  (await import('node:fs')).mkdirSync(unpacked);
  await tar.extract({ file: archive, cwd: unpacked });
  writeFileSync(path.join(unpacked, 'db', 'users.jsonl'), '{"id":"tampered"}\n');
  const tampered = path.join(dir, 'tampered.tar.gz');
  await tar.create({ gzip: true, file: tampered, cwd: unpacked }, ['manifest.json', 'db', 'files']);
  const target = await createEmptyDatabase();
  try {
    await assert.rejects(restoreBackup({ db: target.handle.db, filesDir: path.join(dir, 'f'), archivePath: tampered }), (e: Error) => e instanceof RestoreError && /checksum mismatch in users/.test(e.message));
    // Nothing was migrated or written: the target still has no users table.
    await assert.rejects(target.handle.db.selectFrom('users').selectAll().execute());
  } finally {
    await target.cleanup();
  }
});
