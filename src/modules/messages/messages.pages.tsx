/**
 * Message pages: the inbox (/messages) with unread counts, a conversation, writing to a member
 * or to an organisation (/messages/new?to=… or ?organization=…), blocking, reporting.
 * Messages are plain text, shown as text.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { EMPTY_FORM, ErrorSummary, Field, Notice, Pager, PostForm, type FormState } from '../../platform/views/components.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { first, isId, pageNumber, requireUser, type Query } from '../directory/views/common.js';
import { TextArea } from '../discussions/discussions.pages.js';
import { createMessagesService, MESSAGES_PER_PAGE } from './messages.service.js';

const NOTICES: Record<string, string> = { blocked: 'msg.notice.blocked', unblocked: 'msg.notice.unblocked', reported: 'msg.notice.reported' };

/** Plain text with its line breaks, escaped. */
function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <p>
      {lines.map((l, i) => (
        <>
          {i > 0 ? <br /> : null}
          {l}
        </>
      ))}
    </p>
  );
}

export function registerMessagePages(app: FastifyInstance): void {
  const { db } = app.mosaic;
  const msgs = createMessagesService(db);

  app.get<{ Querystring: Query }>('/messages', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const page = pageNumber(request.query.page);
    const items = await msgs.inbox(request.principal, request.locale, page);
    return sendPage(request, reply, { title: request.i18n.t('msg.inbox.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('msg.inbox.title')}</h1>
        {NOTICES[first(request.query.notice) ?? ''] ? <Notice kind="good">{ctx.t(NOTICES[first(request.query.notice)!]!)}</Notice> : null}
        <p>{ctx.t('msg.inbox.intro')}</p>
        {items.length === 0 ? <p>{ctx.t('msg.inbox.empty')}</p> : null}
        <ul class="conversations">
          {items.map((c) => (
            <li class={c.unread ? 'unread' : undefined}>
              <a href={ctx.href(`/messages/${c.id}`)}>{c.unread ? <strong>{c.title || '—'}</strong> : c.title || '—'}</a>
              {c.subject ? <> · {c.subject}</> : null} · <small>{ctx.i18n.dateTime(c.lastMessageAt)}</small>
              {c.unread ? <> · {ctx.t('msg.inbox.unread', { count: c.unread })}</> : null}
            </li>
          ))}
        </ul>
        {items.length === 30 || page > 1 ? (
          <p>
            {page > 1 ? <a href={ctx.href(`/messages?page=${page - 1}`)}>{ctx.t('pager.previous')}</a> : null}{' '}
            {items.length === 30 ? <a href={ctx.href(`/messages?page=${page + 1}`)}>{ctx.t('pager.next')}</a> : null}
          </p>
        ) : null}
        <p>
          <a href={ctx.href('/messages/blocked')}>{ctx.t('msg.blocked.title')}</a>
          {ctx.principal.isPlatformAdmin ? (
            <>
              {' · '}
              <a href={ctx.href('/messages/reports')}>{ctx.t('msg.reports.title')}</a>
            </>
          ) : null}
        </p>
      </>
    ));
  });

  async function newForm(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    const to = first(request.query.to) ?? form.values.to;
    const organization = first(request.query.organization) ?? form.values.organization;
    const name = isId(organization) ? await msgs.organizationName(organization, request.locale) : isId(to) ? await msgs.userName(to) : null;
    if (!name) throw new AppError('NOT_FOUND');
    const title = request.i18n.t('msg.new.title', { name });
    return sendPage(request, reply, { title, noindex: true, status }, (ctx) => (
      <>
        <h1>{title}</h1>
        {isId(organization) ? <p>{ctx.t('msg.new.organization_hint')}</p> : null}
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action="/messages">
          {isId(organization) ? <input type="hidden" name="organization" value={organization} /> : <input type="hidden" name="to" value={to} />}
          <Field ctx={ctx} form={form} name="subject" label={ctx.t('msg.field.subject')} />
          <TextArea ctx={ctx} form={form} name="body" label={ctx.t('msg.field.body')} />
          <button type="submit">{ctx.t('msg.send')}</button>
        </PostForm>
      </>
    ));
  }

  app.get<{ Querystring: Query }>('/messages/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return newForm(request, reply, EMPTY_FORM, 200);
  });

  app.post<{ Querystring: Query }>('/messages', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const v = formValues(request.body, ['to', 'organization', 'subject', 'body'] as const);
    return withForm(request, reply, v, (form, status) => newForm(request, reply, form, status), async () => {
      const id = isId(v.organization)
        ? await msgs.contactOrganization(request.principal, v.organization, v, actorOf(request), request.locale)
        : isId(v.to)
          ? await msgs.writeTo(request.principal, v.to, v, actorOf(request), request.locale)
          : null;
      if (!id) throw new AppError('NOT_FOUND');
      return seeOther(request, reply, `/messages/${id}`);
    });
  });

  app.get('/messages/reports', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const reports = await msgs.openReports(request.principal);
    return sendPage(request, reply, { title: request.i18n.t('msg.reports.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('msg.reports.title')}</h1>
        <p>{ctx.t('msg.reports.intro')}</p>
        {reports.length === 0 ? <p>{ctx.t('disc.moderation.none')}</p> : null}
        {reports.map((r) => (
          <article class="message">
            <p class="meta">
              <strong>{r.sender_name ?? '—'}</strong> · {ctx.i18n.dateTime(r.created_at)} · {r.reporter_name ?? '—'}: <q>{r.reason}</q>
            </p>
            <Lines text={r.body} />
            <PostForm ctx={ctx} action={`/messages/reports/${r.id}`} class="inline">
              <button type="submit" class="secondary">{ctx.t('msg.reports.resolve')}</button>
            </PostForm>
          </article>
        ))}
      </>
    ));
  });

  app.post<{ Params: { id: string } }>('/messages/reports/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    await msgs.resolveReport(request.principal, request.params.id, actorOf(request));
    return seeOther(request, reply, '/messages/reports');
  });

  app.get('/messages/blocked', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const blocked = await msgs.blocks(request.principal);
    return sendPage(request, reply, { title: request.i18n.t('msg.blocked.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('msg.blocked.title')}</h1>
        {blocked.length === 0 ? <p>{ctx.t('msg.blocked.empty')}</p> : null}
        <ul>
          {blocked.map((b) => (
            <li>
              {b.name}
              <PostForm ctx={ctx} action="/messages/block" class="inline">
                <input type="hidden" name="user" value={b.id} />
                <input type="hidden" name="op" value="unblock" />
                <button type="submit" class="link">{ctx.t('msg.unblock')}</button>
              </PostForm>
            </li>
          ))}
        </ul>
      </>
    ));
  });

  app.post('/messages/block', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const v = formValues(request.body, ['user', 'op'] as const);
    if (!isId(v.user)) throw new AppError('NOT_FOUND');
    await msgs.setBlocked(request.principal, v.user, v.op !== 'unblock', actorOf(request));
    return seeOther(request, reply, `/messages?notice=${v.op === 'unblock' ? 'unblocked' : 'blocked'}`);
  });

  async function conversationPage(request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const page = first(request.query.page) ? pageNumber(request.query.page) : undefined;
    const c = await msgs.open(request.principal, request.locale, request.params.id, page);
    const back = `/messages/${c.id}`;
    return sendPage(request, reply, { title: c.title || request.i18n.t('msg.inbox.title'), noindex: true, status }, (ctx) => (
      <>
        <p class="crumbs">
          <a href={ctx.href('/messages')}>{ctx.t('msg.inbox.title')}</a>
        </p>
        <h1>{c.title || '—'}</h1>
        {NOTICES[first(request.query.notice) ?? ''] ? <Notice kind="good">{ctx.t(NOTICES[first(request.query.notice)!]!)}</Notice> : null}
        {c.subject ? <p class="meta">{c.subject}</p> : null}
        <Pager ctx={ctx} page={c.page} pageSize={MESSAGES_PER_PAGE} total={c.total} link={(n) => ctx.href(`${back}?page=${n}`)} />
        {c.messages.map((m) => (
          <article id={`m-${m.id}`} class={m.mine ? 'message mine' : 'message'}>
            <p class="meta">
              <strong>{m.senderLabel || '—'}</strong> · <time datetime={m.createdAt}>{ctx.i18n.dateTime(m.createdAt)}</time>
              {m.mine ? null : (
                <>
                  {' · '}
                  <a href={ctx.href(`/messages/report/${m.id}`)}>{ctx.t('msg.report')}</a>
                </>
              )}
            </p>
            <Lines text={m.body} />
          </article>
        ))}
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action={back}>
          <TextArea ctx={ctx} form={form} name="body" label={ctx.t('msg.field.reply')} rows={3} />
          <button type="submit">{ctx.t('msg.send')}</button>
        </PostForm>
        {c.others.length ? (
          <details>
            <summary>{ctx.t('msg.block.title')}</summary>
            <p>{ctx.t('msg.block.hint')}</p>
            {c.others.map((o) => (
              <PostForm ctx={ctx} action="/messages/block" class="inline">
                <input type="hidden" name="user" value={o.id} />
                <button type="submit" class="secondary">{ctx.t('msg.block.button', { name: o.name })}</button>
              </PostForm>
            ))}
          </details>
        ) : null}
      </>
    ));
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/messages/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return conversationPage(request, reply, EMPTY_FORM, 200);
  });

  app.post<{ Params: { id: string }; Querystring: Query }>('/messages/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const v = formValues(request.body, ['body'] as const);
    return withForm(request, reply, v, (form, status) => conversationPage(request, reply, form, status), async () => {
      await msgs.reply(request.principal, request.params.id, v, actorOf(request), request.locale);
      return seeOther(request, reply, `/messages/${request.params.id}`);
    });
  });

  async function reportForm(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    return sendPage(request, reply, { title: request.i18n.t('msg.report.title'), noindex: true, status }, (ctx) => (
      <>
        <h1>{ctx.t('msg.report.title')}</h1>
        <p>{ctx.t('msg.report.intro')}</p>
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action={`/messages/report/${request.params.id}`}>
          <TextArea ctx={ctx} form={form} name="reason" label={ctx.t('disc.field.reason')} rows={3} />
          <button type="submit">{ctx.t('disc.report.send')}</button>
        </PostForm>
      </>
    ));
  }

  app.get<{ Params: { id: string } }>('/messages/report/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    return reportForm(request, reply, EMPTY_FORM, 200);
  });

  app.post<{ Params: { id: string } }>('/messages/report/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const v = formValues(request.body, ['reason'] as const);
    return withForm(request, reply, v, (form, status) => reportForm(request, reply, form, status), async () => {
      const id = await msgs.report(request.principal, request.params.id, v.reason, actorOf(request));
      return seeOther(request, reply, `/messages/${id}?notice=reported`);
    });
  });
}
