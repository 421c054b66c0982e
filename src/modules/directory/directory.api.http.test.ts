import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';

let t: TestApp;
const actor = { userId: null, label: 'test' };
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};
const space: Record<string, string> = {};

type Who = 'root' | 'laAdmin' | 'laEditor' | 'ana' | 'ben' | 'rwEditor' | 'uzEditor' | 'outsider' | null;

/** A user with roles per space code and an API token. */
async function makeUser(name: Exclude<Who, null | 'root'>, roles: [string, 'member' | 'editor' | 'admin'][]) {
  const { accounts, db } = t.app.mosaic;
  const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${name.toLowerCase()}@example.org`, displayName: name, locale: 'en' }, actor));
  for (const [code, role] of roles) await db.transaction().execute((trx) => setRole(trx, actor, null, space[code]!, id, role));
  userIds[name] = id;
  tokens[name] = (await accounts.createApiToken((await accounts.findById(id))!, 'test', actor)).token;
}

/** An API request as `who` (null = anonymous). */
function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Who = null, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
}

function fieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

interface Listed {
  items: { id: string; name: Record<string, { value: string }>; contacts: { value: string }[]; status: string; demographics?: unknown }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
  next: string | null;
}

async function list(url: string, who: Who = null): Promise<Listed> {
  const res = await call('GET', url, who);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

function countOf(facets: Listed['facets'], facet: string, value: string): number {
  return facets[facet]?.find((f) => f.value === value)?.count ?? 0;
}

const root: () => Principal = () => ({ userId: userIds.root!, isPlatformAdmin: true, roles: new Map() });

before(async () => {
  t = await createTestApp();
  const { accounts } = t.app.mosaic;
  await accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
  const rootUser = (await accounts.findByEmail('root@example.org'))!;
  userIds.root = rootUser.id;
  tokens.root = (await accounts.createApiToken(rootUser, 'root', actor)).token;
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(t.app.mosaic.db, code)).id;
  await makeUser('laAdmin', [['LA', 'admin']]);
  await makeUser('laEditor', [['LA', 'editor']]);
  await makeUser('ana', [['LA', 'member']]);
  await makeUser('ben', [['LA', 'member']]);
  await makeUser('rwEditor', [['RW', 'editor']]);
  await makeUser('uzEditor', [['UZ', 'editor']]);
  await makeUser('outsider', []);
});
after(async () => t.close());

const ids: Record<string, string> = {};

describe('organisations: create, duplicates, validation', () => {
  test('an editor creates an organisation: 201, a Location header and the full view', async () => {
    const res = await call('POST', '/api/v1/organizations', 'laEditor', {
      space: 'la',
      name: { lo: 'ສະມາຄົມຫັດຖະກຳລາວ', en: 'Lao Handicraft Association' },
      type: 'network',
      domains: ['C', 'ich'],
      functions: ['creation'],
      regionCode: 'la-vt',
      address: 'Vientiane',
      latitude: 17.97,
      longitude: 102.6,
      contacts: [
        { kind: 'email', value: 'info@laocraft.example', visibility: 'public' },
        { kind: 'phone', value: '+856 21 123 456', visibility: 'members' },
        { kind: 'email', value: 'director@laocraft.example', visibility: 'editors' },
      ],
      languages: ['lo', 'en'],
      foundedYear: 2001,
      description: { en: 'Silk weavers and basket makers of Vientiane.' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    ids.craft = body.id;
    assert.equal(res.headers.location, `/api/v1/organizations/${body.id}`);
    assert.equal(body.space, 'LA');
    assert.equal(body.spaceId, space.LA);
    assert.deepEqual(body.domains, ['C', 'ICH']);
    assert.equal(body.regionCode, 'LA-VT');
    assert.equal(body.latitude, 17.97);
    assert.equal(body.foundedYear, 2001);
    assert.equal(body.name.lo.value, 'ສະມາຄົມຫັດຖະກຳລາວ');
    assert.equal(body.description.en.provenance, 'human');
    assert.equal(body.contacts.length, 3, 'an editor sees every contact');
    assert.equal(body.canEdit, true);
    assert.deepEqual(body.duplicates, []);
    const again = await call('GET', String(res.headers.location));
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, body.id);
  });

  test('a similar organisation is reported with its likely duplicate, within what the caller may see', async () => {
    // Ana (a member) adds a near namesake that also uses the first one's editors-only email.
    const res = await call('POST', '/api/v1/organizations', 'ana', {
      space: 'LA',
      name: { en: 'Lao Handicrafts Association' },
      type: 'network',
      contacts: [{ kind: 'email', value: 'director@laocraft.example', visibility: 'members' }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    ids.anas = body.id;
    assert.equal(body.status, 'published');
    assert.equal(body.verified, false);
    assert.equal(body.canEdit, true, 'the creator is one of its editors');
    assert.equal(body.canModerate, false);
    const dup = body.duplicates.find((d: { id: string }) => d.id === ids.craft);
    assert.ok(dup, 'the existing record is reported');
    assert.ok(dup.nameSimilarity >= 0.72);
    assert.equal(dup.name.en.value, 'Lao Handicraft Association');
    assert.deepEqual(dup.sharedContacts, [], 'the editors-only contact is not revealed to a member');

    // Found only through a contact Ana may not see: not reported to her...
    const hidden = await call('POST', '/api/v1/organizations', 'ana', {
      space: 'LA',
      name: { en: 'Mekong Pottery Cooperative' },
      type: 'private',
      contacts: [{ kind: 'email', value: 'director@laocraft.example' }],
    });
    assert.equal(hidden.statusCode, 201, hidden.body);
    ids.pottery = hidden.json().id;
    assert.equal(hidden.json().duplicates.some((d: { id: string }) => d.id === ids.craft), false);
    // ...but to an editor, with the shared contact.
    const byEditor = await call('POST', '/api/v1/organizations', 'laEditor', {
      space: 'LA',
      name: { en: 'Champasak Music Ensemble' },
      type: 'civil_society',
      contacts: [{ kind: 'email', value: 'DIRECTOR@laocraft.example' }],
    });
    assert.equal(byEditor.statusCode, 201, byEditor.body);
    ids.music = byEditor.json().id;
    const shared = byEditor.json().duplicates.find((d: { id: string }) => d.id === ids.craft);
    assert.ok(shared);
    assert.deepEqual(shared.sharedContacts, ['email:director@laocraft.example']);
  });

  test('every invalid field is named in one 400 problem, and nothing is stored', async () => {
    const before = (await list('/api/v1/organizations?space=LA', 'laEditor')).total;
    const res = await call('POST', '/api/v1/organizations', 'laEditor', {
      space: 'LA',
      type: 'spaceship',
      domains: ['Z'],
      regionCode: 'XX-99',
      contacts: [{ kind: 'email', value: 'not-an-email' }, { kind: 'fax', value: '123' }],
      languages: ['!!'],
      foundedYear: 3000,
      latitude: 95,
      longitude: 100,
      sizeBand: 'huge',
      status: 'gone',
    });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION');
    const fields = fieldsOf(body);
    for (const f of ['name', 'type', 'domains', 'regionCode', 'contacts.0.value', 'contacts.1.kind', 'languages', 'foundedYear', 'latitude', 'sizeBand', 'status']) {
      assert.ok(fields.includes(f), `${f} is named (got ${fields.join(', ')})`);
    }
    assert.ok(body.errors.every((e: { message: string; code: string }) => e.message && e.code), 'each error has a code and a message');
    assert.equal((await list('/api/v1/organizations?space=LA', 'laEditor')).total, before);
  });

  test('wrong types, an unknown space and a missing token are 4xx problems naming the field', async () => {
    const wrongType = await call('POST', '/api/v1/organizations', 'laEditor', { space: 'LA', name: 'just a string', type: 'network' });
    assert.equal(wrongType.statusCode, 400);
    assert.deepEqual(fieldsOf(wrongType.json()), ['name']);
    const unknown = await call('POST', '/api/v1/organizations', 'laEditor', { space: 'ZZ', name: { en: 'X' }, type: 'network' });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(fieldsOf(unknown.json()), ['space']);
    const missing = await call('POST', '/api/v1/organizations', 'laEditor', { name: { en: 'X' }, type: 'network' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(fieldsOf(missing.json()), ['space']);
    const anonymous = await call('POST', '/api/v1/organizations', null, { space: 'LA', name: 'bad' });
    assert.equal(anonymous.statusCode, 401, 'no token is a 401 even before the body is checked');
    assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
    const member = await call('POST', '/api/v1/organizations', 'ana', { space: 'LA', name: { en: 'Draft by a member' }, type: 'media', status: 'draft' });
    assert.equal(member.statusCode, 400);
    assert.deepEqual(fieldsOf(member.json()), ['status'], 'a member cannot create a draft');
  });
});

describe('visibility', () => {
  test('a visitor never gets member-only contacts or drafts; facets follow the reader’s access', async () => {
    const draft = await call('POST', '/api/v1/organizations', 'laEditor', {
      space: 'LA',
      name: { en: 'Secret Draft Studio' },
      type: 'media',
      domains: ['F'],
      status: 'draft',
      contacts: [{ kind: 'phone', value: '+856 20 9999 0000', visibility: 'members' }],
    });
    assert.equal(draft.statusCode, 201, draft.body);
    ids.draft = draft.json().id;
    assert.equal(draft.json().status, 'draft');

    const visitor = await call('GET', '/api/v1/organizations?space=LA&limit=100');
    assert.equal(visitor.statusCode, 200);
    assert.doesNotMatch(visitor.body, /123 456|9999 0000|Secret Draft/, 'no hidden contact or draft anywhere in the response');
    const seen = visitor.json() as Listed;
    assert.equal(seen.items.some((i) => i.id === ids.draft), false);
    assert.equal(seen.items.length, seen.total);
    const craft = seen.items.find((i) => i.id === ids.craft)!;
    assert.deepEqual(craft.contacts.map((c) => c.value), ['info@laocraft.example'], 'neither the members-only phone nor the editors-only email');
    assert.deepEqual(seen.items.find((i) => i.id === ids.anas)!.contacts, [], 'her members-only email is hidden too');
    assert.equal((await call('GET', `/api/v1/organizations/${ids.draft}`)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/organizations/${ids.craft}`)).json().contacts.length, 1);

    const asMember = await call('GET', `/api/v1/organizations/${ids.craft}`, 'ben');
    assert.deepEqual(asMember.json().contacts.map((c: { value: string }) => c.value), ['info@laocraft.example', '+856 21 123 456']);
    assert.equal((await call('GET', `/api/v1/organizations/${ids.draft}`, 'ben')).statusCode, 404, 'members do not see drafts either');
    const memberList = await list('/api/v1/organizations?space=LA&limit=100', 'ben');
    assert.deepEqual(memberList.items.find((i) => i.id === ids.craft)!.contacts.map((c) => c.value), ['info@laocraft.example', '+856 21 123 456']);

    const editor = await list('/api/v1/organizations?space=LA&limit=100', 'laEditor');
    assert.ok(editor.items.some((i) => i.id === ids.draft));
    assert.equal(editor.total, seen.total + 1);
    // Facet counts: the draft (the only media organisation, the only domain F) counts for editors only.
    assert.equal(countOf(seen.facets, 'org_type', 'media'), 0);
    assert.equal(countOf(seen.facets, 'domain', 'F'), 0);
    assert.equal(countOf(seen.facets, 'status', 'draft'), 0);
    assert.equal(countOf(seen.facets, 'space', 'LA'), seen.total);
    assert.equal(countOf(editor.facets, 'org_type', 'media'), 1);
    assert.equal(countOf(editor.facets, 'domain', 'F'), 1);
    assert.equal(countOf(editor.facets, 'status', 'draft'), 1);
    assert.equal(countOf(editor.facets, 'space', 'LA'), editor.total);
    // A visitor asking for drafts gets none.
    assert.equal((await list('/api/v1/organizations?status=draft')).total, 0);
    assert.equal((await list('/api/v1/organizations?status=draft', 'laEditor')).total, 1);
  });
});

