import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const PASSWORD = 'library-test-password';
const ids: Record<string, string> = {};
let la: { id: string };
let editorP: Principal;
let visitor: Client;
let editor: Client;
let member: Client;
let admin: Client;
let grouped: Client;

async function signedIn(email: string, role: 'member' | 'editor' | 'admin' | null): Promise<{ client: Client; id: string }> {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, PASSWORD, actor);
  if (role) await db.transaction().execute((trx) => setRole(trx, actor, null, la.id, id, role));
  const client = new Client(t.app, { 'accept-language': 'en' });
  const res = await client.submit('/login', { email, password: PASSWORD });
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return { client, id };
}

/** Titles of the results of a listing page, in order. */
function resultTitles(html: string): string[] {
  const list = /<ol class="results">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<h2><a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** The count beside the facet link that adds `param=value`. */
function facetCount(html: string, param: string, value: string): number | null {
  const nav = /<nav aria-labelledby="lib-refine">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  for (const m of nav.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const params = new URLSearchParams(m[1]!.replace(/&amp;/g, '&').split('?')[1] ?? '');
    if (params.getAll(param).includes(value)) return Number(/\((\d+)\)<\/span>$/.exec(m[2]!)?.[1]);
  }
  return null;
}

before(async () => {
  t = await createTestApp();
  la = await getSpace(t.app.mosaic.db, 'LA');
  const ed = await signedIn('editor@example.org', 'editor');
  editor = ed.client;
  editorP = { userId: ed.id, isPlatformAdmin: false, roles: new Map([[la.id, 'editor']]) };
  member = (await signedIn('member@example.org', 'member')).client;
  admin = (await signedIn('admin@example.org', 'admin')).client;
  visitor = new Client(t.app, { 'accept-language': 'en' });
  const { library } = t.app.mosaic;
  for (let i = 0; i < 25; i++) {
    ids[`r${i}`] = (
      await library.createResource(
        editorP,
        la.id,
        {
          type: i % 2 ? 'report' : 'policy',
          title: { en: `Weaving study ${String(i).padStart(2, '0')}` },
          abstract: { en: `Silk weaving in the northern provinces, part ${i}.` },
          date: `${2000 + i}`,
          domains: ['C'],
          languages: ['lo'],
          sdgs: i % 5 === 0 ? ['8.3'] : [],
        },
        actor,
      )
    ).id;
  }
  ids.members = (await library.createResource(editorP, la.id, { type: 'strategy', title: { en: 'Confidential weaving strategy' }, abstract: { en: 'Khene makers and silk weaving cooperatives.' }, access: 'members', date: '2025' }, actor)).id;
  ids.draft = (await library.createResource(editorP, la.id, { type: 'strategy', title: { en: 'Draft weaving plan' }, status: 'draft' }, actor)).id;
  const adminP: Principal = { userId: 'x', isPlatformAdmin: false, roles: new Map([[la.id, 'admin']]) };
  const group = await library.createGroup(adminP, la.id, { name: 'Weavers council' }, actor);
  const g = await signedIn('council@example.org', null);
  grouped = g.client;
  await library.addGroupMember(adminP, group.id, 'council@example.org', actor);
  ids.group = (await library.createResource(editorP, la.id, { type: 'report', title: { en: 'Council weaving minutes' }, access: 'groups', groups: [group.id] }, actor)).id;
});
after(async () => t.close());

describe('listing and search pages', () => {
  test('a visitor sees public resources only: in the listing, its facets, search and the resource page', async () => {
    const res = await visitor.get('/library?space=la');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /25 resources/);
    assert.equal(resultTitles(res.body).length, 20);
    assert.equal(resultTitles(res.body)[0], 'Weaving study 24', 'newest first without words');
    assert.equal(facetCount(res.body, 'type', 'strategy'), null, 'no count for the hidden strategies');
    assert.equal(facetCount(res.body, 'type', 'policy'), 13);
    assert.equal(facetCount(res.body, 'sdg', '8'), 5);
    assert.doesNotMatch(res.body, /Confidential|Draft weaving|Council weaving/);
    const search = await visitor.get('/library?q=khene');
    assert.match(search.body, /0 resources/);
    const global = await visitor.get('/search?q=confidential');
    assert.doesNotMatch(global.body, /Confidential weaving strategy/);
    assert.equal((await visitor.get(`/library/${ids.members}`)).statusCode, 404);
    assert.equal((await visitor.get(`/library/${ids.draft}`)).statusCode, 404);
  });

  test('a member of the space finds the members’ resource, with a highlighted snippet', async () => {
    const res = await member.get('/library?q=khene');
    assert.match(res.body, /1 resource\b/);
    assert.deepEqual(resultTitles(res.body), ['Confidential weaving strategy']);
    assert.match(res.body, /<mark>Khene<\/mark> makers/);
    assert.equal(facetCount(res.body, 'access', 'members'), 1);
    assert.equal((await member.get(`/library/${ids.members}`)).statusCode, 200);
    assert.equal((await member.get(`/library/${ids.group}`)).statusCode, 404);
  });

  test('a named group’s member finds its resource; editors see drafts', async () => {
    assert.deepEqual(resultTitles((await grouped.get('/library?q=council')).body), ['Council weaving minutes']);
    const res = await editor.get('/library?q=weaving&sort=date');
    assert.match(res.body, /28 resources/);
    assert.equal(resultTitles(res.body)[0], 'Confidential weaving strategy', 'by date: 2025 first');
    assert.equal(facetCount(res.body, 'status', 'draft'), 1);
  });

  test('filters narrow, and a chosen facet still shows its other values', async () => {
    const res = await visitor.get('/library?space=LA&type=report&year=2003');
    assert.deepEqual(resultTitles(res.body), ['Weaving study 03']);
    assert.equal(facetCount(res.body, 'type', 'report'), 1);
    assert.equal(facetCount(res.body, 'type', 'policy'), null, 'none of 2003');
    assert.equal(facetCount(res.body, 'year', '2005'), 1, 'years counted without the year filter: the 2005 report');
    assert.equal(facetCount(res.body, 'year', '2004'), null, '2004 was a policy');
  });
});

