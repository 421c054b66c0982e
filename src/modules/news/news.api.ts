/** /api/v1 routes of news. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { getSpace, listSpaces } from '../spaces/spaces.service.js';
import { createNewsSchema, getNewsSchema, listNewsSchema, listNewslettersSchema, newsletterSchema, updateNewsSchema } from './news.schema.js';
import { checkSegment, createPost, getPost, IMAGE_SMALL_WIDTH, listPosts, newsletterSends, sendNewsletter, updatePost, type NewsPostInput, type NewsPostView } from './news.service.js';

/** Registers the routes (inside the /api/v1 prefix). */
export function registerNewsApi(api: FastifyInstance): void {
  const { db, config } = api.mosaic;

  async function present(post: NewsPostView) {
    const codes = new Map((await listSpaces(db)).map((s) => [s.id, s.code]));
    return {
      id: post.id,
      space: codes.get(post.spaceId) ?? '',
      title: post.title,
      summary: post.summary,
      body: post.body,
      image: post.imageSha256 ? { url: `${config.baseUrl}/media/${post.imageSha256}.webp`, small: `${config.baseUrl}/news/images/${post.imageSha256}/${IMAGE_SMALL_WIDTH}.webp`, alt: post.imageAlt } : null,
      status: post.status,
      publishAt: post.publishAt,
      url: `${config.baseUrl}/news/${post.id}`,
      updatedAt: post.updatedAt,
    };
  }

  api.get<{ Querystring: { space?: string; limit?: number; offset?: number } }>('/news', { schema: listNewsSchema }, async (request) => {
    const space = request.query.space ? await getSpace(db, request.query.space) : null;
    const { items, total } = await listPosts(db, space ? [space.id] : null, { limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 });
    return { items: await Promise.all(items.map(present)), total };
  });

  api.get<{ Params: { id: string } }>('/news/:id', { schema: getNewsSchema }, async (request) => present(await getPost(db, request.principal, request.params.id)));

  api.post<{ Body: NewsPostInput & { space: string } }>('/news', { schema: createNewsSchema }, async (request, reply) => {
    requireApiUser(request);
    const space = await getSpace(db, request.body.space);
    const post = await createPost(db, request.principal, space.id, request.body, actorOf(request));
    return reply.code(201).send(await present(post));
  });

  api.patch<{ Params: { id: string }; Body: NewsPostInput }>('/news/:id', { schema: updateNewsSchema }, async (request) => {
    requireApiUser(request);
    return present(await updatePost(db, request.principal, request.params.id, request.body, actorOf(request)));
  });

  api.post<{ Params: { id: string }; Body: Record<string, string[] | undefined> }>('/news/:id/newsletter', { schema: newsletterSchema }, async (request, reply) => {
    requireApiUser(request);
    if (!request.body) throw new AppError('BAD_REQUEST');
    const send = await sendNewsletter(db, request.principal, request.params.id, checkSegment(request.body), actorOf(request));
    return reply.code(202).header('Location', `/api/v1/news/${request.params.id}/newsletters`).send(send);
  });

  api.get<{ Params: { id: string } }>('/news/:id/newsletters', { schema: listNewslettersSchema }, async (request) => {
    requireApiUser(request);
    await getPost(db, request.principal, request.params.id);
    return { items: await newsletterSends(db, request.principal, request.params.id) };
  });
}