describe('filters and facets', () => {
  before(async () => {
    const rw = async (name: string, extra: Record<string, unknown>) => {
      const res = await call('POST', '/api/v1/organizations', 'rwEditor', { space: 'RW', name: { en: name }, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    ids.imigongo = await rw('Imigongo Art Cooperative', { type: 'civil_society', domains: ['C'], regionCode: 'RW-02', languages: ['rw', 'en'] });
    ids.kigaliFilm = await rw('Kigali Film Collective', { type: 'private', domains: ['D'], regionCode: 'RW-01', languages: ['en', 'fr'] });
    ids.ballet = await rw('National Ballet Urukerereza', { type: 'government', domains: ['B', 'ICH'], regionCode: 'RW-01', languages: ['rw'] });
    ids.radio = await rw('Radio Huguka', { type: 'media', domains: ['F'], regionCode: 'RW-05', languages: ['rw'] });
    await t.app.mosaic.directory.verifyOrganization(root(), ids.ballet, true, actor);
  });

  test('each filter narrows the list; several values of one filter match any of them', async () => {
    const all = await list('/api/v1/organizations?space=rw');
    assert.equal(all.total, 4);
    const idsOf = (l: Listed) => l.items.map((i) => i.id).sort();
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&domain=c')), [ids.imigongo]);
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&domain=C,D')), [ids.imigongo, ids.kigaliFilm].sort());
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&domain=C&domain=ich')), [ids.imigongo, ids.ballet].sort());
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&type=media')), [ids.radio]);
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&region=rw-01')), [ids.kigaliFilm, ids.ballet].sort());
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&verified=true')), [ids.ballet]);
    assert.equal((await list('/api/v1/organizations?space=RW&verified=false')).total, 3);
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&lang=fr')), [ids.kigaliFilm]);
    assert.deepEqual(idsOf(await list('/api/v1/organizations?space=RW&lang=rw&region=RW-01')), [ids.ballet], 'filters combine');
    assert.deepEqual(idsOf(await list('/api/v1/organizations?q=' + encodeURIComponent('film'))), [ids.kigaliFilm]);
    assert.deepEqual(idsOf(await list('/api/v1/organizations?q=imigongo&space=LA')), [], 'the space filter applies to words too');
    assert.ok((await list('/api/v1/organizations?space=la,rw')).total > 4);
  });

  test('facets count every value over all matches, in filter vocabulary', async () => {
    const { facets } = await list('/api/v1/organizations?space=RW&limit=1');
    assert.deepEqual(facets.space, [{ value: 'RW', count: 4 }]);
    assert.equal(countOf(facets, 'verified', 'true'), 1);
    assert.equal(countOf(facets, 'verified', 'false'), 3);
    assert.equal(countOf(facets, 'region', 'RW-01'), 2);
    assert.equal(countOf(facets, 'lang', 'rw'), 3);
    assert.equal(countOf(facets, 'domain', 'ICH'), 1);
    assert.equal(countOf(facets, 'org_type', 'government'), 1);
    const narrowed = await list('/api/v1/organizations?space=RW&region=RW-01');
    assert.equal(countOf(narrowed.facets, 'lang', 'rw'), 1, 'counts follow the filters');
  });

  test('unknown filter values are a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['type=spaceship', 'type'],
      ['domain=Z', 'domain'],
      ['region=nowhere', 'region'],
      ['space=zz', 'space'],
      ['lang=' + encodeURIComponent('!!'), 'lang'],
      ['status=deleted', 'status'],
    ] as const) {
      const res = await call('GET', `/api/v1/organizations?${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.ok(fieldsOf(res.json()).includes(field), `${query} names ${field}`);
    }
  });
});

describe('cursor pagination', () => {
  before(async () => {
    const uzEditor: Principal = { userId: userIds.uzEditor!, isPlatformAdmin: false, roles: new Map([[space.UZ!, 'editor']]) };
    for (let i = 1; i <= 7; i++) {
      await t.app.mosaic.directory.createOrganization(uzEditor, space.UZ!, { name: { 'uz-Latn': `Hunarmandlar uyushmasi ${i}` }, type: 'network', domains: ['C'] }, actor);
    }
  });

  test('walking the pages returns every record exactly once; the last page has no next', async () => {
    const seen: string[] = [];
    let url = '/api/v1/organizations?space=UZ&limit=3';
    let pages = 0;
    let total = -1;
    for (;;) {
      const page = await list(url);
      pages++;
      total = page.total;
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) break;
      assert.match(page.next, /^[A-Za-z0-9_-]+$/, 'the cursor is URL-safe');
      url = `/api/v1/organizations?space=UZ&limit=3&cursor=${page.next}`;
      assert.ok(pages < 10, 'pagination ends');
    }
    assert.equal(total, 7);
    assert.equal(pages, 3);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7, 'no record twice');
    // The same walk with a single page size of 10 has no next.
    assert.equal((await list('/api/v1/organizations?space=UZ&limit=10')).next, null);
  });

  test('a junk, edited or foreign cursor is a 400 problem, never a 500', async () => {
    const first = await list('/api/v1/organizations?space=UZ&limit=3');
    assert.ok(first.next);
    const position = JSON.parse(Buffer.from(first.next, 'base64url').toString('utf8'));
    assert.equal(position.o, 3, 'the cursor is base64url JSON of the position');
    const edited = Buffer.from(JSON.stringify({ ...position, o: 6 })).toString('base64url');
    const notJson = Buffer.from('not json').toString('base64url');
    const wrongShape = Buffer.from(JSON.stringify({ o: 'x', s: position.s })).toString('base64url');
    const negative = Buffer.from(JSON.stringify({ o: -3, s: position.s })).toString('base64url');
    for (const [cursor, rest] of [
      ['junk', ''],
      [edited, ''],
      [notJson, ''],
      [wrongShape, ''],
      [negative, ''],
      [first.next, '&domain=A'],
      [first.next.replace(/^space=/, ''), '&q=other'],
      ['%25%25', ''],
      ['x'.repeat(500), ''],
    ] as const) {
      const res = await call('GET', `/api/v1/organizations?space=UZ&limit=3&cursor=${cursor}${rest}`);
      assert.equal(res.statusCode, 400, `${cursor.slice(0, 30)}${rest}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.ok(fieldsOf(res.json()).includes('cursor'));
    }
    const resized = await call('GET', `/api/v1/organizations?space=UZ&limit=2&cursor=${first.next}`);
    assert.equal(resized.statusCode, 200, 'the page size may change between pages');
    assert.equal(resized.json().items.length, 2);
  });
});

describe('changing and archiving', () => {
  test('the organisation’s own editor may PATCH it; another member gets 403; status needs an editor', async () => {
    const own = await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'ana', { description: { en: 'Weavers of Luang Prabang.' }, domains: ['C', 'A'] });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().description.en.value, 'Weavers of Luang Prabang.');
    assert.deepEqual(own.json().domains, ['C', 'A']);
    assert.equal(own.json().type, 'network', 'fields not sent are kept');
    assert.equal(own.json().name.en.value, 'Lao Handicrafts Association');
    const other = await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'ben', { description: { en: 'Hijacked' } });
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().code, 'FORBIDDEN');
    assert.equal((await call('PATCH', `/api/v1/organizations/${ids.anas}`, null, { description: { en: 'x' } })).statusCode, 401);
    assert.equal((await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'ana', { status: 'draft' })).statusCode, 403);
    assert.equal((await call('GET', `/api/v1/organizations/${ids.anas}`)).json().description.en.value, 'Weavers of Luang Prabang.');
    const invalid = await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'ana', { name: {}, domains: ['Q'] });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(fieldsOf(invalid.json()).sort(), ['domains', 'name']);
    assert.equal((await call('PATCH', `/api/v1/organizations/${ids.draft}`, 'ana', { description: { en: 'x' } })).statusCode, 404, 'a draft she cannot see is not found');
    const editor = await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'laEditor', { status: 'draft' });
    assert.equal(editor.statusCode, 200);
    assert.equal(editor.json().status, 'draft');
    assert.equal((await call('PATCH', `/api/v1/organizations/${ids.anas}`, 'laEditor', { status: 'published' })).json().status, 'published');
  });

  test('DELETE archives (space administrators only); the record then disappears for visitors', async () => {
    assert.equal((await call('DELETE', `/api/v1/organizations/${ids.pottery}`)).statusCode, 401);
    assert.equal((await call('DELETE', `/api/v1/organizations/${ids.pottery}`, 'ana')).statusCode, 403, 'not even its own editor');
    assert.equal((await call('DELETE', `/api/v1/organizations/${ids.pottery}`, 'laEditor')).statusCode, 403);
    assert.equal((await call('DELETE', `/api/v1/organizations/${ids.pottery}`, 'rwEditor')).statusCode, 403);
    const res = await call('DELETE', `/api/v1/organizations/${ids.pottery}`, 'laAdmin');
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal((await call('GET', `/api/v1/organizations/${ids.pottery}`)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/organizations/${ids.pottery}`, 'ben')).statusCode, 404, 'nor for members');
    assert.equal((await call('GET', `/api/v1/organizations/${ids.pottery}`, 'ana')).json().status, 'archived', 'its own editor still sees it');
    const kept = await call('GET', `/api/v1/organizations/${ids.pottery}`, 'laAdmin');
    assert.equal(kept.statusCode, 200);
    assert.equal(kept.json().status, 'archived', 'archived, not erased');
    assert.equal((await list('/api/v1/organizations?space=LA&limit=100')).items.some((i) => i.id === ids.pottery), false);
    assert.equal((await list('/api/v1/organizations?space=LA&limit=100', 'laEditor')).items.some((i) => i.id === ids.pottery), false, 'archived records are out of the default list');
    assert.deepEqual((await list('/api/v1/organizations?status=archived', 'laEditor')).items.map((i) => i.id), [ids.pottery]);
    assert.equal((await call('DELETE', `/api/v1/organizations/${ids.pottery}`, 'ben')).statusCode, 404, 'what a member cannot see is not found');
    const { rows } = await import('../../platform/audit/audit.js').then((m) => m.listAudit(t.app.mosaic.db, { spaceIds: null, entityId: ids.pottery!, limit: 10, offset: 0 }));
    assert.ok(rows.some((r) => r.action === 'organization.update' && (r.after as { status?: string } | null)?.status === 'archived' && r.actorId === userIds.laAdmin));
  });
});

describe('people', () => {
  test('an editor adds a person; demographics and member-only contacts stay hidden from visitors', async () => {
    const res = await call('POST', '/api/v1/people', 'laEditor', {
      space: 'LA',
      name: { lo: 'ສົມໃຈ ພົມມະຈັນ', en: 'Somchai Phommachanh' },
      professions: ['weaver'],
      domains: ['C'],
      regionCode: 'LA-VT',
      bio: { en: 'Master weaver.' },
      portfolio: ['laosilk.example/somchai'],
      contacts: [
        { kind: 'email', value: 'somchai@example.org', visibility: 'public' },
        { kind: 'phone', value: '+856 20 5555 1234', visibility: 'members' },
      ],
      languages: ['lo'],
      demographicsConsent: true,
      sex: 'male',
      ageBand: '35-44',
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    ids.somchai = body.id;
    assert.equal(res.headers.location, `/api/v1/people/${body.id}`);
    assert.deepEqual(body.demographics, { sex: 'male', ageBand: '35-44' });
    assert.deepEqual(body.portfolio, ['https://laosilk.example/somchai']);
    assert.equal(body.space, 'LA');
    assert.ok(Array.isArray(body.duplicates));

    const visitor = await call('GET', `/api/v1/people/${body.id}`);
    assert.equal(visitor.statusCode, 200);
    assert.equal(visitor.json().demographics, null);
    assert.deepEqual(visitor.json().contacts.map((c: { value: string }) => c.value), ['somchai@example.org']);
    const listed = await call('GET', '/api/v1/people?space=LA');
    assert.equal(listed.statusCode, 200);
    assert.doesNotMatch(listed.body, /35-44|"male"|5555 1234/);
    assert.equal(listed.json().items.find((i: { id: string }) => i.id === body.id).demographics, null);
    assert.equal((await call('GET', `/api/v1/people/${body.id}`, 'ben')).json().demographics, null, 'members do not see demographics');
    assert.equal((await call('GET', `/api/v1/people/${body.id}`, 'ben')).json().contacts.length, 2);
    assert.deepEqual((await call('GET', `/api/v1/people/${body.id}`, 'laEditor')).json().demographics, { sex: 'male', ageBand: '35-44' });

    const similar = await call('POST', '/api/v1/people', 'laEditor', { space: 'LA', name: { en: 'Somchai Phommachan' } });
    assert.equal(similar.statusCode, 201);
    ids.somchay = similar.json().id;
    assert.ok(similar.json().duplicates.some((d: { id: string }) => d.id === ids.somchai), 'a likely duplicate is reported');
  });

  test('only editors add other people; invalid people are 400s naming each field', async () => {
    assert.equal((await call('POST', '/api/v1/people', 'ana', { space: 'LA', name: { en: 'Someone' } })).statusCode, 403);
    assert.equal((await call('POST', '/api/v1/people', null, { space: 'LA', name: { en: 'Someone' } })).statusCode, 401);
    const res = await call('POST', '/api/v1/people', 'laEditor', { space: 'LA', demographicsConsent: true, sex: 'robot', portfolio: ['not a url at all'], regionCode: 'UZ-TK' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fieldsOf(res.json()).sort(), ['name', 'portfolio.0', 'regionCode', 'sex']);
  });

  test('a user creates, reads and edits their own profile; others may not edit it', async () => {
    const res = await call('POST', '/api/v1/people/me', 'outsider', { space: 'la', name: { en: 'Vilay Keomany' }, professions: ['musician'], demographicsConsent: true, ageBand: '25-34' });
    assert.equal(res.statusCode, 201, res.body);
    const me = res.json();
    ids.vilay = me.id;
    assert.equal(me.userId, userIds.outsider);
    assert.equal(res.headers.location, `/api/v1/people/${me.id}`);
    assert.deepEqual(me.demographics, { sex: null, ageBand: '25-34' }, 'a person sees their own demographics');
    assert.equal((await call('POST', '/api/v1/people/me', 'outsider', { space: 'LA', name: { en: 'Again' } })).statusCode, 409);
    const mine = await call('GET', '/api/v1/people/me?space=LA', 'outsider');
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json().id, me.id);
    assert.equal((await call('GET', '/api/v1/people/me?space=RW', 'outsider')).statusCode, 404);
    assert.equal((await call('GET', '/api/v1/people/me?space=LA')).statusCode, 401);
    assert.equal((await call('GET', `/api/v1/people/${me.id}`)).json().demographics, null);
    const edit = await call('PATCH', `/api/v1/people/${me.id}`, 'outsider', { bio: { lo: 'ນັກດົນຕີ' } });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().bio.lo.value, 'ນັກດົນຕີ');
    assert.equal((await call('PATCH', `/api/v1/people/${me.id}`, 'ben', { bio: { en: 'x' } })).statusCode, 403);
    assert.equal((await call('PATCH', `/api/v1/people/${me.id}`, 'outsider', { status: 'draft' })).statusCode, 403);
    const withdrawn = await call('PATCH', `/api/v1/people/${me.id}`, 'outsider', { demographicsConsent: false });
    assert.deepEqual(withdrawn.json().demographics, { sex: null, ageBand: null }, 'withdrawing consent erases them');
  });

  test('people are listed with filters and facets, and archived by administrators', async () => {
    const page = await list('/api/v1/people?space=LA&domain=C');
    assert.deepEqual(page.items.map((i) => i.id), [ids.somchai]);
    assert.equal(countOf(page.facets, 'region', 'LA-VT'), 1);
    assert.equal(countOf(page.facets, 'space', 'LA'), 1);
    assert.equal(page.facets.org_type, undefined, 'no organisation facets for people');
    const all = await list('/api/v1/people?space=LA&limit=2');
    assert.equal(all.total, 3);
    const rest = await list(`/api/v1/people?space=LA&limit=2&cursor=${all.next}`);
    assert.equal(rest.next, null);
    assert.equal(new Set([...all.items, ...rest.items].map((i) => i.id)).size, 3);
    assert.equal((await call('GET', '/api/v1/people?type=private')).statusCode, 200, 'organisation-only parameters are ignored for people');

    assert.equal((await call('DELETE', `/api/v1/people/${ids.somchay}`, 'laEditor')).statusCode, 403);
    assert.equal((await call('DELETE', `/api/v1/people/${ids.somchay}`, 'laAdmin')).statusCode, 204);
    assert.equal((await call('GET', `/api/v1/people/${ids.somchay}`)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/people/${ids.somchay}`, 'laAdmin')).json().status, 'archived');
    assert.equal((await list('/api/v1/people?space=LA')).total, 2);
  });
});

