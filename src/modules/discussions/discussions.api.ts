/** /api/v1 routes of discussion groups and of the caller's messages. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { createMessagesService } from '../messages/messages.service.js';
import { listSpaces } from '../spaces/spaces.service.js';
import { createDiscussionsService, type GroupView } from './discussions.service.js';
import { createPostSchema, createThreadSchema, listGroupsSchema, listMessagesSchema, listPostsSchema, listThreadsSchema, sendMessageSchema } from './discussions.schema.js';

function groupOut(g: GroupView) {
  return { id: g.id, spaceId: g.spaceId, name: g.name, about: g.about, joinPolicy: g.joinPolicy, visibility: g.visibility, members: g.members, threads: g.threads, myRole: g.myRole };
}

/** Registers the routes (inside the /api/v1 prefix). */
export function registerDiscussionsApi(api: FastifyInstance): void {
  const { db } = api.mosaic;
  const disc = createDiscussionsService(db);
  const msgs = createMessagesService(db);

  api.get<{ Querystring: { space?: string; page?: number } }>('/groups', { schema: listGroupsSchema }, async (request) => {
    let spaceId: string | null = null;
    if (request.query.space) {
      const space = (await listSpaces(db)).find((s) => s.code.toLowerCase() === request.query.space!.toLowerCase());
      if (!space) throw new AppError('NOT_FOUND');
      spaceId = space.id;
    }
    const { items, total } = await disc.listGroups(request.principal, request.locale, spaceId, request.query.page ?? 1);
    return { items: items.map(groupOut), total };
  });

  api.get<{ Params: { id: string }; Querystring: { page?: number } }>('/groups/:id/threads', { schema: listThreadsSchema }, async (request) => {
    const { group, threads } = await disc.getGroup(request.principal, request.locale, request.params.id, request.query.page ?? 1);
    if (!group.canRead) throw new AppError(request.user ? 'NOT_FOUND' : 'UNAUTHENTICATED');
    return { group: groupOut(group), items: threads };
  });

  api.post<{ Params: { id: string }; Body: { title: string; body: string } }>('/groups/:id/threads', { schema: createThreadSchema }, async (request, reply) => {
    requireApiUser(request);
    const id = await disc.createThread(request.principal, request.params.id, request.body, actorOf(request));
    return reply.code(201).send({ id });
  });

  api.get<{ Params: { id: string }; Querystring: { page?: number } }>('/threads/:id/posts', { schema: listPostsSchema }, async (request) => {
    const { thread, posts, total } = await disc.getThread(request.principal, request.locale, request.params.id, request.query.page ?? 1);
    return { thread, items: posts, total };
  });

  api.post<{ Params: { id: string }; Body: { body: string } }>('/threads/:id/posts', { schema: createPostSchema }, async (request, reply) => {
    requireApiUser(request);
    const id = await disc.reply(request.principal, request.params.id, request.body, actorOf(request));
    return reply.code(201).send({ id });
  });

  api.get<{ Querystring: { page?: number } }>('/messages', { schema: listMessagesSchema }, async (request) => {
    requireApiUser(request);
    return { items: await msgs.inbox(request.principal, request.locale, request.query.page ?? 1) };
  });

  api.post<{ Body: { to?: string; organization?: string; subject?: string; body: string } }>('/messages', { schema: sendMessageSchema }, async (request, reply) => {
    requireApiUser(request);
    const b = request.body;
    const id = b.organization
      ? await msgs.contactOrganization(request.principal, b.organization, b, actorOf(request), request.locale)
      : b.to
        ? await msgs.writeTo(request.principal, b.to, b, actorOf(request), request.locale)
        : null;
    if (!id) throw new AppError('VALIDATION', { fields: [{ field: 'to', key: 'msg.error.recipient' }] });
    return reply.code(201).send({ conversation: id });
  });
}
