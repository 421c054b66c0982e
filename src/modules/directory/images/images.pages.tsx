/**
 * Logos and photos of the directory:
 *
 *   POST /organizations/:id/logo          multipart upload (one field "image", ≤ 5 MB, CSRF)
 *   POST /organizations/:id/logo/delete   removes the logo
 *   POST /people/:id/photo                the same for a person's photo
 *   POST /people/:id/photo/delete
 *   GET  /media/:sha256.webp              a stored image (256 px)
 *   GET  /media/:sha256/64.webp           its 64 px thumbnail
 *
 * A refused upload (too large, not an image, corrupt) brings the edit page back with the error
 * next to the upload field. Everything works without JavaScript.
 *
 * Images are served by content hash to anyone: logos and photos are public parts of public
 * records, and a sha256 cannot be guessed. Only blobs recorded as images (files.mime =
 * image/webp, which only this module writes) are served, never other blobs of the store
 * (spreadsheets, import reports).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { actorOf, seeOther } from '../../../platform/http/context.js';
import { AppError } from '../../../platform/http/errors.js';
import { filesDir, localFileStore } from '../../../platform/files/store.js';
import { fieldError, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { createImageService, IMAGE_LIMIT_MB, IMAGE_MIME, IMAGE_SIZE, ImageError, THUMB_SIZE, thumbnailOf, type ImageKind } from './images.service.js';
import { fileMime } from './images.repository.js';

const SHA = /^[0-9a-f]{64}$/;
const LIMIT = IMAGE_LIMIT_MB * 1024 * 1024;
const BASE: Record<ImageKind, string> = { logo: '/organizations', photo: '/people' };

/** Address of a stored image (256 px) or of its thumbnail. */
export function imageUrl(sha256: string, thumb = false): string {
  return thumb ? `/media/${sha256}/${THUMB_SIZE}.webp` : `/media/${sha256}.webp`;
}

/** Renders a record's edit page again with the upload form's error (kept on the form). */
export type EditPageHook = (request: FastifyRequest, reply: FastifyReply, kind: ImageKind, id: string, imageForm: FormState, status: number) => Promise<FastifyReply>;

/** A record's image on its profile. */
export function RecordImage({ sha256, name, lang }: { sha256: string | null; name: string; lang?: string }) {
  if (!sha256) return null;
  return <img class="record-image" src={imageUrl(sha256)} width={IMAGE_SIZE} height={IMAGE_SIZE} alt={name} lang={lang} loading="lazy" decoding="async" />;
}

/** A record's small image in a listing (decorative: the name is the link text next to it). */
export function ListingThumb({ sha256 }: { sha256: string | undefined }) {
  if (!sha256) return null;
  return <img class="record-thumb" src={imageUrl(sha256, true)} width={THUMB_SIZE} height={THUMB_SIZE} alt="" loading="lazy" decoding="async" />;
}

