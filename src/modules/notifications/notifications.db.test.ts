import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import type { Db } from '../../platform/db/index.js';
import { newId, nowIso } from '../../platform/ids.js';
import { createTransport, deliverDueMail } from '../../platform/mail/outbox.js';
import { MAX_EMAIL_BYTES } from './notifications.email.js';
import {
  follow,
  followersOf,
  isFollowing,
  lastSlot,
  listNotifications,
  markRead,
  notify,
  preferencesOf,
  registerFollowTargetType,
  registerNotificationCategory,
  savePreferences,
  sendDueEmails,
  unfollow,
  unreadCount,
  unsubscribe,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from './notifications.service.js';

let tdb: TestDatabase;
let db: Db;
let smtp: TestSmtp;
const actor = { userId: null, label: 'test' };
const settings = { baseUrl: 'https://mosaic.example.org', secretKey: 'test-secret-key-test-secret-key-0123456789' };
const users: Record<string, string> = {};

registerNotificationCategory({ key: 'test_activity', labelKey: 'notif.category.followed_activity', modes: ['immediate', 'daily', 'weekly', 'off'], defaultMode: 'daily' });
registerFollowTargetType({ type: 'thing', describe: async (_db, ids) => new Map(ids.map((id) => [id, { title: `Thing ${id}`, url: `/things/${id}` }])) });

async function user(name: string, locale: string, verified = true): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db.insertInto('users').values({ id, email: `${name}@example.org`, email_verified_at: verified ? now : null, password_hash: null, display_name: name, locale, is_platform_admin: 0, status: 'active', created_at: now, updated_at: now }).execute();
  users[name] = id;
  return id;
}

before(async () => {
  tdb = await createTestDatabase();
  db = tdb.handle.db;
  smtp = await startSmtp();
  await user('kham', 'lo');
  await user('anna', 'en');
  await user('dilnoza', 'uz-Cyrl');
  await user('unverified', 'en', false);
});
after(async () => {
  await smtp.close();
  await tdb.cleanup();
});

const thing = { type: 'thing', id: 'a1' };

test('follow and unfollow are idempotent and audited; followersOf lists active followers', async () => {
  await db.transaction().execute(async (trx) => {
    await follow(trx, actor, users.kham!, thing);
    await follow(trx, actor, users.kham!, thing);
    await follow(trx, actor, users.anna!, thing);
  });
  assert.deepEqual((await followersOf(db, thing)).sort(), [users.kham, users.anna].sort());
  assert.equal(await isFollowing(db, users.kham, thing), true);
  await db.transaction().execute((trx) => unfollow(trx, actor, users.anna!, thing));
  assert.deepEqual(await followersOf(db, thing), [users.kham]);
  const audits = await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'thing').execute();
  assert.deepEqual(audits.map((a) => a.action).sort(), ['follow.create', 'follow.create', 'follow.delete']);
});

test('notify writes one notification per recipient, never to the actor, rendered in each reader’s language', async () => {
  const n = await db.transaction().execute((trx) =>
    notify(trx, {
      recipients: [users.kham!, users.anna!, users.anna!, users.dilnoza!],
      category: 'test_activity',
      subject: thing,
      message: { key: 'notif.email.greeting', values: { name: { en: 'Festival', lo: 'ງານບຸນ' } } },
      url: '/things/a1',
      actorId: users.dilnoza,
    }),
  );
  assert.equal(n, 2);
  const [lao] = await listNotifications(db, users.kham!, 'lo');
  assert.equal(lao!.text, 'ສະບາຍດີ ງານບຸນ,');
  const [en] = await listNotifications(db, users.anna!, 'en');
  assert.equal(en!.text, 'Hello Festival,');
  assert.equal(await unreadCount(db, users.kham!), 1);
  await db.transaction().execute((trx) => markRead(trx, actor, users.kham!, null));
  assert.equal(await unreadCount(db, users.kham!), 0);
  // Someone else's ids are not theirs to mark.
  assert.equal(await db.transaction().execute((trx) => markRead(trx, actor, users.kham!, [en!.id])), 0);
  assert.equal(await unreadCount(db, users.anna!), 1);
});

