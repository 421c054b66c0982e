/** /api/v1 routes of notifications: always the caller's own. */
import type { FastifyInstance } from 'fastify';
import { authorize } from '../../platform/auth/policy.js';
import { actorOf } from '../../platform/http/context.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import {
  checkTarget,
  digestTimeOf,
  follow,
  listFollows,
  listNotifications,
  markRead,
  preferencesOf,
  savePreferences,
  unfollow,
  unreadCount,
} from './notifications.service.js';
import { followSchema, getPreferencesSchema, listFollowsSchema, listNotificationsSchema, markReadSchema, putPreferencesSchema, unfollowSchema } from './notifications.schema.js';

/** Registers the routes (inside the /api/v1 prefix). */
export function registerNotificationsApi(api: FastifyInstance): void {
  const { db } = api.mosaic;

  api.get<{ Querystring: { unread?: boolean; limit?: number; before?: string } }>('/notifications', { schema: listNotificationsSchema }, async (request) => {
    const user = requireApiUser(request);
    const items = await listNotifications(db, user.id, request.locale, { unreadOnly: request.query.unread === true, limit: request.query.limit, before: request.query.before });
    return { items, unread: await unreadCount(db, user.id) };
  });

  api.post<{ Body: { ids?: string[] } }>('/notifications/read', { schema: markReadSchema }, async (request) => {
    const user = requireApiUser(request);
    const marked = await db.transaction().execute((trx) => markRead(trx, actorOf(request), user.id, request.body?.ids ?? null));
    return { marked };
  });

  api.get('/follows', { schema: listFollowsSchema }, async (request) => ({ items: await listFollows(db, requireApiUser(request).id) }));

  api.post<{ Body: { type: string; id: string } }>('/follows', { schema: followSchema }, async (request, reply) => {
    const user = requireApiUser(request);
    authorize(request.principal, 'follow.manage', { ownerId: user.id });
    const target = await checkTarget(db, request.body);
    await db.transaction().execute((trx) => follow(trx, actorOf(request), user.id, target));
    return reply.code(204).send();
  });

  api.delete<{ Params: { type: string; id: string } }>('/follows/:type/:id', { schema: unfollowSchema }, async (request, reply) => {
    const user = requireApiUser(request);
    authorize(request.principal, 'follow.manage', { ownerId: user.id });
    await db.transaction().execute((trx) => unfollow(trx, actorOf(request), user.id, request.params));
    return reply.code(204).send();
  });

  const current = async (userId: string) => ({ modes: await preferencesOf(db, userId), ...(await digestTimeOf(db, userId)) });

  api.get('/notifications/preferences', { schema: getPreferencesSchema }, async (request) => current(requireApiUser(request).id));

  api.put<{ Body: { modes?: Record<string, string>; hourUtc?: number; weekday?: number } }>('/notifications/preferences', { schema: putPreferencesSchema }, async (request) => {
    const user = requireApiUser(request);
    authorize(request.principal, 'account.edit_self', { ownerId: user.id });
    await db.transaction().execute((trx) => savePreferences(trx, actorOf(request), user.id, { modes: request.body.modes ?? {}, hourUtc: request.body.hourUtc, weekday: request.body.weekday }));
    return current(user.id);
  });
}
