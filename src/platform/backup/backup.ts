/**
 * Backup and restore of a whole installation into one .tar.gz archive:
 *
 *   manifest.json          format version, dialect, migrations, row counts, sha256 of each table file
 *   db/<table>.jsonl       every row of every table, one JSON object per line
 *   files/<aa>/<sha256>    the content-addressed file store
 *
 * The dump is logical (rows, not a database file), taken inside one read transaction, so it is
 * consistent while the server keeps running, and it restores into either dialect: a SQLite
 * installation moves to PostgreSQL with `mosaic backup` then `mosaic restore`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import type { Database } from '../db/schema.js';
import type { Db, DialectName } from '../db/index.js';
import { migrateToLatest, migrationStatus } from '../db/migrate.js';

/** Tables in an order that satisfies foreign keys when inserting (parents first). */
export const BACKUP_TABLES: (keyof Database)[] = [
  'users',
  'spaces',
  'regions',
  'memberships',
  'sessions',
  'email_tokens',
  'api_tokens',
  'rate_limits',
  'audit_log',
  'outbox',
  'jobs',
  'files',
  'settings',
  'organizations',
  'people',
  'affiliations',
  'organization_editors',
  'organization_claims',
  'import_uploads',
  'groups',
  'group_members',
  'resources',
  'resource_groups',
  'resource_relations',
  'resource_files',
  'resource_file_versions',
  'resource_file_texts',
  'collections',
  'collection_items',
  'bookmarks',
  'follows',
  'notifications',
  'notification_preferences',
  'digest_settings',
  'news_posts',
  'newsletter_sends',
  'newsletter_recipients',
  'opportunities',
  'event_series',
  'events',
  'event_organizers',
  'event_sessions',
  'event_registrations',
  'event_checkins',
  'event_materials',
  'calendar_tokens',
  'group_join_requests',
  'threads',
  'posts',
  'conversations',
  'conversation_members',
  'messages',
  'user_blocks',
  'content_reports',
];

/**
 * Tables left out on purpose: data derived from the tables above and rebuilt by `mosaic reindex`
 * after a restore (the search index, its layouts and groups, contact keys), and the migrator's own.
 */
export const DERIVED_TABLES: readonly string[] = [
  'search_documents',
  'search_texts',
  'search_facets',
  'search_groups',
  'search_layouts',
  'search_counts',
  'contact_keys',
  'kysely_migration',
  'kysely_migration_lock',
];

/** Archive format version; bumped when the layout changes. */
export const BACKUP_FORMAT = 1;

interface Manifest {
  format: number;
  createdAt: string;
  dialect: DialectName;
  migrations: string[];
  tables: Record<string, { rows: number; sha256: string }>;
  files: number;
}

function stableKey(table: string): string {
  // Every table has a single-column primary key; order rows by it so dumps are reproducible.
  if (table === 'rate_limits' || table === 'settings') return 'key';
  if (table === 'files') return 'sha256';
  if (table === 'organization_editors') return 'organization_id';
  if (table === 'group_members' || table === 'resource_groups' || table === 'collection_items' || table === 'bookmarks') {
    return ({ group_members: 'group_id', resource_groups: 'resource_id', collection_items: 'collection_id', bookmarks: 'user_id' } as const)[table];
  }
  if (table === 'group_join_requests' || table === 'conversation_members' || table === 'user_blocks') {
    return ({ group_join_requests: 'group_id', conversation_members: 'conversation_id', user_blocks: 'user_id' } as const)[table];
  }
  if (table === 'newsletter_recipients') return 'send_id';
  return 'id';
}

