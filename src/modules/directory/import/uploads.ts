/**
 * The spreadsheets of the web import, between its steps (mapping, preview, run): each upload is
 * recorded, each step marks it used, the run marks it finished. A periodic job removes the
 * records of uploads older than the configured age that no longer belong to an import under way,
 * and deletes a file from the store only when nothing else refers to the same content (the store
 * keeps one copy per sha256, which a logo, a photo or a later upload may share).
 */
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/index.js';
import type { FileStore } from '../../../platform/files/store.js';
import { newId, nowIso } from '../../../platform/ids.js';
import type { ImportKind } from './columns.js';
import * as repo from './import.repository.js';

/** Job type of the clean-up, run by the worker once an hour. */
export const IMPORT_CLEANUP_JOB = 'directory.import_cleanup';

/** Uploads handled per transaction of the clean-up. */
const BATCH = 200;

/**
 * Records an upload before its bytes are stored: a clean-up running at the same moment then sees
 * it and leaves the file, or has already deleted it and the store writes it again.
 */
export async function recordUpload(db: Db, upload: { sha256: string; kind: ImportKind; spaceId: string; userId: string }): Promise<void> {
  const now = nowIso();
  await repo.insertUpload(db, {
    id: newId(),
    sha256: upload.sha256,
    kind: upload.kind,
    space_id: upload.spaceId,
    user_id: upload.userId,
    created_at: now,
    last_used_at: now,
    finished_at: null,
  });
}

/** A step of the import used the upload (keeps an import under way from being cleaned up). */
export async function touchUpload(db: Db, sha256: string, userId: string): Promise<void> {
  await repo.touchUploads(db, sha256, userId, nowIso());
}

/** The import of the upload ran. */
export async function finishUpload(db: Db, sha256: string, userId: string): Promise<void> {
  await repo.finishUploads(db, sha256, userId, nowIso());
}

/** What one clean-up did. */
export interface CleanupResult {
  /** Upload records removed. */
  uploads: number;
  /** Files deleted from the store (others were shared, or already gone). */
  files: number;
}

/**
 * Removes the uploads older than `maxAgeHours` whose import ran or was abandoned (unused for
 * that long), then deletes each of their files that nothing refers to any more. Audited.
 */
export async function cleanImportUploads(db: Db, store: FileStore, options: { maxAgeHours: number; now?: Date }): Promise<CleanupResult> {
  const now = options.now ?? new Date();
  const cutoff = nowIso(new Date(now.getTime() - options.maxAgeHours * 3600 * 1000));
  const result: CleanupResult = { uploads: 0, files: 0 };
  for (;;) {
    const rows = await repo.expiredUploads(db, cutoff, BATCH);
    if (rows.length === 0) break;
    const files = [...new Set(rows.map((r) => r.sha256))];
    await db.transaction().execute(async (trx) => {
      await repo.deleteUploads(trx, rows.map((r) => r.id));
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'import.uploads_expire',
        entityType: 'import_upload',
        before: { uploads: rows.map((r) => ({ id: r.id, sha256: r.sha256, kind: r.kind, space_id: r.space_id, user_id: r.user_id, created_at: r.created_at, finished_at: r.finished_at })) },
        after: { maxAgeHours: options.maxAgeHours },
      });
    });
    result.uploads += rows.length;
    // Checked after the records are gone, so a fresh upload of the same file keeps it.
    for (const sha256 of files) {
      if (await repo.fileInUse(db, sha256)) continue;
      if (await store.remove(sha256)) result.files++;
    }
    if (rows.length < BATCH) break;
  }
  return result;
}
