import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import type { Contact } from '../directory/classification.js';
import { fromJson } from '../../platform/db/json.js';
import { analyze } from '../../platform/search/analyzer.js';
import { search } from '../../platform/search/search.js';
import { createAccountsService, type AccountsService } from '../accounts/accounts.service.js';
import * as directoryRepo from '../directory/directory.repository.js';
import { createDirectoryService, type DirectoryService } from '../directory/directory.service.js';
import { getSpace, listRegions } from '../spaces/spaces.service.js';
import { EXAMPLE_DOMAINS } from './wordlists/generate.js';
import { COUNTRIES, LAO, RWANDA, UZBEKISTAN } from './wordlists/index.js';
import { uzLatnToCyrl } from './wordlists/uz.js';
import { DEMO_COUNTS, DEMO_PEOPLE, demoRecords, loadDemoData } from './demo.service.js';
import { externalIdsWithPrefix } from './demo.repository.js';
import { DEMO_EVENTS } from './demo-events.js';

let tdb: TestDatabase;
let accounts: AccountsService;
let dir: DirectoryService;
let firstLoad = 0;
const actor = { userId: null, label: 'cli' };
const space: Record<string, string> = {};
const admin = (code: string): Principal => ({ userId: 'demo-test-admin', isPlatformAdmin: false, roles: new Map([[space[code]!, 'admin']]) });

before(async () => {
  tdb = await createTestDatabase();
  accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' }, accounts });
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  firstLoad = await loadDemoData(tdb.handle.db, accounts, actor);
});
after(async () => tdb.cleanup());

async function total(q: string, reader: Principal, code: string, type = 'organization'): Promise<number> {
  return (await search(tdb.handle.db, { q, reader, types: [type], spaceIds: [space[code]!], limit: 1, offset: 0 })).total;
}

async function ids(q: string, code: string, type = 'organization', reader: Principal = ANONYMOUS): Promise<Set<string>> {
  const r = await search(tdb.handle.db, { q, reader, types: [type], spaceIds: [space[code]!], limit: 1000, offset: 0 });
  return new Set(r.items.map((i) => i.entityId));
}

