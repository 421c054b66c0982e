import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmptyDatabase } from '../../../test/helpers/db.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
import { LANGUAGE_SPEC, languageBits } from './languages.js';
import { rebuildRequested } from './layouts.js';

test('reshaping a populated index asks for a complete rebuild; a new installation needs none', async () => {
  const populated = await createEmptyDatabase();
  const fresh = await createEmptyDatabase();
  try {
    await migrateTo(populated.handle.db, '0003_directory');
    // A row as 0002 wrote them (its FTS triggers fire on SQLite).
    await populated.handle.db
      .insertInto('search_documents')
      .values({
        entity_type: 'organization',
        entity_id: 'o1',
        space_id: null,
        level_lo: 0,
        level_hi: 3,
        updated_at: '2026-01-01T00:00:00.000Z',
        ...({ title: '{}', url: '/organizations/o1', body: 'x', title_tokens: 'x78', body_tokens: 'x78', langs: '' } as object),
        ...(populated.handle.sqlite ? {} : { tsv: '' }),
      } as never)
      .execute();
    await migrateToLatest(populated.handle.db);
    assert.equal(await rebuildRequested(populated.handle.db), true);
    const left = await populated.handle.db.selectFrom('search_documents').select('doc_id').execute();
    assert.deepEqual(left, []);

    await migrateToLatest(fresh.handle.db);
    assert.equal(await rebuildRequested(fresh.handle.db), false);
  } finally {
    await populated.cleanup();
    await fresh.cleanup();
  }
});

test('0010 gives existing rows their language bits from search_facets', async () => {
  const tdb = await createEmptyDatabase();
  try {
    const db = tdb.handle.db;
    await migrateTo(db, '0009_discussions');
    const insert = async (entityId: string, langs: string[]) => {
      const row = await db
        .insertInto('search_documents')
        .values({ entity_type: 'organization', entity_id: entityId, space_id: null, level_lo: 0, level_hi: 3, updated_at: '2026-01-01T00:00:00.000Z', ...(tdb.handle.sqlite ? {} : { tsv: '' }) } as never)
        .returning('doc_id')
        .executeTakeFirstOrThrow();
      if (langs.length) await db.insertInto('search_facets').values(langs.map((value) => ({ doc_id: Number(row.doc_id), facet: 'lang', value }))).execute();
    };
    await insert('o1', ['lo', 'en']);
    await insert('o2', ['qaa', 'uz-Cyrl']);
    await insert('o3', []);
    await migrateToLatest(db);
    const rows = await db.selectFrom('search_documents').select(['entity_id', 'lbits']).orderBy('entity_id').execute();
    assert.deepEqual(
      rows.map((r) => [r.entity_id, Number(r.lbits)]),
      [
        ['o1', languageBits(['lo', 'en'])],
        ['o2', languageBits(['qaa', 'uz-Cyrl'])],
        ['o3', 0],
      ],
    );
    assert.equal(languageBits(['qaa']), 2 ** LANGUAGE_SPEC.overflow);
  } finally {
    await tdb.cleanup();
  }
});
