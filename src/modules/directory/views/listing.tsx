/** The faceted listings /organizations and /people: search box, results, facets, pages. */
import { ListingThumb } from '../images/images.pages.js';
import { can } from '../../../platform/auth/policy.js';
import { textFor } from '../../../platform/i18n/content.js';
import { Pager } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { ORGANIZATION } from '../directory.service.js';
import { RegionMap } from '../map/region-map.js';
import { languageName, localised, StatusBadge, Text, VerifiedBadge } from './common.js';
import { LISTING_PAGE_SIZE, listingQuery, type FacetGroup, type Listing, type ListingKind } from './listing-data.js';

const FACET_TITLES: Record<string, string> = {
  type: 'dir.facet.type',
  domain: 'dir.facet.domain',
  region: 'dir.facet.region',
  verified: 'dir.facet.verified',
  lang: 'dir.facet.lang',
  status: 'dir.facet.status',
};

const VERIFIED_LABELS: Record<string, string> = { verified: 'dir.facet.verified_yes', unverified: 'dir.facet.verified_no' };

function facetLabel(ctx: ViewContext, listing: Listing, param: string, value: string): { value: string; lang: string | undefined } {
  const plain = (v: string) => ({ value: v, lang: undefined });
  switch (param) {
    case 'type':
      return plain(ctx.t(`org_type.${value}`));
    case 'domain':
      return plain(ctx.t(`domain.${value}`));
    case 'region': {
      const name = listing.regionNames.get(value);
      return name ? localised(ctx, name, value) : plain(value);
    }
    case 'verified':
      return plain(VERIFIED_LABELS[value] ? ctx.t(VERIFIED_LABELS[value]) : value);
    case 'lang':
      return plain(languageName(ctx, value));
    case 'status':
      return plain(['draft', 'published', 'archived'].includes(value) ? ctx.t(`dir.status.${value}`) : value);
    default:
      return plain(value);
  }
}

function FacetLink({ ctx, href, label, count, selected }: { ctx: ViewContext; href: string; label: { value: string; lang: string | undefined }; count: number; selected: boolean }) {
  return (
    <a href={href} class={selected ? 'on' : undefined}>
      {selected ? <span class="visually-hidden">{ctx.t('dir.facet.remove')} </span> : null}
      <span lang={label.lang}>{label.value}</span> <span class="muted">({ctx.i18n.number(count)})</span>
    </a>
  );
}

