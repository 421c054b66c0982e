/**
 * /api/v1 routes of the directory: organisations and people.
 *
 * Listings run on the shared search engine (an empty `q` browses), so filters, facet counts and
 * visibility are the same as the search's; each item is then the directory service's view of the
 * record for the caller (contacts by level, no drafts or demographics for visitors).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, type Principal } from '../../platform/auth/policy.js';
import { actorOf } from '../../platform/http/context.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { search } from '../../platform/search/search.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { listSpaces, normaliseSpaceCode, type Space } from '../spaces/spaces.service.js';
import { DOMAINS, ORG_TYPES, STATUSES, type Contact } from './classification.js';
import {
  createMyProfileSchema,
  createOrganizationSchema,
  createPersonSchema,
  deleteOrganizationSchema,
  deletePersonSchema,
  getMyProfileSchema,
  getOrganizationSchema,
  getPersonSchema,
  listOrganizationsSchema,
  listPeopleSchema,
  ORGANIZATION_FACETS,
  PERSON_FACETS,
  updateOrganizationSchema,
  updatePersonSchema,
  mergeOrganizationSchema,
  mergePersonSchema,
  verifyOrganizationSchema,
  verifyPersonSchema,
  type MergeBody,
  type VerifyBody,
  type CreateOrganizationBody,
  type CreatePersonBody,
  type UpdateOrganizationBody,
  type UpdatePersonBody,
} from './directory.schema.js';
import { contactKey, ORGANIZATION, PERSON, type DuplicateCandidate, type OrganizationView, type PersonView } from './directory.service.js';
import { codes, filterValues } from '../../platform/validation.js';

type Kind = typeof ORGANIZATION | typeof PERSON;

/** Name similarity from which a record counts as a likely duplicate (the service's default). */
const DUPLICATE_THRESHOLD = 0.72;
/** Deepest position a cursor may point to. */
const MAX_OFFSET = 1_000_000;
/** Statuses listed when the caller does not ask for others (archived records stay out of the way). */
const DEFAULT_STATUSES = ['draft', 'published'];
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

interface ListQuery {
  q?: string;
  space?: string[];
  type?: string[];
  domain?: string[];
  region?: string[];
  verified?: boolean;
  lang?: string[];
  status?: string[];
  limit?: number;
  cursor?: string;
}

type IdParams = { Params: { id: string } };

/** Codes of a query filter from a closed list; unknown ones become field errors. */
function codesIn(field: string, raw: string[] | undefined, allowed: readonly string[], errors: FieldError[]): string[] {
  return codes(field, filterValues(raw), allowed, errors, 'directory.invalid_code');
}

/** Canonical BCP 47 tags, as the directory stores them. */
function languagesIn(raw: string[] | undefined, errors: FieldError[]): string[] {
  const out: string[] = [];
  for (const value of filterValues(raw)) {
    let tag: string | undefined;
    try {
      tag = Intl.getCanonicalLocales(value)[0];
    } catch {
      tag = undefined;
    }
    if (tag) out.push(tag);
    else errors.push({ field: 'lang', key: 'directory.invalid_language', values: { value: value.slice(0, 50) } });
  }
  return out;
}

/** preValidation for writes: a token first, so a request without one gets 401 before any 400. (NUL characters are refused for every route in app.ts.) */
async function writeGuard(request: FastifyRequest): Promise<void> {
  requireApiUser(request);
}

function isNotFound(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NOT_FOUND';
}

