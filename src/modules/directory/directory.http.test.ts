import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { newId, nowIso } from '../../platform/ids.js';
import * as spacesRepo from '../spaces/spaces.repository.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';
import type { OrganizationInput } from './directory.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const ids: Record<string, string> = {};
let la: { id: string };
let editorP: Principal;
let visitor: Client;
let editor: Client;
let member: Client;
let claimant: Client;

async function userWithRole(email: string, role: 'member' | 'editor' | null): Promise<{ client: Client; id: string }> {
  const accounts = t.app.mosaic.accounts;
  const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, 'directory-test-password', actor);
  if (role) await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, la.id, id, role));
  const client = new Client(t.app);
  const res = await client.submit('/login', { email, password: 'directory-test-password' });
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return { client, id };
}

async function createOrg(input: OrganizationInput): Promise<string> {
  return (await t.app.mosaic.directory.createOrganization(editorP, la.id, input, actor)).id;
}

/** The result names of a listing page, in order. */
function resultNames(html: string): string[] {
  const list = /<ol class="results">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<h2><a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** The count shown beside the facet link that adds `param=value` to the current filters. */
function facetCount(html: string, param: string, value: string): number | null {
  const nav = /<nav aria-labelledby="dir-refine">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  const lists = [...nav.matchAll(/<ul class="facets">([\s\S]*?)<\/ul>/g)].map((m) => m[1]).join('');
  for (const m of lists.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const params = new URLSearchParams(m[1]!.replace(/&amp;/g, '&').split('?')[1] ?? '');
    if (params.getAll(param).includes(value)) return Number(/\((\d+)\)<\/span>$/.exec(m[2]!)?.[1]);
  }
  return null;
}

/** The JSON-LD block of a page, parsed. */
function jsonLd(html: string): { raw: string; data: Record<string, unknown> } {
  const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(raw !== undefined, 'the page has a JSON-LD block');
  return { raw, data: JSON.parse(raw) as Record<string, unknown> };
}

const TYPES = ['government', 'civil_society', 'private', 'education', 'network'] as const;
const REGIONS = ['LA-VT', 'LA-VT', 'LA-LP', 'LA-CH', 'LA-SV', 'LA-VI'] as const;

before(async () => {
  t = await createTestApp();
  la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await userWithRole('editor@example.org', 'editor');
  editor = ed.client;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  member = (await userWithRole('member@example.org', 'member')).client;
  claimant = (await userWithRole('claimant@example.org', null)).client;
  visitor = new Client(t.app);
  // Demo-sized data: 30 published organisations spread over types, regions and domains.
  for (let i = 0; i < 30; i++) {
    ids[`org${i}`] = await createOrg({
      name: { en: `Heritage Collective ${String(i).padStart(2, '0')}`, lo: `ກຸ່ມມໍລະດົກ ${i}` },
      type: TYPES[i % TYPES.length],
      domains: i % 3 === 0 ? ['A', 'C'] : ['B'],
      functions: ['creation'],
      regionCode: REGIONS[i % REGIONS.length],
      languages: i % 2 ? ['lo', 'en'] : ['lo'],
      description: { en: `A group of artists and craftspeople working on project number ${i} in the region.` },
      contacts: [{ kind: 'website', value: `https://collective${i}.example`, visibility: 'public' }],
    });
  }
  for (const i of [0, 5, 10]) await t.app.mosaic.directory.verifyOrganization(editorP, ids[`org${i}`]!, true, actor);
  ids.draft = await createOrg({ name: { en: 'Secret Draft Theatre' }, type: 'government', regionCode: 'LA-VT', status: 'draft' });
  ids.hidden = await createOrg({
    name: { en: 'Khaen Hidden Contacts Ensemble' },
    type: 'private',
    regionCode: 'LA-XA',
    contacts: [
      { kind: 'email', value: 'members-only@khaen.example', visibility: 'members' },
      { kind: 'phone', value: '+856 20 5555 0000', visibility: 'editors' },
      { kind: 'email', value: 'hello@khaen.example', visibility: 'public' },
    ],
  });
});
after(async () => t.close());

describe('listings', () => {
  test('facets count what a visitor may see; filters narrow; a draft is neither listed nor counted', async () => {
    const res = await visitor.get('/organizations?space=la');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /31 organisations/, '30 + the one with hidden contacts; not the draft');
    assert.doesNotMatch(res.body, /Secret Draft Theatre/);
    assert.equal(resultNames(res.body).length, 20, 'first page of 20');
    assert.equal(facetCount(res.body, 'type', 'government'), 6);
    assert.equal(facetCount(res.body, 'type', 'private'), 7);
    assert.equal(facetCount(res.body, 'region', 'LA-VT'), 10, 'the draft in LA-VT is not counted');
    assert.equal(facetCount(res.body, 'verified', 'verified'), 3);
    assert.equal(facetCount(res.body, 'domain', 'A'), 10);
    assert.equal(facetCount(res.body, 'lang', 'en'), 15);
    assert.match(res.body, /<a href="\/organizations\?space=LA&amp;type=government">/);
    // The small map beside the results: a link per region, shaded by the same counts.
    const mini = /<figure class="map small">[\s\S]*?<\/figure>/.exec(res.body)?.[0] ?? '';
    assert.equal([...mini.matchAll(/<a href="\/organizations\?space=LA&amp;region=LA-[A-Z]{2}">/g)].length, 18);
    assert.match(mini, /<title>Vientiane Capital: 10 organisations<\/title>/);
    assert.match(mini, /OpenStreetMap contributors/);

    const filtered = await visitor.get('/organizations?space=LA&type=government&region=LA-VT');
    const names = resultNames(filtered.body);
    assert.ok(names.length > 0);
    for (const n of names) {
      const i = Number(/(\d+)$/.exec(n)![1]);
      assert.equal(TYPES[i % TYPES.length], 'government');
      assert.equal(REGIONS[i % REGIONS.length], 'LA-VT');
    }
    assert.match(filtered.body, new RegExp(`${names.length} organisations?`));
    // Links keep the other filters; the chosen value's link removes it; other types still show.
    assert.match(filtered.body, /href="\/organizations\?space=LA&amp;type=government&amp;region=LA-VT&amp;domain=A"/);
    assert.match(filtered.body, /<a href="\/organizations\?space=LA&amp;region=LA-VT" class="on">/);
    assert.match(filtered.body, /<a href="\/organizations\?space=LA&amp;type=government&amp;region=LA-VT&amp;region=LA-LP"><title>Luang Prabang: \d+ organisations?<\/title>/);
    const privateInVientiane = Array.from({ length: 30 }, (_, i) => i).filter((i) => TYPES[i % TYPES.length] === 'private' && REGIONS[i % REGIONS.length] === 'LA-VT').length;
    assert.equal(facetCount(filtered.body, 'type', 'private'), privateInVientiane, 'other types keep their counts within the other filters');
    // The search box keeps the filters.
    assert.match(filtered.body, /<input type="hidden" name="type" value="government"\/>/);
  });

  test('pages, typed queries and the Lao script', async () => {
    const page2 = await visitor.get('/organizations?space=LA&page=2');
    assert.equal(resultNames(page2.body).length, 11);
    assert.match(page2.body, /rel="prev"/);
    const typed = await visitor.get('/organizations?space=LA&q=' + encodeURIComponent('Collective 07'));
    assert.ok(resultNames(typed.body).includes('Heritage Collective 07'));
    const lao = await new Client(t.app).get('/lo/organizations?space=LA');
    assert.match(lao.body, /<html lang="lo"/);
    assert.ok(resultNames(lao.body).some((n) => n.startsWith('ກຸ່ມມໍລະດົກ')), 'names in the reader’s language');
    assert.match(lao.body, /lang="en">Khaen Hidden Contacts Ensemble/, 'a name in another language is marked');
  });

  test('editors see drafts, with a status facet', async () => {
    const res = await editor.get('/organizations?space=LA&q=secret');
    assert.deepEqual(resultNames(res.body), ['Secret Draft Theatre']);
    assert.equal(facetCount(res.body, 'status', 'draft'), 1);
  });

  test('member-only contacts reach neither the listing, the profile nor the JSON-LD of a visitor', async () => {
    const listing = await visitor.get('/organizations?space=LA&q=' + encodeURIComponent('members-only@khaen.example'));
    assert.deepEqual(resultNames(listing.body), []);
    const page = await visitor.get(`/organizations/${ids.hidden}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /members-only@khaen/);
    assert.doesNotMatch(page.body, /5555 0000/);
    assert.match(page.body, /hello@khaen\.example/);
    assert.equal(jsonLd(page.body).data.email, 'hello@khaen.example');
    const asMember = await member.get(`/organizations/${ids.hidden}`);
    assert.match(asMember.body, /members-only@khaen\.example/);
    assert.doesNotMatch(asMember.body, /5555 0000/);
    assert.doesNotMatch(jsonLd(asMember.body).raw, /members-only/, 'structured data holds public contacts only');
    assert.equal((await visitor.get(`/organizations/${ids.draft}`)).statusCode, 404);
  });

  test('people are listed too, with their own facets', async () => {
    await t.app.mosaic.directory.createPerson(editorP, la.id, { name: { en: 'Bounmy Silk Weaver' }, professions: ['weaver'], domains: ['C'], regionCode: 'LA-LP' }, actor);
    const res = await visitor.get('/people?space=LA');
    assert.equal(res.statusCode, 200);
    assert.ok(resultNames(res.body).includes('Bounmy Silk Weaver'));
    assert.equal(facetCount(res.body, 'domain', 'C'), 1);
    assert.doesNotMatch(res.body, /name="type"/);
  });
});

describe('profiles', () => {
  test('JSON-LD parses, describes the organisation, and a name cannot break out of it', async () => {
    const name = 'Troupe </script><script>alert(1)</script> & “Co”';
    const id = await createOrg({ name: { en: name, lo: 'ຄະນະລະຄອນ' }, type: 'civil_society', regionCode: 'LA-LP', foundedYear: 1999, address: 'Ban Xieng Thong' });
    const res = await new Client(t.app).get(`/en/organizations/${id}`);
    assert.equal(res.statusCode, 200);
    const { raw, data } = jsonLd(res.body);
    assert.doesNotMatch(raw, /<\/?script/i);
    assert.match(raw, /\\u003c\/script\\u003e/);
    assert.equal(data['@type'], 'Organization');
    assert.equal(data.name, name);
    assert.deepEqual(data.alternateName, ['ຄະນະລະຄອນ']);
    assert.equal(data.foundingDate, '1999');
    assert.equal((data.address as Record<string, unknown>).addressRegion, 'Luang Prabang');
    assert.equal((res.body.match(/<script>alert/g) ?? []).length, 0, 'no live script anywhere on the page');
  });

  test('a verified organisation shows the date; editors get the actions, visitors do not', async () => {
    const page = await visitor.get(`/organizations/${ids.org0}`);
    assert.match(page.body, /Verified on <time datetime="\d{4}-/);
    assert.doesNotMatch(page.body, /\/edit"/);
    assert.doesNotMatch(page.body, /Do you run this organisation/);
    const asEditor = await editor.get(`/organizations/${ids.org0}`);
    for (const action of ['/edit"', '/verify"', '/status"', '/merge"']) assert.ok(asEditor.body.includes(`/organizations/${ids.org0}${action}`), action);
    const asMember = await member.get(`/organizations/${ids.org0}`);
    assert.match(asMember.body, /Do you run this organisation/);
    assert.doesNotMatch(asMember.body, /\/merge"/);
  });

  test('a signed-in reader follows and unfollows an organisation from its page; a visitor is asked to sign in', async () => {
    const url = `/organizations/${ids.org0}`;
    assert.match((await visitor.get(url)).body, /\/login\?next=/);
    const before = await member.get(url);
    assert.match(before.body, /name="op" value="follow"/);
    const res = await member.submit(url, { target_type: 'organization', target_id: ids.org0!, op: 'follow', next: url }, '/follows');
    assert.equal(res.statusCode, 303);
    assert.match((await member.get(url)).body, /name="op" value="unfollow"/);
    await member.submit(url, { target_type: 'organization', target_id: ids.org0!, op: 'unfollow', next: url }, '/follows');
    assert.match((await member.get(url)).body, /name="op" value="follow"/);
  });

  test('editors verify, archive and publish through the buttons', async () => {
    const id = ids.org1!;
    const page = await editor.get(`/organizations/${id}`);
    let res = await editor.post(`/organizations/${id}/verify`, { _csrf: csrfFrom(page.body), verified: '1' });
    assert.equal(res.statusCode, 303);
    assert.match((await editor.get(String(res.headers.location))).body, /Verified on/);
    res = await editor.post(`/organizations/${id}/status`, { _csrf: csrfFrom(page.body), status: 'archived' });
    assert.equal(res.statusCode, 303);
    assert.equal((await visitor.get(`/organizations/${id}`)).statusCode, 404);
    res = await editor.post(`/organizations/${id}/status`, { _csrf: csrfFrom(page.body), status: 'published' });
    assert.equal((await visitor.get(`/organizations/${id}`)).statusCode, 200);
    res = await member.post(`/organizations/${id}/verify`, { _csrf: csrfFrom((await member.get(`/organizations/${id}`)).body), verified: '0' });
    assert.equal(res.statusCode, 403);
  });
});

describe('forms', () => {
  test('a rejected organisation form comes back with every error and every typed value; a good one creates', async () => {
    const form = {
      'name.en': '',
      'name.lo': '',
      type: 'shop',
      address: 'Ban Phonxay, Vientiane',
      latitude: '17.97',
      longitude: '',
      'contacts.0.kind': 'email',
      'contacts.0.value': 'not-an-email',
      'contacts.0.visibility': 'members',
      languages: 'lo, en',
      foundedYear: '3000',
      'description.fr': 'Un atelier de tissage',
      'description.ru': 'Ткацкая мастерская',
    };
    const res = await member.submit('/organizations/new?space=LA', form, '/organizations/new?space=LA');
    assert.equal(res.statusCode, 400);
    for (const field of ['name', 'type', 'longitude', 'contacts.0.value', 'foundedYear']) assert.match(res.body, new RegExp(`href="#f-${field.replace(/\./g, '\\.')}"`), field);
    assert.match(res.body, /value="Ban Phonxay, Vientiane"|>Ban Phonxay, Vientiane</);
    assert.match(res.body, /value="not-an-email"/);
    assert.match(res.body, /value="17.97"/);
    assert.match(res.body, /value="lo, en"/);
    assert.match(res.body, /Un atelier de tissage/);
    assert.match(res.body, /<details open(="")?><summary>Other languages<\/summary>(?:(?!<\/details>)[\s\S])*Ткацкая мастерская/, 'a description in a language not shown first opens its group');
    assert.match(res.body, /<option value="members" selected/);

    const ok = await member.submit('/organizations/new?space=LA', { ...form, 'name.en': 'Phonxay Weaving Studio', type: 'private', longitude: '102.6', 'contacts.0.value': 'studio@phonxay.example', foundedYear: '2015', domains: 'C' }, '/organizations/new?space=LA');
    assert.equal(ok.statusCode, 303);
    const location = String(ok.headers.location);
    assert.match(location, /^\/organizations\/[0-9a-f-]{36}\?notice=created$/);
    const created = await member.get(location);
    assert.match(created.body, /Phonxay Weaving Studio/);
    assert.match(created.body, /The record has been created/);
    assert.match(created.body, /\/edit"/, 'the creator manages the record');
    // The edit form round-trips, and a bad edit keeps what was typed.
    const edit = await member.get(location.split('?')[0] + '/edit');
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="Phonxay Weaving Studio"/);
    assert.match(edit.body, /value="C" checked/);
    const bad = await member.submit(location.split('?')[0] + '/edit', { 'name.en': 'Phonxay Weaving Studio', type: 'private', foundedYear: 'soon' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="soon"/);
  });

  test('a likely duplicate is shown first; “create anyway” creates it', async () => {
    const before = await visitor.get('/organizations?space=LA&q=Heritage');
    const count = Number(/(\d+) organisations/.exec(before.body)![1]);
    const form = { 'name.en': 'Heritage Collective 03', type: 'network', 'contacts.0.kind': 'website', 'contacts.0.value': 'https://collective3.example', 'contacts.0.visibility': 'public' };
    const res = await editor.submit('/organizations/new?space=LA', form, '/organizations/new?space=LA');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /A similar record already exists|similar records already exist/);
    assert.ok(res.body.includes(`href="/organizations/${ids.org3}"`), 'links to the existing record');
    assert.match(res.body, /name="confirm" value="1"/);
    assert.match(res.body, /Create anyway/);
    assert.match(res.body, /value="Heritage Collective 03"/);
    const still = await visitor.get('/organizations?space=LA&q=Heritage');
    assert.equal(Number(/(\d+) organisations/.exec(still.body)![1]), count, 'nothing was created yet');
    const confirmed = await editor.submit('/organizations/new?space=LA', { ...form, confirm: '1' }, '/organizations/new?space=LA');
    assert.equal(confirmed.statusCode, 303);
  });

  test('a signed-in user creates and edits their own profile; sex and age stay private', async () => {
    const { client } = await userWithRole('artist@example.org', null);
    assert.equal((await visitor.get('/people/me?space=LA')).statusCode, 303, 'visitors are sent to sign in');
    const empty = await client.get('/people/me?space=LA');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /value="artist"/, 'the name starts from the account');
    assert.match(empty.body, /never shown on your profile/);
    const form = { 'name.en': 'Noy Sengdara', 'name.lo': 'ນ້ອຍ ແສງດາລາ', professions: 'painter, muralist', skills: 'natural dyes', demographics: '1', demographicsConsent: '1', sex: 'female', ageBand: '25-34', 'portfolio.0': 'noy.example/work' };
    const res = await client.submit('/people/me?space=LA', form, '/people/me?space=LA');
    assert.equal(res.statusCode, 303);
    const profileUrl = String(res.headers.location).split('?')[0]!;
    const own = await client.get(profileUrl);
    assert.match(own.body, /painter, muralist/);
    assert.match(own.body, /25–34 years|25-34 years/);
    const pub = await visitor.get(profileUrl);
    assert.equal(pub.statusCode, 200);
    assert.doesNotMatch(pub.body, /Female|25-34/);
    const { data } = jsonLd(pub.body);
    assert.equal(data['@type'], 'Person');
    assert.deepEqual(data.sameAs, 'https://noy.example/work');
    assert.doesNotMatch(JSON.stringify(data), /female|25-34/);
    // Editing again: the form is filled in; withdrawing consent erases sex and age.
    const again = await client.get('/people/me?space=LA');
    assert.match(again.body, /value="Noy Sengdara"/);
    assert.match(again.body, /name="demographicsConsent" value="1" checked/);
    const saved = await client.submit('/people/me?space=LA', { ...form, demographicsConsent: '' }, '/people/me?space=LA');
    assert.equal(saved.statusCode, 303);
    assert.equal(String(saved.headers.location), `${profileUrl}?notice=saved`);
    assert.doesNotMatch((await client.get(profileUrl)).body, /25-34/);
    const bad = await client.submit('/people/me?space=LA', { ...form, 'name.en': '', 'name.lo': '', 'portfolio.0': 'javascript:alert(1)' }, '/people/me?space=LA');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="painter, muralist"/);
  });

  test('editors add people; members may not', async () => {
    assert.equal((await member.get('/people/new?space=LA')).statusCode, 403);
    const res = await editor.submit('/people/new?space=LA', { 'name.en': 'Somchai Khaen Player', professions: 'musician', domains: 'B' }, '/people/new?space=LA');
    assert.equal(res.statusCode, 303);
    const dup = await editor.submit('/people/new?space=LA', { 'name.en': 'Somchai Khaen Player', professions: 'musician' }, '/people/new?space=LA');
    assert.equal(dup.statusCode, 200);
    assert.match(dup.body, /A similar record already exists/);
  });
});

describe('claims and merges', () => {
  test('claim → the queue → approve → the claimant can edit', async () => {
    const id = ids.org7!;
    assert.equal((await claimant.get(`/organizations/${id}/edit`)).statusCode, 403);
    const page = await claimant.get(`/organizations/${id}`);
    assert.match(page.body, /Ask to manage this record/);
    const res = await claimant.post(`/organizations/${id}/claim`, { _csrf: csrfFrom(page.body), message: 'I am the director <b>really</b>' });
    assert.equal(res.statusCode, 303);
    assert.match((await claimant.get(String(res.headers.location))).body, /Your request has been sent/);
    const again = await claimant.post(`/organizations/${id}/claim`, { _csrf: csrfFrom(page.body), message: 'again' });
    assert.match(String(again.headers.location), /notice=pending/);

    assert.equal((await member.get('/admin/claims')).statusCode, 403);
    const queue = await editor.get('/admin/claims');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Heritage Collective 07/);
    assert.match(queue.body, /claimant@example\.org/);
    assert.match(queue.body, /I am the director &lt;b>really&lt;\/b>/);
    const claimId = /action="\/admin\/claims\/([0-9a-f-]{36})"/.exec(queue.body)![1]!;
    const decided = await editor.post(`/admin/claims/${claimId}`, { _csrf: csrfFrom(queue.body), decision: 'approve' });
    assert.equal(decided.statusCode, 303);
    assert.match((await editor.get(String(decided.headers.location))).body, /has been approved/);
    assert.doesNotMatch((await editor.get('/admin/claims')).body, /Heritage Collective 07/);
    const mail = await t.app.mosaic.db.selectFrom('outbox').select(['to_address', 'subject']).execute();
    assert.ok(mail.some((m) => m.to_address === 'claimant@example.org' && /You now manage/.test(m.subject)), 'the claimant is told by email');
    const edit = await claimant.get(`/organizations/${id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.doesNotMatch((await claimant.get(`/organizations/${id}`)).body, /Ask to manage this record/);
  });

  test('merging an organisation: choose → confirm side by side (nothing merged yet) → merged; a missing or wrong confirmation merges nothing', async () => {
    const dir = t.app.mosaic.directory;
    const keep = await createOrg({ name: { en: 'Vientiane Puppet Theatre' }, type: 'civil_society', regionCode: 'LA-VT' });
    const drop = await createOrg({ name: { en: 'Vientiane Puppet Theater', lo: 'ໂຮງລະຄອນຫຸ່ນວຽງຈັນ' }, type: 'civil_society', regionCode: 'LA-VT', contacts: [{ kind: 'email', value: 'puppets@example.org' }] });
    const person = await dir.createPerson(editorP, la.id, { name: { en: 'Kham Puppeteer' } }, actor);
    await dir.addAffiliation(editorP, { personId: person.id, organizationId: drop, role: 'Puppeteer' }, actor);
    const merged = async () => (await dir.getOrganization(editorP, drop)).mergedInto;
    const base = `/organizations/${drop}`;

    // The profile links to the merge for editors only; others may not open or post it.
    assert.ok((await editor.get(base)).body.includes(`href="${base}/merge"`));
    assert.doesNotMatch((await member.get(base)).body, /\/merge"/);
    assert.equal((await member.get(`${base}/merge`)).statusCode, 403);
    assert.equal((await member.post(`${base}/merge`, { _csrf: csrfFrom((await member.get(base)).body), into: keep })).statusCode, 403);
    assert.match(String((await visitor.get(`${base}/merge`)).headers.location), /^\/login\?next=/);

    // Step 1: the likely duplicate is offered; bad choices come back with the message and what was typed.
    const choose = await editor.get(`${base}/merge`);
    assert.equal(choose.statusCode, 200);
    assert.ok(choose.body.includes(`name="into" value="${keep}"`), 'the likely duplicate is offered');
    const csrf = csrfFrom(choose.body);
    const itself = await editor.post(`${base}/merge`, { _csrf: csrf, intoId: drop });
    assert.equal(itself.statusCode, 400);
    assert.match(itself.body, /Choose two different records/);
    const missing = await editor.post(`${base}/merge`, { _csrf: csrf, intoId: 'https://x.example/organizations/00000000-0000-7000-8000-000000000000' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /No organisation has this identifier/);
    assert.ok(missing.body.includes('value="https://x.example/organizations/00000000-0000-7000-8000-000000000000"'), 'what was typed is kept');
    assert.match((await editor.post(`${base}/merge`, { _csrf: csrf, intoId: person.id })).body, /No organisation has this identifier/, 'a person is not an organisation');

    // Step 2: the first POST shows both records and what moves, and merges nothing.
    const confirm = await editor.post(`${base}/merge`, { _csrf: csrf, intoId: `http://localhost:3000/lo/organizations/${keep}` });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Confirm the merge/);
    assert.match(confirm.body, /Vientiane Puppet Theater</);
    assert.match(confirm.body, /Vientiane Puppet Theatre</);
    assert.match(confirm.body, /Civil society/);
    assert.match(confirm.body, /Vientiane Capital/);
    assert.match(confirm.body, /Not verified yet/);
    assert.match(confirm.body, /1 person</);
    assert.match(confirm.body, /No person</);
    assert.match(confirm.body, /1 contact</);
    assert.match(confirm.body, /What moves to the kept record/);
    assert.ok(confirm.body.includes(`name="into" value="${keep}"`));
    assert.ok(confirm.body.includes(`href="${base}"`), 'a way back without merging');
    const token = /name="confirm" value="([^"]+)"/.exec(confirm.body)?.[1];
    assert.ok(token && token.length >= 40, 'the confirmation carries a token');
    assert.equal(await merged(), null, 'not merged before confirming');

    // A confirmation that is missing, forged, for another record or without CSRF merges nothing.
    assert.equal((await editor.post(`${base}/merge`, { _csrf: csrf, into: keep })).statusCode, 200);
    for (const wrong of ['1', 'yes', token.slice(0, -2) + 'xx', '']) {
      const res = await editor.post(`${base}/merge`, { _csrf: csrf, into: keep, confirm: wrong });
      assert.equal(res.statusCode, 400, `confirm=${wrong}`);
      assert.match(res.body, /check them again/);
      assert.equal(await merged(), null);
    }
    const other = await createOrg({ name: { en: 'Luang Prabang Puppets' }, type: 'civil_society' });
    assert.equal((await editor.post(`${base}/merge`, { _csrf: csrf, into: other, confirm: token })).statusCode, 400, 'the token is for the records shown');
    assert.equal((await editor.post(`${base}/merge`, { into: keep, confirm: token })).statusCode, 403, 'CSRF is checked');
    assert.equal(await merged(), null);
    // A record changed since the confirmation is shown again before anything merges.
    await dir.updateOrganization(editorP, keep, { address: 'Ban Sisaket' }, actor);
    const changed = await editor.post(`${base}/merge`, { _csrf: csrf, into: keep, confirm: token });
    assert.equal(changed.statusCode, 400);
    assert.match(changed.body, /These records have changed/);
    assert.equal(await merged(), null);
    const fresh = /name="confirm" value="([^"]+)"/.exec(changed.body)![1]!;

    // The confirmed POST merges: people move, names in other scripts and contacts are kept.
    const res = await editor.post(`${base}/merge`, { _csrf: csrfFrom(changed.body), into: keep, confirm: fresh });
    assert.equal(res.statusCode, 303);
    assert.equal(String(res.headers.location), `/organizations/${keep}?notice=merged`);
    assert.equal(await merged(), keep);
    const kept = await visitor.get(`/organizations/${keep}`);
    assert.match(kept.body, /Kham Puppeteer/);
    assert.match(kept.body, /ໂຮງລະຄອນຫຸ່ນວຽງຈັນ/);
    const old = await visitor.get(base);
    assert.equal(old.statusCode, 301, 'an old link to the merged record leads to the kept one');
    assert.equal(old.headers.location, `/organizations/${keep}`);
    const ld = jsonLd(kept.body).data;
    assert.equal((ld.member as Record<string, unknown>).name, 'Kham Puppeteer');
    assert.ok((await visitor.get(`/people/${person.id}`)).body.includes(`/organizations/${keep}`));
    // Once merged, the same confirmation cannot merge again, and the merge page leads to the profile.
    const again = await editor.post(`${base}/merge`, { _csrf: csrfFrom(changed.body), into: keep, confirm: fresh });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already been merged/);
    assert.equal((await editor.get(`${base}/merge`)).statusCode, 303);
    const audit = await t.app.mosaic.db.selectFrom('audit_log').select('id').where('action', '=', 'organization.merge').where('entity_id', '=', keep).execute();
    assert.equal(audit.length, 1);
  });
});

