import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.js';
import { filesDir, localFileStore, recordFile, type FileStore } from '../../../platform/files/store.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { enqueueRecurring, runDueJobs } from '../../../platform/jobs/jobs.js';
import { createAccountsService } from '../../accounts/accounts.service.js';
import { jobHandlers, RECURRING_JOBS } from '../../jobs.js';
import { getSpace } from '../../spaces/spaces.service.js';
import { createDirectoryService } from '../directory.service.js';
import { setOrganizationLogo } from '../images/images.repository.js';
import { insertUpload } from './import.repository.js';
import { cleanImportUploads, finishUpload, IMPORT_CLEANUP_JOB, recordUpload, touchUpload } from './uploads.js';

let tdb: TestDatabase;
let dataDir: string;
const dirs: string[] = [];
let store: FileStore;
let laId: string;
let userId: string;
const actor = { userId: null, label: 'test' };
const HOUR = 3600 * 1000;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const hoursAgo = (h: number) => nowIso(new Date(NOW.getTime() - h * HOUR));
/** Hours before the real time, for what runs with the clock (the steps, the job). */
const realHoursAgo = (h: number) => nowIso(new Date(Date.now() - h * HOUR));

/** Stores a file and records an upload of it with the given times (hours before NOW). */
async function upload(text: string, times: { created: number; used?: number; finished?: number | null }): Promise<string> {
  const { sha256 } = await store.put(Buffer.from(text));
  await insertUpload(tdb.handle.db, {
    id: newId(),
    sha256,
    kind: 'organizations',
    space_id: laId,
    user_id: userId,
    created_at: hoursAgo(times.created),
    last_used_at: hoursAgo(times.used ?? times.created),
    finished_at: times.finished === undefined || times.finished === null ? null : hoursAgo(times.finished),
  });
  return sha256;
}

async function uploadsOf(sha256: string): Promise<number> {
  return (await tdb.handle.db.selectFrom('import_uploads').select('id').where('sha256', '=', sha256).execute()).length;
}

