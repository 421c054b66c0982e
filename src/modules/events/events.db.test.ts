import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import { AppError } from '../../platform/http/errors.js';
import { reindex } from '../../platform/search/indexers.js';
import { search } from '../../platform/search/search.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { createDirectoryService } from '../directory/directory.service.js';
import { formatMessage } from '../../platform/i18n/messages.js';
import { follow, listNotifications } from '../notifications/notifications.service.js';
import { INDEXERS } from '../indexers.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { CODE_ALPHABET, CODE_LENGTH } from './codes.js';
import { createEventsService, formatWhen, type EventInput, type EventsService } from './events.service.js';

let tdb: TestDatabase;
let events: EventsService;
const actor = { userId: null, label: 'test' };
const space: Record<string, string> = {};
const users: Record<string, string> = {};
let editor: Principal;
const members: Principal[] = [];

function member(id: string): Principal {
  return { userId: id, isPlatformAdmin: false, roles: new Map([[space.LA!, 'member']]) };
}

function future(days: number, hour = 9): string {
  const d = new Date(Date.now() + days * 86400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

function input(over: Partial<EventInput> = {}): EventInput {
  return {
    type: 'workshop',
    title: { en: 'Natural dye workshop', lo: 'ກອງປະຊຸມຍ້ອມສີທຳມະຊາດ' },
    description: { en: 'Indigo and lac dyes' },
    status: 'published',
    timeZone: 'Asia/Vientiane',
    venueName: 'Lao Textile Museum',
    regionCode: 'LA-VT',
    capacity: 1,
    sessions: [{ start: future(10, 9), end: future(10, 12) }],
    ...over,
  };
}

async function outbox(to: string) {
  return tdb.handle.db.selectFrom('outbox').selectAll().where('to_address', '=', to).orderBy('created_at').execute();
}

before(async () => {
  tdb = await createTestDatabase();
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  events = createEventsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000', secretKey: 'test-secret-key-test-secret-key-0123456789' } });
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  for (const u of ['editor', 'orgeditor', 'outsider', ...Array.from({ length: 12 }, (_, i) => `m${i}`)]) {
    const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${u}@example.org`, displayName: u, locale: u === 'm1' ? 'lo' : 'en' }, actor));
    users[u] = id;
    if (u !== 'outsider') await tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, null, space.LA!, id, u === 'editor' ? 'editor' : 'member'));
  }
  editor = { userId: users.editor!, isPlatformAdmin: false, roles: new Map([[space.LA!, 'editor']]) };
  for (let i = 0; i < 12; i++) members.push(member(users[`m${i}`]!));
});
after(async () => tdb.cleanup());

describe('events', () => {
  test('an editor creates an event; bad input is reported field by field', async () => {
    const ev = await events.createEvent(editor, space.LA!, input(), actor);
    assert.equal(ev.sessions.length, 1);
    assert.equal(ev.timeZone, 'Asia/Vientiane');
    await assert.rejects(
      events.createEvent(editor, space.LA!, { type: 'party', title: {}, timeZone: 'Mars/Olympus', regionCode: 'UZ-TO', capacity: -3, sessions: [{ start: future(3, 12), end: future(3, 9) }] }, actor),
      (err: AppError) => {
        const fields = err.options.fields!.map((f) => f.field);
        for (const f of ['type', 'title', 'timeZone', 'regionCode', 'capacity']) assert.ok(fields.includes(f), f);
        return err.code === 'VALIDATION';
      },
    );
  });

  test('a member may not create an event unless it is organised by an organisation they edit', async () => {
    await assert.rejects(events.createEvent(members[0]!, space.LA!, input(), actor), (e: AppError) => e.code === 'FORBIDDEN');
    const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
    const dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' }, accounts });
    const orgEditor = member(users.orgeditor!);
    const org = await dir.createOrganization(orgEditor, space.LA!, { name: { en: 'Weavers of Luang Prabang' }, type: 'civil_society' }, actor);
    await assert.rejects(events.createEvent(orgEditor, space.LA!, input(), actor), (e: AppError) => e.code === 'VALIDATION' && e.options.fields!.some((f) => f.key === 'events.organizer_required'));
    const ev = await events.createEvent(orgEditor, space.LA!, input({ organizers: [org.id], status: 'draft' }), actor);
    assert.equal(ev.canEdit, true);
    assert.deepEqual(ev.organizers.map((o) => o.id), [org.id]);
    const edited = await events.updateEvent(orgEditor, ev.id, { capacity: 30 }, actor);
    assert.equal(edited.capacity, 30);
    // Drafts are hidden from others.
    await assert.rejects(events.getEvent(members[0]!, ev.id), (e: AppError) => e.code === 'NOT_FOUND');
    await assert.rejects(events.updateEvent(members[0]!, ev.id, { capacity: 2 }, actor), (e: AppError) => e.code === 'NOT_FOUND');
  });

  test('publishing an event tells the followers of its organisers once, in each reader’s language; drafts and edits do not', async () => {
    const { db } = tdb.handle;
    const accounts = createAccountsService({ db, config: { baseUrl: 'http://localhost:3000' } });
    const dir = createDirectoryService({ db, config: { baseUrl: 'http://localhost:3000' }, accounts });
    const khene = await dir.createOrganization(editor, space.LA!, { name: { en: 'Khene Ensemble', lo: 'ວົງແຄນ' }, type: 'civil_society' }, actor);
    const silk = await dir.createOrganization(editor, space.LA!, { name: { en: 'Silk Road Weavers' }, type: 'civil_society' }, actor);
    await db.transaction().execute(async (trx) => {
      await follow(trx, actor, users.m1!, { type: 'organization', id: khene.id }); // reads Lao
      await follow(trx, actor, users.m1!, { type: 'organization', id: silk.id });
      await follow(trx, actor, users.m2!, { type: 'organization', id: silk.id });
      await follow(trx, actor, users.editor!, { type: 'organization', id: khene.id });
    });
    const sessions = [{ start: '2031-03-14T09:00', end: '2031-03-14T12:00' }];
    const draft = await events.createEvent(editor, space.LA!, input({ organizers: [khene.id, silk.id], status: 'draft', sessions }), actor);
    const count = (userId: string) => db.selectFrom('notifications').select(db.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('subject_id', '=', draft.id).executeTakeFirstOrThrow().then((r) => Number(r.n));
    assert.equal(await count(users.m1!), 0, 'a draft is nobody’s news');
    await events.updateEvent(editor, draft.id, { status: 'published' }, actor);
    await events.updateEvent(editor, draft.id, { capacity: 40 }, actor);
    assert.equal(await count(users.m1!), 1, 'once, though following both organisers, and not again on an edit');
    assert.equal(await count(users.m2!), 1);
    assert.equal(await count(users.editor!), 0, 'never of one’s own action');
    const [lao] = await listNotifications(db, users.m1!, 'lo');
    assert.equal(lao!.text, formatMessage('lo', 'events.notif.published', { organization: 'ວົງແຄນ', event: 'ກອງປະຊຸມຍ້ອມສີທຳມະຊາດ', when: formatWhen('lo', draft.startsAt, draft.endsAt, 'Asia/Vientiane') }));
    assert.equal(lao!.url, `/events/${draft.id}`);
    assert.equal(lao!.category, 'followed_activity');
    const [english] = await listNotifications(db, users.m2!, 'en');
    assert.equal(english!.text, 'Silk Road Weavers announces an event: Natural dye workshop, Fri, Mar 14, 2031, 09:00–12:00 (Asia/Vientiane)');
  });
});

describe('registration and waitlist', () => {
  test('beyond capacity people go to the waitlist; a cancellation promotes the first in the same transaction, with an email and invitation', async () => {
    const ev = await events.createEvent(editor, space.LA!, input(), actor);
    const a = await events.register(members[0]!, ev.id, { locale: 'en' }, actor);
    const b = await events.register(members[1]!, ev.id, { locale: 'lo' }, actor);
    assert.equal(a.status, 'confirmed');
    assert.equal(b.status, 'waitlisted');
    assert.equal(a.code.length, CODE_LENGTH);
    assert.ok([...a.code].every((c) => CODE_ALPHABET.includes(c)));
    const confirmation = (await outbox('m0@example.org')).at(-1)!;
    assert.match(confirmation.text_body, new RegExp(a.code));
    const ics = JSON.parse(confirmation.attachments!) as { content: string }[];
    const cal = new ICAL.Component(ICAL.parse(ics[0]!.content));
    assert.equal(cal.getFirstPropertyValue('method'), 'PUBLISH');
    assert.equal(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'), `${ev.sessions[0]!.id}@localhost`);
    assert.equal((await outbox('m1@example.org')).at(-1)!.attachments, null, 'no invitation for the waitlist');

    // Double registration is refused politely.
    await assert.rejects(events.register(members[0]!, ev.id, { locale: 'en' }, actor), (e: AppError) => e.code === 'CONFLICT' && e.options.fields?.[0]?.key === 'events.already_registered');

    const cancelled = await events.cancelRegistration(members[0]!, a.id, actor);
    assert.equal(cancelled.status, 'cancelled');
    const promoted = await events.myRegistration(members[1]!, ev.id);
    assert.equal(promoted?.status, 'confirmed');
    assert.ok(promoted?.promotedAt);
    const mail = (await outbox('m1@example.org')).at(-1)!;
    assert.ok(mail.attachments, 'the promotion carries the invitation');
    assert.match(mail.subject, /ສ|./);
    assert.equal((await events.getEvent(editor, ev.id)).confirmedCount, 1);
    const audit = await listAudit(tdb.handle.db, { entityId: ev.id, limit: 50, offset: 0 });
    assert.ok(audit.rows.some((r) => r.action === 'event.registration.promote'));
    // Registering again after cancelling is allowed (the place went to the waitlist).
    assert.equal((await events.register(members[0]!, ev.id, { locale: 'en' }, actor)).status, 'waitlisted');
  });

  test('the secret cancel link cancels without signing in and promotes from the waitlist', async () => {
    const ev = await events.createEvent(editor, space.LA!, input(), actor);
    const a = await events.register(members[2]!, ev.id, { locale: 'en' }, actor);
    await events.register(members[3]!, ev.id, { locale: 'en' }, actor);
    const token = events.cancelPath(a.id).split('/').pop()!;
    assert.equal((await events.registrationByCancelToken(token))?.registration.id, a.id);
    assert.equal(await events.registrationByCancelToken('x'.repeat(43)), null);
    await events.cancelByToken(token, actor);
    assert.equal((await events.myRegistration(members[3]!, ev.id))?.status, 'confirmed');
    // The link works once; a second use changes nothing.
    assert.equal((await events.cancelByToken(token, actor)).status, 'cancelled');
    assert.equal((await events.getEvent(editor, ev.id)).confirmedCount, 1);
  });

  test('answers to custom questions are validated', async () => {
    const ev = await events.createEvent(
      editor,
      space.LA!,
      input({
        capacity: 10,
        questions: [
          { id: 'diet', label: 'Diet', kind: 'choice', options: ['none', 'vegetarian'], required: true },
          { id: 'photo', label: 'Photos OK?', kind: 'yesno' },
          { id: 'note', label: 'Note', kind: 'text' },
        ],
      }),
      actor,
    );
    await assert.rejects(events.register(members[4]!, ev.id, { locale: 'en', answers: { diet: 'meat', photo: 'maybe' } }, actor), (e: AppError) => {
      assert.deepEqual(e.options.fields!.map((f) => f.field).sort(), ['answers.diet', 'answers.photo']);
      return true;
    });
    const ok = await events.register(members[4]!, ev.id, { locale: 'en', answers: { diet: 'vegetarian', photo: 'yes', note: '<b>hi</b>' } }, actor);
    assert.deepEqual(ok.answers, { diet: 'vegetarian', photo: 'yes', note: '<b>hi</b>' });
  });

  test('concurrent registrations never over-book; concurrent cancellations promote each waitlisted person once', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 3 }), actor);
    const results = await Promise.allSettled(members.slice(0, 10).map((m) => events.register(m, ev.id, { locale: 'en' }, actor)));
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ status: string; id: string; userId: string | null }>).value);
    assert.equal(ok.length, 10, JSON.stringify(results.filter((r) => r.status === 'rejected')));
    assert.equal(ok.filter((r) => r.status === 'confirmed').length, 3);
    assert.equal(ok.filter((r) => r.status === 'waitlisted').length, 7);
    // The same person twice at once: one registration.
    const twice = await Promise.allSettled([events.register(members[10]!, ev.id, { locale: 'en' }, actor), events.register(members[10]!, ev.id, { locale: 'en' }, actor)]);
    assert.equal(twice.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(twice.some((r) => r.status === 'rejected' && (r.reason as AppError).code === 'CONFLICT'));

    const confirmed = ok.filter((r) => r.status === 'confirmed');
    await Promise.all(confirmed.map((r) => events.cancelRegistration(members.find((m) => m.userId === r.userId)!, r.id, actor)));
    const { rows } = await events.attendance(editor, ev.id);
    assert.equal(rows.filter((r) => r.status === 'confirmed').length, 3);
    assert.equal((await events.getEvent(editor, ev.id)).confirmedCount, 3);
  });

  test('raising the capacity promotes from the waitlist', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 1 }), actor);
    await events.register(members[5]!, ev.id, { locale: 'en' }, actor);
    await events.register(members[6]!, ev.id, { locale: 'en' }, actor);
    await events.updateEvent(editor, ev.id, { capacity: 2 }, actor);
    assert.equal((await events.myRegistration(members[6]!, ev.id))?.status, 'confirmed');
  });

  test('cancelling the event tells everyone registered or waiting, with the calendar entry marked cancelled', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 1 }), actor);
    await events.register(members[9]!, ev.id, { locale: 'en' }, actor);
    await events.register(members[1]!, ev.id, { locale: 'lo' }, actor);
    await events.updateEvent(editor, ev.id, { status: 'cancelled' }, actor);
    const en = (await outbox('m9@example.org')).at(-1)!;
    assert.match(en.subject, /^Cancelled: /);
    const ics = (JSON.parse(en.attachments!) as { content: string }[])[0]!.content;
    assert.equal(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('status'), 'CANCELLED');
    assert.match((await outbox('m1@example.org')).at(-1)!.subject, /^ຍົກເລີກແລ້ວ: /);
    await assert.rejects(events.register(members[2]!, ev.id, { locale: 'en' }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'events.registration_closed');
  });

  test('registration is refused for drafts, closed and past events', async () => {
    const draft = await events.createEvent(editor, space.LA!, input({ status: 'draft' }), actor);
    await assert.rejects(events.register(members[0]!, draft.id, { locale: 'en' }, actor), (e: AppError) => e.code === 'NOT_FOUND');
    const closed = await events.createEvent(editor, space.LA!, input({ registrationOpen: false }), actor);
    await assert.rejects(events.register(members[0]!, closed.id, { locale: 'en' }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'events.registration_closed');
    await assert.rejects(events.register(ANONYMOUS, closed.id, { locale: 'en' }, actor), (e: AppError) => e.code === 'UNAUTHENTICATED');
  });
});

describe('check-in', () => {
  test('a code checks in once per session; the second time says when', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 5, sessions: [{ start: future(5, 9), end: future(5, 12) }, { start: future(6, 9), end: future(6, 12) }] }), actor);
    const reg = await events.register(members[7]!, ev.id, { locale: 'en' }, actor);
    const [s1, s2] = ev.sessions;
    const first = await events.checkIn(editor, ev.id, s1!.id, reg.code, actor);
    assert.equal(first.result, 'checked_in');
    const again = await events.checkIn(editor, ev.id, s1!.id, reg.code, actor);
    assert.equal(again.result, 'already');
    assert.equal(again.at, first.at);
    assert.equal((await events.checkIn(editor, ev.id, s2!.id, reg.code, actor)).result, 'checked_in');
    // Concurrent scans of one code: one check-in.
    const both = await Promise.all([events.checkIn(editor, ev.id, s2!.id, reg.code, actor), events.checkIn(editor, ev.id, s2!.id, reg.code, actor)]);
    assert.deepEqual(both.map((b) => b.result), ['already', 'already']);
    await assert.rejects(events.checkIn(editor, ev.id, s1!.id, 'ZZZZZZ', actor), (e: AppError) => e.options.fields?.[0]?.key === 'events.checkin.unknown_code');
    await assert.rejects(events.checkIn(members[0]!, ev.id, s1!.id, reg.code, actor), (e: AppError) => e.code === 'FORBIDDEN');
    const { rows } = await events.attendance(editor, ev.id);
    assert.equal(Object.keys(rows.find((r) => r.id === reg.id)!.checkins).length, 2);
  });

  test('walk-ins count against capacity unless the organiser overrides', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 1 }), actor);
    const w = await events.walkIn(editor, ev.id, { name: 'Noy', phone: '+856 20 5555 1234', sessionId: ev.sessions[0]!.id, locale: 'lo' }, actor);
    assert.equal(w.walkIn, true);
    await assert.rejects(events.walkIn(editor, ev.id, { name: 'Bee', locale: 'lo' }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'events.full');
    const forced = await events.walkIn(editor, ev.id, { name: 'Bee', override: true, locale: 'lo' }, actor);
    assert.equal(forced.status, 'confirmed');
    assert.equal((await events.getEvent(editor, ev.id)).confirmedCount, 2);
    const { rows } = await events.attendance(editor, ev.id);
    assert.equal(Object.keys(rows.find((r) => r.id === w.id)!.checkins).length, 1);
  });
});

describe('feeds, reminders and search', () => {
  test('a space feed parses with ical.js and holds one entry per session', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ title: { en: 'Feed test; with, commas' }, sessions: [{ start: future(20, 9), end: future(20, 10) }, { start: future(21, 9), end: future(21, 10) }] }), actor);
    const feed = await events.feed({ spaceId: space.LA! }, 'en', 'Lao PDR');
    const cal = new ICAL.Component(ICAL.parse(feed));
    const uids = cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    for (const s of ev.sessions) assert.ok(uids.includes(`${s.id}@localhost`));
    const entry = cal.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${ev.sessions[0]!.id}@localhost`)!;
    assert.equal(entry.getFirstPropertyValue('summary'), 'Feed test; with, commas');
    assert.equal((entry.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), ev.sessions[0]!.startsAt);
  });

  test('the reminder job mails confirmed participants once, and a reminder job was queued', async () => {
    const ev = await events.createEvent(editor, space.LA!, input({ capacity: 5 }), actor);
    await events.register(members[8]!, ev.id, { locale: 'en' }, actor);
    const jobs = await tdb.handle.db.selectFrom('jobs').selectAll().where('type', '=', 'events.remind').execute();
    assert.ok(jobs.some((j) => JSON.parse(j.payload).eventId === ev.id));
    assert.equal(await events.sendReminders(ev.id, ev.startsAt), 1);
    assert.equal(await events.sendReminders(ev.id, ev.startsAt), 0);
    const mail = (await outbox('m8@example.org')).at(-1)!;
    assert.ok(mail.attachments);
  });

  test('published events are searchable by everyone, drafts by editors only; reindex rebuilds them', async () => {
    await events.createEvent(editor, space.LA!, input({ title: { en: 'Khaen music screening' }, type: 'screening' }), actor);
    await events.createEvent(editor, space.LA!, input({ title: { en: 'Khaen secret rehearsal' }, status: 'draft' }), actor);
    const find = async (reader: Principal) => (await search(tdb.handle.db, { q: 'khaen', reader, types: ['event'], limit: 10, offset: 0 })).items.length;
    assert.equal(await find(ANONYMOUS), 1);
    assert.equal(await find(editor), 2);
    await reindex(tdb.handle.db, INDEXERS.filter((i) => i.entityType === 'event'));
    assert.equal(await find(ANONYMOUS), 1);
  });
});

