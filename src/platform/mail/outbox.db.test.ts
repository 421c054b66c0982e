import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { createTransport, deliverDueMail, enqueueMail, MAX_ATTEMPTS, retryDelaySeconds } from './outbox.js';

let tdb: TestDatabase;
let smtp: TestSmtp;
before(async () => {
  tdb = await createTestDatabase();
  smtp = await startSmtp();
});
after(async () => {
  await smtp.close();
  await tdb.cleanup();
});

test('queued mail is delivered over real SMTP and marked sent', async () => {
  const id = await enqueueMail(tdb.handle.db, { to: 'kham@example.org', subject: 'ສະບາຍດີ', text: 'Body with Lao ສິລະປະ and Cyrillic Тошкент' });
  const result = await deliverDueMail(tdb.handle.db, createTransport(smtp.url), 'Mosaic <no-reply@localhost>');
  assert.equal(result.sent, 1);
  const mail = await smtp.waitFor((m) => m.to.includes('kham@example.org'));
  assert.equal(mail.subject, 'ສະບາຍດີ');
  assert.match(mail.text, /ສິລະປະ.*Тошкент/);
  const row = await tdb.handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'sent');
  assert.equal(Number(row.attempts), 1);
});

test('when SMTP refuses, the message stays queued with the reason and is sent on a later pass', async () => {
  smtp.setRefusing(true);
  const id = await enqueueMail(tdb.handle.db, { to: 'later@example.org', subject: 'Retry', text: 'Please arrive' });
  const transport = createTransport(smtp.url);
  const first = await deliverDueMail(tdb.handle.db, transport, 'm@localhost');
  assert.equal(first.failed, 1);
  let row = await tdb.handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /451|unavailable/);
  // Not due again until the back-off has passed.
  assert.equal((await deliverDueMail(tdb.handle.db, transport, 'm@localhost')).sent, 0);
  smtp.setRefusing(false);
  const later = new Date(Date.now() + retryDelaySeconds(1) * 1000 + 1000);
  assert.equal((await deliverDueMail(tdb.handle.db, transport, 'm@localhost', later)).sent, 1);
  row = await tdb.handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'sent');
  await smtp.waitFor((m) => m.subject === 'Retry');
});

test('with no SMTP server reachable nothing is lost; after the last retry the message is marked failed', async () => {
  const id = await enqueueMail(tdb.handle.db, { to: 'void@example.org', subject: 'Nowhere', text: '…' });
  const dead = createTransport('smtp://127.0.0.1:9');
  let when = new Date();
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    await deliverDueMail(tdb.handle.db, dead, 'm@localhost', when);
    when = new Date(when.getTime() + (retryDelaySeconds(i + 1) + 1) * 1000);
  }
  const row = await tdb.handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'failed');
  assert.equal(Number(row.attempts), MAX_ATTEMPTS);
});

test('two workers never send the same message twice', async () => {
  await enqueueMail(tdb.handle.db, { to: 'once@example.org', subject: 'Only once', text: '1' });
  const transport = createTransport(smtp.url);
  const [a, b] = await Promise.all([deliverDueMail(tdb.handle.db, transport, 'm@l'), deliverDueMail(tdb.handle.db, transport, 'm@l')]);
  assert.equal(a.sent + b.sent, 1);
  await smtp.waitFor((m) => m.subject === 'Only once');
  assert.equal(smtp.messages.filter((m) => m.subject === 'Only once').length, 1);
});

test('attachments are kept in the outbox and delivered with the message', async () => {
  const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mosaic//test//EN\r\nEND:VCALENDAR\r\n';
  await enqueueMail(tdb.handle.db, { to: 'ics@example.org', subject: 'With invitation', text: 'See the file', attachments: [{ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }] });
  await deliverDueMail(tdb.handle.db, createTransport(smtp.url), 'm@localhost');
  const mail = await smtp.waitFor((m) => m.subject === 'With invitation');
  const file = mail.raw.attachments.find((a) => a.filename === 'event.ics');
  assert.ok(file, 'the attachment arrives');
  assert.match(file.contentType, /text\/calendar/);
  assert.equal(file.content.toString('utf8'), ics);
});