describe('resource pages and forms', () => {
  test('bad input comes back with every error and the typed values; good input creates the resource', async () => {
    const form = await editor.get('/library/new?space=LA');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="title.lo"/);
    const bad = await editor.submit('/library/new?space=LA', {
      type: 'report',
      'title.en': '',
      'title.lo': '',
      'abstract.en': 'Kept abstract ✓',
      creators: 'Somphone K.\n/organizations/00000000-0000-7000-8000-000000000000',
      date: '2019-13',
      keywords: 'silk, indigo',
      'identifiers.0.scheme': 'isbn',
      'identifiers.0.value': '978-0-306-40615-8',
      countries: 'QQ',
      access: 'public',
    }, '/library/new?space=LA');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Kept abstract ✓/);
    assert.match(bad.body, /value="silk, indigo"/);
    assert.match(bad.body, /value="978-0-306-40615-8"/);
    for (const field of ['title', 'creators', 'date', 'identifiers.0.value', 'countries']) assert.match(bad.body, new RegExp(`href="#f-${field.replace('.', '\\.')}"`), field);
    const good = await editor.submit('/library/new?space=LA', {
      type: 'law',
      'title.lo': 'ກົດໝາຍວ່າດ້ວຍມໍລະດົກແຫ່ງຊາດ',
      'title.en': 'Law on National Heritage',
      'abstract.en': 'Protects tangible and intangible heritage.',
      creators: 'National Assembly',
      date: '2013-11-24',
      domains: 'A',
      keywords: 'heritage, law',
      languages: 'lo, en',
      'identifiers.0.scheme': 'url',
      'identifiers.0.value': 'https://example.org/heritage-law',
      regions: 'LA-VT',
      licence: 'public-domain',
      sdgs: '11.4',
      areas: '1.1',
      access: 'public',
      status: 'published',
    }, '/library/new?space=LA');
    assert.equal(good.statusCode, 303, good.body);
    const location = good.headers.location as string;
    ids.law = /\/library\/([0-9a-f-]{36})/.exec(location)![1]!;
    const page = await visitor.get(`/library/${ids.law}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Law on National Heritage<\/h1>/);
    assert.match(page.body, /ກົດໝາຍວ່າດ້ວຍມໍລະດົກແຫ່ງຊາດ/);
    assert.match(page.body, /SDG 11\.4 — Strengthen efforts to protect and safeguard/);
    assert.match(page.body, /1\.1 — Cultural and creative sectors/);
    assert.match(page.body, /Vientiane Capital/);
    assert.match(page.body, /<time datetime="2013-11-24">November 24, 2013<\/time>/);
    assert.doesNotMatch(page.body, /Edit<\/a>/, 'a visitor has no edit link');
    const fr = await new Client(t.app).get(`/fr/library/${ids.law}`);
    assert.match(fr.body, /ODD 11\.4 — <span lang="en">Strengthen efforts/, 'a target with no French label falls back to English, marked');
  });

  test('an editor edits; a member may not', async () => {
    const edit = await editor.get(`/library/${ids.law}/edit`);
    assert.match(edit.body, /value="Law on National Heritage"/);
    assert.equal((await member.get(`/library/${ids.law}/edit`)).statusCode, 403);
    const res = await editor.submit(`/library/${ids.law}/edit`, {
      type: 'law',
      'title.en': 'Law on National Heritage (amended)',
      'title.lo': 'ກົດໝາຍວ່າດ້ວຍມໍລະດົກແຫ່ງຊາດ',
      access: 'public',
      status: 'published',
    });
    assert.equal(res.statusCode, 303);
    assert.match((await visitor.get(`/library/${ids.law}`)).body, /Law on National Heritage \(amended\)/);
  });

  test('relations by address, bookmarks, collections', async () => {
    const add = await editor.submit(`/library/${ids.law}`, { kind: 'references', related: `http://localhost:3000/library/${ids.r1}` }, `/library/${ids.law}/relations`);
    assert.equal(add.statusCode, 303);
    const other = await visitor.get(`/library/${ids.r1}`);
    assert.match(other.body, /Cited by: <a href="\/library\/[^"]+">Law on National Heritage \(amended\)<\/a>/);
    const wrong = await editor.submit(`/library/${ids.law}`, { kind: 'references', related: 'not a resource' }, `/library/${ids.law}/relations`);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /No resource you may see has this identifier or address/);
    assert.match(wrong.body, /value="not a resource"/);

    assert.equal((await member.submit(`/library/${ids.law}`, { on: '1' }, `/library/${ids.law}/bookmark`)).statusCode, 303);
    const mine = await member.get('/library/bookmarks');
    assert.deepEqual(resultTitles(mine.body), ['Law on National Heritage (amended)']);
    assert.equal((await visitor.get('/library/bookmarks')).statusCode, 303, 'visitors are sent to sign in');

    const col = await editor.submit('/library/collections/new?space=LA', { 'title.en': 'Heritage essentials', 'introduction.en': 'Start with the law.', status: 'published' }, '/library/collections/new?space=LA');
    assert.equal(col.statusCode, 303);
    const colId = /collections\/([0-9a-f-]{36})/.exec(col.headers.location as string)![1]!;
    await editor.submit(`/library/${ids.law}`, { collection: colId }, `/library/${ids.law}/collections`);
    await editor.submit(`/library/${ids.r2}`, { collection: colId }, `/library/${ids.r2}/collections`);
    await editor.submit(`/library/collections/${colId}`, {}, `/library/collections/${colId}/items/${ids.r2}/up`);
    const page = await visitor.get(`/library/collections/${colId}`);
    assert.deepEqual(resultTitles(page.body), ['Weaving study 02', 'Law on National Heritage (amended)']);
    assert.match(page.body, /Start with the law\./);
    assert.match((await visitor.get('/library/collections')).body, /Heritage essentials/);
  });

  test('deleting asks first, needs an administrator, and leaves a 410 behind', async () => {
    assert.equal((await editor.get(`/library/${ids.law}/delete`)).statusCode, 403);
    const confirm = await admin.get(`/library/${ids.law}/delete`);
    assert.match(confirm.body, /Delete “Law on National Heritage \(amended\)”\?/);
    const done = await admin.submit(`/library/${ids.law}/delete`, {});
    assert.equal(done.statusCode, 303);
    assert.equal((await visitor.get(`/library/${ids.law}`)).statusCode, 410);
    assert.doesNotMatch((await visitor.get('/library?q=heritage')).body, /Law on National Heritage/);
  });

  test('groups: an administrator creates one and adds a member by email; an editor may not', async () => {
    assert.equal((await editor.get('/library/groups?space=LA')).statusCode, 403);
    const page = await admin.get('/library/groups?space=LA');
    assert.match(page.body, /Weavers council/);
    const dup = await admin.submit('/library/groups?space=LA', { name: 'Weavers council', description: '' }, '/library/groups?space=LA');
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /already has this name/);
    const created = await admin.submit('/library/groups?space=LA', { name: 'Film commission', description: 'Reviews film funding' }, '/library/groups?space=LA');
    assert.equal(created.statusCode, 303);
    const groupUrl = (created.headers.location as string).split('?')[0]!;
    const unknown = await admin.submit(groupUrl, { email: 'nobody@example.org' }, `${groupUrl}/members`);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No account has this email address/);
    assert.equal((await admin.submit(groupUrl, { email: 'member@example.org' }, `${groupUrl}/members`)).statusCode, 303);
    assert.match((await admin.get(groupUrl)).body, /member <span class="muted">&lt;member@example\.org>/);
  });
});
