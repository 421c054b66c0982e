import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { jobHandlers } from '../jobs.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { makePdf } from './demo-files/index.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const tokens: Record<string, string> = {};
let la = '';

type Who = 'editor' | 'member' | 'admin' | 'outsider' | null;

async function makeUser(name: Exclude<Who, null>, role: 'member' | 'editor' | 'admin' | null) {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${name}@example.org`, displayName: name, locale: 'en' }, actor));
  if (role) await db.transaction().execute((trx) => setRole(trx, actor, null, la, id, role));
  tokens[name] = (await accounts.createApiToken((await accounts.findById(id))!, 'test', actor)).token;
}

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Who = null, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
}

function multipart(file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}) {
  const boundary = '----mosaicApiBoundary42';
  const body = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

interface Listed {
  items: { id: string; title: Record<string, { value: string }>; files: { id: string; url: string; versions: unknown[] }[] }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
  next: string | null;
}

async function list(url: string, who: Who = null): Promise<Listed> {
  const res = await call('GET', url, who);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const ids: Record<string, string> = {};

before(async () => {
  t = await createTestApp({ LIBRARY_MAX_UPLOAD_MB: '1' });
  la = (await getSpace(t.app.mosaic.db, 'LA')).id;
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
  await makeUser('editor', 'editor');
  await makeUser('member', 'member');
  await makeUser('admin', 'admin');
  await makeUser('outsider', null);
});
after(async () => t.close());

describe('resources API', () => {
  test('an editor creates resources; bad input gets every field error; anonymous writes get 401', async () => {
    assert.equal((await call('POST', '/api/v1/resources', null, { space: 'LA', type: 'report', title: { en: 'x' } })).statusCode, 401);
    assert.equal((await call('POST', '/api/v1/resources', 'member', { space: 'LA', type: 'report', title: { en: 'x' } })).statusCode, 403);
    const bad = await call('POST', '/api/v1/resources', 'editor', { space: 'LA', type: 'poem', title: {}, date: 'yesterday', sdgs: ['99'] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['date', 'sdgs', 'title', 'type']);
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/api/v1/resources', 'editor', {
        space: 'la',
        type: i % 2 ? 'policy' : 'report',
        title: { en: `Music archive report ${i}` },
        date: `${2010 + i}`,
        sdgs: ['4.7'],
        domains: ['B'],
        coverage: { regions: ['LA-LP'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.headers.location as string, /^\/api\/v1\/resources\/[0-9a-f-]{36}$/);
      ids[`r${i}`] = res.json().id;
    }
    const secret = await call('POST', '/api/v1/resources', 'editor', { space: 'LA', type: 'strategy', title: { en: 'Music archive members plan' }, access: 'members', date: '2024' });
    ids.members = secret.json().id;
    assert.equal(secret.json().access, 'members');
    assert.equal(secret.json().space, 'LA');
  });

  test('listing: filters, facets, date order and cursors; a members’ resource is hidden from visitors', async () => {
    const visitor = await list('/api/v1/resources?q=music+archive');
    assert.equal(visitor.total, 5);
    assert.ok(!visitor.items.some((i) => i.id === ids.members));
    assert.deepEqual(visitor.facets.access, [{ value: 'public', count: 5 }]);
    const member = await list('/api/v1/resources?q=music+archive', 'member');
    assert.equal(member.total, 6);
    const byDate = await list('/api/v1/resources?space=LA&limit=2', 'member');
    assert.deepEqual(byDate.items.map((i) => i.id), [ids.members, ids.r4]);
    const next = await list(`/api/v1/resources?space=LA&limit=2&cursor=${byDate.next}`, 'member');
    assert.deepEqual(next.items.map((i) => i.id), [ids.r3, ids.r2]);
    assert.equal((await call('GET', `/api/v1/resources?space=LA&type=report&limit=2&cursor=${byDate.next}`, 'member')).statusCode, 400, 'a cursor is bound to its query');
    const policies = await list('/api/v1/resources?type=policy&sdg=4&region=la-lp');
    assert.equal(policies.total, 2);
    assert.deepEqual(policies.facets.type, [{ value: 'report', count: 3 }, { value: 'policy', count: 2 }], 'a facet is counted without its own filter');
    assert.deepEqual(policies.facets.sdg, [{ value: '4', count: 2 }]);
    assert.deepEqual(policies.facets.space, [{ value: 'LA', count: 2 }]);
    const bad = await call('GET', '/api/v1/resources?type=poem&year=20x');
    assert.equal(bad.statusCode, 400);
    assert.equal((await call('GET', `/api/v1/resources/${ids.members}`)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/resources/${ids.members}`, 'member')).statusCode, 200);
    assert.equal((await call('GET', '/api/v1/resources/not-an-id')).statusCode, 400);
  });

  test('patch and delete; a deleted resource answers 410 to those who could see it', async () => {
    const res = await call('PATCH', `/api/v1/resources/${ids.r0}`, 'editor', { title: { en: 'Music archive report, revised' }, keywords: ['khaen'] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().keywords, ['khaen']);
    assert.equal(res.json().type, 'report', 'fields not sent are kept');
    assert.equal((await call('PATCH', `/api/v1/resources/${ids.members}`, 'outsider', { title: { en: 'x' } })).statusCode, 404);
    assert.equal((await call('DELETE', `/api/v1/resources/${ids.r0}`, 'editor')).statusCode, 403);
    assert.equal((await call('DELETE', `/api/v1/resources/${ids.r0}`, 'admin')).statusCode, 204);
    assert.equal((await call('GET', `/api/v1/resources/${ids.r0}`)).statusCode, 410);
  });

  test('files: multipart upload, download with the bearer token, 413 over the limit, programs refused', async () => {
    const pdf = await makePdf({ title: 'Notes', pages: ['Khaen ensembles of Luang Prabang.'] });
    const anonymous = multipart({ name: 'notes.pdf', bytes: pdf });
    assert.equal((await call('POST', `/api/v1/resources/${ids.members}/files`, null, anonymous.body, anonymous.headers)).statusCode, 401);
    const up = multipart({ name: 'notes.pdf', bytes: pdf }, { label: 'Notes' });
    const res = await call('POST', `/api/v1/resources/${ids.members}/files`, 'editor', up.body, up.headers);
    assert.equal(res.statusCode, 201, res.body);
    const file = res.json();
    assert.equal(file.label, 'Notes');
    assert.equal(file.current.mediaType, 'application/pdf');
    assert.equal(file.current.extraction, 'pending');
    await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test');
    const got = await call('GET', file.url, 'member');
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.equal((await call('GET', file.url)).statusCode, 404, 'a members’ file is not for visitors');
    const found = await list('/api/v1/resources?q=ensembles', 'member');
    assert.deepEqual(found.items.map((i) => i.id), [ids.members]);
    assert.equal(found.items[0]!.files[0]!.id, file.id);
    assert.equal((await list('/api/v1/resources?q=ensembles')).total, 0);

    const v2 = multipart({ name: 'notes-v2.pdf', bytes: await makePdf({ title: 'Notes', pages: ['Second edition.'] }) });
    const second = await call('POST', `/api/v1/resources/${ids.members}/files/${file.id}/versions`, 'editor', v2.body, v2.headers);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().versions.length, 2);
    const old = second.json().versions[1];
    assert.equal((await call('GET', old.url, 'member')).rawPayload.equals(pdf), true, 'the first version is still there');

    const big = multipart({ name: 'big.txt', bytes: Buffer.alloc(1024 * 1024 + 1, 0x61) });
    const tooBig = await call('POST', `/api/v1/resources/${ids.members}/files`, 'editor', big.body, big.headers);
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(tooBig.json().code, 'PAYLOAD_TOO_LARGE');
    assert.match(tooBig.json().errors[0].message, /larger than 1 MB/);

    const exe = multipart({ name: 'setup.pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) });
    const refused = await call('POST', `/api/v1/resources/${ids.members}/files`, 'editor', exe.body, exe.headers);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().errors[0].message, /program or an installer/);
  });

  test('the OpenAPI document describes the library routes', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json();
    for (const path of ['/api/v1/resources', '/api/v1/resources/{id}', '/api/v1/resources/{id}/files', '/api/v1/resources/{id}/files/{fileId}']) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/api/v1/resources'].get.parameters.some((p: { name: string }) => p.name === 'sdg'));
  });
});
