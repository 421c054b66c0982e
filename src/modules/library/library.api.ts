/**
 * /api/v1 routes of the library: resources and their files.
 *
 * Listings run on the shared search engine, so filters, facet counts and visibility are those of
 * the /library pages; each item is the library service's view for the caller, with its files.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/auth/policy.js';
import { actorOf } from '../../platform/http/context.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { listSpaces, normaliseSpaceCode, type Space } from '../spaces/spaces.service.js';
import { ACCESS_LEVELS, CONVENTION_AREA_CODES, DOMAINS, RESOURCE_STATUSES, RESOURCE_TYPES } from './classification.js';
import { sendStored } from './download.js';
import { multipartOptions, uploadOf } from './files.pages.js';
import type { FileView, VersionView } from './files.service.js';
import { searchLibrary, type LibrarySearchInput } from './library.search.js';
import type { ResourceView } from './library.service.js';
import {
  createResourceSchema,
  deleteResourceSchema,
  downloadFileSchema,
  getResourceSchema,
  listResourcesSchema,
  updateResourceSchema,
  uploadFileSchema,
  uploadVersionSchema,
  type CreateResourceBody,
  type ListResourcesQuery,
  type UpdateResourceBody,
} from './library.schema.js';
import { codes, filterValues } from '../../platform/validation.js';

type IdParams = { Params: { id: string } };
type FileParams = { Params: { id: string; fileId: string } };

/** Deepest position a cursor may point to. */
const MAX_OFFSET = 1_000_000;
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/** Codes of a query filter from a closed list; unknown ones become field errors. */
function codesIn(field: string, raw: string[] | undefined, allowed: readonly string[], errors: FieldError[]): string[] {
  return codes(field, filterValues(raw), allowed, errors, 'library.invalid_code');
}

/** Signs and reads list cursors: base64url JSON `{o: offset, s: signature}` bound to the query. */
function cursors(secret: string) {
  const sign = (offset: number, fingerprint: string) => createHmac('sha256', secret).update(`library-cursor\n${offset}\n${fingerprint}`).digest('base64url').slice(0, 22);
  return {
    encode: (offset: number, fingerprint: string) => Buffer.from(JSON.stringify({ o: offset, s: sign(offset, fingerprint) })).toString('base64url'),
    decode(cursor: string, fingerprint: string): number | null {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const { o, s } = (parsed && typeof parsed === 'object' ? parsed : {}) as { o?: unknown; s?: unknown };
      if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 1 || o > MAX_OFFSET || typeof s !== 'string') return null;
      const expected = Buffer.from(sign(o, fingerprint));
      const given = Buffer.from(s);
      return given.length === expected.length && timingSafeEqual(given, expected) ? o : null;
    },
  };
}

/** A token first, so a request without one gets 401 before anything is read or checked. */
async function writeGuard(request: FastifyRequest): Promise<void> {
  requireApiUser(request);
}

