/** /api/v1 routes of the accounts module: the current account and its API tokens. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { findSpaceById } from '../spaces/spaces.service.js';
import { createTokenSchema, getMeSchema, listTokensSchema, revokeTokenSchema } from './accounts.schema.js';

/** The signed-in API user, or UNAUTHENTICATED. */
export function requireApiUser(request: FastifyRequest) {
  if (!request.user) throw new AppError('UNAUTHENTICATED');
  return request.user;
}

/** Registers the routes (inside the /api/v1 prefix). */
export function registerAccountsApi(api: FastifyInstance): void {
  const { accounts, db } = api.mosaic;

  api.get('/me', { schema: getMeSchema }, async (request) => {
    const user = requireApiUser(request);
    const roles: Record<string, string> = {};
    for (const [spaceId, role] of request.principal.roles) {
      const space = await findSpaceById(db, spaceId);
      if (space) roles[space.code] = role;
    }
    return { ...user, roles };
  });

  api.get('/tokens', { schema: listTokensSchema }, async (request) => ({ items: await accounts.listApiTokens(requireApiUser(request)) }));

  api.post<{ Body: { name: string } }>('/tokens', { schema: createTokenSchema }, async (request, reply) => {
    const created = await accounts.createApiToken(requireApiUser(request), request.body.name, actorOf(request));
    return reply.code(201).send(created);
  });

  api.delete<{ Params: { id: string } }>('/tokens/:id', { schema: revokeTokenSchema }, async (request, reply) => {
    await accounts.revokeApiToken(requireApiUser(request), request.params.id, actorOf(request));
    return reply.code(204).send();
  });
}
