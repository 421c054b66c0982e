import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import type { AppError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { reindex } from '../../platform/search/indexers.js';
import { search } from '../../platform/search/search.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { createDirectoryService } from '../directory/directory.service.js';
import { INDEXERS } from '../indexers.js';
import { getSpace } from '../spaces/spaces.service.js';
import * as repo from './library.repository.js';
import { searchLibrary } from './library.search.js';
import { createLibraryService, normaliseDoi, normaliseIsbn, normaliseIssn, reindexResource, RESOURCE, type LibraryService, type ResourceInput } from './library.service.js';

let tdb: TestDatabase;
let lib: LibraryService;
const actor = { userId: null, label: 'test' };
const space: Record<string, string> = {};
const users: Record<string, string> = {};
let editor: Principal;
let admin: Principal;
let member: Principal;
let outsider: Principal;

function principal(userId: string, roles: [string, 'member' | 'editor' | 'admin'][] = []): Principal {
  return { userId, isPlatformAdmin: false, roles: new Map(roles) };
}

async function found(q: string, reader: Principal = ANONYMOUS, filters: Record<string, string[]> = {}) {
  const r = await search(tdb.handle.db, { q, reader, types: [RESOURCE], filters, facets: ['rtype', 'access'], limit: 50, offset: 0 });
  return { ids: r.items.map((i) => i.entityId), total: r.total, facets: r.facets };
}

const base: ResourceInput = { type: 'report', title: { en: 'Placeholder' } };

before(async () => {
  tdb = await createTestDatabase();
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  lib = createLibraryService({ db: tdb.handle.db });
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  for (const u of ['editor', 'admin', 'member', 'outsider', 'filmmaker']) {
    const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${u}@example.org`, displayName: u, locale: 'en' }, actor));
    users[u] = id;
  }
  editor = principal(users.editor!, [[space.LA!, 'editor']]);
  admin = principal(users.admin!, [[space.LA!, 'admin']]);
  member = principal(users.member!, [[space.LA!, 'member']]);
  outsider = principal(users.outsider!, [[space.UZ!, 'admin']]);
});
after(async () => tdb.cleanup());

describe('resources', () => {
  test('an editor describes a resource; identifiers are checked and normalised; it is searchable at once and audited', async () => {
    const dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://x' }, accounts: createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } }) });
    const org = await dir.createOrganization(admin, space.LA!, { name: { en: 'Ministry of Information, Culture and Tourism' }, type: 'government' }, actor);
    const view = await lib.createResource(
      editor,
      space.LA!,
      {
        type: 'Policy',
        title: { lo: 'ນະໂຍບາຍວັດທະນະທຳແຫ່ງຊາດ', en: 'National cultural policy' },
        abstract: { en: 'Priorities for handicrafts, music and heritage until 2030.' },
        creators: [{ kind: 'organization', id: org.id }, { name: 'Somphone K.' }],
        publisher: { name: 'State Printing House' },
        date: '2019-05',
        domains: ['c', 'ICH'],
        keywords: ['crafts', 'heritage', 'crafts'],
        identifiers: [
          { scheme: 'isbn', value: '978-0-306-40615-7' },
          { scheme: 'doi', value: 'https://doi.org/10.1000/xyz123' },
          { scheme: 'url', value: 'example.org/policy' },
        ],
        languages: ['lo', 'EN'],
        coverage: { regions: ['la-lp'], period: '2019–2030' },
        licence: 'cc-by-4.0',
        sdgs: ['8.3', '11.4', '4'],
        conventionAreas: ['1.1'],
      },
      actor,
    );
    assert.equal(view.type, 'policy');
    assert.equal(view.year, 2019);
    assert.deepEqual(view.domains, ['C', 'ICH']);
    assert.deepEqual(view.keywords, ['crafts', 'heritage']);
    assert.deepEqual(view.identifiers, [
      { scheme: 'isbn', value: '9780306406157' },
      { scheme: 'doi', value: '10.1000/xyz123' },
      { scheme: 'url', value: 'https://example.org/policy' },
    ]);
    assert.deepEqual(view.creators, [
      { kind: 'organization', id: org.id, name: 'Ministry of Information, Culture and Tourism' },
      { kind: 'text', name: 'Somphone K.' },
    ]);
    assert.deepEqual(view.coverage, { countries: ['LA'], regions: ['LA-LP'], period: '2019–2030' });
    assert.deepEqual(view.languages, ['lo', 'en']);
    assert.equal(view.licence, 'CC-BY-4.0');
    assert.equal(view.access, 'public');
    assert.equal(view.status, 'published');
    assert.deepEqual((await found('ວັດທະນະທຳ')).ids, [view.id]);
    assert.deepEqual((await found('handicrafts')).ids, [view.id]);
    assert.deepEqual((await found('', ANONYMOUS, { sdg: ['8'] })).ids, [view.id], 'a target counts for its goal');
    const audit = await listAudit(tdb.handle.db, { entityId: view.id, limit: 5, offset: 0 });
    assert.equal(audit.rows[0]?.action, 'resource.create');
  });

  test('every field error is reported at once, and nothing is stored', async () => {
    const before = (await found('', editor)).total;
    await assert.rejects(
      lib.createResource(
        editor,
        space.LA!,
        {
          type: 'poem',
          title: {},
          date: '2019-13-01',
          identifiers: [{ scheme: 'isbn', value: '978-0-306-40615-8' }, { scheme: 'issn', value: '0317-8472' }, { scheme: 'doi', value: 'doi:11.1/x' }],
          coverage: { countries: ['QQ'], regions: ['LA-ZZ'] },
          sdgs: ['18'],
          access: 'groups',
          creators: [{ kind: 'person', id: newId() }],
        },
        actor,
      ),
      (err: AppError) => {
        const fields = (err.options.fields ?? []).map((f) => f.field).sort();
        assert.deepEqual(fields, ['coverage.countries', 'coverage.regions', 'creators.0', 'date', 'groups', 'identifiers.0.value', 'identifiers.1.value', 'identifiers.2.value', 'sdgs', 'title', 'type']);
        return true;
      },
    );
    assert.equal(normaliseIssn('0317-8471'), '0317-8471');
    assert.equal(normaliseIsbn('0-306-40615-2'), '0306406152');
    assert.equal(normaliseDoi('10.5555/ABC'), '10.5555/ABC');
    assert.equal((await found('', editor)).total, before);
  });

  test('only editors of the space write; a member or another space’s admin may not', async () => {
    await assert.rejects(lib.createResource(member, space.LA!, base, actor), { code: 'FORBIDDEN' });
    await assert.rejects(lib.createResource(outsider, space.LA!, base, actor), { code: 'FORBIDDEN' });
    await assert.rejects(lib.createResource(ANONYMOUS, space.LA!, base, actor), { code: 'UNAUTHENTICATED' });
  });
});

describe('access levels', () => {
  const ids: Record<string, string> = {};
  let group = '';
  before(async () => {
    for (const access of ['public', 'members', 'editors'] as const) {
      ids[access] = (await lib.createResource(editor, space.LA!, { type: 'report', title: { en: `Marimba survey ${access}` }, abstract: { en: 'xylophone makers' }, access }, actor)).id;
    }
    ids.draft = (await lib.createResource(editor, space.LA!, { type: 'report', title: { en: 'Marimba survey draft' }, status: 'draft' }, actor)).id;
    group = (await lib.createGroup(admin, space.LA!, { name: 'Film commission' }, actor)).id;
    await lib.addGroupMember(admin, group, 'filmmaker@example.org', actor);
    ids.groups = (await lib.createResource(editor, space.LA!, { type: 'report', title: { en: 'Marimba survey groups' }, access: 'groups', groups: [group] }, actor)).id;
  });

  test('a visitor sees only the public resource, in results and facet counts', async () => {
    const r = await found('marimba');
    assert.deepEqual(r.ids, [ids.public]);
    assert.deepEqual(r.facets.access, [{ value: 'public', count: 1 }]);
    await assert.rejects(lib.getResource(ANONYMOUS, ids.members!), { code: 'NOT_FOUND' });
    assert.equal((await lib.getResources(ANONYMOUS, Object.values(ids))).length, 1);
  });

  test('a member of the space also sees the members’ resource; a member elsewhere does not', async () => {
    assert.deepEqual((await found('marimba', member)).ids.sort(), [ids.public, ids.members].sort());
    assert.deepEqual((await found('marimba', outsider)).ids, [ids.public]);
    assert.equal((await lib.getResource(member, ids.members!)).id, ids.members);
    await assert.rejects(lib.getResource(member, ids.editors!), { code: 'NOT_FOUND' });
  });

  test('editors see everything of their space, drafts included', async () => {
    assert.equal((await found('marimba', editor)).total, 5);
  });

  test('a group’s members may open its resource; others may not', async () => {
    const filmmaker = principal(users.filmmaker!);
    assert.equal((await lib.getResource(filmmaker, ids.groups!)).id, ids.groups);
    await assert.rejects(lib.getResource(member, ids.groups!), { code: 'NOT_FOUND' });
    assert.equal(await lib.canRead(filmmaker, ids.groups!), true);
    assert.equal(await lib.canRead(member, ids.groups!), false);
    // In search, the reader's groups come with their principal (as principalFor fills them in).
    const withGroups = { ...filmmaker, groups: new Set([group]) };
    assert.deepEqual((await found('marimba', withGroups)).ids.sort(), [ids.public, ids.groups].sort());
    assert.deepEqual((await found('marimba', { ...member, groups: new Set(['another-group']) })).ids.sort(), [ids.public, ids.members].sort());
    const second = (await lib.createGroup(admin, space.LA!, { name: 'Music council' }, actor)).id;
    await lib.updateResource(editor, ids.groups!, { groups: [group, second] }, actor);
    assert.deepEqual((await found('marimba', { ...withGroups, groups: new Set([group, second]) })).ids.sort(), [ids.public, ids.groups].sort(), 'once, though in both groups');
    assert.equal((await found('marimba', { ...editor, groups: new Set([group]) })).total, 5, 'an editor in the group meets it once too');
  });

  test('an editor cannot name a group of another space', async () => {
    const uzGroup = (await lib.createGroup(outsider, space.UZ!, { name: 'Film commission' }, actor)).id;
    await assert.rejects(lib.updateResource(editor, ids.public!, { access: 'groups', groups: [uzGroup] }, actor), (err: AppError) => err.options.fields?.[0]?.field === 'groups');
  });

  test('deleting a group leaves its resources to editors', async () => {
    const temp = (await lib.createGroup(admin, space.LA!, { name: 'Temporary' }, actor)).id;
    const rid = (await lib.createResource(editor, space.LA!, { type: 'toolkit', title: { en: 'Temporary toolkit' }, access: 'groups', groups: [temp] }, actor)).id;
    await lib.deleteGroup(admin, temp, actor);
    assert.equal((await lib.getResource(editor, rid)).access, 'groups');
    assert.deepEqual((await lib.getResource(editor, rid)).groups, []);
    await assert.rejects(lib.getResource(member, rid), { code: 'NOT_FOUND' });
    await assert.rejects(lib.createGroup(admin, space.LA!, { name: 'Film commission' }, actor), (err: AppError) => err.options.fields?.[0]?.key === 'library.group_exists');
    await assert.rejects(lib.createGroup(editor, space.LA!, { name: 'Editors cannot' }, actor), { code: 'FORBIDDEN' });
  });
});

describe('deletion, harvesting and reindexing', () => {
  test('a deleted resource stays as a tombstone: gone from search, GONE for its readers, deleted for harvesters', async () => {
    const start = nowIso();
    const keep = await lib.createResource(editor, space.LA!, { type: 'news', title: { en: 'Imigongo exhibition opens' } }, actor);
    const drop = await lib.createResource(editor, space.LA!, { type: 'news', title: { en: 'Imigongo workshop' } }, actor);
    const hidden = await lib.createResource(editor, space.LA!, { type: 'news', title: { en: 'Imigongo members note' }, access: 'members' }, actor);
    await assert.rejects(lib.deleteResource(editor, drop.id, actor), { code: 'FORBIDDEN' }, 'deleting needs a space administrator');
    await lib.deleteResource(admin, drop.id, actor);
    assert.deepEqual((await found('imigongo', admin)).ids.sort(), [keep.id, hidden.id].sort());
    await assert.rejects(lib.getResource(editor, drop.id), { code: 'GONE' });
    await assert.rejects(lib.getResource(ANONYMOUS, drop.id), { code: 'GONE' });
    await assert.rejects(lib.getResource(ANONYMOUS, hidden.id), { code: 'NOT_FOUND' });
    await assert.rejects(lib.updateResource(editor, drop.id, { title: { en: 'x' } }, actor), { code: 'NOT_FOUND' });

    // Keyset pages of one record each, in (datestamp, id) order.
    const seen: { id: string; deleted: boolean }[] = [];
    let after: { updatedAt: string; id: string } | undefined;
    for (;;) {
      const page = await lib.harvest({ from: start, limit: 1, after });
      if (!page.length) break;
      seen.push(...page.map((r) => ({ id: r.id, deleted: r.deleted })));
      after = { updatedAt: page[0]!.datestamp, id: page[0]!.id };
    }
    assert.deepEqual(seen, [
      { id: keep.id, deleted: false },
      { id: hidden.id, deleted: true },
      { id: drop.id, deleted: true },
    ]);
    assert.ok((await lib.earliestDatestamp())! <= start);
  });

  test('reindex rebuilds the rows from the tables', async () => {
    const before = await found('', admin);
    const counts = await reindex(tdb.handle.db, INDEXERS);
    assert.ok(counts[RESOURCE]! >= before.total);
    assert.deepEqual((await found('', admin)).ids.sort(), before.ids.sort());
  });
});

describe('relations, collections and bookmarks', () => {
  test('a relation reads both ways with the inverse kind; an end the reader may not see is left out', async () => {
    const series = await lib.createResource(editor, space.LA!, { type: 'report', title: { en: 'Craft statistics series' } }, actor);
    const volume = await lib.createResource(editor, space.LA!, { type: 'statistics', title: { en: 'Craft statistics 2020' } }, actor);
    const secret = await lib.createResource(editor, space.LA!, { type: 'statistics', title: { en: 'Craft statistics draft' }, status: 'draft' }, actor);
    await lib.addRelation(editor, volume.id, series.id, 'is_part_of', actor);
    await lib.addRelation(editor, volume.id, series.id, 'is_part_of', actor);
    await lib.addRelation(editor, series.id, secret.id, 'has_part', actor);
    const fromSeries = await lib.relationsOf(ANONYMOUS, series.id);
    assert.deepEqual(fromSeries.map((r) => [r.kind, r.other.id, r.outgoing]), [['has_part', volume.id, false]]);
    assert.equal((await lib.relationsOf(editor, series.id)).length, 2);
    await assert.rejects(lib.addRelation(editor, volume.id, volume.id, 'related', actor), { code: 'VALIDATION' });
    await assert.rejects(lib.addRelation(editor, volume.id, series.id, 'cites', actor), { code: 'VALIDATION' });
    await lib.removeRelation(editor, series.id, fromSeries[0]!.id, actor);
    assert.equal((await lib.relationsOf(editor, volume.id)).length, 0);
  });

  test('a collection keeps its order; items a reader may not see are left out', async () => {
    const a = await lib.createResource(editor, space.LA!, { type: 'toolkit', title: { en: 'Guide A' } }, actor);
    const b = await lib.createResource(editor, space.LA!, { type: 'toolkit', title: { en: 'Guide B' }, access: 'members' }, actor);
    const c = await lib.createResource(editor, space.LA!, { type: 'toolkit', title: { en: 'Guide C' } }, actor);
    const col = await lib.createCollection(editor, space.LA!, { title: { en: 'Starter kit' }, introduction: { en: 'Read these first.' } }, actor);
    for (const r of [a, b, c]) await lib.addToCollection(editor, col.id, r.id, null, actor);
    await lib.moveInCollection(editor, col.id, c.id, -1, actor);
    await lib.addToCollection(editor, col.id, a.id, 'Start here', actor);
    const forMember = await lib.getCollection(member, col.id);
    assert.deepEqual(forMember.items.map((i) => i.resource.id), [a.id, c.id, b.id]);
    assert.equal(forMember.items[0]!.note, 'Start here');
    assert.deepEqual((await lib.getCollection(ANONYMOUS, col.id)).items.map((i) => i.resource.id), [a.id, c.id]);
    await lib.removeFromCollection(editor, col.id, c.id, actor);
    assert.deepEqual((await lib.getCollection(editor, col.id)).items.map((i) => i.resource.id), [a.id, b.id]);
    assert.deepEqual((await lib.collectionsOf(ANONYMOUS, a.id)).map((x) => x.id), [col.id]);
    await assert.rejects(lib.addToCollection(member, col.id, a.id, null, actor), { code: 'FORBIDDEN' });
    await lib.deleteCollection(editor, col.id, actor);
    await assert.rejects(lib.getCollection(editor, col.id), { code: 'NOT_FOUND' });
  });

  test('bookmarks: only what the reader may see, and only their own', async () => {
    const open = await lib.createResource(editor, space.LA!, { type: 'link', title: { en: 'Open link' } }, actor);
    const closed = await lib.createResource(editor, space.LA!, { type: 'link', title: { en: 'Closed link' }, access: 'editors' }, actor);
    await lib.setBookmark(member, open.id, true, actor);
    await lib.setBookmark(member, open.id, true, actor);
    await assert.rejects(lib.setBookmark(member, closed.id, true, actor), { code: 'NOT_FOUND' });
    await assert.rejects(lib.setBookmark(ANONYMOUS, open.id, true, actor), { code: 'UNAUTHENTICATED' });
    assert.deepEqual((await lib.myBookmarks(member)).map((r) => r.id), [open.id]);
    assert.deepEqual([...(await lib.bookmarked(member, [open.id, closed.id]))], [open.id]);
    await lib.setBookmark(member, open.id, false, actor);
    assert.deepEqual(await lib.myBookmarks(member), []);
  });
});

describe('text of files in the index', () => {
  test('a snippet cut from a file’s text names its page', async () => {
    const r = await lib.createResource(editor, space.LA!, { type: 'report', title: { en: 'Annual report' }, abstract: { en: 'What the ministry did.' } }, actor);
    const now = nowIso();
    const fileId = newId();
    const versionId = newId();
    await tdb.handle.db.transaction().execute(async (trx) => {
      await repo.insertFile(trx, { id: fileId, resource_id: r.id, label: null, position: 0, current_version_id: versionId, created_by: null, created_at: now, updated_at: now, deleted_at: null });
      await repo.insertVersion(trx, {
        id: versionId,
        file_id: fileId,
        version: 1,
        sha256: '0'.repeat(64),
        size: 10,
        media_type: 'application/pdf',
        filename: 'report.pdf',
        attachment_only: 0,
        uploaded_by: null,
        uploaded_by_label: null,
        uploaded_at: now,
        extract_status: 'done',
        extract_error: null,
        extract_job_id: null,
        pages: 3,
        chars: 100,
        truncated: 0,
        thumbnail_sha256: null,
      });
      await repo.replaceTexts(trx, versionId, [
        { id: newId(), page: 1, text: 'Introduction to the sector.' },
        { id: newId(), page: 2, text: 'Budget tables.' },
        { id: newId(), page: 3, text: 'The weaving cooperatives of Houaphanh grew.\nOther news.' },
      ]);
      await reindexResource(trx, r.id);
    });
    const found = await searchLibrary(tdb.handle.db, lib, ANONYMOUS, { q: 'cooperatives', filters: {}, sort: 'relevance', limit: 5, offset: 0 });
    assert.deepEqual(found.ids, [r.id]);
    assert.deepEqual(found.hits.get(r.id)?.source, { fileId, versionId, filename: 'report.pdf', label: null, page: 3 });
    assert.ok(found.hits.get(r.id)?.snippet.some((p) => p.match && p.text === 'cooperatives'));
    const meta = await searchLibrary(tdb.handle.db, lib, ANONYMOUS, { q: 'ministry', filters: {}, sort: 'relevance', limit: 5, offset: 0 });
    assert.ok(meta.ids.includes(r.id));
    assert.equal(meta.hits.get(r.id)?.source, null, 'a metadata match names no page');
    const mixed = await searchLibrary(tdb.handle.db, lib, ANONYMOUS, { q: 'ministry cooperatives', filters: {}, sort: 'relevance', limit: 5, offset: 0 });
    assert.deepEqual(mixed.ids, [r.id], 'words in the metadata and in a page find it together');
    // A resource whose words are on many pages is one result, counted once.
    const both = await searchLibrary(tdb.handle.db, lib, ANONYMOUS, { q: 'the', filters: { type: ['report'] }, sort: 'date', limit: 50, offset: 0 });
    assert.equal(both.ids.filter((id) => id === r.id).length, 1);
    assert.equal(both.facets.type.find((f) => f.value === 'report')?.count, both.total);
  });
});