describe('series', () => {
  const db = () => tdb.handle.db;
  const notified = async (userId: string, eventId: string) => (await db().selectFrom('notifications').selectAll().where('user_id', '=', userId).where('url', '=', `/events/${eventId}`).execute()).length;

  test('editors create and change a series (audited); members may not; a title is required', async () => {
    const series = await events.createSeries(editor, space.LA!, { title: { en: 'Vientiane Film Week', lo: 'ອາທິດຮູບເງົາວຽງຈັນ' }, description: { en: 'Every November.' } }, actor);
    assert.equal(series.title.lo?.value, 'ອາທິດຮູບເງົາວຽງຈັນ');
    assert.equal(series.canEdit, true);
    assert.equal(series.canDelete, false, 'deleting is for space administrators');
    await assert.rejects(events.createSeries(members[0]!, space.LA!, { title: { en: 'Mine' } }, actor), (e: AppError) => e.code === 'FORBIDDEN');
    await assert.rejects(events.createSeries(editor, space.LA!, { title: { en: ' ' } }, actor), (e: AppError) => e.code === 'VALIDATION' && e.options.fields![0]!.field === 'title');
    const changed = await events.updateSeries(editor, series.id, { description: { en: 'Every November, since 2019.' } }, actor);
    assert.equal(changed.title.en?.value, 'Vientiane Film Week', 'fields not sent are kept');
    await assert.rejects(events.updateSeries(members[0]!, series.id, { title: { en: 'x' } }, actor), (e: AppError) => e.code === 'FORBIDDEN');
    const audit = await listAudit(db(), { entityId: series.id, limit: 10, offset: 0 });
    assert.deepEqual(audit.rows.map((a) => a.action).sort(), ['event_series.create', 'event_series.update']);
    assert.equal((await events.listSeries(ANONYMOUS, [space.LA!], 10, 0)).items.some((s) => s.id === series.id), true);
  });

  test('an event joins a series of its own space, chosen by the space’s editors only', async () => {
    const la = await events.createSeries(editor, space.LA!, { title: { en: 'Monthly creative-economy meetup' } }, actor);
    const uzEditor: Principal = { userId: users.editor!, isPlatformAdmin: false, roles: new Map([[space.UZ!, 'editor']]) };
    const uz = await events.createSeries(uzEditor, space.UZ!, { title: { en: 'Tashkent meetups' } }, actor);
    await assert.rejects(events.createEvent(editor, space.LA!, input({ seriesId: uz.id }), actor), (e: AppError) => e.options.fields?.some((f) => f.field === 'seriesId' && f.key === 'events.invalid_series') === true);
    await assert.rejects(events.createEvent(editor, space.LA!, input({ seriesId: '00000000-0000-7000-8000-000000000000' }), actor), (e: AppError) => e.code === 'VALIDATION');
    const ev = await events.createEvent(editor, space.LA!, input({ seriesId: la.id }), actor);
    assert.deepEqual(ev.series, { id: la.id, title: la.title });
    assert.deepEqual((await events.listEvents(ANONYMOUS, { seriesId: la.id }, 10, 0)).items.map((e) => e.id), [ev.id]);
    // An organisation's own editor may edit the event, but not move it in or out of a series.
    const accounts = createAccountsService({ db: db(), config: { baseUrl: 'http://localhost:3000' } });
    const dir = createDirectoryService({ db: db(), config: { baseUrl: 'http://localhost:3000' }, accounts });
    const orgEditor = member(users.orgeditor!);
    const org = await dir.createOrganization(orgEditor, space.LA!, { name: { en: 'Film club of Vientiane' }, type: 'civil_society' }, actor);
    const own = await events.createEvent(orgEditor, space.LA!, input({ organizers: [org.id] }), actor);
    assert.equal(own.series, null);
    await assert.rejects(events.updateEvent(orgEditor, own.id, { seriesId: la.id }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'events.series_editors_only');
    await assert.rejects(events.createEvent(orgEditor, space.LA!, input({ organizers: [org.id], seriesId: la.id }), actor), (e: AppError) => e.options.fields?.some((f) => f.key === 'events.series_editors_only') === true);
    const inSeries = await events.updateEvent(editor, own.id, { seriesId: la.id }, actor);
    assert.equal(inSeries.series?.id, la.id);
    assert.equal((await events.updateEvent(orgEditor, own.id, { capacity: 12 }, actor)).series?.id, la.id, 'other changes keep the series');
    await assert.rejects(events.updateEvent(orgEditor, own.id, { seriesId: null }, actor), (e: AppError) => e.code === 'VALIDATION');
  });

  test('followers hear once of each event published in the series, in their language and email schedule', async () => {
    const series = await events.createSeries(editor, space.LA!, { title: { en: 'Lao film nights', lo: 'ຄືນຮູບເງົາລາວ' } }, actor);
    const other = await events.createSeries(editor, space.LA!, { title: { en: 'Craft talks' } }, actor);
    const [fan, laoFan, bystander] = [users.m2!, users.m1!, users.m3!];
    await db().transaction().execute(async (trx) => {
      await follow(trx, actor, fan, { type: 'event_series', id: series.id });
      await follow(trx, actor, laoFan, { type: 'event_series', id: series.id });
      await follow(trx, actor, users.editor!, { type: 'event_series', id: series.id });
      await follow(trx, actor, bystander, { type: 'event_series', id: other.id });
    });
    const published = await events.createEvent(editor, space.LA!, input({ title: { en: 'Short films', lo: 'ຮູບເງົາສັ້ນ' }, seriesId: series.id }), actor);
    assert.equal(await notified(fan, published.id), 1);
    assert.equal(await notified(users.editor!, published.id), 0, 'never the author');
    assert.equal(await notified(bystander, published.id), 0, 'followers of another series are not told');
    const row = await db().selectFrom('notifications').selectAll().where('user_id', '=', fan).where('url', '=', `/events/${published.id}`).executeTakeFirstOrThrow();
    assert.equal(row.category, 'event_series');
    assert.equal(row.email_mode, 'daily', 'a digest unless the follower chose otherwise');
    const lao = await listNotifications(db(), laoFan, 'lo');
    assert.match(lao.find((n) => n.url === `/events/${published.id}`)!.text, /ຄືນຮູບເງົາລາວ.*ຮູບເງົາສັ້ນ/);
    // Edits do not tell them again; a draft tells nobody until it is published.
    await events.updateEvent(editor, published.id, { capacity: 40 }, actor);
    const draft = await events.createEvent(editor, space.LA!, input({ title: { en: 'Documentary evening' }, status: 'draft', seriesId: series.id }), actor);
    assert.equal(await notified(fan, draft.id), 0);
    await events.updateEvent(editor, draft.id, { status: 'published' }, actor);
    await events.updateEvent(editor, draft.id, { status: 'draft' }, actor);
    await events.updateEvent(editor, draft.id, { status: 'published' }, actor);
    assert.equal(await notified(fan, draft.id), 1, 'once, however often it is published');
    // Moved to another series: that series' followers hear of it.
    await events.updateEvent(editor, published.id, { seriesId: other.id }, actor);
    assert.equal(await notified(bystander, published.id), 1);
    assert.equal(await notified(fan, published.id), 1);
    // An event already over is not news.
    const past = await events.createEvent(editor, space.LA!, input({ seriesId: series.id, sessions: [{ start: future(-5, 9), end: future(-5, 11) }] }), actor);
    assert.equal(await notified(fan, past.id), 0);
  });

  test('the series feed holds its events only; deleting a series (administrators) keeps its events', async () => {
    const series = await events.createSeries(editor, space.LA!, { title: { en: 'Heritage walks' } }, actor);
    const inside = await events.createEvent(editor, space.LA!, input({ title: { en: 'Walk one' }, seriesId: series.id }), actor);
    await events.createEvent(editor, space.LA!, input({ title: { en: 'Not a walk' } }), actor);
    const cal = new ICAL.Component(ICAL.parse(await events.feed({ seriesId: series.id }, 'en', 'Heritage walks')));
    assert.deepEqual(cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary')), ['Walk one']);
    await assert.rejects(events.deleteSeries(editor, series.id, actor), (e: AppError) => e.code === 'FORBIDDEN');
    const admin: Principal = { userId: users.editor!, isPlatformAdmin: false, roles: new Map([[space.LA!, 'admin']]) };
    await events.deleteSeries(admin, series.id, actor);
    assert.equal((await events.getEvent(ANONYMOUS, inside.id)).series, null);
    await assert.rejects(events.getSeries(ANONYMOUS, series.id), (e: AppError) => e.code === 'NOT_FOUND');
    const audit = await listAudit(db(), { action: 'event_series.delete', limit: 1, offset: 0 });
    assert.match(JSON.stringify(audit.rows[0]!.before), new RegExp(inside.id));
  });
});
