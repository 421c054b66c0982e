/**
 * Files of library resources: uploads sniffed from their bytes (programs and macro documents
 * refused), stored in the content-addressed file store, kept as versions (a new upload never
 * replaces an older one, which stays downloadable), and their text extracted in a background job
 * (page by page) for search, with a preview image for pictures.
 *
 * The library keeps its blobs' metadata on the versions, not in the platform's `files` table:
 * a blob recorded there as image/webp would be served publicly by /media, whatever the access
 * rule of the resource it belongs to.
 */
import type { Readable } from 'node:stream';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import { levelIn } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import type { FileStore } from '../../platform/files/store.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { enqueueJob, retryJob } from '../../platform/jobs/jobs.js';
import { LEVEL } from '../../platform/search/search.js';
import { EXTRACTABLE_TYPES, ExtractionError, extractText } from './extract/index.js';
import { extensionOf, sniffFile } from './extract/sniff.js';
import { makeThumbnail } from './extract/thumbnail.js';
import * as repo from './library.repository.js';
import { MAX_INDEXED_TEXT, reindexResource, removeVersionText, RESOURCE, type LibraryService, type ResourceView } from './library.service.js';

/** Job type: extract the text of a file version (and make its preview). Payload `{ versionId }`. */
export const EXTRACT_JOB = 'library.extract';

/** Why a version has no text, beyond the extractor's own reasons: its bytes are not in the store. */
export const MISSING_BLOB = 'missing';

/** An upload as received: the bytes and the name the browser gave. */
export interface Upload {
  bytes: Buffer;
  filename: string;
  label?: string | null;
}

/** An upload the library accepted: its bytes stored, its type sniffed, its name made safe. */
export type AcceptedUpload = Awaited<ReturnType<ReturnType<typeof createFilesService>['acceptUpload']>>;

/** One version of a file as a reader may see it. */
export interface VersionView {
  id: string;
  version: number;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  /** Who uploaded it (editors only). */
  uploadedBy: string | null;
  attachmentOnly: boolean;
  /** none | pending | done | failed */
  extraction: string;
  /** Why extraction failed (editors only). */
  extractionError: string | null;
  /** The job to retry with `mosaic jobs retry` (editors only). */
  jobId: string | null;
  pages: number | null;
  truncated: boolean;
  hasThumbnail: boolean;
}

/** A file of a resource with its versions, newest first. */
export interface FileView {
  id: string;
  label: string | null;
  current: VersionView;
  versions: VersionView[];
}

/** Media types whose text can be extracted (the extractor's list). */
export function extractable(mediaType: string): boolean {
  return EXTRACTABLE_TYPES.includes(mediaType.split(';')[0]!.trim().toLowerCase());
}

/** Extensions that name the same type (so a sniffed "jpeg" keeps a name ending in ".jpg"). */
const SAME_TYPE: Record<string, string[]> = { jpg: ['jpeg', 'jpe'], jpeg: ['jpg', 'jpe'], tif: ['tiff'], tiff: ['tif'], htm: ['html'], html: ['htm'], txt: ['text'], md: ['txt'], csv: ['txt'] };

/**
 * A file name safe to store and send: no folders, no control or bidirectional characters, at
 * most 200 characters, and an extension that matches what the bytes are.
 */
export function safeFilename(name: string, extension: string): string {
  let base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '')
    .trim()
    .replace(/^\.+/, '');
  if (!base) base = 'file';
  const current = extensionOf(base);
  if (extension && current !== extension && !(SAME_TYPE[extension] ?? []).includes(current)) base = `${base}.${extension}`;
  if (base.length > 200) {
    const ext = extensionOf(base);
    base = `${base.slice(0, 200 - ext.length - 1)}.${ext}`;
  }
  return base;
}