describe('verify and merge', () => {
  test('editors verify and merge organisations and people through the API; others get 403', async () => {
    const a = await call('POST', '/api/v1/organizations', 'laEditor', { space: 'LA', name: { en: 'Savannakhet Weavers Union' }, type: 'network' });
    const b = await call('POST', '/api/v1/organizations', 'laEditor', { space: 'LA', name: { lo: 'ສະຫະພັນຊ່າງທໍສະຫວັນນະເຂດ' }, type: 'network' });
    const keep = a.json().id as string;
    const drop = b.json().id as string;
    assert.equal((await call('POST', `/api/v1/organizations/${keep}/verify`, 'ana', { verified: true })).statusCode, 403);
    const verified = await call('POST', `/api/v1/organizations/${keep}/verify`, 'laEditor', { verified: true });
    assert.equal(verified.statusCode, 200);
    assert.equal(verified.json().verified, true);
    assert.equal((await call('POST', `/api/v1/organizations/${drop}/merge`, 'laEditor', { into: drop })).statusCode, 400);
    const merged = await call('POST', `/api/v1/organizations/${drop}/merge`, 'laEditor', { into: keep });
    assert.equal(merged.statusCode, 200);
    assert.equal(merged.json().id, keep);
    assert.equal(merged.json().name.lo.value, 'ສະຫະພັນຊ່າງທໍສະຫວັນນະເຂດ');
    assert.equal((await call('GET', `/api/v1/organizations/${drop}`)).statusCode, 404, 'the merged record is archived');
    const p1 = await call('POST', '/api/v1/people', 'laEditor', { space: 'LA', name: { en: 'Bounmy Phommavong' } });
    const p2 = await call('POST', '/api/v1/people', 'laEditor', { space: 'LA', name: { lo: 'ບຸນມີ ພົມມະວົງ' } });
    const pv = await call('POST', `/api/v1/people/${p1.json().id}/verify`, 'laEditor', { verified: true });
    assert.equal(pv.json().verified, true);
    const pm = await call('POST', `/api/v1/people/${p2.json().id}/merge`, 'laEditor', { into: p1.json().id });
    assert.equal(pm.statusCode, 200);
    assert.equal(pm.json().name.lo.value, 'ບຸນມີ ພົມມະວົງ');
    assert.equal((await call('POST', `/api/v1/people/${p1.json().id}/merge`, 'laEditor', { into: 'not-a-uuid' })).statusCode, 400);
  });
});

