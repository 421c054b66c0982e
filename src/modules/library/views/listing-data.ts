/**
 * What /library shows: the library search (library.search.ts) for the query string's words,
 * filters, order and page, with facet labels, the countries and the page's resources.
 */
import { can, type Principal } from '../../../platform/auth/policy.js';
import type { Db } from '../../../platform/db/index.js';
import type { TranslatedText } from '../../../platform/i18n/content.js';
import type { SnippetPart } from '../../../platform/search/search.js';
import { listRegions, listSpaces, type Space } from '../../spaces/spaces.service.js';
import { searchLibrary, type LibraryFacet, type LibrarySearchInput, type SortOrder } from '../library.search.js';
import type { LibraryService, ResourceView, SnippetSource } from '../library.service.js';
import { all, first, pageNumber, type Query } from '../../directory/views/common.js';

/** A facet of the listing: its URL parameter and its name in the library search. */
export interface FacetSpec {
  param: string;
  facet: string;
}

const FACETS: FacetSpec[] = [
  { param: 'type', facet: 'type' },
  { param: 'domain', facet: 'domain' },
  { param: 'lang', facet: 'lang' },
  { param: 'year', facet: 'year' },
  { param: 'region', facet: 'region' },
  { param: 'sdg', facet: 'sdg' },
  { param: 'area', facet: 'area' },
];
const ACCESS_FACET: FacetSpec = { param: 'access', facet: 'access' };
const STATUS_FACET: FacetSpec = { param: 'status', facet: 'status' };
/** Facets read from the query string (those a reader may not use are dropped later). */
export const LISTING_PARAMS = [...FACETS, ACCESS_FACET, STATUS_FACET].map((f) => f.param);

/** Results per page. */
export const LIBRARY_PAGE_SIZE = 20;
const VALUE = /^[A-Za-z0-9_.-]{1,40}$/;

export type { SortOrder };

/** A listing request, parsed and bounded. */
export interface LibraryParams {
  q: string;
  space: string | null;
  filters: Record<string, string[]>;
  sort: SortOrder;
  page: number;
}

/** Reads the listing's query string; junk is dropped, never an error. */
export function parseLibraryQuery(query: Query): LibraryParams {
  const q = (first(query.q) ?? '').slice(0, 200);
  const space = /^[A-Za-z]{2}$/.test(first(query.space) ?? '') ? first(query.space)!.toUpperCase() : null;
  const filters: Record<string, string[]> = {};
  for (const param of LISTING_PARAMS) {
    const values = [...new Set(all(query[param]).filter((v) => VALUE.test(v)))].slice(0, 10);
    if (param === 'region') for (let i = 0; i < values.length; i++) values[i] = values[i]!.toUpperCase();
    if (values.length) filters[param] = values;
  }
  const sort: SortOrder = first(query.sort) === 'date' ? 'date' : first(query.sort) === 'relevance' ? 'relevance' : q.trim() ? 'relevance' : 'date';
  return { q, space, filters, sort, page: pageNumber(query.page) };
}

/** The query string of a listing with changes: toggle one facet value, choose a space, sort or page. */
export function libraryQuery(params: LibraryParams, change: { toggle?: [string, string]; space?: string | null; sort?: SortOrder; page?: number } = {}): string {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  const space = change.space !== undefined ? change.space : params.space;
  if (space) out.set('space', space);
  const filters: Record<string, string[]> = { ...params.filters };
  if (change.toggle) {
    const [param, value] = change.toggle;
    const current = filters[param] ?? [];
    filters[param] = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  }
  for (const [param, values] of Object.entries(filters)) for (const v of values) out.append(param, v);
  const sort = change.sort ?? params.sort;
  // The default order needs no parameter: relevance with words, date without.
  if (sort !== (params.q.trim() ? 'relevance' : 'date')) out.set('sort', sort);
  if (change.page && change.page > 1) out.set('page', String(change.page));
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** A facet with its values and counts. */
export interface FacetGroup {
  param: string;
  values: { value: string; count: number; selected: boolean }[];
}

/** One result: the resource, and when words were searched, the snippet and its page. */
export interface LibraryItem {
  resource: ResourceView;
  snippet: SnippetPart[] | null;
  source: SnippetSource | null;
}

/** Everything the listing page needs. */
export interface LibraryListing {
  params: LibraryParams;
  space: Space | null;
  spaces: Space[];
  total: number;
  items: LibraryItem[];
  facets: FacetGroup[];
  spaceCounts: { space: Space; count: number; selected: boolean }[];
  regionNames: Map<string, TranslatedText>;
}

/** Runs a listing for a reader. */
export async function loadLibraryListing(db: Db, library: LibraryService, reader: Principal, params: LibraryParams): Promise<LibraryListing> {
  const spaces = await listSpaces(db);
  const space = spaces.find((s) => s.code === params.space) ?? null;
  if (!space) params = { ...params, space: null };
  const specs = [...FACETS];
  if (reader.userId) specs.push(ACCESS_FACET);
  if (can(reader, 'content.view_drafts', space ? { spaceId: space.id } : {})) specs.push(STATUS_FACET);
  // Filters a reader may not use are dropped rather than carried on into every link.
  const allowed = new Set(specs.map((s) => s.param));
  params = { ...params, filters: Object.fromEntries(Object.entries(params.filters).filter(([p]) => allowed.has(p))) };
  const result = await searchLibrary(db, library, reader, {
    q: params.q,
    spaceIds: space ? [space.id] : undefined,
    filters: params.filters as LibrarySearchInput['filters'],
    sort: params.sort,
    limit: LIBRARY_PAGE_SIZE,
    offset: (params.page - 1) * LIBRARY_PAGE_SIZE,
  });
  const facets: FacetGroup[] = specs.map((spec) => {
    const selected = params.filters[spec.param] ?? [];
    const values = (result.facets[spec.param as LibraryFacet] ?? []).map((c) => ({ value: c.value, count: c.count, selected: selected.includes(c.value) }));
    for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0, selected: true });
    // Years read best newest first, and codes in their own order; the others by count.
    if (spec.param === 'year') values.sort((a, b) => Number(b.value) - Number(a.value));
    if (spec.param === 'sdg') values.sort((a, b) => Number(a.value) - Number(b.value));
    if (spec.param === 'area') values.sort((a, b) => (a.value < b.value ? -1 : 1));
    return { param: spec.param, values };
  });
  const spaceCounts = spaces
    .map((s) => ({ space: s, count: result.spaces.find((c) => c.value === s.id)?.count ?? 0, selected: s.id === space?.id }))
    .filter((s) => s.count > 0 || s.selected);
  const views = await library.getResources(reader, result.ids);
  const items: LibraryItem[] = views.map((resource) => ({ resource, snippet: result.hits.get(resource.id)?.snippet ?? null, source: result.hits.get(resource.id)?.source ?? null }));
  const regionNames = new Map<string, TranslatedText>();
  for (const s of spaces) for (const r of await listRegions(db, s.id)) regionNames.set(r.code, r.name);
  return { params, space, spaces, total: result.total, items, facets, spaceCounts, regionNames };
}
