/** The home page and the first-run setup page that creates the first platform administrator. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../app.js';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { textFor } from '../../platform/i18n/content.js';
import { EMPTY_FORM, ErrorSummary, Field, NewPasswordField, Notice, PostForm, type FormState } from '../../platform/views/components.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { SESSION_DAYS } from '../accounts/accounts.service.js';
import { activeJobCount, enqueueJob } from '../../platform/jobs/jobs.js';
import { DEMO_JOB } from '../jobs.js';
import { listSpaces } from '../spaces/spaces.service.js';

/** The modules announced on the home page (message keys home.module.<name>[.text]). */
export const MODULES = ['directory', 'knowledge', 'connect', 'assess', 'capacity', 'film', 'monitor'] as const;

/** Registers / and /setup. */
export function registerHomePages(app: FastifyInstance): void {
  app.get('/', async (request, reply) => {
    const spaces = await listSpaces(app.mosaic.db);
    const demoLoading = request.user ? (await activeJobCount(app.mosaic.db, DEMO_JOB)) > 0 : false;
    return sendPage(request, reply, { title: request.i18n.t('home.title') }, (ctx) => (
      <>
        <h1>{ctx.t('home.title')}</h1>
        {demoLoading ? <Notice>{ctx.t('setup.demo_loading')}</Notice> : null}
        <p>{ctx.t('home.intro')}</p>
        <h2>{ctx.t('home.spaces')}</h2>
        <ul class="cards">
          {spaces.map((s) => (
            <li class="card">
              <h3>
                <a href={ctx.href(`/spaces/${s.code}`)}>{textFor(s.name, ctx.locale, s.code)}</a>
              </h3>
              <p class="muted">{s.code}</p>
            </li>
          ))}
        </ul>
        <h2>{ctx.t('home.what')}</h2>
        <ul>
          {MODULES.map((m) => (
            <li>
              <strong>{ctx.t(`home.module.${m}`)}</strong> — {ctx.t(`home.module.${m}.text`)}
            </li>
          ))}
        </ul>
      </>
    ));
  });

  const setupPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(request, reply, { title: request.i18n.t('setup.title'), status, noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('setup.title')}</h1>
        <p>{ctx.t('setup.intro')}</p>
        <ErrorSummary ctx={ctx} form={form} />
        <PostForm ctx={ctx} action="/setup" label={ctx.t('setup.title')}>
          <Field ctx={ctx} form={form} name="displayName" label={ctx.t('field.display_name')} autocomplete="name" required />
          <Field ctx={ctx} form={form} name="email" type="email" label={ctx.t('field.email')} autocomplete="email" required />
          <NewPasswordField ctx={ctx} form={form} />
          <label class="check">
            <input type="checkbox" name="demo" value="1" checked={form.values.demo === '1'} />
            <span>{ctx.t('setup.demo')}</span>
          </label>
          <div>
            <button type="submit">{ctx.t('setup.submit')}</button>
          </div>
        </PostForm>
      </>
    ));

  app.get('/setup', async (request, reply) => {
    if ((await app.mosaic.accounts.countUsers()) > 0) return seeOther(request, reply, '/');
    return setupPage(request, reply, EMPTY_FORM);
  });

  app.post('/setup', async (request, reply) => {
    // Only while no account exists: afterwards admins are made by admins or the CLI.
    if ((await app.mosaic.accounts.countUsers()) > 0) return seeOther(request, reply, '/');
    const values = formValues(request.body, ['displayName', 'email', 'password', 'demo']);
    return withForm(request, reply, values, (form, status) => setupPage(request, reply, form, status), async () => {
      const admin = await app.mosaic.accounts.createPlatformAdmin({ ...values, locale: request.locale }, actorOf(request));
      // Thousands of records: loaded by the worker, so the setup page answers at once.
      if (values.demo === '1') await enqueueJob(app.mosaic.db, DEMO_JOB, {}, { maxAttempts: 3 });
      const token = await app.mosaic.accounts.openSession(admin, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, actorOf(request));
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_DAYS * 24 * 3600 });
      return seeOther(request, reply, '/');
    });
  });
}
