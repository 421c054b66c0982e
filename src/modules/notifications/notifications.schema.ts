/** Schemas of the notifications API (the caller's own notifications, follows and preferences). */
import { Type } from '@sinclair/typebox';
import { problems } from '../../platform/http/schemas.js';

const Target = Type.Object({
  type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'organization, person, opportunity, …' }),
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
});

export const NotificationSchema = Type.Object({
  id: Type.String(),
  category: Type.String(),
  subject: Target,
  text: Type.String({ description: 'The message in the language asked for (Accept-Language or the URL prefix)' }),
  url: Type.String({ description: 'Site-relative link' }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export const listNotificationsSchema = {
  summary: 'Your notifications, newest first',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  querystring: Type.Object({
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Type.String({ format: 'date-time', description: 'Page: items created before this instant' })),
  }),
  response: { 200: Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() }), ...problems(400, 401) },
};

export const markReadSchema = {
  summary: 'Marks your notifications read (the ids given, or all)',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  body: Type.Object({ ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })) }),
  response: { 200: Type.Object({ marked: Type.Integer() }), ...problems(400, 401) },
};

export const FollowSchema = Type.Object({
  type: Type.String(),
  id: Type.String(),
  title: Type.Unknown({ description: 'The name: a string or a translatable text' }),
  url: Type.String(),
  since: Type.String({ format: 'date-time' }),
});

export const listFollowsSchema = {
  summary: 'What you follow',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  response: { 200: Type.Object({ items: Type.Array(FollowSchema) }), ...problems(401) },
};

export const followSchema = {
  summary: 'Follow something (idempotent)',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  body: Target,
  response: { 204: Type.Null(), ...problems(400, 401, 404) },
};

export const unfollowSchema = {
  summary: 'Stop following something (idempotent)',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  params: Target,
  response: { 204: Type.Null(), ...problems(400, 401) },
};

const Preferences = Type.Object({
  modes: Type.Record(Type.String(), Type.String({ enum: ['immediate', 'daily', 'weekly', 'off'] }), { description: 'Email mode per category' }),
  hourUtc: Type.Integer({ minimum: 0, maximum: 23, description: 'Hour of the digests, UTC' }),
  weekday: Type.Integer({ minimum: 0, maximum: 6, description: 'Day of the weekly digest, 0 = Sunday' }),
});

export const getPreferencesSchema = {
  summary: 'Your email preferences per category and digest time',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  response: { 200: Preferences, ...problems(401) },
};

export const putPreferencesSchema = {
  summary: 'Changes your email preferences (categories left out keep their mode)',
  tags: ['notifications'],
  security: [{ bearer: [] }],
  body: Type.Partial(Preferences),
  response: { 200: Preferences, ...problems(400, 401) },
};
