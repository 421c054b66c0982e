/**
 * Every background job type, in one registry: the worker of `mosaic serve` runs them. A module
 * with slow work (text extraction, digests, demo loading) adds its handler here.
 */
import { SYSTEM_ACTOR } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';
import type { JobHandler } from '../platform/jobs/jobs.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { loadDemoData } from './demo/demo.service.js';

/** Job type: load the demo dataset (chosen on the setup page). */
export const DEMO_JOB = 'demo.load';

/** The handlers, bound to the app's services. */
export function jobHandlers(services: { db: Db; accounts: AccountsService }): Map<string, JobHandler> {
  return new Map<string, JobHandler>([
    [
      DEMO_JOB,
      async () => {
        await loadDemoData(services.db, services.accounts, SYSTEM_ACTOR);
      },
    ],
  ]);
}
