/** Modules that put entities in the search index register an indexer, used by `mosaic reindex`. */
import type { Db, DbOrTrx } from '../db/index.js';
import { clearRebuildRequest, markLayout } from './layouts.js';
import { batchIndexWrites, clearEntityType } from './writes.js';

/** Rebuilds every index row of one entity type from the module's own tables. */
export interface Indexer {
  entityType: string;
  /** Indexes every entity of the type; returns how many. Runs inside the given transaction. */
  reindexAll(trx: DbOrTrx): Promise<number>;
}

/**
 * Rebuilds the index of each indexer in its own transaction; returns counts by entity type.
 * `complete`: the list is every indexer of the application, so a pending request to rebuild
 * everything (left by a migration) is fulfilled.
 */
export async function reindex(db: Db, indexers: readonly Indexer[], options: { complete?: boolean } = {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const indexer of indexers) {
    counts[indexer.entityType] = await db.transaction().execute(async (trx) => {
      await clearEntityType(trx, indexer.entityType);
      // Written in batches: a type's rows go in a few hundred at a time, not one by one.
      const n = await batchIndexWrites(trx, () => indexer.reindexAll(trx));
      // The rows now follow the type's current inline layout (see layouts.ts).
      await markLayout(trx, indexer.entityType);
      return n;
    });
  }
  if (options.complete) await clearRebuildRequest(db);
  return counts;
}