/** Signs and reads list cursors: base64url JSON `{o: offset, s: signature}` bound to the query. */
function cursors(secret: string) {
  const sign = (offset: number, fingerprint: string) =>
    createHmac('sha256', secret).update(`directory-cursor\n${offset}\n${fingerprint}`).digest('base64url').slice(0, 22);
  return {
    encode(offset: number, fingerprint: string): string {
      return Buffer.from(JSON.stringify({ o: offset, s: sign(offset, fingerprint) })).toString('base64url');
    },
    /** The offset of a cursor made for this very query; null for anything else (junk, edited, other query). */
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

/** Registers the routes (inside the /api/v1 prefix). */
export function registerDirectoryApi(api: FastifyInstance): void {
  const { db, directory, config } = api.mosaic;
  const cursor = cursors(config.secretKey);

  /** Adds the space code to a view (the API names spaces by code). */
  function present<T extends { spaceId: string }>(view: T, spaces: Space[]): T & { space: string } {
    return { ...view, space: spaces.find((s) => s.id === view.spaceId)?.code ?? '' };
  }

  /** The space a body names, or a 400 naming the `space` field. */
  function spaceOf(code: string, spaces: Space[]): Space {
    const normalised = normaliseSpaceCode(code);
    const space = spaces.find((s) => s.code === normalised);
    if (!space) throw validationError([{ field: 'space', key: 'directory.invalid_code', values: { value: code.slice(0, 20) } }]);
    return space;
  }

  async function viewOf(kind: Kind, principal: Principal, id: string): Promise<OrganizationView | PersonView> {
    return kind === ORGANIZATION ? directory.getOrganization(principal, id) : directory.getPerson(principal, id);
  }

  /**
   * Likely duplicates limited to what the caller may see: records they cannot see are left out,
   * and so are shared contacts hidden from them (and candidates found only through those).
   */
  async function duplicatesFor(kind: Kind, principal: Principal, view: OrganizationView | PersonView) {
    const found: DuplicateCandidate[] = await directory.findLikelyDuplicates(db, kind, view.spaceId, { name: view.name, contacts: view.contacts }, {
      excludeId: view.id,
      threshold: DUPLICATE_THRESHOLD,
    });
    const out = [];
    for (const candidate of found) {
      let other: OrganizationView | PersonView;
      try {
        other = await viewOf(kind, principal, candidate.id);
      } catch (error) {
        if (isNotFound(error)) continue;
        throw error;
      }
      const visible = new Set(other.contacts.map(contactKey));
      const sharedContacts = candidate.sharedContacts.filter((k) => visible.has(k));
      if (candidate.nameSimilarity < DUPLICATE_THRESHOLD && sharedContacts.length === 0) continue;
      out.push({ id: candidate.id, name: other.name, status: other.status, nameSimilarity: candidate.nameSimilarity, sharedContacts });
    }
    return out;
  }

  /** One page of a listing: search for ids, then the service's view of each for the caller. */
  async function list(kind: Kind, request: FastifyRequest<{ Querystring: ListQuery }>) {
    const query = request.query;
    const principal = request.principal;
    const spaces = await listSpaces(db);
    const errors: FieldError[] = [];
    const spaceIds = filterValues(query.space).flatMap((code) => {
      const space = spaces.find((s) => s.code === normaliseSpaceCode(code));
      if (!space) errors.push({ field: 'space', key: 'directory.invalid_code', values: { value: code.slice(0, 20) } });
      return space ? [space.id] : [];
    });
    const filters: Record<string, string[]> = {};
    if (kind === ORGANIZATION) filters.org_type = codesIn('type', query.type, ORG_TYPES, errors);
    filters.domain = codesIn('domain', query.domain, DOMAINS, errors);
    filters.region = filterValues(query.region).flatMap((value) => {
      const code = value.toUpperCase();
      if (REGION.test(code)) return [code];
      errors.push({ field: 'region', key: 'directory.invalid_region', values: { value: value.slice(0, 20) } });
      return [];
    });
    if (query.verified !== undefined) filters.verified = [query.verified ? 'verified' : 'unverified'];
    filters.lang = languagesIn(query.lang, errors);
    const statuses = codesIn('status', query.status, STATUSES, errors);
    filters.status = statuses.length ? statuses : DEFAULT_STATUSES;
    const q = (query.q ?? '').trim();
    const fingerprint = JSON.stringify([kind, q, [...spaceIds].sort(), Object.entries(filters).filter(([, v]) => v.length).map(([k, v]) => [k, [...v].sort()]).sort()]);
    const offset = query.cursor ? cursor.decode(query.cursor, fingerprint) : 0;
    if (offset === null) errors.push({ field: 'cursor', key: 'validation.invalid', values: { detail: 'cursor' } });
    const limit = query.limit ?? 20;
    // The schema says 1–100, but its number coercion lets "1e400" through as Infinity.
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) errors.push({ field: 'limit', key: 'directory.out_of_range', values: { min: 1, max: 100 } });
    if (errors.length) throw validationError(errors);
    const facetNames = kind === ORGANIZATION ? ORGANIZATION_FACETS : PERSON_FACETS;
    const result = await search(db, {
      q,
      reader: principal,
      types: [kind],
      spaceIds,
      filters,
      facets: facetNames.filter((f) => f !== 'space'),
      limit,
      offset: offset ?? 0,
    });
    // One query for the page's records (a record changed since it was indexed is left out).
    const ids = result.items.map((hit) => hit.entityId);
    const views = kind === ORGANIZATION ? await directory.getOrganizations(principal, ids) : await directory.getPeople(principal, ids);
    const items = views.map((view) => present(view, spaces));
    const codeOf = new Map(spaces.map((s) => [s.id, s.code]));
    const facets: Record<string, { value: string; count: number }[]> = {};
    for (const name of facetNames) {
      const counts = result.facets[name] ?? [];
      facets[name] =
        name === 'space'
          ? counts.map((c) => ({ value: codeOf.get(c.value) ?? c.value, count: c.count }))
          : name === 'verified'
            ? counts.map((c) => ({ value: c.value === 'verified' ? 'true' : 'false', count: c.count }))
            : counts;
    }
    const end = (offset ?? 0) + limit;
    return { items, total: result.total, facets, next: end < result.total && end <= MAX_OFFSET ? cursor.encode(end, fingerprint) : null };
  }

  // ----- Organisations -----

  api.get<{ Querystring: ListQuery }>('/organizations', { schema: listOrganizationsSchema }, (request) => list(ORGANIZATION, request));

  api.post<{ Body: Static<typeof CreateOrganizationBody> }>(
    '/organizations',
    { schema: createOrganizationSchema, preValidation: writeGuard },
    async (request, reply) => {
      const { space: code, ...input } = request.body;
      const spaces = await listSpaces(db);
      const space = spaceOf(code, spaces);
      const view = await directory.createOrganization(request.principal, space.id, input, actorOf(request));
      const duplicates = await duplicatesFor(ORGANIZATION, request.principal, view);
      return reply
        .code(201)
        .header('Location', `/api/v1/organizations/${view.id}`)
        .send({ ...present(view, spaces), duplicates });
    },
  );

  api.get<IdParams>('/organizations/:id', { schema: getOrganizationSchema }, async (request) =>
    present(await directory.getOrganization(request.principal, request.params.id.toLowerCase()), await listSpaces(db)),
  );

  api.patch<IdParams & { Body: Static<typeof UpdateOrganizationBody> }>(
    '/organizations/:id',
    { schema: updateOrganizationSchema, preValidation: writeGuard },
    async (request) => {
      const id = request.params.id.toLowerCase();
      // A record the caller cannot see is not found, rather than forbidden.
      await directory.getOrganization(request.principal, id);
      return present(await directory.updateOrganization(request.principal, id, request.body, actorOf(request)), await listSpaces(db));
    },
  );

  api.delete<IdParams>('/organizations/:id', { schema: deleteOrganizationSchema, preValidation: writeGuard }, async (request, reply) => {
    const id = request.params.id.toLowerCase();
    const current = await directory.getOrganization(request.principal, id);
    authorize(request.principal, 'content.delete', { spaceId: current.spaceId });
    await directory.updateOrganization(request.principal, id, { status: 'archived' }, actorOf(request));
    return reply.code(204).send();
  });

  api.post<IdParams & { Body: Static<typeof VerifyBody> }>('/organizations/:id/verify', { schema: verifyOrganizationSchema, preValidation: writeGuard }, async (request) =>
    present(await directory.verifyOrganization(request.principal, request.params.id.toLowerCase(), request.body.verified, actorOf(request)), await listSpaces(db)),
  );

  api.post<IdParams & { Body: Static<typeof MergeBody> }>('/organizations/:id/merge', { schema: mergeOrganizationSchema, preValidation: writeGuard }, async (request) =>
    present(await directory.mergeOrganizations(request.principal, request.body.into.toLowerCase(), request.params.id.toLowerCase(), actorOf(request)), await listSpaces(db)),
  );

  // ----- People -----

  api.get<{ Querystring: ListQuery }>('/people', { schema: listPeopleSchema }, (request) => list(PERSON, request));

  async function createPerson(request: FastifyRequest<{ Body: Static<typeof CreatePersonBody> }>, self: boolean) {
    const { space: code, ...input } = request.body;
    const spaces = await listSpaces(db);
    const space = spaceOf(code, spaces);
    const view = await directory.createPerson(request.principal, space.id, input, actorOf(request), { self });
    return { view: present(view, spaces), duplicates: await duplicatesFor(PERSON, request.principal, view) };
  }

  api.post<{ Body: Static<typeof CreatePersonBody> }>('/people', { schema: createPersonSchema, preValidation: writeGuard }, async (request, reply) => {
    const { view, duplicates } = await createPerson(request, false);
    return reply.code(201).header('Location', `/api/v1/people/${view.id}`).send({ ...view, duplicates });
  });

  api.post<{ Body: Static<typeof CreatePersonBody> }>('/people/me', { schema: createMyProfileSchema, preValidation: writeGuard }, async (request, reply) => {
    const { view, duplicates } = await createPerson(request, true);
    return reply.code(201).header('Location', `/api/v1/people/${view.id}`).send({ ...view, duplicates });
  });

  api.get<{ Querystring: { space: string } }>('/people/me', { schema: getMyProfileSchema, preValidation: writeGuard }, async (request) => {
    const spaces = await listSpaces(db);
    const space = spaceOf(request.query.space, spaces);
    const view = await directory.myProfile(request.principal, space.id);
    if (!view) throw new AppError('NOT_FOUND');
    return present(view, spaces);
  });

  api.get<IdParams>('/people/:id', { schema: getPersonSchema }, async (request) =>
    present(await directory.getPerson(request.principal, request.params.id.toLowerCase()), await listSpaces(db)),
  );

  api.patch<IdParams & { Body: Static<typeof UpdatePersonBody> }>('/people/:id', { schema: updatePersonSchema, preValidation: writeGuard }, async (request) => {
    const id = request.params.id.toLowerCase();
    await directory.getPerson(request.principal, id);
    return present(await directory.updatePerson(request.principal, id, request.body, actorOf(request)), await listSpaces(db));
  });

  api.post<IdParams & { Body: Static<typeof VerifyBody> }>('/people/:id/verify', { schema: verifyPersonSchema, preValidation: writeGuard }, async (request) =>
    present(await directory.verifyPerson(request.principal, request.params.id.toLowerCase(), request.body.verified, actorOf(request)), await listSpaces(db)),
  );

  api.post<IdParams & { Body: Static<typeof MergeBody> }>('/people/:id/merge', { schema: mergePersonSchema, preValidation: writeGuard }, async (request) =>
    present(await directory.mergePeople(request.principal, request.body.into.toLowerCase(), request.params.id.toLowerCase(), actorOf(request)), await listSpaces(db)),
  );

  api.delete<IdParams>('/people/:id', { schema: deletePersonSchema, preValidation: writeGuard }, async (request, reply) => {
    const id = request.params.id.toLowerCase();
    const current = await directory.getPerson(request.principal, id);
    authorize(request.principal, 'content.delete', { spaceId: current.spaceId });
    await directory.updatePerson(request.principal, id, { status: 'archived' }, actorOf(request));
    return reply.code(204).send();
  });
}
