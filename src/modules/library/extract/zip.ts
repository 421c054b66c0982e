/**
 * Reading inside ZIP containers (OOXML, OpenDocument, JAR/APK) without unpacking them: the
 * central directory gives names and declared sizes, so a decompression bomb is refused before
 * anything is inflated, and only the few parts a reader needs are decompressed.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { ExtractionError } from './types.js';

/** Largest declared uncompressed total of a container we open. */
export const MAX_UNZIPPED_TOTAL = 512 * 1024 * 1024;
/** Largest single XML part we inflate and parse (document.xml, content.xml, sharedStrings.xml). */
export const MAX_XML_PART = 96 * 1024 * 1024;
/** More entries than this is not an office document. */
export const MAX_ENTRIES = 20_000;

export type ZipEntry = Pick<UnzipFileInfo, 'name' | 'size' | 'originalSize' | 'compression'>;

/** True when the bytes start like a ZIP local file header. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The entries of a ZIP archive, read from its central directory; null when it is not a readable ZIP. */
export function listZip(bytes: Uint8Array): ZipEntry[] | null {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter(file) {
        entries.push({ name: file.name, size: file.size, originalSize: file.originalSize, compression: file.compression });
        return false;
      },
    });
  } catch {
    return null;
  }
  return entries;
}

/** Lists a container and refuses one too big to open (declared sizes) or one that is not a ZIP. */
export function openContainer(bytes: Uint8Array, kind: string): ZipEntry[] {
  const entries = listZip(bytes);
  if (!entries) throw new ExtractionError('corrupt', `not a readable ${kind} (ZIP) file`);
  if (entries.length > MAX_ENTRIES) throw new ExtractionError('too_large', `${kind}: ${entries.length} parts`);
  const total = entries.reduce((sum, e) => sum + e.originalSize, 0);
  if (total > MAX_UNZIPPED_TOTAL) throw new ExtractionError('too_large', `${kind}: ${total} bytes once uncompressed`);
  return entries;
}

/** Inflates the named parts (those present); each must be within MAX_XML_PART. */
export function readParts(bytes: Uint8Array, entries: ZipEntry[], names: readonly string[], kind: string): Map<string, Uint8Array> {
  const wanted = new Set(names);
  for (const e of entries) {
    if (wanted.has(e.name) && e.originalSize > MAX_XML_PART) throw new ExtractionError('too_large', `${kind}: ${e.name} is ${e.originalSize} bytes`);
  }
  try {
    const files = unzipSync(bytes, { filter: (file) => wanted.has(file.name) });
    return new Map(Object.entries(files));
  } catch (err) {
    throw new ExtractionError('corrupt', `${kind}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Compound File (OLE2) magic: legacy Office files, and password-protected OOXML files. */
export function looksLikeCfb(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0 && bytes[4] === 0xa1 && bytes[5] === 0xb1 && bytes[6] === 0x1a && bytes[7] === 0xe1;
}

/** True when a byte string occurs in the bytes, written in UTF-16LE (how CFB names its streams). */
export function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/**
 * An OOXML file opened with a password is a CFB container holding "EncryptionInfo" and
 * "EncryptedPackage" streams; any other CFB is a legacy binary Office file we do not read.
 */
export function refuseCfb(bytes: Uint8Array, kind: string): never {
  if (containsUtf16(bytes, 'EncryptedPackage')) throw new ExtractionError('encrypted', `${kind} is protected by a password`);
  throw new ExtractionError('unsupported', `${kind}: a legacy binary Office file, not OOXML`);
}
