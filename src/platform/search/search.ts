/**
 * The search engine shared by every module: one index for all entity types, so one query gives
 * one ranked list. Text is analysed in our own code (analyzer.ts) identically for documents and
 * queries; the terms are stored hex-encoded so neither database's parser can alter them, then
 * ranked by SQLite FTS5 (BM25) or PostgreSQL tsvector (ts_rank).
 *
 * Visibility lives inside the query: an entity is indexed as one row per audience range
 * (level_lo…level_hi, 0 visitor … 3 admin), each row holding only the fields that audience may
 * see, so a member-only field or a draft can never reach a visitor's results, snippets or
 * facet counts.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { levelIn, type Principal } from '../auth/policy.js';
import type { Db, DbOrTrx } from '../db/index.js';
import { fromJson } from '../db/json.js';
import type { TranslatedText } from '../i18n/content.js';
import { analyze, analyzeQuery, termToken } from './analyzer.js';
import { LANGUAGE_FACET, LANGUAGE_SPEC } from './languages.js';
import { layoutInForce, layoutOf, type CompiledLayout } from './layouts.js';
import { flushIndexWrites, isPostgres } from './writes.js';

export { batchIndexWrites, clearEntityType, discardIndexWrites, flushIndexWrites, indexEntity, removeEntity } from './writes.js';

/** Reader levels: what a visitor, member, editor and admin of a space may see. */
export const LEVEL = { visitor: 0, member: 1, editor: 2, admin: 3 } as const;

/** What one audience range sees of an entity. */
export interface IndexVariant {
  levelLo: number;
  levelHi: number;
  title: TranslatedText;
  /** Every visible text field, joined by newlines; snippets are cut from it. */
  body: string;
  /** Facet values, e.g. { domain: ['A', 'C'], region: ['LA-VT'], lang: ['lo', 'en'] }. */
  facets: Record<string, string[]>;
  /**
   * Named groups: when given, only members of one of these groups (whose level is in the range)
   * see this row. Give the space's editors their own ungrouped variant beside it.
   */
  groupIds?: string[];
}

/** An entity as the index receives it from its module. */
export interface IndexEntry {
  entityType: string;
  entityId: string;
  spaceId: string | null;
  url: string;
  /** One per audience range; no reader may match two variants. No variant = not searchable. */
  variants: IndexVariant[];
}

/** A piece of a snippet: plain text, marked when it matched the query. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One result. */
export interface SearchHit {
  entityType: string;
  entityId: string;
  spaceId: string | null;
  url: string;
  title: TranslatedText;
  snippet: SnippetPart[];
  score: number;
}

/** A search request. `filters` are facet values (AND between facets, OR within one). */
export interface SearchQuery {
  q: string;
  reader: Principal;
  types?: string[];
  spaceIds?: string[];
  filters?: Record<string, string[]>;
  /** Facets to count (besides `type`, always counted). */
  facets?: string[];
  limit: number;
  offset: number;
}

/** Results, the total number of matches, and facet counts over all matches (`type` and `space`, by id, always). */
export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
}

/** SQL that keeps only the rows whose audience range contains the reader's level in their space. */
function visibilitySql(reader: Principal): RawBuilder<SqlBool> {
  const groups = [...(reader.groups ?? [])];
  const grouped = groups.length
    ? sql<SqlBool>`(d.grouped = 0 or exists (select 1 from search_groups g where g.doc_id = d.doc_id and g.group_id in (${sql.join(groups)})))`
    : sql<SqlBool>`d.grouped = 0`;
  if (reader.isPlatformAdmin) return sql<SqlBool>`(d.level_lo <= 3 and d.level_hi >= 3 and d.grouped = 0)`;
  const bySpace = new Map<number, string[]>();
  for (const spaceId of reader.roles.keys()) {
    const level = levelIn(reader, spaceId);
    bySpace.set(level, [...(bySpace.get(level) ?? []), spaceId]);
  }
  const parts: RawBuilder<SqlBool>[] = [];
  for (const [level, spaces] of bySpace) {
    parts.push(sql<SqlBool>`(d.space_id in (${sql.join(spaces)}) and d.level_lo <= ${level} and d.level_hi >= ${level})`);
  }
  const known = [...reader.roles.keys()];
  const elsewhere = known.length ? sql`(d.space_id is null or d.space_id not in (${sql.join(known)}))` : sql`1 = 1`;
  parts.push(sql<SqlBool>`(${elsewhere} and d.level_lo <= 0 and d.level_hi >= 0)`);
  return sql<SqlBool>`((${sql.join(parts, sql` or `)}) and ${grouped})`;
}