function Facet({ ctx, listing, base, group }: { ctx: ViewContext; listing: Listing; base: string; group: FacetGroup }) {
  if (group.values.length === 0) return null;
  return (
    <>
      <h3>{ctx.t(FACET_TITLES[group.param]!)}</h3>
      <ul class="facets">
        {group.values.map((v) => (
          <li>
            <FacetLink
              ctx={ctx}
              href={ctx.href(base + listingQuery(listing.params, { toggle: [group.param, v.value] }))}
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

/** The listing page body. */
export function ListingPage({ ctx, kind, listing, images }: { ctx: ViewContext; kind: ListingKind; listing: Listing; images?: Map<string, string> }) {
  const base = kind === ORGANIZATION ? '/organizations' : '/people';
  const { params, space } = listing;
  const spaceName = space ? textFor(space.name, ctx.locale, space.code) : null;
  const heading = kind === ORGANIZATION ? ctx.t('dir.orgs.title') : ctx.t('dir.people.title');
  const moderator = ctx.user && can(ctx.principal, 'content.verify');
  return (
    <>
      <h1>
        {heading}
        {spaceName ? <> — {spaceName}</> : null}
      </h1>
      <nav aria-label={ctx.t('dir.sections')}>
        <ul class="facets">
          <li>
            <a href={ctx.href('/organizations' + listingQuery({ ...params, q: '', filters: {}, page: 1 }))} aria-current={kind === ORGANIZATION ? 'page' : undefined}>
              {ctx.t('dir.orgs.title')}
            </a>
          </li>
          <li>
            <a href={ctx.href('/people' + listingQuery({ ...params, q: '', filters: {}, page: 1 }))} aria-current={kind !== ORGANIZATION ? 'page' : undefined}>
              {ctx.t('dir.people.title')}
            </a>
          </li>
          {space && kind === ORGANIZATION ? (
            <li>
              <a href={ctx.href(`/organizations/map?space=${space.code}`)}>{ctx.t('dir.map.link')}</a>
            </li>
          ) : null}
          {kind === ORGANIZATION ? (
            <li>
              <a href={ctx.href(`/organizations/new${space ? `?space=${space.code}` : ''}`)}>{ctx.t('dir.orgs.add')}</a>
            </li>
          ) : ctx.user ? (
            <li>
              <a href={ctx.href(`/people/me${space ? `?space=${space.code}` : ''}`)}>{ctx.t('dir.people.my_profile')}</a>
            </li>
          ) : null}
          {kind !== ORGANIZATION && space && ctx.user && can(ctx.principal, 'content.create', { spaceId: space.id }) ? (
            <li>
              <a href={ctx.href(`/people/new?space=${space.code}`)}>{ctx.t('dir.people.add')}</a>
            </li>
          ) : null}
          {moderator ? (
            <li>
              <a href={ctx.href('/admin/claims')}>{ctx.t('dir.claims.title')}</a>
            </li>
          ) : null}
          {space && ctx.user && can(ctx.principal, 'content.create', { spaceId: space.id }) ? (
            <li>
              <a href={ctx.href(`/${kind === ORGANIZATION ? 'organizations' : 'people'}/import?space=${space.code}`)}>
                {kind === ORGANIZATION ? ctx.t('import.title.organizations') : ctx.t('import.title.people')}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
      {space ? (
        <p class="muted">
          {ctx.t('dir.export.label')}{' '}
          {(['csv', 'xlsx', 'json'] as const).map((format, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a href={ctx.href(`/${kind === ORGANIZATION ? 'organizations' : 'people'}/export.${format}${listingQuery({ ...params, page: 1 })}`)} rel="nofollow">
                {format === 'xlsx' ? 'Excel' : format.toUpperCase()}
              </a>
            </>
          ))}
        </p>
      ) : null}
      <form method="get" action={ctx.href(base)} role="search" class="filters">
        <div class="field">
          <label for="dir-q">{kind === ORGANIZATION ? ctx.t('dir.orgs.search') : ctx.t('dir.people.search')}</label>
          <input id="dir-q" type="search" name="q" value={params.q} />
        </div>
        {space ? <input type="hidden" name="space" value={space.code} /> : null}
        {Object.entries(params.filters).flatMap(([param, values]) => values.map((v) => <input type="hidden" name={param} value={v} />))}
        <div>
          <button type="submit">{ctx.t('search.submit')}</button>
        </div>
      </form>
      <div class="dir">
        <div>
          <p role="status">{kind === ORGANIZATION ? ctx.t('dir.orgs.count', { count: listing.total }) : ctx.t('dir.people.count', { count: listing.total })}</p>
          <ol class="results">
            {listing.items.map((item) => {
              const name = localised(ctx, item.name, item.id);
              const region = item.regionCode ? listing.regionNames.get(item.regionCode) : undefined;
              return (
                <li>
                  <ListingThumb sha256={images?.get(item.id)} />
                  <h2>
                    <a href={ctx.href(item.url)} lang={name.lang}>
                      {name.value}
                    </a>{' '}
                    <VerifiedBadge ctx={ctx} verifiedAt={item.verifiedAt} /> <StatusBadge ctx={ctx} status={item.status} />
                  </h2>
                  <p class="muted">
                    {[
                      item.type ? ctx.t(`org_type.${item.type}`) : item.professions.join(', '),
                      region ? <Text ctx={ctx} value={region} fallback={item.regionCode ?? ''} /> : null,
                    ]
                      .filter(Boolean)
                      .map((part, i) => (
                        <>
                          {i ? ' · ' : ''}
                          {part}
                        </>
                      ))}
                  </p>
                  {item.domains.length ? <p>{item.domains.map((d) => ctx.t(`domain.${d}`)).join(', ')}</p> : null}
                </li>
              );
            })}
          </ol>
          <Pager ctx={ctx} page={params.page} pageSize={LISTING_PAGE_SIZE} total={listing.total} link={(p) => ctx.href(base + listingQuery(params, { page: p }))} />
        </div>
        <nav aria-labelledby="dir-refine">
          <h2 id="dir-refine">{ctx.t('dir.facet.title')}</h2>
          {space && kind === ORGANIZATION && listing.regions.length ? (
            <RegionMap
              ctx={ctx}
              compact
              spaceCode={space.code}
              spaceName={spaceName ?? space.code}
              regions={listing.regions}
              counts={new Map(listing.facets.find((f) => f.param === 'region')?.values.map((v) => [v.value, v.count]) ?? [])}
              link={(code) => ctx.href(base + listingQuery(params, { toggle: ['region', code] }))}
            />
          ) : null}
          {listing.spaceCounts.length ? (
            <>
              <h3>{ctx.t('dir.facet.space')}</h3>
              <ul class="facets">
                {listing.spaceCounts.map((s) => (
                  <li>
                    <FacetLink
                      ctx={ctx}
                      href={ctx.href(base + listingQuery(params, { space: s.selected ? null : s.space.code }))}
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
            <Facet ctx={ctx} listing={listing} base={base} group={group} />
          ))}
        </nav>
      </div>
    </>
  );
}
