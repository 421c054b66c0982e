/**
 * The content-addressed file store: a blob is named by the sha256 of its bytes, so the same
 * file uploaded twice is stored once and a name can never point at changed content.
 * Local disk by default (`<DATA_DIR>/files/ab/abcdef…`); the `FileStore` interface is what an
 * S3-compatible implementation provides.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DbOrTrx } from '../db/index.js';
import { nowIso, randomToken } from '../ids.js';

/** What every file store implementation offers. */
export interface FileStore {
  /** Stores bytes; returns their sha256 (existing content is not written again). */
  put(bytes: Buffer): Promise<{ sha256: string; size: number; created: boolean }>;
  /** Opens a stored blob for reading, or null when absent. */
  open(sha256: string): Promise<Readable | null>;
  /** True when the blob exists. */
  has(sha256: string): Promise<boolean>;
  /**
   * Deletes a blob; true when it was there. Blobs are shared by content, so the caller first
   * makes sure nothing else refers to the same sha256.
   */
  remove(sha256: string): Promise<boolean>;
}

const SHA = /^[0-9a-f]{64}$/;

/** A file store on the local disk under `root`. */
export function localFileStore(root: string): FileStore {
  const pathOf = (sha: string) => {
    if (!SHA.test(sha)) throw new Error('invalid file id');
    return path.join(root, sha.slice(0, 2), sha);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (existsSync(target)) return { sha256, size: bytes.length, created: false };
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename, so a reader never sees a half-written blob.
      const tmp = `${target}.${randomToken(6)}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, target);
      return { sha256, size: bytes.length, created: true };
    },
    async open(sha) {
      const file = pathOf(sha);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file);
    },
    async has(sha) {
      return existsSync(pathOf(sha));
    },
    async remove(sha) {
      try {
        await unlink(pathOf(sha));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
  };
}

/** Records a blob's metadata (idempotent). */
export async function recordFile(db: DbOrTrx, blob: { sha256: string; size: number; mime: string }): Promise<void> {
  await db
    .insertInto('files')
    .values({ sha256: blob.sha256, size: blob.size, mime: blob.mime, created_at: nowIso() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** The folder of the local file store inside a data directory. */
export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}