describe('the region map', () => {
  test('an SVG with a link per region, the right counts, a legend, a table and the attribution', async () => {
    const res = await visitor.get('/organizations/map?space=la');
    assert.equal(res.statusCode, 200);
    const svg = /<svg viewBox[\s\S]*?<\/svg>/.exec(res.body)![0];
    const links = [...svg.matchAll(/<a href="\/organizations\?space=LA&amp;region=(LA-[A-Z]{2})">/g)].map((m) => m[1]);
    assert.equal(links.length, 18);
    assert.equal(new Set(links).size, 18);
    const counts = await t.app.mosaic.directory.countByRegion(la.id);
    assert.equal(counts.get('LA-VT'), 10 + 1, '10 collectives + the theatre kept by the merge (the other is archived; the draft is not counted)');
    assert.match(svg, /<title>Vientiane Capital: 11 organisations<\/title>/);
    assert.match(svg, /<title>Attapeu: 0 organisations<\/title>/);
    assert.match(res.body, /<td><a href="\/organizations\?space=LA&amp;region=LA-VT">Vientiane Capital<\/a><\/td><td>11<\/td>/);
    assert.match(res.body, /class="legend"/);
    assert.match(res.body, /OpenStreetMap contributors \(ODbL\)/);
    assert.ok(Buffer.byteLength(svg) < 15 * 1024, `the SVG is ${Buffer.byteLength(svg)} bytes`);
    const rw = await new Client(t.app).get('/rw/organizations/map?space=RW');
    assert.match(rw.body, /CC BY 4\.0/);
    assert.equal([...rw.body.matchAll(/region=RW-0\d"/g)].length, 10, 'five regions, each in the map and the table');
  });

  test('a country without a boundary file gets a tile grid', async () => {
    const id = newId();
    await spacesRepo.insertSpace(t.app.mosaic.db, { id, code: 'KH', name: JSON.stringify({ en: { value: 'Cambodia', provenance: 'human' } }), default_locale: 'en', locales: '["en"]', created_at: nowIso(), updated_at: nowIso() });
    const codes = ['KH-1', 'KH-2', 'KH-3', 'KH-4', 'KH-5'];
    let order = 0;
    for (const code of codes) {
      await spacesRepo.insertRegion(t.app.mosaic.db, { id: newId(), space_id: id, code, type: 'province', name: JSON.stringify({ en: { value: `Province ${code}`, provenance: 'human' } }), sort_order: order++ });
    }
    const res = await new Client(t.app).get('/organizations/map?space=KH');
    assert.equal(res.statusCode, 200);
    const svg = /<svg viewBox[\s\S]*?<\/svg>/.exec(res.body)![0];
    assert.equal([...svg.matchAll(/<rect /g)].length, 5);
    for (const code of codes) assert.ok(svg.includes(`region=${code}"`), code);
    assert.match(svg, /<title>Province KH-3: 0 organisations<\/title>/);
    assert.doesNotMatch(res.body, /OpenStreetMap/);
  });

  test('the map page asks for a country, and an unknown one is not found', async () => {
    assert.match((await visitor.get('/organizations/map')).body, /map\?space=LA/);
    assert.equal((await visitor.get('/organizations/map?space=ZZ')).statusCode, 404);
  });
});

describe('bad input', () => {
  test('junk query strings and ids never give a 500', async () => {
    const urls = [
      '/organizations?space=%3Cx%3E&type=<script>&page=-1&q=' + encodeURIComponent('"*((( OR'),
      '/organizations?type=a&type=b&type=c&region=la-vt&page=99999&verified[]=x',
      '/organizations?q=' + 'x'.repeat(5000),
      '/people?space=LA&lang=' + encodeURIComponent('../../etc') + '&domain=%00',
      '/organizations/not-an-id',
      '/organizations/' + 'a'.repeat(150),
      '/people/00000000-0000-0000-0000-000000000000',
      '/organizations/map?space=' + encodeURIComponent('LA&x'),
      '/organizations/new?space=zz',
      '/admin/claims?done=<b>',
    ];
    for (const url of urls) {
      const res = await member.get(url);
      assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
    }
    const unknown = await member.get('/organizations?space=zz&type=private');
    assert.equal(unknown.statusCode, 200);
    assert.doesNotMatch(unknown.body, /space=ZZ/i, 'an unknown country is dropped from the links');
    const post = await member.post('/organizations/new?space=LA', { _csrf: csrfFrom((await member.get('/organizations/new?space=LA')).body), 'name.xx': 'a', 'contacts.99.kind': 'fax', domains: 'Q' });
    assert.equal(post.statusCode, 400);
    const claim = await editor.post('/admin/claims/nope', { _csrf: csrfFrom((await editor.get('/admin/claims')).body), decision: 'maybe' });
    assert.equal(claim.statusCode, 400);
  });
});

describe('page weight', () => {
  test('the listing and the map stay within the budget (HTML ≤ 14 KB, with CSS and JS ≤ 30 KB, compressed)', async (ctx) => {
    const size = async (url: string) => {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(res.statusCode, 200, url);
      const encoding = res.headers['content-encoding'];
      const body = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : encoding === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
      return { wire: res.rawPayload.length, encoding, body: body.toString('utf8') };
    };
    const listing = await size('/organizations?space=LA');
    const map = await size('/organizations/map?space=LA');
    let assets = 0;
    for (const m of listing.body.matchAll(/(?:href|src)="(\/static\/[^"]+\.(?:css|js))"/g)) assets += (await size(m[1]!)).wire;
    const report = `compressed: /organizations?space=LA ${listing.wire} B, /organizations/map?space=LA ${map.wire} B, CSS+JS ${assets} B; ` + `map SVG raw ${Buffer.byteLength(/<svg viewBox[\s\S]*?<\/svg>/.exec(map.body)![0])} B (brotli ${brotliCompressSync(/<svg viewBox[\s\S]*?<\/svg>/.exec(map.body)![0]).length} B)`;
    ctx.diagnostic(report);
    console.log(report);
    assert.ok(listing.wire <= 14 * 1024, report);
    assert.ok(map.wire <= 14 * 1024, report);
    assert.ok(listing.wire + assets <= 30 * 1024, report);
    assert.ok(map.wire + assets <= 30 * 1024, report);
  });
});
