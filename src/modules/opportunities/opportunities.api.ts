/** /api/v1 routes of opportunities. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/http/context.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { getSpace, listSpaces } from '../spaces/spaces.service.js';
import { createOpportunitySchema, getOpportunitySchema, listOpportunitiesSchema, updateOpportunitySchema } from './opportunities.schema.js';
import { createOpportunity, getOpportunity, listOpportunities, updateOpportunity, type OpportunityInput, type OpportunityView } from './opportunities.service.js';

interface ListQuery {
  space?: string;
  type?: string[];
  domain?: string[];
  region?: string[];
  state?: 'open' | 'closed';
  limit?: number;
  offset?: number;
}

const counts = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

/** Registers the routes (inside the /api/v1 prefix). */
export function registerOpportunitiesApi(api: FastifyInstance): void {
  const { db, config } = api.mosaic;

  async function present(o: OpportunityView) {
    const codes = new Map((await listSpaces(db)).map((s) => [s.id, s.code]));
    return {
      id: o.id,
      space: codes.get(o.spaceId) ?? '',
      kind: o.kind,
      title: o.title,
      description: o.description,
      eligibility: o.eligibility,
      domains: o.domains,
      regions: o.regions,
      deadline: { local: o.deadlineLocal, timeZone: o.timeZone, at: o.deadlineAt },
      applyUrl: o.applyUrl,
      applyContact: o.applyContact,
      state: o.state,
      url: `${config.baseUrl}/opportunities/${o.id}`,
      updatedAt: o.updatedAt,
    };
  }

  api.get<{ Querystring: ListQuery }>('/opportunities', { schema: listOpportunitiesSchema }, async (request) => {
    const q = request.query;
    const space = q.space ? await getSpace(db, q.space) : null;
    const result = await listOpportunities(db, space ? [space.id] : null, { kinds: q.type ?? [], domains: q.domain ?? [], regions: q.region ?? [], state: q.state ?? 'open' }, { limit: q.limit ?? 20, offset: q.offset ?? 0 });
    return {
      items: await Promise.all(result.items.map(present)),
      total: result.total,
      facets: { type: counts(result.facets.kind), domain: counts(result.facets.domain), region: counts(result.facets.region), state: counts(result.facets.state) },
    };
  });

  api.get<{ Params: { id: string } }>('/opportunities/:id', { schema: getOpportunitySchema }, async (request) => present(await getOpportunity(db, request.principal, request.params.id)));

  api.post<{ Body: OpportunityInput & { space: string } }>('/opportunities', { schema: createOpportunitySchema }, async (request, reply) => {
    requireApiUser(request);
    const space = await getSpace(db, request.body.space);
    return reply.code(201).send(await present(await createOpportunity(db, request.principal, space, request.body, actorOf(request))));
  });

  api.patch<{ Params: { id: string }; Body: OpportunityInput }>('/opportunities/:id', { schema: updateOpportunitySchema }, async (request) => {
    requireApiUser(request);
    return present(await updateOpportunity(db, request.principal, request.params.id, request.body, actorOf(request)));
  });
}
