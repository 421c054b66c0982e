import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { jobHandlers } from '../jobs.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { makeDocx, makePdf } from './demo-files/index.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'library-files-password';
let la: { id: string };
let editorP: Principal;
let editor: Client;
let member: Client;
let visitor: Client;
const ids: Record<string, string> = {};

async function signedIn(email: string, role: 'member' | 'editor' | null): Promise<{ client: Client; id: string }> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, PASSWORD, actor);
  if (role) await db.transaction().execute((trx) => setRole(trx, actor, null, la.id, id, role));
  const client = new Client(t.app, { 'accept-language': 'en' });
  assert.equal((await client.submit('/login', { email, password: PASSWORD })).statusCode, 303);
  return { client, id };
}

/** Posts a multipart form the way a browser does, with the CSRF token of the resource page. */
async function upload(browser: Client, url: string, file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const resourceUrl = /^\/library\/[0-9a-f-]{36}/.exec(url)![0];
  const page = await browser.get(resourceUrl);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----mosaicLibraryBoundary7d1';
  const parts = [
    ...Object.entries({ _csrf: token, ...fields }).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...browser.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

/** Runs the queued background jobs in this process, as the worker would. */
async function runJobs(): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; ) total += n = await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker');
  return total;
}

function fileLinks(html: string, resourceId: string): string[] {
  return [...html.matchAll(new RegExp(`href="(/library/${resourceId}/files/[^"#]+)"`, 'g'))].map((m) => m[1]!);
}

before(async () => {
  t = await createTestApp({ LIBRARY_MAX_UPLOAD_MB: '1' });
  la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await signedIn('editor@example.org', 'editor');
  editor = ed.client;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  member = (await signedIn('member@example.org', 'member')).client;
  visitor = new Client(t.app, { 'accept-language': 'en' });
  const { library } = t.app.mosaic;
  ids.public = (await library.createResource(editorP, la.id, { type: 'report', title: { en: 'Handicraft survey 2023' } }, actor)).id;
  ids.members = (await library.createResource(editorP, la.id, { type: 'report', title: { en: 'Internal budget notes' }, access: 'members' }, actor)).id;
});
after(async () => t.close());

