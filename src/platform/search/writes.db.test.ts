import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { getSpace } from '../../modules/spaces/spaces.service.js';
import { ANONYMOUS } from '../auth/policy.js';
import type { DbOrTrx } from '../db/index.js';
import { text } from '../i18n/content.js';
import { registerFacetLayout } from './layouts.js';
import { batchIndexWrites, discardIndexWrites, indexEntity, LEVEL, removeEntity, search, type IndexEntry } from './search.js';

// A type with a layout, so the aggregate counts are exercised too.
const PART = 'batch_part';
registerFacetLayout(PART, { columns: ['kind'], bits: { lang: ['lo', 'en'] } });

let tdb: TestDatabase;
let LA = '';

function part(id: string, kind: string, words: string, membersOnly = false): IndexEntry {
  const facets = { kind: [kind], lang: ['lo', 'hmn'] };
  const title = text({ en: `Part ${id}` });
  return {
    entityType: PART,
    entityId: id,
    spaceId: LA,
    url: `/parts/${id}`,
    variants: membersOnly
      ? [
          { levelLo: LEVEL.visitor, levelHi: LEVEL.visitor, title, body: words, facets },
          { levelLo: LEVEL.member, levelHi: LEVEL.admin, title, body: `${words}\nmembers only line`, facets },
        ]
      : [{ levelLo: LEVEL.visitor, levelHi: LEVEL.admin, title, body: words, facets }],
  };
}

/** Everything the index holds for the type, without the generated ids. */
async function snapshot(db: DbOrTrx) {
  const docs = await db
    .selectFrom('search_documents as d')
    .innerJoin('search_texts as t', 't.doc_id', 'd.doc_id')
    .select(['d.doc_id', 'd.entity_id', 'd.level_lo', 'd.level_hi', 'd.k1', 'd.kbits', 'd.lbits', 't.body', 't.url'])
    .where('d.entity_type', '=', PART)
    .orderBy('d.entity_id')
    .orderBy('d.level_lo')
    .execute();
  const facets = await db
    .selectFrom('search_facets as f')
    .innerJoin('search_documents as d', 'd.doc_id', 'f.doc_id')
    .select(['d.entity_id', 'd.level_lo', 'f.facet', 'f.value'])
    .where('d.entity_type', '=', PART)
    .orderBy('d.entity_id')
    .orderBy('d.level_lo')
    .orderBy('f.facet')
    .orderBy('f.value')
    .execute();
  const counts = await db.selectFrom('search_counts').select(['level_lo', 'level_hi', 'k1', 'kbits', 'n']).where('entity_type', '=', PART).orderBy('k1').orderBy('level_lo').execute();
  return {
    docs: docs.map(({ doc_id: _id, ...rest }) => ({ ...rest, kbits: Number(rest.kbits), lbits: Number(rest.lbits) })),
    facets,
    counts: counts.map((c) => ({ ...c, kbits: Number(c.kbits), n: Number(c.n) })),
  };
}

async function clear(db: DbOrTrx) {
  await db.transaction().execute(async (trx) => {
    for (const r of await trx.selectFrom('search_documents').select('entity_id').where('entity_type', '=', PART).execute()) await removeEntity(trx, PART, r.entity_id);
  });
}

const entries = () => Array.from({ length: 40 }, (_, i) => part(`p${String(i).padStart(2, '0')}`, i % 3 ? 'tool' : 'loom', `silk weaving ${i} ທໍຜ້າ`, i % 4 === 0));

before(async () => {
  tdb = await createTestDatabase();
  LA = (await getSpace(tdb.handle.db, 'LA')).id;
});
after(async () => tdb.cleanup());

