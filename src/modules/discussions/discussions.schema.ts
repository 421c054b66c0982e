/** Schemas of the discussions and messages API (validation and the OpenAPI document). */
import { Type } from '@sinclair/typebox';
import { problems } from '../../platform/http/schemas.js';

const Id = Type.String({ format: 'uuid' });
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 }));

export const GroupSchema = Type.Object({
  id: Id,
  spaceId: Id,
  name: Type.String(),
  about: Type.String({ description: 'Description in the language asked for (or another when missing)' }),
  joinPolicy: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('approval')]),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('members')]),
  members: Type.Integer(),
  threads: Type.Integer(),
  myRole: Type.Union([Type.Literal('member'), Type.Literal('moderator'), Type.Null()]),
});

export const ThreadSchema = Type.Object({
  id: Id,
  groupId: Id,
  title: Type.String(),
  authorName: Type.Union([Type.String(), Type.Null()]),
  locked: Type.Boolean(),
  posts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  lastPostAt: Type.String({ format: 'date-time' }),
});

export const PostSchema = Type.Object({
  id: Id,
  authorName: Type.Union([Type.String(), Type.Null()]),
  body: Type.String({ description: 'Markdown source; render it without raw HTML' }),
  hidden: Type.Boolean({ description: 'Hidden by a moderator (only moderators receive hidden posts)' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ConversationSchema = Type.Object({
  id: Id,
  title: Type.String({ description: 'Who you are talking to' }),
  subject: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Id, Type.Null()]),
  lastMessageAt: Type.String({ format: 'date-time' }),
  unread: Type.Integer(),
});

export const listGroupsSchema = {
  summary: 'Discussion groups (of one space, or all)',
  tags: ['discussions'],
  querystring: Type.Object({ space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 code of the space' })), page: Page }),
  response: { 200: Type.Object({ items: Type.Array(GroupSchema), total: Type.Integer() }), ...problems(400) },
};

export const listThreadsSchema = {
  summary: 'Threads of a group, most recently active first',
  tags: ['discussions'],
  params: Type.Object({ id: Id }),
  querystring: Type.Object({ page: Page }),
  response: { 200: Type.Object({ group: GroupSchema, items: Type.Array(ThreadSchema) }), ...problems(400, 401, 404) },
};

export const createThreadSchema = {
  summary: 'Starts a thread (members of the group)',
  tags: ['discussions'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Id }),
  body: Type.Object({ title: Type.String({ maxLength: 300 }), body: Type.String({ maxLength: 20_000 }) }),
  response: { 201: Type.Object({ id: Id }), ...problems(400, 401, 403, 404, 429) },
};

export const listPostsSchema = {
  summary: 'Posts of a thread, oldest first',
  tags: ['discussions'],
  params: Type.Object({ id: Id }),
  querystring: Type.Object({ page: Page }),
  response: { 200: Type.Object({ thread: ThreadSchema, items: Type.Array(PostSchema), total: Type.Integer() }), ...problems(400, 401, 404) },
};

export const createPostSchema = {
  summary: 'Replies to a thread (members of the group; not when locked)',
  tags: ['discussions'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Id }),
  body: Type.Object({ body: Type.String({ maxLength: 20_000 }) }),
  response: { 201: Type.Object({ id: Id }), ...problems(400, 401, 403, 404, 429) },
};

export const listMessagesSchema = {
  summary: 'Your conversations, latest first, with unread counts',
  tags: ['messages'],
  security: [{ bearer: [] }],
  querystring: Type.Object({ page: Page }),
  response: { 200: Type.Object({ items: Type.Array(ConversationSchema) }), ...problems(400, 401) },
};

export const sendMessageSchema = {
  summary: 'Writes to a member (to) or an organisation (organization)',
  tags: ['messages'],
  security: [{ bearer: [] }],
  body: Type.Object({ to: Type.Optional(Id), organization: Type.Optional(Id), subject: Type.Optional(Type.String({ maxLength: 300 })), body: Type.String({ maxLength: 5000 }) }),
  response: { 201: Type.Object({ conversation: Id }), ...problems(400, 401, 404, 429) },
};
