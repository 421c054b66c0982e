/**
 * Every background job type, in one registry: the worker of `mosaic serve` runs them. A module
 * with slow work (text extraction, digests, demo loading) adds its handler here.
 */
import { SYSTEM_ACTOR } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';
import type { JobHandler } from '../platform/jobs/jobs.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { activeJobCount, enqueueJob } from '../platform/jobs/jobs.js';
import { reindex } from '../platform/search/indexers.js';
import { syncFacetLayouts } from '../platform/search/layouts.js';
import { loadDemoData } from './demo/demo.service.js';
import { INDEXERS } from './indexers.js';
import { EXTRACT_JOB, type FilesService } from './library/files.service.js';

/** Job type: load the demo dataset (chosen on the setup page). */
export const DEMO_JOB = 'demo.load';

/** Job type: rebuild the search rows of some entity types (payload `{ types: string[] }`). */
export const REINDEX_JOB = 'search.reindex';

/**
 * At start: entity types whose index rows were written under an older inline-facet layout are
 * rebuilt in the background (search answers correctly meanwhile, by the general path).
 */
export async function scheduleStaleReindex(db: Db): Promise<string[]> {
  const stale = await syncFacetLayouts(db);
  if (stale.length && (await activeJobCount(db, REINDEX_JOB)) === 0) await enqueueJob(db, REINDEX_JOB, { types: stale });
  return stale;
}

/** The handlers, bound to the app's services. */
export function jobHandlers(services: { db: Db; accounts: AccountsService; files?: FilesService }): Map<string, JobHandler> {
  const handlers = new Map<string, JobHandler>([
    [
      REINDEX_JOB,
      async (payload) => {
        const types = Array.isArray(payload.types) ? payload.types.map(String) : [];
        await reindex(services.db, INDEXERS.filter((i) => types.includes(i.entityType)));
      },
    ],
    [
      DEMO_JOB,
      async () => {
        await loadDemoData(services.db, services.accounts, SYSTEM_ACTOR, { files: services.files });
      },
    ],
  ]);
  const files = services.files;
  if (files) handlers.set(EXTRACT_JOB, async (payload) => files.runExtraction(String(payload.versionId ?? '')));
  return handlers;
}
