import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import sharp from 'sharp';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import type { EventInput } from './events.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let la: { id: string };
let editorP: Principal;
let editor: Client;
let member: Client;
let member2: Client;
let visitor: Client;
const tokens: Record<string, string> = {};

async function userWithRole(email: string, role: 'member' | 'editor' | null, name: string): Promise<{ client: Client; id: string }> {
  const accounts = t.app.mosaic.accounts;
  const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: name, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, 'events-test-password', actor);
  if (role) await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, la.id, id, role));
  const client = new Client(t.app);
  const res = await client.submit('/login', { email, password: 'events-test-password' });
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  tokens[email] = (await accounts.createApiToken((await accounts.findById(id))!, 'test', actor)).token;
  return { client, id };
}

function future(days: number, hour = 9): string {
  const d = new Date(Date.now() + days * 86400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

async function createEvent(over: Partial<EventInput> = {}) {
  return t.app.mosaic.events.createEvent(
    editorP,
    la.id,
    { type: 'festival', title: { en: 'That Luang festival crafts', lo: 'ງານບຸນທາດຫຼວງ' }, status: 'published', venueName: 'That Luang square', regionCode: 'LA-VT', capacity: 1, sessions: [{ start: future(8, 9), end: future(8, 17) }], ...over },
    actor,
  );
}

function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string | null, payload?: unknown) {
  return t.app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  t = await createTestApp();
  la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await userWithRole('editor@example.org', 'editor', 'Editor');
  editor = ed.client;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  member = (await userWithRole('member@example.org', 'member', 'Member One')).client;
  member2 = (await userWithRole('member2@example.org', 'member', 'Member Two')).client;
  visitor = new Client(t.app);
});
after(async () => t.close());

