/**
 * News pages: the listing /news (per space, with Atom and RSS feeds announced in its head), a
 * post, the editors' form (translatable fields, scheduled publishing), the picture upload, and
 * the newsletter form (segment → count → send, then the job's progress on the post's page).
 * Plain forms with POST-redirect-GET.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/policy.js';
import { actorOf, hrefFor, hrefInLanguage, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { filesDir, localFileStore } from '../../platform/files/store.js';
import { textFor } from '../../platform/i18n/content.js';
import { LOCALES, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import { ErrorSummary, Notice, Pager, PostForm, SelectField, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { DOMAINS, ORG_TYPES } from '../directory/classification.js';
import { all, first, isId, pageNumber, requireUser, Text, type Query } from '../directory/views/common.js';
import { CheckboxGroup, Input, TranslatedFields } from '../directory/views/form-fields.js';
import { findSpaceById, getSpace, listRegions, listSpaces, normaliseSpaceCode, type Space } from '../spaces/spaces.service.js';
import { atomFeed, rssFeed } from './news.feeds.js';
import {
  checkSegment,
  createPost,
  getPost,
  IMAGE_SMALL_WIDTH,
  IMAGE_WIDTH,
  listPosts,
  listUnpublished,
  NewsImageError,
  newsletterRecipients,
  newsletterSends,
  processPicture,
  sendNewsletter,
  setPicture,
  updatePost,
  type NewsletterSendView,
  type NewsPostInput,
  type NewsPostView,
} from './news.service.js';

const PAGE_SIZE = 10;
const SHA = /^[0-9a-f]{64}$/;
const ROLE_LABEL: Record<string, string> = { member: 'role.member', editor: 'role.editor', admin: 'role.admin' };
const STATUS_LABEL: Record<string, string> = { draft: 'news.status.draft', published: 'news.status.published', archived: 'news.status.archived' };
const NOTICES: Record<string, string> = { saved: 'news.notice.saved', created: 'news.notice.created', queued: 'news.notice.queued' };
const SEND_STATUS_LABEL: Record<NewsletterSendView['status'], string> = {
  queued: 'news.newsletter.status.queued',
  sending: 'news.newsletter.status.sending',
  sent: 'news.newsletter.status.sent',
  failed: 'news.newsletter.status.failed',
};

/** The newsletter sends of a post and how far each got (for those who may send it). */
function NewsletterSends({ ctx, sends }: { ctx: ViewContext; sends: NewsletterSendView[] }) {
  if (!sends.length) return null;
  return (
    <section aria-labelledby="sends-title">
      <h2 id="sends-title">{ctx.t('news.newsletter.sends')}</h2>
      <ul>
        {sends.map((s) => (
          <li>
            <time datetime={s.createdAt}>{ctx.i18n.dateTime(s.createdAt)}</time> — <strong>{ctx.t(SEND_STATUS_LABEL[s.status])}</strong>
            {': '}
            {s.recipients === null ? ctx.t('news.newsletter.counting') : ctx.t('news.newsletter.progress', { sent: s.sent, recipients: s.recipients, skipped: s.skipped })}
            {' · '}
            {ctx.t('news.newsletter.requested_by', { name: s.requestedBy })}
            {s.status === 'failed' && s.error ? <> · {s.error === 'news.error.not_published' ? ctx.t('news.error.not_published') : s.error}</> : null}
            {s.status === 'failed' && s.jobId ? <> · {ctx.t('news.newsletter.job', { id: s.jobId })}</> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A post's picture: responsive, lazy, with its text alternative. */
export function Picture({ ctx, post, eager }: { ctx: ViewContext; post: NewsPostView; eager?: boolean }) {
  if (!post.imageSha256) return null;
  const alt = textFor(post.imageAlt, ctx.locale);
  return (
    <img
      class="news-image"
      src={`/news/images/${post.imageSha256}/${IMAGE_SMALL_WIDTH}.webp`}
      srcset={`/news/images/${post.imageSha256}/${IMAGE_SMALL_WIDTH}.webp ${IMAGE_SMALL_WIDTH}w, /media/${post.imageSha256}.webp ${IMAGE_WIDTH}w`}
      sizes="(max-width: 40em) 100vw, 40em"
      alt={alt}
      loading={eager ? undefined : 'lazy'}
      decoding="async"
    />
  );
}

function postValues(post: NewsPostView | null): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!post) return out;
  for (const field of ['title', 'summary', 'body', 'imageAlt'] as const) for (const [l, v] of Object.entries(post[field])) out[`${field}.${l}`] = v?.value;
  out.status = post.status;
  out.publishAt = post.publishAt.slice(0, 16);
  return out;
}

function postInput(values: Record<string, string | undefined>): NewsPostInput {
  const field = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, values[`${name}.${l}`] ?? '']));
  return { title: field('title'), summary: field('summary'), body: field('body'), imageAlt: field('imageAlt'), status: values.status, publishAt: values.publishAt ?? '' };
}

function formValuesOf(body: unknown): Record<string, string | undefined> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  const names = ['status', 'publishAt', ...['title', 'summary', 'body', 'imageAlt'].flatMap((f) => LOCALES.map((l) => `${f}.${l}`))];
  for (const n of names) {
    const v = Array.isArray(b[n]) ? (b[n] as unknown[])[0] : b[n];
    if (typeof v === 'string') out[n] = v.slice(0, 25_000);
  }
  return out;
}

