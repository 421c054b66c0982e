import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { nowIso } from '../../platform/ids.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import { setPersonPhoto } from './images/images.repository.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'person-actions-password';
let laId = '';
let editorP: Principal;
const users: Record<string, { client: Client; id: string }> = {};
const visitor = () => new Client(t.app);

async function signedIn(email: string, role: 'member' | 'editor' | null, spaceId = laId): Promise<{ client: Client; id: string }> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute(async (trx) => {
    const user = await accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor);
    if (role) await setRole(trx, actor, null, spaceId, user.id, role);
    return user;
  });
  await accounts.setPasswordByEmail(email, PASSWORD, actor);
  const client = new Client(t.app);
  const login = await client.submit('/login', { email, password: PASSWORD });
  assert.equal(login.statusCode, 303, `sign-in of ${email}`);
  return { client, id };
}

function member(id: string): Principal {
  return { userId: id, isPlatformAdmin: false, roles: new Map([[laId, 'member']]) };
}

/** The value an input of a page holds. */
function inputValue(html: string, name: string): string | undefined {
  return new RegExp(`<input id="f-${name}" name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html)?.[1];
}

async function audited(action: string, entityId: string): Promise<number> {
  const rows = await t.app.mosaic.db.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', entityId).execute();
  return rows.length;
}

before(async () => {
  t = await createTestApp();
  laId = (await getSpace(t.app.mosaic.db, 'LA')).id;
  users.editor = await signedIn('editor@example.org', 'editor');
  users.artist = await signedIn('artist@example.org', 'member');
  users.manager = await signedIn('manager@example.org', 'member');
  users.stranger = await signedIn('stranger@example.org', 'member');
  users.owner2 = await signedIn('owner2@example.org', 'member');
  users.rwEditor = await signedIn('rw-editor@example.org', 'editor', (await getSpace(t.app.mosaic.db, 'RW')).id);
  editorP = { userId: users.editor.id, isPlatformAdmin: false, roles: new Map([[laId, 'editor']]) };
});
after(async () => t.close());

describe('verifying a person from their page', () => {
  test('editors see the button and verify; members are refused; a form without its token is refused', async () => {
    const { directory } = t.app.mosaic;
    const person = await directory.createPerson(editorP, laId, { name: { en: 'Bounmy Weaver' }, professions: ['Weaver'] }, actor);
    const base = `/people/${person.id}`;
    assert.doesNotMatch((await visitor().get(base)).body, /\/verify"/);
    assert.doesNotMatch((await users.stranger!.client.get(base)).body, /\/verify"/);
    const page = await users.editor!.client.get(base);
    assert.ok(page.body.includes(`action="${base}/verify"`));
    assert.match(page.body, /Mark as verified/);

    const forged = await users.editor!.client.post(`${base}/verify`, { verified: '1' });
    assert.equal(forged.statusCode, 403);
    const refused = await users.stranger!.client.post(`${base}/verify`, { _csrf: csrfFrom((await users.stranger!.client.get(base)).body), verified: '1' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await directory.getPerson(editorP, person.id)).verified, false, 'nothing changed');

    const res = await users.editor!.client.post(`${base}/verify`, { _csrf: csrfFrom(page.body), verified: '1' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}?notice=verified`);
    const after = await users.editor!.client.get(String(res.headers.location));
    assert.match(after.body, /The record is marked as verified/);
    assert.match(after.body, /Verified on <time/);
    assert.match(after.body, /Remove verification/);
    assert.match((await visitor().get(base)).body, /Verified on <time/);

    const undo = await users.editor!.client.post(`${base}/verify`, { _csrf: csrfFrom(after.body), verified: '0' });
    assert.equal(undo.headers.location, `${base}?notice=unverified`);
    assert.doesNotMatch((await visitor().get(base)).body, /Verified on/);
    assert.equal(await audited('person.verify', person.id), 1);
    assert.equal(await audited('person.unverify', person.id), 1);
  });
});

