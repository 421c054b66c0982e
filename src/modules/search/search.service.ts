/** The global search: parses what the reader asked for and runs the shared engine. */
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { parseLocale } from '../../platform/i18n/locales.js';
import { search, type SearchHit, type SearchResult, type SnippetPart } from '../../platform/search/search.js';
import { getSpace, listSpaces } from '../spaces/spaces.service.js';

/** Page size of the search page. */
export const SEARCH_PAGE_SIZE = 20;

/** A search request as pages and the API receive it. */
export interface GlobalSearchInput {
  q?: string;
  types?: string[];
  space?: string;
  lang?: string;
  limit?: number;
  offset?: number;
}

/** A hit with the code of its space. */
export type GlobalHit = SearchHit & { spaceCode: string | null };

/** Results of a global search; facet `space` values are space codes. */
export type GlobalSearchResult = Omit<SearchResult, 'items'> & { items: GlobalHit[] };

/** Runs a global search for a reader. */
export async function globalSearch(db: Db, reader: Principal, input: GlobalSearchInput): Promise<GlobalSearchResult> {
  const space = input.space ? await getSpace(db, input.space) : null;
  const lang = input.lang ? parseLocale(input.lang) : null;
  const result = await search(db, {
    q: (input.q ?? '').slice(0, 500),
    reader,
    types: input.types?.filter(Boolean),
    spaceIds: space ? [space.id] : undefined,
    filters: lang ? { lang: [lang] } : {},
    facets: ['lang'],
    limit: Math.min(Math.max(input.limit ?? SEARCH_PAGE_SIZE, 1), 100),
    offset: Math.min(Math.max(input.offset ?? 0, 0), 10_000),
  });
  const codes = new Map((await listSpaces(db)).map((s) => [s.id, s.code]));
  result.facets.space = (result.facets.space ?? []).map((f) => ({ value: codes.get(f.value) ?? f.value, count: f.count }));
  return { ...result, items: result.items.map((i) => ({ ...i, spaceCode: i.spaceId ? (codes.get(i.spaceId) ?? null) : null })) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A snippet as HTML: escaped text with <mark> around matches (for API clients). */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts.map((p) => {
    const escaped = p.text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
    return p.match ? `<mark>${escaped}</mark>` : escaped;
  }).join('');
}
