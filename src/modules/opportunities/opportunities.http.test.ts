import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { createOpportunity } from './opportunities.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let editor: Client;
let member: Client;
let editorToken: string;
let memberToken: string;
let firstId: string;
const KINDS = ['call', 'grant', 'job', 'residency', 'tender'] as const;

async function signedIn(email: string, role: 'member' | 'editor', laId: string) {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await db.transaction().execute((trx) => setRole(trx, actor, null, laId, id, role));
  await accounts.setPasswordByEmail(email, 'opportunity-test-password', actor);
  const client = new Client(t.app);
  assert.equal((await client.submit('/login', { email, password: 'opportunity-test-password' })).statusCode, 303);
  return { client, id, token: (await accounts.createApiToken((await accounts.findById(id))!, 'test', actor)).token };
}

before(async () => {
  t = await createTestApp();
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await signedIn('editor@example.org', 'editor', la.id);
  editor = ed.client;
  editorToken = ed.token;
  const mem = await signedIn('member@example.org', 'member', la.id);
  member = mem.client;
  memberToken = mem.token;
  const editorP: Principal = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  for (let i = 0; i < 20; i++) {
    const o = await createOpportunity(
      t.app.mosaic.db,
      editorP,
      la,
      {
        kind: KINDS[i % 5],
        title: { en: `Opportunity ${String(i).padStart(2, '0')} <em>for</em> artists`, lo: `ໂອກາດ ${i}` },
        description: { en: 'Support for new work in the region.' },
        domains: i % 2 ? ['A'] : ['B', 'C'],
        regions: [i % 3 ? 'LA-VT' : 'LA-LP'],
        deadline: new Date(Date.now() + (i + 1) * 86_400_000).toISOString().slice(0, 16),
        timeZone: 'Asia/Vientiane',
        applyUrl: `https://apply.example.org/${i}`,
      },
      actor,
    );
    if (i === 0) firstId = o.id;
  }
});
after(async () => t.close());

test('/opportunities: facet links filter without JavaScript, with counts; text is escaped', async () => {
  const visitor = new Client(t.app);
  const res = await visitor.get('/opportunities?space=LA');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /20 opportunities/);
  assert.match(res.body, /Opportunity 00 &lt;em>for&lt;\/em> artists/);
  assert.match(res.body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/en\/opportunities\/feed\.atom\?space=LA"\/>/);
  assert.match(res.body, /<a href="\/opportunities\?space=LA&amp;type=grant">Grant <span>\(4\)<\/span><\/a>/);
  const grants = await visitor.get('/opportunities?space=LA&type=grant&domain=A');
  assert.match(grants.body, /2 opportunities/);
  assert.match(grants.body, /<a href="\/opportunities\?space=LA&amp;domain=A" class="on">Grant/);
  const closed = await visitor.get('/opportunities?space=LA&state=closed');
  assert.match(closed.body, /No opportunities/);
  assert.equal((await visitor.get('/opportunities?space=LA&type=%3Cscript%3E&domain=ZZ&page=99999')).statusCode, 200, 'unknown filter values are ignored');
  const weight = { html: Buffer.byteLength(res.body), gzip: gzipSync(res.body).length, brotli: brotliCompressSync(res.body).length };
  console.log(`/opportunities?space=LA (20 items): HTML ${weight.html} B, gzip ${weight.gzip} B, brotli ${weight.brotli} B`);
  assert.ok(weight.html < 14 * 1024);
});

test('an opportunity page shows the deadline in its zone and a follow button; following works', async () => {
  const page = await member.get(`/opportunities/${firstId}`);
  assert.match(page.body, /\(Asia\/Vientiane\)/);
  assert.match(page.body, /<input type="hidden" name="target_type" value="opportunity"\/>/);
  const res = await member.post('/follows', { _csrf: csrfFrom(page.body), target_type: 'opportunity', target_id: firstId, op: 'follow', next: `/opportunities/${firstId}` });
  assert.equal(res.statusCode, 303);
  assert.match((await member.get(`/opportunities/${firstId}`)).body, /aria-pressed="true"/);
  assert.match((await new Client(t.app).get(`/opportunities/${firstId}`)).body, /Sign in to follow/);
});

test('the Atom feed parses', async () => {
  const res = await new Client(t.app).get('/lo/opportunities/feed.atom?space=LA');
  assert.match(res.headers['content-type'] as string, /application\/atom\+xml/);
  const feed = await new Parser().parseString(res.body);
  assert.equal(feed.items.length, 20);
  assert.equal(feed.items[0]!.title, 'ໂອກາດ 0');
  assert.match(feed.items[0]!.link!, /\/lo\/opportunities\//);
  assert.match(res.body, /<link rel="self" type="application\/atom\+xml" href="http:\/\/localhost:3000\/lo\/opportunities\/feed\.atom\?space=LA"\/>/);
  // The Lao page announces the Lao feed: a feed reader sends no language cookie.
  assert.match((await new Client(t.app).get('/lo/opportunities?space=LA')).body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="\/lo\/opportunities\/feed\.atom\?space=LA"\/>/);
});

test('forms: a rejected form keeps what was typed; members may not create; CSRF is checked', async () => {
  const page = await editor.get('/opportunities/new?space=LA');
  assert.equal(page.statusCode, 200);
  const bad = await editor.post('/opportunities/new?space=LA', { _csrf: csrfFrom(page.body), kind: 'grant', 'title.en': 'Typed <title>', deadline: '31/12/2026', timeZone: 'Asia/Vientiane', domains: 'C' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /value="Typed &lt;title>"/);
  assert.match(bad.body, /value="31\/12\/2026"/);
  assert.match(bad.body, /Give a link or a contact to apply/);
  assert.match(bad.body, /value="C" checked/);
  const ok = await editor.post('/opportunities/new?space=LA', { _csrf: csrfFrom(bad.body), kind: 'grant', 'title.en': 'Typed title', deadline: '2099-12-31T17:00', timeZone: 'Asia/Vientiane', applyContact: 'Ministry office', status: 'open' });
  assert.equal(ok.statusCode, 303);
  assert.equal((await member.get('/opportunities/new?space=LA')).statusCode, 403);
  assert.equal((await editor.post('/opportunities/new?space=LA', { 'title.en': 'x' })).statusCode, 403);
});

test('API: faceted list, get, create by editors only', async () => {
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/opportunities?space=LA&type=call&limit=2' });
  assert.equal(list.statusCode, 200);
  const body = list.json() as { items: { deadline: { timeZone: string } }[]; total: number; facets: { type: { value: string; count: number }[] } };
  assert.equal(body.total, 4);
  assert.equal(body.items.length, 2);
  assert.equal(body.items[0]!.deadline.timeZone, 'Asia/Vientiane');
  assert.ok(body.facets.type.some((f) => f.value === 'grant'));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/opportunities?type=prize' })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/opportunities/${firstId}` })).statusCode, 200);
  const payload = { space: 'LA', kind: 'job', title: { en: 'Curator' }, deadline: '2099-01-01', applyUrl: 'https://jobs.example.org' };
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/opportunities', headers: { authorization: `Bearer ${memberToken}` }, payload })).statusCode, 403);
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/opportunities', headers: { authorization: `Bearer ${editorToken}` }, payload });
  assert.equal(created.statusCode, 201);
  assert.equal((created.json() as { deadline: { at: string } }).deadline.at, '2099-01-01T16:59:00.000Z', 'end of the day in Vientiane');
});
