/**
 * Every background job type, in one registry: the worker of `mosaic serve` runs them. A module
 * with slow work (text extraction, digests, demo loading) adds its handler here, and periodic
 * work to RECURRING_JOBS.
 */
import type { Config } from '../config.js';
import { SYSTEM_ACTOR } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';
import { filesDir, localFileStore } from '../platform/files/store.js';
import type { JobHandler, RecurringJob } from '../platform/jobs/jobs.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { loadDemoData } from './demo/demo.service.js';
import { cleanImportUploads, IMPORT_CLEANUP_JOB } from './directory/import/uploads.js';

/** Job type: load the demo dataset (chosen on the setup page). */
export const DEMO_JOB = 'demo.load';

/** Jobs the worker enqueues by itself, each at most once per period. */
export const RECURRING_JOBS: readonly RecurringJob[] = [{ type: IMPORT_CLEANUP_JOB, everyMs: 60 * 60 * 1000 }];

/** The handlers, bound to the app's services. */
export function jobHandlers(services: { db: Db; accounts: AccountsService; config: Pick<Config, 'dataDir' | 'importUploadMaxAgeHours'> }): Map<string, JobHandler> {
  return new Map<string, JobHandler>([
    [
      DEMO_JOB,
      async () => {
        await loadDemoData(services.db, services.accounts, SYSTEM_ACTOR);
      },
    ],
    [
      IMPORT_CLEANUP_JOB,
      async () => {
        await cleanImportUploads(services.db, localFileStore(filesDir(services.config.dataDir)), { maxAgeHours: services.config.importUploadMaxAgeHours });
      },
    ],
  ]);
}
