/** /api/v1 routes of spaces and the audit log. */
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../platform/audit/audit.js';
import { authorize, spacesWithRole } from '../../platform/auth/policy.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { listAuditSchema, getSpaceSchema, listSpacesSchema } from './spaces.schema.js';
import { getSpace, listRegions, listSpaces } from './spaces.service.js';

/** Registers the routes (inside the /api/v1 prefix). */
export function registerSpacesApi(api: FastifyInstance): void {
  const { db } = api.mosaic;

  api.get('/spaces', { schema: listSpacesSchema }, async () => ({
    items: (await listSpaces(db)).map(({ id: _id, ...rest }) => rest),
  }));

  api.get<{ Params: { code: string } }>('/spaces/:code', { schema: getSpaceSchema }, async (request) => {
    const { id, ...space } = await getSpace(db, request.params.code);
    const regions = (await listRegions(db, id)).map(({ id: _rid, ...r }) => r);
    return { ...space, regions };
  });

  api.get<{ Querystring: Record<string, string | number | undefined> }>('/audit', { schema: listAuditSchema }, async (request) => {
    requireApiUser(request);
    authorize(request.principal, 'audit.view');
    const q = request.query;
    let spaceIds = spacesWithRole(request.principal, 'admin');
    if (q.space) {
      const space = await getSpace(db, String(q.space));
      spaceIds = spaceIds === null || spaceIds.includes(space.id) ? [space.id] : [];
    }
    const { rows, total } = await listAudit(db, {
      spaceIds,
      action: q.action as string | undefined,
      entityType: q.entityType as string | undefined,
      entityId: q.entityId as string | undefined,
      from: q.from as string | undefined,
      to: q.to as string | undefined,
      // The schema coerces "1e400" to Infinity; keep to the documented range.
      limit: Math.min(Math.max(Math.trunc(Number(q.limit ?? 100)) || 100, 1), 500),
      offset: Math.min(Math.max(Math.trunc(Number(q.offset ?? 0)) || 0, 0), 1_000_000),
    });
    return { items: rows.map(({ ip: _ip, requestId: _r, ...r }) => r), total };
  });
}
