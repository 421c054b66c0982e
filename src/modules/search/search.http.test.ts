import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { text } from '../../platform/i18n/content.js';
import { indexEntity, LEVEL } from '../../platform/search/search.js';
import { getSpace } from '../spaces/spaces.service.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, { userId: null, label: 'test' });
  const uz = await getSpace(t.app.mosaic.db, 'UZ');
  await t.app.mosaic.db.transaction().execute(async (trx) => {
    await indexEntity(trx, {
      entityType: 'organization',
      entityId: 'kino',
      spaceId: uz.id,
      url: '/organizations/kino',
      variants: [{ levelLo: LEVEL.visitor, levelHi: LEVEL.admin, title: text({ 'uz-Latn': 'Toshkent kino maktabi' }), body: 'Kino <script>alert(1)</script> va animatsiya', facets: { lang: ['uz-Latn'] } }],
    });
    await indexEntity(trx, {
      entityType: 'organization',
      entityId: 'hidden',
      spaceId: uz.id,
      url: '/organizations/hidden',
      variants: [{ levelLo: LEVEL.editor, levelHi: LEVEL.admin, title: text({ en: 'Kino draft' }), body: 'kino draft', facets: {} }],
    });
  });
});
after(async () => t.close());

test('the search page finds a Latin record from a Cyrillic query, escaping what it shows', async () => {
  const res = await new Client(t.app).get('/uz-cyrl/search?q=' + encodeURIComponent('кино'));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<html lang="uz-Cyrl"/);
  assert.match(res.body, /href="\/uz-cyrl\/organizations\/kino"/);
  assert.match(res.body, /<mark>Kino<\/mark>/);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.match(res.body, /&lt;script>alert/);
  assert.doesNotMatch(res.body, /Kino draft/, 'a visitor does not see the draft');
});

test('GET /api/v1/search returns items, total and facets within the caller’s access', async () => {
  const res = await t.app.inject({ url: '/api/v1/search?q=' + encodeURIComponent('Тошкент кино') + '&space=uz' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.total, 1);
  assert.equal(body.items[0].id, 'kino');
  assert.equal(body.items[0].space, 'UZ');
  assert.match(body.items[0].snippet, /<mark>Kino<\/mark> &lt;script&gt;/);
  assert.deepEqual(body.facets.space, [{ value: 'UZ', count: 1 }]);
  assert.deepEqual(body.facets.lang, [{ value: 'uz-Latn', count: 1 }]);
  const root = await t.app.mosaic.accounts.findByEmail('root@example.org');
  const { token } = await t.app.mosaic.accounts.createApiToken(root!, 'search', { userId: root!.id, label: 'test' });
  const admin = await t.app.inject({ url: '/api/v1/search?q=kino', headers: { authorization: `Bearer ${token}` } });
  assert.equal(admin.json().total, 2, 'a platform admin also finds the draft');
});

test('bad search parameters get a 400 problem, unknown spaces a 404, never a 500', async () => {
  assert.equal((await t.app.inject({ url: '/api/v1/search?limit=1000' })).statusCode, 400);
  assert.equal((await t.app.inject({ url: '/api/v1/search?space=zz' })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/search?q=' + encodeURIComponent('"*(((') + '&page=-4&space=<x>' })).statusCode, 200);
});
