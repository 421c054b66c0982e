import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../../test/helpers/app.js';
import { csvText, goodAndBadCsv } from '../../../../test/fixtures/import/fixtures.js';
import { enqueueRecurring, runDueJobs } from '../../../platform/jobs/jobs.js';
import { nowIso } from '../../../platform/ids.js';
import { jobHandlers, RECURRING_JOBS } from '../../jobs.js';
import { getSpace, setRole } from '../../spaces/spaces.service.js';
import { IMPORT_CLEANUP_JOB } from './uploads.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'import-editor-password';

/** A signed-in browser of a user with `role` in Lao PDR (or none). */
async function signedIn(email: string, role: 'member' | 'editor' | null, lang = 'en'): Promise<Client> {
  const { accounts, db } = t.app.mosaic;
  const la = await getSpace(db, 'LA');
  await db.transaction().execute(async (trx) => {
    const { id } = await accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: lang }, actor);
    if (role) await setRole(trx, actor, null, la.id, id, role);
  });
  await accounts.setPasswordByEmail(email, PASSWORD, actor);
  const browser = new Client(t.app, { 'accept-language': lang });
  const login = await browser.submit('/login', { email, password: PASSWORD, next: '/' });
  assert.equal(login.statusCode, 303, login.body);
  return browser;
}

/** Posts a multipart form the way a browser does. */
async function postMultipart(browser: Client, url: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string } | null) {
  const boundary = '----mosaicTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { ...browser.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
  return res;
}

/** The value of a form field on a page. */
function fieldValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `no field ${name}`);
  return m[1]!;
}

/** The fields of the first POST form after `marker`, as a browser would send them (selected options, hidden inputs). */
function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<select id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value(?:="([^"]*)")? selected/.exec(m[2]!);
    out[m[1]!] = selected?.[1] ?? '';
  }
  return out;
}

before(async () => {
  t = await createTestApp();
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
});
after(async () => t.close());

