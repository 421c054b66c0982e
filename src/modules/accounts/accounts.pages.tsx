/**
 * Account pages: register, verify, sign in/out, forgotten password, invitations, profile,
 * password change and API tokens. Plain forms with POST-redirect-GET; no JavaScript needed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../app.js';
import { authorize } from '../../platform/auth/policy.js';
import { actorOf, hrefFor, seeOther } from '../../platform/http/context.js';
import { sendErrorPage } from '../../platform/http/error-handler.js';
import { AppError } from '../../platform/http/errors.js';
import { LOCALE_NAMES, LOCALES } from '../../platform/i18n/locales.js';
import { EMPTY_FORM, ErrorSummary, Field, NewPasswordField, Notice, PostForm, SelectField, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { formValues, safeNext, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { SESSION_DAYS, type CurrentUser } from './accounts.service.js';

type Query = Record<string, string | undefined>;

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}

/** Signs a user in: a fresh session id every time (no session fixation), old cookie dropped. */
async function signIn(request: FastifyRequest, reply: FastifyReply, user: CurrentUser): Promise<void> {
  if (request.sessionId && request.user) await request.server.mosaic.accounts.closeSession(request.sessionId, request.user, actorOf(request));
  const token = await request.server.mosaic.accounts.openSession(user, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, actorOf(request));
  setSessionCookie(request, reply, token);
}

function requireUser(request: FastifyRequest, reply: FastifyReply): CurrentUser | null {
  if (request.user) return request.user;
  reply.redirect(hrefFor(request, `/login?next=${encodeURIComponent(request.url)}`), 303);
  return null;
}

function RegisterForm({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  return (
    <>
      <h1>{ctx.t('register.title')}</h1>
      <p>{ctx.t('register.intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action="/register" label={ctx.t('register.title')}>
        <Field ctx={ctx} form={form} name="displayName" label={ctx.t('field.display_name')} autocomplete="name" required />
        <Field ctx={ctx} form={form} name="email" type="email" label={ctx.t('field.email')} autocomplete="email" required />
        <NewPasswordField ctx={ctx} form={form} />
        <div>
          <button type="submit">{ctx.t('register.submit')}</button>
        </div>
      </PostForm>
      <p>
        {ctx.t('register.have_account')} <a href={ctx.href('/login')}>{ctx.t('nav.sign_in')}</a>
      </p>
    </>
  );
}

function LoginForm({ ctx, form, notice }: { ctx: ViewContext; form: FormState; notice?: string | null }) {
  const unverified = form.errors.some((e) => e.key === 'auth.unverified');
  return (
    <>
      <h1>{ctx.t('login.title')}</h1>
      {notice ? <Notice kind="good">{notice}</Notice> : null}
      <ErrorSummary ctx={ctx} form={form} />
      {unverified ? (
        <p>
          <a href={ctx.href(`/verify/resend?email=${encodeURIComponent(form.values.email ?? '')}`)}>{ctx.t('login.resend_verification')}</a>
        </p>
      ) : null}
      <PostForm ctx={ctx} action="/login" label={ctx.t('login.title')}>
        <input type="hidden" name="next" value={form.values.next ?? '/'} />
        <Field ctx={ctx} form={form} name="email" type="email" label={ctx.t('field.email')} autocomplete="username" required />
        <Field ctx={ctx} form={form} name="password" type="password" label={ctx.t('field.password')} autocomplete="current-password" required />
        <div>
          <button type="submit">{ctx.t('login.submit')}</button>
        </div>
      </PostForm>
      <p>
        <a href={ctx.href('/password/forgot')}>{ctx.t('login.forgot')}</a>
      </p>
      <p>
        {ctx.t('login.no_account')} <a href={ctx.href('/register')}>{ctx.t('nav.register')}</a>
      </p>
    </>
  );
}

function EmailOnlyForm({ ctx, form, title, intro, action, submit }: { ctx: ViewContext; form: FormState; title: string; intro: string; action: string; submit: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{intro}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={action} label={title}>
        <Field ctx={ctx} form={form} name="email" type="email" label={ctx.t('field.email')} autocomplete="email" required />
        <div>
          <button type="submit">{submit}</button>
        </div>
      </PostForm>
    </>
  );
}

function NewPasswordForm({ ctx, form, action, token, title, withName }: { ctx: ViewContext; form: FormState; action: string; token: string; title: string; withName?: boolean }) {
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={action} label={title}>
        <input type="hidden" name="token" value={token} />
        {withName ? <Field ctx={ctx} form={form} name="displayName" label={ctx.t('field.display_name')} autocomplete="name" required /> : null}
        <NewPasswordField ctx={ctx} form={form} label={ctx.t('field.new_password')} />
        <div>
          <button type="submit">{ctx.t('form.save')}</button>
        </div>
      </PostForm>
    </>
  );
}

function localeOptions(ctx: ViewContext) {
  return [{ value: '', label: ctx.t('profile.locale_auto') }, ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))];
}

