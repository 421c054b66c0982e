/**
 * What the /organizations and /people listings show: one search in the shared engine (empty or
 * typed query, the reader's visibility inside the query), facet counts that ignore their own
 * facet's filter (so choosing one type still shows the others), and the details of each hit.
 */
import type { Principal } from '../../../platform/auth/policy.js';
import { can } from '../../../platform/auth/policy.js';
import type { Db } from '../../../platform/db/index.js';
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { search, type SearchQuery } from '../../../platform/search/search.js';
import { listRegions, listSpaces, type Region, type Space } from '../../spaces/spaces.service.js';
import { ORGANIZATION, PERSON, type DirectoryService } from '../directory.service.js';
import { all, first, pageNumber, type Query } from './common.js';

/** Which listing. */
export type ListingKind = typeof ORGANIZATION | typeof PERSON;

/** A facet of a listing: its URL parameter and its name in the search index. */
export interface FacetSpec {
  param: string;
  facet: string;
}

const ORG_FACETS: FacetSpec[] = [
  { param: 'type', facet: 'org_type' },
  { param: 'domain', facet: 'domain' },
  { param: 'region', facet: 'region' },
  { param: 'verified', facet: 'verified' },
  { param: 'lang', facet: 'lang' },
];
const PERSON_FACETS: FacetSpec[] = ORG_FACETS.filter((f) => f.param !== 'type');
const STATUS_FACET: FacetSpec = { param: 'status', facet: 'status' };

/** Results per page. */
export const LISTING_PAGE_SIZE = 20;
const VALUE = /^[A-Za-z0-9_-]{1,40}$/;

/** A listing request, parsed and bounded. */
export interface ListingParams {
  q: string;
  /** Space code as typed (any case), upper-cased; null = every space. */
  space: string | null;
  filters: Record<string, string[]>;
  page: number;
}

/** Reads a listing's query string; junk is dropped, never an error. */
export function parseListingQuery(query: Query): ListingParams {
  const q = (first(query.q) ?? '').slice(0, 200);
  const space = /^[A-Za-z]{2}$/.test(first(query.space) ?? '') ? first(query.space)!.toUpperCase() : null;
  const filters: Record<string, string[]> = {};
  for (const spec of [...ORG_FACETS, STATUS_FACET]) {
    const values = [...new Set(all(query[spec.param]).filter((v) => VALUE.test(v)))].slice(0, 10);
    if (spec.param === 'region') for (let i = 0; i < values.length; i++) values[i] = values[i]!.toUpperCase();
    if (values.length) filters[spec.param] = values;
  }
  return { q, space, filters, page: pageNumber(query.page) };
}

