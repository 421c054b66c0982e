/**
 * Discussion pages: /groups (list, create), a group (join, settings, threads), its members and
 * its moderation page, a thread (posts, reply, moderation), reporting a post. Every form posts
 * and redirects (POST-redirect-GET); nothing needs JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { spacesWithRole } from '../../platform/auth/policy.js';
import { actorOf, hrefFor, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { textFor } from '../../platform/i18n/content.js';
import { EMPTY_FORM, ErrorSummary, Field, fieldError, Notice, Pager, PostForm, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { first, isId, pageNumber, requireUser, Text, type Query } from '../directory/views/common.js';
import { listSpaces } from '../spaces/spaces.service.js';
import {
  createDiscussionsService,
  GROUPS_PER_PAGE,
  JOIN_POLICIES,
  NOTIFY_SETTINGS,
  POSTS_PER_PAGE,
  THREADS_PER_PAGE,
  VISIBILITIES,
  type GroupView,
} from './discussions.service.js';
import { libraryLinks, renderMarkdown } from './markdown.js';

const POLICY_LABEL = { closed: 'disc.policy.closed', open: 'disc.policy.open', approval: 'disc.policy.approval' } as const;
const VISIBILITY_LABEL = { public: 'disc.visibility.public', members: 'disc.visibility.members' } as const;
const NOTIFY_LABEL = { all: 'disc.notify.all', threads: 'disc.notify.threads', off: 'disc.notify.off' } as const;
const ROLE_LABEL = { member: 'disc.role.member', moderator: 'disc.role.moderator' } as const;
const NOTICES: Record<string, string> = {
  joined: 'disc.notice.joined',
  requested: 'disc.notice.requested',
  left: 'disc.notice.left',
  saved: 'disc.notice.saved',
  reported: 'disc.notice.reported',
  decided: 'disc.notice.saved',
};

/** A textarea with its label and error, keeping what was typed. */
export function TextArea({ ctx, form, name, label, hint, rows = 5 }: { ctx: ViewContext; form: FormState; name: string; label: string; hint?: string; rows?: number }) {
  const error = fieldError(ctx, form, name);
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {hint ? <span class="hint" id={`f-${name}-hint`}>{hint}</span> : null}
      {error ? <span class="error" id={`f-${name}-error`}>{error}</span> : null}
      <textarea id={`f-${name}`} name={name} rows={rows} aria-invalid={error ? 'true' : undefined} aria-describedby={hint ? `f-${name}-hint` : undefined}>
        {form.values[name] ?? ''}
      </textarea>
    </div>
  );
}

