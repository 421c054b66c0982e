/**
 * Organisation logos and people's photos. An upload is sniffed by decoding it with sharp (the
 * file name and the Content-Type sent are never trusted), resized, stripped of every metadata
 * block (EXIF with GPS, XMP, ICC…) by re-encoding, and stored as WebP in the content-addressed
 * file store. The record keeps the sha256 of the 256 px image; the 64 px thumbnail is derived
 * from that image when first asked for (deterministic, so its address is `<sha>/64.webp` and
 * needs no column of its own). Clearing an image only clears the record's column: blobs are
 * content-addressed and may be shared, so they are never deleted here.
 */
import sharp from 'sharp';
import type { Actor } from '../../../platform/audit/audit.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { authorize, type Principal } from '../../../platform/auth/policy.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/http/errors.js';
import { nowIso } from '../../../platform/ids.js';
import { recordFile, type FileStore } from '../../../platform/files/store.js';
import { findOrganization, findPerson, organizationEditors } from '../directory.repository.js';
import type { DirectoryService } from '../directory.service.js';
import { setOrganizationLogo, setPersonPhoto } from './images.repository.js';

/** Largest upload, in megabytes. */
export const IMAGE_LIMIT_MB = 5;
/** Side of the stored image and of the thumbnail, in pixels. */
export const IMAGE_SIZE = 256;
export const THUMB_SIZE = 64;
/** The media type every stored image has. */
export const IMAGE_MIME = 'image/webp';
/** Formats accepted, as sharp names them (HEIC and AVIF are both "heif"). SVG is refused: active content. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif']);
/** Refuse decompression bombs: at most 40 megapixels. */
const MAX_PIXELS = 40_000_000;

/** Logo of an organisation, or photo of a person. */
export type ImageKind = 'logo' | 'photo';

/** An upload refused, with the message key to show. */
export class ImageError extends Error {
  constructor(readonly key: 'images.error.unsupported' | 'images.error.corrupt' | 'images.error.no_file') {
    super(key);
  }
}

/** Decodes, checks and converts an upload: the 256 px WebP to store. */
export async function processImage(bytes: Buffer, kind: ImageKind): Promise<Buffer> {
  if (bytes.length === 0) throw new ImageError('images.error.no_file');
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    throw new ImageError('images.error.unsupported');
  }
  if (!format || !ACCEPTED.has(format)) throw new ImageError('images.error.unsupported');
  try {
    return await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, pages: 1 })
      .rotate() // applies the EXIF orientation before the metadata is dropped
      .resize(IMAGE_SIZE, IMAGE_SIZE, kind === 'logo' ? { fit: 'contain', background: { r: 255, g: 255, b: 255, alpha: 0 } } : { fit: 'cover', position: 'centre' })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    throw new ImageError('images.error.corrupt');
  }
}

/** The 64 px thumbnail of a stored image. */
export async function thumbnailOf(stored: Buffer): Promise<Buffer> {
  return sharp(stored, { failOn: 'error' }).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside' }).webp({ quality: 80 }).toBuffer();
}

/** The image service: sets or clears a record's logo/photo, authorised and audited. */
export function createImageService(db: Db, directory: DirectoryService, store: FileStore) {
  /** Sets (bytes) or clears (null) the image of an organisation or person. */
  async function setImage(principal: Principal, kind: ImageKind, id: string, bytes: Buffer | null, actor: Actor): Promise<string | null> {
    // Checked first without a transaction so a refused upload writes nothing.
    await authoriseFor(principal, kind, id);
    const image = bytes ? await processImage(bytes, kind) : null;
    const blob = image ? await store.put(image) : null;
    return db.transaction().execute(async (trx) => {
      const now = nowIso();
      if (kind === 'logo') {
        const row = await findOrganization(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.edit', { spaceId: row.space_id, editors: await organizationEditors(trx, id) });
        if (blob) await recordFile(trx, { sha256: blob.sha256, size: blob.size, mime: IMAGE_MIME });
        await setOrganizationLogo(trx, id, blob?.sha256 ?? null, now);
        await recordAudit(trx, actor, { action: blob ? 'organization.logo.set' : 'organization.logo.delete', entityType: 'organization', entityId: id, spaceId: row.space_id, before: { logo_sha256: row.logo_sha256 }, after: { logo_sha256: blob?.sha256 ?? null } });
        await directory.reindexOrg(trx, id);
      } else {
        const row = await findPerson(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.edit', { spaceId: row.space_id, editors: row.user_id ? [row.user_id] : [] });
        if (blob) await recordFile(trx, { sha256: blob.sha256, size: blob.size, mime: IMAGE_MIME });
        await setPersonPhoto(trx, id, blob?.sha256 ?? null, now);
        await recordAudit(trx, actor, { action: blob ? 'person.photo.set' : 'person.photo.delete', entityType: 'person', entityId: id, spaceId: row.space_id, before: { photo_sha256: row.photo_sha256 }, after: { photo_sha256: blob?.sha256 ?? null } });
        await directory.reindexPerson(trx, id);
      }
      return blob?.sha256 ?? null;
    });
  }

  /** FORBIDDEN / NOT_FOUND unless the principal may edit the record. */
  async function authoriseFor(principal: Principal, kind: ImageKind, id: string): Promise<void> {
    if (kind === 'logo') {
      const row = await findOrganization(db, id);
      if (!row) throw new AppError('NOT_FOUND');
      authorize(principal, 'content.edit', { spaceId: row.space_id, editors: await organizationEditors(db, id) });
    } else {
      const row = await findPerson(db, id);
      if (!row) throw new AppError('NOT_FOUND');
      authorize(principal, 'content.edit', { spaceId: row.space_id, editors: row.user_id ? [row.user_id] : [] });
    }
  }

  return { setImage, authoriseFor };
}

/** The image service type. */
export type ImageService = ReturnType<typeof createImageService>;
