import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import type { AppError } from '../../platform/http/errors.js';
import { reindex } from '../../platform/search/indexers.js';
import { search } from '../../platform/search/search.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { INDEXERS } from '../indexers.js';
import { follow, followersOf } from '../notifications/notifications.service.js';
import { getSpace, rolesOfUser } from '../spaces/spaces.service.js';
import { createDirectoryService, ORGANIZATION, type DirectoryService } from './directory.service.js';

let tdb: TestDatabase;
let dir: DirectoryService;
const actor = { userId: null, label: 'test' };
const space: Record<string, string> = {};
const users: Record<string, string> = {};

function principal(userId: string, roles: [string, 'member' | 'editor' | 'admin'][] = []): Principal {
  return { userId, isPlatformAdmin: false, roles: new Map(roles) };
}
let laEditor: Principal;

async function userId(email: string): Promise<string> {
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } });
  const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email, locale: 'en' }, actor));
  return id;
}

async function found(q: string, reader: Principal = ANONYMOUS, type = 'organization'): Promise<string[]> {
  const r = await search(tdb.handle.db, { q, reader, types: [type], limit: 50, offset: 0 });
  return r.items.map((i) => i.entityId);
}

before(async () => {
  tdb = await createTestDatabase();
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' }, accounts });
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  for (const u of ['editor', 'weaver', 'other', 'claimant']) users[u] = await userId(`${u}@example.org`);
  laEditor = principal(users.editor!, [[space.LA!, 'editor']]);
});
after(async () => tdb.cleanup());

