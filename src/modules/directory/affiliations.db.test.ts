import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import { nowIso } from '../../platform/ids.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { getSpace } from '../spaces/spaces.service.js';
import { organizationsEditedBy } from './directory.repository.js';
import { createDirectoryService, type DirectoryService } from './directory.service.js';
import { setPersonPhoto } from './images/images.repository.js';

let tdb: TestDatabase;
let dir: DirectoryService;
const actor = { userId: null, label: 'test' };
const space: Record<string, string> = {};
const users: Record<string, string> = {};
let laEditor: Principal;

function principal(userId: string, roles: [string, 'member' | 'editor' | 'admin'][] = []): Principal {
  return { userId, isPlatformAdmin: false, roles: new Map(roles) };
}
const laMember = (name: string) => principal(users[name]!, [[space.LA!, 'member']]);

before(async () => {
  tdb = await createTestDatabase();
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' }, accounts });
  for (const code of ['LA', 'UZ']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  for (const u of ['editor', 'dancer', 'manager', 'stranger', 'second']) {
    const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${u}@example.org`, displayName: u, locale: 'en' }, actor));
    users[u] = id;
  }
  laEditor = principal(users.editor!, [[space.LA!, 'editor']]);
});
after(async () => tdb.cleanup());

describe('affiliations by hand', () => {
  test('a person adds where they work; dates are checked; it is stored with its audit entry', async () => {
    const me = await dir.createPerson(principal(users.dancer!), space.LA!, { name: { lo: 'ນາງ ດາວ ນັກເຕັ້ນ', en: 'Dao Dancer' } }, actor, { self: true });
    const troupe = await dir.createOrganization(laEditor, space.LA!, { name: { lo: 'ຄະນະນາດສິນແຫ່ງຊາດ', en: 'National Dance Troupe' }, type: 'government' }, actor);
    const self = laMember('dancer');
    await assert.rejects(dir.addAffiliation(self, { personId: me.id, organizationId: troupe.id, startDate: '2019-13', endDate: '19' }, actor), (err: { code: string; options: { fields: { field: string; key: string }[] } }) => {
      assert.equal(err.code, 'VALIDATION');
      assert.deepEqual(err.options.fields, [
        { field: 'startDate', key: 'directory.invalid_date' },
        { field: 'endDate', key: 'directory.invalid_date' },
      ]);
      return true;
    });
    await assert.rejects(dir.addAffiliation(self, { personId: me.id, organizationId: troupe.id, startDate: '2020-02', endDate: '2020-01' }, actor), { code: 'VALIDATION' });
    await assert.rejects(dir.addAffiliation(self, { personId: me.id, organizationId: troupe.id, startDate: '2019-02-01' }, actor), { code: 'VALIDATION' }, 'a year or a year and month, not a day');
    const row = await dir.addAffiliation(self, { personId: me.id, organizationId: troupe.id, role: '  Principal dancer ', startDate: '2019-05', endDate: '2019' }, actor);
    assert.equal(row.role, 'Principal dancer');
    assert.equal(row.start_date, '2019-05');
    assert.equal(row.end_date, '2019', 'a year ends with its last month, so it is not before May of that year');
    const listed = await dir.affiliationsOfPerson(ANONYMOUS, me.id);
    assert.deepEqual(listed.map((a) => [a.organization_id, a.organization_name.en?.value]), [[troupe.id, 'National Dance Troupe']]);
    const audit = await listAudit(tdb.handle.db, { entityId: row.id, limit: 10, offset: 0 });
    assert.deepEqual(audit.rows.map((r) => r.action), ['affiliation.create']);
    // Another country's organisation cannot be named.
    const tashkent = await dir.createOrganization(principal(users.editor!, [[space.UZ!, 'editor']]), space.UZ!, { name: { 'uz-Latn': 'Toshkent teatri' }, type: 'government' }, actor);
    await assert.rejects(dir.addAffiliation(laEditor, { personId: me.id, organizationId: tashkent.id }, actor), { code: 'VALIDATION' });
  });

  test("who may add and remove: the person, the space's editors, and an organisation's editors for their own organisation", async () => {
    const person = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Kham Puppeteer' } }, actor);
    const theatre = await dir.createOrganization(principal(users.manager!), space.LA!, { name: { en: 'Manager Puppet Theatre' }, type: 'civil_society' }, actor);
    const other = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Other Troupe' }, type: 'civil_society' }, actor);
    const manager = laMember('manager');
    const stranger = laMember('stranger');

    await assert.rejects(dir.addAffiliation(stranger, { personId: person.id, organizationId: theatre.id }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(dir.addAffiliation(ANONYMOUS, { personId: person.id, organizationId: theatre.id }, actor), { code: 'UNAUTHENTICATED' });
    await assert.rejects(dir.addAffiliation(manager, { personId: person.id, organizationId: other.id }, actor), { code: 'FORBIDDEN' });
    const mine = await dir.addAffiliation(manager, { personId: person.id, organizationId: theatre.id, role: 'Puppeteer' }, actor);
    const theirs = await dir.addAffiliation(laEditor, { personId: person.id, organizationId: other.id }, actor);

    const access = await dir.affiliationAccess(manager, person.id);
    assert.equal(access.all, false);
    assert.deepEqual(access.organizations.map((o) => o.id), [theatre.id]);
    assert.deepEqual(Object.fromEntries(access.affiliations.map((a) => [a.organization_id, a.canRemove])), { [theatre.id]: true, [other.id]: false });
    assert.equal((await dir.affiliationAccess(laEditor, person.id)).all, true);
    await assert.rejects(dir.affiliationAccess(stranger, person.id), { code: 'FORBIDDEN' });
    await assert.rejects(dir.affiliationAccess(ANONYMOUS, person.id), { code: 'UNAUTHENTICATED' });
    const view = await dir.getPerson(manager, person.id);
    assert.equal(await dir.mayManageAffiliations(manager, view), true);
    assert.equal(await dir.mayManageAffiliations(stranger, await dir.getPerson(stranger, person.id)), false);

    await assert.rejects(dir.removeAffiliation(manager, person.id, theirs.id, actor), { code: 'FORBIDDEN' });
    await assert.rejects(dir.removeAffiliation(stranger, person.id, mine.id, actor), { code: 'FORBIDDEN' });
    const elsewhere = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Someone Else' } }, actor);
    await assert.rejects(dir.removeAffiliation(laEditor, elsewhere.id, mine.id, actor), { code: 'NOT_FOUND' }, 'only through its own person');
    await dir.removeAffiliation(manager, person.id, mine.id, actor);
    await dir.removeAffiliation(laEditor, person.id, theirs.id, actor);
    assert.deepEqual(await dir.affiliationsOfPerson(laEditor, person.id), []);
    const audit = await listAudit(tdb.handle.db, { entityId: mine.id, limit: 10, offset: 0 });
    assert.deepEqual(audit.rows.map((r) => r.action).sort(), ['affiliation.create', 'affiliation.delete']);
    await assert.rejects(dir.removeAffiliation(laEditor, person.id, mine.id, actor), { code: 'NOT_FOUND' });
  });

  test("an organisation's editors see their organisations of that space, not archived or merged ones", async () => {
    const uid = users.second!;
    const p = principal(uid);
    const a = await dir.createOrganization(p, space.LA!, { name: { en: 'Zeta Gallery' }, type: 'private' }, actor);
    const b = await dir.createOrganization(p, space.LA!, { name: { en: 'Alpha Studio' }, type: 'private' }, actor);
    const c = await dir.createOrganization(p, space.LA!, { name: { en: 'Closed Workshop' }, type: 'private' }, actor);
    await dir.createOrganization(p, space.UZ!, { name: { en: 'Samarkand Studio' }, type: 'private' }, actor);
    await dir.updateOrganization(laEditor, c.id, { status: 'archived' }, actor);
    assert.deepEqual((await organizationsEditedBy(tdb.handle.db, uid, space.LA!)).map((o) => o.id), [b.id, a.id]);
    const z = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Zeta Gallery Vientiane' }, type: 'private' }, actor);
    await dir.mergeOrganizations(laEditor, z.id, a.id, actor);
    assert.deepEqual((await organizationsEditedBy(tdb.handle.db, uid, space.LA!)).map((o) => o.id).sort(), [b.id, z.id].sort(), 'editors moved to the kept one');
  });

  test('organisation choices: words in any script, only the space, no archived records, nothing for no words', async () => {
    const coop = await dir.createOrganization(laEditor, space.LA!, { name: { lo: 'ສະຫະກອນຕ່ຳຫູກບ້ານພະນົມ', en: 'Ban Phanom Weaving Cooperative' }, type: 'private' }, actor);
    const old = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Ban Phanom Weaving Club' }, type: 'private' }, actor);
    await dir.updateOrganization(laEditor, old.id, { status: 'archived' }, actor);
    await dir.createOrganization(principal(users.editor!, [[space.UZ!, 'editor']]), space.UZ!, { name: { en: 'Weaving Cooperative of Margilan' }, type: 'private' }, actor);
    const ids = async (q: string) => (await dir.organizationChoices(laMember('dancer'), space.LA!, q)).map((o) => o.id);
    assert.deepEqual(await ids('weaving'), [coop.id]);
    assert.deepEqual(await ids('ຕ່ຳຫູກ'), [coop.id]);
    assert.deepEqual(await ids('   '), []);
  });

  test('undated affiliations are listed after dated ones, latest first, on both databases', async () => {
    const person = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Order Test' } }, actor);
    const names = ['Undated Hall', 'Old Hall', 'New Hall'];
    const orgs = [];
    for (const n of names) orgs.push(await dir.createOrganization(laEditor, space.LA!, { name: { en: n }, type: 'private' }, actor));
    await dir.addAffiliation(laEditor, { personId: person.id, organizationId: orgs[0]!.id }, actor);
    await dir.addAffiliation(laEditor, { personId: person.id, organizationId: orgs[1]!.id, startDate: '2001' }, actor);
    await dir.addAffiliation(laEditor, { personId: person.id, organizationId: orgs[2]!.id, startDate: '2015-04' }, actor);
    assert.deepEqual((await dir.affiliationsOfPerson(ANONYMOUS, person.id)).map((a) => a.organization_name.en?.value), ['New Hall', 'Old Hall', 'Undated Hall']);
  });
});

describe('merging people from the pages', () => {
  test('the preview says why two records cannot be merged, and counts what moves', async () => {
    const a = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Vanh Singer' } }, actor);
    const b = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Vanh Singer (2)' } }, actor);
    const hall = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Singers Hall' }, type: 'private' }, actor);
    await dir.addAffiliation(laEditor, { personId: b.id, organizationId: hall.id }, actor);
    const preview = await dir.previewPersonMerge(laEditor, a.id, b.id);
    assert.equal(preview.keep.id, a.id);
    assert.equal(preview.drop.id, b.id);
    assert.equal(preview.keepAffiliations, 0);
    assert.equal(preview.dropAffiliations, 1);

    const reason = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        const e = err as { code: string; options?: { fields?: { key: string }[] } };
        return e.code === 'VALIDATION' ? e.options!.fields![0]!.key : e.code;
      }
      return 'merged';
    };
    assert.equal(await reason(dir.previewPersonMerge(laEditor, b.id, b.id)), 'directory.merge_same');
    assert.equal(await reason(dir.previewPersonMerge(laMember('stranger'), a.id, b.id)), 'FORBIDDEN');
    assert.equal(await reason(dir.previewPersonMerge(laEditor, '01900000-0000-7000-8000-000000000000', b.id)), 'NOT_FOUND');
    const uz = await dir.createPerson(principal(users.editor!, [[space.UZ!, 'editor']]), space.UZ!, { name: { en: 'Vanh Singer' } }, actor);
    assert.equal(await reason(dir.previewPersonMerge(laEditor, uz.id, b.id)), 'directory.merge_other_space');
    const owned1 = await dir.createPerson(principal(users.manager!), space.LA!, { name: { en: 'Manager Person' } }, actor, { self: true });
    const owned2 = await dir.createPerson(principal(users.stranger!), space.LA!, { name: { en: 'Manager Person' } }, actor, { self: true });
    assert.equal(await reason(dir.previewPersonMerge(laEditor, owned1.id, owned2.id)), 'directory.merge_two_accounts');

    // The photo of the dropped record goes to the kept one when it has none.
    await setPersonPhoto(tdb.handle.db, b.id, 'c'.repeat(64), nowIso());
    assert.equal((await dir.getPerson(ANONYMOUS, b.id)).photoSha256, 'c'.repeat(64));
    const merged = await dir.mergePeople(laEditor, a.id, b.id, actor);
    assert.equal(merged.photoSha256, 'c'.repeat(64));
    assert.deepEqual((await dir.affiliationsOfPerson(ANONYMOUS, a.id)).map((x) => x.organization_id), [hall.id]);
    assert.equal(await reason(dir.previewPersonMerge(laEditor, a.id, b.id)), 'directory.merge_merged');
  });
});

describe('merging organisations from the pages', () => {
  test('the preview counts the people and managers that move, and says why two records cannot be merged', async () => {
    const keep = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Mekong Weavers' }, type: 'private' }, actor);
    // A member's own organisation: they manage it.
    const drop = await dir.createOrganization(principal(users.second!), space.LA!, { name: { en: 'Mekong Weavers Co.' }, type: 'private' }, actor);
    const weaver = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Bee Weaver' } }, actor);
    await dir.addAffiliation(laEditor, { personId: weaver.id, organizationId: drop.id, role: 'Weaver' }, actor);
    const preview = await dir.previewOrganizationMerge(laEditor, keep.id, drop.id);
    assert.equal(preview.keep.organization.id, keep.id);
    assert.deepEqual([preview.keep.people, preview.keep.managers, preview.drop.people, preview.drop.managers], [0, 0, 1, 1]);

    const reason = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        const e = err as { code: string; options?: { fields?: { key: string }[] } };
        return e.code === 'VALIDATION' ? e.options!.fields![0]!.key : e.code;
      }
      return 'allowed';
    };
    assert.equal(await reason(dir.previewOrganizationMerge(laEditor, drop.id, drop.id)), 'directory.merge_same');
    assert.equal(await reason(dir.previewOrganizationMerge(laMember('stranger'), keep.id, drop.id)), 'FORBIDDEN');
    assert.equal(await reason(dir.previewOrganizationMerge(laEditor, weaver.id, drop.id)), 'NOT_FOUND');
    const uz = await dir.createOrganization(principal(users.editor!, [[space.UZ!, 'editor']]), space.UZ!, { name: { en: 'Mekong Weavers' }, type: 'private' }, actor);
    assert.equal(await reason(dir.previewOrganizationMerge(laEditor, uz.id, drop.id)), 'directory.merge_other_space');
    await dir.mergeOrganizations(laEditor, keep.id, drop.id, actor);
    assert.equal(await reason(dir.previewOrganizationMerge(laEditor, keep.id, drop.id)), 'directory.merge_merged');
    const moved = await dir.previewOrganizationMerge(laEditor, keep.id, (await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Other' }, type: 'private' }, actor)).id);
    assert.deepEqual([moved.keep.people, moved.keep.managers], [1, 1], 'the people and managers moved to the kept record');
  });
});
