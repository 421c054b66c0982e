/** The faceted listing /library: search box, sort, results with snippets naming their page, facets, pages. */
import type { ComponentChildren } from 'preact';
import { can, spacesWithRole } from '../../../platform/auth/policy.js';
import { textFor } from '../../../platform/i18n/content.js';
import { Pager } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { languageName, localised } from '../../../modules/directory/views/common.js';
import type { ResourceView, SnippetSource } from '../library.service.js';
import { AccessBadges, accessLabel, areaText, Labelled, sdgText, typeLabel } from './common.js';
import { LIBRARY_PAGE_SIZE, libraryQuery, type FacetGroup, type LibraryListing } from './listing-data.js';
import type { SnippetPart } from '../../../platform/search/search.js';

const FACET_TITLES: Record<string, string> = {
  type: 'library.facet.type',
  domain: 'library.facet.domain',
  lang: 'library.facet.lang',
  year: 'library.facet.year',
  region: 'library.facet.region',
  sdg: 'library.facet.sdg',
  area: 'library.facet.area',
  access: 'library.facet.access',
  status: 'library.facet.status',
};

function facetLabel(ctx: ViewContext, listing: LibraryListing, param: string, value: string): FacetText {
  const plain = (v: string): FacetText => ({ value: v, lang: undefined });
  switch (param) {
    case 'type':
      return plain(typeLabel(ctx, value));
    case 'domain':
      return plain(ctx.t(`domain.${value}`));
    case 'lang':
      return plain(languageName(ctx, value));
    case 'region': {
      const name = listing.regionNames.get(value);
      return name ? localised(ctx, name, value) : plain(value);
    }
    case 'sdg':
      return sdgText(ctx, value);
    case 'area':
      return areaText(ctx, value);
    case 'access':
      return plain(accessLabel(ctx, value));
    case 'status':
      return plain(value === 'draft' ? ctx.t('library.status.draft') : ctx.t('library.status.published'));
    default:
      return plain(value);
  }
}

/** A facet value's text: plain, or a code with its label (see Labelled). */
type FacetText = { value: string; lang: string | undefined; prefix?: string };

function FacetLink({ ctx, href, label, count, selected }: { ctx: ViewContext; href: string; label: FacetText; count: number; selected: boolean }) {
  return (
    <a href={href} class={selected ? 'on' : undefined}>
      {selected ? <span class="visually-hidden">{ctx.t('library.facet.remove')} </span> : null}
      {label.prefix !== undefined ? <Labelled value={{ prefix: label.prefix, value: label.value, lang: label.lang }} /> : <span lang={label.lang}>{label.value}</span>}{' '}
      <span class="muted">({ctx.i18n.number(count)})</span>
    </a>
  );
}

