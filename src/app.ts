/**
 * buildApp(config): assembles Mosaic — platform plugins first, then the modules — and returns
 * the Fastify instance without listening, so the server, the CLI and the tests share one wiring.
 */
import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from './config.js';
import { ANONYMOUS } from './platform/auth/policy.js';
import { openDatabase, type DatabaseHandle, type Db, type DialectName } from './platform/db/index.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { registerErrorHandling } from './platform/http/error-handler.js';
import { hrefFor } from './platform/http/context.js';
import { AppError } from './platform/http/errors.js';
import { registerMetrics } from './platform/http/metrics.js';
import { registerSecurityHeaders } from './platform/http/security.js';
import { buildAssets, registerStatic } from './platform/http/static.js';
import { DEFAULT_LOCALE, negotiateAcceptLanguage, parseLocale, splitLocalePrefix } from './platform/i18n/locales.js';
import { translator } from './platform/i18n/messages.js';
import { createAccountsService, principalFor, type AccountsService } from './modules/accounts/accounts.service.js';
import { registerAccountsApi } from './modules/accounts/accounts.api.js';
import { registerAccountPages } from './modules/accounts/accounts.pages.js';
import { registerAdminPages } from './modules/admin/admin.pages.js';
import { registerDirectoryApi } from './modules/directory/directory.api.js';
import { registerDirectoryPages } from './modules/directory/directory.pages.js';
import { registerImport } from './modules/directory/import/import.pages.js';
import { createDirectoryService, type DirectoryService } from './modules/directory/directory.service.js';
import { createEventsService, type EventsService } from './modules/events/events.service.js';
import { registerEventPages } from './modules/events/events.pages.js';
import { registerEventsApi } from './modules/events/events.api.js';
import { registerHomePages } from './modules/home/home.pages.js';
import { registerLibraryApi } from './modules/library/library.api.js';
import { registerLibraryPages } from './modules/library/library.pages.js';
import { createLibraryService, type LibraryService } from './modules/library/library.service.js';
import { createFilesService, type FilesService } from './modules/library/files.service.js';
import { filesDir, localFileStore } from './platform/files/store.js';
import { registerSpacesApi } from './modules/spaces/spaces.api.js';
import { registerSpacePages } from './modules/spaces/spaces.pages.js';
import { seedSpaces } from './modules/spaces/spaces.service.js';
import { scheduleStaleReindex } from './modules/jobs.js';
import { registerSystemRoutes } from './modules/system/system.routes.js';
import { registerSearchApi } from './modules/search/search.api.js';
import { registerSearchPages } from './modules/search/search.pages.js';
import { registerNewsApi } from './modules/news/news.api.js';
import { registerNewsPages } from './modules/news/news.pages.js';
import { registerOpportunitiesApi } from './modules/opportunities/opportunities.api.js';
import { registerOpportunityPages } from './modules/opportunities/opportunities.pages.js';
import { registerNotificationsApi } from './modules/notifications/notifications.api.js';
import { registerNotificationPages, UNSUBSCRIBE_ROUTE } from './modules/notifications/notifications.pages.js';
import { registerDiscussionPages } from './modules/discussions/discussions.pages.js';
import { registerMessagePages } from './modules/messages/messages.pages.js';
import { registerDiscussionsApi } from './modules/discussions/discussions.api.js';

/** Shared services, reachable from every handler as `request.server.mosaic`. */
export interface MosaicServices {
  config: Config;
  db: Db;
  dialect: DialectName;
  database: DatabaseHandle;
  accounts: AccountsService;
  directory: DirectoryService;
  events: EventsService;
  library: LibraryService;
  files: FilesService;
}

declare module 'fastify' {
  interface FastifyInstance {
    mosaic: MosaicServices;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'mosaic_session';
/** Name of the language cookie. */
export const LANG_COOKIE = 'lang';

/** Options for tests and tools: an already-open database, a logger stream. */
export interface BuildOptions {
  database?: DatabaseHandle;
  logger?: boolean | Record<string, unknown>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Paths of every string (or key) holding U+0000 in a parsed body or query. PostgreSQL cannot
 * store NUL in text, and no human types one: it is refused at the door for every route.
 */
export function nulPaths(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path || 'body');
  } else if (value !== null && typeof value === 'object' && depth <= 20) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) out.push(here);
      nulPaths(inner, here, out, depth + 1);
    }
  }
  return out;
}