describe('batched index writes', () => {
  test('a batch writes exactly what the same writes one by one do', async () => {
    const db = tdb.handle.db;
    await db.transaction().execute(async (trx) => {
      for (const e of entries()) await indexEntity(trx, e);
      await indexEntity(trx, part('p01', 'loom', 'changed once'));
      await removeEntity(trx, PART, 'p02');
    });
    const oneByOne = await snapshot(db);
    await clear(db);
    assert.deepEqual((await snapshot(db)).docs, []);
    await db.transaction().execute((trx) =>
      batchIndexWrites(trx, async () => {
        for (const e of entries()) await indexEntity(trx, e);
        await indexEntity(trx, part('p01', 'loom', 'changed once'));
        await removeEntity(trx, PART, 'p02');
      }),
    );
    assert.deepEqual(await snapshot(db), oneByOne);
    assert.equal(oneByOne.docs.filter((d) => d.entity_id === 'p01').length, 1);
    assert.ok(!oneByOne.docs.some((d) => d.entity_id === 'p02'));
    assert.equal(oneByOne.counts.reduce((n, c) => n + c.n, 0), oneByOne.docs.length);
  });

  test('a search inside the batch sees the writes gathered before it', async () => {
    const db = tdb.handle.db;
    await db.transaction().execute((trx) =>
      batchIndexWrites(trx, async () => {
        await indexEntity(trx, part('fresh', 'loom', 'indigo batik'));
        const found = await search(trx, { q: 'batik', reader: ANONYMOUS, types: [PART], limit: 5, offset: 0 });
        assert.deepEqual(
          found.items.map((i) => i.entityId),
          ['fresh'],
        );
        await removeEntity(trx, PART, 'fresh');
        const gone = await search(trx, { q: 'batik', reader: ANONYMOUS, types: [PART], limit: 5, offset: 0 });
        assert.equal(gone.total, 0);
      }),
    );
  });

  test('discarded writes are not written; a rolled-back batch leaves nothing', async () => {
    const db = tdb.handle.db;
    const before = await snapshot(db);
    await db.transaction().execute((trx) =>
      batchIndexWrites(trx, async () => {
        await indexEntity(trx, part('dropped', 'loom', 'discarded words'));
        discardIndexWrites(trx);
      }),
    );
    await assert.rejects(
      db.transaction().execute((trx) =>
        batchIndexWrites(trx, async () => {
          await indexEntity(trx, part('rolled', 'loom', 'rolled back'));
          throw new Error('rollback');
        }),
      ),
      /rollback/,
    );
    assert.deepEqual(await snapshot(db), before);
  });

  test('a large batch is written in parts as it grows, and ids never repeat', async () => {
    const db = tdb.handle.db;
    await clear(db);
    const many = Array.from({ length: 1234 }, (_, i) => part(`m${i}`, 'tool', `bulk ${i}`));
    await db.transaction().execute((trx) =>
      batchIndexWrites(trx, async () => {
        for (const e of many) await indexEntity(trx, e);
      }),
    );
    const ids = await db.selectFrom('search_documents').select('doc_id').execute();
    assert.equal(new Set(ids.map((r) => Number(r.doc_id))).size, ids.length);
    const all = await search(db, { q: 'bulk', reader: ANONYMOUS, types: [PART], facets: ['kind', 'lang'], limit: 1, offset: 0 });
    assert.equal(all.total, 1234);
    assert.deepEqual(all.facets.kind, [{ value: 'tool', count: 1234 }]);
    assert.deepEqual(all.facets.lang, [
      { value: 'hmn', count: 1234 },
      { value: 'lo', count: 1234 },
    ]);
    // The highest row removed, new rows still get ids above every id ever used.
    const top = Math.max(...ids.map((r) => Number(r.doc_id)));
    await db.transaction().execute((trx) => removeEntity(trx, PART, 'm1233'));
    await db.transaction().execute((trx) => indexEntity(trx, part('after', 'tool', 'later')));
    const later = await db.selectFrom('search_documents').select('doc_id').where('entity_id', '=', 'after').executeTakeFirstOrThrow();
    assert.ok(Number(later.doc_id) > top);
  });

  test('two transactions writing at once on PostgreSQL get distinct ids', async (t) => {
    if (tdb.handle.sqlite) return t.skip('SQLite has one writer');
    const db = tdb.handle.db;
    await Promise.all(
      [0, 1].map((w) =>
        db.transaction().execute((trx) =>
          batchIndexWrites(trx, async () => {
            for (let i = 0; i < 300; i++) await indexEntity(trx, part(`c${w}-${i}`, 'tool', `concurrent ${w}`));
          }),
        ),
      ),
    );
    const all = await search(db, { q: 'concurrent', reader: ANONYMOUS, types: [PART], limit: 0, offset: 0 });
    assert.equal(all.total, 600);
  });
});