describe('pages', () => {
  test('the list shows upcoming events, announces the space feed, and filters; the calendar is a table', async () => {
    const ev = await createEvent();
    await createEvent({ title: { en: 'Secret draft <b>' }, status: 'draft' });
    const res = await visitor.get('/events?space=LA');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /That Luang festival crafts/);
    assert.doesNotMatch(res.body, /Secret draft/);
    assert.match(res.body, /<link rel="alternate" type="text\/calendar" href="\/en\/events\.ics\?space=LA"/, 'the feed in the page’s language');
    assert.match((await visitor.get('/lo/events?space=LA')).body, /<link rel="alternate" type="text\/calendar" href="\/lo\/events\.ics\?space=LA"/, 'the feed of the page’s language');
    const page = (await visitor.get(`/uz-cyrl/events/${ev.id}`)).body;
    assert.match(page, new RegExp(`<link rel="alternate" type="text/calendar" href="/uz-cyrl/events\\.ics\\?event=${ev.id}"`), 'the event’s own calendar');
    assert.match(page, /<link rel="alternate" type="text\/calendar" href="\/uz-cyrl\/events\.ics\?space=LA"/);
    assert.match(res.body, /Asia\/Vientiane/, 'times name the zone');
    assert.doesNotMatch((await visitor.get('/events?space=LA&type=screening')).body, /That Luang festival crafts/);
    const month = new Date(Date.now() + 8 * 86400_000).toISOString().slice(0, 7);
    const cal = await visitor.get(`/events?space=LA&view=calendar&month=${month}`);
    assert.equal(cal.statusCode, 200);
    assert.match(cal.body, /<table class="calendar">/);
    assert.match(cal.body, new RegExp(`/events/${ev.id}`));
    // Nonsense filters are ignored, never a 500.
    for (const q of ['month=2026-13', 'month=x', 'type=<script>', 'region=ZZ', 'page=-4', 'view=nope']) assert.equal((await visitor.get(`/events?space=LA&${q}`)).statusCode, 200, q);
    assert.equal((await visitor.get('/events?space=XX')).statusCode, 404);
  });

  test('the event page has schema.org/Event JSON-LD, escapes text, and drafts are 404 for visitors', async () => {
    const ev = await createEvent({ title: { en: 'Khaen </script><script>alert(1)</script>' }, description: { en: '<img src=x onerror=alert(1)>' } });
    const res = await visitor.get(`/events/${ev.id}`);
    assert.equal(res.statusCode, 200);
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.body)![1]!;
    const data = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(data['@type'], 'Event');
    assert.equal(data.startDate, ev.startsAt);
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.doesNotMatch(res.body, /<script>alert/);
    const draft = await createEvent({ status: 'draft' });
    assert.equal((await visitor.get(`/events/${draft.id}`)).statusCode, 404);
    assert.equal((await editor.get(`/events/${draft.id}`)).statusCode, 200);
    assert.equal((await visitor.get('/events/not-an-id')).statusCode, 404);
  });

  test('an editor creates an event with the form; a rejected form keeps the typed values with localised errors', async () => {
    const page = await editor.get('/lo/events/new?space=LA');
    assert.equal(page.statusCode, 200);
    const bad = await editor.post('/lo/events/new?space=LA', { _csrf: csrfFrom(page.body), type: 'workshop', 'title.en': 'Silk <weaving>', timeZone: 'Asia/Vientiane', 'sessions.0.start': future(4, 14), 'sessions.0.end': future(4, 10), venueName: 'Ban Phanom', capacity: 'many' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Silk &lt;weaving/);
    assert.match(bad.body, /ເວລາສິ້ນສຸດຕ້ອງຫຼັງເວລາເລີ່ມ/);
    const ok = await editor.post('/events/new?space=LA', { _csrf: csrfFrom(page.body), type: 'workshop', 'title.en': 'Silk weaving', timeZone: 'Asia/Vientiane', 'sessions.0.start': future(4, 9), 'sessions.0.end': future(4, 12), venueName: 'Ban Phanom', capacity: '10', registrationOpen: 'on', status: 'published', 'questions.0.label': 'T-shirt size', 'questions.0.kind': 'choice', 'questions.0.options': 'S\nM\nL' });
    assert.equal(ok.statusCode, 303);
    const id = /\/events\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1]!;
    const ev = await t.app.mosaic.events.getEvent(editorP, id);
    assert.equal(ev.sessions[0]!.startsAt, new Date(`${future(4, 9)}:00+07:00`).toISOString());
    // The edit form round-trips the times in the event's zone.
    const edit = await editor.get(`/events/${id}/edit`);
    assert.match(edit.body, new RegExp(`value="${future(4, 9)}"`));
    // Members without an organisation may not.
    assert.equal((await member.get('/events/new?space=LA')).statusCode, 403);
  });

  test('a form without its CSRF token is refused', async () => {
    const ev = await createEvent();
    const res = await member.post(`/events/${ev.id}/register`, { name: 'x' });
    assert.equal(res.statusCode, 403);
  });

  test('register → waitlist → cancel → promotion; double registration is refused politely; QR code shown', async () => {
    const ev = await createEvent({ questions: [{ id: 'photo', label: 'Photos OK?', kind: 'yesno', required: true }] });
    const bad = await member.submit(`/events/${ev.id}`, { name: 'Member One' }, `/events/${ev.id}/register`);
    assert.equal(bad.statusCode, 400);
    const r1 = await member.submit(`/events/${ev.id}`, { name: 'Member One', 'answers.photo': 'yes' }, `/events/${ev.id}/register`);
    assert.equal(r1.statusCode, 303);
    assert.match(r1.headers.location as string, /notice=registered/);
    const page = await member.get(`/events/${ev.id}`);
    assert.match(page.body, /<svg[^>]*>/, 'QR code as inline SVG');
    const again = await member.post(`/events/${ev.id}/register`, { _csrf: csrfFrom(page.body), name: 'Member One', 'answers.photo': 'yes' });
    assert.match(again.headers.location as string, /notice=already/);
    const r2 = await member2.submit(`/events/${ev.id}`, { name: 'Member Two', 'answers.photo': 'no' }, `/events/${ev.id}/register`);
    assert.match(r2.headers.location as string, /notice=waitlisted/);
    const reg = /name="registration" value="([^"]+)"/.exec(page.body)![1]!;
    const cancel = await member.post(`/events/${ev.id}/cancel`, { _csrf: csrfFrom(page.body), registration: reg });
    assert.equal(cancel.statusCode, 303);
    assert.match((await member2.get(`/events/${ev.id}`)).body, /<svg/);
    // The cancel link of the email works without signing in.
    const mail = await t.app.mosaic.db.selectFrom('outbox').selectAll().where('to_address', '=', 'member2@example.org').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const link = /\/events\/cancel\/[A-Za-z0-9_-]+/.exec(mail.text_body)![0];
    const anon = new Client(t.app);
    const confirm = await anon.get(link);
    assert.equal(confirm.statusCode, 200);
    assert.equal((await anon.post(link, { _csrf: csrfFrom(confirm.body) })).statusCode, 303);
    assert.equal((await t.app.mosaic.events.getEvent(editorP, ev.id)).confirmedCount, 0);
    assert.equal((await anon.get('/events/cancel/not-a-real-token-000000000')).statusCode, 404);
  });

  test('check-in by code per session, walk-ins, attendance list and exports (formula injection neutralised)', async () => {
    const ev = await createEvent({ capacity: 5 });
    const { code } = await t.app.mosaic.events.register({ userId: (await t.app.mosaic.accounts.findByEmail('member@example.org'))!.id, isPlatformAdmin: false, roles: new Map([[la.id, 'member']]) }, ev.id, { name: '=HYPERLINK("http://evil")', locale: 'en' }, actor);
    const page = await editor.get(`/events/${ev.id}/checkin`);
    assert.equal(page.statusCode, 200);
    const session = ev.sessions[0]!.id;
    const first = await editor.post(`/events/${ev.id}/checkin`, { _csrf: csrfFrom(page.body), sessionId: session, code: code.toLowerCase() });
    assert.equal(first.statusCode, 303);
    assert.match((await editor.get(`/en${first.headers.location as string}`)).body, /notice good/);
    const second = await editor.post(`/events/${ev.id}/checkin`, { _csrf: csrfFrom(page.body), sessionId: session, code });
    const shown = await editor.get(`/en${second.headers.location as string}`);
    assert.match(shown.body, /already checked in at \d\d:\d\d/);
    const unknown = await editor.post(`/events/${ev.id}/checkin`, { _csrf: csrfFrom(page.body), sessionId: session, code: 'ZZZZZZ' });
    assert.equal(unknown.statusCode, 400);
    const walk = await editor.post(`/events/${ev.id}/walkin`, { _csrf: csrfFrom(page.body), sessionId: session, name: 'Door guest', phone: '+856 20 1234 5678' });
    assert.equal(walk.statusCode, 303);
    assert.equal((await member.get(`/events/${ev.id}/checkin`)).statusCode, 403);
    assert.equal((await member.get(`/events/${ev.id}/attendance.csv`)).statusCode, 403);
    const list = await editor.get(`/events/${ev.id}/attendance`);
    assert.match(list.body, /Door guest/);
    const csv = await editor.get(`/events/${ev.id}/attendance.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /'=HYPERLINK/);
    const xlsx = await editor.get(`/events/${ev.id}/attendance.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });
});