describe('merging a person listed twice', () => {
  test('choose → confirm → merged: the kept record gets the organisations and the photo; the old address redirects', async () => {
    const { directory, db } = t.app.mosaic;
    const keep = await directory.createPerson(editorP, laId, { name: { en: 'Souksavanh Phommachanh' }, professions: ['Khaen player'] }, actor);
    const drop = await directory.createPerson(editorP, laId, { name: { en: 'Souksavanh Phommachan', lo: 'ສຸກສະຫວັນ ພົມມະຈັນ' }, professions: ['Musician'] }, actor);
    const band = await directory.createOrganization(editorP, laId, { name: { en: 'Mekong Khaen Ensemble' }, type: 'civil_society' }, actor);
    await directory.addAffiliation(editorP, { personId: drop.id, organizationId: band.id, role: 'Khaen', startDate: '2015' }, actor);
    const photo = 'a'.repeat(64);
    await setPersonPhoto(db, drop.id, photo, nowIso());
    const base = `/people/${drop.id}`;

    // Who may start it.
    const asVisitor = await visitor().get(`${base}/merge`);
    assert.equal(asVisitor.statusCode, 303);
    assert.match(String(asVisitor.headers.location), /^\/login\?next=/);
    assert.equal((await users.stranger!.client.get(`${base}/merge`)).statusCode, 403);
    assert.doesNotMatch((await users.stranger!.client.get(base)).body, /Merge into another record/);
    const profile = await users.editor!.client.get(base);
    assert.ok(profile.body.includes(`href="${base}/merge"`), 'editors get the link on the profile');

    // Step 1: the likely duplicate is offered.
    const choose = await users.editor!.client.get(`${base}/merge`);
    assert.equal(choose.statusCode, 200);
    assert.ok(choose.body.includes(`name="into" value="${keep.id}"`));
    const csrf = csrfFrom(choose.body);
    const strangerPost = await users.stranger!.client.post(`${base}/merge`, { _csrf: csrfFrom((await users.stranger!.client.get(`/people/${keep.id}`)).body), into: keep.id });
    assert.equal(strangerPost.statusCode, 403);

    // Bad choices come back with the message and what was typed.
    const nothing = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf });
    assert.equal(nothing.statusCode, 400);
    assert.match(nothing.body, /Choose the record to keep/);
    const itself = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf, intoId: `https://mosaic.example/people/${drop.id}` });
    assert.equal(itself.statusCode, 400);
    assert.match(itself.body, /Choose two different records to merge/);
    assert.equal(inputValue(itself.body, 'intoId'), `https://mosaic.example/people/${drop.id}`);
    const missing = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf, intoId: '01900000-0000-7000-8000-000000000000' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /No person has this identifier/);
    assert.equal(inputValue(missing.body, 'intoId'), '01900000-0000-7000-8000-000000000000');
    const org = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf, intoId: band.id });
    assert.match(org.body, /No person has this identifier/, 'an organisation is not a person');

    // Step 2: the confirmation shows both and changes nothing yet.
    const confirm = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf, into: keep.id });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Confirm the merge/);
    assert.match(confirm.body, /Souksavanh Phommachanh/);
    assert.match(confirm.body, /Souksavanh Phommachan</);
    assert.match(confirm.body, /1 organisation</);
    assert.match(confirm.body, /Not verified yet/);
    assert.match(confirm.body, /What moves to the kept record/);
    const token = /name="confirm" value="([^"]+)"/.exec(confirm.body)?.[1];
    assert.ok(token && token !== '1', 'the confirmation carries a token');
    assert.equal((await directory.getPerson(editorP, drop.id)).mergedInto, null, 'not merged before confirming');

    const forged = await users.editor!.client.post(`${base}/merge`, { into: keep.id, confirm: token });
    assert.equal(forged.statusCode, 403);
    const guessed = await users.editor!.client.post(`${base}/merge`, { _csrf: csrf, into: keep.id, confirm: '1' });
    assert.equal(guessed.statusCode, 400, 'a confirmation not made by the confirmation page merges nothing');
    assert.equal((await directory.getPerson(editorP, drop.id)).mergedInto, null);

    const done = await users.editor!.client.post(`${base}/merge`, { _csrf: csrfFrom(confirm.body), into: keep.id, confirm: token });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/people/${keep.id}?notice=merged`);
    const kept = await visitor().get(`/people/${keep.id}`);
    assert.match(kept.body, /Mekong Khaen Ensemble/);
    assert.match(kept.body, /ສຸກສະຫວັນ ພົມມະຈັນ/, 'the name in Lao script is kept');
    assert.ok(kept.body.includes(`/media/${photo}.webp`), 'the kept record takes the photo it lacked');
    const old = await visitor().get(base);
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, `/people/${keep.id}`);
    const oldLao = await visitor().get(`/lo${base}`);
    assert.equal(oldLao.headers.location, `/lo/people/${keep.id}`, 'the redirect keeps the language');
    const otherCountry = await users.rwEditor!.client.get(base);
    assert.equal(otherCountry.statusCode, 301, 'an editor of another country is redirected too');
    const asEditor = await users.editor!.client.get(base);
    assert.equal(asEditor.statusCode, 200, 'editors of its country can still open the archived record');
    assert.match(asEditor.body, /This record was merged into another one/);
    assert.doesNotMatch(asEditor.body, /Merge into another record/);
    assert.equal(await audited('person.merge', keep.id), 1);
  });

  test('two records that each belong to an account are not merged, and the reason is shown', async () => {
    const { directory } = t.app.mosaic;
    const a = await directory.createPerson(member(users.artist!.id), laId, { name: { en: 'Phonsavanh Artist' } }, actor, { self: true });
    const b = await directory.createPerson(member(users.owner2!.id), laId, { name: { en: 'Phonsavanh Artiste' } }, actor, { self: true });
    const choose = await users.editor!.client.get(`/people/${b.id}/merge`);
    const res = await users.editor!.client.post(`/people/${b.id}/merge`, { _csrf: csrfFrom(choose.body), intoId: a.id });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Each record belongs to its own account/);
    const forced = await users.editor!.client.post(`/people/${b.id}/merge`, { _csrf: csrfFrom(choose.body), into: a.id, confirm: '1' });
    assert.equal(forced.statusCode, 400, 'a confirmation sent anyway is answered with the same reason');
    assert.match(forced.body, /Each record belongs to its own account/);
    assert.equal((await directory.getPerson(editorP, b.id)).mergedInto, null);
  });
});

describe("a person's organisations", () => {
  test('the person adds one found by search; bad input comes back with the errors and what was typed; both profiles show it', async () => {
    const { directory } = t.app.mosaic;
    const me = (await directory.myProfile(member(users.artist!.id), laId))!;
    const silk = await directory.createOrganization(editorP, laId, { name: { en: 'Luang Prabang Silk Cooperative', lo: 'ສະຫະກອນໄໝຫຼວງພະບາງ' }, type: 'private' }, actor);
    const base = `/people/${me.id}/affiliations`;
    const browser = users.artist!.client;

    const profile = await browser.get(`/people/${me.id}`);
    assert.ok(profile.body.includes(`href="${base}"`), 'the person gets the link on their profile');
    const empty = await browser.get(base);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No organisation is listed yet/);
    assert.match(empty.body, /Search for the organisation above first/);

    const found = await browser.get(`${base}?q=${encodeURIComponent('ໄໝ')}`);
    assert.ok(found.body.includes(`name="organizationId" value="${silk.id}"`), 'found by a word in Lao');
    const none = await browser.get(`${base}?q=zzzqqq`);
    assert.match(none.body, /No organisation matches “zzzqqq”/);

    const csrf = csrfFrom(found.body);
    const nothing = await browser.post(base, { _csrf: csrf, q: 'silk', role: 'Weaver' });
    assert.equal(nothing.statusCode, 400);
    assert.match(nothing.body, /Choose the organisation/);
    assert.equal(inputValue(nothing.body, 'role'), 'Weaver');
    assert.ok(nothing.body.includes(`name="organizationId" value="${silk.id}"`), 'the search is run again');

    const bad = await browser.post(base, { _csrf: csrf, q: 'silk', organizationId: silk.id, role: 'Master weaver', startDate: '2020-13', endDate: 'last year' });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.body.match(/Enter a year \(YYYY\) or a year and month \(YYYY-MM\)/g) ?? []).length, 4, 'twice each: in the summary and at the field');
    assert.equal(inputValue(bad.body, 'role'), 'Master weaver');
    assert.equal(inputValue(bad.body, 'startDate'), '2020-13');
    assert.equal(inputValue(bad.body, 'endDate'), 'last year');
    assert.ok(bad.body.includes(`value="${silk.id}" checked`), 'the choice is kept');

    const reversed = await browser.post(base, { _csrf: csrf, q: 'silk', organizationId: silk.id, startDate: '2021-03', endDate: '2020' });
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /The end cannot be before the start/);
    assert.equal((await directory.affiliationsOfPerson(editorP, me.id)).length, 0, 'nothing stored');

    const forged = await browser.post(base, { q: 'silk', organizationId: silk.id, startDate: '2019' });
    assert.equal(forged.statusCode, 403);

    const ok = await browser.post(base, { _csrf: csrf, q: 'silk', organizationId: silk.id, role: 'Master weaver', startDate: '2019-05' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${base}?notice=added`);
    const listed = await browser.get(String(ok.headers.location));
    assert.match(listed.body, /The organisation has been added/);
    assert.match(listed.body, /Luang Prabang Silk Cooperative<\/a><span class="muted"> — Master weaver, since May 2019/);
    assert.match((await visitor().get(`/people/${me.id}`)).body, /Luang Prabang Silk Cooperative<\/a><span class="muted"> — Master weaver, since May 2019/);
    const orgPage = await visitor().get(`/organizations/${silk.id}`);
    assert.match(orgPage.body, /Phonsavanh Artist<\/a><span class="muted"> — Master weaver, since May 2019/);
    const lao = await visitor().get(`/lo/people/${me.id}`);
    assert.match(lao.body, /ຕັ້ງແຕ່ /, 'the span is said in the reader’s language');
    const [row] = await directory.affiliationsOfPerson(editorP, me.id);
    assert.equal(await audited('affiliation.create', row!.id), 1);
  });

  test('visitors are sent to sign in, other members are refused', async () => {
    const { directory } = t.app.mosaic;
    const me = (await directory.myProfile(member(users.artist!.id), laId))!;
    const base = `/people/${me.id}/affiliations`;
    const asVisitor = await visitor().get(base);
    assert.equal(asVisitor.statusCode, 303);
    assert.match(String(asVisitor.headers.location), /^\/login\?next=/);
    assert.equal((await users.stranger!.client.get(base)).statusCode, 403);
    assert.doesNotMatch((await users.stranger!.client.get(`/people/${me.id}`)).body, /Add or remove organisations/);
    // A token of the stranger's own session (from a form they may use).
    const token = csrfFrom((await users.stranger!.client.get('/people/me?space=LA')).body);
    const post = await users.stranger!.client.post(base, { _csrf: token, organizationId: '01900000-0000-7000-8000-000000000000' });
    assert.equal(post.statusCode, 403);
    const [row] = await directory.affiliationsOfPerson(editorP, me.id);
    const remove = await users.stranger!.client.post(`${base}/${row!.id}/delete`, { _csrf: token });
    assert.equal(remove.statusCode, 403);
    assert.equal((await directory.affiliationsOfPerson(editorP, me.id)).length, 1);
  });

  test('an organisation’s editor adds and removes only their own organisation on someone else’s record', async () => {
    const { directory } = t.app.mosaic;
    const theatre = await directory.createOrganization(member(users.manager!.id), laId, { name: { en: 'Manager Puppet Theatre' }, type: 'civil_society' }, actor);
    const other = await directory.createOrganization(editorP, laId, { name: { en: 'Another Troupe' }, type: 'civil_society' }, actor);
    const person = await directory.createPerson(editorP, laId, { name: { en: 'Kham Puppeteer' } }, actor);
    await directory.addAffiliation(editorP, { personId: person.id, organizationId: other.id, role: 'Dancer' }, actor);
    const base = `/people/${person.id}/affiliations`;
    const browser = users.manager!.client;

    const profile = await browser.get(`/people/${person.id}`);
    assert.ok(profile.body.includes(`href="${base}"`));
    assert.doesNotMatch(profile.body, /\/edit"/, 'they may not edit the person');
    const page = await browser.get(base);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You can add the organisations you manage/);
    assert.doesNotMatch(page.body, /role="search"/, 'no search: only their own organisations');
    assert.ok(page.body.includes(`name="organizationId" value="${theatre.id}"`));
    assert.doesNotMatch(page.body, /\/delete"/, 'they may not remove the other organisation');

    const notTheirs = await browser.post(base, { _csrf: csrfFrom(page.body), organizationId: other.id, role: 'Director' });
    assert.equal(notTheirs.statusCode, 400);
    assert.match(notTheirs.body, /You may only add organisations you manage/);
    assert.equal(inputValue(notTheirs.body, 'role'), 'Director');

    const ok = await browser.post(base, { _csrf: csrfFrom(page.body), organizationId: theatre.id, role: 'Puppeteer', startDate: '2018', endDate: '2022-06' });
    assert.equal(ok.statusCode, 303);
    const after = await browser.get(base);
    assert.match(after.body, /Puppeteer, 2018 – Jun 2022/);
    const mine = (await directory.affiliationsOfPerson(editorP, person.id)).find((a) => a.organization_id === theatre.id)!;
    const theirs = (await directory.affiliationsOfPerson(editorP, person.id)).find((a) => a.organization_id === other.id)!;
    assert.ok(after.body.includes(`action="${base}/${mine.id}/delete"`));
    assert.ok(!after.body.includes(`action="${base}/${theirs.id}/delete"`));

    const refused = await browser.post(`${base}/${theirs.id}/delete`, { _csrf: csrfFrom(after.body) });
    assert.equal(refused.statusCode, 403);
    const removed = await browser.post(`${base}/${mine.id}/delete`, { _csrf: csrfFrom(after.body) });
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${base}?notice=removed`);
    assert.match((await browser.get(String(removed.headers.location))).body, /The organisation has been removed/);
    assert.deepEqual((await directory.affiliationsOfPerson(editorP, person.id)).map((a) => a.organization_id), [other.id]);
    assert.equal(await audited('affiliation.delete', mine.id), 1);
    // An affiliation id of another person is not found through this person.
    const elsewhere = await browser.post(`/people/${(await directory.myProfile(member(users.artist!.id), laId))!.id}/affiliations/${theirs.id}/delete`, { _csrf: csrfFrom(after.body) });
    assert.equal(elsewhere.statusCode, 404);
  });
});

describe('photos of people', () => {
  test('the API gives a person’s photo hash as it gives an organisation’s logo, and the profile shows it', async () => {
    const { directory, db } = t.app.mosaic;
    const person = await directory.createPerson(editorP, laId, { name: { en: 'Noy Painter' } }, actor);
    let res = await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().photoSha256, null);
    const sha = 'b'.repeat(64);
    await setPersonPhoto(db, person.id, sha, nowIso());
    res = await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}` });
    assert.equal(res.json().photoSha256, sha);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/people?space=LA&q=Noy' });
    assert.equal(list.json().items.find((p: { id: string }) => p.id === person.id)?.photoSha256, sha);
    assert.ok((await visitor().get(`/people/${person.id}`)).body.includes(`src="/media/${sha}.webp"`));
  });
});
