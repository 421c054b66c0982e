/**
 * Notification pages: the bell's list (/notifications), email preferences, "what I follow",
 * the follow/unfollow form other modules drop in (FollowButton), and the public unsubscribe
 * link of bulk emails (/unsubscribe/<token>: a confirmation page, and the RFC 8058 one-click
 * POST, which needs no session and no CSRF token — the signed token is the authority).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../platform/auth/policy.js';
import { actorOf, hrefFor, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { EMPTY_FORM, ErrorSummary, fieldError, Notice, PostForm, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { formValues, safeNext, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { Text } from '../directory/views/common.js';
import {
  checkTarget,
  digestTimeOf,
  follow,
  isUnsubscribeCategory,
  listFollows,
  listNotifications,
  markRead,
  notificationCategories,
  preferencesOf,
  savePreferences,
  unfollow,
  unreadCount,
  unsubscribe,
  verifyUnsubscribeToken,
  type EmailMode,
  type FollowTarget,
} from './notifications.service.js';
import './targets.js';

/** The one route exempt from CSRF (app.ts): its signed token authorises the change. */
export const UNSUBSCRIBE_ROUTE = '/unsubscribe/:token';

const MODE_LABEL: Record<EmailMode, string> = {
  immediate: 'notif.mode.immediate',
  daily: 'notif.mode.daily',
  weekly: 'notif.mode.weekly',
  off: 'notif.mode.off',
};
const ON_OFF_LABEL: Partial<Record<EmailMode, string>> = { immediate: 'notif.mode.on', off: 'notif.mode.off' };
const WEEKDAYS = ['notif.weekday.0', 'notif.weekday.1', 'notif.weekday.2', 'notif.weekday.3', 'notif.weekday.4', 'notif.weekday.5', 'notif.weekday.6'];

/**
 * Follow/unfollow button for any page: a small form posting to /follows, coming back to `next`.
 * Signed-out visitors get a sign-in link instead.
 */
export function FollowButton({ ctx, target, following, next }: { ctx: ViewContext; target: FollowTarget; following: boolean; next?: string }) {
  const back = next ?? ctx.path;
  if (!ctx.user) {
    return (
      <p class="follow">
        <a href={ctx.href(`/login?next=${encodeURIComponent(back)}`)}>{ctx.t('notif.follow.sign_in')}</a>
      </p>
    );
  }
  return (
    <PostForm ctx={ctx} action="/follows" class="follow inline">
      <input type="hidden" name="target_type" value={target.type} />
      <input type="hidden" name="target_id" value={target.id} />
      <input type="hidden" name="op" value={following ? 'unfollow' : 'follow'} />
      <input type="hidden" name="next" value={back} />
      <button type="submit" class={following ? 'secondary' : undefined} aria-pressed={following ? 'true' : 'false'}>
        {ctx.t(following ? 'notif.follow.unfollow' : 'notif.follow.follow')}
      </button>
    </PostForm>
  );
}

function requireSignedIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.user) return true;
  reply.redirect(hrefFor(request, `/login?next=${encodeURIComponent(request.url)}`), 303);
  return false;
}

