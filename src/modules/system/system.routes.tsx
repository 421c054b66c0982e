/** Operational endpoints: health, metrics, the OpenAPI document and the human-readable API page. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { pingDatabase } from '../../platform/db/index.js';
import { ERRORS } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/views/render.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  responses?: Record<string, { description?: string }>;
}

/** Registers /healthz, /metrics, /api and /api/v1/openapi.json. */
export function registerSystemRoutes(app: FastifyInstance, metrics: Registry): void {
  const started = Date.now();

  app.get('/healthz', { logLevel: 'warn' }, async (request, reply) => {
    const t0 = performance.now();
    try {
      await pingDatabase(app.mosaic.db);
      return { status: 'ok', database: { status: 'ok', dialect: app.mosaic.dialect, latencyMs: Math.round((performance.now() - t0) * 10) / 10 }, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
    } catch (err) {
      request.log.error({ err }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'error', database: { status: 'error', dialect: app.mosaic.dialect } });
    }
  });

  // Metrics reveal traffic patterns: served to loopback (a local Prometheus or agent) or to a
  // caller holding METRICS_TOKEN, never to the public by default.
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    const token = app.mosaic.config.metricsToken;
    const authorised = token ? request.headers.authorization === `Bearer ${token}` : LOOPBACK.test(request.socket.remoteAddress ?? '');
    if (!authorised) return reply.code(403).type('text/plain').send('forbidden\n');
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  // The sitemap is named with the installation's own address, as the robots.txt format asks.
  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain').send(`User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /api/v1\nSitemap: ${app.mosaic.config.baseUrl}/sitemap.xml\n`),
  );

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api', async (request, reply) => {
    const doc = app.swagger() as { paths?: Record<string, Record<string, OpenApiOperation>> };
    const paths = Object.entries(doc.paths ?? {});
    return sendPage(request, reply, { title: request.i18n.t('api.title') }, (ctx) => (
      <>
        <h1>{ctx.t('api.title')}</h1>
        <p>{ctx.t('api.intro')}</p>
        <p>
          <a href="/api/v1/openapi.json">{ctx.t('api.openapi_link')}</a>
        </p>
        <h2>{ctx.t('api.auth')}</h2>
        <p>{ctx.t('api.auth_help')}</p>
        <pre>
          <code>curl -H "Authorization: Bearer mos_…" {app.mosaic.config.baseUrl}/api/v1/me</code>
        </pre>
        <h2>{ctx.t('api.endpoints')}</h2>
        {paths.map(([path, ops]) =>
          Object.entries(ops).map(([method, op]) => (
            <section class="card" id={`${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`}>
              <h3>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h3>
              {op.summary ? <p>{op.summary}</p> : null}
              {op.parameters?.length ? (
                <ul>
                  {op.parameters.map((p) => (
                    <li>
                      <code>{p.name}</code> ({p.in}
                      {p.required ? ', ' + ctx.t('api.required') : ''}){p.description ? ` — ${p.description}` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p class="muted">
                {ctx.t('api.responses')}: {Object.keys(op.responses ?? {}).join(', ')}
              </p>
            </section>
          )),
        )}
        <h2>{ctx.t('api.errors')}</h2>
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">code</th>
                <th scope="col">HTTP</th>
                <th scope="col">{ctx.t('api.meaning')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(ERRORS).map(([code, e]) => (
                <tr id={`problem-${code.toLowerCase()}`}>
                  <td>
                    <code>{code}</code>
                  </td>
                  <td>{e.status}</td>
                  <td>{ctx.t(e.key)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ));
  });
}