/** Builds the application. Runs migrations and seeds when `config.autoMigrate` is on. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? openDatabase(config.database);
  if (config.autoMigrate) {
    await migrateToLatest(database.db);
    await seedSpaces(database.db);
    await scheduleStaleReindex(database.db);
  }

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // `/lo/events` and `/events` reach the same route; the prefix only picks the language.
    rewriteUrl: (req) => {
      const { locale, rest } = splitLocalePrefix(req.url ?? '/');
      (req as { mosaicUrlLocale?: string | null }).mosaicUrlLocale = locale;
      return rest;
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A URL that cannot be decoded is the client's mistake: answer 400 in the API's format.
    frameworkErrors: (error, request, reply) => {
      (reply as unknown as FastifyReply).code(400).type('application/problem+json; charset=utf-8').send({ title: 'Bad request', status: 400, code: 'BAD_REQUEST', detail: error.code, instance: request.id });
    },
  });

  const accounts = createAccountsService({ db: database.db, config });
  const directory = createDirectoryService({ db: database.db, config, accounts });
  const library = createLibraryService({ db: database.db });
  const files = createFilesService({ db: database.db, library, store: localFileStore(filesDir(config.dataDir)), maxUploadBytes: config.libraryMaxUploadMb * 1024 * 1024 });
  const events = createEventsService({ db: database.db, config, library, files });
  app.decorate('mosaic', { config, db: database.db, dialect: database.dialect, database, accounts, directory, events, library, files });
  app.addHook('onClose', async () => {
    if (!options.database) await database.close();
  });

  const assets = buildAssets();
  app.decorate('assetUrls', assets.urls);

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('urlLocale', null);
  app.decorateRequest('pathNoLocale', '/');
  app.decorateRequest('i18n', null as never);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('principal', null as never);

  // While shutting down, answer in-flight requests with `Connection: close` so keep-alive
  // sockets end with them instead of holding the process open until their idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('Connection', 'close');
    return payload;
  });
  registerSecurityHeaders(app);
  const metrics = registerMetrics(app);
  await app.register(fastifyCookie, { secret: config.secretKey });
  await app.register(fastifyFormbody, { bodyLimit: config.bodyLimit });
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mosaic API',
        version: '1',
        description:
          'JSON API of Mosaic. Authenticate with `Authorization: Bearer <token>` (create a token on your account page or with `mosaic token create`). Errors are RFC 9457 problem+json documents with a stable `code`.',
      },
      servers: [{ url: config.baseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: ({ schema, url }) => (url.startsWith('/api/v1') ? { schema, url } : { schema: { ...schema, hide: true }, url }),
  });

  let installed = false;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    request.principal = ANONYMOUS;
    const urlLocale = parseLocale((request.raw as { mosaicUrlLocale?: string | null }).mosaicUrlLocale ?? null);
    request.urlLocale = urlLocale;
    request.pathNoLocale = request.url.split('?')[0] || '/';
    const cookieLocale = parseLocale(request.cookies[LANG_COOKIE]);
    let locale = urlLocale ?? cookieLocale ?? negotiateAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LOCALE;
    request.locale = locale;
    request.i18n = translator(locale);
    if (urlLocale && urlLocale !== cookieLocale) {
      reply.setCookie(LANG_COOKIE, urlLocale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, secure: request.protocol === 'https' });
    }
    const path = request.pathNoLocale;
    if (path.startsWith('/static/') || path === '/healthz' || path === '/metrics') return;

    if (path.startsWith('/api/v1')) {
      const auth = request.headers.authorization;
      if (auth !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(auth);
        if (!match) throw new AppError('INVALID_TOKEN');
        request.user = await accounts.userForApiToken(match[1]!);
        request.principal = await principalFor(database.db, request.user);
      }
      return;
    }

    const session = await accounts.userForSession(request.cookies[SESSION_COOKIE]);
    if (session) {
      request.user = session.user;
      request.sessionId = session.sessionId;
      request.principal = await principalFor(database.db, session.user);
      // A signed-in user's saved language wins over the browser's, but not over an explicit choice.
      if (!urlLocale && !cookieLocale && session.user.locale) {
        locale = session.user.locale;
        request.locale = locale;
        request.i18n = translator(locale);
      }
    } else if (request.cookies[SESSION_COOKIE]) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }

    // A new installation sends everyone to the setup page until the first admin exists.
    if (!installed) {
      installed = (await accounts.countUsers()) > 0;
      if (!installed && request.method === 'GET' && path !== '/setup' && !path.startsWith('/api')) {
        return reply.redirect(hrefFor(request, '/setup'), 303);
      }
    }
  });

  app.addHook('preValidation', async (request) => {
    const fields = [...nulPaths(request.query), ...nulPaths(request.body)];
    if (fields.length) throw new AppError('VALIDATION', { fields: fields.map((field) => ({ field, key: 'validation.invalid', values: { detail: 'U+0000' } })) });
  });

  // CSRF on every state-changing form. The API is exempt: it authenticates with bearer
  // tokens only, which a browser never attaches on its own. So is the one-click unsubscribe of
  // bulk emails (RFC 8058): mail clients post it without cookies, and its signed token allows
  // nothing but turning that one user's category off.
  app.addHook('preHandler', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    // OAI-PMH harvesters may POST their (read-only) requests, with no session and no token.
    if (!unsafe || request.pathNoLocale.startsWith('/api/v1') || request.pathNoLocale === '/oai') return done();
    if (request.method === 'POST' && request.routeOptions.url === UNSUBSCRIBE_ROUTE) return done();
    app.csrfProtection(request, reply, done);
  });

  registerErrorHandling(app);
  registerStatic(app, assets.files);
  registerSystemRoutes(app, metrics);
  registerHomePages(app);
  registerAccountPages(app);
  registerSpacePages(app);
  registerSearchPages(app);
  registerDirectoryPages(app);
  registerImport(app);
  registerEventPages(app);
  registerLibraryPages(app);
  registerAdminPages(app);
  registerNotificationPages(app);
  registerDiscussionPages(app);
  registerMessagePages(app);
  registerNewsPages(app);
  registerOpportunityPages(app);
  await app.register(
    async (api) => {
      registerAccountsApi(api);
      registerSpacesApi(api);
      registerSearchApi(api);
      registerDirectoryApi(api);
      registerNotificationsApi(api);
      registerDiscussionsApi(api);
      registerLibraryApi(api);
      registerNewsApi(api);
      registerOpportunitiesApi(api);
      registerEventsApi(api);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
