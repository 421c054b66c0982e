import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { getSpace } from '../../modules/spaces/spaces.service.js';
import { ANONYMOUS, type Principal } from '../auth/policy.js';
import type { DbOrTrx } from '../db/index.js';
import { text } from '../i18n/content.js';
import { reindex, type Indexer } from './indexers.js';
import { LANGUAGE_SPEC, languageBits } from './languages.js';
import { layoutInForce, registerFacetLayout, syncFacetLayouts } from './layouts.js';
import { indexEntity, LEVEL, removeEntity, search, searchWithoutInlineFacets, type IndexEntry, type SearchQuery } from './search.js';

// Registered before the test database is created, as a module's layout is before start-up.
const WIDGET = 'widget';
const widgetLayout = registerFacetLayout(WIDGET, { columns: ['kind', 'region'], bits: { tag: ['a', 'b', 'c'], lang: ['lo', 'en'] } });

let tdb: TestDatabase;
let LA = '';
let UZ = '';

/** A small deterministic generator, so the data set is the same on every run and database. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

interface Widget {
  id: string;
  space: string;
  kind: string;
  region: string | null;
  tags: string[];
  langs: string[];
  membersOnly: boolean;
  groups: string[];
}

const widgets: Widget[] = [];

function widgetEntry(w: Widget): IndexEntry {
  const facets = { kind: [w.kind], region: w.region ? [w.region] : [], tag: w.tags, lang: w.langs };
  const title = text({ en: `Widget ${w.id} ${w.kind}` });
  const body = `woven ${w.tags.join(' ')}`;
  const variants: IndexEntry['variants'] = w.groups.length
    ? [
        { levelLo: LEVEL.member, levelHi: LEVEL.member, title, body, facets, groupIds: w.groups },
        { levelLo: LEVEL.editor, levelHi: LEVEL.admin, title, body, facets },
      ]
    : w.membersOnly
      ? [
          { levelLo: LEVEL.visitor, levelHi: LEVEL.visitor, title, body, facets: { ...facets, tag: w.tags.filter((t) => t !== 'secret') } },
          { levelLo: LEVEL.member, levelHi: LEVEL.admin, title, body: `${body} members`, facets },
        ]
      : [{ levelLo: LEVEL.visitor, levelHi: LEVEL.admin, title, body, facets }];
  return { entityType: WIDGET, entityId: w.id, spaceId: w.space, url: `/widgets/${w.id}`, variants };
}

function principal(roles: [string, 'member' | 'editor' | 'admin'][], groups: string[] = [], isPlatformAdmin = false): Principal {
  return { userId: 'u', isPlatformAdmin, roles: new Map(roles), groups: new Set(groups) };
}

before(async () => {
  tdb = await createTestDatabase();
  LA = (await getSpace(tdb.handle.db, 'LA')).id;
  UZ = (await getSpace(tdb.handle.db, 'UZ')).id;
  const r = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  for (let i = 0; i < 80; i++) {
    const space = r() < 0.6 ? LA : UZ;
    const tags = ['a', 'b', 'c', 'zz', 'yy', 'secret'].filter(() => r() < 0.3);
    const langs = ['lo', 'en', 'hmn'].filter(() => r() < 0.4);
    widgets.push({
      id: `w${String(i).padStart(2, '0')}`,
      space,
      kind: pick(['k1', 'k2', 'k3']),
      region: r() < 0.2 ? null : pick(space === LA ? ['LA-VT', 'LA-LP'] : ['UZ-TK', 'UZ-SA']),
      tags,
      langs,
      membersOnly: r() < 0.2,
      groups: r() < 0.15 ? (r() < 0.5 ? ['g1'] : ['g1', 'g2']) : [],
    });
  }
  await tdb.handle.db.transaction().execute(async (trx) => {
    for (const w of widgets) await indexEntity(trx, widgetEntry(w));
  });
});
after(async () => tdb.cleanup());

describe('inline facets', () => {
  test('the layout is in force on a new database', async () => {
    assert.equal(await layoutInForce(tdb.handle.db, widgetLayout), true);
  });

  test('every query gives the same page, total and counts inline as by search_facets', async () => {
    const readers: Principal[] = [
      ANONYMOUS,
      principal([[LA, 'member']]),
      principal([[LA, 'member']], ['g1']),
      principal([[LA, 'member'], [UZ, 'member']], ['g1', 'g2']),
      principal([[LA, 'editor']]),
      principal([], [], true),
    ];
    const filters: Record<string, string[]>[] = [
      {},
      { kind: ['k1'] },
      { tag: ['a'] },
      { tag: ['zz'] },
      { tag: ['a', 'zz'] },
      { lang: ['hmn'] },
      { lang: ['lo', 'hmn'], kind: ['k2', 'k3'] },
      { region: ['LA-VT'], tag: ['secret'] },
      { tag: ['nothing'] },
    ];
    let compared = 0;
    for (const reader of readers) {
      for (const f of filters) {
        for (const q of ['', 'woven', 'zz', 'widg']) {
          for (const spaceIds of [undefined, [LA]]) {
            const query: SearchQuery = { q, reader, types: [WIDGET], spaceIds, filters: f, facets: ['kind', 'region', 'tag', 'lang'], limit: 7, offset: 3 };
            const inline = await search(tdb.handle.db, query);
            const general = await searchWithoutInlineFacets(tdb.handle.db, query);
            assert.deepEqual(inline, general, JSON.stringify({ q, f, reader: [...reader.roles], groups: [...(reader.groups ?? [])] }));
            compared++;
          }
        }
      }
    }
    assert.equal(compared, 6 * 9 * 4 * 2);
  });

  test('counts match the data: values outside the layout’s list included, hidden values excluded', async () => {
    const result = await search(tdb.handle.db, { q: '', reader: ANONYMOUS, types: [WIDGET], facets: ['tag', 'lang', 'kind'], limit: 0, offset: 0 });
    const visible = widgets.filter((w) => w.groups.length === 0);
    assert.equal(result.total, visible.length);
    const count = (facet: string, value: string) => result.facets[facet]!.find((c) => c.value === value)?.count ?? 0;
    assert.equal(count('tag', 'zz'), visible.filter((w) => w.tags.includes('zz')).length);
    assert.equal(count('lang', 'hmn'), visible.filter((w) => w.langs.includes('hmn')).length);
    assert.ok(count('lang', 'hmn') > 0 && count('tag', 'zz') > 0, 'the data set has values outside the list');
    // A visitor never counts the members-only 'secret' tag.
    assert.equal(count('tag', 'secret'), visible.filter((w) => !w.membersOnly && w.tags.includes('secret')).length);
    assert.equal(count('kind', 'k1') + count('kind', 'k2') + count('kind', 'k3'), visible.length);
    // Sorted by count, then value.
    const tags = result.facets.tag!;
    for (let i = 1; i < tags.length; i++) assert.ok(tags[i - 1]!.count > tags[i]!.count || (tags[i - 1]!.count === tags[i]!.count && tags[i - 1]!.value < tags[i]!.value));
  });

  test('a row for named groups is seen by their members only, once', async () => {
    const grouped = widgets.filter((w) => w.groups.length > 0);
    assert.ok(grouped.some((w) => w.groups.length === 2), 'some rows are for two groups');
    const inLa = (reader: Principal) => search(tdb.handle.db, { q: '', reader, types: [WIDGET], spaceIds: [LA], limit: 100, offset: 0 });
    const visitorIds = new Set((await inLa(ANONYMOUS)).items.map((i) => i.entityId));
    const memberIds = (await inLa(principal([[LA, 'member']]))).items.map((i) => i.entityId);
    const bothGroups = await inLa(principal([[LA, 'member']], ['g1', 'g2']));
    const groupIds = bothGroups.items.map((i) => i.entityId);
    for (const w of grouped.filter((x) => x.space === LA)) {
      assert.ok(!visitorIds.has(w.id));
      assert.ok(!memberIds.includes(w.id));
      assert.equal(groupIds.filter((id) => id === w.id).length, 1, `${w.id} once for a member of both groups`);
    }
    assert.equal(new Set(groupIds).size, groupIds.length);
    assert.equal(bothGroups.total, widgets.filter((w) => w.space === LA).length);
  });

  test('the aggregate follows changes and removals, in the same transaction', async () => {
    const db = tdb.handle.db;
    const changed = widgets.slice(0, 20).map((w, i) => ({ ...w, kind: 'k9', tags: i % 2 ? ['a'] : ['zz'], membersOnly: !w.membersOnly }));
    const removed = widgets.slice(20, 30).map((w) => w.id);
    await db.transaction().execute(async (trx) => {
      for (const w of changed) await indexEntity(trx, widgetEntry(w));
      for (const id of removed) await removeEntity(trx, WIDGET, id);
    });
    // A rolled-back change leaves nothing behind.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await indexEntity(trx, widgetEntry({ ...widgets[40]!, kind: 'k-rolled-back' }));
        throw new Error('rollback');
      }),
    );
    const rows = await db.selectFrom('search_counts').selectAll().where('entity_type', '=', WIDGET).execute();
    assert.ok(rows.every((r) => Number(r.n) > 0), 'no empty aggregate rows are kept');
    assert.ok(!rows.some((r) => r.k1 === 'k-rolled-back'));
    const ungrouped = await db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', WIDGET).where('grouped', '=', 0).executeTakeFirstOrThrow();
    assert.equal(rows.reduce((n, r) => n + Number(r.n), 0), Number(ungrouped.n));
    for (const reader of [ANONYMOUS, principal([[LA, 'member']]), principal([[UZ, 'editor']])]) {
      for (const filters of [{}, { kind: ['k9'] }, { tag: ['a'] }] as Record<string, string[]>[]) {
        const query: SearchQuery = { q: '', reader, types: [WIDGET], filters, facets: ['kind', 'region', 'tag', 'lang'], limit: 5, offset: 0 };
        assert.deepEqual(await search(db, query), await searchWithoutInlineFacets(db, query));
      }
    }
    const k9 = await search(db, { q: '', reader: principal([], [], true), types: [WIDGET], facets: ['kind'], limit: 0, offset: 0 });
    assert.equal(k9.facets.kind!.find((c) => c.value === 'k9')?.count, changed.length);
  });

  test('a single-valued inline facet with two values is refused', async () => {
    const w = { ...widgets[0]!, id: 'bad' };
    const entry = widgetEntry(w);
    entry.variants[0]!.facets.kind = ['k1', 'k2'];
    await assert.rejects(tdb.handle.db.transaction().execute((trx) => indexEntity(trx, entry)), /single-valued/);
  });

  test('a layout with too many bits is refused', () => {
    assert.throws(() => registerFacetLayout('too_wide', { columns: [], bits: { many: Array.from({ length: 60 }, (_, i) => `v${i}`) } }), /at most 52/);
  });
});

describe('the engine’s language bits', () => {
  // A type without a layout: its languages are read from lbits, the same positions for every type.
  const NOTE = 'note';
  const notes = Array.from({ length: 30 }, (_, i) => ({
    id: `n${i}`,
    space: i % 3 ? LA : UZ,
    // 'qaa' (a private-use code) is outside the engine's list: it sets the overflow bit.
    langs: [['lo'], ['en', 'fr'], ['qaa'], ['uz-Cyrl', 'qaa'], []][i % 5]!,
    membersOnly: i % 4 === 0,
  }));
  const noteEntry = (n: (typeof notes)[number]): IndexEntry => ({
    entityType: NOTE,
    entityId: n.id,
    spaceId: n.space,
    url: `/notes/${n.id}`,
    variants: [{ levelLo: n.membersOnly ? LEVEL.member : LEVEL.visitor, levelHi: LEVEL.admin, title: text({ en: `Note ${n.id}` }), body: 'woven note', facets: { lang: n.langs } }],
  });

  before(async () => {
    await tdb.handle.db.transaction().execute(async (trx) => {
      for (const n of notes) await indexEntity(trx, noteEntry(n));
    });
  });

  test('rows carry their languages as bits, overflow for a language outside the list', async () => {
    const rows = await tdb.handle.db.selectFrom('search_documents').select(['entity_id', 'lbits']).where('entity_type', '=', NOTE).execute();
    const bits = new Map(rows.map((r) => [r.entity_id, Number(r.lbits)]));
    assert.equal(bits.get('n0'), languageBits(['lo']));
    assert.equal(bits.get('n1'), languageBits(['en', 'fr']));
    assert.equal(bits.get('n2'), 2 ** LANGUAGE_SPEC.overflow);
    assert.equal(bits.get('n4'), 0);
  });

  test('searches across types give the same results from lbits as from search_facets', async () => {
    const readers: Principal[] = [ANONYMOUS, principal([[LA, 'member']]), principal([[LA, 'member']], ['g1']), principal([], [], true)];
    const filters: Record<string, string[]>[] = [{}, { lang: ['lo'] }, { lang: ['qaa'] }, { lang: ['hmn', 'en'] }, { lang: ['uz-Cyrl'] }];
    let compared = 0;
    for (const reader of readers) {
      for (const f of filters) {
        for (const q of ['', 'woven', 'no']) {
          for (const types of [undefined, [NOTE], [NOTE, WIDGET]]) {
            const query: SearchQuery = { q, reader, types, filters: f, facets: ['lang'], limit: 6, offset: 2 };
            assert.deepEqual(await search(tdb.handle.db, query), await searchWithoutInlineFacets(tdb.handle.db, query), JSON.stringify({ q, f, types }));
            compared++;
          }
        }
      }
    }
    assert.equal(compared, 4 * 5 * 3 * 3);
    const all = await search(tdb.handle.db, { q: 'note', reader: ANONYMOUS, types: [NOTE], facets: ['lang'], limit: 0, offset: 0 });
    const visible = notes.filter((n) => !n.membersOnly);
    assert.equal(all.facets.lang!.find((c) => c.value === 'qaa')?.count, visible.filter((n) => n.langs.includes('qaa')).length);
    assert.equal(all.facets.lang!.find((c) => c.value === 'lo')?.count, visible.filter((n) => n.langs.includes('lo')).length);
  });
});

describe('a layout that changed', () => {
  test('rows indexed under another layout are answered by the general path until reindexed', async () => {
    const GADGET = 'gadget';
    const gadgets = [
      { id: 'g-1', tone: ['red'] },
      { id: 'g-2', tone: ['red', 'blue'] },
      { id: 'g-3', tone: ['green'] },
    ];
    const entryOf = (g: (typeof gadgets)[number]): IndexEntry => ({
      entityType: GADGET,
      entityId: g.id,
      spaceId: LA,
      url: `/gadgets/${g.id}`,
      variants: [{ levelLo: LEVEL.visitor, levelHi: LEVEL.admin, title: text({ en: g.id }), body: 'gadget', facets: { tone: g.tone } }],
    });
    const indexAll = async (trx: DbOrTrx) => {
      for (const g of gadgets) await indexEntity(trx, entryOf(g));
      return gadgets.length;
    };
    // Indexed before any layout existed for the type (an older release).
    await tdb.handle.db.transaction().execute(indexAll);
    const layout = registerFacetLayout(GADGET, { columns: [], bits: { tone: ['red', 'blue'] } });
    assert.deepEqual(await syncFacetLayouts(tdb.handle.db), [GADGET]);
    assert.equal(await layoutInForce(tdb.handle.db, layout), false);
    const query: SearchQuery = { q: '', reader: ANONYMOUS, types: [GADGET], filters: { tone: ['red'] }, facets: ['tone'], limit: 10, offset: 0 };
    const before = await search(tdb.handle.db, query);
    assert.equal(before.total, 2);
    assert.deepEqual(before.facets.tone, [
      { value: 'red', count: 2 },
      { value: 'blue', count: 1 },
    ]);
    const indexer: Indexer = { entityType: GADGET, reindexAll: indexAll };
    await reindex(tdb.handle.db, [indexer]);
    assert.deepEqual(await syncFacetLayouts(tdb.handle.db), []);
    assert.equal(await layoutInForce(tdb.handle.db, layout), true);
    assert.deepEqual(await search(tdb.handle.db, query), before);
  });
});
