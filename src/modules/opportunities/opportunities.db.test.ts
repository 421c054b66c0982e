import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { enqueueRecurring, runDueJobs } from '../../platform/jobs/jobs.js';
import { jobHandlers, RECURRING_JOBS } from '../jobs.js';
import { follow, listNotifications } from '../notifications/notifications.service.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { createOpportunity, getOpportunity, listOpportunities, localToInstant, OPPORTUNITIES_JOB, runDeadlines, updateOpportunity } from './opportunities.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
let la: { id: string; code: string };
let editorP: Principal;
const users: Record<string, string> = {};

async function account(name: string, locale: string): Promise<string> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${name}@example.org`, displayName: name, locale }, actor));
  users[name] = id;
  return id;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const local = (d: Date) => d.toISOString().slice(0, 16);

before(async () => {
  t = await createTestApp();
  const space = await getSpace(t.app.mosaic.db, 'LA');
  la = { id: space.id, code: space.code };
  const editor = await account('editor', 'en');
  await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, la.id, editor, 'editor'));
  editorP = { userId: editor, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  await account('kham', 'lo');
  await account('anna', 'en');
});
after(async () => t.close());

test('a local deadline in a time zone becomes the right UTC instant; bad input is refused', async () => {
  assert.equal(localToInstant('2026-06-30T17:00', 'Asia/Vientiane')!.toISOString(), '2026-06-30T10:00:00.000Z');
  assert.equal(localToInstant('2026-06-30T17:00', 'Asia/Tashkent')!.toISOString(), '2026-06-30T12:00:00.000Z');
  assert.equal(localToInstant('2026-06-30', 'Africa/Kigali')!.toISOString(), '2026-06-30T21:59:00.000Z');
  assert.equal(localToInstant('2026-03-29T12:00', 'Europe/Paris')!.toISOString(), '2026-03-29T10:00:00.000Z', 'after the DST change');
  assert.equal(localToInstant('2026-02-30T10:00', 'UTC'), null);
  assert.equal(localToInstant('2026-06-30T17:00', 'Mars/Olympus'), null);
  await assert.rejects(
    createOpportunity(t.app.mosaic.db, editorP, la, { kind: 'prize', title: { en: 'X' }, deadline: 'soon', timeZone: 'Nowhere/City', domains: ['Z'] }, actor),
    (err: { code: string; options: { fields: { field: string }[] } }) => err.code === 'VALIDATION' && ['kind', 'timeZone', 'domains', 'applyUrl'].every((f) => err.options.fields.some((e) => e.field === f)),
  );
});

test('an opportunity closes after its deadline: at once in listings, and marked closed by the job', async () => {
  const { db } = t.app.mosaic;
  const o = await createOpportunity(db, editorP, la, { kind: 'grant', title: { en: 'Craft grant' }, domains: ['C'], regions: ['LA-LP'], deadline: local(inDays(10)), timeZone: 'UTC', applyUrl: 'grants.example.org/apply' }, actor);
  assert.equal(o.applyUrl, 'https://grants.example.org/apply');
  assert.equal(o.deadlineAt, inDays(10).toISOString().slice(0, 16) + ':00.000Z');
  const open = await listOpportunities(db, [la.id], { kinds: [], domains: [], regions: [], state: 'open' }, { limit: 10, offset: 0 });
  assert.deepEqual(open.items.map((i) => i.id), [o.id]);
  assert.equal(open.facets.domain.get('C'), 1);
  // Eleven days later the listing calls it closed; the job then marks it so, once.
  const later = inDays(11);
  assert.deepEqual(await runDeadlines(db, later), { closed: 1, reminded: 0 });
  assert.deepEqual(await runDeadlines(db, later), { closed: 0, reminded: 0 });
  const row = await getOpportunity(db, editorP, o.id);
  assert.equal(row.status, 'closed');
  const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', o.id).execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ['opportunity.close', 'opportunity.create']);
  // A later deadline reopens it.
  const moved = await updateOpportunity(db, editorP, o.id, { deadline: local(inDays(20)) }, actor);
  assert.equal(moved.state, 'open');
  const past = await createOpportunity(db, editorP, la, { kind: 'job', title: { en: 'Past job' }, deadline: '2020-01-01T00:00', timeZone: 'UTC', applyContact: 'hr@example.org' }, actor);
  const closedList = await listOpportunities(db, [la.id], { kinds: [], domains: [], regions: [], state: 'closed' }, { limit: 10, offset: 0 });
  assert.deepEqual(closedList.items.map((i) => i.id), [past.id], 'closed by its deadline before any job ran');
  assert.equal(closedList.facets.state.get('open'), 1);
});

test('followers are reminded before the deadline, once, in their language; the hourly job runs and requeues itself', async () => {
  const { db } = t.app.mosaic;
  const o = await createOpportunity(db, editorP, la, { kind: 'residency', title: { en: 'Artist residency', lo: 'ໂຄງການພຳນັກສິລະປິນ' }, deadline: local(inDays(2)), timeZone: 'Asia/Vientiane', applyContact: 'office@example.org' }, actor);
  await db.transaction().execute(async (trx) => {
    await follow(trx, actor, users.kham!, { type: 'opportunity', id: o.id });
    await follow(trx, actor, users.anna!, { type: 'opportunity', id: o.id });
  });
  await db.deleteFrom('jobs').execute();
  for (const job of RECURRING_JOBS) await enqueueRecurring(db, job);
  const ran = await runDueJobs(db, jobHandlers(t.app.mosaic), 'test-worker', { now: new Date(Date.now() + 1000) });
  assert.ok(ran >= 1);
  const [lao] = await listNotifications(db, users.kham!, 'lo');
  assert.match(lao!.text, /^ອີກ 2 ມື້ຈະໝົດເວລາ: ໂຄງການພຳນັກສິລະປິນ — \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Vientiane\)$/);
  const [en] = await listNotifications(db, users.anna!, 'en');
  assert.match(en!.text, /^Deadline in 2 days: Artist residency/);
  assert.deepEqual(await runDeadlines(db), { closed: 0, reminded: 0 }, 'only once');
  const done = await db.selectFrom('jobs').select('status').where('type', '=', OPPORTUNITIES_JOB).execute();
  assert.deepEqual(done.map((j) => j.status), ['done'], 'the hourly run ran once');
  // Deadline reminders default to immediate email: the email job is queued too.
  assert.ok(await db.selectFrom('jobs').select('id').where('type', '=', 'notifications.email').where('status', '=', 'queued').executeTakeFirst());
});

test('listing filters: type, domain, region; counts within the other filters', async () => {
  const { db } = t.app.mosaic;
  await createOpportunity(db, editorP, la, { kind: 'call', title: { en: 'Film call' }, domains: ['D'], regions: ['LA-VT'], deadline: local(inDays(30)), timeZone: 'UTC', applyUrl: 'https://film.example.org' }, actor);
  await createOpportunity(db, editorP, la, { kind: 'call', title: { en: 'Music call' }, domains: ['B'], regions: ['LA-VT', 'LA-LP'], deadline: local(inDays(40)), timeZone: 'UTC', applyUrl: 'https://music.example.org' }, actor);
  const calls = await listOpportunities(db, [la.id], { kinds: ['call'], domains: [], regions: ['LA-VT'], state: 'open' }, { limit: 10, offset: 0 });
  assert.deepEqual(calls.items.map((i) => textOf(i.title)), ['Film call', 'Music call'], 'soonest deadline first');
  assert.equal(calls.facets.kind.get('grant') ?? 0, 0, 'the grant is in LA-LP only');
  assert.equal(calls.facets.region.get('LA-LP'), 1);
  const music = await listOpportunities(db, [la.id], { kinds: [], domains: ['B'], regions: [], state: 'open' }, { limit: 10, offset: 0 });
  assert.deepEqual(music.items.map((i) => textOf(i.title)), ['Music call']);
});

function textOf(t: Record<string, { value: string } | undefined>): string {
  return t.en!.value;
}
