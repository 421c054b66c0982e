/** GET /api/v1/search. */
import type { FastifyInstance } from 'fastify';
import { searchSchema } from './search.schema.js';
import { globalSearch, snippetHtml } from './search.service.js';

/** Registers the route (inside the /api/v1 prefix). */
export function registerSearchApi(api: FastifyInstance): void {
  api.get<{ Querystring: { q?: string; type?: string; space?: string; lang?: string; limit?: number; offset?: number } }>(
    '/search',
    { schema: searchSchema },
    async (request) => {
      const q = request.query;
      const result = await globalSearch(api.mosaic.db, request.principal, {
        q: q.q,
        types: q.type?.split(',').map((t) => t.trim()),
        space: q.space,
        lang: q.lang,
        limit: q.limit,
        offset: q.offset,
      });
      return {
        total: result.total,
        facets: result.facets,
        items: result.items.map((i) => ({
          type: i.entityType,
          id: i.entityId,
          space: i.spaceCode,
          url: i.url,
          title: i.title,
          snippet: snippetHtml(i.snippet),
          score: i.score,
        })),
      };
    },
  );
}