function ProfilePage({ ctx, form, passwordForm, saved }: { ctx: ViewContext; form: FormState; passwordForm: FormState; saved: string | undefined }) {
  const user = ctx.user!;
  return (
    <>
      <h1>{ctx.t('profile.title')}</h1>
      {saved === 'profile' ? <Notice kind="good">{ctx.t('profile.saved')}</Notice> : null}
      {saved === 'password' ? <Notice kind="good">{ctx.t('profile.password_changed')}</Notice> : null}
      <p>
        {ctx.t('field.email')}: <strong>{user.email}</strong>
      </p>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action="/account" label={ctx.t('profile.title')}>
        <Field ctx={ctx} form={form} name="displayName" label={ctx.t('field.display_name')} autocomplete="name" required />
        <SelectField ctx={ctx} form={form} name="locale" label={ctx.t('field.preferred_language')} options={localeOptions(ctx)} />
        <div>
          <button type="submit">{ctx.t('form.save')}</button>
        </div>
      </PostForm>
      <h2 id="password">{ctx.t('profile.change_password')}</h2>
      <ErrorSummary ctx={ctx} form={passwordForm} />
      <PostForm ctx={ctx} action="/account/password" label={ctx.t('profile.change_password')}>
        <Field ctx={ctx} form={passwordForm} name="currentPassword" type="password" label={ctx.t('field.current_password')} autocomplete="current-password" required />
        <NewPasswordField ctx={ctx} form={passwordForm} name="newPassword" label={ctx.t('field.new_password')} />
        <div>
          <button type="submit">{ctx.t('profile.change_password')}</button>
        </div>
      </PostForm>
      <h2>{ctx.t('tokens.title')}</h2>
      <p>
        <a href={ctx.href('/account/tokens')}>{ctx.t('tokens.manage')}</a>
      </p>
    </>
  );
}

