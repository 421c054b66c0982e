/** The global search page, /search?q=… — plain GET form, works without JavaScript. */
import type { FastifyInstance } from 'fastify';
import { resolveText, textFor } from '../../platform/i18n/content.js';
import { Pager } from '../../platform/views/components.js';
import { sendPage } from '../../platform/views/render.js';
import { listSpaces } from '../spaces/spaces.service.js';
import { globalSearch, SEARCH_PAGE_SIZE } from './search.service.js';

type Query = Record<string, string | undefined>;

/** Registers /search. */
export function registerSearchPages(app: FastifyInstance): void {
  app.get<{ Querystring: Query }>('/search', async (request, reply) => {
    const q = (request.query.q ?? '').slice(0, 500);
    const space = /^[A-Za-z]{2}$/.test(request.query.space ?? '') ? request.query.space!.toUpperCase() : '';
    const type = /^[a-z_]{1,30}$/.test(request.query.type ?? '') ? request.query.type! : '';
    const pageNo = Math.min(Math.max(Number(request.query.page) || 1, 1), 500);
    const spaces = await listSpaces(app.mosaic.db);
    const result = await globalSearch(app.mosaic.db, request.principal, {
      q,
      space: spaces.some((s) => s.code === space) ? space : undefined,
      types: type ? [type] : undefined,
      limit: SEARCH_PAGE_SIZE,
      offset: (pageNo - 1) * SEARCH_PAGE_SIZE,
    });
    const link = (params: Record<string, string | number>) => {
      const merged = new URLSearchParams({ q, ...(space ? { space } : {}), ...(type ? { type } : {}) });
      for (const [k, v] of Object.entries(params)) {
        if (v === '') merged.delete(k);
        else merged.set(k, String(v));
      }
      return `?${merged.toString()}`;
    };
    const title = q ? request.i18n.t('search.title_for', { q }) : request.i18n.t('search.title');
    return sendPage(request, reply, { title, noindex: Boolean(q) }, (ctx) => (
      <>
        <h1>{ctx.t('search.title')}</h1>
        <form method="get" action={ctx.href('/search')} role="search" class="filters">
          <div class="field">
            <label for="search-q">{ctx.t('search.label')}</label>
            <input id="search-q" type="search" name="q" value={q} />
          </div>
          <div class="field">
            <label for="search-space">{ctx.t('search.space')}</label>
            <select id="search-space" name="space">
              <option value="">{ctx.t('filter.all')}</option>
              {spaces.map((s) => (
                <option value={s.code} selected={s.code === space}>
                  {textFor(s.name, ctx.locale, s.code)}
                </option>
              ))}
            </select>
          </div>
          {type ? <input type="hidden" name="type" value={type} /> : null}
          <div>
            <button type="submit">{ctx.t('search.submit')}</button>
          </div>
        </form>
        <p role="status">{ctx.t('search.count', { count: result.total })}</p>
        {result.facets.type && result.facets.type.length > 1 ? (
          <nav aria-label={ctx.t('search.by_type')}>
            <ul class="facets">
              {result.facets.type.map((f) => (
                <li>
                  <a href={link({ type: f.value, page: '' })} aria-current={f.value === type ? 'true' : undefined}>
                    {ctx.t(`search.type.${f.value}`)} ({ctx.i18n.number(f.count)})
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <ol class="results">
          {result.items.map((hit) => {
            const title = resolveText(hit.title, ctx.locale);
            return (
              <li>
                <h2>
                  <a href={ctx.href(hit.url)} lang={title?.isFallback ? title.locale : undefined}>
                    {title?.value ?? hit.entityId}
                  </a>
                </h2>
                <p class="muted">
                  {ctx.t(`search.type.${hit.entityType}`)}
                  {hit.spaceCode ? ` · ${hit.spaceCode}` : ''}
                </p>
                <p>{hit.snippet.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</p>
              </li>
            );
          })}
        </ol>
        <Pager ctx={ctx} page={pageNo} pageSize={SEARCH_PAGE_SIZE} total={result.total} link={(p) => link({ page: p })} />
      </>
    ));
  });
}