describe('the import pages', () => {
  test('signed out: sent to sign in; a member: forbidden', async () => {
    const anonymous = new Client(t.app);
    const res = await anonymous.get('/organizations/import');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/login\?next=/);
    const member = await signedIn('member@example.org', 'member');
    assert.equal((await member.get('/organizations/import')).statusCode, 403);
  });

  test('upload → mapping → preview → import → result, without JavaScript', async () => {
    const editor = await signedIn('editor@example.org', 'editor');
    const form = await editor.get('/organizations/import?space=LA');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    const csrf = csrfFrom(form.body);

    // A multipart post without the CSRF token is refused.
    const forged = await postMultipart(editor, '/organizations/import', { space: 'LA' }, { name: 'list.csv', bytes: Buffer.from(goodAndBadCsv()) });
    assert.equal(forged.statusCode, 403);
    // No file: the form comes back with the error and the choices kept.
    const empty = await postMultipart(editor, '/organizations/import', { _csrf: csrf, space: 'LA', encoding: 'windows-1251', sheet: '' }, { name: '', bytes: Buffer.alloc(0) });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Choose a file to upload/);
    assert.match(empty.body, /<option value="windows-1251" selected/);

    const upload = await postMultipart(editor, '/organizations/import', { _csrf: csrf, space: 'LA', encoding: '', sheet: '' }, { name: 'list.csv', bytes: Buffer.from(goodAndBadCsv()) });
    assert.equal(upload.statusCode, 303, upload.body);
    const mapUrl = String(upload.headers.location);
    assert.match(mapUrl, /^\/organizations\/import\/map\?space=LA&file=[0-9a-f]{64}&/);
    assert.doesNotMatch(mapUrl, new RegExp(t.dataDir), 'the file is named by its hash, never a path');

    const mapping = await editor.get(mapUrl);
    assert.equal(mapping.statusCode, 200);
    // Each column with its target pre-filled from the header; the unknown column is ignored.
    assert.match(mapping.body, /<select id="f-map_6" name="map_6"[^>]*><option value>[^<]*<\/option>[^]*?<option value="region" selected>/);
    assert.match(mapping.body, /<select id="f-map_12" name="map_12"[^>]*><option value selected>/);
    const fields = formFields(mapping.body);
    assert.equal(fields.map_0, 'external_id');
    assert.equal(fields.file, fieldValue(mapping.body, 'file'));

    // Two columns on one field: the mapping comes back with the error.
    const clash = await editor.post('/organizations/import/preview', { ...fields, map_2: 'name' });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /already matched to “name”/);

    const preview = await editor.post('/organizations/import/preview', fields);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.match(preview.body, /5 new records/);
    assert.match(preview.body, /4 rows rejected/);
    assert.match(preview.body, /<td>3<\/td><td>region<\/td><td>“LA-XX” is not a region of this country/);
    assert.match(preview.body, /<td>7<\/td><td>external_id<\/td><td>The identifier “LA-005” is already used in row 6/);
    // Cells are shown escaped, never as markup.
    assert.match(preview.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script> Khmu Bamboo|&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; Khmu Bamboo/);
    assert.doesNotMatch(preview.body, /<script>alert/);
    assert.equal((await t.app.mosaic.db.selectFrom('organizations').select('id').execute()).length, 0, 'a preview writes nothing');

    const sha = fields.file!;
    const uploadRow = () => t.app.mosaic.db.selectFrom('import_uploads').selectAll().where('sha256', '=', sha).executeTakeFirstOrThrow();
    assert.equal((await uploadRow()).finished_at, null, 'the upload is recorded, its import under way');
    const run = await editor.post('/organizations/import/run', formFields(preview.body));
    assert.equal(run.statusCode, 303, run.body);
    assert.notEqual((await uploadRow()).finished_at, null, 'the import ran');
    const resultUrl = String(run.headers.location);
    assert.match(resultUrl, /^\/organizations\/import\/result\/[0-9a-f]{64}$/);
    const result = await editor.get(resultUrl);
    assert.equal(result.statusCode, 200);
    assert.match(result.body, /5 new records/);
    assert.match(result.body, /4 rows rejected/);
    assert.match(result.body, /<td>5<\/td><td>name<\/td><td>This field is required/);
    assert.match(result.body, /Possible duplicates/);
    const report = await editor.get(`${resultUrl}/report.csv`);
    assert.equal(report.statusCode, 200);
    assert.match(String(report.headers['content-type']), /^text\/csv/);
    assert.match(String(report.headers['content-disposition']), /attachment/);
    assert.match(report.body, /^\uFEFFrow,column,reason\r\n3,region,/);
    assert.equal((await t.app.mosaic.db.selectFrom('organizations').select('id').execute()).length, 5);
    // Another user's browser cannot read the result of a space they do not edit.
    const member = new Client(t.app);
    assert.equal((await member.get(`${resultUrl}/report.csv`)).statusCode, 401);
  });

  test('an upload left unused longer than the configured age is cleaned up; its steps then say so', async () => {
    const { db } = t.app.mosaic;
    const editor = await signedIn('cleanup@example.org', 'editor');
    const form = await editor.get('/people/import?space=LA');
    const csv = csvText([['name'], ['Left Behind']]);
    const upload = await postMultipart(editor, '/people/import', { _csrf: csrfFrom(form.body), space: 'LA' }, { name: 'left.csv', bytes: Buffer.from(csv) });
    assert.equal(upload.statusCode, 303, upload.body);
    const mapUrl = String(upload.headers.location);
    const sha = /file=([0-9a-f]{64})/.exec(mapUrl)![1]!;
    assert.equal((await editor.get(mapUrl)).statusCode, 200);
    const old = nowIso(new Date(Date.now() - (t.config.importUploadMaxAgeHours + 1) * 3600 * 1000));
    await db.updateTable('import_uploads').set({ created_at: old, last_used_at: old }).where('sha256', '=', sha).execute();
    await enqueueRecurring(db, RECURRING_JOBS.find((j) => j.type === IMPORT_CLEANUP_JOB)!);
    assert.equal(await runDueJobs(db, jobHandlers(t.app.mosaic), 'test-worker'), 1);
    assert.equal((await db.selectFrom('import_uploads').select('id').where('sha256', '=', sha).execute()).length, 0);
    const gone = await editor.get(mapUrl);
    assert.equal(gone.statusCode, 400);
    assert.match(gone.body, /The uploaded file is no longer available/);
  });

  test('the reader’s language: reasons in French; strict import keeps nothing', async () => {
    const editor = await signedIn('editrice@example.org', 'editor', 'fr');
    const form = await editor.get('/organizations/import?space=LA');
    const csv = csvText([['external_id', 'name', 'type', 'region'], ['FR-1', 'Atelier', 'private', 'LA-VT'], ['FR-2', 'Atelier 2', 'private', 'XX-1']]);
    const upload = await postMultipart(editor, '/organizations/import', { _csrf: csrfFrom(form.body), space: 'LA' }, { name: 'fr.csv', bytes: Buffer.from(csv) });
    assert.equal(upload.statusCode, 303, upload.body);
    const mapping = await editor.get(String(upload.headers.location));
    const preview = await editor.post('/organizations/import/preview', formFields(mapping.body));
    assert.match(preview.body, /<td>3<\/td><td>region<\/td><td>[^<]*XX-1/);
    assert.doesNotMatch(preview.body, /is not a region of this country/);
    const before = (await t.app.mosaic.db.selectFrom('organizations').select('id').execute()).length;
    const run = await editor.post('/organizations/import/run', { ...formFields(preview.body), strict: '1' });
    assert.equal(run.statusCode, 303);
    const result = await editor.get(String(run.headers.location));
    assert.match(result.body, /class="notice bad"/);
    assert.equal((await t.app.mosaic.db.selectFrom('organizations').select('id').execute()).length, before);
  });

  test('a file over the size limit gets a clear 413 page with the form', async () => {
    const editor = await signedIn('big@example.org', 'editor');
    const form = await editor.get('/organizations/import?space=LA');
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const res = await postMultipart(editor, '/organizations/import', { _csrf: csrfFrom(form.body), space: 'LA' }, { name: 'big.csv', bytes: big });
    assert.equal(res.statusCode, 413);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /larger than 10 MB/);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    // Multipart stays refused everywhere else.
    const elsewhere = await postMultipart(editor, '/login', { _csrf: csrfFrom(form.body) }, null);
    assert.equal(elsewhere.statusCode, 415);
  });

  test('a file that is not a spreadsheet is refused with a reason', async () => {
    const editor = await signedIn('editor@example.org', 'editor');
    const form = await editor.get('/people/import?space=LA');
    assert.match(form.body, /Import people/);
    const res = await postMultipart(editor, '/people/import', { _csrf: csrfFrom(form.body), space: 'LA' }, { name: 'old.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /old Excel file/);
  });

  test('templates download as CSV and XLSX', async () => {
    const browser = new Client(t.app);
    const csv = await browser.get('/people/import/template.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^\uFEFFexternal_id,name,name_en,name_lo,/);
    assert.match(csv.body, /organization_external_id,role/);
    const xlsx = await browser.get('/organizations/import/template.xlsx?space=LA');
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });
});

describe('export', () => {
  test('a visitor’s export lacks member-only contacts; an editor’s has them; formula cells are neutralised', async () => {
    const visitor = new Client(t.app);
    const csv = await visitor.get('/organizations/export.csv?space=LA');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="organizations-LA-\d{4}-\d{2}-\d{2}\.csv"/);
    assert.equal(csv.headers['cache-control'], 'no-store');
    assert.match(csv.body, /info@laoweavers\.example/);
    assert.doesNotMatch(csv.body, /555 123/);
    assert.doesNotMatch(csv.body, /LA-001/, 'external ids are for editors');
    const editor = await signedIn('editor@example.org', 'editor');
    const full = await editor.get('/organizations/export.csv?space=LA');
    assert.match(full.body, /'\+856 21 555 123/);
    assert.match(full.body, /LA-001/);
    const filtered = await visitor.get('/organizations/export.json?space=LA&type=civil_society&region=LA-LP');
    const data = JSON.parse(filtered.body) as { records: { name: Record<string, { value: string }> }[] };
    assert.deepEqual(data.records.map((r) => r.name.en?.value), ['<b>Khmu</b> Bamboo']);
    const xlsx = await visitor.get('/organizations/export.xlsx?space=LA&domain=C');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.equal((await visitor.get('/organizations/export.csv?space=ZZ')).statusCode, 404);
  });
});