function Facet({ ctx, listing, group }: { ctx: ViewContext; listing: LibraryListing; group: FacetGroup }) {
  if (group.values.length === 0) return null;
  return (
    <>
      <h3>{ctx.t(FACET_TITLES[group.param]!)}</h3>
      <ul class="facets">
        {group.values.map((v) => (
          <li>
            <FacetLink
              ctx={ctx}
              href={ctx.href('/library' + libraryQuery(listing.params, { toggle: [group.param, v.value] }))}
              label={facetLabel(ctx, listing, group.param, v.value)}
              count={v.count}
              selected={v.selected}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

/** A snippet with its matches marked. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

/** "p. 12 · report.pdf", linking to the file at that page. */
export function SourceNote({ ctx, resourceId, source }: { ctx: ViewContext; resourceId: string; source: SnippetSource }) {
  const href = ctx.href(`/library/${resourceId}/files/${source.fileId}`) + (source.page ? `#page=${source.page}` : '');
  return (
    <p class="muted">
      <a href={href}>
        {source.page ? ctx.t('library.snippet.page', { page: source.page }) : ctx.t('library.snippet.file')} · {source.label || source.filename}
      </a>
    </p>
  );
}

/** The short line under a resource's title: type, date, creators, languages. */
export function ResourceLine({ ctx, resource }: { ctx: ViewContext; resource: ResourceView }) {
  const creators = resource.creators.slice(0, 3).map((c) => c.name);
  if (resource.creators.length > 3) creators.push('…');
  const parts = [typeLabel(ctx, resource.type), resource.date ?? '', creators.join('; '), resource.languages.map((l) => languageName(ctx, l)).join(', ')].filter(Boolean);
  return <p class="muted">{parts.join(' · ')}</p>;
}

/** One resource in a list: linked title, badges, line, and a snippet or the start of its abstract. */
export function ResourceItem({ ctx, resource, snippet, source, children }: { ctx: ViewContext; resource: ResourceView; snippet?: SnippetPart[] | null; source?: SnippetSource | null; children?: ComponentChildren }) {
  const title = localised(ctx, resource.title, resource.id);
  const abstract = localised(ctx, resource.abstract);
  return (
    <li>
      <h2>
        <a href={ctx.href(`/library/${resource.id}`)} lang={title.lang}>
          {title.value}
        </a>{' '}
        <AccessBadges ctx={ctx} access={resource.access} status={resource.status} />
      </h2>
      <ResourceLine ctx={ctx} resource={resource} />
      {snippet ? (
        <p>
          <Snippet parts={snippet} />
        </p>
      ) : abstract.value ? (
        <p lang={abstract.lang}>{abstract.value.length > 240 ? `${abstract.value.slice(0, 240)}…` : abstract.value}</p>
      ) : null}
      {source ? <SourceNote ctx={ctx} resourceId={resource.id} source={source} /> : null}
      {children}
    </li>
  );
}

/** The links of the library's sections. */
export function LibraryNav({ ctx, spaceCode, current }: { ctx: ViewContext; spaceCode: string | null; current: 'resources' | 'collections' | 'bookmarks' | 'groups' }) {
  const suffix = spaceCode ? `?space=${spaceCode}` : '';
  const editorSomewhere = ctx.user && can(ctx.principal, 'content.create');
  const adminSomewhere = ctx.user && (ctx.principal.isPlatformAdmin || (spacesWithRole(ctx.principal, 'admin') ?? []).length > 0);
  const link = (path: string, key: string, here: boolean) => (
    <li>
      <a href={ctx.href(path)} aria-current={here ? 'page' : undefined}>
        {ctx.t(key)}
      </a>
    </li>
  );
  return (
    <nav aria-label={ctx.t('library.sections')}>
      <ul class="facets">
        {link(`/library${suffix}`, 'library.resources', current === 'resources')}
        {link(`/library/collections${suffix}`, 'library.collections.title', current === 'collections')}
        {ctx.user ? link('/library/bookmarks', 'library.bookmarks.title', current === 'bookmarks') : null}
        {editorSomewhere ? link(`/library/new${suffix}`, 'library.add', false) : null}
        {adminSomewhere ? link(`/library/groups${suffix}`, 'library.groups.title', current === 'groups') : null}
      </ul>
    </nav>
  );
}

/** The listing page body. */
export function LibraryListingPage({ ctx, listing }: { ctx: ViewContext; listing: LibraryListing }) {
  const { params, space } = listing;
  const spaceName = space ? textFor(space.name, ctx.locale, space.code) : null;
  return (
    <>
      <h1>
        {ctx.t('library.title')}
        {spaceName ? <> — {spaceName}</> : null}
      </h1>
      <LibraryNav ctx={ctx} spaceCode={space?.code ?? null} current="resources" />
      <form method="get" action={ctx.href('/library')} role="search" class="filters">
        <div class="field">
          <label for="lib-q">{ctx.t('library.search')}</label>
          <input id="lib-q" type="search" name="q" value={params.q} />
        </div>
        {space ? <input type="hidden" name="space" value={space.code} /> : null}
        {Object.entries(params.filters).flatMap(([param, values]) => values.map((v) => <input type="hidden" name={param} value={v} />))}
        <div>
          <button type="submit">{ctx.t('search.submit')}</button>
        </div>
      </form>
      <div class="dir">
        <div>
          <p role="status">{ctx.t('library.count', { count: listing.total })}</p>
          {params.q.trim() ? (
            <p class="muted">
              {ctx.t('library.sort.label')}{' '}
              {(['relevance', 'date'] as const).map((sort, i) => (
                <>
                  {i ? ' · ' : ''}
                  {params.sort === sort ? (
                    <strong aria-current="true">{ctx.t(sort === 'date' ? 'library.sort.date' : 'library.sort.relevance')}</strong>
                  ) : (
                    <a href={ctx.href('/library' + libraryQuery(params, { sort }))}>{ctx.t(sort === 'date' ? 'library.sort.date' : 'library.sort.relevance')}</a>
                  )}
                </>
              ))}
            </p>
          ) : null}
          <ol class="results">
            {listing.items.map((item) => (
              <ResourceItem ctx={ctx} resource={item.resource} snippet={item.snippet} source={item.source} />
            ))}
          </ol>
          <Pager ctx={ctx} page={params.page} pageSize={LIBRARY_PAGE_SIZE} total={listing.total} link={(p) => ctx.href('/library' + libraryQuery(params, { page: p }))} />
        </div>
        <nav aria-labelledby="lib-refine">
          <h2 id="lib-refine">{ctx.t('library.facet.title')}</h2>
          {listing.spaceCounts.length ? (
            <>
              <h3>{ctx.t('library.facet.space')}</h3>
              <ul class="facets">
                {listing.spaceCounts.map((s) => (
                  <li>
                    <FacetLink
                      ctx={ctx}
                      href={ctx.href('/library' + libraryQuery(params, { space: s.selected ? null : s.space.code }))}
                      label={{ value: textFor(s.space.name, ctx.locale, s.space.code), lang: undefined }}
                      count={s.count}
                      selected={s.selected}
                    />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {listing.facets.map((group) => (
            <Facet ctx={ctx} listing={listing} group={group} />
          ))}
        </nav>
      </div>
    </>
  );
}