describe('OpenAPI', () => {
  test('the document lists every directory route with request bodies and response schemas', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json();
    const paths = doc.paths;
    for (const [path, methods] of [
      ['/api/v1/organizations', ['get', 'post']],
      ['/api/v1/organizations/{id}', ['get', 'patch', 'delete']],
      ['/api/v1/people', ['get', 'post']],
      ['/api/v1/people/me', ['get', 'post']],
      ['/api/v1/people/{id}', ['get', 'patch', 'delete']],
    ] as const) {
      for (const method of methods) {
        const op = paths[path]?.[method];
        assert.ok(op, `${method.toUpperCase()} ${path}`);
        assert.deepEqual(op.tags, ['directory']);
        assert.ok(op.summary);
        assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method} ${path} documents its success`);
        assert.ok(op.responses['400'] || op.responses['401'], `${method} ${path} documents its problems`);
        if (method !== 'get') assert.deepEqual(op.security, [{ bearer: [] }]);
      }
    }
    const post = paths['/api/v1/organizations'].post;
    const body = post.requestBody.content['application/json'].schema;
    assert.ok(body.properties.space && body.properties.name && body.properties.contacts);
    assert.ok(post.responses['201'].content['application/json'].schema.properties.duplicates);
    assert.ok(paths['/api/v1/organizations/{id}'].patch.requestBody);
    assert.ok(paths['/api/v1/people'].post.requestBody.content['application/json'].schema.properties.demographicsConsent);
    const view = paths['/api/v1/organizations/{id}'].get.responses['200'].content['application/json'].schema;
    for (const field of ['id', 'space', 'name', 'contacts', 'description', 'verified', 'canEdit']) assert.ok(view.properties[field], field);
    const listed = paths['/api/v1/organizations'].get;
    assert.ok(listed.parameters.some((p: { name: string; in: string }) => p.name === 'cursor' && p.in === 'query'));
    const listSchema = listed.responses['200'].content['application/json'].schema;
    assert.ok(listSchema.properties.next && listSchema.properties.facets.properties.org_type);
    assert.ok(paths['/api/v1/people/{id}'].get.responses['200'].content['application/json'].schema.properties.demographics);
  });
});

describe('junk input is always a 4xx, never a 500', () => {
  const uuid = '01900000-0000-7000-8000-000000000000';
  const json = { 'content-type': 'application/json' };
  const cases: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: string; headers?: Record<string, string> }[] = [
    { method: 'GET', url: '/api/v1/organizations?limit=1000' },
    { method: 'GET', url: '/api/v1/organizations?limit=0' },
    { method: 'GET', url: '/api/v1/organizations?limit=-5' },
    { method: 'GET', url: '/api/v1/organizations?limit=abc' },
    { method: 'GET', url: '/api/v1/organizations?limit=1e400' },
    { method: 'GET', url: '/api/v1/organizations?verified=maybe' },
    { method: 'GET', url: '/api/v1/organizations?space=zz' },
    { method: 'GET', url: '/api/v1/organizations?space=%00' },
    { method: 'GET', url: '/api/v1/organizations?region=%00' },
    { method: 'GET', url: '/api/v1/organizations?lang=%00' },
    { method: 'GET', url: '/api/v1/organizations?domain=' + 'A,'.repeat(200) },
    { method: 'GET', url: '/api/v1/organizations?q=' + 'x'.repeat(600) },
    { method: 'GET', url: '/api/v1/organizations?cursor=%00' },
    { method: 'GET', url: '/api/v1/organizations?cursor=' + Buffer.from('{"o":1e999,"s":"x"}').toString('base64url') },
    { method: 'GET', url: '/api/v1/people?cursor=' + Buffer.from('null').toString('base64url') },
    { method: 'GET', url: '/api/v1/organizations/not-a-uuid' },
    { method: 'GET', url: '/api/v1/organizations/%00' },
    { method: 'GET', url: '/api/v1/organizations/%E0%A4%A' },
    { method: 'GET', url: '/api/v1/organizations/' + 'x'.repeat(300) },
    { method: 'GET', url: `/api/v1/organizations/${uuid}` },
    { method: 'GET', url: `/api/v1/people/${uuid}'%20OR%201=1` },
    { method: 'GET', url: '/api/v1/people/me?space=zz', headers: { authorization: 'TOKEN:ana' } },
    { method: 'GET', url: '/api/v1/people/me', headers: { authorization: 'TOKEN:ana' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '[]', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: 'null', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '"LA"', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: 'space=LA', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '<x/>', headers: { 'content-type': 'text/xml', authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":12}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"a\\u0000b"},"type":"network"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en\\u0000":"ab"},"type":"network"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"__proto__":{"x":1}},"type":"network"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"xx-bogus":"Name"},"type":"network"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","latitude":"north"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","foundedYear":1e308}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","latitude":1e308,"longitude":-1e308}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","contacts":[null]}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","contacts":"x"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network","domains":[{}]}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: JSON.stringify({ space: 'LA', name: { en: 'N'.repeat(5000) }, type: 'network' }), headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: JSON.stringify({ space: 'LA', name: { en: 'N' }, type: 'network', contacts: Array(100).fill({ kind: 'email', value: 'a@b.cd' }) }), headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: JSON.stringify({ space: 'LA', name: { en: 'N' }, type: 'network', externalId: 'x'.repeat(5000) }), headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/organizations', payload: '{"space":"LA","name":{"en":"N"},"type":"network"}', headers: { ...json, authorization: 'Bearer mos_' + 'x'.repeat(40) } },
    { method: 'POST', url: '/api/v1/people', payload: '{"space":"LA","name":{"en":"N"},"demographicsConsent":"perhaps"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/people', payload: '{"space":"LA","name":{"en":"N"},"portfolio":"javascript:alert(1)"}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'POST', url: '/api/v1/people/me', payload: '{"space":"ZZ","name":{"en":"N"}}', headers: { ...json, authorization: 'TOKEN:ben' } },
    { method: 'PATCH', url: '/api/v1/organizations/not-a-uuid', payload: '{}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'PATCH', url: `/api/v1/organizations/${uuid}`, payload: '{}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'PATCH', url: `/api/v1/organizations/${uuid}`, headers: { authorization: 'TOKEN:laEditor' } },
    { method: 'PATCH', url: `/api/v1/organizations/${uuid}`, payload: 'hello', headers: { 'content-type': 'text/plain', authorization: 'TOKEN:laEditor' } },
    { method: 'PATCH', url: `/api/v1/people/${uuid}`, payload: '{"sex":5}', headers: { ...json, authorization: 'TOKEN:laEditor' } },
    { method: 'DELETE', url: '/api/v1/organizations/%00', headers: { authorization: 'TOKEN:laAdmin' } },
    { method: 'DELETE', url: `/api/v1/people/${uuid}`, headers: { authorization: 'TOKEN:laAdmin' } },
    { method: 'DELETE', url: '/api/v1/organizations', headers: { authorization: 'TOKEN:laAdmin' } },
  ];
  for (const req of cases) {
    test(`${req.method} ${req.url.slice(0, 60)} ${(req.payload ?? '').slice(0, 60)} → a 4xx problem`, async () => {
      const headers = { ...req.headers };
      const who = /^TOKEN:(\w+)$/.exec(headers.authorization ?? '')?.[1];
      if (who) headers.authorization = `Bearer ${tokens[who]}`;
      const res = await t.app.inject({ method: req.method, url: req.url, headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `got ${res.statusCode}: ${res.body.slice(0, 300)}`);
      // Malformed URLs are refused by the router before the app's error handler (plain JSON).
      if (!/^FST_ERR_(BAD_URL|MAX_PARAM_LENGTH)$/.test(String(res.json().code))) assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    });
  }

  test('NUL characters are refused by name instead of reaching the database', async () => {
    const res = await call('POST', '/api/v1/organizations', 'laEditor', { space: 'LA', name: { en: 'a\u0000b' }, type: 'network', contacts: [{ kind: 'other', value: '\u0000' }] });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fieldsOf(res.json()), ['name.en', 'contacts.0.value']);
  });
});