function Radio({ ctx, form, name, legend, options, current }: { ctx: ViewContext; form: FormState; name: string; legend: string; options: [string, string][]; current: string }) {
  const error = fieldError(ctx, form, name);
  const value = form.values[name] ?? current;
  return (
    <fieldset id={`f-${name}`}>
      <legend>{legend}</legend>
      {error ? <span class="error">{error}</span> : null}
      {options.map(([v, label]) => (
        <label class="choice">
          <input type="radio" name={name} value={v} checked={value === v} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

function noticeOf(ctx: ViewContext, query: Query) {
  const key = NOTICES[first(query.notice) ?? ''];
  return key ? <Notice kind="good">{ctx.t(key)}</Notice> : null;
}

function GroupMeta({ ctx, group }: { ctx: ViewContext; group: GroupView }) {
  return (
    <p class="meta">
      {ctx.t(POLICY_LABEL[group.joinPolicy])} · {ctx.t(VISIBILITY_LABEL[group.visibility])} · {ctx.t('disc.members_count', { count: group.members })} · {ctx.t('disc.threads_count', { count: group.threads })}
    </p>
  );
}

/** Paragraphs of plain text (descriptions): escaped, line breaks kept by CSS-free splitting. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((p) => (
          <p>{p}</p>
        ))}
    </>
  );
}

export function registerDiscussionPages(app: FastifyInstance): void {
  const { db } = app.mosaic;
  const disc = createDiscussionsService(db);

  // ---- List and create -------------------------------------------------------------------------

  app.get<{ Querystring: Query }>('/groups', async (request, reply) => {
    const spaces = await listSpaces(db);
    const code = first(request.query.space);
    const space = spaces.find((s) => s.code.toLowerCase() === (code ?? '').toLowerCase()) ?? null;
    const page = pageNumber(request.query.page);
    const { items, total } = await disc.listGroups(request.principal, request.locale, space?.id ?? null, page);
    const admin = request.user && (spacesWithRole(request.principal, 'admin') ?? spaces.map((s) => s.id)).length > 0;
    return sendPage(request, reply, { title: request.i18n.t('disc.groups.title') }, (ctx) => (
      <>
        <h1>{ctx.t('disc.groups.title')}</h1>
        <p>{ctx.t('disc.groups.intro')}</p>
        <p>
          <a href={ctx.href('/groups')} aria-current={space ? undefined : 'page'}>{ctx.t('disc.groups.all_spaces')}</a>
          {spaces.map((s) => (
            <>
              {' · '}
              <a href={ctx.href(`/groups?space=${s.code.toLowerCase()}`)} aria-current={space?.id === s.id ? 'page' : undefined}>
                <Text ctx={ctx} value={s.name} />
              </a>
            </>
          ))}
        </p>
        {admin ? (
          <p>
            <a href={ctx.href('/groups/new')}>{ctx.t('disc.groups.new')}</a>
          </p>
        ) : null}
        {items.length === 0 ? <p>{ctx.t('disc.groups.empty')}</p> : null}
        <ul class="cards">
          {items.map((g) => (
            <li>
              <a href={ctx.href(`/groups/${g.id}`)}>
                <strong>{g.name}</strong>
              </a>
              {g.myRole ? <> · {ctx.t(ROLE_LABEL[g.myRole])}</> : null}
              <GroupMeta ctx={ctx} group={g} />
              {g.about ? <p>{g.about.length > 200 ? `${g.about.slice(0, 200)}…` : g.about}</p> : null}
            </li>
          ))}
        </ul>
        <Pager ctx={ctx} page={page} pageSize={GROUPS_PER_PAGE} total={total} link={(n) => ctx.href(`/groups?page=${n}${space ? `&space=${space.code.toLowerCase()}` : ''}`)} />
      </>
    ));
  });

  async function groupForm(request: FastifyRequest, reply: FastifyReply, form: FormState, status: number, group?: GroupView): Promise<FastifyReply> {
    const spaces = await listSpaces(db);
    const mine = spacesWithRole(request.principal, 'admin');
    const choices = spaces.filter((s) => mine === null || mine.includes(s.id));
    const title = request.i18n.t(group ? 'disc.group.edit' : 'disc.groups.new');
    return sendPage(request, reply, { title, noindex: true, status }, (ctx) => (
      <>
        <h1>{title}</h1>
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action={group ? `/groups/${group.id}/edit` : '/groups'}>
          {group ? null : (
            <div class="field">
              <label for="f-space">{ctx.t('disc.field.space')}</label>
              {fieldError(ctx, form, 'space') ? <span class="error">{fieldError(ctx, form, 'space')}</span> : null}
              <select id="f-space" name="space">
                {choices.map((s) => (
                  <option value={s.id} selected={form.values.space === s.id}>
                    {ctx.t('disc.space_option', { code: s.code, name: textFor(s.name, ctx.locale) })}
                  </option>
                ))}
              </select>
            </div>
          )}
          <Field ctx={ctx} form={form} name="name" label={ctx.t('disc.field.name')} />
          <TextArea ctx={ctx} form={form} name="about" label={ctx.t('disc.field.about')} hint={ctx.t('disc.field.about_hint')} />
          <Radio ctx={ctx} form={form} name="join_policy" legend={ctx.t('disc.field.join_policy')} options={JOIN_POLICIES.map((p) => [p, ctx.t(POLICY_LABEL[p])])} current={group?.joinPolicy ?? 'open'} />
          <Radio ctx={ctx} form={form} name="visibility" legend={ctx.t('disc.field.visibility')} options={VISIBILITIES.map((v) => [v, ctx.t(VISIBILITY_LABEL[v])])} current={group?.visibility ?? 'public'} />
          <button type="submit">{ctx.t('disc.save')}</button>
        </PostForm>
      </>
    ));
  }

  const GROUP_FIELDS = ['space', 'name', 'about', 'join_policy', 'visibility'] as const;

  app.get('/groups/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return groupForm(request, reply, EMPTY_FORM, 200);
  });

  app.post('/groups', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const v = formValues(request.body, GROUP_FIELDS);
    return withForm(request, reply, v, (form, status) => groupForm(request, reply, form, status), async () => {
      const id = await disc.createGroup(request.principal, { spaceId: v.space, name: v.name, about: v.about, locale: request.locale, joinPolicy: v.join_policy, visibility: v.visibility }, actorOf(request));
      return seeOther(request, reply, `/groups/${id}?notice=saved`);
    });
  });

  app.get<{ Params: { id: string } }>('/groups/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { group } = await disc.getGroup(request.principal, request.locale, request.params.id);
    if (!group.canManage) throw new AppError('FORBIDDEN');
    const about = group.aboutText[request.locale]?.value ?? '';
    return groupForm(request, reply, { values: { name: group.name, about }, errors: [] }, 200, group);
  });

  app.post<{ Params: { id: string } }>('/groups/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { group } = await disc.getGroup(request.principal, request.locale, request.params.id);
    const v = formValues(request.body, GROUP_FIELDS);
    return withForm(request, reply, v, (form, status) => groupForm(request, reply, form, status, group), async () => {
      await disc.updateGroup(request.principal, group.id, { name: v.name, about: v.about ?? '', locale: request.locale, joinPolicy: v.join_policy, visibility: v.visibility }, actorOf(request));
      return seeOther(request, reply, `/groups/${group.id}?notice=saved`);
    });
  });

  // ---- A group ---------------------------------------------------------------------------------

  async function groupPage(request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const page = pageNumber(request.query.page);
    const { group, threads } = await disc.getGroup(request.principal, request.locale, request.params.id, page);
    const back = `/groups/${group.id}`;
    return sendPage(request, reply, { title: group.name, noindex: group.visibility !== 'public', status }, (ctx) => (
      <>
        <p class="crumbs">
          <a href={ctx.href('/groups')}>{ctx.t('disc.groups.title')}</a>
        </p>
        <h1>{group.name}</h1>
        {noticeOf(ctx, request.query)}
        <GroupMeta ctx={ctx} group={group} />
        {group.about ? <Paragraphs text={group.about} /> : null}
        <p>
          <a href={ctx.href(`${back}/members`)}>{ctx.t('disc.members.title')}</a>
          {group.canModerate ? (
            <>
              {' · '}
              <a href={ctx.href(`${back}/moderation`)}>{ctx.t('disc.moderation.title')}</a>
            </>
          ) : null}
          {group.canManage ? (
            <>
              {' · '}
              <a href={ctx.href(`${back}/edit`)}>{ctx.t('disc.group.edit')}</a>
            </>
          ) : null}
        </p>
        <Membership ctx={ctx} group={group} />
        {group.canRead ? (
          <section aria-labelledby="threads">
            <h2 id="threads">{ctx.t('disc.threads.title')}</h2>
            {threads.length === 0 ? <p>{ctx.t('disc.threads.empty')}</p> : null}
            <ul class="threads">
              {threads.map((t) => (
                <li>
                  <a href={ctx.href(`/threads/${t.id}`)}>{t.title}</a>
                  {t.locked ? <> · {ctx.t('disc.thread.locked')}</> : null}
                  <br />
                  <small>
                    {ctx.t('disc.thread.byline', { name: t.authorName ?? '—', count: t.posts })} · {ctx.i18n.dateTime(t.lastPostAt)}
                  </small>
                </li>
              ))}
            </ul>
            <Pager ctx={ctx} page={page} pageSize={THREADS_PER_PAGE} total={group.threads} link={(n) => ctx.href(`${back}?page=${n}`)} />
            {group.canPost ? (
              <section aria-labelledby="new-thread">
                <h2 id="new-thread">{ctx.t('disc.threads.new')}</h2>
                <ErrorSummary ctx={ctx} form={form} />
                <PostForm ctx={ctx} action={`${back}/threads`}>
                  <Field ctx={ctx} form={form} name="title" label={ctx.t('disc.field.title')} />
                  <TextArea ctx={ctx} form={form} name="body" label={ctx.t('disc.field.body')} hint={ctx.t('disc.field.body_hint')} rows={6} />
                  <button type="submit">{ctx.t('disc.threads.post')}</button>
                </PostForm>
              </section>
            ) : null}
          </section>
        ) : (
          <p>{ctx.t('disc.group.members_only')}</p>
        )}
      </>
    ));
  }

  function Membership({ ctx, group }: { ctx: ViewContext; group: GroupView }) {
    const back = `/groups/${group.id}`;
    if (!ctx.user) {
      return (
        <p>
          <a href={ctx.href(`/login?next=${encodeURIComponent(back)}`)}>{ctx.t('disc.join.sign_in')}</a>
        </p>
      );
    }
    if (group.myRole) {
      return (
        <details>
          <summary>{ctx.t('disc.membership.yours', { role: ctx.t(ROLE_LABEL[group.myRole]) })}</summary>
          <PostForm ctx={ctx} action={`${back}/notify`}>
            <Radio ctx={ctx} form={EMPTY_FORM} name="notify" legend={ctx.t('disc.notify.legend')} options={NOTIFY_SETTINGS.map((n) => [n, ctx.t(NOTIFY_LABEL[n])])} current={group.myNotify ?? 'threads'} />
            <button type="submit">{ctx.t('disc.save')}</button>
          </PostForm>
          <PostForm ctx={ctx} action={`${back}/leave`} class="inline">
            <button type="submit" class="secondary">{ctx.t('disc.leave')}</button>
          </PostForm>
        </details>
      );
    }
    if (group.requested) {
      return (
        <PostForm ctx={ctx} action={`${back}/leave`} class="inline">
          {ctx.t('disc.join.pending')} <button type="submit" class="link">{ctx.t('disc.join.withdraw')}</button>
        </PostForm>
      );
    }
    if (group.joinPolicy === 'open') {
      return (
        <PostForm ctx={ctx} action={`${back}/join`} class="inline">
          <button type="submit">{ctx.t('disc.join.join')}</button>
        </PostForm>
      );
    }
    if (group.joinPolicy === 'approval') {
      return (
        <PostForm ctx={ctx} action={`${back}/join`}>
          <TextArea ctx={ctx} form={EMPTY_FORM} name="message" label={ctx.t('disc.join.message')} rows={2} />
          <button type="submit">{ctx.t('disc.join.request')}</button>
        </PostForm>
      );
    }
    return <p>{ctx.t('disc.join.closed')}</p>;
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/groups/:id', async (request, reply) => groupPage(request, reply, EMPTY_FORM, 200));

  app.post<{ Params: { id: string }; Querystring: Query }>('/groups/:id/threads', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const v = formValues(request.body, ['title', 'body'] as const);
    return withForm(request, reply, v, (form, status) => groupPage(request, reply, form, status), async () => {
      const id = await disc.createThread(request.principal, request.params.id, v, actorOf(request));
      return seeOther(request, reply, `/threads/${id}`);
    });
  });

  app.post<{ Params: { id: string } }>('/groups/:id/join', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const result = await disc.join(request.principal, request.params.id, formValues(request.body, ['message'] as const).message, actorOf(request));
    return seeOther(request, reply, `/groups/${request.params.id}?notice=${result === 'requested' ? 'requested' : 'joined'}`);
  });

  app.post<{ Params: { id: string } }>('/groups/:id/leave', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    await disc.leave(request.principal, request.params.id, actorOf(request));
    return seeOther(request, reply, `/groups/${request.params.id}?notice=left`);
  });

  app.post<{ Params: { id: string } }>('/groups/:id/notify', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    await disc.setNotify(request.principal, request.params.id, formValues(request.body, ['notify'] as const).notify ?? '', actorOf(request));
    return seeOther(request, reply, `/groups/${request.params.id}?notice=saved`);
  });

  app.get<{ Params: { id: string } }>('/groups/:id/members', async (request, reply) => {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { group } = await disc.getGroup(request.principal, request.locale, request.params.id);
    const members = await disc.members(request.principal, group.id);
    return sendPage(request, reply, { title: `${request.i18n.t('disc.members.title')} · ${group.name}`, noindex: true }, (ctx) => (
      <>
        <p class="crumbs">
          <a href={ctx.href(`/groups/${group.id}`)}>{group.name}</a>
        </p>
        <h1>{ctx.t('disc.members.title')}</h1>
        <ul>
          {members.map((m) => (
            <li>
              {m.name} · {ctx.t(ROLE_LABEL[m.role])}
              {ctx.user && m.id !== ctx.user.id ? (
                <>
                  {' · '}
                  <a href={ctx.href(`/messages/new?to=${m.id}`)}>{ctx.t('disc.members.write')}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </>
    ));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/groups/:id/moderation', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { group } = await disc.getGroup(request.principal, request.locale, request.params.id);
    const mod = await disc.moderation(request.principal, group.id);
    const back = `/groups/${group.id}/moderation`;
    return sendPage(request, reply, { title: `${request.i18n.t('disc.moderation.title')} · ${group.name}`, noindex: true }, (ctx) => (
      <>
        <p class="crumbs">
          <a href={ctx.href(`/groups/${group.id}`)}>{group.name}</a>
        </p>
        <h1>{ctx.t('disc.moderation.title')}</h1>
        {noticeOf(ctx, request.query)}
        <h2>{ctx.t('disc.moderation.requests')}</h2>
        {mod.requests.length === 0 ? <p>{ctx.t('disc.moderation.none')}</p> : null}
        <ul>
          {mod.requests.map((r) => (
            <li>
              <strong>{r.name}</strong> {r.message ? <q>{r.message}</q> : null}
              <PostForm ctx={ctx} action={`/groups/${group.id}/requests/${r.id}`} class="inline">
                <button type="submit" name="decision" value="approve">{ctx.t('disc.moderation.approve')}</button>{' '}
                <button type="submit" name="decision" value="refuse" class="secondary">{ctx.t('disc.moderation.refuse')}</button>
              </PostForm>
            </li>
          ))}
        </ul>
        <h2>{ctx.t('disc.moderation.reports')}</h2>
        {mod.reports.length === 0 ? <p>{ctx.t('disc.moderation.none')}</p> : null}
        <ul>
          {mod.reports.map((r) => (
            <li>
              <a href={ctx.href(`/threads/${r.thread_id}?post=${r.post_id}`)}>{r.title}</a> · {r.reporter_name ?? '—'}: <q>{r.reason}</q>
            </li>
          ))}
        </ul>
        <h2>{ctx.t('disc.members.title')}</h2>
        <ul>
          {mod.members.map((m) => (
            <li>
              {m.name} · {ctx.t(m.role === 'moderator' ? ROLE_LABEL.moderator : ROLE_LABEL.member)}
              <PostForm ctx={ctx} action={`/groups/${group.id}/members/${m.id}`} class="inline">
                <button type="submit" name="op" value={m.role === 'moderator' ? 'member' : 'moderator'} class="link">
                  {ctx.t(m.role === 'moderator' ? 'disc.moderation.make_member' : 'disc.moderation.make_moderator')}
                </button>{' '}
                <button type="submit" name="op" value="remove" class="link">{ctx.t('disc.moderation.remove')}</button>
              </PostForm>
            </li>
          ))}
        </ul>
        <p>
          <a href={ctx.href(back)}>{ctx.t('disc.moderation.refresh')}</a>
        </p>
      </>
    ));
  });

  app.post<{ Params: { id: string; user: string } }>('/groups/:id/requests/:user', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id) || !isId(request.params.user)) throw new AppError('NOT_FOUND');
    const decision = formValues(request.body, ['decision'] as const).decision;
    await disc.decide(request.principal, request.params.id, request.params.user, decision === 'approve', actorOf(request));
    return seeOther(request, reply, `/groups/${request.params.id}/moderation?notice=decided`);
  });

  app.post<{ Params: { id: string; user: string } }>('/groups/:id/members/:user', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id) || !isId(request.params.user)) throw new AppError('NOT_FOUND');
    const op = formValues(request.body, ['op'] as const).op;
    await disc.setMember(request.principal, request.params.id, request.params.user, op === 'remove' ? { remove: true } : { role: op }, actorOf(request));
    return seeOther(request, reply, `/groups/${request.params.id}/moderation?notice=saved`);
  });

  // ---- A thread --------------------------------------------------------------------------------

  async function threadPage(request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const postId = first(request.query.post);
    if (postId && isId(postId) && !first(request.query.page) && status === 200) {
      const page = await disc.pageOfPost(request.principal, request.params.id, postId);
      return reply.redirect(hrefFor(request, `/threads/${request.params.id}?page=${page}#p-${postId}`), 303);
    }
    const page = pageNumber(request.query.page);
    const { thread, group, posts, total } = await disc.getThread(request.principal, request.locale, request.params.id, page);
    const back = `/threads/${thread.id}`;
    // Library resources a post links to, named by their titles (only those the reader may see).
    const linked = [...new Set(posts.flatMap((p) => libraryLinks(p.body)))].slice(0, 50);
    const resources = new Map((await app.mosaic.library.getResources(request.principal, linked)).map((r) => [r.id, r.title]));
    return sendPage(request, reply, { title: thread.title, noindex: group.visibility !== 'public', status }, (ctx) => (
      <>
        <p class="crumbs">
          <a href={ctx.href(`/groups/${group.id}`)}>{group.name}</a>
        </p>
        <h1>{thread.title}</h1>
        {noticeOf(ctx, request.query)}
        {thread.locked ? <Notice>{ctx.t('disc.thread.locked_notice')}</Notice> : null}
        {posts.map((p) => (
          <article id={`p-${p.id}`} class={p.hidden ? 'post hidden-post' : 'post'}>
            <p class="meta">
              <strong>{p.authorName ?? '—'}</strong> · <time datetime={p.createdAt}>{ctx.i18n.dateTime(p.createdAt)}</time>
              {p.hidden ? <> · <em>{ctx.t('disc.post.hidden')}</em></> : null}
            </p>
            <div class="body" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.body) }} />
            {libraryLinks(p.body).some((id) => resources.has(id)) ? (
              <ul class="library-links" aria-label={ctx.t('disc.post.library')}>
                {libraryLinks(p.body)
                  .filter((id) => resources.has(id))
                  .map((id) => (
                    <li>
                      <a href={ctx.href(`/library/${id}`)}>
                        <Text ctx={ctx} value={resources.get(id)} />
                      </a>
                    </li>
                  ))}
              </ul>
            ) : null}
            <p class="actions">
              {ctx.user ? <a href={ctx.href(`/posts/${p.id}/report`)}>{ctx.t('disc.post.report')}</a> : null}
              {group.canModerate ? (
                <PostForm ctx={ctx} action={`/posts/${p.id}/hide`} class="inline">
                  <input type="hidden" name="op" value={p.hidden ? 'show' : 'hide'} />
                  <button type="submit" class="link">{ctx.t(p.hidden ? 'disc.post.unhide' : 'disc.post.hide')}</button>
                </PostForm>
              ) : null}
            </p>
          </article>
        ))}
        <Pager ctx={ctx} page={page} pageSize={POSTS_PER_PAGE} total={total} link={(n) => ctx.href(`${back}?page=${n}`)} />
        {group.canModerate ? (
          <PostForm ctx={ctx} action={`${back}/lock`} class="inline">
            <input type="hidden" name="op" value={thread.locked ? 'unlock' : 'lock'} />
            <button type="submit" class="secondary">{ctx.t(thread.locked ? 'disc.thread.unlock' : 'disc.thread.lock')}</button>
          </PostForm>
        ) : null}
        {group.canPost && !thread.locked ? (
          <section aria-labelledby="reply">
            <h2 id="reply">{ctx.t('disc.reply.title')}</h2>
            <ErrorSummary ctx={ctx} form={form} />
            <PostForm ctx={ctx} action={`${back}/replies`}>
              <TextArea ctx={ctx} form={form} name="body" label={ctx.t('disc.field.body')} hint={ctx.t('disc.field.body_hint')} />
              <button type="submit">{ctx.t('disc.reply.send')}</button>
            </PostForm>
          </section>
        ) : !group.canPost && !ctx.user ? (
          <p>
            <a href={ctx.href(`/login?next=${encodeURIComponent(back)}`)}>{ctx.t('disc.join.sign_in')}</a>
          </p>
        ) : null}
      </>
    ));
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/threads/:id', async (request, reply) => threadPage(request, reply, EMPTY_FORM, 200));

  app.post<{ Params: { id: string }; Querystring: Query }>('/threads/:id/replies', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const v = formValues(request.body, ['body'] as const);
    return withForm(request, reply, v, (form, status) => threadPage(request, reply, form, status), async () => {
      const postId = await disc.reply(request.principal, request.params.id, v, actorOf(request));
      return seeOther(request, reply, `/threads/${request.params.id}?post=${postId}`);
    });
  });

  app.post<{ Params: { id: string } }>('/threads/:id/lock', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    await disc.setLocked(request.principal, request.params.id, formValues(request.body, ['op'] as const).op !== 'unlock', actorOf(request));
    return seeOther(request, reply, `/threads/${request.params.id}?notice=saved`);
  });

  app.post<{ Params: { id: string } }>('/posts/:id/hide', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const threadId = await disc.setHidden(request.principal, request.params.id, formValues(request.body, ['op'] as const).op !== 'show', actorOf(request));
    return seeOther(request, reply, `/threads/${threadId}?notice=saved`);
  });

  async function reportForm(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: FormState, status: number): Promise<FastifyReply> {
    return sendPage(request, reply, { title: request.i18n.t('disc.report.title'), noindex: true, status }, (ctx) => (
      <>
        <h1>{ctx.t('disc.report.title')}</h1>
        <p>{ctx.t('disc.report.intro')}</p>
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action={`/posts/${request.params.id}/report`}>
          <TextArea ctx={ctx} form={form} name="reason" label={ctx.t('disc.field.reason')} rows={3} />
          <button type="submit">{ctx.t('disc.report.send')}</button>
        </PostForm>
      </>
    ));
  }

  app.get<{ Params: { id: string } }>('/posts/:id/report', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    return reportForm(request, reply, EMPTY_FORM, 200);
  });

  app.post<{ Params: { id: string } }>('/posts/:id/report', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const v = formValues(request.body, ['reason'] as const);
    return withForm(request, reply, v, (form, status) => reportForm(request, reply, form, status), async () => {
      const threadId = await disc.report(request.principal, request.params.id, v.reason, actorOf(request));
      return seeOther(request, reply, `/threads/${threadId}?notice=reported`);
    });
  });
}