describe('uploads', () => {
  test('a PDF is stored, its text extracted in the background, and a Lao word finds it with its page', async () => {
    const pdf = await makePdf({
      title: 'Survey',
      lang: 'lo',
      pages: ['Summary of the handicraft survey.', 'ການສຳຫຼວດຊ່າງຫັດຖະກຳ ແລະ ຊ່າງທໍຜ້າໄໝໃນແຂວງຫຼວງພະບາງ', 'Annex: tables.'],
    });
    const res = await upload(editor, `/library/${ids.public}/files`, { name: 'survey 2023 ສຳຫຼວດ.pdf', bytes: pdf, type: 'application/pdf' }, { label: 'Full report' });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(res.headers.location as string, /notice=uploaded/);
    const pending = await editor.get(`/library/${ids.public}`);
    assert.match(pending.body, /Its text is being extracted for search/);
    assert.ok((await runJobs()) >= 1);
    const found = await visitor.get(`/library?q=${encodeURIComponent('ຊ່າງທໍຜ້າໄໝ')}`);
    assert.match(found.body, /Handicraft survey 2023/);
    assert.match(found.body, /<mark>[^<]*ທໍ[^<]*<\/mark>/);
    assert.match(found.body, /p\. 2 · Full report/);
    assert.match(found.body, new RegExp(`href="/library/${ids.public}/files/[0-9a-f-]{36}#page=2"`));
  });

  test('a DOCX in French is found by a word typed without accents', async () => {
    const docx = await makeDocx({ title: 'Stratégie', paragraphs: ['Stratégie nationale pour l’éducation artistique et la création.', 'Deuxième paragraphe.'] });
    assert.equal((await upload(editor, `/library/${ids.public}/files`, { name: 'strategie.docx', bytes: docx })).statusCode, 303);
    await runJobs();
    const found = await visitor.get('/library?q=education+artistique');
    assert.match(found.body, /Handicraft survey 2023/);
    assert.match(found.body, /<mark>l’éducation<\/mark> <mark>artistique<\/mark>/);
    assert.match(found.body, /in the file · strategie\.docx/);
  });

  test('downloads carry the sniffed type, an RFC 6266 name and nosniff; a members’ file is hidden from visitors', async () => {
    const page = await visitor.get(`/library/${ids.public}`);
    const [first] = fileLinks(page.body, ids.public!);
    const res = await visitor.get(first!);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const disposition = res.headers['content-disposition'] as string;
    assert.match(disposition, /^inline; filename="survey 2023 _+\.pdf"; /);
    assert.ok(disposition.endsWith(`; filename*=UTF-8''survey%202023%20${encodeURIComponent('ສຳຫຼວດ')}.pdf`));
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const again = await visitor.get(first!, { 'if-none-match': res.headers.etag as string });
    assert.equal(again.statusCode, 304);

    const note = await upload(editor, `/library/${ids.members}/files`, { name: 'notes.txt', bytes: Buffer.from('Budget lines for the khene festival.\n') });
    assert.equal(note.statusCode, 303);
    await runJobs();
    const memberPage = await member.get(`/library/${ids.members}`);
    const [secret] = fileLinks(memberPage.body, ids.members!);
    assert.equal((await member.get(secret!)).statusCode, 200);
    assert.equal((await visitor.get(secret!)).statusCode, 404);
    assert.match((await member.get('/library?q=khene')).body, /Internal budget notes/);
    assert.match((await visitor.get('/library?q=khene')).body, /0 resources/);
  });

  test('SVG and HTML are only ever downloads', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    assert.equal((await upload(editor, `/library/${ids.public}/files`, { name: 'logo.svg', bytes: svg, type: 'image/svg+xml' })).statusCode, 303);
    const page = await visitor.get(`/library/${ids.public}`);
    const link = fileLinks(page.body, ids.public!).find((l) => l.split('/').length === 5 && page.body.includes(`href="${l}">logo.svg`));
    const res = await visitor.get(link!);
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.match(res.headers['content-disposition'] as string, /^attachment; /);
  });

  test('a new version keeps the old one downloadable, and the history shows both', async () => {
    const v1 = Buffer.from('First edition of the guide.\n');
    const v2 = Buffer.from('Second edition of the guide, corrected.\n');
    await upload(editor, `/library/${ids.public}/files`, { name: 'guide.txt', bytes: v1 }, { label: 'Guide' });
    let page = await editor.get(`/library/${ids.public}`);
    const fileUrl = /href="(\/library\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36})">Guide</.exec(page.body)![1]!;
    const res = await upload(editor, `${fileUrl}/versions`, { name: 'guide-v2.txt', bytes: v2 });
    assert.equal(res.statusCode, 303, res.body);
    page = await editor.get(`/library/${ids.public}`);
    assert.match(page.body, /2 versions/);
    assert.match(page.body, /Version 1<\/a>[^<]*<time[^>]*>[^<]*<\/time> — guide\.txt/);
    assert.match(page.body, /by editor@example\.org/);
    assert.equal((await visitor.get(fileUrl)).body, v2.toString());
    const old = new RegExp(`href="(${fileUrl}/versions/[0-9a-f-]{36})">Version 1<`).exec(page.body)![1]!;
    assert.equal((await visitor.get(old)).body, v1.toString());
    assert.doesNotMatch((await visitor.get(`/library/${ids.public}`)).body, /by editor@example\.org/, 'visitors do not see who uploaded');
  });

  test('a file over the size limit is answered 413 with the limit, and the page keeps its label', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x41);
    const res = await upload(editor, `/library/${ids.public}/files`, { name: 'huge.txt', bytes: big }, { label: 'Too big' });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /The file is larger than 1 MB, the most the library accepts/);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
  });

  test('a program is refused with a clear message, whatever its name', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]);
    const res = await upload(editor, `/library/${ids.public}/files`, { name: 'annual-report.pdf', bytes: exe, type: 'application/pdf' }, { label: 'Report' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This file is a program or an installer/);
    assert.match(res.body, /value="Report"/);
    const docm = await upload(editor, `/library/${ids.public}/files`, { name: 'script.sh', bytes: Buffer.from('#!/bin/sh\necho hi\n') });
    assert.equal(docm.statusCode, 400);
  });

  test('a corrupt PDF is kept; its job fails with a reason editors see; they may retry it', async () => {
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(500, 0x20)]);
    assert.equal((await upload(editor, `/library/${ids.members}/files`, { name: 'broken.pdf', bytes: corrupt }, { label: 'Broken' })).statusCode, 303);
    await runJobs();
    const job = await t.app.mosaic.db.selectFrom('jobs').selectAll().where('type', '=', 'library.extract').where('status', '=', 'failed').executeTakeFirstOrThrow();
    assert.match(job.last_error ?? '', /^corrupt: /);
    const page = await editor.get(`/library/${ids.members}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No text could be extracted from this file/);
    assert.match(page.body, /The file is damaged or not what its type says/);
    assert.match(page.body, new RegExp(`mosaic jobs retry ${job.id}`));
    assert.doesNotMatch((await member.get(`/library/${ids.members}`)).body, /No text could be extracted/, 'only editors see it');
    const retry = /action="([^"]+\/retry)"/.exec(page.body)![1]!;
    assert.equal((await editor.submit(`/library/${ids.members}`, {}, retry)).statusCode, 303);
    const again = await t.app.mosaic.db.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow();
    assert.equal(again.status, 'queued');
    await runJobs();
    assert.match((await editor.get(`/library/${ids.members}`)).body, /No text could be extracted/);
  });

  test('an image gets a preview, served with the resource’s access rule', async () => {
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 120, g: 40, b: 40 } } }).png().toBuffer();
    assert.equal((await upload(editor, `/library/${ids.members}/files`, { name: 'poster.png', bytes: png }, { label: 'Poster' })).statusCode, 303);
    await runJobs();
    const page = await member.get(`/library/${ids.members}`);
    const preview = /src="(\/library\/[^"]+\/preview\.webp)"/.exec(page.body)![1]!;
    const res = await member.get(preview);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    assert.equal((await sharp(res.rawPayload).metadata()).width, 320);
    assert.equal((await visitor.get(preview)).statusCode, 404);
  });
});