describe('bad input', () => {
  test('odd forms, ids and queries are answered without a server error', async () => {
    const ev = await createEvent();
    const page = await editor.get(`/events/${ev.id}/edit`);
    const csrf = csrfFrom(page.body);
    const forms: [string, Record<string, string>][] = [
      [`/events/${ev.id}/edit`, { 'sessions.59.start': 'yesterday', 'sessions.5000.start': 'x', 'title.xx': 'y', 'questions.0.label': 'Q', 'questions.0.kind': 'choice', 'resources.0.url': 'javascript:alert(1)', capacity: '1e9', timeZone: '../../etc' }],
      [`/events/${ev.id}/register`, { 'answers.nope': 'x', phone: 'call me' }],
      [`/events/${ev.id}/cancel`, { registration: 'not-an-id' }],
      [`/events/${ev.id}/cancel`, { registration: '01900000-0000-7000-8000-000000000000' }],
      [`/events/${ev.id}/checkin`, { sessionId: 'x', code: '<script>' }],
      [`/events/${ev.id}/walkin`, { name: '', email: 'not-an-email', sessionId: '01900000-0000-7000-8000-000000000000' }],
      ['/events/01900000-0000-7000-8000-000000000000/register', {}],
      ['/events/new?space=LA', { type: 'workshop' }],
      ['/events/new?space=QQ', { type: 'workshop' }],
    ];
    for (const [url, form] of forms) {
      const res = await editor.post(url, { ...form, _csrf: csrf });
      assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`);
    }
    for (const url of ['/events/01900000-0000-7000-8000-000000000000', '/events/x/attendance', '/events/x/attendance.csv', '/events/01900000-0000-7000-8000-000000000000/checkin', '/events.ics?organization=x', '/events.ics?event=01900000-0000-7000-8000-000000000000', '/events/feed/x.ics', '/events/cancel/%00']) {
      const res = await editor.get(url);
      assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`);
    }
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${tokens['editor@example.org']}` }, payload: { space: 'LA', capacity: 1.5, sessions: 'x' } });
    assert.equal(api.statusCode, 400);
  });
});

describe('image', () => {
  test('an organiser uploads an image; it is served as WebP and shown on the event page; a non-image is refused', async () => {
    const ev = await createEvent();
    const post = async (bytes: Buffer, name: string, type: string) => {
      const page = await editor.get(`/events/${ev.id}/edit`);
      const boundary = '----mosaicEventImage';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfFrom(page.body)}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({ method: 'POST', url: `/events/${ev.id}/image`, headers: { cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    };
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 20, g: 60, b: 160 } } }).png().toBuffer();
    assert.equal((await post(png, 'poster.png', 'image/png')).statusCode, 303);
    const sha = (await t.app.mosaic.events.getEvent(editorP, ev.id)).imageSha256!;
    assert.match((await visitor.get(`/events/${ev.id}`)).body, new RegExp(`/media/${sha}.webp`));
    const media = await t.app.inject({ method: 'GET', url: `/media/${sha}.webp` });
    assert.equal(media.headers['content-type'], 'image/webp');
    assert.equal((await post(Buffer.from('not an image'), 'x.png', 'image/png')).statusCode, 400);
  });
});

describe('feeds', () => {
  test('space, organisation, event and personal feeds parse with ical.js; the personal feed has a secret address', async () => {
    const ev = await createEvent({ title: { en: 'Feed, with; punctuation' } });
    for (const url of ['/events.ics?space=LA', '/events.ics', `/events.ics?event=${ev.id}`]) {
      const res = await visitor.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/calendar/);
      const cal = new ICAL.Component(ICAL.parse(res.body));
      assert.ok(cal.getAllSubcomponents('vevent').length >= 1, url);
    }
    await member.submit(`/events/${ev.id}`, { name: 'Member One' }, `/events/${ev.id}/register`);
    const mine = await member.get('/events/mine');
    const created = await member.post('/events/mine/feed', { _csrf: csrfFrom(mine.body) });
    const token = /feed=([A-Za-z0-9_-]+)/.exec(created.headers.location as string)![1]!;
    // The address shown is in the language of the page, for a calendar application without cookies.
    assert.ok((await member.get(`/lo/events/mine?feed=${token}`)).body.includes(`<p class="token">http://localhost:3000/lo/events/feed/${token}.ics</p>`));
    const feed = await visitor.get(`/events/feed/${token}.ics`);
    assert.equal(feed.statusCode, 200);
    const uids = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    assert.ok(uids.includes(`${ev.sessions[0]!.id}@localhost`));
    const stored = await t.app.mosaic.db.selectFrom('calendar_tokens').selectAll().execute();
    assert.ok(stored.every((s) => s.token_hash !== token), 'stored hashed');
    // Regenerating ends the old address.
    const again = await member.post('/events/mine/feed', { _csrf: csrfFrom(mine.body) });
    assert.equal((await visitor.get(`/events/feed/${token}.ics`)).statusCode, 404);
    assert.notEqual(/feed=([A-Za-z0-9_-]+)/.exec(again.headers.location as string)![1], token);
    assert.equal((await visitor.get('/events/feed/nonsense.ics')).statusCode, 404);
  });
});

