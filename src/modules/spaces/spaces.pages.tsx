/** Public pages of country spaces: the list and each space with its regions. */
import type { FastifyInstance } from 'fastify';
import { resolveText, textFor } from '../../platform/i18n/content.js';
import { sendPage } from '../../platform/views/render.js';
import { getSpace, listRegions, listSpaces, normaliseSpaceCode } from './spaces.service.js';

/** Registers /spaces and /spaces/:code. */
export function registerSpacePages(app: FastifyInstance): void {
  app.get('/spaces', async (request, reply) => {
    const spaces = await listSpaces(app.mosaic.db);
    return sendPage(request, reply, { title: request.i18n.t('spaces.title') }, (ctx) => (
      <>
        <h1>{ctx.t('spaces.title')}</h1>
        <ul class="cards">
          {spaces.map((s) => (
            <li class="card">
              <h2>
                <a href={ctx.href(`/spaces/${s.code}`)}>{textFor(s.name, ctx.locale, s.code)}</a>
              </h2>
              <p class="muted">{s.code}</p>
            </li>
          ))}
        </ul>
      </>
    ));
  });

  app.get<{ Params: { code: string } }>('/spaces/:code', async (request, reply) => {
    const space = await getSpace(app.mosaic.db, request.params.code);
    // One address per space: /spaces/la and /spaces/La lead to /spaces/LA.
    if (request.params.code !== space.code) {
      const target = (request.urlLocale ? `/${request.urlLocale.toLowerCase()}` : '') + `/spaces/${normaliseSpaceCode(space.code)}`;
      return reply.redirect(target, 301);
    }
    const regions = await listRegions(app.mosaic.db, space.id);
    const name = textFor(space.name, request.locale, space.code);
    return sendPage(request, reply, { title: name }, (ctx) => (
      <>
        <h1>{name}</h1>
        <h2>{ctx.t('spaces.regions', { count: regions.length })}</h2>
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('spaces.region_code')}</th>
                <th scope="col">{ctx.t('spaces.region_name')}</th>
                <th scope="col">{ctx.t('spaces.region_type')}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => {
                const resolved = resolveText(r.name, ctx.locale);
                return (
                  <tr>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <td lang={resolved?.isFallback ? resolved.locale : undefined}>{resolved?.value ?? r.code}</td>
                    <td>{ctx.t(`region_type.${r.type}`)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>
    ));
  });
}