test('preferences: defaults, validation, and a changed mode moves pending emails', async () => {
  assert.equal((await preferencesOf(db, users.anna!)).test_activity, 'daily');
  await assert.rejects(
    db.transaction().execute((trx) => savePreferences(trx, actor, users.anna!, { modes: { test_activity: 'hourly', nope: 'off' }, hourUtc: 25 })),
    (err: { code?: string; options?: { fields?: { field: string }[] } }) => err.code === 'VALIDATION' && err.options!.fields!.length === 3,
  );
  await db.transaction().execute((trx) => savePreferences(trx, actor, users.anna!, { modes: { test_activity: 'weekly' }, hourUtc: 7, weekday: 3 }));
  assert.equal((await preferencesOf(db, users.anna!)).test_activity, 'weekly');
  const pending = await db.selectFrom('notifications').select(['email_mode', 'email_status']).where('user_id', '=', users.anna!).execute();
  assert.deepEqual(pending, [{ email_mode: 'weekly', email_status: 'pending' }]);
});

test('lastSlot finds the latest daily and weekly instant at or before now (UTC)', () => {
  const now = new Date('2026-03-11T05:30:00Z'); // a Wednesday
  assert.equal(lastSlot(now, 6, null).toISOString(), '2026-03-10T06:00:00.000Z');
  assert.equal(lastSlot(now, 5, null).toISOString(), '2026-03-11T05:00:00.000Z');
  assert.equal(lastSlot(now, 6, 3).toISOString(), '2026-03-04T06:00:00.000Z');
  assert.equal(lastSlot(now, 5, 3).toISOString(), '2026-03-11T05:00:00.000Z');
  assert.equal(lastSlot(now, 6, 1).toISOString(), '2026-03-09T06:00:00.000Z');
});

test('unsubscribe tokens are bound to one user and one category', () => {
  const token = unsubscribeToken(settings.secretKey, users.kham!, 'newsletter');
  assert.deepEqual(verifyUnsubscribeToken(settings.secretKey, token), { userId: users.kham, category: 'newsletter' });
  assert.equal(verifyUnsubscribeToken('another-secret-another-secret-another', token), null);
  const [, , sig] = token.split('.');
  assert.equal(verifyUnsubscribeToken(settings.secretKey, `${users.anna}.newsletter.${sig}`), null, 'someone else');
  assert.equal(verifyUnsubscribeToken(settings.secretKey, `${users.kham}.test_activity.${sig}`), null, 'another category');
  assert.equal(verifyUnsubscribeToken(settings.secretKey, 'garbage'), null);
  assert.equal(verifyUnsubscribeToken(settings.secretKey, `${token}x`), null);
});