describe('API', () => {
  test('list, create, read, change, delete, registrations — with permissions', async () => {
    const created = await api('POST', '/api/v1/events', 'editor@example.org', { space: 'la', type: 'screening', title: { en: 'Short films' }, status: 'published', venueName: 'Cinema', capacity: 1, sessions: [{ start: future(12, 18), end: future(12, 20) }] });
    assert.equal(created.statusCode, 201, created.body);
    const ev = created.json() as { id: string; space: string; timeZone: string };
    assert.equal(ev.space, 'LA');
    assert.equal(ev.timeZone, 'Asia/Vientiane');
    assert.equal((await api('POST', '/api/v1/events', 'member@example.org', { space: 'LA', type: 'screening', title: { en: 'x' }, venueName: 'y', sessions: [{ start: future(1), end: future(1, 11) }] })).statusCode, 403);
    assert.equal((await api('POST', '/api/v1/events', null, { space: 'LA' })).statusCode, 401);
    const bad = await api('POST', '/api/v1/events', 'editor@example.org', { space: 'LA', type: 'rave', title: {}, sessions: [] });
    assert.equal(bad.statusCode, 400);
    assert.ok((bad.json() as { errors: unknown[] }).errors.length >= 3);
    const listed = await api('GET', '/api/v1/events?space=LA&type=screening', null);
    assert.ok((listed.json() as { items: { id: string }[] }).items.some((i) => i.id === ev.id));
    assert.equal((await api('GET', '/api/v1/events?month=2026-13', null)).statusCode, 400);
    assert.equal((await api('PATCH', `/api/v1/events/${ev.id}`, 'editor@example.org', { capacity: 2 })).statusCode, 200);
    assert.equal((await api('PATCH', `/api/v1/events/${ev.id}`, 'member@example.org', { capacity: 9 })).statusCode, 403);
    const reg = await api('POST', `/api/v1/events/${ev.id}/registrations`, 'member@example.org', {});
    assert.equal(reg.statusCode, 201);
    assert.equal((reg.json() as { status: string }).status, 'confirmed');
    assert.equal((await api('POST', `/api/v1/events/${ev.id}/registrations`, 'member@example.org', {})).statusCode, 409);
    assert.equal((await api('GET', `/api/v1/events/${ev.id}/registrations`, 'member@example.org')).statusCode, 403);
    const regs = await api('GET', `/api/v1/events/${ev.id}/registrations`, 'editor@example.org');
    assert.equal((regs.json() as { items: unknown[] }).items.length, 1);
    assert.equal((await api('DELETE', `/api/v1/events/${ev.id}`, 'editor@example.org')).statusCode, 403, 'deleting needs a space admin');
    const spec = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.ok((spec.json() as { paths: Record<string, unknown> }).paths['/api/v1/events/{id}/registrations']);
  });
});