/** The upload and remove forms on an edit page (separate forms after the main one). */
export function ImageUpload({ ctx, kind, id, sha256, form }: { ctx: ViewContext; kind: ImageKind; id: string; sha256: string | null; form?: FormState }) {
  const state = form ?? { values: {}, errors: [] };
  const error = fieldError(ctx, state, 'image');
  const base = `${BASE[kind]}/${id}/${kind}`;
  const title = ctx.t(kind === 'logo' ? 'images.logo.title' : 'images.photo.title');
  return (
    <section aria-labelledby="image-title">
      <h2 id="image-title">{title}</h2>
      {sha256 ? <img src={imageUrl(sha256, true)} width={THUMB_SIZE} height={THUMB_SIZE} alt={ctx.t('images.current')} /> : null}
      <form method="post" action={ctx.href(base)} enctype="multipart/form-data" class="stack" aria-label={title}>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <div class="field">
          <label for="f-image">{ctx.t('images.field')}</label>
          <span class="hint" id="f-image-hint">
            {ctx.t('images.hint', { size: IMAGE_LIMIT_MB })}
          </span>
          {error ? (
            <span class="error" id="f-image-error" role="alert">
              {error}
            </span>
          ) : null}
          <input
            id="f-image"
            name="image"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-image-hint f-image-error' : 'f-image-hint'}
          />
        </div>
        <div>
          <button type="submit">{ctx.t('images.upload')}</button>
        </div>
      </form>
      {sha256 ? (
        <PostForm ctx={ctx} action={`${base}/delete`} label={ctx.t('images.remove')}>
          <button type="submit" class="secondary">
            {ctx.t('images.remove')}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Registers the image routes; `editPage` renders a record's edit page with the upload's error. */
export function registerDirectoryImages(app: FastifyInstance, editPage: EditPageHook): void {
  const { db, directory, config } = app.mosaic;
  const store = localFileStore(filesDir(config.dataDir));
  const images = createImageService(db, directory, store);
  /** Recently made thumbnails (each a few KB). */
  const thumbs = new Map<string, Buffer>();

  const kindOf = (request: FastifyRequest): ImageKind | null => {
    const m = /^\/(organizations|people)\/[^/]+\/(logo|photo)$/.exec(request.pathNoLocale ?? '');
    if (!m) return null;
    return m[1] === 'organizations' && m[2] === 'logo' ? 'logo' : m[1] === 'people' && m[2] === 'photo' ? 'photo' : null;
  };

  app.register(async (scope) => {
    // Multipart only here, with its own size limit.
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: LIMIT, files: 1, fields: 5, parts: 6, fieldSize: 1000 } });

    scope.setErrorHandler(async (error, request, reply) => {
      const code = (error as { code?: string }).code;
      const kind = kindOf(request);
      const id = (request.params as { id?: string } | undefined)?.id;
      if (kind && id && request.method === 'POST' && code === 'FST_REQ_FILE_TOO_LARGE') {
        // Let the rest of the upload arrive (and be dropped) so the browser reads the answer.
        request.raw.resume();
        return editPage(request, reply, kind, id, { values: {}, errors: [{ field: 'image', key: 'images.error.too_large', values: { size: IMAGE_LIMIT_MB } }] }, 413);
      }
      throw error;
    });

    for (const kind of ['logo', 'photo'] as const) {
      scope.post<{ Params: { id: string } }>(`${BASE[kind]}/:id/${kind}`, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const file = Buffer.isBuffer(body.image) ? body.image : null;
        await images.authoriseFor(request.principal, kind, request.params.id);
        try {
          if (!file || file.length === 0) throw new ImageError('images.error.no_file');
          await images.setImage(request.principal, kind, request.params.id, file, actorOf(request));
        } catch (err) {
          if (!(err instanceof ImageError)) throw err;
          return editPage(request, reply, kind, request.params.id, { values: {}, errors: [{ field: 'image', key: err.key }] }, 400);
        }
        return seeOther(request, reply, `${BASE[kind]}/${request.params.id}?notice=saved`);
      });
    }
  });

  for (const kind of ['logo', 'photo'] as const) {
    app.post<{ Params: { id: string } }>(`${BASE[kind]}/:id/${kind}/delete`, async (request, reply) => {
      await images.setImage(request.principal, kind, request.params.id, null, actorOf(request));
      return seeOther(request, reply, `${BASE[kind]}/${request.params.id}?notice=saved`);
    });
  }

  async function storedImage(sha: string): Promise<Buffer | null> {
    if (!SHA.test(sha)) return null;
    if ((await fileMime(db, sha)) !== IMAGE_MIME) return null;
    const stream = await store.open(sha);
    return stream ? readAll(stream) : null;
  }

  function sendImage(request: FastifyRequest, reply: FastifyReply, etag: string, bytes: Buffer | null): FastifyReply {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    reply.header('ETag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(IMAGE_MIME).send(bytes);
  }

  app.get<{ Params: { file: string } }>('/media/:file', async (request, reply) => {
    const sha = /^([0-9a-f]{64})\.webp$/.exec(request.params.file)?.[1];
    const bytes = sha ? await storedImage(sha) : null;
    if (!sha || !bytes) throw new AppError('NOT_FOUND');
    return sendImage(request, reply, `"${sha}"`, bytes);
  });

  app.get<{ Params: { sha: string; size: string } }>('/media/:sha/:size', async (request, reply) => {
    const { sha, size } = request.params;
    if (size !== `${THUMB_SIZE}.webp` || !SHA.test(sha)) throw new AppError('NOT_FOUND');
    let thumb = thumbs.get(sha);
    if (!thumb) {
      const bytes = await storedImage(sha);
      if (!bytes) throw new AppError('NOT_FOUND');
      thumb = await thumbnailOf(bytes);
      if (thumbs.size >= 1000) thumbs.delete(thumbs.keys().next().value!);
      thumbs.set(sha, thumb);
    }
    return sendImage(request, reply, `"${sha}-${THUMB_SIZE}"`, thumb);
  });
}
