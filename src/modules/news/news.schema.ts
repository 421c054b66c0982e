/** Schemas of the news API. */
import { Type } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';

const PlainTexts = Type.Record(Type.String({ description: 'BCP 47 language tag' }), Type.String(), { description: 'The text per language, e.g. {"lo": "…", "en": "…"}' });

export const NewsPostSchema = Type.Object({
  id: Type.String(),
  space: Type.String({ description: 'ISO 3166-1 alpha-2 code of the space' }),
  title: TranslatedTextSchema,
  summary: TranslatedTextSchema,
  body: TranslatedTextSchema,
  image: Type.Union([Type.Object({ url: Type.String(), small: Type.String(), alt: TranslatedTextSchema }), Type.Null()]),
  status: Type.String({ enum: ['draft', 'published', 'archived'] }),
  publishAt: Type.String({ format: 'date-time' }),
  url: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const listNewsSchema = {
  summary: 'Published news, newest first (posts scheduled for later are not listed)',
  tags: ['news'],
  querystring: Type.Object({
    space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  }),
  response: { 200: Type.Object({ items: Type.Array(NewsPostSchema), total: Type.Integer() }), ...problems(400, 404) },
};

export const getNewsSchema = {
  summary: 'One post (drafts and scheduled posts: editors of the space only)',
  tags: ['news'],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  response: { 200: NewsPostSchema, ...problems(400, 404) },
};

export const NewsInput = Type.Object({
  title: Type.Optional(PlainTexts),
  summary: Type.Optional(PlainTexts),
  body: Type.Optional(PlainTexts),
  imageAlt: Type.Optional(PlainTexts),
  status: Type.Optional(Type.String({ enum: ['draft', 'published', 'archived'] })),
  publishAt: Type.Optional(Type.String({ description: 'ISO 8601 instant; without a zone it is UTC' })),
});

export const createNewsSchema = {
  summary: 'Creates a post (editors of the space)',
  tags: ['news'],
  security: [{ bearer: [] }],
  body: Type.Intersect([Type.Object({ space: Type.String({ pattern: '^[A-Za-z]{2}$' }) }), NewsInput]),
  response: { 201: NewsPostSchema, ...problems(400, 401, 403, 404) },
};

export const updateNewsSchema = {
  summary: 'Changes a post; the languages given replace those languages only',
  tags: ['news'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  body: NewsInput,
  response: { 200: NewsPostSchema, ...problems(400, 401, 403, 404) },
};

const SegmentSchema = Type.Object({ domains: Type.Array(Type.String()), regions: Type.Array(Type.String()), orgTypes: Type.Array(Type.String()), roles: Type.Array(Type.String()) });

const NewsletterSendSchema = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  segment: SegmentSchema,
  status: Type.String({ description: 'queued, sending, sent or failed' }),
  recipients: Type.Union([Type.Integer(), Type.Null()], { description: 'Members in the segment whose newsletter preference is on; null until the job has counted them' }),
  sent: Type.Integer({ description: 'Emails queued so far' }),
  skipped: Type.Integer({ description: 'Recipients who turned newsletters off (or whose account closed) before their email was written' }),
  requestedBy: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  jobId: Type.Union([Type.String(), Type.Null()], { description: 'The background job; a failed send goes on where it stopped when it is retried' }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const listNewslettersSchema = {
  summary: 'The newsletter sends of a post and their progress, newest first (those who may send it; empty for others)',
  tags: ['news'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  response: { 200: Type.Object({ items: Type.Array(NewsletterSendSchema) }), ...problems(401, 404) },
};

export const newsletterSchema = {
  summary: 'Queues a published post to be emailed to a segment of the space (members whose newsletter preference is on); a background job sends it. 409 while a send of the post is under way',
  tags: ['news'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  body: Type.Object({
    domains: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    regions: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
    orgTypes: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    roles: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })),
  }),
  response: { 202: NewsletterSendSchema, ...problems(400, 401, 403, 404, 409) },
};