describe('series', () => {
  test('editors create a series by form; its page lists upcoming and past events, announces its feed and offers Follow', async () => {
    const page = await editor.get('/events/series/new?space=LA');
    assert.equal(page.statusCode, 200);
    const bad = await editor.post('/events/series/new?space=LA', { _csrf: csrfFrom(page.body), 'title.en': '', 'description.en': 'Kept <text>' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Kept &lt;text>/);
    const ok = await editor.post('/events/series/new?space=LA', { _csrf: csrfFrom(page.body), 'title.en': 'Vientiane Film Week', 'title.lo': 'ອາທິດຮູບເງົາວຽງຈັນ', 'description.en': 'Films every November.' });
    assert.equal(ok.statusCode, 303);
    const url = (ok.headers.location as string).split('?')[0]!;
    const id = /\/events\/series\/([0-9a-f-]{36})$/.exec(url)![1]!;
    assert.equal((await member.get('/events/series/new?space=LA')).statusCode, 403);
    assert.equal((await member.post('/events/series/new?space=LA', { _csrf: csrfFrom(page.body), 'title.en': 'x' })).statusCode, 403);

    // The event form offers the space's series to editors; the event page links back to it.
    const form = await editor.get(`/events/new?space=LA&series=${id}`);
    assert.match(form.body, new RegExp(`<option value="${id}" selected`));
    const created = await editor.post('/events/new?space=LA', { _csrf: csrfFrom(form.body), type: 'screening', 'title.en': 'Opening night', timeZone: 'Asia/Vientiane', 'sessions.0.start': future(6, 19), 'sessions.0.end': future(6, 21), venueName: 'Cinema', status: 'published', seriesId: id });
    assert.equal(created.statusCode, 303);
    const eventId = /\/events\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    assert.match((await visitor.get(`/events/${eventId}`)).body, new RegExp(`href="/events/series/${id}"`));
    await createEvent({ title: { en: 'Last year’s closing night' }, seriesId: id, sessions: [{ start: future(-300, 19), end: future(-300, 21) }] });

    // In English whatever language an earlier test left the visitor in.
    const res = await visitor.get(`/en${url}`);
    assert.equal(res.statusCode, 200);
    const head = /<head>([\s\S]*?)<\/head>/.exec(res.body)![1]!;
    assert.match(head, new RegExp(`<link rel="alternate" type="text/calendar" href="/en/events\\.ics\\?series=${id}" title="Vientiane Film Week"/>`));
    const [upcoming, past] = res.body.split('<h2>Past events</h2>');
    assert.match(upcoming!, /Opening night/);
    assert.match(past!, /closing night/);
    assert.match(res.body, /Sign in to follow|\/login\?next=/);
    assert.match((await new Client(t.app).get(`/lo/events/series/${id}`)).body, /ອາທິດຮູບເງົາວຽງຈັນ/);
    assert.equal((await visitor.get('/events/series/not-an-id')).statusCode, 404);
    assert.equal((await visitor.get('/events/series/00000000-0000-7000-8000-000000000000')).statusCode, 404);
    assert.match((await visitor.get('/events/series?space=LA')).body, new RegExp(`/events/series/${id}`));

    // Follow from the page; the button then offers to stop.
    const signedIn = await member.get(url);
    assert.match(signedIn.body, /name="target_type" value="event_series"/);
    const followed = await member.post('/follows', { _csrf: csrfFrom(signedIn.body), target_type: 'event_series', target_id: id, op: 'follow', next: `/events/series/${id}` });
    assert.equal(followed.statusCode, 303);
    assert.match((await member.get(url)).body, /aria-pressed="true"/);
    assert.match((await member.get('/en/follows')).body, /Vientiane Film Week/);

    // The feed holds the series' events only.
    const feed = await visitor.get(`/events.ics?series=${id}`);
    assert.equal(feed.statusCode, 200);
    assert.match(feed.headers['content-type'] as string, /text\/calendar/);
    const summaries = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'));
    assert.deepEqual(summaries, ['Opening night']);
    assert.equal((await visitor.get('/events.ics?series=nope')).statusCode, 404);

    // Editing keeps what was written in other languages.
    const edit = await editor.get(`/events/series/${id}/edit`);
    assert.match(edit.body, /value="ອາທິດຮູບເງົາວຽງຈັນ"/);
    assert.equal((await member.get(`/events/series/${id}/edit`)).statusCode, 403);
  });

  test('API: the series of a space, and one series with its upcoming and past events', async () => {
    const series = await t.app.mosaic.events.createSeries(editorP, la.id, { title: { en: 'Monthly creative-economy meetup' } }, actor);
    const ev = await createEvent({ title: { en: 'March meetup' }, seriesId: series.id });
    const list = await api('GET', '/api/v1/event-series?space=LA', null);
    assert.equal(list.statusCode, 200);
    const item = (list.json() as { items: { id: string; space: string; calendar: string }[] }).items.find((s) => s.id === series.id)!;
    assert.equal(item.space, 'LA');
    assert.equal(item.calendar, `http://localhost:3000/events.ics?series=${series.id}`);
    const one = await api('GET', `/api/v1/event-series/${series.id}`, null);
    assert.equal(one.statusCode, 200);
    const body = one.json() as { title: Record<string, { value: string }>; upcoming: { id: string; url: string }[]; past: unknown[] };
    assert.equal(body.title.en!.value, 'Monthly creative-economy meetup');
    assert.deepEqual(body.upcoming.map((e) => e.id), [ev.id]);
    assert.deepEqual(body.past, []);
    assert.equal((await api('GET', '/api/v1/event-series/00000000-0000-7000-8000-000000000000', null)).statusCode, 404);
    assert.equal((await api('GET', '/api/v1/event-series/nope', null)).statusCode, 400);
    assert.equal((await api('GET', '/api/v1/event-series?space=ZZ', null)).statusCode, 400);
    const filtered = await api('GET', `/api/v1/events?series=${series.id}`, null);
    assert.deepEqual((filtered.json() as { items: { id: string; series: { id: string } }[] }).items.map((e) => [e.id, e.series.id]), [[ev.id, series.id]]);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/api/v1/event-series'] && spec.paths['/api/v1/event-series/{id}']);
  });
});