describe('demo data', () => {
  test('each country gets its organisations and people, with stable external ids', async () => {
    for (const code of ['LA', 'UZ', 'RW']) {
      const orgs = await externalIdsWithPrefix(tdb.handle.db, 'organizations', space[code]!, `demo-${code}-org-`);
      const people = await externalIdsWithPrefix(tdb.handle.db, 'people', space[code]!, `demo-${code}-person-`);
      assert.equal(orgs.size, DEMO_COUNTS.orgs, code);
      assert.equal(people.size, DEMO_COUNTS.people, code);
      assert.ok(orgs.has(`demo-${code}-org-001`) && orgs.has(`demo-${code}-org-200`), code);
    }
    // Accounts, organisations, people, affiliations and the demo accounts' own profiles.
    const expectedAffiliations = COUNTRIES.reduce((n, c) => n + demoRecords(c).people.reduce((m, p) => m + p.affiliations.length, 0), 0);
    assert.ok(firstLoad >= DEMO_PEOPLE.length * 2 + 3 * (DEMO_COUNTS.orgs + DEMO_COUNTS.people) + expectedAffiliations, `added ${firstLoad}`);
  });

  test('each country gets published news and open opportunities in its languages, one of them followed', async () => {
    for (const code of ['LA', 'UZ', 'RW']) {
      const posts = await tdb.handle.db.selectFrom('news_posts').select(['status', 'publish_at']).where('space_id', '=', space[code]!).execute();
      assert.equal(posts.length, 2, code);
      assert.ok(posts.every((p) => p.status === 'published' && p.publish_at < new Date().toISOString()), code);
      const opps = await tdb.handle.db.selectFrom('opportunities').select(['status', 'deadline_at', 'id']).where('space_id', '=', space[code]!).execute();
      assert.equal(opps.length, 2, code);
      assert.ok(opps.every((o) => o.status === 'open' && o.deadline_at > new Date().toISOString()), code);
      const follows = await tdb.handle.db.selectFrom('follows').select('id').where('target_type', '=', 'opportunity').where('target_id', 'in', opps.map((o) => o.id)).execute();
      assert.equal(follows.length, 1, code);
    }
  });

  test('loading twice adds nothing', async () => {
    const auditBefore = (await listAudit(tdb.handle.db, { limit: 1, offset: 0 })).total;
    assert.equal(await loadDemoData(tdb.handle.db, accounts, actor), 0);
    assert.equal((await listAudit(tdb.handle.db, { limit: 1, offset: 0 })).total, auditBefore, 'no write at all');
    const orgs = await externalIdsWithPrefix(tdb.handle.db, 'organizations', space.LA!, 'demo-');
    assert.equal(orgs.size, DEMO_COUNTS.orgs);
  });

  test('each country gets its demo events, in its languages, upcoming and past, with organisers', async () => {
    const events = await tdb.handle.db.selectFrom('events').selectAll().execute();
    for (const code of ['LA', 'UZ', 'RW']) {
      const mine = events.filter((e) => e.space_id === space[code]);
      assert.equal(mine.length, DEMO_EVENTS[code]!.length, code);
      const now = new Date().toISOString();
      assert.ok(mine.some((e) => e.starts_at > now) && mine.some((e) => e.ends_at < now), code);
    }
    const la = events.find((e) => e.space_id === space.LA && e.type === 'workshop')!;
    assert.ok(fromJson<Record<string, unknown>>(la.title, {}).lo, 'a Lao title');
    const organisers = await tdb.handle.db.selectFrom('event_organizers').selectAll().execute();
    assert.ok(organisers.length >= 9);
  });

  test('each country gets one event series, in its languages, holding some of its events', async () => {
    const series = await tdb.handle.db.selectFrom('event_series').selectAll().execute();
    const events = await tdb.handle.db.selectFrom('events').select(['space_id', 'series_id']).execute();
    for (const code of ['LA', 'UZ', 'RW']) {
      const mine = series.filter((s) => s.space_id === space[code]);
      assert.equal(mine.length, 1, code);
      assert.equal(events.filter((e) => e.series_id === mine[0]!.id).length, DEMO_EVENTS[code]!.filter((e) => e.inSeries).length, code);
    }
    assert.equal(fromJson<Record<string, { value: string }>>(series.find((s) => s.space_id === space.LA)!.title, {}).en?.value, 'Vientiane Film Week');
  });

  test('the generator is deterministic', () => {
    assert.deepEqual(demoRecords(UZBEKISTAN), demoRecords(UZBEKISTAN));
    assert.notDeepEqual(demoRecords(LAO).orgs[30]?.input.name, demoRecords(RWANDA).orgs[30]?.input.name);
  });

  test('every record went through the directory service: audited, indexed, drafts hidden from visitors', async () => {
    const created = await listAudit(tdb.handle.db, { action: 'organization.create', spaceIds: [space.RW!], limit: 1, offset: 0 });
    assert.equal(created.total, DEMO_COUNTS.orgs);
    const verified = await listAudit(tdb.handle.db, { action: 'organization.verify', spaceIds: [space.UZ!], limit: 1, offset: 0 });
    assert.equal(verified.total, demoRecords(UZBEKISTAN).orgs.filter((o) => o.verified).length);
    for (const country of COUNTRIES) {
      const { orgs, people } = demoRecords(country);
      const published = orgs.filter((o) => o.input.status === 'published').length;
      assert.ok(published < orgs.length, `${country.code} has drafts`);
      assert.equal(await total('', ANONYMOUS, country.code), published, country.code);
      assert.equal(await total('', admin(country.code), country.code), orgs.length, country.code);
      const publishedPeople = people.filter((p) => p.input.status === 'published').length;
      const profiles = DEMO_PEOPLE.filter((p) => p.space === country.code).length;
      assert.equal(await total('', ANONYMOUS, country.code, 'person'), publishedPeople + profiles, country.code);
    }
  });

  test('records spread over regions, types, domains, functions, languages, verification and demographics', async () => {
    for (const country of COUNTRIES) {
      const { orgs, people } = demoRecords(country);
      const regions = (await listRegions(tdb.handle.db, space[country.code]!)).map((r) => r.code).sort();
      assert.deepEqual([...new Set(orgs.map((o) => o.input.regionCode))].sort(), regions, `${country.code}: every region has organisations`);
      const types = new Set(orgs.map((o) => o.input.type));
      assert.ok(types.size >= 6, `${country.code} types ${[...types]}`);
      assert.deepEqual([...new Set(orgs.flatMap((o) => o.input.domains))].sort(), ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'], country.code);
      assert.equal(new Set(orgs.flatMap((o) => o.input.functions ?? [])).size, 5, country.code);
      assert.ok(new Set(orgs.flatMap((o) => o.input.languages ?? [])).size >= 4, country.code);
      assert.ok(new Set(orgs.map((o) => o.input.foundedYear)).size > 30, country.code);
      const verified = orgs.filter((o) => o.verified).length;
      assert.ok(verified > 20 && verified < 150, `${country.code} verified ${verified}`);
      assert.ok(orgs.some((o) => o.input.contacts.some((c) => c.visibility === 'members')), country.code);
      const consented = people.filter((p) => p.input.demographicsConsent && p.input.sex && p.input.ageBand).length;
      assert.ok(consented > 100 && consented < 250, `${country.code} consented ${consented}`);
      assert.ok(people.filter((p) => p.affiliations.length > 0).length > 150, country.code);
    }
  });

  test('a member-only phone number is kept from visitors and shown to members', async () => {
    const org = demoRecords(LAO).orgs.find((o) => o.input.status === 'published' && o.input.contacts.some((c) => c.kind === 'phone' && c.visibility === 'members'))!;
    const id = (await externalIdsWithPrefix(tdb.handle.db, 'organizations', space.LA!, org.externalId)).get(org.externalId)!;
    const phone = org.input.contacts.find((c) => c.kind === 'phone' && c.visibility === 'members')!.value;
    assert.ok(!(await dir.getOrganization(ANONYMOUS, id)).contacts.some((c) => c.value === phone));
    const member: Principal = { userId: 'someone', isPlatformAdmin: false, roles: new Map([[space.LA!, 'member']]) };
    assert.ok((await dir.getOrganization(member, id)).contacts.some((c) => c.value === phone));
  });

  test('affiliations link demo people to organisations, and demo accounts have their own profiles', async () => {
    const { orgs, people } = demoRecords(RWANDA);
    const person = people.find((p) => p.input.status === 'published' && p.affiliations.length > 0)!;
    const personId = (await externalIdsWithPrefix(tdb.handle.db, 'people', space.RW!, person.externalId)).get(person.externalId)!;
    const affs = await dir.affiliationsOfPerson(admin('RW'), personId);
    assert.equal(affs.length, person.affiliations.length);
    const plain = (name: Record<string, { value: string } | undefined>) => Object.values(name).map((v) => v?.value).join(' | ');
    assert.deepEqual(affs.map((a) => plain(a.organization_name)).sort(), person.affiliations.map((a) => Object.values(orgs[a.org]!.input.name).join(' | ')).sort());
    const noy = await accounts.findByEmail('noy.weaver@demo.example.org');
    const profile = await dir.myProfile({ userId: noy!.id, isPlatformAdmin: false, roles: new Map([[space.LA!, 'member']]) }, space.LA!);
    assert.equal(profile?.name.lo?.value, 'ນ້ອຍ ພົມມະວົງ');
    assert.equal((await dir.affiliationsOfPerson(ANONYMOUS, profile!.id)).length, 1);
  });
});

describe('demo data in search', () => {
  test('a Lao word is found inside an unspaced demo Lao name', async () => {
    for (const word of ['ແມ່ຍິງ', 'ຫັດຖະກຳ', 'ໝໍລຳ']) {
      const expected = demoRecords(LAO).orgs.filter((o) => o.input.status === 'published' && o.input.name.lo?.split(' ').some((part) => part.includes(word) && part !== word));
      assert.ok(expected.length > 0, word);
      const found = await ids(word, 'LA');
      const idOf = await externalIdsWithPrefix(tdb.handle.db, 'organizations', space.LA!, 'demo-LA-org-');
      for (const o of expected) assert.ok(found.has(idOf.get(o.externalId)!), `${word} in ${o.input.name.lo}`);
    }
  });

  test('a Cyrillic query finds demo records written only in Latin script', async () => {
    const { orgs, people } = demoRecords(UZBEKISTAN);
    const latinOnly = orgs.filter((o) => o.input.status === 'published' && o.input.name['uz-Latn'] && !o.input.name['uz-Cyrl'] && !o.input.name.ru);
    assert.ok(latinOnly.length >= 10);
    const idOf = await externalIdsWithPrefix(tdb.handle.db, 'organizations', space.UZ!, 'demo-UZ-org-');
    for (const org of latinOnly.slice(0, 10)) {
      const cyrillic = uzLatnToCyrl(org.input.name['uz-Latn']!);
      assert.match(cyrillic, /^[^a-z]*$/i, 'the query has no Latin letters');
      assert.ok((await ids(cyrillic, 'UZ')).has(idOf.get(org.externalId)!), `${cyrillic} → ${org.input.name['uz-Latn']}`);
    }
    const person = people.find((p) => p.input.status === 'published' && p.input.name['uz-Latn'] && Object.keys(p.input.name).length === 1)!;
    const personId = (await externalIdsWithPrefix(tdb.handle.db, 'people', space.UZ!, person.externalId)).get(person.externalId)!;
    assert.ok((await ids(uzLatnToCyrl(person.input.name['uz-Latn']!), 'UZ', 'person')).has(personId));
  });

  test('Uzbek Cyrillic demo names fold exactly to their Latin forms', () => {
    for (const org of demoRecords(UZBEKISTAN).orgs) {
      const { 'uz-Latn': latn, 'uz-Cyrl': cyrl } = org.input.name;
      if (!latn || !cyrl) continue;
      assert.deepEqual(analyze(cyrl).map((t) => t.term), analyze(latn).map((t) => t.term), `${latn} / ${cyrl}`);
    }
  });
});

describe('demo contacts', () => {
  const PHONE: Record<string, RegExp> = {
    LA: /^\+856 (20 \d{4} \d{4}|\d{2} \d{3} \d{3})$/,
    UZ: /^\+998 \d{2} \d{3} \d{2} \d{2}$/,
    RW: /^\+250 (7[2389]\d \d{3} \d{3}|252 \d{3} \d{3})$/,
  };
  const exampleHost = (host: string) => EXAMPLE_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));

  function checkContact(code: string, c: Contact, where: string) {
    if (c.kind === 'email') assert.ok(exampleHost(c.value.split('@')[1] ?? ''), `${where}: ${c.value}`);
    else if (c.kind === 'website') assert.ok(exampleHost(new URL(c.value).hostname), `${where}: ${c.value}`);
    else if (c.kind === 'phone' || c.kind === 'whatsapp') assert.match(c.value, PHONE[code]!, where);
    else if (c.kind === 'telegram') assert.match(c.value, /^@[a-z0-9_]+$/, where);
    else assert.fail(`${where}: unexpected contact kind ${c.kind}`);
  }

  test('no demo contact or portfolio link uses a domain outside example.org/.com/.net; phones follow the country format', async () => {
    const codeOf = new Map(Object.entries(space).map(([code, id]) => [id, code]));
    let checked = 0;
    for await (const rows of directoryRepo.allOrganizations(tdb.handle.db)) {
      for (const row of rows) {
        for (const c of fromJson<Contact[]>(row.contacts, [])) checkContact(codeOf.get(row.space_id)!, c, row.external_id ?? row.id), checked++;
      }
    }
    for await (const rows of directoryRepo.allPeople(tdb.handle.db)) {
      for (const row of rows) {
        for (const c of fromJson<Contact[]>(row.contacts, [])) checkContact(codeOf.get(row.space_id)!, c, row.external_id ?? row.id), checked++;
        for (const link of fromJson<string[]>(row.portfolio, [])) assert.ok(exampleHost(new URL(link).hostname), link);
      }
    }
    assert.ok(checked > 2500, `checked ${checked}`);
  });

  test('the check itself rejects a real domain', () => {
    assert.throws(() => checkContact('LA', { kind: 'email', value: 'info@gmail.com', visibility: 'public' }, 'x'));
    assert.throws(() => checkContact('RW', { kind: 'website', value: 'https://example.org.evil.com', visibility: 'public' }, 'x'));
    assert.throws(() => checkContact('UZ', { kind: 'phone', value: '+856 20 5555 1234', visibility: 'public' }, 'x'));
  });
});