/** Writes a backup archive of the database and the file store to `archivePath`. */
export async function createBackup(options: { db: Db; dialect: DialectName; filesDir: string; archivePath: string }): Promise<Manifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'mosaic-backup-'));
  try {
    await mkdir(path.join(work, 'db'));
    const applied = (await migrationStatus(options.db)).filter((m) => m.executedAt).map((m) => m.name);
    const tables: Manifest['tables'] = {};
    // One transaction for every table: SQLite (WAL) and PostgreSQL (repeatable read) both give
    // a single snapshot, so a row written meanwhile is either wholly in or wholly out.
    await options.db.transaction().execute(async (trx) => {
      if (options.dialect === 'postgres') await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      for (const table of BACKUP_TABLES) {
        const rows = await trx.selectFrom(table).selectAll().orderBy(stableKey(table) as never).execute();
        const text = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
        await writeFile(path.join(work, 'db', `${table}.jsonl`), text);
        tables[table] = { rows: rows.length, sha256: createHash('sha256').update(text).digest('hex') };
      }
    });
    let files = 0;
    if (existsSync(options.filesDir)) {
      await cp(options.filesDir, path.join(work, 'files'), { recursive: true });
      files = (await readdir(path.join(work, 'files'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    } else {
      await mkdir(path.join(work, 'files'));
    }
    const manifest: Manifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), dialect: options.dialect, migrations: applied, tables, files };
    await writeFile(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await mkdir(path.dirname(path.resolve(options.archivePath)), { recursive: true });
    await tar.create({ gzip: true, file: options.archivePath, cwd: work, portable: true }, ['manifest.json', 'db', 'files']);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Raised when an archive is unreadable, incomplete or the target is not empty. */
export class RestoreError extends Error {}

async function isDatabaseEmpty(db: Db): Promise<boolean> {
  for (const table of BACKUP_TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    if (Number(row?.n ?? 0) > 0) {
      // Seeded spaces alone (a fresh start) count as empty: the backup brings its own.
      if (table === 'spaces' || table === 'regions' || table === 'audit_log') continue;
      return false;
    }
  }
  return true;
}

/**
 * Restores an archive into an empty installation: migrates the database, inserts every row and
 * copies the file store. Refuses a non-empty database unless `force` (which wipes it first).
 */
export async function restoreBackup(options: { db: Db; filesDir: string; archivePath: string; force?: boolean }): Promise<Manifest> {
  if (!existsSync(options.archivePath)) throw new RestoreError(`archive not found: ${options.archivePath}`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'mosaic-restore-'));
  try {
    try {
      await tar.extract({ file: options.archivePath, cwd: work, strict: true });
    } catch (err) {
      throw new RestoreError(`cannot read the archive: ${(err as Error).message}`);
    }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(work, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      throw new RestoreError('the archive has no readable manifest.json: is it a Mosaic backup?');
    }
    if (manifest.format !== BACKUP_FORMAT) throw new RestoreError(`unsupported backup format ${manifest.format}`);
    // Verify every table file before touching the database.
    const contents = new Map<string, string>();
    for (const [table, info] of Object.entries(manifest.tables)) {
      if (!BACKUP_TABLES.includes(table as keyof Database)) throw new RestoreError(`unknown table in archive: ${table}`);
      const text = await readFile(path.join(work, 'db', `${table}.jsonl`), 'utf8').catch(() => null);
      if (text === null) throw new RestoreError(`missing table file: ${table}`);
      if (createHash('sha256').update(text).digest('hex') !== info.sha256) throw new RestoreError(`checksum mismatch in ${table}: the archive is damaged`);
      contents.set(table, text);
    }
    await migrateToLatest(options.db);
    if (!(await isDatabaseEmpty(options.db))) {
      if (!options.force) throw new RestoreError('the target database already holds data; restore into an empty installation (or pass --force to replace it)');
    }
    await options.db.transaction().execute(async (trx) => {
      for (const table of [...BACKUP_TABLES].reverse()) await trx.deleteFrom(table).execute();
      for (const table of BACKUP_TABLES) {
        const text = contents.get(table);
        if (!text) continue;
        const rows = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
        for (let i = 0; i < rows.length; i += 200) {
          await trx.insertInto(table).values(rows.slice(i, i + 200) as never).execute();
        }
      }
    });
    const source = path.join(work, 'files');
    if (existsSync(source)) {
      await mkdir(options.filesDir, { recursive: true });
      await cp(source, options.filesDir, { recursive: true });
    }
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Size of a file in bytes (for CLI messages). */
export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}

/** sha256 of a file's contents. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

