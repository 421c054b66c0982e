import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import sharp from 'sharp';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { jobHandlers } from '../jobs.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { createPost } from './news.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let editor: Client;
let member: Client;
let laId: string;
let editorP: Principal;
let editorToken: string;
let memberToken: string;
let postId: string;

async function signedIn(email: string, role: 'member' | 'editor', locale = 'en'): Promise<{ client: Client; id: string; token: string }> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale }, actor));
  await db.transaction().execute((trx) => setRole(trx, actor, null, laId, id, role));
  await accounts.setPasswordByEmail(email, 'news-test-password-1', actor);
  const client = new Client(t.app);
  assert.equal((await client.submit('/login', { email, password: 'news-test-password-1' })).statusCode, 303);
  const token = (await accounts.createApiToken((await accounts.findById(id))!, 'test', actor)).token;
  return { client, id, token };
}

before(async () => {
  t = await createTestApp();
  laId = (await getSpace(t.app.mosaic.db, 'LA')).id;
  const ed = await signedIn('editor@example.org', 'editor');
  editor = ed.client;
  editorToken = ed.token;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[laId, 'editor']]) };
  const mem = await signedIn('member@example.org', 'member');
  member = mem.client;
  memberToken = mem.token;
  for (let i = 0; i < 12; i++) {
    const post = await createPost(
      t.app.mosaic.db,
      editorP,
      laId,
      {
        title: { en: `Heritage week ${i} <script>alert(1)</script> & friends`, lo: `ອາທິດມໍລະດົກ ${i}` },
        summary: { en: `Exhibitions, music and crafts across the provinces, day ${i}.` },
        body: { en: 'First paragraph.\n\nSecond paragraph with more detail about the programme.' },
        status: 'published',
        publishAt: new Date(Date.now() - (12 - i) * 3_600_000).toISOString(),
      },
      actor,
    );
    postId = post.id;
  }
});
after(async () => t.close());