before(async () => {
  tdb = await createTestDatabase();
  laId = (await getSpace(tdb.handle.db, 'LA')).id;
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  userId = (await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: 'importer@example.org', displayName: 'Importer', locale: 'en' }, actor))).id;
});
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-uploads-'));
  dirs.push(dataDir);
  store = localFileStore(filesDir(dataDir));
  await tdb.handle.db.deleteFrom('import_uploads').execute();
});
after(async () => {
  await tdb.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('cleaning up import uploads', () => {
  test('finished and abandoned uploads older than the age go, with their files; imports under way and young uploads stay', async () => {
    const finished = await upload('id,name\n1,finished', { created: 30, finished: 29 });
    const abandoned = await upload('id,name\n1,abandoned', { created: 50 });
    const underWay = await upload('id,name\n1,under way', { created: 30, used: 1 });
    const finishedLongAfter = await upload('id,name\n1,long under way', { created: 30, used: 1, finished: 1 });
    const young = await upload('id,name\n1,young', { created: 2, finished: 1 });

    const result = await cleanImportUploads(tdb.handle.db, store, { maxAgeHours: 24, now: NOW });
    assert.deepEqual(result, { uploads: 3, files: 3 });
    for (const gone of [finished, abandoned, finishedLongAfter]) {
      assert.equal(await uploadsOf(gone), 0);
      assert.equal(await store.has(gone), false);
    }
    for (const kept of [underWay, young]) {
      assert.equal(await uploadsOf(kept), 1);
      assert.equal(await store.has(kept), true);
    }
    assert.deepEqual(await cleanImportUploads(tdb.handle.db, store, { maxAgeHours: 24, now: NOW }), { uploads: 0, files: 0 }, 'nothing more to do');
    const audit = await tdb.handle.db.selectFrom('audit_log').select(['actor_label', 'before']).where('action', '=', 'import.uploads_expire').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_label, 'system');
    assert.match(audit[0]!.before!, new RegExp(finished));
  });

  test('a file is kept while anything else refers to the same content: a fresh upload, a logo, a recorded file', async () => {
    const db = tdb.handle.db;
    const shared = await upload('id,name\n1,shared', { created: 40, finished: 39 });
    await upload('id,name\n1,shared', { created: 1 });
    const logo = await upload('same bytes as a logo', { created: 40 });
    const editor = { userId, isPlatformAdmin: true, roles: new Map() };
    const accounts = createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } });
    const directory = createDirectoryService({ db, config: { baseUrl: 'http://localhost:3000' }, accounts });
    const org = await directory.createOrganization(editor, laId, { name: { en: 'Logo Owner' }, type: 'private' }, actor);
    await setOrganizationLogo(db, org.id, logo, nowIso());
    const recorded = await upload('a file some module keeps', { created: 40 });
    await recordFile(db, { sha256: recorded, size: 24, mime: 'application/pdf' });

    const result = await cleanImportUploads(db, store, { maxAgeHours: 24, now: NOW });
    assert.deepEqual(result, { uploads: 3, files: 0 });
    assert.equal(await uploadsOf(shared), 1, 'the fresh upload of the same file stays');
    for (const sha of [shared, logo, recorded]) assert.equal(await store.has(sha), true, sha);
  });

  test('the age is configurable; a large backlog is cleaned in batches', async () => {
    const sha = await upload('id,name\n1,thirty hours', { created: 30 });
    assert.deepEqual(await cleanImportUploads(tdb.handle.db, store, { maxAgeHours: 48, now: NOW }), { uploads: 0, files: 0 });
    assert.equal(await store.has(sha), true);
    for (let i = 0; i < 230; i++) await upload(`id,name\n${i % 7},backlog`, { created: 100 });
    const result = await cleanImportUploads(tdb.handle.db, store, { maxAgeHours: 12, now: NOW });
    assert.deepEqual(result, { uploads: 231, files: 8 });
    assert.equal((await tdb.handle.db.selectFrom('import_uploads').select('id').execute()).length, 0);
  });

  test('the steps of an import keep its upload: touched while used, finished when run', async () => {
    const db = tdb.handle.db;
    const bytes = Buffer.from('id,name\n1,steps');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await recordUpload(db, { sha256, kind: 'people', spaceId: laId, userId });
    await store.put(bytes);
    const row = () => db.selectFrom('import_uploads').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
    await db.updateTable('import_uploads').set({ created_at: realHoursAgo(30), last_used_at: realHoursAgo(30) }).execute();
    await touchUpload(db, sha256, userId);
    assert.equal((await row()).finished_at, null);
    // Used just now (real time is long before NOW): still under way for a clean-up "now".
    assert.deepEqual(await cleanImportUploads(db, store, { maxAgeHours: 24 }), { uploads: 0, files: 0 });
    await finishUpload(db, sha256, userId);
    assert.notEqual((await row()).finished_at, null);
    assert.deepEqual(await cleanImportUploads(db, store, { maxAgeHours: 24 }), { uploads: 1, files: 1 }, 'created 30 hours ago and finished: gone');
    assert.equal(await store.has(sha256), false);
  });

  test('the job is registered and enqueued by the worker once an hour', async () => {
    const db = tdb.handle.db;
    assert.ok(RECURRING_JOBS.some((j) => j.type === IMPORT_CLEANUP_JOB && j.everyMs === HOUR));
    const sha = await upload('id,name\n1,via the job', { created: 100, finished: 99 });
    await db.updateTable('import_uploads').set({ created_at: realHoursAgo(30), last_used_at: realHoursAgo(30) }).execute();
    const accounts = createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } });
    const handlers = jobHandlers({ db, accounts, config: { dataDir, importUploadMaxAgeHours: 24 } });
    assert.equal(await enqueueRecurring(db, RECURRING_JOBS.find((j) => j.type === IMPORT_CLEANUP_JOB)!), true);
    assert.equal(await runDueJobs(db, new Map([[IMPORT_CLEANUP_JOB, handlers.get(IMPORT_CLEANUP_JOB)!]]), 'test-worker'), 1);
    assert.equal(await store.has(sha), false);
    const job = await db.selectFrom('jobs').selectAll().where('type', '=', IMPORT_CLEANUP_JOB).executeTakeFirstOrThrow();
    assert.equal(job.status, 'done');
  });
});