describe('organisations', () => {
  test('an editor creates an organisation with names in several scripts; it is searchable at once', async () => {
    const org = await dir.createOrganization(
      laEditor,
      space.LA!,
      {
        name: { lo: 'ສະມາຄົມຫັດຖະກຳລາວ', en: 'Lao Handicraft Association' },
        type: 'network',
        domains: ['C', 'ich'],
        functions: ['creation', 'dissemination'],
        regionCode: 'la-vt',
        contacts: [
          { kind: 'email', value: 'Info@LaoCraft.example', visibility: 'public' },
          { kind: 'phone', value: '+856 21 123 456', visibility: 'members' },
          { kind: 'website', value: 'laocraft.example', visibility: 'public' },
        ],
        languages: ['lo', 'en', 'fr'],
        foundedYear: '2001',
        description: { en: 'Silk weavers and basket makers of Vientiane.' },
      },
      actor,
    );
    assert.deepEqual(org.domains, ['C', 'ICH']);
    assert.equal(org.regionCode, 'LA-VT');
    assert.equal(org.status, 'published');
    assert.equal(org.verified, false);
    assert.deepEqual(org.contacts.map((c) => c.value), ['info@laocraft.example', '+856 21 123 456', 'https://laocraft.example']);
    assert.deepEqual(await found('ຫັດຖະກຳ'), [org.id]);
    assert.deepEqual(await found('handicraft assoc'), [org.id]);
  });

  test('every field error is reported at once, and nothing is stored', async () => {
    await assert.rejects(
      dir.createOrganization(
        laEditor,
        space.LA!,
        {
          name: { en: '   ' },
          type: 'shop',
          domains: ['Z'],
          regionCode: 'UZ-TK',
          contacts: [{ kind: 'email', value: 'not-an-email', visibility: 'public' }, { kind: 'website', value: 'javascript:alert(1)', visibility: 'public' }],
          foundedYear: 3020,
          latitude: 17.9,
        },
        actor,
      ),
      (e: AppError) => {
        const fields = e.options.fields!.map((f) => f.field).sort();
        assert.deepEqual(fields, ['contacts.0.value', 'contacts.1.value', 'domains', 'foundedYear', 'longitude', 'name', 'regionCode', 'type']);
        return true;
      },
    );
  });

  test('HTML in a name is kept as text, not interpreted', async () => {
    const org = await dir.createOrganization(laEditor, space.LA!, { name: { en: '<script>alert("x")</script> Troupe' }, type: 'private' }, actor);
    assert.equal(org.name.en?.value, '<script>alert("x")</script> Troupe');
  });

  test('a signed-in user creates an organisation: they join the space as member and may edit it; others may not', async () => {
    const weaver = principal(users.weaver!);
    const org = await dir.createOrganization(weaver, space.LA!, { name: { lo: 'ກຸ່ມທໍຜ້າບ້ານຊຽງເງິນ' }, type: 'civil_society', regionCode: 'LA-LP' }, actor);
    assert.equal((await rolesOfUser(tdb.handle.db, users.weaver!)).get(space.LA!), 'member');
    const asMember = principal(users.weaver!, [[space.LA!, 'member']]);
    assert.equal(org.canEdit, true);
    const updated = await dir.updateOrganization(asMember, org.id, { description: { lo: 'ທໍຜ້າໄໝດ້ວຍມື' } }, actor);
    assert.equal(updated.description.lo?.value, 'ທໍຜ້າໄໝດ້ວຍມື');
    assert.equal(updated.type, 'civil_society', 'fields not sent are kept');
    await assert.rejects(dir.updateOrganization(asMember, org.id, { status: 'archived' }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(dir.verifyOrganization(asMember, org.id, true, actor), { code: 'FORBIDDEN' });
    const other = principal(users.other!, [[space.LA!, 'member']]);
    await assert.rejects(dir.updateOrganization(other, org.id, { type: 'private' }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(dir.updateOrganization(ANONYMOUS, org.id, { type: 'private' }, actor), { code: 'UNAUTHENTICATED' });
  });

  test('member-only contacts are hidden from visitors in the record and in search', async () => {
    const org = await dir.createOrganization(
      laEditor,
      space.LA!,
      { name: { en: 'Luang Prabang Film Festival' }, type: 'civil_society', contacts: [{ kind: 'email', value: 'director@lpff.example', visibility: 'members' }, { kind: 'phone', value: '+856 71 000 000', visibility: 'editors' }] },
      actor,
    );
    const visitorView = await dir.getOrganization(ANONYMOUS, org.id);
    assert.deepEqual(visitorView.contacts, []);
    const member = principal(users.other!, [[space.LA!, 'member']]);
    assert.deepEqual((await dir.getOrganization(member, org.id)).contacts.map((c) => c.value), ['director@lpff.example']);
    assert.equal((await dir.getOrganization(laEditor, org.id)).contacts.length, 2);
    assert.deepEqual(await found('director@lpff.example'), []);
    assert.deepEqual(await found('director@lpff.example', member), [org.id]);
    assert.deepEqual(await found('+856 71 000 000', member), []);
    assert.deepEqual(await found('+856 71 000 000', laEditor), [org.id]);
    assert.deepEqual(await found('luang prabang film'), [org.id], 'the public part is still found');
  });

  test('drafts are invisible to visitors and members; editors publish and verify, recorded with who and when', async () => {
    const org = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Khene Music School' }, type: 'education', status: 'draft' }, actor);
    await assert.rejects(dir.getOrganization(ANONYMOUS, org.id), { code: 'NOT_FOUND' });
    await assert.rejects(dir.getOrganization(principal(users.other!, [[space.LA!, 'member']]), org.id), { code: 'NOT_FOUND' });
    assert.deepEqual(await found('khene'), []);
    await dir.updateOrganization(laEditor, org.id, { status: 'published' }, actor);
    assert.deepEqual(await found('khene'), [org.id]);
    const verified = await dir.verifyOrganization(laEditor, org.id, true, actor);
    assert.equal(verified.verified, true);
    const { rows } = await listAudit(tdb.handle.db, { entityId: org.id, action: 'organization.verify', limit: 5, offset: 0 });
    assert.equal(rows[0]?.actorLabel, 'test');
    assert.ok(rows[0]?.after?.verified_at);
    const facets = await search(tdb.handle.db, { q: 'khene', reader: ANONYMOUS, facets: ['verified'], limit: 5, offset: 0 });
    assert.deepEqual(facets.facets.verified, [{ value: 'verified', count: 1 }]);
  });

  test('an external id is unique within a space', async () => {
    await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Ext One' }, type: 'private', externalId: 'MICT-0042' }, actor);
    await assert.rejects(
      dir.createOrganization(laEditor, space.LA!, { name: { en: 'Ext Two' }, type: 'private', externalId: 'MICT-0042' }, actor),
      (e: AppError) => e.options.fields?.[0]?.key === 'directory.duplicate_external_id',
    );
  });
});

describe('claims', () => {
  test('a member claims an organisation; an editor approves; the claimant may then edit it', async () => {
    const org = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Vientiane Puppet Theatre' }, type: 'civil_society' }, actor);
    const claimant = principal(users.claimant!);
    const { claimId } = await dir.claimOrganization(claimant, org.id, 'I am the director', actor);
    await assert.rejects(dir.claimOrganization(principal(users.claimant!, [[space.LA!, 'member']]), org.id, 'again', actor), { code: 'CONFLICT' });
    const pending = await dir.pendingClaims(laEditor);
    assert.ok(pending.some((c) => c.id === claimId && c.email === 'claimant@example.org'));
    const asMember = principal(users.claimant!, [[space.LA!, 'member']]);
    await assert.rejects(dir.updateOrganization(asMember, org.id, { address: 'That Luang road' }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(dir.decideClaim(asMember, claimId, true, actor), { code: 'FORBIDDEN' });
    await dir.decideClaim(laEditor, claimId, true, actor);
    const updated = await dir.updateOrganization(asMember, org.id, { address: 'That Luang road' }, actor);
    assert.equal(updated.address, 'That Luang road');
    await assert.rejects(dir.decideClaim(laEditor, claimId, false, actor), { code: 'CONFLICT' });
  });

  test('editors of the space are emailed about a claim in their language, and the claimant about the decision', async () => {
    const { setRole } = await import('../spaces/spaces.service.js');
    const uzEditor = await userId('uz-editor@example.org');
    await tdb.handle.db.updateTable('users').set({ locale: 'uz-Cyrl' }).where('id', '=', uzEditor).execute();
    await tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, null, space.UZ!, uzEditor, 'editor'));
    const editorP = principal(uzEditor, [[space.UZ!, 'editor']]);
    const org = await dir.createOrganization(editorP, space.UZ!, { name: { 'uz-Latn': 'Samarqand kulolchilik maktabi' }, type: 'education' }, actor);
    const claimant = await userId('potter@example.org');
    const { claimId } = await dir.claimOrganization(principal(claimant), org.id, 'Men maktab direktoriman', actor);
    const toEditor = await tdb.handle.db.selectFrom('outbox').selectAll().where('to_address', '=', 'uz-editor@example.org').executeTakeFirstOrThrow();
    assert.match(toEditor.subject, /Samarqand kulolchilik maktabi/);
    assert.match(toEditor.text_body, /Ассалому алайкум/, 'written in the editor’s language (Uzbek Cyrillic)');
    assert.match(toEditor.text_body, /potter@example\.org/);
    assert.match(toEditor.text_body, /http:\/\/localhost:3000\/uz-cyrl\/admin\/claims/);
    await dir.decideClaim(editorP, claimId, false, actor);
    const toClaimant = await tdb.handle.db.selectFrom('outbox').selectAll().where('to_address', '=', 'potter@example.org').executeTakeFirstOrThrow();
    assert.match(toClaimant.text_body, /was not approved/);
  });
});

describe('people', () => {
  test('a user creates their own profile; sex and age band are kept only with consent and never shown publicly', async () => {
    const me = principal(users.other!, [[space.LA!, 'member']]);
    const person = await dir.createPerson(
      me,
      space.RW!,
      { name: { rw: 'Claudine Mukamana' }, professions: ['Weaver', 'Trainer'], domains: ['C'], regionCode: 'RW-05', sex: 'female', ageBand: '25-34', demographicsConsent: true, contacts: [{ kind: 'email', value: 'claudine@example.org', visibility: 'members' }] },
      actor,
      { self: true },
    );
    assert.equal(person.userId, users.other);
    assert.deepEqual(person.demographics, { sex: 'female', ageBand: '25-34' }, 'the person sees their own data');
    const visitor = await dir.getPerson(ANONYMOUS, person.id);
    assert.equal(visitor.demographics, null);
    assert.deepEqual(visitor.contacts, []);
    assert.deepEqual(await found('female', ANONYMOUS, 'person'), []);
    const rwEditor = principal(users.editor!, [[space.RW!, 'editor']]);
    assert.deepEqual((await dir.getPerson(rwEditor, person.id)).demographics, { sex: 'female', ageBand: '25-34' });
    const withdrawn = await dir.updatePerson(principal(users.other!, [[space.RW!, 'member']]), person.id, { demographicsConsent: false }, actor);
    assert.deepEqual(withdrawn.demographics, { sex: null, ageBand: null }, 'withdrawing consent erases the data');
    await assert.rejects(dir.createPerson(principal(users.other!, [[space.RW!, 'member']]), space.RW!, { name: { en: 'Second me' } }, actor, { self: true }), { code: 'CONFLICT' });
  });

  test('merging two organisations keeps affiliations, editors and names; the dropped one leaves search', async () => {
    const keep = await dir.createOrganization(laEditor, space.LA!, { name: { en: 'Lao National Cinema' }, type: 'government' }, actor);
    const drop = await dir.createOrganization(laEditor, space.LA!, { name: { lo: 'ໂຮງຮູບເງົາແຫ່ງຊາດ' }, type: 'government', contacts: [{ kind: 'email', value: 'cinema@gov.example', visibility: 'public' }] }, actor);
    const person = await dir.createPerson(laEditor, space.LA!, { name: { en: 'Anysay Keola' }, professions: ['Film director'] }, actor);
    await dir.addAffiliation(laEditor, { personId: person.id, organizationId: drop.id, role: 'Director', startDate: '2012' }, actor);
    // Followers: one follows the dropped record only, one follows both.
    const fan = await userId('cinema.fan@example.org');
    const both = await userId('cinema.both@example.org');
    await tdb.handle.db.transaction().execute(async (trx) => {
      await follow(trx, actor, fan, { type: ORGANIZATION, id: drop.id });
      await follow(trx, actor, both, { type: ORGANIZATION, id: drop.id });
      await follow(trx, actor, both, { type: ORGANIZATION, id: keep.id });
    });
    const merged = await dir.mergeOrganizations(laEditor, keep.id, drop.id, actor);
    assert.deepEqual((await followersOf(tdb.handle.db, { type: ORGANIZATION, id: keep.id })).sort(), [fan, both].sort(), 'the followers now follow the record kept, once each');
    assert.deepEqual(await followersOf(tdb.handle.db, { type: ORGANIZATION, id: drop.id }), []);
    assert.equal(merged.name.lo?.value, 'ໂຮງຮູບເງົາແຫ່ງຊາດ', 'the Lao name of the dropped record is kept');
    assert.ok(merged.contacts.some((c) => c.value === 'cinema@gov.example'));
    const affiliations = await dir.affiliationsOfPerson(laEditor, person.id);
    assert.deepEqual(affiliations.map((a) => [a.organization_id, a.role]), [[keep.id, 'Director']]);
    const dropped = await dir.getOrganization(laEditor, drop.id);
    assert.equal(dropped.status, 'archived');
    assert.equal(dropped.mergedInto, keep.id);
    assert.deepEqual(await found('ໂຮງຮູບເງົາແຫ່ງຊາດ'), [keep.id]);
    await assert.rejects(dir.mergeOrganizations(laEditor, keep.id, keep.id, actor), { code: 'VALIDATION' });
    await assert.rejects(dir.mergeOrganizations(principal(users.other!, [[space.LA!, 'member']]), keep.id, drop.id, actor), { code: 'FORBIDDEN' });
  });
});

describe('people: verification and merge', () => {
  test('an editor verifies a person; merging two people keeps affiliations, names and the account', async () => {
    const rwEditor = principal(users.editor!, [[space.RW!, 'editor']]);
    const owner = await userId('jean.paul@example.org');
    const mine = await dir.createPerson(principal(owner), space.RW!, { name: { fr: 'Jean-Paul Niyonzima' }, professions: ['Danseur'] }, actor, { self: true });
    const other = await dir.createPerson(rwEditor, space.RW!, { name: { rw: 'Jean Paul Niyonzima' }, professions: ['Intore dancer'], contacts: [{ kind: 'phone', value: '+250 788 111 222', visibility: 'members' }] }, actor);
    const troupe = await dir.createOrganization(rwEditor, space.RW!, { name: { rw: 'Itorero Inganzo' }, type: 'civil_society' }, actor);
    await dir.addAffiliation(rwEditor, { personId: other.id, organizationId: troupe.id, role: 'Dancer' }, actor);
    await assert.rejects(dir.verifyPerson(principal(owner, [[space.RW!, 'member']]), mine.id, true, actor), { code: 'FORBIDDEN' });
    assert.equal((await dir.verifyPerson(rwEditor, mine.id, true, actor)).verified, true);
    const follower = await userId('dance.fan@example.org');
    await tdb.handle.db.transaction().execute((trx) => follow(trx, actor, follower, { type: 'person', id: other.id }));
    const merged = await dir.mergePeople(rwEditor, mine.id, other.id, actor);
    assert.deepEqual(await followersOf(tdb.handle.db, { type: 'person', id: mine.id }), [follower]);
    assert.equal(merged.userId, owner, 'the person keeps their account');
    assert.equal(merged.name.rw?.value, 'Jean Paul Niyonzima');
    assert.deepEqual(merged.professions.sort(), ['Danseur', 'Intore dancer']);
    assert.deepEqual((await dir.affiliationsOfPerson(rwEditor, mine.id)).map((a) => a.organization_id), [troupe.id]);
    assert.equal(await dir.mergedTarget('person', other.id), mine.id);
    assert.deepEqual(await found('Intore', ANONYMOUS, 'person'), [mine.id]);
    // Two records that each belong to an account are two people: not merged.
    const second = await userId('another.dancer@example.org');
    const theirs = await dir.createPerson(principal(second), space.RW!, { name: { rw: 'Jean-Paul N.' } }, actor, { self: true });
    await assert.rejects(dir.mergePeople(rwEditor, mine.id, theirs.id, actor), { code: 'CONFLICT' });
  });
});

describe('duplicates', () => {
  test('a record written in another script or spelling, or sharing a contact, is a likely duplicate', async () => {
    const uzEditor = principal(users.editor!, [[space.UZ!, 'editor']]);
    const original = await dir.createOrganization(uzEditor, space.UZ!, { name: { 'uz-Cyrl': 'Тошкент давлат консерваторияси' }, type: 'education', contacts: [{ kind: 'website', value: 'https://www.conservatory.example/uz', visibility: 'public' }] }, actor);
    await dir.createOrganization(uzEditor, space.UZ!, { name: { en: 'Tashkent Puppet Theatre' }, type: 'civil_society' }, actor);
    const check = (name: Record<string, string>, contacts: { kind: 'website' | 'email'; value: string; visibility: 'public' }[] = []) =>
      tdb.handle.db.transaction().execute((trx) => dir.findLikelyDuplicates(trx, 'organization', space.UZ!, { name: text(name), contacts }));
    const { text } = await import('../../platform/i18n/content.js');
    const latin = await check({ 'uz-Latn': 'Toshkent davlat konservatoriyasi' });
    assert.deepEqual(latin.map((d) => d.id), [original.id], 'found across scripts');
    assert.ok(latin[0]!.nameSimilarity > 0.9);
    const misspelt = await check({ 'uz-Latn': 'Toshkent davlat konservatoriya' });
    assert.deepEqual(misspelt.map((d) => d.id), [original.id], 'found despite a different ending');
    const bySite = await check({ en: 'State Conservatory of Uzbekistan' }, [{ kind: 'website', value: 'http://conservatory.example', visibility: 'public' }]);
    assert.deepEqual(bySite.map((d) => d.id), [original.id]);
    assert.deepEqual(bySite[0]!.sharedContacts, ['website:conservatory.example']);
    assert.deepEqual(await check({ en: 'Navoi Opera Ballet' }), [], 'an unrelated name is not a duplicate');
    assert.deepEqual(await check({ en: 'Tashkent Cinema Union' }), [], 'sharing one word is not enough');
  });
});

describe('reindex', () => {
  test('reindex rebuilds the same results from the records', async () => {
    const before = await found('');
    const counts = await reindex(tdb.handle.db, INDEXERS);
    assert.ok(counts.organization! > 0 && counts.person! > 0);
    assert.deepEqual((await found('')).sort(), before.sort());
    assert.ok((await found('ຫັດຖະກຳ')).length === 1);
  });
});
