import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { notify, preferencesOf, unsubscribeToken } from './notifications.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let orgId: string;
let reader: { client: Client; id: string };
let other: { client: Client; id: string };
let token: string;

async function signedIn(email: string, locale = 'en'): Promise<{ client: Client; id: string }> {
  const accounts = t.app.mosaic.accounts;
  const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale }, actor));
  await accounts.setPasswordByEmail(email, 'notifications-test-password', actor);
  const client = new Client(t.app);
  const res = await client.submit('/login', { email, password: 'notifications-test-password' });
  assert.equal(res.statusCode, 303);
  return { client, id };
}

before(async () => {
  t = await createTestApp();
  const la = await getSpace(t.app.mosaic.db, 'LA');
  const editor = await signedIn('editor@example.org');
  await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, la.id, editor.id, 'editor'));
  const editorP: Principal = { userId: editor.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  orgId = (await t.app.mosaic.directory.createOrganization(editorP, la.id, { name: { en: 'Khene <b>Ensemble</b>' }, type: 'civil_society' }, actor)).id;
  reader = await signedIn('reader@example.org', 'lo');
  other = await signedIn('other@example.org');
  const { accounts } = t.app.mosaic;
  token = (await accounts.createApiToken((await accounts.findById(reader.id))!, 'test', actor)).token;
});
after(async () => t.close());

