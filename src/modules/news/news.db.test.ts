import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import type { Principal } from '../../platform/auth/policy.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { createTransport, deliverDueMail } from '../../platform/mail/outbox.js';
import { search } from '../../platform/search/search.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { jobHandlers } from '../jobs.js';
import { savePreferences } from '../notifications/notifications.service.js';
import { createPost, deliverNewsletter, getPost, listPosts, NEWSLETTER_ATTEMPTS, newsletterRecipients, newsletterSends, runNewsletterJob, sendNewsletter, type NewsletterSegment } from './news.service.js';

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

/** Runs the due background jobs, as the worker would. */
async function runJobs(): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; ) total += n = await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker');
  return total;
}

/** The newsletter emails of a post in the outbox, by address. */
async function newsletterMails(postId: string): Promise<Map<string, number>> {
  const rows = await t.app.mosaic.db.selectFrom('outbox').select('to_address').where('text_body', 'like', `%/news/${postId}%`).execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.to_address, (out.get(r.to_address) ?? 0) + 1);
  return out;
}

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

test('the newsletter job reaches only the segment, each in their language, with one-click unsubscribe', async () => {
  const { db } = t.app.mosaic;
  const post = await createPost(db, editorP, laId, { title: { en: 'Call for weavers', lo: 'ເຊີນຊ່າງທໍຜ້າ' }, body: { en: 'Apply by May.', lo: 'ສະໝັກກ່ອນເດືອນພຶດສະພາ.' }, status: 'published' }, actor);
  const draft = await createPost(db, editorP, laId, { title: { en: 'Not yet' } }, actor);
  await assert.rejects(sendNewsletter(db, editorP, draft.id, segment({}), actor), { code: 'VALIDATION' });
  await assert.rejects(sendNewsletter(db, principalOf(ids.curator!), post.id, segment({}), actor), { code: 'FORBIDDEN' });
  const send = await sendNewsletter(db, editorP, post.id, segment({ domains: ['C'] }), actor);
  assert.equal(send.status, 'queued');
  assert.equal(send.recipients, null, 'the request does not resolve the segment');
  assert.equal((await newsletterMails(post.id)).size, 0, 'nor write any email');
  await assert.rejects(sendNewsletter(db, editorP, post.id, segment({}), actor), { code: 'CONFLICT' }, 'one send of a post at a time');
  assert.ok((await runJobs()) >= 1);
  const [done] = await newsletterSends(db, editorP, post.id);
  assert.deepEqual([done!.status, done!.recipients, done!.sent, done!.skipped], ['sent', 1, 1, 0]);
  assert.ok(done!.finishedAt);
  assert.ok((await getPost(db, editorP, post.id)).newsletterSentAt);
  await deliverDueMail(db, createTransport(smtp.url), t.config.mailFrom);
  const mail = await smtp.waitFor((m) => m.subject === 'ເຊີນຊ່າງທໍຜ້າ');
  assert.deepEqual(mail.to, ['weaver@example.org']);
  assert.match(mail.text, /ສະໝັກກ່ອນເດືອນພຶດສະພາ/);
  assert.match(mail.text, /ອ່ານອອນລາຍ: http:\/\/localhost:3000\/lo\/news\//);
  const header = (name: string) => mail.raw.headerLines.find((h) => h.key === name)?.line ?? '';
  assert.match(header('list-unsubscribe'), /<http:\/\/localhost:3000\/lo\/unsubscribe\/[^>]+\.newsletter\.[^>]+>/, 'the link opens in the reader’s language');
  assert.match(header('list-unsubscribe-post'), /List-Unsubscribe=One-Click/);
  assert.equal(smtp.messages.filter((m) => m.subject === 'ເຊີນຊ່າງທໍຜ້າ' || m.subject === 'Call for weavers').length, 1, 'nobody outside the segment');
  const asked = await db.selectFrom('audit_log').select(['after', 'actor_label']).where('action', '=', 'news.newsletter').executeTakeFirstOrThrow();
  assert.match(asked.after ?? '', new RegExp(`"send_id":"${send.id}"`));
  const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'news.newsletter.sent').executeTakeFirstOrThrow();
  assert.match(audit.after ?? '', /"recipients":1/);
  assert.deepEqual(await newsletterSends(db, principalOf(ids.curator!), post.id), [], 'progress is for those who may send');
});

