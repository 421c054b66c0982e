/**
 * The `mosaic` command, run as a real child process against the test database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKUP_TABLES } from '../../src/platform/backup/backup.js';
import type { Db } from '../../src/platform/db/index.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function mosaic(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', SECRET_KEY: 'cli-test-secret-cli-test-secret-0123456789', ...env },
    encoding: 'utf8',
    input,
    // Generous: the demo writes and extracts documents, which takes a while on a busy machine.
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.signal ? `killed by ${result.signal}\n${result.stderr}` : result.stderr };
}

/** Every row of every table, in a stable order, for comparing two installations. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

let source: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
before(async () => {
  source = await createEmptyDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-cli-'));
  env = { ...source.env, DATA_DIR: dataDir };
});
after(async () => {
  await source.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('help and errors', () => {
  test('--help lists every command', () => {
    const res = mosaic(['--help'], env);
    assert.equal(res.code, 0);
    for (const cmd of ['serve', 'migrate', 'admin', 'user', 'token', 'backup', 'restore', 'demo', 'jobs', 'reindex']) assert.match(res.stdout, new RegExp(`\\b${cmd}\\b`));
    const sub = mosaic(['admin', 'create', '--help'], env);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--email <email>/);
    assert.match(sub.stdout, /MOSAIC_ADMIN_PASSWORD/);
  });

  test('an unknown command or a missing option is a usage error (exit 2)', () => {
    assert.equal(mosaic(['fly'], env).code, 2);
    const res = mosaic(['admin', 'create'], env);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--email/);
  });

  test('a bad setting exits 78 naming the variable', () => {
    const res = mosaic(['migrate'], { ...env, PORT: 'eighty' });
    assert.equal(res.code, 78);
    assert.match(res.stderr, /PORT: expected a whole number/);
    const db = mosaic(['migrate'], { ...env, DATABASE_URL: 'mysql://x/y' });
    assert.equal(db.code, 78);
    assert.match(db.stderr, /DATABASE_URL/);
  });
});

describe('accounts from the command line', () => {
  test('migrate, then admin create with the password from the environment', () => {
    const m = mosaic(['migrate'], env);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /applied: 0001_foundation|up to date/);
    const res = mosaic(['admin', 'create', '--email', 'Admin@Culture.gov.la', '--name', 'ສົມພອນ'], { ...env, MOSAIC_ADMIN_PASSWORD: 'cli-admin-password-1' });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /admin@culture\.gov\.la/);
    const noPassword = mosaic(['admin', 'create', '--email', 'x@example.org'], env, '');
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /MOSAIC_ADMIN_PASSWORD/);
    const weak = mosaic(['admin', 'create', '--email', 'y@example.org'], { ...env, MOSAIC_ADMIN_PASSWORD: 'short' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /password: Use at least 10 characters/);
  });

  test('token create prints only the token, which then works', async () => {
    const res = mosaic(['token', 'create', '--email', 'admin@culture.gov.la', '--name', 'nightly export'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^mos_[A-Za-z0-9_-]{40}\n$/);
    const unknown = mosaic(['token', 'create', '--email', 'nobody@example.org'], env);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, '');
    const { createAccountsService } = await import('../../src/modules/accounts/accounts.service.js');
    const accounts = createAccountsService({ db: source.handle.db, config: { baseUrl: 'http://x' } });
    assert.equal((await accounts.userForApiToken(res.stdout.trim())).email, 'admin@culture.gov.la');
  });

  test('user reset-password sets a new password', async () => {
    const res = mosaic(['user', 'reset-password', '--email', 'admin@culture.gov.la'], { ...env, MOSAIC_ADMIN_PASSWORD: 'a-new-cli-password' });
    assert.equal(res.code, 0, res.stderr);
    const { createAccountsService } = await import('../../src/modules/accounts/accounts.service.js');
    const accounts = createAccountsService({ db: source.handle.db, config: { baseUrl: 'http://x' } });
    await accounts.authenticate('admin@culture.gov.la', 'a-new-cli-password', '127.0.0.9');
    assert.equal(mosaic(['user', 'reset-password', '--email', 'ghost@example.org'], { ...env, MOSAIC_ADMIN_PASSWORD: 'a-new-cli-password' }).code, 1);
  });

  test('reindex rebuilds the search index and reports what it did', () => {
    const res = mosaic(['reindex'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^reindexed \d+ records/);
  });

  test('demo loads once: running it again adds nothing', () => {
    const first = mosaic(['demo'], env);
    assert.equal(first.code, 0, first.stderr);
    const added = Number(/demo data loaded: (\d+) new records/.exec(first.stdout)?.[1]);
    assert.ok(added > 1000, `only ${added} demo records`);
    assert.match(mosaic(['demo'], env).stdout, /demo data loaded: 0 new records/);
  });
});

describe('backup and restore', () => {
  test('backup then restore into an empty installation gives back identical data and files', async () => {
    // A file in the store, as later modules will write.
    mkdirSync(path.join(dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(path.join(dataDir, 'files', 'ab', 'ab'.padEnd(64, '0')), 'ສະບາຍດີ — a stored document');
    const archive = path.join(dataDir, 'backup.tar.gz');
    // Every stored file (the demo above stores the library's documents too).
    const stored = readdirSync(path.join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    const res = mosaic(['backup', archive], env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`backup written: .*backup\\.tar\\.gz \\(\\d+ rows, ${stored} files`));

    const target = await createEmptyDatabase();
    const targetDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-cli-restore-'));
    try {
      const restored = mosaic(['restore', archive], { ...target.env, DATA_DIR: targetDir });
      assert.equal(restored.code, 0, restored.stderr);
      assert.deepEqual(await dump(target.handle.db), await dump(source.handle.db));
      const { readFileSync } = await import('node:fs');
      assert.equal(readFileSync(path.join(targetDir, 'files', 'ab', 'ab'.padEnd(64, '0')), 'utf8'), 'ສະບາຍດີ — a stored document');
      // A second restore into the now non-empty installation is refused.
      const again = mosaic(['restore', archive], { ...target.env, DATA_DIR: targetDir });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already holds data/);
    } finally {
      await target.cleanup();
      rmSync(targetDir, { recursive: true, force: true });
    }
  });

  test('a damaged or foreign archive is refused with a clear message and changes nothing', async () => {
    const junk = path.join(dataDir, 'junk.tar.gz');
    writeFileSync(junk, 'this is not an archive');
    const target = await createEmptyDatabase();
    try {
      const res = mosaic(['restore', junk], { ...target.env, DATA_DIR: dataDir });
      assert.equal(res.code, 1);
      assert.match(res.stderr, /cannot read the archive|manifest/);
      const missing = mosaic(['restore', path.join(dataDir, 'nope.tar.gz')], { ...target.env, DATA_DIR: dataDir });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /archive not found/);
    } finally {
      await target.cleanup();
    }
  });
});
