import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmptyDatabase } from '../../../test/helpers/db.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
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
