import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { FIRST_CONTACT_LIMIT } from '../messages/messages.service.js';
import { unsafeMarkup, XSS_PAYLOADS, XSS_TEXT } from '../../../test/fixtures/xss-payloads.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let admin: { client: Client; id: string };
let member: { client: Client; id: string };
let outsider: { client: Client; id: string };
let openGroup: string;
let closedGroup: string;
let thread: string;

async function signedIn(email: string, name: string, locale = 'en'): Promise<{ client: Client; id: string }> {
  const accounts = t.app.mosaic.accounts;
  const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: name, locale }, actor));
  await accounts.setPasswordByEmail(email, 'discussions-test-password', actor);
  const client = new Client(t.app);
  const res = await client.submit('/login', { email, password: 'discussions-test-password' });
  assert.equal(res.statusCode, 303);
  return { client, id };
}

function idFrom(location: string | undefined, prefix: string): string {
  const m = new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? '');
  assert.ok(m, `redirect to ${prefix}: ${location}`);
  return m[1]!;
}

before(async () => {
  t = await createTestApp();
  const la = await getSpace(t.app.mosaic.db, 'LA');
  admin = await signedIn('admin@example.org', 'Space Admin');
  await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, la.id, admin.id, 'admin'));
  member = await signedIn('member@example.org', 'Noy Member', 'lo');
  outsider = await signedIn('outsider@example.org', 'Out Sider');
  const res = await admin.client.submit('/groups/new', { space: la.id, name: 'Handicraft exporters', about: 'Export <b>rules</b>', join_policy: 'open', visibility: 'public' }, '/groups');
  assert.equal(res.statusCode, 303);
  openGroup = idFrom(res.headers.location, '/groups');
  const res2 = await admin.client.submit('/groups/new', { space: la.id, name: 'Film permits', about: '', join_policy: 'approval', visibility: 'members' }, '/groups');
  closedGroup = idFrom(res2.headers.location, '/groups');
});
after(async () => t.close());

test('groups are listed for everyone; only space admins may create one; forms need their CSRF token', async () => {
  const list = await new Client(t.app).get('/groups');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Handicraft exporters/);
  const page = await member.client.get('/groups');
  const refused = await member.client.post('/groups', { _csrf: csrfFrom(page.body), space: (await getSpace(t.app.mosaic.db, 'LA')).id, name: 'Mine' });
  assert.equal(refused.statusCode, 403);
  const noToken = await member.client.post(`/groups/${openGroup}/join`, {});
  assert.equal(noToken.statusCode, 403);
  const group = await new Client(t.app).get(`/groups/${openGroup}`);
  assert.match(group.body, /Export &lt;b>rules&lt;\/b>/);
});