test('follow an organisation from a form, see it under "what I follow", unfollow it', async () => {
  const page = await reader.client.get('/follows');
  const res = await reader.client.post('/follows', { _csrf: csrfFrom(page.body), target_type: 'organization', target_id: orgId, op: 'follow', next: '/follows' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/follows');
  const list = await reader.client.get('/follows');
  assert.match(list.body, /Khene &lt;b>Ensemble&lt;\/b>/, 'names are escaped');
  assert.match(list.body, /aria-pressed="true"/);
  const bad = await reader.client.post('/follows', { _csrf: csrfFrom(list.body), target_type: 'organization', target_id: '00000000-0000-7000-8000-000000000000', op: 'follow' });
  assert.equal(bad.statusCode, 404);
  const junk = await reader.client.post('/follows', { _csrf: csrfFrom(list.body), target_type: '<script>', target_id: 'x', next: '//evil.example' });
  assert.equal(junk.statusCode, 400);
  const off = await reader.client.post('/follows', { _csrf: csrfFrom(list.body), target_type: 'organization', target_id: orgId, op: 'unfollow', next: '//evil.example' });
  assert.equal(off.headers.location, '/', 'only local paths to go back to');
  assert.match((await reader.client.get('/follows')).body, /You do not follow anything yet|ທ່ານຍັງບໍ່ໄດ້ຕິດຕາມ/);
});

test('the bell counts unread notifications; the list is in the reader’s language; mark read', async () => {
  await t.app.mosaic.db.transaction().execute((trx) =>
    notify(trx, { recipients: [reader.id], category: 'followed_activity', subject: { type: 'organization', id: orgId }, message: { key: 'notif.email.greeting', values: { name: '<i>x</i>' } }, url: `/organizations/${orgId}` }),
  );
  const home = await reader.client.get('/lo/');
  assert.match(home.body, /class="bell"[^>]*>.*?<span class="count" aria-hidden="true">1<\/span>/s);
  // Named by hidden text holding the count (an aria-label without the visible "1" failed label-in-name).
  assert.match(home.body, /<a href="\/lo\/notifications" class="bell"><span aria-hidden="true">🔔<\/span><span class="visually-hidden">ການແຈ້ງເຕືອນ \(ຍັງບໍ່ໄດ້ອ່ານ 1\)<\/span>/);
  const page = await reader.client.get('/lo/notifications');
  assert.match(page.body, /ສະບາຍດີ &lt;i>x&lt;\/i>,/);
  const res = await reader.client.post('/lo/notifications/read', { _csrf: csrfFrom(page.body) });
  assert.equal(res.statusCode, 303);
  assert.doesNotMatch((await reader.client.get('/lo/')).body, /class="count"/);
  assert.equal((await new Client(t.app).get('/notifications')).statusCode, 303, 'visitors are sent to sign in');
});

test('CSRF: forms without a token are refused', async () => {
  assert.equal((await reader.client.post('/notifications/read', {})).statusCode, 403);
  assert.equal((await reader.client.post('/follows', { target_type: 'organization', target_id: orgId })).statusCode, 403);
  assert.equal((await reader.client.post('/notifications/preferences', { mode_newsletter: 'off' })).statusCode, 403);
});

test('preferences: a rejected form keeps the typed values with localised errors; a valid one saves', async () => {
  const page = await reader.client.get('/notifications/preferences');
  const bad = await reader.client.post('/notifications/preferences', { _csrf: csrfFrom(page.body), mode_newsletter: 'daily', mode_followed_activity: 'weekly', hour: '99', weekday: '3' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /value="weekly" checked/);
  assert.match(bad.body, /<option value="3" selected>/);
  assert.match(bad.body, /ກະລຸນາເລືອກຊົ່ວໂມງ/);
  const ok = await reader.client.post('/notifications/preferences', { _csrf: csrfFrom(bad.body), mode_newsletter: 'off', mode_followed_activity: 'weekly', hour: '5', weekday: '3' });
  assert.equal(ok.statusCode, 303);
  const prefs = await preferencesOf(t.app.mosaic.db, reader.id);
  assert.equal(prefs.newsletter, 'off');
  assert.equal(prefs.followed_activity, 'weekly');
});

test('unsubscribe without signing in: a confirmation page, then one click; a forged token does nothing', async () => {
  const link = `/unsubscribe/${unsubscribeToken(t.config.secretKey, other.id, 'followed_activity')}`;
  const visitor = new Client(t.app);
  const page = await visitor.get(link);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<button type="submit">Unsubscribe<\/button>/);
  // The confirmation button: POST-redirect-GET, no session, no CSRF token.
  const confirm = await visitor.post(link, { confirm: '1' });
  assert.equal(confirm.statusCode, 303);
  assert.match((await visitor.get(confirm.headers.location as string)).body, /You are unsubscribed/);
  assert.equal((await preferencesOf(t.app.mosaic.db, other.id)).followed_activity, 'off');

  // RFC 8058 one-click, as a mail client sends it (multipart too).
  const news = `/unsubscribe/${unsubscribeToken(t.config.secretKey, other.id, 'newsletter')}`;
  const boundary = 'xyz';
  const oneClick = await t.app.inject({ method: 'POST', url: news, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n` });
  assert.equal(oneClick.statusCode, 200);
  assert.equal((await preferencesOf(t.app.mosaic.db, other.id)).newsletter, 'off');

  // Someone else's user id with this signature: refused, nothing changes.
  const sig = news.split('.').pop();
  const forged = await visitor.post(`/unsubscribe/${reader.id}.followed_activity.${sig}`, { 'List-Unsubscribe': 'One-Click' });
  assert.equal(forged.statusCode, 404);
  assert.equal((await preferencesOf(t.app.mosaic.db, reader.id)).followed_activity, 'weekly');
  assert.equal((await visitor.get('/unsubscribe/%E2%80%AE')).statusCode, 404);

  // Emails carry the link with the reader's language: a browser asking for English still gets Lao.
  const lao = `/lo/unsubscribe/${unsubscribeToken(t.config.secretKey, reader.id, 'newsletter')}`;
  const english = new Client(t.app, { 'accept-language': 'en' });
  const laoPage = await english.get(lao);
  assert.equal(laoPage.statusCode, 200);
  assert.match(laoPage.body, /<html lang="lo"/);
  assert.ok(laoPage.body.includes(`action="${lao}"`), 'the button posts to the same link');
  const done = await english.post(lao, { confirm: '1' });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `${lao}?done=1`);
  assert.equal((await preferencesOf(t.app.mosaic.db, reader.id)).newsletter, 'off');
});

test('API: own notifications, follows and preferences', async () => {
  const auth = { authorization: `Bearer ${token}` };
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { ...auth, 'accept-language': 'lo' } });
  assert.equal(list.statusCode, 200);
  const body = list.json() as { items: { text: string; read: boolean }[]; unread: number };
  assert.equal(body.items[0]!.text, 'ສະບາຍດີ <i>x</i>,');
  assert.equal(body.unread, 0);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/follows', headers: auth, payload: { type: 'organization', id: orgId } })).statusCode, 204);
  const follows = await t.app.inject({ method: 'GET', url: '/api/v1/follows', headers: auth });
  assert.equal((follows.json() as { items: unknown[] }).items.length, 1);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/follows', headers: auth, payload: { type: 'nothing', id: 'x' } })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/follows/organization/${orgId}`, headers: auth })).statusCode, 204);
  const put = await t.app.inject({ method: 'PUT', url: '/api/v1/notifications/preferences', headers: auth, payload: { modes: { newsletter: 'immediate' }, hourUtc: 8 } });
  assert.equal(put.statusCode, 200);
  assert.equal((put.json() as { modes: Record<string, string>; hourUtc: number }).hourUtc, 8);
  const wrong = await t.app.inject({ method: 'PUT', url: '/api/v1/notifications/preferences', headers: auth, payload: { modes: { newsletter: 'weekly' } } });
  assert.equal(wrong.statusCode, 400);
  const openapi = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.ok((openapi.json() as { paths: Record<string, unknown> }).paths['/api/v1/notifications']);
});