test('/news lists published posts with escaped text and announces its feeds in the head', async () => {
  const res = await new Client(t.app).get('/news?space=LA');
  assert.equal(res.statusCode, 200);
  const head = /<head>([\s\S]*?)<\/head>/.exec(res.body)![1]!;
  assert.match(head, /<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="\/en\/news\/feed\.atom\?space=LA"\/>/, 'the feeds in the page’s language');
  assert.match(head, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/en\/news\/feed\.rss\?space=LA"\/>/);
  assert.match(res.body, /Heritage week 11 &lt;script>alert\(1\)&lt;\/script> &amp; friends/);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.match(res.body, /rel="next"/, 'paged by ten');
  const lao = await new Client(t.app).get('/lo/news?space=la');
  assert.match(lao.body, /ອາທິດມໍລະດົກ 11/);
  // The Lao page announces the Lao feeds: a feed reader sends no language cookie.
  assert.match(lao.body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="\/lo\/news\/feed\.atom\?space=LA"\/>/);
  assert.match(lao.body, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/lo\/news\/feed\.rss\?space=LA"\/>/);
  const laoReader = new Client(t.app);
  await laoReader.get('/lo/');
  const byCookie = await laoReader.get('/news?space=LA');
  assert.match(byCookie.body, /<html lang="lo"/, 'the language cookie chose Lao');
  assert.match(byCookie.body, /href="\/lo\/news\/feed\.atom\?space=LA"/, 'so the feed announced is the Lao one');
  assert.equal((await new Client(t.app).get('/news?space=ZZ')).statusCode, 404);
  assert.equal((await new Client(t.app).get('/news?space=%3Cx%3E&page=-4')).statusCode, 404);
  const weight = { html: Buffer.byteLength(res.body), gzip: gzipSync(res.body).length, brotli: brotliCompressSync(res.body).length };
  console.log(`/news?space=LA (10 posts): HTML ${weight.html} B, gzip ${weight.gzip} B, brotli ${weight.brotli} B`);
  assert.ok(weight.html < 14 * 1024, 'HTML under 14 KB');
});

test('Atom and RSS feeds parse and carry the posts, newest first, in the language asked for', async () => {
  const parser = new Parser();
  const atomRes = await new Client(t.app).get('/news/feed.atom?space=LA');
  assert.equal(atomRes.statusCode, 200);
  assert.match(atomRes.headers['content-type'] as string, /application\/atom\+xml/);
  const atom = await parser.parseString(atomRes.body);
  assert.equal(atom.items.length, 12);
  assert.equal(atom.items[0]!.title, 'Heritage week 11 <script>alert(1)</script> & friends');
  assert.match(atom.items[0]!.link!, /^http:\/\/localhost:3000\/en\/news\/[0-9a-f-]{36}$/);
  assert.ok(atom.items[0]!.id?.startsWith('urn:uuid:'));
  const rssRes = await new Client(t.app).get('/lo/news/feed.rss?space=LA');
  assert.match(rssRes.headers['content-type'] as string, /application\/rss\+xml/);
  const rss = await parser.parseString(rssRes.body);
  assert.equal(rss.items.length, 12);
  assert.equal(rss.items[0]!.title, 'ອາທິດມໍລະດົກ 11');
  assert.match(rss.items[0]!.link!, /\/lo\/news\//);
  assert.ok(!Number.isNaN(Date.parse(rss.items[0]!.pubDate!)));
  assert.equal(rss.items[0]!.guid, `urn:uuid:${postId}`);
  assert.match(rssRes.body, /<atom:link rel="self" type="application\/rss\+xml" href="http:\/\/localhost:3000\/lo\/news\/feed\.rss\?space=LA"\/>/);
});

test('editors create posts by form; a rejected form keeps what was typed; members may not; CSRF is checked', async () => {
  const page = await editor.get('/news/new?space=LA');
  assert.equal(page.statusCode, 200);
  const bad = await editor.post('/news/new?space=LA', { _csrf: csrfFrom(page.body), 'title.en': '', 'summary.en': 'Kept <summary>', publishAt: 'soon', status: 'published' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Kept &lt;summary>/);
  assert.match(bad.body, /value="soon"/);
  const ok = await editor.post('/news/new?space=LA', { _csrf: csrfFrom(bad.body), 'title.en': 'Scheduled concert', status: 'published', publishAt: '2099-01-01T09:00' });
  assert.equal(ok.statusCode, 303);
  const url = ok.headers.location as string;
  assert.match((await editor.get(url)).body, /Scheduled/);
  assert.equal((await new Client(t.app).get(url)).statusCode, 404, 'not visible before it is due');
  assert.doesNotMatch((await new Client(t.app).get('/news?space=LA')).body, /Scheduled concert/);
  assert.equal((await member.get('/news/new?space=LA')).statusCode, 403);
  assert.equal((await editor.post('/news/new?space=LA', { 'title.en': 'No token' })).statusCode, 403);
  assert.equal((await new Client(t.app).get('/news/new?space=LA')).statusCode, 303);
  assert.equal((await editor.get('/news/not-an-id')).statusCode, 404);
});

test('a picture is stored as WebP and shown responsive and lazy', async () => {
  const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
  const page = await editor.get(`/news/${postId}/edit`);
  const boundary = 'news-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfFrom(page.body)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const up = await t.app.inject({ method: 'POST', url: `/news/${postId}/image`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  assert.equal(up.statusCode, 303);
  const list = await new Client(t.app).get('/news?space=LA');
  const img = /<img class="news-image"[^>]*>/.exec(list.body)![0];
  assert.match(img, /loading="lazy"/);
  assert.match(img, /srcset="\/news\/images\/[0-9a-f]{64}\/480\.webp 480w, \/media\/[0-9a-f]{64}\.webp 960w"/);
  const small = /src="(\/news\/images\/[^"]+)"/.exec(img)![1]!;
  const res = await new Client(t.app).get(small);
  assert.equal(res.headers['content-type'], 'image/webp');
  assert.equal((await sharp(res.rawPayload).metadata()).width, 480);
  const bad = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfFrom(page.body)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\nContent-Type: image/png\r\n\r\nnot a picture\r\n--${boundary}--\r\n`)]);
  const refused = await t.app.inject({ method: 'POST', url: `/news/${postId}/image`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: bad });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /not a picture we can use/);
});

test('API: list, get, create (editors only), newsletter', async () => {
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/news?space=LA&limit=5' });
  assert.equal(list.statusCode, 200);
  const body = list.json() as { items: { title: Record<string, { value: string }>; space: string }[]; total: number };
  assert.equal(body.items.length, 5);
  assert.equal(body.total, 12);
  assert.equal(body.items[0]!.space, 'LA');
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/news', headers: { authorization: `Bearer ${editorToken}` }, payload: { space: 'LA', title: { en: 'From the API' }, status: 'published' } });
  assert.equal(created.statusCode, 201);
  const id = (created.json() as { id: string }).id;
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/news/${id}` })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/news', headers: { authorization: `Bearer ${memberToken}` }, payload: { space: 'LA', title: { en: 'x' } } })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/news', payload: { space: 'LA', title: { en: 'x' } } })).statusCode, 401);
  const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/news', headers: { authorization: `Bearer ${editorToken}` }, payload: { space: 'LA', title: { xx: 'x' } } });
  assert.equal(invalid.statusCode, 400);
  const sent = await t.app.inject({ method: 'POST', url: `/api/v1/news/${id}/newsletter`, headers: { authorization: `Bearer ${editorToken}` }, payload: { roles: ['editor'] } });
  assert.equal(sent.statusCode, 202, 'accepted: a job sends it');
  assert.deepEqual((sent.json() as { status: string; recipients: null; segment: { roles: string[] } }).segment.roles, ['editor']);
  assert.equal((sent.json() as { status: string }).status, 'queued');
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/news/${id}/newsletter`, headers: { authorization: `Bearer ${editorToken}` }, payload: {} })).statusCode, 409);
  assert.ok((await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker')) >= 1);
  const progress = await t.app.inject({ method: 'GET', url: `/api/v1/news/${id}/newsletters`, headers: { authorization: `Bearer ${editorToken}` } });
  assert.equal(progress.statusCode, 200);
  const [send] = (progress.json() as { items: { status: string; recipients: number; sent: number }[] }).items;
  assert.deepEqual([send!.status, send!.recipients, send!.sent], ['sent', 1, 1]);
  assert.deepEqual((await t.app.inject({ method: 'GET', url: `/api/v1/news/${id}/newsletters`, headers: { authorization: `Bearer ${memberToken}` } })).json(), { items: [] });
  const badSegment = await t.app.inject({ method: 'POST', url: `/api/v1/news/${id}/newsletter`, headers: { authorization: `Bearer ${editorToken}` }, payload: { domains: ['Z'] } });
  assert.equal(badSegment.statusCode, 400);
});

test('the newsletter form queues a send; the post’s page shows its editors the status and counts', async () => {
  const post = await createPost(t.app.mosaic.db, editorP, laId, { title: { en: 'Craft fair call' }, status: 'published' }, actor);
  const form = await editor.get(`/news/${post.id}/newsletter?roles=member`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /1 person will receive it/);
  const queued = await editor.post(`/news/${post.id}/newsletter`, { _csrf: csrfFrom(form.body), roles: 'member' });
  assert.equal(queued.statusCode, 303);
  assert.match(queued.headers.location as string, /notice=queued/);
  const waiting = await editor.get(queued.headers.location as string);
  assert.match(waiting.body, /being sent in the background/);
  assert.match(waiting.body, /Waiting to be sent<\/strong>: recipients not counted yet/);
  const twice = await editor.post(`/news/${post.id}/newsletter`, { _csrf: csrfFrom(form.body), roles: 'member' });
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /already being sent/);
  await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker');
  const done = await editor.get(`/news/${post.id}`);
  assert.match(done.body, /Sent<\/strong>: 1 of 1 emails written, 0 skipped/);
  assert.match(done.body, /asked by editor@example\.org/);
  assert.doesNotMatch((await member.get(`/news/${post.id}`)).body, /Newsletter sends/, 'members do not see it');
  assert.doesNotMatch((await new Client(t.app).get(`/news/${post.id}`)).body, /Newsletter sends/);
});
