/**
 * Files of library resources:
 *
 *   POST /library/:id/files                                   multipart upload of a new file ("file", "label")
 *   POST /library/:id/files/:file/versions                    multipart upload of a new version ("file")
 *   POST /library/:id/files/:file/delete                      removes the file from the resource
 *   POST /library/:id/files/:file/versions/:version/retry     queues a failed text extraction again
 *   GET  /library/:id/files/:file                             the current version
 *   GET  /library/:id/files/:file/versions/:version           an older version
 *   GET  /library/:id/files/:file/versions/:version/preview.webp   the preview of an image
 *
 * A refused upload (too large, a program, macros, empty) brings the resource page back with the
 * error beside the upload field, 413 for a file over the limit. Downloads follow the resource's
 * access rule, exactly as its page does.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import type { ViewContext } from '../../platform/views/context.js';
import type { Query } from '../directory/views/common.js';
import { sendStored } from './download.js';
import type { Upload } from './files.service.js';
import type { ResourceView } from './library.service.js';
import { FilesSection, type UploadFormState } from './views/files.js';

/** Renders a resource's page with an upload form's error (from the library pages). */
export type ResourcePage = (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, resource: ResourceView, forms: { upload?: UploadFormState }, status: number) => Promise<FastifyReply>;

/** A multipart file field as the upload routes receive it. */
interface FilePart {
  filename: string;
  bytes: Buffer;
}

function isFilePart(value: unknown): value is FilePart {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as FilePart).bytes);
}

/** Multipart options shared by the pages and the API: the library's size limit, one file. */
export function multipartOptions(maxBytes: number) {
  return {
    attachFieldsToBody: 'keyValues' as const,
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12, fieldSize: 2000 },
    // Keep the browser's file name with the bytes (keyValues alone would give the bytes only).
    async onFile(part: { filename: string; toBuffer(): Promise<Buffer>; value?: unknown }) {
      part.value = { filename: part.filename, bytes: await part.toBuffer() };
    },
  };
}

/** The upload in a parsed multipart body, or null when no file was sent. */
export function uploadOf(body: unknown): Upload | null {
  const b = (body ?? {}) as Record<string, unknown>;
  if (!isFilePart(b.file) || (b.file.bytes.length === 0 && !b.file.filename)) return null;
  return { bytes: b.file.bytes, filename: b.file.filename, label: typeof b.label === 'string' ? b.label : null };
}

/** Renders the files section of a resource page (used by the library pages). */
export function filesSectionFor(app: FastifyInstance) {
  return async (request: FastifyRequest, resource: ResourceView, upload?: UploadFormState) => {
    const files = (await app.mosaic.files.filesOf(request.principal, [resource])).get(resource.id) ?? [];
    return (ctx: ViewContext) => <FilesSection ctx={ctx} resource={resource} files={files} upload={upload} maxMb={app.mosaic.config.libraryMaxUploadMb} />;
  };
}

/** Registers the file routes; `resourcePage` renders a resource's page with an upload's error. */
export function registerLibraryFiles(app: FastifyInstance, resourcePage: ResourcePage): void {
  const { files, library, config } = app.mosaic;
  const maxBytes = config.libraryMaxUploadMb * 1024 * 1024;

  const errorPage = async (request: FastifyRequest, reply: FastifyReply, upload: UploadFormState, status: number) => {
    const resource = await library.getResource(request.principal, (request.params as { id: string }).id);
    return resourcePage(request as FastifyRequest<{ Querystring: Query }>, reply, resource, { upload }, status);
  };

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, multipartOptions(maxBytes));

    scope.setErrorHandler(async (error, request, reply) => {
      const code = (error as { code?: string }).code;
      const params = (request.params ?? {}) as { id?: string; file?: string };
      if (params.id && request.method === 'POST' && code === 'FST_REQ_FILE_TOO_LARGE') {
        // Let the rest of the upload arrive (and be dropped) so the browser reads the answer.
        request.raw.resume();
        const form = { values: {}, errors: [{ field: 'file', key: 'library.file.too_large', values: { size: config.libraryMaxUploadMb } }] };
        return errorPage(request, reply, { form, fileId: params.file ?? null }, 413);
      }
      throw error;
    });

    const upload = async (request: FastifyRequest<{ Params: { id: string; file?: string } }>, reply: FastifyReply) => {
      const { id, file } = request.params;
      const received = uploadOf(request.body);
      const values = { label: typeof (request.body as Record<string, unknown>)?.label === 'string' ? String((request.body as Record<string, unknown>).label) : undefined };
      try {
        if (!received) throw new AppError('VALIDATION', { fields: [{ field: 'file', key: 'library.file.none' }] });
        if (file) await files.addVersion(request.principal, id, file, received, actorOf(request));
        else await files.addFile(request.principal, id, received, actorOf(request));
      } catch (err) {
        if (err instanceof AppError && (err.code === 'VALIDATION' || err.code === 'PAYLOAD_TOO_LARGE')) {
          return errorPage(request, reply, { form: { values, errors: err.options.fields ?? [{ field: 'file', key: err.key }] }, fileId: file ?? null }, err.status);
        }
        throw err;
      }
      return seeOther(request, reply, `/library/${id}?notice=uploaded`);
    };
    scope.post<{ Params: { id: string } }>('/library/:id/files', upload);
    scope.post<{ Params: { id: string; file: string } }>('/library/:id/files/:file/versions', upload);
  });

  app.post<{ Params: { id: string; file: string } }>('/library/:id/files/:file/delete', async (request, reply) => {
    await files.deleteFile(request.principal, request.params.id, request.params.file, actorOf(request));
    return seeOther(request, reply, `/library/${request.params.id}?notice=saved`);
  });

  app.post<{ Params: { id: string; file: string; version: string } }>('/library/:id/files/:file/versions/:version/retry', async (request, reply) => {
    await files.retryExtraction(request.principal, request.params.id, request.params.version, actorOf(request));
    return seeOther(request, reply, `/library/${request.params.id}?notice=retried`);
  });

  const download = async (request: FastifyRequest<{ Params: { id: string; file: string; version?: string } }>, reply: FastifyReply) => {
    const resource = await library.getResource(request.principal, request.params.id);
    const { version, stream } = await files.open(request.principal, resource.id, request.params.file, request.params.version);
    return sendStored(
      reply,
      {
        sha256: version.sha256,
        size: Number(version.size),
        mediaType: version.media_type,
        filename: version.filename,
        attachmentOnly: Boolean(version.attachment_only),
        public: resource.access === 'public' && resource.status === 'published',
      },
      stream,
      request.headers['if-none-match'],
    );
  };
  app.get<{ Params: { id: string; file: string } }>('/library/:id/files/:file', download);
  app.get<{ Params: { id: string; file: string; version: string } }>('/library/:id/files/:file/versions/:version', download);

  app.get<{ Params: { id: string; file: string; version: string } }>('/library/:id/files/:file/versions/:version/preview.webp', async (request, reply) => {
    const thumb = await files.thumbnail(request.principal, request.params.id, request.params.file, request.params.version);
    if (!thumb) throw new AppError('NOT_FOUND');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'private, no-cache');
    reply.header('ETag', `"${thumb.sha256}"`);
    if (request.headers['if-none-match'] === `"${thumb.sha256}"`) return reply.code(304).send();
    return reply.type('image/webp').send(thumb.bytes);
  });
}