/** The query string of a listing, with changes: toggle one facet value, choose a space or page. */
export function listingQuery(params: ListingParams, change: { toggle?: [string, string]; space?: string | null; page?: number } = {}): string {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  const space = change.space !== undefined ? change.space : params.space;
  if (space) out.set('space', space);
  const filters: Record<string, string[]> = { ...params.filters };
  // Regions belong to one country: a new country drops them.
  if (change.space !== undefined && change.space !== params.space) delete filters.region;
  if (change.toggle) {
    const [param, value] = change.toggle;
    const current = filters[param] ?? [];
    filters[param] = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  }
  for (const [param, values] of Object.entries(filters)) for (const v of values) out.append(param, v);
  if (change.page && change.page > 1) out.set('page', String(change.page));
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** One result with what the listing shows of it. */
export interface ListingItem {
  id: string;
  url: string;
  name: TranslatedText;
  type: string | null;
  domains: string[];
  regionCode: string | null;
  professions: string[];
  verifiedAt: string | null;
  status: string;
}

/** A facet with its values and counts. */
export interface FacetGroup {
  param: string;
  values: { value: string; count: number; selected: boolean }[];
}

/** Everything a listing page needs. */
export interface Listing {
  params: ListingParams;
  space: Space | null;
  spaces: Space[];
  total: number;
  items: ListingItem[];
  facets: FacetGroup[];
  spaceCounts: { space: Space; count: number; selected: boolean }[];
  regionNames: Map<string, TranslatedText>;
  /** The regions of the chosen space, in their usual order (none without a space). */
  regions: Region[];
}

/** Runs a listing for a reader. */
export async function loadListing(db: Db, directory: DirectoryService, reader: Principal, kind: ListingKind, params: ListingParams): Promise<Listing> {
  const spaces = await listSpaces(db);
  const space = spaces.find((s) => s.code === params.space) ?? null;
  // An unknown country is ignored rather than carried on into every link.
  if (!space) params = { ...params, space: null };
  const specs = [...(kind === ORGANIZATION ? ORG_FACETS : PERSON_FACETS)];
  // Editors may look for drafts and archived records of the spaces they edit.
  if (can(reader, 'content.view_drafts', space ? { spaceId: space.id } : {})) specs.push(STATUS_FACET);
  const filtersFor = (skip?: string) => {
    const out: Record<string, string[]> = {};
    for (const spec of specs) if (spec.param !== skip && params.filters[spec.param]) out[spec.facet] = params.filters[spec.param]!;
    return out;
  };
  const base: SearchQuery = {
    q: params.q,
    reader,
    types: [kind],
    spaceIds: space ? [space.id] : undefined,
    filters: filtersFor(),
    facets: specs.map((s) => s.facet),
    limit: LISTING_PAGE_SIZE,
    offset: (params.page - 1) * LISTING_PAGE_SIZE,
  };
  const main = await search(db, base);
  const facets: FacetGroup[] = [];
  for (const spec of specs) {
    const selected = params.filters[spec.param] ?? [];
    let counts = main.facets[spec.facet] ?? [];
    if (selected.length) {
      const other = await search(db, { ...base, filters: filtersFor(spec.param), facets: [spec.facet], limit: 0, offset: 0 });
      counts = other.facets[spec.facet] ?? [];
    }
    const values = counts.map((c) => ({ value: c.value, count: c.count, selected: selected.includes(c.value) }));
    // A chosen value stays on the page (to be removed again) even when nothing matches it.
    for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0, selected: true });
    facets.push({ param: spec.param, values });
  }
  const bySpace = space ? (await search(db, { ...base, spaceIds: undefined, facets: [], limit: 0, offset: 0 })).facets.space : main.facets.space;
  const spaceCounts = spaces
    .map((s) => ({ space: s, count: bySpace?.find((c) => c.value === s.id)?.count ?? 0, selected: s.id === space?.id }))
    .filter((s) => s.count > 0 || s.selected);

  // The page's records in two queries; one changed or removed since it was indexed is left out.
  const ids = main.items.map((hit) => hit.entityId);
  const urls = new Map(main.items.map((hit) => [hit.entityId, hit.url]));
  const items: ListingItem[] =
    kind === ORGANIZATION
      ? (await directory.getOrganizations(reader, ids)).map((o) => ({ id: o.id, url: urls.get(o.id)!, name: o.name, type: o.type, domains: o.domains, regionCode: o.regionCode, professions: [], verifiedAt: o.verifiedAt, status: o.status }))
      : (await directory.getPeople(reader, ids)).map((p) => ({ id: p.id, url: urls.get(p.id)!, name: p.name, type: null, domains: p.domains, regionCode: p.regionCode, professions: p.professions, verifiedAt: p.verifiedAt, status: p.status }));

  const regionNames = new Map<string, TranslatedText>();
  const regions: Region[] = [];
  for (const s of space ? [space] : spaces) {
    const list = await listRegions(db, s.id);
    for (const r of list) regionNames.set(r.code, r.name);
    if (s === space) regions.push(...list);
  }
  return { params, space, spaces, total: main.total, items, facets, spaceCounts, regionNames, regions };
}
