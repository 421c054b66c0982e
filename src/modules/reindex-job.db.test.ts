import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { ANONYMOUS, type Principal } from '../platform/auth/policy.js';
import { runDueJobs } from '../platform/jobs/jobs.js';
import { layoutInForce, layoutOf } from '../platform/search/layouts.js';
import { search } from '../platform/search/search.js';
import { createAccountsService } from './accounts/accounts.service.js';
import { ORGANIZATION, createDirectoryService } from './directory/directory.service.js';
import { jobHandlers, REINDEX_JOB, scheduleStaleReindex } from './jobs.js';
import { getSpace } from './spaces/spaces.service.js';

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb.cleanup());

test('rows indexed under an older layout are rebuilt by a background job at start-up', async () => {
  const db = tdb.handle.db;
  const accounts = createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } });
  const directory = createDirectoryService({ db, config: { baseUrl: 'http://localhost:3000' }, accounts });
  const la = (await getSpace(db, 'LA')).id;
  const actor = { userId: null, label: 'test' };
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: 'editor@example.org', displayName: 'Editor', locale: 'en' }, actor));
  const admin: Principal = { userId: id, isPlatformAdmin: false, roles: new Map([[la, 'editor']]) };
  for (const [name, type] of [['Luang Prabang Weavers', 'civil_society'], ['Vientiane Film Lab', 'private']] as const) {
    await directory.createOrganization(admin, la, { name: { en: name }, type, domains: ['C'], status: 'published' }, actor);
  }
  // As if the rows had been written by a release whose layout differed.
  await db.updateTable('search_layouts').set({ signature: 'an-older-layout' }).where('entity_type', '=', ORGANIZATION).execute();
  await db.updateTable('search_documents').set({ k1: null, kbits: 0 }).where('entity_type', '=', ORGANIZATION).execute();

  const query = { q: '', reader: ANONYMOUS, types: [ORGANIZATION], spaceIds: [la], filters: { domain: ['C'] }, facets: ['org_type', 'domain'], limit: 10, offset: 0 };
  // Meanwhile the general path answers, correctly.
  const meanwhile = await search(db, query);
  assert.equal(meanwhile.total, 2);

  assert.deepEqual(await scheduleStaleReindex(db), [ORGANIZATION]);
  // Asked twice (two processes starting), one job.
  await scheduleStaleReindex(db);
  const jobs = await db.selectFrom('jobs').select(['type', 'payload']).where('type', '=', REINDEX_JOB).execute();
  assert.equal(jobs.length, 1);
  assert.deepEqual(JSON.parse(jobs[0]!.payload), { types: [ORGANIZATION], all: false });

  const ran = await runDueJobs(db, jobHandlers({ db, accounts, config: { dataDir: os.tmpdir(), importUploadMaxAgeHours: 24 } }), 'test-worker');
  assert.equal(ran, 1);
  assert.equal(await layoutInForce(db, layoutOf(ORGANIZATION)!), true);
  const after = await search(db, query);
  assert.deepEqual(after, meanwhile);
  assert.deepEqual(after.facets.org_type!.map((f) => f.value).sort(), ['civil_society', 'private']);
  assert.deepEqual(await scheduleStaleReindex(db), []);
});

test('after a migration that reshaped the index, every entity type is rebuilt once', async () => {
  const db = tdb.handle.db;
  const before = await search(db, { q: 'Weavers', reader: ANONYMOUS, limit: 10, offset: 0 });
  assert.equal(before.total, 1);
  // What 0004 leaves when it drops a populated index: no rows, and the request to rebuild.
  await db.deleteFrom('search_facets').execute();
  await db.deleteFrom('search_texts').execute();
  await db.deleteFrom('search_counts').execute();
  await db.deleteFrom('search_documents').execute();
  if (tdb.handle.sqlite) tdb.handle.sqlite.exec(`delete from search_fts`);
  await db.insertInto('search_layouts').values({ entity_type: '*', signature: 'rebuild', updated_at: new Date().toISOString() }).execute();
  assert.equal((await search(db, { q: 'Weavers', reader: ANONYMOUS, limit: 10, offset: 0 })).total, 0);

  const types = await scheduleStaleReindex(db);
  assert.ok(types.includes(ORGANIZATION) && types.includes('person'));
  await runDueJobs(db, jobHandlers({ db, accounts: createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } }), config: { dataDir: os.tmpdir(), importUploadMaxAgeHours: 24 } }), 'test-worker');
  const rebuilt = await search(db, { q: 'Weavers', reader: ANONYMOUS, limit: 10, offset: 0 });
  // The same hit, title and snippet (the BM25 score depends on the index's history).
  const strip = (r: typeof before) => ({ ...r, items: r.items.map(({ score: _score, ...rest }) => rest) });
  assert.deepEqual(strip(rebuilt), strip(before));
  assert.deepEqual(await scheduleStaleReindex(db), []);
});
