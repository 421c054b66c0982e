import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import type { Principal } from '../../platform/auth/policy.js';
import { createTransport, deliverDueMail } from '../../platform/mail/outbox.js';
import { search } from '../../platform/search/search.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { savePreferences } from '../notifications/notifications.service.js';
import { createPost, getPost, listPosts, newsletterRecipients, sendNewsletter, type NewsletterSegment } from './news.service.js';

let t: TestApp;
let smtp: TestSmtp;
const actor = { userId: null, label: 'test' };
const ids: Record<string, string> = {};
let laId: string;
let editorP: Principal;

async function account(name: string, locale: string, role: 'member' | 'editor' | null): Promise<string> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${name}@example.org`, displayName: name, locale }, actor));
  if (role) await db.transaction().execute((trx) => setRole(trx, actor, null, laId, id, role));
  ids[name] = id;
  return id;
}

function principalOf(id: string, role: 'member' | 'editor' = 'member'): Principal {
  return { userId: id, isPlatformAdmin: false, roles: new Map([[laId, role]]) };
}

const segment = (s: Partial<NewsletterSegment>): NewsletterSegment => ({ domains: [], regions: [], orgTypes: [], roles: [], ...s });
const names = async (s: Partial<NewsletterSegment>) => (await newsletterRecipients(t.app.mosaic.db, laId, segment(s))).map((r) => r.display_name).sort();

before(async () => {
  t = await createTestApp();
  smtp = await startSmtp();
  laId = (await getSpace(t.app.mosaic.db, 'LA')).id;
  const { directory, db } = t.app.mosaic;
  editorP = principalOf(await account('editor', 'en', 'editor'), 'editor');
  // Weaver: Lao, textiles (C) in Luang Prabang, affiliated with a civil-society group in Vientiane (B).
  await account('weaver', 'lo', 'member');
  const weaver = await directory.createPerson(principalOf(ids.weaver!), laId, { name: { lo: 'ຊ່າງທໍ' }, domains: ['C'], regionCode: 'LA-LP' }, actor, { self: true });
  const org = await directory.createOrganization(editorP, laId, { name: { en: 'Khene Association' }, type: 'civil_society', domains: ['B'], regionCode: 'LA-VT' }, actor);
  await directory.addAffiliation(editorP, { personId: weaver.id, organizationId: org.id }, actor);
  // Curator: English, heritage (A) in Vientiane, no organisation.
  await account('curator', 'en', 'member');
  await directory.createPerson(principalOf(ids.curator!), laId, { name: { en: 'Curator' }, domains: ['A'], regionCode: 'LA-VT' }, actor, { self: true });
  // Quiet: textiles too, but newsletters off.
  await account('quiet', 'en', 'member');
  await directory.createPerson(principalOf(ids.quiet!), laId, { name: { en: 'Quiet' }, domains: ['C'], regionCode: 'LA-LP' }, actor, { self: true });
  await db.transaction().execute((trx) => savePreferences(trx, actor, ids.quiet!, { modes: { newsletter: 'off' } }));
  // Outsider: no membership in this space.
  await account('outsider', 'en', null);
});
after(async () => {
  await smtp.close();
  await t.close();
});

test('segments: by domain, region, organisation type (own profile or affiliated organisations) and role; newsletter "off" excluded', async () => {
  assert.deepEqual(await names({}), ['curator', 'editor', 'weaver']);
  assert.deepEqual(await names({ domains: ['C'] }), ['weaver']);
  assert.deepEqual(await names({ domains: ['B'] }), ['weaver'], 'through the affiliated organisation');
  assert.deepEqual(await names({ regions: ['LA-VT'] }), ['curator', 'weaver']);
  assert.deepEqual(await names({ orgTypes: ['civil_society'] }), ['weaver']);
  assert.deepEqual(await names({ roles: ['editor'] }), ['editor']);
  assert.deepEqual(await names({ domains: ['A', 'C'], regions: ['LA-VT'] }), ['curator', 'weaver']);
  assert.deepEqual(await names({ domains: ['A'], orgTypes: ['civil_society'] }), []);
});

test('scheduled publishing: a post shows from publish_at on; editors see it before; search follows', async () => {
  const { db } = t.app.mosaic;
  const later = await createPost(db, editorP, laId, { title: { en: 'Festival programme announced' }, status: 'published', publishAt: new Date(Date.now() + 86_400_000).toISOString() }, actor);
  const now = await createPost(db, editorP, laId, { title: { en: 'Weaving fair opens' }, summary: { en: 'Silk from ten provinces' }, status: 'published' }, actor);
  const draft = await createPost(db, editorP, laId, { title: { en: 'Draft notes' } }, actor);
  const listed = (await listPosts(db, [laId], { limit: 10, offset: 0 })).items.map((p) => p.id);
  assert.deepEqual(listed, [now.id]);
  await assert.rejects(getPost(db, principalOf(ids.curator!), later.id), { code: 'NOT_FOUND' });
  await assert.rejects(getPost(db, principalOf(ids.curator!), draft.id), { code: 'NOT_FOUND' });
  assert.equal((await getPost(db, editorP, later.id)).published, false);
  const visitor = { userId: null, isPlatformAdmin: false, roles: new Map() } as Principal;
  const found = await search(db, { q: 'festival', reader: visitor, types: ['news_post'], limit: 10, offset: 0 });
  assert.equal(found.total, 0, 'not searchable before it is due');
  assert.equal((await search(db, { q: 'festival', reader: editorP, types: ['news_post'], limit: 10, offset: 0 })).total, 1);
  assert.equal((await search(db, { q: 'weaving', reader: visitor, types: ['news_post'], limit: 10, offset: 0 })).total, 1);
  const job = await db.selectFrom('jobs').select(['run_at']).where('type', '=', 'news.publish').executeTakeFirstOrThrow();
  assert.equal(job.run_at, later.publishAt);
  await assert.rejects(createPost(db, principalOf(ids.curator!), laId, { title: { en: 'x' } }, actor), { code: 'FORBIDDEN' });
  await assert.rejects(createPost(db, editorP, laId, { title: { en: '' }, publishAt: 'next tuesday' }, actor), (err: { code: string; options: { fields: { field: string }[] } }) =>
    err.code === 'VALIDATION' && err.options.fields.map((f) => f.field).sort().join() === 'publishAt,title');
});

test('the newsletter reaches only the segment, each in their language, with one-click unsubscribe', async () => {
  const { db } = t.app.mosaic;
  const post = await createPost(db, editorP, laId, { title: { en: 'Call for weavers', lo: 'ເຊີນຊ່າງທໍຜ້າ' }, body: { en: 'Apply by May.', lo: 'ສະໝັກກ່ອນເດືອນພຶດສະພາ.' }, status: 'published' }, actor);
  const draft = await createPost(db, editorP, laId, { title: { en: 'Not yet' } }, actor);
  await assert.rejects(sendNewsletter(db, editorP, draft.id, segment({}), t.config, actor), { code: 'VALIDATION' });
  await assert.rejects(sendNewsletter(db, principalOf(ids.curator!), post.id, segment({}), t.config, actor), { code: 'FORBIDDEN' });
  const count = await sendNewsletter(db, editorP, post.id, segment({ domains: ['C'] }), t.config, actor);
  assert.equal(count, 1);
  await deliverDueMail(db, createTransport(smtp.url), t.config.mailFrom);
  const mail = await smtp.waitFor((m) => m.subject === 'ເຊີນຊ່າງທໍຜ້າ');
  assert.deepEqual(mail.to, ['weaver@example.org']);
  assert.match(mail.text, /ສະໝັກກ່ອນເດືອນພຶດສະພາ/);
  assert.match(mail.text, /ອ່ານອອນລາຍ: http:\/\/localhost:3000\/lo\/news\//);
  const header = (name: string) => mail.raw.headerLines.find((h) => h.key === name)?.line ?? '';
  assert.match(header('list-unsubscribe'), /<http:\/\/localhost:3000\/lo\/unsubscribe\/[^>]+\.newsletter\.[^>]+>/, 'the link opens in the reader’s language');
  assert.match(header('list-unsubscribe-post'), /List-Unsubscribe=One-Click/);
  assert.equal(smtp.messages.filter((m) => m.subject === 'ເຊີນຊ່າງທໍຜ້າ' || m.subject === 'Call for weavers').length, 1, 'nobody outside the segment');
  const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'news.newsletter').executeTakeFirstOrThrow();
  assert.match(audit.after ?? '', /"recipients":1/);
});
