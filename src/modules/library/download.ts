/**
 * How a stored file is sent: its sniffed type, shown inline only when a browser cannot run
 * anything in it, named with RFC 6266 / RFC 8187 (`filename` for old clients, `filename*` in
 * UTF-8 for the rest), never sniffed by the browser, revalidated by its content hash.
 */
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** Types shown in the browser; everything else is a download. */
const INLINE = /^(application\/pdf|image\/(png|jpeg|gif|webp|avif)|text\/plain|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

/** The `filename` fallback: printable ASCII without quotes or backslashes. */
function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  return ascii.trim() || 'download';
}

/** RFC 8187 value-chars: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone but 8187 does not allow. */
function extValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A Content-Disposition header value. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  return `${kind}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${extValue(filename)}`;
}

/** Whether a stored type may be shown inline. */
export function inlineAllowed(mediaType: string, attachmentOnly: boolean): boolean {
  return !attachmentOnly && INLINE.test(mediaType);
}

/** Sends a stored version (or answers 304 when the client has it). */
export function sendStored(
  reply: FastifyReply,
  file: { sha256: string; size: number; mediaType: string; filename: string; attachmentOnly: boolean; public: boolean },
  stream: Readable,
  ifNoneMatch: string | undefined,
): FastifyReply {
  const etag = `"${file.sha256}"`;
  reply.header('ETag', etag);
  // A version never changes, but who may read it can: public files may be cached anywhere,
  // the others only by the reader's browser, and checked again each time.
  reply.header('Cache-Control', file.public ? 'public, max-age=3600' : 'private, no-cache');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Disposition', contentDisposition(inlineAllowed(file.mediaType, file.attachmentOnly) ? 'inline' : 'attachment', file.filename));
  if (ifNoneMatch === etag) {
    stream.destroy();
    return reply.code(304).send();
  }
  reply.header('Content-Length', String(file.size));
  return reply.type(file.mediaType).send(stream);
}