/** Registers the account pages. */
export function registerAccountPages(app: FastifyInstance): void {
  const accounts = app.mosaic.accounts;

  // ---- Registration and verification -------------------------------------------------------
  app.get('/register', async (request, reply) => {
    if (request.user) return seeOther(request, reply, '/account');
    return sendPage(request, reply, { title: request.i18n.t('register.title') }, (ctx) => <RegisterForm ctx={ctx} form={EMPTY_FORM} />);
  });

  app.post('/register', async (request, reply) => {
    const values = formValues(request.body, ['displayName', 'email', 'password']);
    const render = (form: FormState, status: number) =>
      sendPage(request, reply, { title: request.i18n.t('register.title'), status }, (ctx) => <RegisterForm ctx={ctx} form={form} />);
    return withForm(request, reply, values, render, async () => {
      const user = await accounts.register({ ...values, locale: request.locale }, actorOf(request), request.ip);
      return sendPage(request, reply, { title: request.i18n.t('register.check_email_title') }, (ctx) => (
        <>
          <h1>{ctx.t('register.check_email_title')}</h1>
          <p>{ctx.t('register.check_email', { email: user.email })}</p>
        </>
      ));
    });
  });

  app.get<{ Querystring: Query }>('/verify', async (request, reply) => {
    try {
      await accounts.verifyEmail(request.query.token, actorOf(request));
    } catch (err) {
      if (err instanceof AppError && err.code === 'GONE') {
        return sendPage(request, reply, { title: request.i18n.t('verify.failed_title'), status: 410 }, (ctx) => (
          <>
            <h1>{ctx.t('verify.failed_title')}</h1>
            <p>{ctx.t('verify.failed')}</p>
            <p>
              <a href={ctx.href('/verify/resend')}>{ctx.t('login.resend_verification')}</a>
            </p>
          </>
        ));
      }
      throw err;
    }
    return seeOther(request, reply, '/login?verified=1');
  });

  const resendPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(request, reply, { title: request.i18n.t('verify.resend_title'), status }, (ctx) => (
      <EmailOnlyForm ctx={ctx} form={form} title={ctx.t('verify.resend_title')} intro={ctx.t('verify.resend_intro')} action="/verify/resend" submit={ctx.t('verify.resend_submit')} />
    ));
  app.get<{ Querystring: Query }>('/verify/resend', async (request, reply) =>
    resendPage(request, reply, { values: { email: request.query.email ?? '' }, errors: [] }),
  );
  app.post('/verify/resend', async (request, reply) => {
    const values = formValues(request.body, ['email']);
    return withForm(request, reply, values, (form, status) => resendPage(request, reply, form, status), async () => {
      await accounts.resendVerification(values.email, request.locale, request.ip);
      return sendPage(request, reply, { title: request.i18n.t('register.check_email_title') }, (ctx) => (
        <>
          <h1>{ctx.t('register.check_email_title')}</h1>
          <p>{ctx.t('verify.resent')}</p>
        </>
      ));
    });
  });

  // ---- Sign in / out ---------------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/login', async (request, reply) => {
    if (request.user) return reply.redirect(hrefFor(request, safeNext(request.query.next)), 303);
    const notice = request.query.verified ? request.i18n.t('verify.done') : request.query.reset ? request.i18n.t('reset.done') : null;
    return sendPage(request, reply, { title: request.i18n.t('login.title') }, (ctx) => (
      <LoginForm ctx={ctx} form={{ values: { next: safeNext(request.query.next) }, errors: [] }} notice={notice} />
    ));
  });

  app.post('/login', async (request, reply) => {
    const values = formValues(request.body, ['email', 'password', 'next']);
    const render = (form: FormState, status: number) =>
      sendPage(request, reply, { title: request.i18n.t('login.title'), status }, (ctx) => <LoginForm ctx={ctx} form={form} />);
    return withForm(request, reply, values, render, async () => {
      const user = await accounts.authenticate(values.email, values.password, request.ip);
      await signIn(request, reply, user);
      // Go on in the user's own language if they chose one and the URL names none.
      const next = safeNext(values.next);
      return reply.redirect(request.urlLocale || !user.locale ? hrefFor(request, next) : `/${user.locale.toLowerCase()}${next === '/' ? '' : next}`, 303);
    });
  });

  app.post('/logout', async (request, reply) => {
    if (request.sessionId && request.user) await accounts.closeSession(request.sessionId, request.user, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return seeOther(request, reply, '/');
  });

  // ---- Forgotten password ----------------------------------------------------------------------
  const forgotPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(request, reply, { title: request.i18n.t('forgot.title'), status }, (ctx) => (
      <EmailOnlyForm ctx={ctx} form={form} title={ctx.t('forgot.title')} intro={ctx.t('forgot.intro')} action="/password/forgot" submit={ctx.t('forgot.submit')} />
    ));
  app.get('/password/forgot', async (request, reply) => forgotPage(request, reply, EMPTY_FORM));
  app.post('/password/forgot', async (request, reply) => {
    const values = formValues(request.body, ['email']);
    return withForm(request, reply, values, (form, status) => forgotPage(request, reply, form, status), async () => {
      await accounts.requestPasswordReset(values.email, request.locale, request.ip);
      return sendPage(request, reply, { title: request.i18n.t('register.check_email_title') }, (ctx) => (
        <>
          <h1>{ctx.t('register.check_email_title')}</h1>
          <p>{ctx.t('forgot.sent')}</p>
        </>
      ));
    });
  });

  const expiredLink = (request: FastifyRequest, reply: FastifyReply) => sendErrorPage(request, reply, 'GONE');

  app.get<{ Querystring: Query }>('/reset', async (request, reply) => {
    try {
      await accounts.checkResetToken(request.query.token);
    } catch (err) {
      if (err instanceof AppError && err.code === 'GONE') return expiredLink(request, reply);
      throw err;
    }
    return sendPage(request, reply, { title: request.i18n.t('reset.title'), noindex: true }, (ctx) => (
      <NewPasswordForm ctx={ctx} form={EMPTY_FORM} action="/reset" token={request.query.token ?? ''} title={ctx.t('reset.title')} />
    ));
  });
  app.post('/reset', async (request, reply) => {
    const values = formValues(request.body, ['token', 'password']);
    const render = (form: FormState, status: number) =>
      sendPage(request, reply, { title: request.i18n.t('reset.title'), status, noindex: true }, (ctx) => (
        <NewPasswordForm ctx={ctx} form={form} action="/reset" token={values.token ?? ''} title={ctx.t('reset.title')} />
      ));
    try {
      return await withForm(request, reply, values, render, async () => {
        await accounts.resetPassword(values.token, values.password, actorOf(request));
        return seeOther(request, reply, '/login?reset=1');
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'GONE') return expiredLink(request, reply);
      throw err;
    }
  });

  // ---- Invitations -----------------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/invitation', async (request, reply) => {
    let info;
    try {
      info = await accounts.inspectInvitation(request.query.token);
    } catch (err) {
      if (err instanceof AppError && err.code === 'GONE') return expiredLink(request, reply);
      throw err;
    }
    const token = request.query.token ?? '';
    return sendPage(request, reply, { title: request.i18n.t('invitation.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('invitation.title')}</h1>
        <p>{ctx.t('invitation.intro', { email: info.email, role: ctx.t(`role.${info.role}`) })}</p>
        {info.accountExists ? (
          <PostForm ctx={ctx} action="/invitation">
            <input type="hidden" name="token" value={token} />
            <button type="submit">{ctx.t('invitation.accept')}</button>
          </PostForm>
        ) : (
          <NewPasswordForm ctx={ctx} form={EMPTY_FORM} action="/invitation" token={token} title={ctx.t('invitation.create_account')} withName />
        )}
      </>
    ));
  });
  app.post('/invitation', async (request, reply) => {
    const values = formValues(request.body, ['token', 'displayName', 'password']);
    const render = (form: FormState, status: number) =>
      sendPage(request, reply, { title: request.i18n.t('invitation.title'), status, noindex: true }, (ctx) => (
        <NewPasswordForm ctx={ctx} form={form} action="/invitation" token={values.token ?? ''} title={ctx.t('invitation.create_account')} withName />
      ));
    try {
      return await withForm(request, reply, values, render, async () => {
        const user = await accounts.acceptInvitation(values.token, { ...values, locale: request.locale }, actorOf(request));
        await signIn(request, reply, user);
        return seeOther(request, reply, '/');
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'GONE') return expiredLink(request, reply);
      throw err;
    }
  });

  // ---- Profile and password ----------------------------------------------------------------------
  const profilePage = (request: FastifyRequest, reply: FastifyReply, form: FormState | null, passwordForm: FormState, status = 200, saved?: string) => {
    const user = request.user!;
    const profileForm = form ?? { values: { displayName: user.displayName, locale: user.locale ?? '' }, errors: [] };
    return sendPage(request, reply, { title: request.i18n.t('profile.title'), status, noindex: true }, (ctx) => (
      <ProfilePage ctx={ctx} form={profileForm} passwordForm={passwordForm} saved={saved} />
    ));
  };

  app.get<{ Querystring: Query }>('/account', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return profilePage(request, reply, null, EMPTY_FORM, 200, request.query.saved);
  });

  app.post('/account', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    authorize(request.principal, 'account.edit_self', { ownerId: user.id });
    const values = formValues(request.body, ['displayName', 'locale']);
    return withForm(request, reply, values, (form, status) => profilePage(request, reply, form, EMPTY_FORM, status), async () => {
      const updated = await accounts.updateProfile(user, values, actorOf(request));
      // Show the saved language at once: the URL prefix and cookie follow the new preference.
      if (updated.locale) {
        reply.setCookie('lang', updated.locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, secure: request.protocol === 'https' });
        return reply.redirect(`/${updated.locale.toLowerCase()}/account?saved=profile`, 303);
      }
      return seeOther(request, reply, '/account?saved=profile');
    });
  });

  app.post('/account/password', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    const values = formValues(request.body, ['currentPassword', 'newPassword']);
    return withForm(request, reply, values, (form, status) => profilePage(request, reply, null, form, status), async () => {
      await accounts.changePassword(user, request.sessionId!, values.currentPassword, values.newPassword, actorOf(request));
      return seeOther(request, reply, '/account?saved=password');
    });
  });

  // ---- API tokens ------------------------------------------------------------------------------
  const tokensPage = async (request: FastifyRequest, reply: FastifyReply, form: FormState, created: { token: string; name: string } | null, status = 200) => {
    const tokens = await accounts.listApiTokens(request.user!);
    return sendPage(request, reply, { title: request.i18n.t('tokens.title'), status, noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('tokens.title')}</h1>
        <p>{ctx.t('tokens.intro')}</p>
        {created ? (
          <Notice kind="good">
            <p>{ctx.t('tokens.created', { name: created.name })}</p>
            <code class="token">{created.token}</code>
          </Notice>
        ) : null}
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action="/account/tokens" label={ctx.t('tokens.create')}>
          <Field ctx={ctx} form={form} name="name" label={ctx.t('tokens.name')} hint={ctx.t('tokens.name_hint')} required />
          <div>
            <button type="submit">{ctx.t('tokens.create')}</button>
          </div>
        </PostForm>
        {tokens.length === 0 ? (
          <p class="muted">{ctx.t('tokens.none')}</p>
        ) : (
          <div class="table">
            <table>
              <caption class="visually-hidden">{ctx.t('tokens.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('tokens.name')}</th>
                  <th scope="col">{ctx.t('tokens.prefix')}</th>
                  <th scope="col">{ctx.t('tokens.created_at')}</th>
                  <th scope="col">{ctx.t('tokens.last_used')}</th>
                  <th scope="col">{ctx.t('tokens.status')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr>
                    <td>{tk.name}</td>
                    <td>
                      <code>{tk.prefix}…</code>
                    </td>
                    <td>{ctx.i18n.date(tk.createdAt)}</td>
                    <td>{tk.lastUsedAt ? ctx.i18n.dateTime(tk.lastUsedAt) : ctx.t('tokens.never')}</td>
                    <td>
                      {tk.revokedAt ? (
                        ctx.t('tokens.revoked')
                      ) : (
                        <PostForm ctx={ctx} action={`/account/tokens/${tk.id}/revoke`} class="inline">
                          <button type="submit" class="secondary" aria-label={ctx.t('tokens.revoke_named', { name: tk.name })}>
                            {ctx.t('tokens.revoke')}
                          </button>
                        </PostForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ));
  };

  app.get('/account/tokens', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return tokensPage(request, reply, EMPTY_FORM, null);
  });
  app.post('/account/tokens', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    authorize(request.principal, 'account.tokens', { ownerId: user.id });
    const values = formValues(request.body, ['name']);
    return withForm(request, reply, values, (form, status) => tokensPage(request, reply, form, null, status), async () => {
      const created = await accounts.createApiToken(user, values.name, actorOf(request));
      // Shown once, in this response only; never in a redirect URL or a log.
      return tokensPage(request, reply, EMPTY_FORM, created, 201);
    });
  });
  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async (request, reply) => {
    const user = requireUser(request, reply);
    if (!user) return reply;
    await accounts.revokeApiToken(user, request.params.id, actorOf(request));
    return seeOther(request, reply, '/account/tokens');
  });
}
