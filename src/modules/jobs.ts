/**
 * Every background job type, in one registry: the worker of `mosaic serve` runs them. A module
 * with slow work (text extraction, digests, demo loading) adds its handler here, and periodic
 * work to RECURRING_JOBS.
 */
import type { Config } from '../config.js';
import { SYSTEM_ACTOR } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';
import { filesDir, localFileStore } from '../platform/files/store.js';
import { activeJobCount, enqueueJob, type JobHandler, type RecurringJob } from '../platform/jobs/jobs.js';
import { reindex } from '../platform/search/indexers.js';
import { rebuildRequested, syncFacetLayouts } from '../platform/search/layouts.js';
import type { AccountsService } from './accounts/accounts.service.js';
import { loadDemoData } from './demo/demo.service.js';
import { cleanImportUploads, IMPORT_CLEANUP_JOB } from './directory/import/uploads.js';
import { REMINDER_JOB, type EventsService } from './events/events.service.js';
import { INDEXERS } from './indexers.js';
import { NEWS_PUBLISH_JOB, NEWSLETTER_JOB, publishDue, runNewsletterJob } from './news/news.service.js';
import { OPPORTUNITIES_JOB, runDeadlines } from './opportunities/opportunities.service.js';
import { NOTIFICATIONS_EMAIL_JOB, sendDueEmails } from './notifications/notifications.service.js';
import { EXTRACT_JOB, type FilesService } from './library/files.service.js';

/** Job type: load the demo dataset (chosen on the setup page). */
export const DEMO_JOB = 'demo.load';

/** Job type: rebuild the search rows of some entity types (payload `{ types: string[] }`). */
export const REINDEX_JOB = 'search.reindex';

/**
 * At start: the index is rebuilt in the background when a migration reshaped it (every type), or
 * for the entity types whose rows were written under an older inline-facet layout (search
 * answers those correctly meanwhile, by the general path).
 */
export async function scheduleStaleReindex(db: Db): Promise<string[]> {
  const all = await rebuildRequested(db);
  const stale = await syncFacetLayouts(db);
  const types = all ? INDEXERS.map((i) => i.entityType) : stale;
  if (types.length && (await activeJobCount(db, REINDEX_JOB)) === 0) await enqueueJob(db, REINDEX_JOB, { types, all });
  return types;
}

/** Jobs the worker enqueues by itself, each at most once per period. */
export const RECURRING_JOBS: readonly RecurringJob[] = [
  { type: IMPORT_CLEANUP_JOB, everyMs: 60 * 60 * 1000 },
  // Notification emails and due digests (immediate ones are also queued at once by notify()).
  { type: NOTIFICATIONS_EMAIL_JOB, everyMs: 60 * 60 * 1000 },
  // Opportunities past their deadline are closed; followers reminded before it.
  { type: OPPORTUNITIES_JOB, everyMs: 60 * 60 * 1000 },
];

/** The handlers, bound to the app's services. */
export function jobHandlers(services: {
  db: Db;
  accounts: AccountsService;
  config: Pick<Config, 'dataDir' | 'importUploadMaxAgeHours'> & Partial<Pick<Config, 'baseUrl' | 'secretKey'>>;
  events?: EventsService;
  files?: FilesService;
}): Map<string, JobHandler> {
  const handlers = new Map<string, JobHandler>([
    [
      NEWS_PUBLISH_JOB,
      async (payload) => {
        if (typeof payload.id === 'string') await publishDue(services.db, payload.id);
      },
    ],
    [
      // A newsletter send: its emails in batches; a retry goes on where the last run stopped.
      NEWSLETTER_JOB,
      async (payload, ctx) => {
        const { baseUrl, secretKey } = services.config;
        if (!baseUrl || !secretKey) throw new Error('newsletters need BASE_URL and SECRET_KEY');
        await runNewsletterJob(services.db, String(payload.sendId ?? ''), { baseUrl, secretKey }, ctx.attempt);
      },
    ],
    [
      OPPORTUNITIES_JOB,
      async () => {
        await runDeadlines(services.db);
      },
    ],
    [
      NOTIFICATIONS_EMAIL_JOB,
      async () => {
        const { baseUrl, secretKey } = services.config;
        if (!baseUrl || !secretKey) throw new Error('notification emails need BASE_URL and SECRET_KEY');
        await sendDueEmails(services.db, { baseUrl, secretKey });
      },
    ],
    [
      REINDEX_JOB,
      async (payload) => {
        const types = Array.isArray(payload.types) ? payload.types.map(String) : [];
        await reindex(services.db, INDEXERS.filter((i) => types.includes(i.entityType)), { complete: payload.all === true });
      },
    ],
    [
      DEMO_JOB,
      async () => {
        await loadDemoData(services.db, services.accounts, SYSTEM_ACTOR, { files: services.files });
      },
    ],
    [
      IMPORT_CLEANUP_JOB,
      async () => {
        await cleanImportUploads(services.db, localFileStore(filesDir(services.config.dataDir)), { maxAgeHours: services.config.importUploadMaxAgeHours });
      },
    ],
  ]);
  const events = services.events;
  // The reminder the day before an event (payload `{ eventId, startsAt }`).
  if (events) handlers.set(REMINDER_JOB, async (payload) => void (await events.sendReminders(String(payload.eventId), String(payload.startsAt))));
  const files = services.files;
  if (files) handlers.set(EXTRACT_JOB, async (payload) => files.runExtraction(String(payload.versionId ?? '')));
  return handlers;
}
