/**
 * Searching the library, for its pages and its API. A resource is found by its metadata (its own
 * index row) or by the text of its files (rows of a few thousand characters, each within a page),
 * always within what the reader may see, which the engine decides. The engine gives the matching
 * resources; filters, facet counts (each facet counted without its own filter) and the order by
 * date are then worked out here over those resources, so a resource counts once however many of
 * its pages match. Relevance puts matches in the metadata first, then resources with more
 * matching text; a hit's snippet comes from its best-ranked row: a page of a file, whose number
 * it names, or the metadata.
 */
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { search, type SnippetPart } from '../../platform/search/search.js';
import { sdgGoalOf } from './classification.js';
import type { FacetRow } from './library.repository.js';
import { RESOURCE, RESOURCE_TEXT, type LibraryService, type SnippetSource } from './library.service.js';

/** Filters and facets, by their name in URLs and the API. */
export const LIBRARY_FACETS = ['type', 'domain', 'lang', 'year', 'region', 'sdg', 'area', 'access', 'status'] as const;
/** A facet name. */
export type LibraryFacet = (typeof LIBRARY_FACETS)[number];

/** How results are ordered. */
export type SortOrder = 'relevance' | 'date';

/** A library search. Filters: AND between facets, OR within one. */
export interface LibrarySearchInput {
  q: string;
  spaceIds?: string[];
  filters: Partial<Record<LibraryFacet, string[]>>;
  sort: SortOrder;
  limit: number;
  offset: number;
}

/** The answer: a page of resource ids, the total, facet and space counts, snippets with their source. */
export interface LibrarySearchResult {
  ids: string[];
  total: number;
  facets: Record<LibraryFacet, { value: string; count: number }[]>;
  /** Counts by space id, over every space (the space filter left out). */
  spaces: { value: string; count: number }[];
  hits: Map<string, { snippet: SnippetPart[]; source: SnippetSource | null }>;
}

/** Rows read per resource of the page to find its best snippet (each row's snippet costs an analysis). */
const SNIPPET_ROWS = 2;
/** Resources of one search, at most (beyond that, the first ones by the engine's order). */
const MAX_MATCHES = 20_000;

/** The values of one facet of a resource. */
function valuesOf(row: FacetRow, facet: LibraryFacet): string[] {
  switch (facet) {
    case 'type':
      return [row.type];
    case 'domain':
      return fromJson<string[]>(row.domains, []);
    case 'lang':
      return fromJson<string[]>(row.languages, []);
    case 'year':
      return row.year ? [String(row.year)] : [];
    case 'region':
      return fromJson<string[]>(row.coverage_regions, []);
    case 'sdg':
      return [...new Set(fromJson<string[]>(row.sdgs, []).map(sdgGoalOf))];
    case 'area':
      return fromJson<string[]>(row.convention_areas, []);
    case 'access':
      return [row.access];
    case 'status':
      return [row.status];
  }
}

function newer(a: FacetRow, b: FacetRow): number {
  if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? 1 : -1;
  return a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1;
}

function sorted(counts: Map<string, number>): { value: string; count: number }[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/** The resource id of an index row (its page address is /library/<id>). */
function resourceOf(hit: { entityType: string; entityId: string; url: string }): string {
  return hit.entityType === RESOURCE ? hit.entityId : (/^\/library\/([0-9a-f-]{36})/.exec(hit.url)?.[1] ?? '');
}

/** Runs a library search for a reader. */
export async function searchLibrary(db: Db, library: LibraryService, reader: Principal, input: LibrarySearchInput): Promise<LibrarySearchResult> {
  const q = input.q.trim();
  // Matching resources, and how many of their rows match: the metadata row, pieces of text.
  const collect = async (type: string) => {
    const r = await search(db, { q, reader, types: [type], facets: ['rid'], limit: 0, offset: 0 });
    return new Map((r.facets.rid ?? []).map((f) => [f.value, f.count]));
  };
  const byMeta = await collect(RESOURCE);
  const byText = q ? await collect(RESOURCE_TEXT) : new Map<string, number>();
  const rows = await library.facetRows([...new Set([...byMeta.keys(), ...byText.keys()])].slice(0, MAX_MATCHES));

  const filters = Object.entries(input.filters).filter(([, v]) => v && v.length) as [LibraryFacet, string[]][];
  const inSpace = (r: FacetRow) => !input.spaceIds?.length || input.spaceIds.includes(r.space_id);
  const passes = (r: FacetRow, skip?: LibraryFacet) => filters.every(([facet, wanted]) => facet === skip || valuesOf(r, facet).some((v) => wanted.includes(v)));
  const kept = rows.filter((r) => inSpace(r) && passes(r));

  const facets = {} as LibrarySearchResult['facets'];
  for (const facet of LIBRARY_FACETS) {
    const counts = new Map<string, number>();
    for (const r of rows) if (inSpace(r) && passes(r, facet)) for (const v of valuesOf(r, facet)) counts.set(v, (counts.get(v) ?? 0) + 1);
    facets[facet] = sorted(counts);
  }
  const bySpace = new Map<string, number>();
  for (const r of rows) if (passes(r)) bySpace.set(r.space_id, (bySpace.get(r.space_id) ?? 0) + 1);

  // Relevance: a match in the metadata (title, summary, authors…) first, then by how many pieces
  // of the files' text match; the engine's ranking then picks each resource's best snippet.
  const relevance = (r: FacetRow) => (byMeta.has(r.id) ? 1_000_000 : 0) + (byText.get(r.id) ?? 0);
  const order = kept.sort((a, b) => (q && input.sort === 'relevance' ? relevance(b) - relevance(a) : 0) || newer(a, b)).map((r) => r.id);
  const ids = order.slice(input.offset, input.offset + input.limit);

  const hits: LibrarySearchResult['hits'] = new Map();
  const textRows = new Map<string, string>();
  const take = (items: { entityType: string; entityId: string; url: string; snippet: SnippetPart[] }[]) => {
    for (const h of items) {
      const id = resourceOf(h);
      if (!ids.includes(id) || hits.has(id)) continue;
      hits.set(id, { snippet: h.snippet, source: null });
      if (h.entityType === RESOURCE_TEXT) textRows.set(id, h.entityId);
    }
  };
  if (q && ids.length) {
    const types = [RESOURCE, RESOURCE_TEXT];
    take((await search(db, { q, reader, types, filters: { rid: ids }, limit: ids.length * SNIPPET_ROWS, offset: 0 })).items);
    // Resources whose rows all ranked below others' get their best row one by one.
    for (const id of ids.filter((i) => !hits.has(i))) take((await search(db, { q, reader, types, filters: { rid: [id] }, limit: 1, offset: 0 })).items);
  }
  const sources = await library.textSources([...textRows].map(([id, rowId]) => ({ rowId, snippet: hits.get(id)!.snippet })));
  for (const [id, rowId] of textRows) hits.get(id)!.source = sources.get(rowId) ?? null;
  return { ids, total: kept.length, facets, spaces: sorted(bySpace), hits };
}