function versionView(v: repo.VersionRow, editor: boolean): VersionView {
  return {
    id: v.id,
    version: v.version,
    filename: v.filename,
    mediaType: v.media_type,
    size: Number(v.size),
    sha256: v.sha256,
    uploadedAt: v.uploaded_at,
    uploadedBy: editor ? v.uploaded_by_label : null,
    attachmentOnly: Boolean(v.attachment_only),
    extraction: v.extract_status,
    extractionError: editor ? v.extract_error : null,
    jobId: editor ? v.extract_job_id : null,
    pages: v.pages,
    // Cut by the extractor, or longer than what the index takes of one version.
    truncated: Boolean(v.truncated) || (v.chars ?? 0) > MAX_INDEXED_TEXT,
    hasThumbnail: Boolean(v.thumbnail_sha256),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What the files service needs. */
export interface FilesDeps {
  db: Db;
  library: LibraryService;
  store: FileStore;
  /** Largest upload in bytes. */
  maxUploadBytes: number;
}

/** The files service bound to its dependencies. */
export function createFilesService(deps: FilesDeps) {
  const { db, library, store, maxUploadBytes } = deps;

  /** The resource, when the reader may edit it (NOT_FOUND when they may not see it). */
  async function editable(principal: Principal, resourceId: string): Promise<ResourceView> {
    const resource = await library.getResource(principal, resourceId);
    if (!resource.canEdit) throw new AppError(principal.userId ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    return resource;
  }

  /** Checks an upload; returns what is stored of it. Refused uploads write nothing. */
  async function accept(upload: Upload) {
    if (upload.bytes.length > maxUploadBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', { fields: [{ field: 'file', key: 'library.file.too_large', values: { size: Math.round(maxUploadBytes / 1024 / 1024) } }] });
    }
    if (upload.bytes.length === 0) throw validationError([{ field: 'file', key: 'library.file.empty' }]);
    const sniffed = await sniffFile(upload.bytes, upload.filename);
    if (sniffed.refused === 'executable') throw validationError([{ field: 'file', key: 'library.file.refused_executable' }]);
    if (sniffed.refused === 'active_content') throw validationError([{ field: 'file', key: 'library.file.refused_active' }]);
    const blob = await store.put(upload.bytes);
    return { sniffed, blob, filename: safeFilename(upload.filename, sniffed.extension) };
  }

  /** Inserts a version, makes it current, queues its extraction, audits, re-indexes. */
  async function addVersionRow(trx: DbOrTrx, principal: Principal, actor: Actor, resource: ResourceView, file: repo.FileRow, accepted: Awaited<ReturnType<typeof accept>>, created: boolean): Promise<repo.VersionRow> {
    const now = nowIso();
    const { sniffed, blob, filename } = accepted;
    const wantsJob = extractable(sniffed.mediaType) || sniffed.category === 'image';
    const row: repo.VersionRow = {
      id: newId(),
      file_id: file.id,
      version: await repo.nextVersionNumber(trx, file.id),
      sha256: blob.sha256,
      size: blob.size,
      media_type: sniffed.mediaType,
      filename,
      attachment_only: sniffed.attachmentOnly ? 1 : 0,
      uploaded_by: principal.userId,
      uploaded_by_label: actor.label,
      uploaded_at: now,
      extract_status: extractable(sniffed.mediaType) ? 'pending' : 'none',
      extract_error: null,
      extract_job_id: null,
      pages: null,
      chars: null,
      truncated: 0,
      thumbnail_sha256: null,
    };
    // One attempt: an unreadable file will not become readable by itself; editors retry by hand.
    if (wantsJob) row.extract_job_id = await enqueueJob(trx, EXTRACT_JOB, { versionId: row.id }, { maxAttempts: 1 });
    await repo.insertVersion(trx, row);
    await repo.updateFile(trx, file.id, { current_version_id: row.id, updated_at: now });
    await repo.updateResource(trx, resource.id, { updated_at: now });
    await recordAudit(trx, actor, {
      action: created ? 'resource.file.create' : 'resource.file.version',
      entityType: RESOURCE,
      entityId: resource.id,
      spaceId: resource.spaceId,
      after: { file_id: file.id, label: file.label, version_id: row.id, version: row.version, filename, media_type: row.media_type, size: row.size, sha256: row.sha256 },
    });
    await reindexResource(trx, resource.id);
    return row;
  }

  /** Inserts a file with its first version on a resource the caller has checked they may edit. */
  async function insertFile(trx: DbOrTrx, principal: Principal, actor: Actor, resource: ResourceView, accepted: Awaited<ReturnType<typeof accept>>, label: string | null | undefined): Promise<{ fileId: string; versionId: string }> {
    const now = nowIso();
    const file: repo.FileRow = {
      id: newId(),
      resource_id: resource.id,
      label: (label ?? '').normalize('NFC').trim().slice(0, 300) || null,
      position: await repo.nextFilePosition(trx, resource.id),
      current_version_id: null,
      created_by: principal.userId,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await repo.insertFile(trx, file);
    const version = await addVersionRow(trx, principal, actor, resource, file, accepted, true);
    return { fileId: file.id, versionId: version.id };
  }

  return {
    /**
     * Checks an upload (size, programs and macro documents refused) and puts its bytes in the
     * store; nothing is recorded until `addFileInside` runs. For modules that create a resource
     * and its file in one transaction (an event's material).
     */
    acceptUpload: accept,

    /**
     * Adds an accepted upload as a new file of a resource, inside the caller's transaction (the
     * caller has created the resource or checked the principal may edit it there).
     */
    async addFileInside(trx: DbOrTrx, principal: Principal, actor: Actor, resource: ResourceView, accepted: Awaited<ReturnType<typeof accept>>, label?: string | null): Promise<{ fileId: string; versionId: string }> {
      if (!resource.canEdit) throw new AppError(principal.userId ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      return insertFile(trx, principal, actor, resource, accepted, label);
    },

    /** Adds a file (its first version) to a resource (editors). */
    async addFile(principal: Principal, resourceId: string, upload: Upload, actor: Actor): Promise<{ fileId: string; versionId: string }> {
      const resource = await editable(principal, resourceId);
      const accepted = await accept(upload);
      return db.transaction().execute((trx) => insertFile(trx, principal, actor, resource, accepted, upload.label));
    },

    /** Uploads a new version of a file; the older ones stay downloadable. */
    async addVersion(principal: Principal, resourceId: string, fileId: string, upload: Upload, actor: Actor): Promise<{ fileId: string; versionId: string }> {
      const resource = await editable(principal, resourceId);
      const file = await repo.findFile(db, fileId);
      if (!file || file.resource_id !== resource.id || file.deleted_at) throw new AppError('NOT_FOUND');
      const accepted = await accept(upload);
      return db.transaction().execute(async (trx) => {
        const version = await addVersionRow(trx, principal, actor, resource, file, accepted, false);
        return { fileId: file.id, versionId: version.id };
      });
    },

    /** Removes a file from its resource (its versions stay in the store and the audit log). */
    async deleteFile(principal: Principal, resourceId: string, fileId: string, actor: Actor): Promise<void> {
      const resource = await editable(principal, resourceId);
      await db.transaction().execute(async (trx) => {
        const file = await repo.findFile(trx, fileId);
        if (!file || file.resource_id !== resource.id || file.deleted_at) throw new AppError('NOT_FOUND');
        const now = nowIso();
        await repo.updateFile(trx, fileId, { deleted_at: now, updated_at: now });
        await repo.updateResource(trx, resource.id, { updated_at: now });
        await recordAudit(trx, actor, { action: 'resource.file.delete', entityType: RESOURCE, entityId: resource.id, spaceId: resource.spaceId, before: { ...file } });
        await reindexResource(trx, resource.id);
      });
    },

    /** The files of resources the reader may see, with their versions (by resource id). */
    async filesOf(principal: Principal, resources: ResourceView[]): Promise<Map<string, FileView[]>> {
      const out = new Map<string, FileView[]>(resources.map((r) => [r.id, []]));
      const files = await repo.filesOf(db, resources.map((r) => r.id));
      const versions = await repo.versionsOf(db, files.map((f) => f.id));
      for (const file of files) {
        const resource = resources.find((r) => r.id === file.resource_id)!;
        const editor = levelIn(principal, resource.spaceId) >= LEVEL.editor;
        const mine = versions.filter((v) => v.file_id === file.id).map((v) => versionView(v, editor));
        const current = mine.find((v) => v.id === file.current_version_id) ?? mine[0];
        if (current) out.get(file.resource_id)!.push({ id: file.id, label: file.label, current, versions: mine });
      }
      return out;
    },

    /**
     * A version to download (the current one when none is named), with its bytes as a stream:
     * only for a reader who may see the resource, and only for a file still on it.
     */
    async open(principal: Principal, resourceId: string, fileId: string, versionId?: string): Promise<{ version: repo.VersionRow; stream: Readable }> {
      if (!(await library.canRead(principal, resourceId))) throw new AppError('NOT_FOUND');
      const file = await repo.findFile(db, fileId);
      if (!file || file.resource_id !== resourceId.toLowerCase() || file.deleted_at) throw new AppError('NOT_FOUND');
      const version = await repo.findVersion(db, versionId ?? file.current_version_id ?? '');
      if (!version || version.file_id !== file.id) throw new AppError('NOT_FOUND');
      const stream = await store.open(version.sha256);
      if (!stream) throw new AppError('NOT_FOUND');
      return { version, stream };
    },

    /** The preview image of a version, for a reader who may see the resource. */
    async thumbnail(principal: Principal, resourceId: string, fileId: string, versionId: string): Promise<{ sha256: string; bytes: Buffer } | null> {
      if (!(await library.canRead(principal, resourceId))) return null;
      const file = await repo.findFile(db, fileId);
      const version = await repo.findVersion(db, versionId);
      if (!file || file.deleted_at || file.resource_id !== resourceId.toLowerCase() || !version || version.file_id !== file.id || !version.thumbnail_sha256) return null;
      const stream = await store.open(version.thumbnail_sha256);
      return stream ? { sha256: version.thumbnail_sha256, bytes: await readAll(stream) } : null;
    },

    /** Queues a failed extraction again (editors), keeping the reason until it runs. */
    async retryExtraction(principal: Principal, resourceId: string, versionId: string, actor: Actor): Promise<void> {
      const resource = await editable(principal, resourceId);
      await db.transaction().execute(async (trx) => {
        const version = await repo.findVersion(trx, versionId);
        const file = version ? await repo.findFile(trx, version.file_id) : undefined;
        if (!version || !file || file.resource_id !== resource.id) throw new AppError('NOT_FOUND');
        if (version.extract_status !== 'failed') throw new AppError('CONFLICT');
        let jobId = version.extract_job_id;
        if (!jobId || !(await retryJob(trx, jobId))) jobId = await enqueueJob(trx, EXTRACT_JOB, { versionId }, { maxAttempts: 1 });
        await repo.updateVersion(trx, versionId, { extract_status: 'pending', extract_error: null, extract_job_id: jobId });
        await recordAudit(trx, actor, { action: 'resource.file.extract_retry', entityType: RESOURCE, entityId: resource.id, spaceId: resource.spaceId, before: { version_id: versionId, reason: version.extract_error }, after: { job_id: jobId } });
      });
    },

    /**
     * The extraction job: the text of a version, page by page, into the index with its resource
     * (when it is still the file's current version), and a preview for an image. An unreadable
     * file stays stored: its version is marked failed with the reason and the job fails with it.
     */
    async runExtraction(versionId: string): Promise<void> {
      const version = await repo.findVersion(db, versionId);
      if (!version) return;
      const fail = async (reason: string, message: string): Promise<never> => {
        await repo.updateVersion(db, versionId, { extract_status: 'failed', extract_error: reason });
        throw new Error(`${reason}: ${message}`);
      };
      const stream = await store.open(version.sha256);
      if (!stream) return fail(MISSING_BLOB, `blob ${version.sha256} is not in the file store`);
      const bytes = await readAll(stream);
      if (!version.thumbnail_sha256 && version.media_type.startsWith('image/')) {
        const thumb = await makeThumbnail(bytes);
        if (thumb) {
          const blob = await store.put(thumb.bytes);
          await repo.updateVersion(db, versionId, { thumbnail_sha256: blob.sha256 });
        }
      }
      if (!extractable(version.media_type)) return;
      let extraction;
      try {
        extraction = await extractText(bytes, version.media_type);
      } catch (err) {
        if (err instanceof ExtractionError) return fail(err.reason, err.message);
        throw err;
      }
      await db.transaction().execute(async (trx) => {
        const pages = extraction.pages.filter((p) => p.text.trim()).map((p) => ({ id: newId(), page: p.page, text: p.text }));
        // The rows cut from the previous text (an extraction run again) go before that text does.
        await removeVersionText(trx, versionId);
        await repo.replaceTexts(trx, versionId, pages);
        const pageCount = extraction.pages.reduce((n, p) => Math.max(n, p.page ?? 0), 0);
        await repo.updateVersion(trx, versionId, { extract_status: 'done', extract_error: null, pages: pageCount || null, chars: extraction.chars, truncated: extraction.truncated ? 1 : 0 });
        const file = await repo.findFile(trx, version.file_id);
        if (file && file.current_version_id === versionId) await reindexResource(trx, file.resource_id);
      });
    },
  };
}

/** The files service type. */
export type FilesService = ReturnType<typeof createFilesService>;
