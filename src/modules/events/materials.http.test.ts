import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { createDirectoryService } from '../directory/directory.service.js';
import { jobHandlers } from '../jobs.js';
import { makePdf } from '../library/demo-files/index.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import type { EventInput } from './events.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'event-materials-password';
let la: { id: string };
let editorP: Principal;
let editor: Client;
let member: Client;
let orgEditor: Client;
let orgEditorP: Principal;
let orgId: string;
let visitor: Client;

async function signedIn(email: string, role: 'member' | 'editor' | null): Promise<{ client: Client; id: string }> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, PASSWORD, actor);
  if (role) await db.transaction().execute((trx) => setRole(trx, actor, null, la.id, id, role));
  const client = new Client(t.app, { 'accept-language': 'en' });
  assert.equal((await client.submit('/login', { email, password: PASSWORD })).statusCode, 303);
  return { client, id };
}

function day(offset: number, hour: number): string {
  return `${new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

async function newEvent(over: Partial<EventInput> = {}, who: Principal = editorP) {
  return t.app.mosaic.events.createEvent(who, la.id, { type: 'training', title: { en: 'Natural dye training' }, status: 'published', venueName: 'Luang Prabang', sessions: [{ start: day(-3, 9), end: day(-3, 16) }], ...over }, actor);
}

/** Posts the upload form of the materials page the way a browser does (multipart, with its CSRF token). */
async function upload(browser: Client, eventId: string, file: { name: string; bytes: Buffer }, fields: Record<string, string>) {
  const page = await browser.get(`/events/${eventId}/materials`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----mosaicMaterialsBoundary';
  const parts = [
    ...Object.entries({ _csrf: token, ...fields }).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return t.app.inject({
    method: 'POST',
    url: `/events/${eventId}/materials/upload`,
    headers: { ...browser.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

async function runJobs(): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; ) total += n = await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker');
  return total;
}

async function audits(action: string) {
  return t.app.mosaic.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
}

before(async () => {
  t = await createTestApp({ LIBRARY_MAX_UPLOAD_MB: '1' });
  la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await signedIn('editor@example.org', 'editor');
  editor = ed.client;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  member = (await signedIn('member@example.org', 'member')).client;
  const oe = await signedIn('weavers@example.org', 'member');
  orgEditor = oe.client;
  orgEditorP = { userId: oe.id, isPlatformAdmin: false, roles: new Map([[la.id, 'member']]) };
  const directory = createDirectoryService({ db: t.app.mosaic.db, config: t.config, accounts: t.app.mosaic.accounts });
  orgId = (await directory.createOrganization(orgEditorP, la.id, { name: { en: 'Weavers of Luang Prabang' }, type: 'civil_society' }, actor)).id;
  visitor = new Client(t.app, { 'accept-language': 'en' });
});
after(async () => t.close());

describe('materials from the library', () => {
  test('an uploaded file becomes a library resource of the event’s space, through the library’s file pipeline', async () => {
    const ev = await newEvent();
    const pdf = await makePdf({ title: 'Handout', lang: 'en', pages: ['Indigo vats and lac dye recipes for weavers.'] });
    const res = await upload(editor, ev.id, { name: 'dye handout.pdf', bytes: pdf }, { title: 'Dye recipes handout', type: 'training' });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(res.headers.location as string, /notice=material_added/);

    const { db, library } = t.app.mosaic;
    const material = await db.selectFrom('event_materials').selectAll().where('event_id', '=', ev.id).executeTakeFirstOrThrow();
    const resource = await library.getResource(editorP, material.resource_id);
    assert.equal(resource.type, 'training');
    assert.equal(resource.access, 'public', 'as the event: published');
    assert.equal(resource.spaceId, la.id);
    assert.equal(resource.title.en?.value, 'Dye recipes handout');
    assert.equal(resource.source, `http://localhost:3000/events/${ev.id}`);
    const versions = await db.selectFrom('resource_file_versions').innerJoin('resource_files', 'resource_files.id', 'resource_file_versions.file_id').selectAll('resource_file_versions').where('resource_files.resource_id', '=', resource.id).execute();
    assert.equal(versions.length, 1);
    assert.equal(versions[0]!.media_type, 'application/pdf', 'sniffed from the bytes');
    assert.equal(versions[0]!.extract_status, 'pending');
    assert.ok(versions[0]!.extract_job_id, 'the library’s extraction job is queued');
    assert.ok((await runJobs()) >= 1);
    assert.equal((await db.selectFrom('resource_file_versions').select('extract_status').where('id', '=', versions[0]!.id).executeTakeFirstOrThrow()).extract_status, 'done');
    assert.match((await visitor.get('/library?q=indigo+vats')).body, /Dye recipes handout/, 'its text is in the library’s search');

    // The event page lists it with format, size and a download link anyone may follow.
    const page = await visitor.get(`/events/${ev.id}`);
    assert.match(page.body, /Dye recipes handout/);
    assert.match(page.body, /\(PDF, [0-9.]+ KB\)/);
    const link = new RegExp(`href="(/library/${resource.id}/files/[0-9a-f-]{36})"`).exec(page.body)![1]!;
    const download = await visitor.get(link);
    assert.equal(download.statusCode, 200);
    assert.equal(download.rawPayload.subarray(0, 5).toString(), '%PDF-');

    for (const action of ['event.material.upload', 'resource.create', 'resource.file.create']) assert.equal((await audits(action)).length >= 1, true, action);
  });

  test('a draft event’s upload is seen by editors only; a refused file stores nothing', async () => {
    const draft = await newEvent({ status: 'draft', title: { en: 'Draft training' } });
    assert.equal((await upload(editor, draft.id, { name: 'report.txt', bytes: Buffer.from('Attendance and outcomes of the training.\n') }, { type: 'report' })).statusCode, 303);
    const { db, library } = t.app.mosaic;
    const material = await db.selectFrom('event_materials').selectAll().where('event_id', '=', draft.id).executeTakeFirstOrThrow();
    const resource = await library.getResource(editorP, material.resource_id);
    assert.equal(resource.access, 'editors');
    assert.equal(resource.type, 'report');
    assert.equal(resource.title.en?.value, 'report', 'the file’s name when no title is given');

    const before = (await db.selectFrom('resources').select('id').execute()).length;
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const refused = await upload(editor, draft.id, { name: 'setup.exe', bytes: exe }, { title: 'Installer', type: 'report' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /program or an installer/);
    assert.match(refused.body, /value="Installer"/, 'the typed title is kept');
    const tooBig = await upload(editor, draft.id, { name: 'big.txt', bytes: Buffer.alloc(1024 * 1024 + 10, 'a') }, { type: 'report' });
    assert.equal(tooBig.statusCode, 413);
    assert.equal((await db.selectFrom('resources').select('id').execute()).length, before, 'no resource was created');
    assert.equal((await upload(editor, draft.id, { name: 'x.txt', bytes: Buffer.from('x') }, { type: 'policy' })).statusCode, 400, 'only training material or a report');
  });

  test('an existing resource is attached by its address and shown only to readers the library allows', async () => {
    const { library } = t.app.mosaic;
    const open = await library.createResource(editorP, la.id, { type: 'report', title: { en: 'Natural dyes of Laos' } }, actor);
    const closed = await library.createResource(editorP, la.id, { type: 'report', title: { en: 'Trainers’ internal notes' }, access: 'members' }, actor);
    const ev = await newEvent({ title: { en: 'Dye workshop two' } });
    const page = await editor.get(`/events/${ev.id}/materials`);
    assert.equal(page.statusCode, 200);
    for (const ref of [`http://localhost:3000/en/library/${open.id}?tab=files`, closed.id.toUpperCase()]) {
      const res = await editor.post(`/events/${ev.id}/materials`, { _csrf: csrfFrom(page.body), resource: ref });
      assert.equal(res.statusCode, 303, ref);
    }
    const again = await editor.post(`/events/${ev.id}/materials`, { _csrf: csrfFrom(page.body), resource: open.id });
    assert.equal(again.statusCode, 303, 'attaching twice changes nothing');
    const unknown = await editor.post(`/events/${ev.id}/materials`, { _csrf: csrfFrom(page.body), resource: 'https://example.org/library/nothing' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No resource you may see has this identifier or address/);

    const seen = async (client: Client) => (await client.get(`/events/${ev.id}`)).body;
    assert.match(await seen(visitor), /Natural dyes of Laos/);
    assert.doesNotMatch(await seen(visitor), /internal notes/, 'a members-only resource is not listed to visitors');
    assert.match(await seen(member), /Trainers’ internal notes/);
    const materials = await t.app.mosaic.events.materialsOf(editorP, ev.id);
    assert.deepEqual(materials.map((m) => m.resource.id), [open.id, closed.id], 'in the order attached');

    // Removing takes it off the event; the resource stays in the library.
    const removed = await editor.post(`/events/${ev.id}/materials/${materials[1]!.id}/delete`, { _csrf: csrfFrom(page.body) });
    assert.equal(removed.statusCode, 303);
    assert.doesNotMatch(await seen(member), /internal notes/);
    assert.equal((await library.getResource(editorP, closed.id)).id, closed.id);
    assert.equal((await audits('event.material.add')).length, 2);
    assert.equal((await audits('event.material.remove')).length, 1);
  });

  test('an organisation’s editor attaches resources to its event but may not create library resources; others may do neither', async () => {
    const { library } = t.app.mosaic;
    const open = await library.createResource(editorP, la.id, { type: 'toolkit', title: { en: 'Weaving toolkit' } }, actor);
    const ev = await newEvent({ title: { en: 'Weavers’ open day' }, organizers: [orgId] }, orgEditorP);
    const page = await orgEditor.get(`/events/${ev.id}/materials`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /multipart\/form-data/, 'no upload form');
    assert.equal((await orgEditor.post(`/events/${ev.id}/materials`, { _csrf: csrfFrom(page.body), resource: open.id })).statusCode, 303);
    assert.equal((await upload(orgEditor, ev.id, { name: 'notes.txt', bytes: Buffer.from('Notes.\n') }, { type: 'report' })).statusCode, 403);
    assert.equal((await member.get(`/events/${ev.id}/materials`)).statusCode, 403);
    const memberPage = await member.get('/events/mine');
    assert.equal((await member.post(`/events/${ev.id}/materials`, { _csrf: csrfFrom(memberPage.body), resource: open.id })).statusCode, 403);
    assert.equal((await t.app.mosaic.db.selectFrom('event_materials').select('id').where('event_id', '=', ev.id).execute()).length, 1);
    assert.equal((await visitor.get(`/events/${ev.id}/materials`)).statusCode, 303, 'sign in first');
  });
});
