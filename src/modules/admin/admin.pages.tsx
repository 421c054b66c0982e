/**
 * Administration: the audit log (filterable), users (platform admins), members, roles and
 * invitations of a space (space admins), and the mail outbox.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAudit, listAuditActions } from '../../platform/audit/audit.js';
import { authorize, can, spacesWithRole } from '../../platform/auth/policy.js';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { textFor } from '../../platform/i18n/content.js';
import { listOutbox, OUTBOX_STATUSES } from '../../platform/mail/outbox.js';
import { ErrorSummary, Field, Notice, Pager, PostForm, SelectField, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { getSpace, listMembers, listSpaces, setRole, type Space } from '../spaces/spaces.service.js';

type Query = Record<string, string | undefined>;
const PAGE_SIZE = 50;

function requireSignedIn(request: FastifyRequest): void {
  if (!request.user) throw new AppError('UNAUTHENTICATED');
}

function pageNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
}

function roleOptions(ctx: ViewContext, withVisitor: boolean) {
  const roles = withVisitor ? ['visitor', 'member', 'editor', 'admin'] : ['member', 'editor', 'admin'];
  return roles.map((r) => ({ value: r, label: ctx.t(`role.${r}`) }));
}

/** Registers the /admin pages. */
export function registerAdminPages(app: FastifyInstance): void {
  const { db, accounts } = app.mosaic;

  // Signed-out visitors are sent to sign in rather than shown a bare 401 page.
  app.addHook('preHandler', async (request, reply) => {
    if (request.pathNoLocale.startsWith('/admin') && !request.user && request.method === 'GET') {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
  });

  app.get('/admin', async (request, reply) => {
    requireSignedIn(request);
    const adminSpaces = spacesWithRole(request.principal, 'admin');
    if (adminSpaces !== null && adminSpaces.length === 0) throw new AppError('FORBIDDEN');
    const spaces = (await listSpaces(db)).filter((s) => adminSpaces === null || adminSpaces.includes(s.id));
    return sendPage(request, reply, { title: request.i18n.t('admin.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('admin.title')}</h1>
        <ul>
          <li>
            <a href={ctx.href('/admin/audit')}>{ctx.t('admin.audit')}</a>
          </li>
          <li>
            <a href={ctx.href('/admin/claims')}>{ctx.t('dir.claims.title')}</a>
          </li>
          {can(ctx.principal, 'platform.users.manage') ? (
            <>
              <li>
                <a href={ctx.href('/admin/users')}>{ctx.t('admin.users')}</a>
              </li>
              <li>
                <a href={ctx.href('/admin/outbox')}>{ctx.t('admin.outbox')}</a>
              </li>
            </>
          ) : null}
        </ul>
        <h2>{ctx.t('admin.members')}</h2>
        <ul>
          {spaces.map((s) => (
            <li>
              <a href={ctx.href(`/admin/spaces/${s.code}/members`)}>{textFor(s.name, ctx.locale, s.code)}</a>
            </li>
          ))}
        </ul>
      </>
    ));
  });

  // ---- Audit log -------------------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/admin/audit', async (request, reply) => {
    requireSignedIn(request);
    authorize(request.principal, 'audit.view');
    const q = request.query;
    const spaces = await listSpaces(db);
    const allowed = spacesWithRole(request.principal, 'admin');
    let spaceIds: string[] | null = allowed;
    if (q.space) {
      const chosen = spaces.find((s) => s.code === q.space?.toUpperCase());
      spaceIds = chosen && (allowed === null || allowed.includes(chosen.id)) ? [chosen.id] : [];
    }
    const page = pageNumber(q.page);
    const dateOnly = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
    const from = dateOnly(q.from);
    const to = dateOnly(q.to);
    const { rows, total } = await listAudit(db, {
      spaceIds,
      actor: q.actor?.trim() || undefined,
      action: q.action || undefined,
      entityType: q.entity || undefined,
      from: from ? `${from}T00:00:00.000Z` : undefined,
      to: to ? `${to}T23:59:59.999Z` : undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const actions = await listAuditActions(db);
    const form: FormState = { values: { actor: q.actor ?? '', action: q.action ?? '', space: q.space ?? '', from: from ?? '', to: to ?? '', entity: q.entity ?? '' }, errors: [] };
    const link = (p: number) => {
      const params = new URLSearchParams({ ...form.values, page: String(p) });
      return `?${params.toString()}`;
    };
    const visibleSpaces = spaces.filter((s) => allowed === null || allowed.includes(s.id));
    return sendPage(request, reply, { title: request.i18n.t('admin.audit'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('admin.audit')}</h1>
        <form method="get" action={ctx.href('/admin/audit')} class="filters" aria-label={ctx.t('admin.filters')}>
          <Field ctx={ctx} form={form} name="actor" label={ctx.t('audit.actor')} />
          <SelectField ctx={ctx} form={form} name="action" label={ctx.t('audit.action')} options={[{ value: '', label: ctx.t('filter.all') }, ...actions.map((a) => ({ value: a, label: a }))]} />
          <SelectField
            ctx={ctx}
            form={form}
            name="space"
            label={ctx.t('audit.space')}
            options={[{ value: '', label: ctx.t('filter.all') }, ...visibleSpaces.map((s) => ({ value: s.code, label: textFor(s.name, ctx.locale, s.code) }))]}
          />
          <Field ctx={ctx} form={form} name="from" type="date" label={ctx.t('filter.from')} />
          <Field ctx={ctx} form={form} name="to" type="date" label={ctx.t('filter.to')} />
          <div>
            <button type="submit">{ctx.t('filter.apply')}</button>
          </div>
        </form>
        <p>{ctx.t('audit.count', { count: total })}</p>
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('audit.when')}</th>
                <th scope="col">{ctx.t('audit.actor')}</th>
                <th scope="col">{ctx.t('audit.action')}</th>
                <th scope="col">{ctx.t('audit.entity')}</th>
                <th scope="col">{ctx.t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <time datetime={r.at}>{ctx.i18n.dateTime(r.at)}</time>
                  </td>
                  <td>{r.actorLabel}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entityType}
                    {r.entityId ? <code class="muted"> {r.entityId.slice(0, 8)}</code> : null}
                  </td>
                  <td>
                    {r.before ? (
                      <details>
                        <summary>{ctx.t('audit.before')}</summary>
                        <pre>{JSON.stringify(r.before, null, 1)}</pre>
                      </details>
                    ) : null}
                    {r.after ? (
                      <details>
                        <summary>{ctx.t('audit.after')}</summary>
                        <pre>{JSON.stringify(r.after, null, 1)}</pre>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager ctx={ctx} page={page} pageSize={PAGE_SIZE} total={total} link={link} />
      </>
    ));
  });

  // ---- Users (platform admins) -------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/admin/users', async (request, reply) => {
    requireSignedIn(request);
    const page = pageNumber(request.query.page);
    const query = request.query.q ?? '';
    const { users, total, pageSize } = await accounts.listUsers(request.principal, query, page);
    return sendPage(request, reply, { title: request.i18n.t('admin.users'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('admin.users')}</h1>
        <form method="get" action={ctx.href('/admin/users')} class="filters" role="search">
          <Field ctx={ctx} form={{ values: { q: query }, errors: [] }} name="q" type="search" label={ctx.t('admin.user_search')} />
          <div>
            <button type="submit">{ctx.t('filter.apply')}</button>
          </div>
        </form>
        <p>{ctx.t('admin.user_count', { count: total })}</p>
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('field.display_name')}</th>
                <th scope="col">{ctx.t('field.email')}</th>
                <th scope="col">{ctx.t('admin.platform_admin')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td>{u.displayName}</td>
                  <td>{u.email}</td>
                  <td>{u.isPlatformAdmin ? ctx.t('common.yes') : ctx.t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager ctx={ctx} page={page} pageSize={pageSize} total={total} link={(p) => `?q=${encodeURIComponent(query)}&page=${p}`} />
      </>
    ));
  });

  // ---- Members and invitations of a space -------------------------------------------------------
  const membersPage = async (request: FastifyRequest, reply: FastifyReply, space: Space, inviteForm: FormState, status = 200, notice?: string) => {
    const members = await listMembers(db, request.principal, space);
    const invitations = (await accounts.pendingInvitations(request.principal)).filter((i) => i.space_id === space.id);
    const name = textFor(space.name, request.locale, space.code);
    return sendPage(request, reply, { title: request.i18n.t('members.title', { space: name }), status, noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('members.title', { space: name })}</h1>
        {notice ? <Notice kind="good">{notice}</Notice> : null}
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('field.display_name')}</th>
                <th scope="col">{ctx.t('field.email')}</th>
                <th scope="col">{ctx.t('members.role')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>{m.display_name}</td>
                  <td>{m.email}</td>
                  <td>
                    <PostForm ctx={ctx} action={`/admin/spaces/${space.code}/members/${m.user_id}`} class="filters" label={ctx.t('members.change_role_of', { name: m.display_name })}>
                      <SelectField ctx={ctx} form={{ values: { role: m.role }, errors: [] }} name="role" label={ctx.t('members.role')} options={roleOptions(ctx, true)} />
                      <div>
                        <button type="submit" class="secondary">
                          {ctx.t('form.save')}
                        </button>
                      </div>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{ctx.t('members.invite')}</h2>
        <ErrorSummary ctx={ctx} form={inviteForm} />
        <PostForm ctx={ctx} action={`/admin/spaces/${space.code}/invitations`} label={ctx.t('members.invite')}>
          <Field ctx={ctx} form={inviteForm} name="email" type="email" label={ctx.t('field.email')} required />
          <SelectField ctx={ctx} form={inviteForm} name="role" label={ctx.t('members.role')} options={roleOptions(ctx, false)} />
          <div>
            <button type="submit">{ctx.t('members.send_invitation')}</button>
          </div>
        </PostForm>
        {invitations.length ? (
          <>
            <h2>{ctx.t('members.pending')}</h2>
            <ul>
              {invitations.map((i) => (
                <li>
                  {i.email} — {ctx.t(`role.${i.role ?? 'member'}`)} ({ctx.t('members.expires', { date: ctx.i18n.date(i.expires_at) })})
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ));
  };

  app.get<{ Params: { code: string }; Querystring: Query }>('/admin/spaces/:code/members', async (request, reply) => {
    requireSignedIn(request);
    const space = await getSpace(db, request.params.code);
    const notice = request.query.invited ? request.i18n.t('members.invited') : request.query.saved ? request.i18n.t('members.saved') : undefined;
    return membersPage(request, reply, space, { values: { role: 'member' }, errors: [] }, 200, notice);
  });

  app.post<{ Params: { code: string; userId: string } }>('/admin/spaces/:code/members/:userId', async (request, reply) => {
    requireSignedIn(request);
    const space = await getSpace(db, request.params.code);
    const { role } = formValues(request.body, ['role']);
    await db.transaction().execute((trx) => setRole(trx, actorOf(request), request.principal, space.id, request.params.userId, role ?? ''));
    return seeOther(request, reply, `/admin/spaces/${space.code}/members?saved=1`);
  });

  app.post<{ Params: { code: string } }>('/admin/spaces/:code/invitations', async (request, reply) => {
    requireSignedIn(request);
    const space = await getSpace(db, request.params.code);
    const values = formValues(request.body, ['email', 'role']);
    return withForm(request, reply, values, (form, status) => membersPage(request, reply, space, form, status), async () => {
      await accounts.invite(request.principal, { email: values.email, role: values.role, spaceId: space.id, locale: request.locale }, actorOf(request));
      return seeOther(request, reply, `/admin/spaces/${space.code}/members?invited=1`);
    });
  });

  // ---- Outbox ------------------------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/admin/outbox', async (request, reply) => {
    requireSignedIn(request);
    authorize(request.principal, 'platform.manage');
    const status = (OUTBOX_STATUSES as readonly string[]).includes(request.query.status ?? '') ? request.query.status! : null;
    const rows = await listOutbox(db, status);
    return sendPage(request, reply, { title: request.i18n.t('admin.outbox'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('admin.outbox')}</h1>
        <p>{ctx.t('outbox.intro')}</p>
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('outbox.created')}</th>
                <th scope="col">{ctx.t('outbox.to')}</th>
                <th scope="col">{ctx.t('outbox.subject')}</th>
                <th scope="col">{ctx.t('outbox.status')}</th>
                <th scope="col">{ctx.t('outbox.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{ctx.i18n.dateTime(r.created_at)}</td>
                  <td>{r.to_address}</td>
                  <td>{r.subject}</td>
                  <td>
                    {ctx.t(`outbox.status.${r.status}`)}
                    {r.last_error ? <span class="muted"> — {r.last_error}</span> : null}
                  </td>
                  <td>{r.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ));
  });

}