/** Registers the news pages. */
export function registerNewsPages(app: FastifyInstance): void {
  const { db, config } = app.mosaic;
  const store = localFileStore(filesDir(config.dataDir));
  const smalls = new Map<string, Buffer>();

  async function spaceParam(query: Query): Promise<Space | null> {
    const raw = first(query.space);
    if (!raw) return null;
    const code = normaliseSpaceCode(raw);
    if (!code) throw new AppError('NOT_FOUND');
    return getSpace(db, code);
  }

  function languagesOf(ctx: ViewContext, space: Space): { primary: Locale[]; others: Locale[] } {
    const primary = [...new Set([...space.locales.map((l) => parseLocale(l)).filter((l): l is Locale => l !== null), ctx.locale])];
    return { primary, others: LOCALES.filter((l) => !primary.includes(l)) };
  }

  app.get<{ Querystring: Query }>('/news', async (request, reply) => {
    const space = await spaceParam(request.query);
    const page = pageNumber(request.query.page);
    const { items, total } = await listPosts(db, space ? [space.id] : null, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const pending = space ? await listUnpublished(db, request.principal, space.id) : [];
    const spaces = space ? [] : await listSpaces(db);
    const spaceNames = new Map((await listSpaces(db)).map((s) => [s.id, s]));
    const q = space ? `?space=${space.code}` : '';
    // The feeds of the page's language: a feed reader sends no language cookie.
    const feeds = { atom: hrefInLanguage(request, `/news/feed.atom${q}`), rss: hrefInLanguage(request, `/news/feed.rss${q}`) };
    const feedTitle = request.i18n.t('news.title');
    return sendPage(
      request,
      reply,
      {
        title: space ? `${feedTitle} · ${textFor(space.name, request.locale)}` : feedTitle,
        head: (
          <>
            <link rel="alternate" type="application/atom+xml" title={`${feedTitle} (Atom)`} href={feeds.atom} />
            <link rel="alternate" type="application/rss+xml" title={`${feedTitle} (RSS)`} href={feeds.rss} />
          </>
        ),
      },
      (ctx) => (
        <>
          <h1>{space ? <>{ctx.t('news.title')} · <Text ctx={ctx} value={space.name} /></> : ctx.t('news.title')}</h1>
          {space ? null : (
            <p>
              {spaces.map((s, i) => (
                <>
                  {i ? ' · ' : ''}
                  <a href={ctx.href(`/news?space=${s.code}`)}><Text ctx={ctx} value={s.name} /></a>
                </>
              ))}
            </p>
          )}
          {space && can(ctx.principal, 'content.create', { spaceId: space.id }) ? (
            <p>
              <a href={ctx.href(`/news/new?space=${space.code}`)} class="button">{ctx.t('news.new')}</a>
            </p>
          ) : null}
          {total === 0 ? <p>{ctx.t('news.empty')}</p> : null}
          <ol class="news">
            {items.map((p) => (
              <li>
                <article>
                  <h2>
                    <a href={ctx.href(`/news/${p.id}`)}><Text ctx={ctx} value={p.title} /></a>
                  </h2>
                  <p class="meta">
                    <time datetime={p.publishAt}>{ctx.i18n.date(p.publishAt)}</time>
                    {space ? null : <> · <Text ctx={ctx} value={spaceNames.get(p.spaceId)?.name} /></>}
                  </p>
                  <Picture ctx={ctx} post={p} />
                  {Object.keys(p.summary).length ? <p><Text ctx={ctx} value={p.summary} /></p> : null}
                </article>
              </li>
            ))}
          </ol>
          <Pager ctx={ctx} page={page} pageSize={PAGE_SIZE} total={total} link={(n) => ctx.href(`/news?${space ? `space=${space.code}&` : ''}page=${n}`)} />
          {pending.length ? (
            <section>
              <h2>{ctx.t('news.pending')}</h2>
              <ul>
                {pending.map((p) => (
                  <li>
                    <a href={ctx.href(`/news/${p.id}`)}><Text ctx={ctx} value={p.title} /></a> — {ctx.t(STATUS_LABEL[p.status] ?? 'news.status.draft')}, {ctx.i18n.dateTime(p.publishAt)} UTC
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p class="feeds">
            <a href={feeds.atom}>Atom</a> · <a href={feeds.rss}>RSS</a>
          </p>
        </>
      ),
    );
  });

  for (const kind of ['atom', 'rss'] as const) {
    app.get<{ Querystring: Query }>(`/news/feed.${kind}`, async (request, reply) => {
      const space = await spaceParam(request.query);
      const { items } = await listPosts(db, space ? [space.id] : null, { limit: 30, offset: 0 });
      const feed = {
        baseUrl: config.baseUrl,
        locale: request.locale,
        title: `${request.i18n.t('news.title')}${space ? ` · ${textFor(space.name, request.locale)}` : ''} · Mosaic`,
        path: `/news${space ? `?space=${space.code}` : ''}`,
        selfPath: hrefFor(request, `/news/feed.${kind}${space ? `?space=${space.code}` : ''}`),
        items,
      };
      reply.header('Cache-Control', 'public, max-age=300');
      if (kind === 'atom') return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(feed));
      return reply.type('application/rss+xml; charset=utf-8').send(rssFeed(feed));
    });
  }

  // The smaller width of a picture, made on first request (deterministic, so cached for ever).
  app.get<{ Params: { sha: string; file: string } }>('/news/images/:sha/:file', async (request, reply) => {
    const { sha, file } = request.params;
    if (!SHA.test(sha) || file !== `${IMAGE_SMALL_WIDTH}.webp`) throw new AppError('NOT_FOUND');
    let bytes = smalls.get(sha);
    if (!bytes) {
      const stream = await store.open(sha);
      if (!stream) throw new AppError('NOT_FOUND');
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      bytes = await processPicture(Buffer.concat(chunks), IMAGE_SMALL_WIDTH);
      if (smalls.size >= 500) smalls.delete(smalls.keys().next().value!);
      smalls.set(sha, bytes);
    }
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    return reply.type('image/webp').send(bytes);
  });

  function postForm(request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; post?: NewsPostView }) {
    return sendPage(request, reply, { title: options.title, noindex: true, status }, (ctx) => {
      const langs = languagesOf(ctx, space);
      return (
        <>
          <h1>{options.title}</h1>
          <ErrorSummary ctx={ctx} form={form} />
          <PostForm ctx={ctx} action={options.action}>
            <TranslatedFields ctx={ctx} form={form} name="title" legend={ctx.t('news.field.title')} {...langs} />
            <TranslatedFields ctx={ctx} form={form} name="summary" legend={ctx.t('news.field.summary')} {...langs} multiline />
            <TranslatedFields ctx={ctx} form={form} name="body" legend={ctx.t('news.field.body')} hint={ctx.t('news.field.body_hint')} {...langs} multiline />
            <TranslatedFields ctx={ctx} form={form} name="imageAlt" legend={ctx.t('news.field.image_alt')} {...langs} />
            <SelectField ctx={ctx} form={form} name="status" label={ctx.t('news.field.status')} options={Object.entries(STATUS_LABEL).map(([value, key]) => ({ value, label: ctx.t(key) }))} />
            <Input ctx={ctx} form={form} name="publishAt" label={ctx.t('news.field.publish_at')} hint={ctx.t('news.field.publish_at_hint')} />
            <button type="submit">{ctx.t('news.save')}</button>
          </PostForm>
          {options.post ? (
            <section>
              <h2>{ctx.t('news.image.title')}</h2>
              <Picture ctx={ctx} post={options.post} eager />
              <form method="post" action={ctx.href(`/news/${options.post.id}/image`)} enctype="multipart/form-data" class="stack">
                <input type="hidden" name="_csrf" value={ctx.csrf()} />
                <div class="field">
                  <label for="f-image">{ctx.t('news.image.file')}</label>
                  {form.errors.some((e) => e.field === 'image') ? <span class="error">{ctx.t(form.errors.find((e) => e.field === 'image')!.key)}</span> : null}
                  <input id="f-image" type="file" name="image" accept="image/jpeg,image/png,image/webp" />
                </div>
                <button type="submit">{ctx.t('news.image.upload')}</button>
              </form>
            </section>
          ) : null}
        </>
      );
    });
  }

  app.get<{ Querystring: Query }>('/news/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return postForm(request, reply, space, { values: { status: 'draft' }, errors: [] }, 200, { action: `/news/new?space=${space.code}`, title: request.i18n.t('news.new') });
  });

  app.post<{ Querystring: Query }>('/news/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const values = formValuesOf(request.body);
    return withForm(request, reply, values, (form, status) => postForm(request, reply, space, form, status, { action: `/news/new?space=${space.code}`, title: request.i18n.t('news.new') }), async () => {
      const post = await createPost(db, request.principal, space.id, postInput(values), actorOf(request));
      return seeOther(request, reply, `/news/${post.id}?notice=created`);
    });
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/news/:id', async (request, reply) => {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const post = await getPost(db, request.principal, request.params.id);
    const space = (await findSpaceById(db, post.spaceId))!;
    const editor = can(request.principal, 'content.edit', { spaceId: post.spaceId });
    const notice = NOTICES[first(request.query.notice) ?? ''];
    const sends = editor ? await newsletterSends(db, request.principal, post.id) : [];
    return sendPage(request, reply, { title: textFor(post.title, request.locale), noindex: !post.published }, (ctx) => (
      <article>
        {notice ? <Notice kind="good">{ctx.t(notice)}</Notice> : null}
        <h1><Text ctx={ctx} value={post.title} /></h1>
        <p class="meta">
          <time datetime={post.publishAt}>{ctx.i18n.date(post.publishAt, 'long')}</time> · <a href={ctx.href(`/news?space=${space.code}`)}><Text ctx={ctx} value={space.name} /></a>
          {post.published ? null : <> · <strong>{ctx.t(post.status === 'published' ? 'news.scheduled' : STATUS_LABEL[post.status]!)}</strong></>}
        </p>
        <Picture ctx={ctx} post={post} eager />
        {Object.keys(post.summary).length ? <p class="lead"><strong><Text ctx={ctx} value={post.summary} /></strong></p> : null}
        {textFor(post.body, ctx.locale).split(/\n{2,}/).filter(Boolean).map((para) => <p lang={post.body[ctx.locale] ? undefined : Object.keys(post.body)[0]}>{para}</p>)}
        {editor ? (
          <p>
            <a href={ctx.href(`/news/${post.id}/edit`)}>{ctx.t('news.edit')}</a>
            {can(ctx.principal, 'newsletter.send', { spaceId: post.spaceId }) && post.published ? <> · <a href={ctx.href(`/news/${post.id}/newsletter`)}>{ctx.t('news.newsletter.title')}</a></> : null}
          </p>
        ) : null}
        <NewsletterSends ctx={ctx} sends={sends} />
      </article>
    ));
  });

  async function editable(request: FastifyRequest<{ Params: { id: string } }>) {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const post = await getPost(db, request.principal, request.params.id);
    authorize(request.principal, 'content.edit', { spaceId: post.spaceId });
    return { post, space: (await findSpaceById(db, post.spaceId))! };
  }

  app.get<{ Params: { id: string } }>('/news/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { post, space } = await editable(request);
    return postForm(request, reply, space, { values: postValues(post), errors: [] }, 200, { action: `/news/${post.id}/edit`, title: request.i18n.t('news.edit'), post });
  });

  app.post<{ Params: { id: string } }>('/news/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { post, space } = await editable(request);
    const values = formValuesOf(request.body);
    return withForm(request, reply, values, (form, status) => postForm(request, reply, space, form, status, { action: `/news/${post.id}/edit`, title: request.i18n.t('news.edit'), post }), async () => {
      await updatePost(db, request.principal, post.id, postInput(values), actorOf(request));
      return seeOther(request, reply, `/news/${post.id}?notice=saved`);
    });
  });

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 8 * 1024 * 1024, files: 1, fields: 3, parts: 4, fieldSize: 1000 } });
    scope.post<{ Params: { id: string } }>('/news/:id/image', async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      const { post, space } = await editable(request);
      const file = (request.body as Record<string, unknown> | undefined)?.image;
      try {
        await setPicture(db, store, request.principal, post.id, Buffer.isBuffer(file) && file.length ? file : Buffer.alloc(0), actorOf(request));
      } catch (err) {
        if (!(err instanceof NewsImageError)) throw err;
        return postForm(request, reply, space, { values: postValues(post), errors: [{ field: 'image', key: err.key }] }, 400, { action: `/news/${post.id}/edit`, title: request.i18n.t('news.edit'), post });
      }
      return seeOther(request, reply, `/news/${post.id}?notice=saved`);
    });
  });

  async function newsletterPage(request: FastifyRequest, reply: FastifyReply, post: NewsPostView, space: Space, form: FormState, status = 200) {
    const regions = await listRegions(db, space.id);
    let count: number | null = null;
    try {
      count = (await newsletterRecipients(db, space.id, segmentOf(form.values))).length;
    } catch {
      count = null;
    }
    const sends = await newsletterSends(db, request.principal, post.id);
    return sendPage(request, reply, { title: request.i18n.t('news.newsletter.title'), noindex: true, status }, (ctx) => (
      <>
        <h1>{ctx.t('news.newsletter.title')}</h1>
        <p><Text ctx={ctx} value={post.title} /></p>
        {post.newsletterSentAt ? <Notice>{ctx.t('news.newsletter.already', { date: ctx.i18n.dateTime(post.newsletterSentAt) })}</Notice> : null}
        <NewsletterSends ctx={ctx} sends={sends} />
        <ErrorSummary ctx={ctx} form={form} />
        <form method="get" action={ctx.href(`/news/${post.id}/newsletter`)} class="stack">
          <CheckboxGroup ctx={ctx} form={form} name="domains" legend={ctx.t('news.segment.domains')} options={DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) }))} />
          <CheckboxGroup ctx={ctx} form={form} name="regions" legend={ctx.t('news.segment.regions')} options={regions.map((r) => ({ value: r.code, label: textFor(r.name, ctx.locale) }))} />
          <CheckboxGroup ctx={ctx} form={form} name="orgTypes" legend={ctx.t('news.segment.org_types')} options={ORG_TYPES.map((o) => ({ value: o, label: ctx.t(`org_type.${o}`) }))} />
          <CheckboxGroup ctx={ctx} form={form} name="roles" legend={ctx.t('news.segment.roles')} options={Object.entries(ROLE_LABEL).map(([value, key]) => ({ value, label: ctx.t(key) }))} />
          <button type="submit" class="secondary">{ctx.t('news.segment.count')}</button>
        </form>
        {count !== null ? <p><strong>{ctx.t('news.segment.recipients', { count })}</strong></p> : null}
        <PostForm ctx={ctx} action={`/news/${post.id}/newsletter`}>
          {(['domains', 'regions', 'orgTypes', 'roles'] as const).flatMap((name) => (form.values[name] ?? '').split(',').filter(Boolean).map((v) => <input type="hidden" name={name} value={v} />))}
          <button type="submit">{ctx.t('news.newsletter.send')}</button>
        </PostForm>
      </>
    ));
  }

  function segmentValues(source: unknown): Record<string, string> {
    const b = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
    return Object.fromEntries((['domains', 'regions', 'orgTypes', 'roles'] as const).map((k) => [k, all(b[k]).slice(0, 100).join(',')]));
  }
  function segmentOf(values: Record<string, string | undefined>) {
    return checkSegment(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, (v ?? '').split(',').filter(Boolean)])));
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/news/:id/newsletter', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { post, space } = await editable(request);
    authorize(request.principal, 'newsletter.send', { spaceId: space.id });
    const values = segmentValues(request.query);
    let form: FormState = { values, errors: [] };
    try {
      segmentOf(values);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      form = { values, errors: err.options.fields ?? [] };
    }
    return newsletterPage(request, reply, post, space, form, form.errors.length ? 400 : 200);
  });

  app.post<{ Params: { id: string } }>('/news/:id/newsletter', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { post, space } = await editable(request);
    const values = segmentValues(request.body);
    return withForm(request, reply, values, (form, status) => newsletterPage(request, reply, post, space, form, status), async () => {
      try {
        await sendNewsletter(db, request.principal, post.id, segmentOf(values), actorOf(request));
      } catch (err) {
        // A send of this post already under way: the form comes back saying so.
        if (err instanceof AppError && err.code === 'CONFLICT' && err.options.fields) return newsletterPage(request, reply, post, space, { values, errors: err.options.fields }, 409);
        throw err;
      }
      return seeOther(request, reply, `/news/${post.id}?notice=queued`);
    });
  });
}