test('a daily digest groups the pending notifications written before the user’s hour, in their language, over real SMTP', async () => {
  // Sixty long notifications for the Lao reader, then their digest at 06:00 UTC the next day.
  for (let i = 0; i < 60; i++) {
    await db.transaction().execute((trx) =>
      notify(trx, { recipients: [users.kham!, users.unverified!], category: 'test_activity', subject: thing, message: { key: 'notif.email.greeting', values: { name: { en: `Item ${i}`, lo: `ລາຍການ ${i} ງານບຸນປະເພນີ ແລະ ງານວາງສະແດງສິລະປະຫັດຖະກຳ ທີ່ແຂວງຫຼວງພະບາງ` } } }, url: `/things/${i}` }),
    );
  }
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  tomorrow.setUTCHours(6, 30, 0, 0);
  const sent = await sendDueEmails(db, settings, tomorrow);
  assert.ok(sent.digests >= 1);
  // Nothing twice: a second pass sends nothing more.
  assert.deepEqual(await sendDueEmails(db, settings, tomorrow), { immediate: 0, digests: 0 });
  const unverifiedPending = await db.selectFrom('notifications').select('email_status').where('user_id', '=', users.unverified!).execute();
  assert.ok(unverifiedPending.every((r) => r.email_status === 'skipped'), 'unverified addresses get no email');

  await deliverDueMail(db, createTransport(smtp.url), 'Mosaic <no-reply@localhost>');
  const mail = await smtp.waitFor((m) => m.to.includes('kham@example.org'));
  assert.match(mail.subject, /ສະຫຼຸບປະຈຳວັນ: 61/);
  assert.match(mail.text, /ສະບາຍດີ ລາຍການ 59 ງານບຸນ/, 'newest first');
  assert.match(mail.text, /https:\/\/mosaic\.example\.org\/lo\/things\/59/);
  assert.match(mail.text, /https:\/\/mosaic\.example\.org\/lo\/notifications/, 'the rest is one link away');
  assert.ok(mail.html && mail.html.includes('lang="lo"'));
  const htmlBytes = Buffer.byteLength(mail.html!);
  assert.ok(mail.size <= MAX_EMAIL_BYTES, `the whole message is ${mail.size} bytes`);
  console.log(`digest of 61 notifications (${(mail.text.match(/^- /gm) ?? []).length} listed): HTML ${htmlBytes} B, text ${Buffer.byteLength(mail.text)} B, whole message on the wire ${mail.size} B`);
  const header = (name: string) => mail.raw.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '') ?? '';
  const listUnsubscribe = header('list-unsubscribe');
  assert.match(listUnsubscribe, /^<https:\/\/mosaic\.example\.org\/lo\/unsubscribe\/[^>]+>$/, 'opens in the reader’s language, signed in or not');
  assert.ok(mail.text.includes(listUnsubscribe.slice(1, -1)), 'the same link in the body');
  assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

  // The digest's link turns every daily category of that reader off, and only theirs.
  const token = /unsubscribe\/([^>]+)>/.exec(listUnsubscribe)![1]!;
  const result = await db.transaction().execute((trx) => unsubscribe(trx, settings.secretKey, token));
  assert.deepEqual(result, { userId: users.kham, categories: ['followed_activity', 'test_activity'] });
  assert.equal((await preferencesOf(db, users.kham!)).test_activity, 'off');
  assert.equal((await preferencesOf(db, users.anna!)).test_activity, 'weekly');
});

test('a weekly digest waits for the user’s weekday and hour', async () => {
  // Anna chose weekly, Wednesdays at 07:00 UTC; her pending notification waits until then.
  await db.transaction().execute((trx) => notify(trx, { recipients: [users.anna!], category: 'test_activity', subject: thing, message: { key: 'notif.follows.title' }, url: '/follows' }));
  await db.deleteFrom('outbox').where('to_address', '=', 'anna@example.org').execute();
  const slot = new Date();
  slot.setUTCHours(7, 0, 0, 0);
  while (slot.getUTCDay() !== 3 || slot.getTime() <= Date.now()) slot.setUTCDate(slot.getUTCDate() + 1);
  assert.equal((await sendDueEmails(db, settings, new Date(slot.getTime() - 60_000))).digests, 0, 'one minute early');
  assert.equal((await sendDueEmails(db, settings, new Date(slot.getTime() + 60_000))).digests, 1);
  const mail = await db.selectFrom('outbox').select(['subject', 'headers']).where('to_address', '=', 'anna@example.org').executeTakeFirstOrThrow();
  assert.match(mail.subject, /^Your weekly digest: \d+ notifications?$/);
  assert.match(mail.headers ?? '', /digest_weekly/);
});

test('immediate notifications are emailed one by one; "off" sends nothing', async () => {
  await db.transaction().execute((trx) => savePreferences(trx, actor, users.dilnoza!, { modes: { test_activity: 'immediate' } }));
  await db.transaction().execute((trx) =>
    notify(trx, { recipients: [users.dilnoza!, users.kham!], category: 'test_activity', subject: thing, message: { key: 'notif.follows.title' }, url: '/follows' }),
  );
  const job = await db.selectFrom('jobs').select('type').where('type', '=', 'notifications.email').where('status', '=', 'queued').executeTakeFirst();
  assert.ok(job, 'an immediate notification queues the email job');
  const sent = await sendDueEmails(db, settings);
  assert.equal(sent.immediate, 1);
  await deliverDueMail(db, createTransport(smtp.url), 'Mosaic <no-reply@localhost>');
  const mail = await smtp.waitFor((m) => m.to.includes('dilnoza@example.org'));
  assert.equal(mail.subject, 'Кузатаётганларим');
  const kham = await db.selectFrom('notifications').select('email_status').where('user_id', '=', users.kham!).where('message_key', '=', 'notif.follows.title').executeTakeFirstOrThrow();
  assert.equal(kham.email_status, 'skipped');
});