/** Whether any value of a bits facet is set: `(kbits & mask) != 0`, the mask as a literal (exact below 2^53). */
function anyBits(column: BitColumn, mask: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`d.${column}`)} & ${sql.lit(mask)}) != 0`;
}

type BitColumn = 'kbits' | 'lbits';

/** A facet kept as bits on the row: in the layout's kbits, or the engine's languages in lbits. */
interface BitSpec {
  column: BitColumn;
  values: ReadonlyMap<string, number>;
  overflow: number;
}

/**
 * How a query reads its facets: the entity type's inline layout (when it can answer the whole
 * query), and whether the engine's language bits are used (off only for the tests that compare
 * against the plain search_facets path).
 */
interface Plan {
  layout: CompiledLayout | null;
  engineBits: boolean;
}

/** Where a facet is kept inline, if it is. */
function columnOf(plan: Plan, facet: string): 'k1' | 'k2' | 'k3' | 'k4' | undefined {
  return plan.layout?.columns.get(facet);
}

function bitsOf(plan: Plan, facet: string): BitSpec | undefined {
  const spec = plan.layout?.bits.get(facet);
  if (spec) return { column: 'kbits', ...spec };
  if (plan.engineBits && facet === LANGUAGE_FACET && !columnOf(plan, facet)) return { column: 'lbits', ...LANGUAGE_SPEC };
  return undefined;
}

function maskOf(values: Iterable<number>): number {
  let mask = 0;
  for (const i of values) mask += 2 ** i;
  return mask;
}

function facetExists(facet: string, values: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from search_facets f where f.doc_id = d.doc_id and f.facet = ${facet} and f.value in (${sql.join(values)}))`;
}

/** The WHERE conditions of a query; facet filters read inline columns when the layout has them. */
function filtersSql(query: SearchQuery, plan: Plan): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [visibilitySql(query.reader)];
  if (query.types?.length) where.push(sql<SqlBool>`d.entity_type in (${sql.join(query.types)})`);
  if (query.spaceIds?.length) where.push(sql<SqlBool>`d.space_id in (${sql.join(query.spaceIds)})`);
  for (const [facet, raw] of Object.entries(query.filters ?? {})) {
    const values = [...new Set(raw.map((v) => v.slice(0, 100)))];
    if (!values.length) continue;
    const column = columnOf(plan, facet);
    const bits = bitsOf(plan, facet);
    if (column) {
      where.push(sql<SqlBool>`${sql.ref(`d.${column}`)} in (${sql.join(values)})`);
    } else if (bits) {
      const known = values.filter((v) => bits.values.has(v));
      const other = values.filter((v) => !bits.values.has(v));
      const any: RawBuilder<SqlBool>[] = [];
      if (known.length) any.push(anyBits(bits.column, maskOf(known.map((v) => bits.values.get(v)!))));
      // A value outside the list: only rows with the overflow bit can have it.
      if (other.length) any.push(sql<SqlBool>`(${anyBits(bits.column, 2 ** bits.overflow)} and ${facetExists(facet, other)})`);
      where.push(sql<SqlBool>`(${sql.join(any, sql` or `)})`);
    } else {
      where.push(facetExists(facet, values));
    }
  }
  return where;
}

/** The entity type's inline layout when it can answer every filter and facet of the query. */
async function inlineLayoutFor(db: DbOrTrx, query: SearchQuery): Promise<CompiledLayout | null> {
  if (query.types?.length !== 1) return null;
  const layout = layoutOf(query.types[0]!);
  if (!layout) return null;
  const inline = (f: string) => layout.columns.has(f) || layout.bits.has(f) || f === LANGUAGE_FACET;
  if (!(query.facets ?? []).every(inline) || !Object.keys(query.filters ?? {}).every(inline)) return null;
  return (await layoutInForce(db, layout)) ? layout : null;
}

type Counts = Map<string, Map<string, number>>;

function bump(counts: Counts, facet: string, value: string | null, n: number): void {
  if (value === null || n === 0) return;
  let m = counts.get(facet);
  if (!m) counts.set(facet, (m = new Map()));
  m.set(value, (m.get(value) ?? 0) + n);
}

