import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { Client, createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { findOrganization, findPerson } from '../directory.repository.js';
import { getSpace, setRole } from '../../spaces/spaces.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'images-editor-password';
let orgId = '';
let personId = '';

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

/** Posts a multipart form with one file field "image", with the page's CSRF token. */
async function upload(browser: Client, url: string, file: { name: string; bytes: Buffer; type: string }, csrf?: string) {
  const page = await browser.get(url.replace(/\/(logo|photo)$/, '/edit'));
  const token = csrf ?? /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----mosaicImageBoundary1234';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...browser.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();

async function served(sha: string) {
  const res = await t.app.inject({ method: 'GET', url: `/media/${sha}.webp` });
  return { res, meta: await sharp(res.rawPayload).metadata() };
}

before(async () => {
  t = await createTestApp();
  const { db, directory } = t.app.mosaic;
  const la = await getSpace(db, 'LA');
  const { id: adminId } = await db.transaction().execute((trx) => t.app.mosaic.accounts.ensureUser(trx, { email: 'root@example.org', displayName: 'Root', locale: 'en' }, actor));
  const admin = { userId: adminId, isPlatformAdmin: true, roles: new Map() };
  orgId = (await directory.createOrganization(admin, la.id, { name: { en: 'Lantern Theatre' }, type: 'private', status: 'published' }, actor)).id;
  personId = (await directory.createPerson(admin, la.id, { name: { en: 'Noy Phommachanh' }, status: 'published' }, actor)).id;
});
after(async () => t.close());

describe('logos and photos', () => {
  test('an editor uploads a PNG logo: stored as a 256 px WebP without metadata, shown on the profile and in the listing', async () => {
    const editor = await signedIn('editor@example.org', 'editor');
    const res = await upload(editor, `/organizations/${orgId}/logo`, { name: 'logo.png', bytes: await png(600, 300), type: 'image/png' });
    assert.equal(res.statusCode, 303, res.body);
    const sha = (await findOrganization(t.app.mosaic.db, orgId))!.logo_sha256;
    assert.match(String(sha), /^[0-9a-f]{64}$/);
    const { res: file, meta } = await served(sha!);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/webp');
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.equal(file.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(file.headers.etag, `"${sha}"`);
    assert.equal(meta.format, 'webp');
    assert.equal(meta.width, 256);
    assert.equal(meta.height, 256);
    assert.equal(meta.exif, undefined);
    // A conditional request is answered without the bytes.
    assert.equal((await t.app.inject({ method: 'GET', url: `/media/${sha}.webp`, headers: { 'if-none-match': `"${sha}"` } })).statusCode, 304);
    const thumb = await t.app.inject({ method: 'GET', url: `/media/${sha}/64.webp` });
    assert.equal(thumb.statusCode, 200);
    assert.equal((await sharp(thumb.rawPayload).metadata()).width, 64);
    const profile = await new Client(t.app).get(`/organizations/${orgId}`);
    assert.match(profile.body, new RegExp(`<img class="record-image" src="/media/${sha}.webp" width="256" height="256" alt="Lantern Theatre"[^>]*loading="lazy"`));
    const listing = await new Client(t.app).get('/organizations?space=LA');
    assert.match(listing.body, new RegExp(`src="/media/${sha}/64.webp" width="64" height="64" alt(="")? loading="lazy"`));
    // Removing it.
    const edit = await editor.get(`/organizations/${orgId}/edit`);
    assert.match(edit.body, /enctype="multipart\/form-data"/);
    const del = await editor.submit(`/organizations/${orgId}/edit`, {}, `/organizations/${orgId}/logo/delete`);
    assert.equal(del.statusCode, 303);
    assert.equal((await findOrganization(t.app.mosaic.db, orgId))!.logo_sha256, null);
  });

  test('a JPEG photo with EXIF GPS comes back without it, cropped to 256 × 256', async () => {
    const editor = await signedIn('editor2@example.org', 'editor');
    const jpeg = await sharp({ create: { width: 400, height: 800, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SpyCam', Copyright: 'secret' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '17/1 58/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 36/1 0/1' } })
      .toBuffer();
    const original = await sharp(jpeg).metadata();
    assert.ok(original.exif && original.exif.includes(Buffer.from('SpyCam')), 'the fixture carries EXIF');
    const res = await upload(editor, `/people/${personId}/photo`, { name: 'me.jpg', bytes: jpeg, type: 'image/jpeg' });
    assert.equal(res.statusCode, 303, res.body);
    const sha = (await findPerson(t.app.mosaic.db, personId))!.photo_sha256!;
    const { res: file, meta } = await served(sha);
    assert.equal(meta.width, 256);
    assert.equal(meta.height, 256);
    assert.equal(meta.exif, undefined);
    assert.ok(!file.rawPayload.includes(Buffer.from('SpyCam')));
    const profile = await new Client(t.app).get(`/people/${personId}`);
    assert.match(profile.body, new RegExp(`src="/media/${sha}.webp"[^>]*alt="Noy Phommachanh"`));
  });

  test('refused uploads: a text file named .png, an SVG, a corrupt PNG (400 on the form), too large (413)', async () => {
    const editor = await signedIn('editor3@example.org', 'editor', 'fr');
    // Without the form's CSRF token the upload is refused.
    const forged = await upload(editor, `/organizations/${orgId}/logo`, { name: 'logo.png', bytes: await png(100, 100), type: 'image/png' }, 'forged-token');
    assert.equal(forged.statusCode, 403);
    const text = await upload(editor, `/organizations/${orgId}/logo`, { name: 'logo.png', bytes: Buffer.from('hello, I am not an image'), type: 'image/png' });
    assert.equal(text.statusCode, 400);
    assert.match(text.body, /n’est pas une image acceptée/);
    assert.match(text.body, /id="f-image"/);
    const svg = await upload(editor, `/organizations/${orgId}/logo`, { name: 'logo.svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'), type: 'image/svg+xml' });
    assert.equal(svg.statusCode, 400);
    assert.match(svg.body, /SVG n’est pas accepté/);
    const good = await png(300, 300);
    const corrupt = await upload(editor, `/organizations/${orgId}/logo`, { name: 'logo.png', bytes: good.subarray(0, Math.floor(good.length / 2)), type: 'image/png' });
    assert.equal(corrupt.statusCode, 400, corrupt.body.slice(0, 200));
    assert.match(corrupt.body, /image est endommagée|n’est pas une image acceptée/);
    const big = await upload(editor, `/organizations/${orgId}/logo`, { name: 'big.png', bytes: Buffer.alloc(6 * 1024 * 1024, 1), type: 'image/png' });
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /trop volumineux : 5 Mo/);
    assert.match(big.body, /id="f-image"/);
    assert.equal((await findOrganization(t.app.mosaic.db, orgId))!.logo_sha256, null);
  });

  test('someone who may not edit the record is refused; unknown or malformed files are 404', async () => {
    const member = await signedIn('member@example.org', 'member');
    const res = await upload(member, `/organizations/${orgId}/logo`, { name: 'logo.png', bytes: await png(100, 100), type: 'image/png' });
    assert.equal(res.statusCode, 403);
    const photo = await upload(member, `/people/${personId}/photo`, { name: 'p.png', bytes: await png(100, 100), type: 'image/png' });
    assert.equal(photo.statusCode, 403);
    assert.equal((await findOrganization(t.app.mosaic.db, orgId))!.logo_sha256, null);
    assert.equal((await t.app.inject({ method: 'GET', url: `/media/${'a'.repeat(64)}.webp` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/media/not-a-hash.webp' })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/media/${'b'.repeat(64)}/64.webp` })).statusCode, 404);
  });
});