/** Registers the routes (inside the /api/v1 prefix). */
export function registerLibraryApi(api: FastifyInstance): void {
  const { db, library, files, config } = api.mosaic;
  const cursor = cursors(config.secretKey);
  const maxBytes = config.libraryMaxUploadMb * 1024 * 1024;

  const versionJson = (resourceId: string, fileId: string, v: VersionView) => ({
    ...v,
    url: `/api/v1/resources/${resourceId}/files/${fileId}?version=${v.id}`,
  });
  const fileJson = (resourceId: string, f: FileView) => ({
    id: f.id,
    label: f.label,
    url: `/api/v1/resources/${resourceId}/files/${f.id}`,
    current: versionJson(resourceId, f.id, f.current),
    versions: f.versions.map((v) => versionJson(resourceId, f.id, v)),
  });

  /** The API's view of resources: space codes, page addresses and files. */
  async function present(principal: Principal, views: ResourceView[], spaces?: Space[]) {
    const all = spaces ?? (await listSpaces(db));
    const filesById = await files.filesOf(principal, views);
    return views.map((v) => ({
      ...v,
      space: all.find((s) => s.id === v.spaceId)?.code ?? '',
      url: `${config.baseUrl}/library/${v.id}`,
      files: (filesById.get(v.id) ?? []).map((f) => fileJson(v.id, f)),
    }));
  }

  api.get<{ Querystring: Static<typeof ListResourcesQuery> }>('/resources', { schema: listResourcesSchema }, async (request) => {
    const query = request.query;
    const principal = request.principal;
    const spaces = await listSpaces(db);
    const errors: FieldError[] = [];
    const spaceIds = filterValues(query.space).flatMap((code) => {
      const space = spaces.find((s) => s.code === normaliseSpaceCode(code));
      if (!space) errors.push({ field: 'space', key: 'library.invalid_code', values: { value: code.slice(0, 20) } });
      return space ? [space.id] : [];
    });
    const filters: LibrarySearchInput['filters'] = {};
    filters.type = codesIn('type', query.type, RESOURCE_TYPES, errors);
    filters.domain = codesIn('domain', query.domain, DOMAINS, errors);
    filters.lang = filterValues(query.lang).flatMap((value) => {
      try {
        return [Intl.getCanonicalLocales(value)[0]!];
      } catch {
        errors.push({ field: 'lang', key: 'library.invalid_language', values: { value: value.slice(0, 50) } });
        return [];
      }
    });
    filters.year = filterValues(query.year).filter((y) => {
      if (/^\d{4}$/.test(y)) return true;
      errors.push({ field: 'year', key: 'library.invalid_date' });
      return false;
    });
    filters.region = filterValues(query.region).flatMap((value) => {
      const code = value.toUpperCase();
      if (REGION.test(code)) return [code];
      errors.push({ field: 'region', key: 'library.invalid_region', values: { value: value.slice(0, 20) } });
      return [];
    });
    filters.sdg = codesIn('sdg', query.sdg, Array.from({ length: 17 }, (_, i) => String(i + 1)), errors);
    filters.area = codesIn('area', query.area, CONVENTION_AREA_CODES, errors);
    filters.access = codesIn('access', query.access, ACCESS_LEVELS, errors);
    filters.status = codesIn('status', query.status, RESOURCE_STATUSES, errors);
    const q = (query.q ?? '').trim();
    const sort = query.sort ?? (q ? 'relevance' : 'date');
    const fingerprint = JSON.stringify([q, sort, [...spaceIds].sort(), Object.entries(filters).filter(([, v]) => v.length).map(([k, v]) => [k, [...v].sort()]).sort()]);
    const offset = query.cursor ? cursor.decode(query.cursor, fingerprint) : 0;
    if (offset === null) errors.push({ field: 'cursor', key: 'validation.invalid', values: { detail: 'cursor' } });
    const limit = query.limit ?? 20;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) errors.push({ field: 'limit', key: 'validation.invalid', values: { detail: '1–100' } });
    if (errors.length) throw validationError(errors);
    const result = await searchLibrary(db, library, principal, { q, spaceIds, filters, sort, limit, offset: offset ?? 0 });
    const items = await present(principal, await library.getResources(principal, result.ids), spaces);
    const codeOf = new Map(spaces.map((s) => [s.id, s.code]));
    const facets: Record<string, { value: string; count: number }[]> = { ...result.facets, space: result.spaces.map((c) => ({ value: codeOf.get(c.value) ?? c.value, count: c.count })) };
    const end = (offset ?? 0) + limit;
    return { items, total: result.total, facets, next: end < result.total && end <= MAX_OFFSET ? cursor.encode(end, fingerprint) : null };
  });

  api.post<{ Body: Static<typeof CreateResourceBody> }>('/resources', { schema: createResourceSchema, preValidation: writeGuard }, async (request, reply) => {
    const { space: code, ...input } = request.body;
    const spaces = await listSpaces(db);
    const space = spaces.find((s) => s.code === normaliseSpaceCode(code));
    if (!space) throw validationError([{ field: 'space', key: 'library.invalid_code', values: { value: code.slice(0, 20) } }]);
    const view = await library.createResource(request.principal, space.id, input, actorOf(request));
    const [item] = await present(request.principal, [view], spaces);
    return reply.code(201).header('Location', `/api/v1/resources/${view.id}`).send(item);
  });

  api.get<IdParams>('/resources/:id', { schema: getResourceSchema }, async (request) => {
    const view = await library.getResource(request.principal, request.params.id.toLowerCase());
    return (await present(request.principal, [view]))[0];
  });

  api.patch<IdParams & { Body: Static<typeof UpdateResourceBody> }>('/resources/:id', { schema: updateResourceSchema, preValidation: writeGuard }, async (request) => {
    const id = request.params.id.toLowerCase();
    // A resource the caller cannot see is not found, rather than forbidden.
    await library.getResource(request.principal, id);
    const view = await library.updateResource(request.principal, id, request.body, actorOf(request));
    return (await present(request.principal, [view]))[0];
  });

  api.delete<IdParams>('/resources/:id', { schema: deleteResourceSchema, preValidation: writeGuard }, async (request, reply) => {
    await library.deleteResource(request.principal, request.params.id.toLowerCase(), actorOf(request));
    return reply.code(204).send();
  });

  api.get<FileParams & { Querystring: { version?: string } }>('/resources/:id/files/:fileId', { schema: downloadFileSchema }, async (request, reply) => {
    const resource = await library.getResource(request.principal, request.params.id.toLowerCase());
    const { version, stream } = await files.open(request.principal, resource.id, request.params.fileId.toLowerCase(), request.query.version?.toLowerCase());
    return sendStored(
      reply,
      { sha256: version.sha256, size: Number(version.size), mediaType: version.media_type, filename: version.filename, attachmentOnly: Boolean(version.attachment_only), public: resource.access === 'public' && resource.status === 'published' },
      stream,
      request.headers['if-none-match'],
    );
  });

  // Uploads: multipart in their own scope, with the library's size limit.
  api.register(async (scope) => {
    await scope.register(fastifyMultipart, multipartOptions(maxBytes));
    scope.setErrorHandler(async (error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError('PAYLOAD_TOO_LARGE', { fields: [{ field: 'file', key: 'library.file.too_large', values: { size: config.libraryMaxUploadMb } }] });
      }
      throw error;
    });
    const answer = async (request: FastifyRequest<{ Params: { id: string; fileId?: string } }>, reply: FastifyReply) => {
      const received = uploadOf(request.body);
      if (!received) throw validationError([{ field: 'file', key: 'library.file.none' }]);
      const id = request.params.id.toLowerCase();
      const done = request.params.fileId
        ? await files.addVersion(request.principal, id, request.params.fileId.toLowerCase(), received, actorOf(request))
        : await files.addFile(request.principal, id, received, actorOf(request));
      const resource = await library.getResource(request.principal, id);
      const file = ((await files.filesOf(request.principal, [resource])).get(id) ?? []).find((f) => f.id === done.fileId)!;
      return reply.code(201).header('Location', `/api/v1/resources/${id}/files/${file.id}`).send(fileJson(id, file));
    };
    // The token is checked before the body is read, so an anonymous upload is never received.
    scope.post<{ Params: { id: string } }>('/resources/:id/files', { schema: uploadFileSchema, onRequest: writeGuard }, answer);
    scope.post<{ Params: { id: string; fileId: string } }>('/resources/:id/files/:fileId/versions', { schema: uploadVersionSchema, onRequest: writeGuard }, answer);
  });
}