test('a newsletter job retried after a crash never writes to anyone twice', async () => {
  const { db } = t.app.mosaic;
  const extra = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
  for (const [i, name] of extra.entries()) await account(name, ['en', 'lo', 'ru'][i % 3]!, 'member');
  const post = await createPost(db, editorP, laId, { title: { en: 'Festival volunteers wanted', lo: 'ຕ້ອງການອາສາສະໝັກງານບຸນ', ru: 'Нужны волонтёры фестиваля' }, status: 'published' }, actor);
  const send = await sendNewsletter(db, editorP, post.id, segment({ roles: ['member'] }), actor);
  const everyone = [...extra, 'weaver', 'curator'].map((n) => `${n}@example.org`).sort();

  // A worker writes one batch of three, then dies between batches.
  const part = await deliverNewsletter(db, send.id, t.config, { batchSize: 3, maxBatches: 1 });
  assert.deepEqual([part.sent, part.done], [3, false]);
  assert.equal([...(await newsletterMails(post.id)).values()].reduce((a, b) => a + b, 0), 3);
  const [during] = await newsletterSends(db, editorP, post.id);
  assert.deepEqual([during!.status, during!.recipients, during!.sent], ['sending', 8, 3]);
  // The next dies in the middle of a batch, on its last attempt: that batch's claims and emails
  // go together, and the send is marked failed with the reason.
  let n = 0;
  await assert.rejects(runNewsletterJob(db, send.id, t.config, NEWSLETTER_ATTEMPTS, { batchSize: 3, afterEmail: () => { if (++n === 2) throw new Error('worker died'); } }), /worker died/);
  assert.equal([...(await newsletterMails(post.id)).values()].reduce((a, b) => a + b, 0), 3, 'the broken batch left nothing');
  const [failed] = await newsletterSends(db, editorP, post.id);
  assert.deepEqual([failed!.status, failed!.error, failed!.sent], ['failed', 'worker died', 3]);
  // Someone turns newsletters off meanwhile: they are skipped, not written to.
  await db.transaction().execute((trx) => savePreferences(trx, actor, ids.r5!, { modes: { newsletter: 'off' } }));

  // The job run again (by hand, or its queued run) finishes the send; running it once more (or a
  // second worker) adds nothing.
  assert.ok((await runJobs()) >= 1);
  await runNewsletterJob(db, send.id, t.config, 1);
  await Promise.all([deliverNewsletter(db, send.id, t.config), deliverNewsletter(db, send.id, t.config)]);
  const mails = await newsletterMails(post.id);
  assert.deepEqual([...mails.keys()].sort(), everyone.filter((e) => e !== 'r5@example.org'));
  assert.ok([...mails.values()].every((count) => count === 1), 'one email per person');
  const [done] = await newsletterSends(db, editorP, post.id);
  assert.deepEqual([done!.status, done!.recipients, done!.sent, done!.skipped], ['sent', 8, 7, 1]);
  const lao = await db.selectFrom('outbox').select(['subject', 'headers']).where('to_address', '=', 'r1@example.org').where('text_body', 'like', `%/news/${post.id}%`).executeTakeFirstOrThrow();
  assert.equal(lao.subject, 'ຕ້ອງການອາສາສະໝັກງານບຸນ');
  assert.match(lao.headers ?? '', new RegExp(`/unsubscribe/${ids.r1}\\.newsletter\\.`), 'each email carries its own unsubscribe link');
  assert.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'news.newsletter.sent').where('entity_id', '=', post.id).execute()).length, 1);

  // Two workers at once on a new send: still one email each.
  const second = await createPost(db, editorP, laId, { title: { en: 'Second call' }, status: 'published' }, actor);
  const again = await sendNewsletter(db, editorP, second.id, segment({ roles: ['member'] }), actor);
  await Promise.all([deliverNewsletter(db, again.id, t.config, { batchSize: 2 }), deliverNewsletter(db, again.id, t.config, { batchSize: 2 })]);
  const secondMails = await newsletterMails(second.id);
  assert.equal(secondMails.size, 7);
  assert.ok([...secondMails.values()].every((count) => count === 1));
});