test('a member joins, starts a thread and replies; a non-member cannot post', async () => {
  const join = await member.client.submit(`/groups/${openGroup}`, {}, `/groups/${openGroup}/join`);
  assert.equal(join.headers.location, `/groups/${openGroup}?notice=joined`);
  const res = await member.client.submit(`/groups/${openGroup}`, { title: 'Shipping silk', body: 'Who ships to **Japan**? [rules](https://example.org) [bad](javascript:alert(1))' }, `/groups/${openGroup}/threads`);
  assert.equal(res.statusCode, 303);
  thread = idFrom(res.headers.location, '/threads');
  const page = await member.client.get(`/threads/${thread}`);
  assert.match(page.body, /<strong>Japan<\/strong>/);
  assert.match(page.body, /<a href="https:\/\/example.org" rel="nofollow ugc noopener">rules<\/a>/);
  assert.doesNotMatch(page.body, /href="javascript/i);
  const reply = await member.client.submit(`/threads/${thread}`, { body: 'Me too' }, `/threads/${thread}/replies`);
  assert.equal(reply.statusCode, 303);
  const form = await outsider.client.get(`/threads/${thread}`);
  assert.equal(form.statusCode, 200, 'a public group is readable');
  const refused = await outsider.client.post(`/threads/${thread}/replies`, { _csrf: csrfFrom(form.body), body: 'hi' });
  assert.equal(refused.statusCode, 403);
  const empty = await member.client.submit(`/threads/${thread}`, { body: '  ' }, `/threads/${thread}/replies`);
  assert.equal(empty.statusCode, 400);
});

test('a members-only group hides its threads; approval by a moderator opens them', async () => {
  const req = await member.client.submit(`/groups/${closedGroup}`, { message: 'Please' }, `/groups/${closedGroup}/join`);
  assert.equal(req.headers.location, `/groups/${closedGroup}?notice=requested`);
  const mod = await admin.client.get(`/groups/${closedGroup}/moderation`);
  assert.match(mod.body, /Noy Member/);
  const denied = await member.client.get(`/groups/${closedGroup}/moderation`);
  assert.equal(denied.statusCode, 403);
  await admin.client.post(`/groups/${closedGroup}/requests/${member.id}`, { _csrf: csrfFrom(mod.body), decision: 'approve' });
  const res = await member.client.submit(`/groups/${closedGroup}`, { title: 'Secret location', body: 'x' }, `/groups/${closedGroup}/threads`);
  const secret = idFrom(res.headers.location, '/threads');
  assert.equal((await outsider.client.get(`/threads/${secret}`)).statusCode, 404);
  assert.equal((await new Client(t.app).get(`/threads/${secret}`)).statusCode, 401, 'visitors are asked to sign in');
  assert.doesNotMatch((await outsider.client.get(`/groups/${closedGroup}`)).body, /Secret location/);
  const api = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${secret}/posts` });
  assert.equal(api.statusCode, 401);
});

test('moderation: a hidden post is gone for members, shown to moderators; a locked thread refuses replies', async () => {
  const page = await admin.client.get(`/threads/${thread}`);
  const postId = /id="p-([0-9a-f-]{36})"/g;
  const ids = [...page.body.matchAll(postId)].map((m) => m[1]!);
  assert.equal(ids.length, 2);
  const hide = await admin.client.post(`/posts/${ids[1]}/hide`, { _csrf: csrfFrom(page.body), op: 'hide' });
  assert.equal(hide.statusCode, 303);
  assert.doesNotMatch((await member.client.get(`/threads/${thread}`)).body, /Me too/);
  assert.match((await admin.client.get(`/threads/${thread}`)).body, /Me too/);
  const memberPage = await member.client.get(`/threads/${thread}`);
  assert.equal((await member.client.post(`/posts/${ids[0]}/hide`, { _csrf: csrfFrom(memberPage.body), op: 'hide' })).statusCode, 403);
  const lock = await admin.client.post(`/threads/${thread}/lock`, { _csrf: csrfFrom(page.body), op: 'lock' });
  assert.equal(lock.statusCode, 303);
  const locked = await member.client.get(`/threads/${thread}`);
  assert.doesNotMatch(locked.body, /name="body"/, 'no reply form on a locked thread');
  const refused = await member.client.post(`/threads/${thread}/replies`, { _csrf: csrfFrom(locked.body), body: 'still?' });
  assert.equal(refused.statusCode, 400);
  const report = await member.client.submit(`/posts/${ids[0]}/report`, { reason: 'Off topic' });
  assert.equal(report.statusCode, 303);
  assert.match((await admin.client.get(`/groups/${openGroup}/moderation`)).body, /Off topic/);
});

test('messages: write, reply, unread count; a blocked sender is refused neutrally; flooding gets 429', async () => {
  const sent = await member.client.submit(`/messages/new?to=${outsider.id}`, { to: outsider.id, body: 'Sabaidee' }, '/messages');
  assert.equal(sent.statusCode, 303);
  const conv = idFrom(sent.headers.location, '/messages');
  const inbox = await outsider.client.get('/messages');
  assert.match(inbox.body, /Noy Member/);
  assert.match(inbox.body, /1 unread/);
  const opened = await outsider.client.get(`/messages/${conv}`);
  assert.match(opened.body, /Sabaidee/);
  assert.doesNotMatch(opened.body, /member@example.org/);
  await outsider.client.post('/messages/block', { _csrf: csrfFrom(opened.body), user: member.id });
  const blocked = await member.client.submit(`/messages/${conv}`, { body: 'Are you there?' });
  assert.equal(blocked.statusCode, 400);
  assert.match(blocked.body, /cannot be sent to this recipient|ບໍ່ສາມາດສົ່ງຂໍ້ຄວາມນີ້/);
  assert.equal((await member.client.get(`/messages/${conv}`)).statusCode, 200);
  // Many new conversations with strangers: the lower first-contact limit answers 429, localised.
  const accounts = t.app.mosaic.accounts;
  let last = 0;
  for (let i = 0; i <= FIRST_CONTACT_LIMIT.max; i++) {
    const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `target${i}@example.org`, displayName: `Target ${i}`, locale: 'en' }, actor));
    last = (await admin.client.submit(`/messages/new?to=${id}`, { to: id, body: 'Buy now' }, '/messages')).statusCode;
  }
  assert.equal(last, 429);
  const api = await t.app.inject({ method: 'GET', url: '/api/v1/messages' });
  assert.equal(api.statusCode, 401);
});

test('API: groups, threads and posts as JSON; writing needs a token', async () => {
  const groups = await t.app.inject({ method: 'GET', url: '/api/v1/groups?space=la' });
  assert.equal(groups.statusCode, 200);
  assert.ok(groups.json().items.some((g: { name: string }) => g.name === 'Handicraft exporters'));
  const threads = await t.app.inject({ method: 'GET', url: `/api/v1/groups/${openGroup}/threads` });
  assert.equal(threads.json().items[0].title, 'Shipping silk');
  const posts = await t.app.inject({ method: 'GET', url: `/api/v1/threads/${thread}/posts` });
  assert.equal(posts.json().items.length, 1, 'the hidden post is left out');
  const anon = await t.app.inject({ method: 'POST', url: `/api/v1/groups/${openGroup}/threads`, payload: { title: 'x', body: 'y' } });
  assert.equal(anon.statusCode, 401);
  const { accounts } = t.app.mosaic;
  const token = (await accounts.createApiToken((await accounts.findById(member.id))!, 'test', actor)).token;
  const created = await t.app.inject({ method: 'POST', url: `/api/v1/groups/${openGroup}/threads`, headers: { authorization: `Bearer ${token}` }, payload: { title: 'From the API', body: 'Hello' } });
  assert.equal(created.statusCode, 201);
  const mine = await t.app.inject({ method: 'GET', url: '/api/v1/messages', headers: { authorization: `Bearer ${token}` } });
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.json().items.length, 1);
  const spec = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.ok(spec.json().paths['/api/v1/threads/{id}/posts']);
});

test('script injection in every field comes back as text on every page', async () => {
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const names = XSS_PAYLOADS.slice(0, 4);
  const created = await admin.client.submit('/groups/new', { space: la.id, name: `G ${names[1]}`, about: XSS_TEXT, join_policy: 'open', visibility: 'public' }, '/groups');
  const group = idFrom(created.headers.location, '/groups');
  await member.client.submit(`/groups/${group}`, {}, `/groups/${group}/join`);
  const th = await member.client.submit(`/groups/${group}`, { title: XSS_PAYLOADS[7]!, body: XSS_TEXT }, `/groups/${group}/threads`);
  const threadId = idFrom(th.headers.location, '/threads');
  await admin.client.submit(`/groups/${group}`, {}, `/groups/${group}/join`);
  await admin.client.submit(`/threads/${threadId}`, { body: XSS_TEXT }, `/threads/${threadId}/replies`);
  const fresh = await t.app.mosaic.db.transaction().execute((trx) => t.app.mosaic.accounts.ensureUser(trx, { email: 'xss-target@example.org', displayName: XSS_PAYLOADS[1]!, locale: 'en' }, actor));
  const msg = await member.client.submit(`/messages/new?to=${fresh.id}`, { to: fresh.id, subject: XSS_PAYLOADS[0]!, body: XSS_TEXT }, '/messages');
  const conv = idFrom(msg.headers.location, '/messages');
  const pages = ['/groups', `/groups/${group}`, `/groups/${group}/members`, `/threads/${threadId}`, '/messages', `/messages/${conv}`, `/search?q=alert`];
  for (const path of pages) {
    for (const who of [member, admin]) {
      const res = await who.client.get(path);
      if (res.statusCode !== 200) continue;
      assert.deepEqual(unsafeMarkup(res.body), [], `${path} is clean`);
    }
  }
  const thread = await member.client.get(`/threads/${threadId}`);
  assert.match(thread.body, /&lt;script(>|&gt;)alert\(1\)&lt;\/script(>|&gt;)/, 'shown as text');
  assert.match(thread.body, /<h1>&quot;>&lt;svg onload=alert\(1\)><\/h1>/);
  assert.deepEqual(unsafeMarkup((await admin.client.get(`/groups/${group}/moderation`)).body), []);
});

test('page weight: a group page and a thread page with 20 replies stay within the HTML budget', async () => {
  const { brotliCompressSync, brotliDecompressSync } = await import('node:zlib');
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const created = await admin.client.submit('/groups/new', { space: la.id, name: 'Silk weavers of Houaphanh', about: 'Natural dyes, looms, markets and export.\n\nA place to ask and share.', join_policy: 'open', visibility: 'public' }, '/groups');
  const group = idFrom(created.headers.location, '/groups');
  const weaver = await signedIn('weaver@example.org', 'Bouakham Weaver');
  await weaver.client.submit(`/groups/${group}`, {}, `/groups/${group}/join`);
  let thread = '';
  for (let i = 0; i < 20; i++) {
    const res = await weaver.client.submit(`/groups/${group}`, { title: `Question ${i + 1} about indigo vats and lac dyes`, body: 'How long do you ferment the indigo in the dry season?' }, `/groups/${group}/threads`);
    thread = idFrom(res.headers.location, '/threads');
  }
  const body = 'We keep the vat warm with rice husk ash and feed it every third day with a little palm sugar; in the dry season it needs about ten days before the first dip. See [our notes](/library/0190a1b2-0000-7000-8000-000000000000) and ask @Bouakham Weaver.';
  for (let i = 0; i < 20; i++) {
    await t.app.mosaic.db.updateTable('rate_limits').set({ count: 0, blocked_until: null }).execute();
    await weaver.client.submit(`/threads/${thread}`, { body: `${body} (${i + 1})` }, `/threads/${thread}/replies`);
  }
  const weights: Record<string, { html: number; br: number }> = {};
  for (const [name, path] of [['group', `/groups/${group}`], ['thread', `/threads/${thread}`]] as const) {
    const res = await t.app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.statusCode, 200);
    const compressed = res.headers['content-encoding'] === 'br';
    const html = compressed ? brotliDecompressSync(res.rawPayload).length : res.rawPayload.length;
    const raw = compressed ? res.rawPayload.length : brotliCompressSync(res.rawPayload).length;
    weights[name] = { html, br: raw };
    assert.ok(raw <= 14 * 1024, `${name} page: ${raw} bytes compressed`);
  }
  console.log(`# page weight (HTML, uncompressed → brotli): ${JSON.stringify(weights)}`);
});

test('a reported message reaches the platform administrators, who mark it dealt with', async () => {
  const sender = await signedIn('pushy@example.org', 'Pushy Seller');
  const sent = await sender.client.submit(`/messages/new?to=${member.id}`, { to: member.id, body: 'Send me your bank details' }, '/messages');
  const conv = idFrom(sent.headers.location, '/messages');
  const page = await member.client.get(`/messages/${conv}`);
  const messageId = /id="m-([0-9a-f-]{36})"/.exec(page.body)![1]!;
  const report = await member.client.submit(`/messages/report/${messageId}`, { reason: 'Scam' });
  assert.equal(report.headers.location, `/messages/${conv}?notice=reported`);
  assert.equal((await member.client.get('/messages/reports')).statusCode, 403);
  const { id: rootId } = await t.app.mosaic.db.transaction().execute((trx) => t.app.mosaic.accounts.ensureUser(trx, { email: 'root@example.org', displayName: 'Root', locale: 'en' }, actor));
  await t.app.mosaic.db.updateTable('users').set({ is_platform_admin: 1 }).where('id', '=', rootId).execute();
  const root = await signedIn('root@example.org', 'Root');
  const list = await root.client.get('/messages/reports');
  assert.match(list.body, /Send me your bank details/);
  assert.match(list.body, /Scam/);
  const reportId = /action="\/messages\/reports\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
  await root.client.post(`/messages/reports/${reportId}`, { _csrf: csrfFrom(list.body) });
  assert.doesNotMatch((await root.client.get('/messages/reports')).body, /bank details/);
});

test('links to the library are named by the resource titles the reader may see', async () => {
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const editor = { userId: admin.id, isPlatformAdmin: false, roles: new Map([[la.id, 'admin' as const]]) };
  const open = await t.app.mosaic.library.createResource(editor, la.id, { type: 'report', title: { en: 'Silk value chain study' }, status: 'published', access: 'public' }, actor);
  const draft = await t.app.mosaic.library.createResource(editor, la.id, { type: 'report', title: { en: 'Unpublished budget notes' }, status: 'draft' }, actor);
  const res = await member.client.submit(`/groups/${openGroup}`, { title: 'Reading list', body: `See /library/${open.id} and [this](/library/${draft.id}).` }, `/groups/${openGroup}/threads`);
  const threadId = idFrom(res.headers.location, '/threads');
  const page = await member.client.get(`/threads/${threadId}`);
  assert.match(page.body, /Silk value chain study/);
  assert.doesNotMatch(page.body, /Unpublished budget notes/);
  assert.match(page.body, new RegExp(`<a href="/library/${draft.id}" class="library-link">this</a>`));
  assert.match((await admin.client.get(`/threads/${threadId}`)).body, /Unpublished budget notes/);
});

test('"contact this organisation" from its page reaches its editors, whose address stays hidden', async () => {
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const editorP = { userId: admin.id, isPlatformAdmin: false, roles: new Map([[la.id, 'admin' as const]]) };
  const org = await t.app.mosaic.directory.createOrganization(editorP, la.id, { name: { en: 'Lao Handicraft Association' }, type: 'civil_society' }, actor);
  const { addOrganizationEditor } = await import('../directory/directory.repository.js');
  await t.app.mosaic.db.transaction().execute((trx) => addOrganizationEditor(trx, org.id, admin.id, new Date().toISOString()));
  const page = await outsider.client.get(`/organizations/${org.id}`);
  assert.match(page.body, new RegExp(`href="/messages/new\\?organization=${org.id}"`));
  const sent = await outsider.client.submit(`/messages/new?organization=${org.id}`, { organization: org.id, body: 'Do you sell to shops abroad?' }, '/messages');
  const conv = idFrom(sent.headers.location, '/messages');
  const seen = await admin.client.get(`/messages/${conv}`);
  assert.match(seen.body, /Do you sell to shops abroad/);
  await admin.client.post(`/messages/${conv}`, { _csrf: csrfFrom(seen.body), body: 'Yes, to Japan.' });
  const back = await outsider.client.get(`/messages/${conv}`);
  assert.match(back.body, /Lao Handicraft Association \(Space Admin\)/);
  assert.doesNotMatch(back.body, /admin@example.org/);
});