/** Registers the pages and the bell count of the layout. */
export function registerNotificationPages(app: FastifyInstance): void {
  const { db, config } = app.mosaic;

  // The bell: one indexed count per signed-in page view.
  app.addHook('preHandler', async (request) => {
    if (request.user && request.method === 'GET' && !request.pathNoLocale.startsWith('/api/') && !request.pathNoLocale.startsWith('/static/')) {
      request.unreadNotifications = await unreadCount(db, request.user.id);
    }
  });

  app.get<{ Querystring: { unread?: string; notice?: string } }>('/notifications', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const user = request.user!;
    const unreadOnly = request.query.unread === '1';
    const items = await listNotifications(db, user.id, request.locale, { unreadOnly, limit: 100 });
    return sendPage(request, reply, { title: request.i18n.t('notif.page.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('notif.page.title')}</h1>
        {request.query.notice === 'read' ? <Notice kind="good">{ctx.t('notif.notice.read')}</Notice> : null}
        <p>
          {unreadOnly ? <a href={ctx.href('/notifications')}>{ctx.t('notif.page.all')}</a> : <a href={ctx.href('/notifications?unread=1')}>{ctx.t('notif.page.unread_only')}</a>}
          {' · '}
          <a href={ctx.href('/notifications/preferences')}>{ctx.t('notif.prefs.title')}</a>
          {' · '}
          <a href={ctx.href('/follows')}>{ctx.t('notif.follows.title')}</a>
        </p>
        {items.length === 0 ? (
          <p>{ctx.t('notif.page.empty')}</p>
        ) : (
          <>
            <PostForm ctx={ctx} action="/notifications/read" class="inline">
              <button type="submit" class="secondary">{ctx.t('notif.page.mark_all')}</button>
            </PostForm>
            <ul class="notifications">
              {items.map((n) => (
                <li class={n.read ? undefined : 'unread'}>
                  {n.read ? null : <span class="visually-hidden">{ctx.t('notif.page.new')} </span>}
                  <a href={ctx.href(n.url)}>{n.read ? n.text : <strong>{n.text}</strong>}</a> <small>{ctx.i18n.dateTime(n.createdAt)}</small>
                  {n.read ? null : (
                    <PostForm ctx={ctx} action="/notifications/read" class="inline">
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" class="link">{ctx.t('notif.page.mark_one')}</button>
                    </PostForm>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    ));
  });

  app.post('/notifications/read', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const id = formValues(request.body, ['id'] as const).id;
    await db.transaction().execute((trx) => markRead(trx, actorOf(request), request.user!.id, id ? [id] : null));
    return seeOther(request, reply, '/notifications?notice=read');
  });

  async function preferencesPage(request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, saved = false): Promise<FastifyReply> {
    const user = request.user!;
    const modes = await preferencesOf(db, user.id);
    const time = await digestTimeOf(db, user.id);
    const value = (name: string, fallback: string) => form.values[name] ?? fallback;
    return sendPage(request, reply, { title: request.i18n.t('notif.prefs.title'), noindex: true, status }, (ctx) => (
      <>
        <h1>{ctx.t('notif.prefs.title')}</h1>
        {saved ? <Notice kind="good">{ctx.t('notif.notice.saved')}</Notice> : null}
        <ErrorSummary ctx={ctx} form={form} />
        <p>{ctx.t('notif.prefs.intro')}</p>
        <PostForm ctx={ctx} action="/notifications/preferences">
          {notificationCategories().map((c) => {
            const name = `mode_${c.key}`;
            const error = fieldError(ctx, form, name);
            return (
              <fieldset id={`f-${name}`}>
                <legend>{ctx.t(c.labelKey)}</legend>
                {error ? <span class="error">{error}</span> : null}
                {c.modes.map((m) => (
                  <label class="choice">
                    <input type="radio" name={name} value={m} checked={value(name, modes[c.key]!) === m} /> {ctx.t((c.modes.length === 2 ? ON_OFF_LABEL[m] : undefined) ?? MODE_LABEL[m])}
                  </label>
                ))}
              </fieldset>
            );
          })}
          <div class="field">
            <label for="f-hour">{ctx.t('notif.prefs.hour')}</label>
            <span class="hint">{ctx.t('notif.prefs.hour_hint')}</span>
            {fieldError(ctx, form, 'hour') ? <span class="error">{fieldError(ctx, form, 'hour')}</span> : null}
            <select id="f-hour" name="hour">
              {Array.from({ length: 24 }, (_, h) => (
                <option value={String(h)} selected={value('hour', String(time.hourUtc)) === String(h)}>{`${String(h).padStart(2, '0')}:00 UTC`}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-weekday">{ctx.t('notif.prefs.weekday')}</label>
            {fieldError(ctx, form, 'weekday') ? <span class="error">{fieldError(ctx, form, 'weekday')}</span> : null}
            <select id="f-weekday" name="weekday">
              {WEEKDAYS.map((key, d) => (
                <option value={String(d)} selected={value('weekday', String(time.weekday)) === String(d)}>{ctx.t(key)}</option>
              ))}
            </select>
          </div>
          <button type="submit">{ctx.t('notif.prefs.save')}</button>
        </PostForm>
      </>
    ));
  }

  app.get<{ Querystring: { notice?: string } }>('/notifications/preferences', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return preferencesPage(request, reply, EMPTY_FORM, 200, request.query.notice === 'saved');
  });

  app.post('/notifications/preferences', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const keys = notificationCategories().map((c) => `mode_${c.key}`);
    const values = formValues(request.body, [...keys, 'hour', 'weekday']);
    return withForm(request, reply, values, (form, status) => preferencesPage(request, reply, form, status), async () => {
      authorize(request.principal, 'account.edit_self', { ownerId: request.user!.id });
      const modes: Record<string, string | undefined> = {};
      for (const c of notificationCategories()) modes[c.key] = values[`mode_${c.key}`];
      await db.transaction().execute((trx) => savePreferences(trx, actorOf(request), request.user!.id, { modes, hourUtc: values.hour, weekday: values.weekday }));
      return seeOther(request, reply, '/notifications/preferences?notice=saved');
    });
  });

  app.get('/follows', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const items = await listFollows(db, request.user!.id);
    return sendPage(request, reply, { title: request.i18n.t('notif.follows.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('notif.follows.title')}</h1>
        {items.length === 0 ? (
          <p>{ctx.t('notif.follows.empty')}</p>
        ) : (
          <ul class="follows">
            {items.map((f) => (
              <li>
                <a href={ctx.href(f.url)}>{typeof f.title === 'string' ? f.title : <Text ctx={ctx} value={f.title} />}</a>{' '}
                <FollowButton ctx={ctx} target={{ type: f.type, id: f.id }} following next="/follows" />
              </li>
            ))}
          </ul>
        )}
      </>
    ));
  });

  app.post('/follows', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const values = formValues(request.body, ['target_type', 'target_id', 'op', 'next'] as const);
    authorize(request.principal, 'follow.manage', { ownerId: request.user!.id });
    const target = await checkTarget(db, { type: values.target_type, id: values.target_id }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'VALIDATION') throw new AppError('BAD_REQUEST');
      throw err;
    });
    await db.transaction().execute((trx) =>
      values.op === 'unfollow' ? unfollow(trx, actorOf(request), request.user!.id, target) : follow(trx, actorOf(request), request.user!.id, target),
    );
    return seeOther(request, reply, safeNext(values.next));
  });

  function unsubscribePage(request: FastifyRequest, reply: FastifyReply, token: string, state: 'confirm' | 'done' | 'invalid', status = 200) {
    return sendPage(request, reply, { title: request.i18n.t('notif.unsub.title'), noindex: true, status }, (ctx) => (
      <>
        <h1>{ctx.t('notif.unsub.title')}</h1>
        {state === 'invalid' ? (
          <Notice kind="bad">{ctx.t('notif.unsub.invalid')}</Notice>
        ) : state === 'done' ? (
          <>
            <Notice kind="good">{ctx.t('notif.unsub.done')}</Notice>
            <p>
              <a href={ctx.href('/notifications/preferences')}>{ctx.t('notif.unsub.manage')}</a>
            </p>
          </>
        ) : (
          <form method="post" action={ctx.href(`/unsubscribe/${encodeURIComponent(token)}`)} class="stack">
            <p>{ctx.t('notif.unsub.confirm')}</p>
            <input type="hidden" name="confirm" value="1" />
            <button type="submit">{ctx.t('notif.unsub.button')}</button>
          </form>
        )}
      </>
    ));
  }

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>(UNSUBSCRIBE_ROUTE, async (request, reply) => {
    const parsed = verifyUnsubscribeToken(config.secretKey, request.params.token);
    if (!parsed || !isUnsubscribeCategory(parsed.category)) return unsubscribePage(request, reply, request.params.token, 'invalid', 404);
    return unsubscribePage(request, reply, request.params.token, request.query.done === '1' ? 'done' : 'confirm');
  });

  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" (urlencoded or multipart) without
  // cookies; the confirmation page's button posts "confirm=1" and is redirected (PRG).
  app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, { multipart: String(body).includes('One-Click') }));
    scope.post<{ Params: { token: string } }>(UNSUBSCRIBE_ROUTE, async (request, reply) => {
      const result = await db.transaction().execute((trx) => unsubscribe(trx, config.secretKey, request.params.token));
      if (!result) return unsubscribePage(request, reply, request.params.token, 'invalid', 404);
      const fromPage = formValues(request.body, ['confirm'] as const).confirm === '1';
      if (fromPage) return seeOther(request, reply, `/unsubscribe/${encodeURIComponent(request.params.token)}?done=1`);
      return unsubscribePage(request, reply, request.params.token, 'done');
    });
  });
}