/** Facet lists, by count then value, the same on both databases (sorted here, not by collation). */
function facetLists(counts: Counts, names: string[]): SearchResult['facets'] {
  const out: SearchResult['facets'] = {};
  for (const name of names) {
    out[name] = [...(counts.get(name) ?? new Map<string, number>())]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return out;
}

/** Where a text may be cut without cutting a word: after the whitespace nearest past `at`. */
function cutAfter(body: string, at: number): number {
  if (at >= body.length) return body.length;
  const m = /\s/u.exec(body.slice(at, at + 500));
  return m ? at + m.index + 1 : Math.min(body.length, at + 500);
}

/** Where a window starting at `at` may begin without cutting a word: just after the whitespace before it. */
function cutBefore(body: string, at: number): number {
  for (let i = at; i > Math.max(0, at - 500); i--) if (/\s/u.test(body[i - 1]!)) return i;
  return at <= 500 ? 0 : at;
}

/** Pieces of the text in which to look for the first match (cut after whitespace). */
const SNIPPET_PIECE = 1500;

/**
 * Cuts a snippet of about `width` characters around the first match, marking every match in it.
 * A page of extracted text runs to thousands of characters and a result page shows twenty, so
 * the text is analysed a piece at a time until the first match, then only the snippet's window.
 */
export function makeSnippet(body: string, terms: string[], prefixLast: boolean, width = 180): SnippetPart[] {
  const wanted = new Set(terms);
  const prefix = prefixLast ? terms[terms.length - 1] : undefined;
  const matches = (term: string) => wanted.has(term) || (prefix !== undefined && term.startsWith(prefix));
  let first = 0;
  if (terms.length) {
    for (let from = 0; from < body.length; ) {
      const to = cutAfter(body, from + SNIPPET_PIECE);
      const hit = analyze(body.slice(from, to)).find((t) => matches(t.term));
      if (hit) {
        first = from + hit.start;
        break;
      }
      from = to;
    }
  }
  const { start, end } = snippetWindow(body, first, width);
  // The matches inside the window, from the window widened to whole words.
  const from = cutBefore(body, start);
  const spans = terms.length
    ? analyze(body.slice(from, cutAfter(body, end)))
        .filter((t) => matches(t.term))
        .map((t) => [from + t.start, from + t.end] as const)
    : [];
  return snippetParts(body, start, end, spans);
}

/** The window of a snippet around the first match (a third of it before, starting at a word). */
export function snippetWindow(body: string, first: number, width: number): { start: number; end: number } {
  let start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(body.length, start + width);
  if (start > 0) {
    const space = body.lastIndexOf(' ', start);
    if (space > start - 20 && space >= 0) start = space + 1;
  }
  return { start, end };
}

/** The snippet's parts: the window's text with the matches inside it marked, '…' where it is cut. */
export function snippetParts(body: string, start: number, end: number, spans: readonly (readonly [number, number])[]): SnippetPart[] {
  const unique = [...new Map(spans.map((s) => [s[0], s])).values()].sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', match: false });
  let cursor = start;
  for (const [s, e] of unique) {
    if (s < cursor || e > end) continue;
    if (s > cursor) parts.push({ text: body.slice(cursor, s), match: false });
    parts.push({ text: body.slice(s, e), match: true });
    cursor = e;
  }
  if (cursor < end) parts.push({ text: body.slice(cursor, end), match: false });
  if (end < body.length) parts.push({ text: '…', match: false });
  return parts;
}

/**
 * Runs a search: ranked page of hits, total, and facet counts — all within the reader's
 * visibility. A text search finds its matches once (one statement ranks the page and groups the
 * counts: type, space, the facets kept on the row); a listing runs the page and one grouped count
 * (from the aggregate search_counts when the layout allows). Facets not kept on the row, and
 * values outside a bit list, take one more statement: a join on search_facets.
 */
export async function search(db: DbOrTrx, query: SearchQuery): Promise<SearchResult> {
  return runSearch(db, query, { layout: await inlineLayoutFor(db, query), engineBits: true });
}

/** search() without inline facets or language bits: the general path, for tests that compare both paths. */
export function searchWithoutInlineFacets(db: DbOrTrx, query: SearchQuery): Promise<SearchResult> {
  return runSearch(db, query, { layout: null, engineBits: false });
}

async function runSearch(db: DbOrTrx, query: SearchQuery, plan: Plan): Promise<SearchResult> {
  // Writes gathered in this transaction are visible to its searches.
  await flushIndexWrites(db);
  const { layout } = plan;
  const { terms, prefixLast } = analyzeQuery(query.q);
  const tokens = terms.map(termToken);
  const postgres = isPostgres(db);
  const where = filtersSql(query, plan);
  let from: RawBuilder<unknown>;
  let score: RawBuilder<number>;
  let order: RawBuilder<unknown>;
  if (tokens.length === 0) {
    // SQLite's planner picked the date index and read every row of a country through the table
    // (165 ms at 100k); naming the covering index for the case keeps a listing in the index.
    const hint = postgres || query.types?.length !== 1 ? sql`` : query.spaceIds?.length ? sql` indexed by search_documents_list_idx` : sql` indexed by search_documents_date_idx`;
    from = sql`search_documents d${hint}`;
    score = sql<number>`0`;
    order = sql`d.updated_at desc, d.doc_id desc`;
  } else if (postgres) {
    const tsquery = tokens.map((t, i) => (prefixLast && i === tokens.length - 1 ? `${t}:*` : t)).join(' & ');
    from = sql`search_documents d`;
    where.push(sql<SqlBool>`d.tsv @@ cast(${tsquery} as tsquery)`);
    score = sql<number>`ts_rank(d.tsv, cast(${tsquery} as tsquery))`;
    order = sql`score desc, d.doc_id desc`;
  } else {
    const match = tokens.map((t, i) => (prefixLast && i === tokens.length - 1 ? `${t}*` : t)).join(' ');
    from = sql`search_fts join search_documents d on d.doc_id = search_fts.rowid`;
    where.push(sql<SqlBool>`search_fts match ${match}`);
    // bm25 is lower for better matches; the title column weighs five times the body.
    score = sql<number>`(0 - bm25(search_fts, 5.0, 1.0))`;
    order = sql`score desc, d.doc_id desc`;
  }
  const whereSql = sql.join(where, sql` and `);
  const wanted = [...new Set(query.facets ?? [])].filter((f) => f !== 'type' && f !== 'space');
  // The grouped count: type and space always, plus the facets kept on the row (the layout's
  // columns, its bits and the engine's language bits), grouped by their columns and bit sets (a
  // few thousand groups at most), the bits decoded here.
  const columnFacets = wanted.filter((f) => columnOf(plan, f));
  const bitFacets = wanted.map((f) => [f, bitsOf(plan, f)] as const).filter((e): e is readonly [string, BitSpec] => e[1] !== undefined);
  const masks: Record<BitColumn, number> = { kbits: 0, lbits: 0 };
  for (const [, spec] of bitFacets) masks[spec.column] += maskOf([...spec.values.values(), spec.overflow]);
  // Without a text query, the aggregate table answers unless a filter needs search_facets (a
  // value outside a layout's list), the reader belongs to named groups (their rows are not in
  // it), or a facet is read from the language bits (not kept in the aggregate).
  const inLayout = (f: string) => layout !== null && (layout.columns.has(f) || layout.bits.has(f));
  const aggregate =
    layout !== null &&
    tokens.length === 0 &&
    !(query.reader.groups?.size ?? 0) &&
    wanted.every(inLayout) &&
    Object.entries(query.filters ?? {}).every(([f, values]) => layout.columns.has(f) || values.every((v) => layout.bits.get(f)?.values.has(v.slice(0, 100))));
  /** The grouping expressions, named as the columns they come from. */
  const keyed: [string, RawBuilder<unknown>][] = [
    ['t', sql`d.entity_type`],
    ['s', sql`d.space_id`],
    ...columnFacets.map((f) => [columnOf(plan, f)!, sql.ref(`d.${columnOf(plan, f)!}`)] as [string, RawBuilder<unknown>]),
    ...(['kbits', 'lbits'] as const).filter((c) => masks[c]).map((c) => [c, sql`(${sql.ref(`d.${c}`)} & ${sql.lit(masks[c])})`] as [string, RawBuilder<unknown>]),
  ];
  type PageRow = { doc_id: number; entity_type: string; entity_id: string; space_id: string | null; score: number };
  type GroupRow = Record<string, string | number | null>;
  let page: PageRow[] = [];
  let groups: GroupRow[];
  if (tokens.length && query.limit > 0) {
    // One statement for the page and the counts: the matches are found once (materialised), then
    // ranked for the page and grouped for the counts — the match was most of each statement's time.
    const names = keyed.map(([name]) => sql.ref(name));
    const result = await sql<PageRow & GroupRow & { part: number; n: number | null }>`
      with m as materialized (
        select d.doc_id, d.entity_id, ${score} as score, ${sql.join(keyed.map(([name, expr]) => sql`${expr} as ${sql.ref(name)}`))}
        from ${from} where ${whereSql})
      select 0 as part, p.doc_id, p.entity_id, p.score, null as n, ${sql.join(keyed.map(([name]) => sql`p.${sql.ref(name)}`))}
      from (select * from m order by score desc, doc_id desc limit ${query.limit} offset ${query.offset}) p
      union all
      select 1 as part, null, null, null, count(*), ${sql.join(names)} from m group by ${sql.join(names)}`.execute(db);
    page = result.rows
      .filter((r) => Number(r.part) === 0)
      .map((r) => ({ doc_id: Number(r.doc_id), entity_type: String(r.t), entity_id: String(r.entity_id), space_id: r.s === null ? null : String(r.s), score: Number(r.score) }))
      .sort((a, b) => b.score - a.score || b.doc_id - a.doc_id);
    groups = result.rows.filter((r) => Number(r.part) === 1);
  } else {
    if (query.limit > 0) {
      page = (
        await sql<PageRow>`
          select d.doc_id, d.entity_type, d.entity_id, d.space_id, ${score} as score
          from ${from} where ${whereSql} order by ${order} limit ${query.limit} offset ${query.offset}`.execute(db)
      ).rows;
    }
    const select = [...keyed.map(([name, expr]) => sql`${expr} as ${sql.ref(name)}`), aggregate ? sql`sum(d.n) as n` : sql`count(*) as n`];
    groups = (
      await sql<GroupRow>`select ${sql.join(select)} from ${aggregate ? sql`search_counts d` : from} where ${whereSql} group by ${sql.join(keyed.map(([, expr]) => expr))}`.execute(db)
    ).rows;
  }
  // The display text of the page's rows is read afterwards (sorting thousands of matches with
  // their text cost 4× more).
  const texts = new Map<number, { title: string; url: string; body: string }>();
  if (page.length) {
    const found = await db.selectFrom('search_texts').select(['doc_id', 'title', 'url', 'body']).where('doc_id', 'in', page.map((r) => Number(r.doc_id))).execute();
    for (const t of found) texts.set(Number(t.doc_id), t);
  }
  const rows = page.map((r) => ({ ...r, ...(texts.get(Number(r.doc_id)) ?? { title: '{}', url: '', body: '' }) }));

  const counts: Counts = new Map();
  let total = 0;
  // The aggregate stores '' for "none".
  const value = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  const overflowing = new Set<string>();
  for (const g of groups) {
    const n = Number(g.n);
    total += n;
    bump(counts, 'type', g.t as string, n);
    bump(counts, 'space', value(g.s), n);
    for (const f of columnFacets) bump(counts, f, value(g[columnOf(plan, f)!]), n);
    for (const [f, spec] of bitFacets) {
      const set = Number(g[spec.column] ?? 0);
      for (const [v, i] of spec.values) if (Math.floor(set / 2 ** i) % 2) bump(counts, f, v, n);
      if (Math.floor(set / 2 ** spec.overflow) % 2) overflowing.add(f);
    }
  }
  // Facets counted from search_facets: those not kept on the row, and for bit facets only the
  // values outside their list, from the few rows flagged as having one.
  const joined = [...wanted.filter((f) => !columnOf(plan, f) && !bitsOf(plan, f)), ...overflowing];
  if (joined.length && total > 0) {
    const which = joined.map((f) => {
      const spec = bitsOf(plan, f);
      return spec ? sql<SqlBool>`(f.facet = ${f} and ${anyBits(spec.column, 2 ** spec.overflow)})` : sql<SqlBool>`f.facet = ${f}`;
    });
    const counted = await sql<{ facet: string; value: string; n: number }>`
      select f.facet, f.value, count(*) as n from ${from} join search_facets f on f.doc_id = d.doc_id
      where ${whereSql} and (${sql.join(which, sql` or `)})
      group by f.facet, f.value`.execute(db);
    for (const r of counted.rows) {
      if (bitsOf(plan, r.facet)?.values.has(r.value)) continue;
      bump(counts, r.facet, r.value, Number(r.n));
    }
  }
  return {
    total,
    facets: facetLists(counts, ['type', 'space', ...wanted]),
    items: rows.map((r) => ({
      entityType: r.entity_type,
      entityId: r.entity_id,
      spaceId: r.space_id,
      url: r.url,
      title: fromJson<TranslatedText>(r.title, {}),
      snippet: tokens.length ? makeSnippet(r.body, terms, prefixLast) : makeSnippet(r.body, [], false),
      score: Number(r.score),
    })),
  };
}

/** Rows and size of the index, for `mosaic reindex` and the bench. */
export async function indexStats(db: Db): Promise<{ documents: number; facets: number }> {
  const d = await db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const f = await db.selectFrom('search_facets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { documents: Number(d?.n ?? 0), facets: Number(f?.n ?? 0) };
}
