/**
 * The experiment behind the recommendation printed with the directory benchmark: the statements of
 * search() (platform/search/search.ts) rewritten to scan the matches fewer times, plus covering
 * indexes and SQLite read settings, timed against search() itself on a database kept by
 * `npx tsx bench/directory.ts --keep`. Every rewritten call is checked to give the same page,
 * total and facet counts as search() before it is timed.
 *
 * Run: npx tsx bench/search-experiment.ts <file.sqlite | postgres schema name> [--runs 100]
 * It adds two indexes to that database (the kept copy only; the application schema is untouched).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresAdapter, PostgresDialect, sql, type RawBuilder, type SqlBool } from 'kysely';
import pg from 'pg';
import { levelIn, type Principal } from '../src/platform/auth/policy.js';
import { openDatabase, type DatabaseHandle, type Db } from '../src/platform/db/index.js';
import type { Database } from '../src/platform/db/schema.js';
import { fromJson } from '../src/platform/db/json.js';
import type { TranslatedText } from '../src/platform/i18n/content.js';
import { analyzeQuery, termToken } from '../src/platform/search/analyzer.js';
import { makeSnippet, search, type SearchQuery, type SearchResult } from '../src/platform/search/search.js';
import { getSpace } from '../src/modules/spaces/spaces.service.js';
import { COUNTRIES } from '../src/modules/demo/wordlists/index.js';
import { createRng } from '../src/modules/demo/wordlists/random.js';
import { ORGANIZATION } from '../src/modules/directory/directory.service.js';
import { DEFAULTS, listingQuery, QUERIES, readers, stats, type Stats } from './directory.js';

// --- the same visibility and filters as search.ts (copied: the experiment must not change them) ---

function visibilitySql(reader: Principal): RawBuilder<SqlBool> {
  if (reader.isPlatformAdmin) return sql<SqlBool>`(d.level_lo <= 3 and d.level_hi >= 3)`;
  const bySpace = new Map<number, string[]>();
  for (const spaceId of reader.roles.keys()) {
    const level = levelIn(reader, spaceId);
    bySpace.set(level, [...(bySpace.get(level) ?? []), spaceId]);
  }
  const parts: RawBuilder<SqlBool>[] = [];
  for (const [level, spaces] of bySpace) parts.push(sql<SqlBool>`(d.space_id in (${sql.join(spaces)}) and d.level_lo <= ${level} and d.level_hi >= ${level})`);
  const known = [...reader.roles.keys()];
  const elsewhere = known.length ? sql`(d.space_id is null or d.space_id not in (${sql.join(known)}))` : sql`1 = 1`;
  parts.push(sql<SqlBool>`(${elsewhere} and d.level_lo <= 0 and d.level_hi >= 0)`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function filtersSql(query: SearchQuery): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [visibilitySql(query.reader)];
  if (query.types?.length) where.push(sql<SqlBool>`d.entity_type in (${sql.join(query.types)})`);
  if (query.spaceIds?.length) where.push(sql<SqlBool>`d.space_id in (${sql.join(query.spaceIds)})`);
  for (const [facet, values] of Object.entries(query.filters ?? {})) {
    if (!values.length) continue;
    where.push(sql<SqlBool>`exists (select 1 from search_facets f where f.doc_id = d.doc_id and f.facet = ${facet} and f.value in (${sql.join(values)}))`);
  }
  return where;
}

/**
 * search() with three statements instead of five: the page; one grouped count that gives the
 * total and the type and space facets together; the requested facets by a join (which a
 * (doc_id, facet, value) index covers) instead of `doc_id in (subquery)`.
 */
export async function leanSearch(db: Db, query: SearchQuery): Promise<SearchResult> {
  const { terms, prefixLast } = analyzeQuery(query.q);
  const tokens = terms.map(termToken);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const where = filtersSql(query);
  let from: RawBuilder<unknown>;
  let score: RawBuilder<number>;
  let order: RawBuilder<unknown>;
  if (tokens.length === 0) {
    from = sql`search_documents d`;
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
    score = sql<number>`(0 - bm25(search_fts, 5.0, 1.0))`;
    order = sql`score desc, d.doc_id desc`;
  }
  const whereSql = sql.join(where, sql` and `);
  const rows = await sql<{ entity_type: string; entity_id: string; space_id: string | null; url: string; title: string; body: string; score: number }>`
    select d.entity_type, d.entity_id, d.space_id, d.url, d.title, d.body, ${score} as score
    from ${from} where ${whereSql} order by ${order} limit ${query.limit} offset ${query.offset}`.execute(db);
  const groups = await sql<{ type: string; space: string | null; n: number }>`
    select d.entity_type as type, d.space_id as space, count(*) as n from ${from} where ${whereSql} group by d.entity_type, d.space_id`.execute(db);
  const facets: SearchResult['facets'] = {};
  const sumBy = (key: 'type' | 'space') => {
    const m = new Map<string, number>();
    for (const g of groups.rows) if (g[key] !== null) m.set(g[key]!, (m.get(g[key]!) ?? 0) + Number(g.n));
    return [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
  };
  facets.type = sumBy('type');
  facets.space = sumBy('space');
  if (query.facets?.length) {
    const counted = await sql<{ facet: string; value: string; n: number }>`
      select f.facet, f.value, count(*) as n from ${from} join search_facets f on f.doc_id = d.doc_id
      where ${whereSql} and f.facet in (${sql.join(query.facets)})
      group by f.facet, f.value order by n desc, f.value`.execute(db);
    for (const facet of query.facets) facets[facet] = [];
    for (const r of counted.rows) facets[r.facet]!.push({ value: r.value, count: Number(r.n) });
  }
  return {
    total: groups.rows.reduce((n, g) => n + Number(g.n), 0),
    facets,
    items: rows.rows.map((r) => ({
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

const SEP = '\u001f';

/**
 * The narrow table of the "split" variant: every column the filters, order and facet counts need,
 * with the facets of a row folded into one string, and nothing else (title, body and tokens stay
 * in search_documents, read for the 20 rows of a page only).
 */
async function addNarrowTable(db: Db, postgres: boolean): Promise<void> {
  await sql`drop table if exists search_docs_narrow`.execute(db);
  await sql`create table search_docs_narrow (doc_id ${postgres ? sql`bigint` : sql`integer`} primary key, entity_type varchar(30) not null, space_id varchar(36),
    level_lo integer not null, level_hi integer not null, updated_at varchar(30) not null, facet_keys text not null)`.execute(db);
  const agg = postgres ? sql`string_agg(f.facet || '=' || f.value, ${SEP})` : sql`group_concat(f.facet || '=' || f.value, ${SEP})`;
  await sql`insert into search_docs_narrow select d.doc_id, d.entity_type, d.space_id, d.level_lo, d.level_hi, d.updated_at,
    coalesce((select ${agg} from search_facets f where f.doc_id = d.doc_id), '') from search_documents d`.execute(db);
  await sql`create index search_docs_narrow_list_idx on search_docs_narrow (entity_type, space_id, updated_at, level_lo, level_hi, facet_keys)`.execute(db);
  await sql`analyze`.execute(db);
}

/** search() over the narrow table: the page by id, then one statement whose rows are counted here. SQLite only (FTS5). */
export async function splitSearch(db: Db, query: SearchQuery): Promise<SearchResult> {
  const { terms, prefixLast } = analyzeQuery(query.q);
  const tokens = terms.map(termToken);
  const where: RawBuilder<SqlBool>[] = [visibilitySql(query.reader)];
  if (query.types?.length) where.push(sql<SqlBool>`d.entity_type in (${sql.join(query.types)})`);
  if (query.spaceIds?.length) where.push(sql<SqlBool>`d.space_id in (${sql.join(query.spaceIds)})`);
  for (const [facet, values] of Object.entries(query.filters ?? {})) {
    if (!values.length) continue;
    const any = values.map((v) => sql<SqlBool>`instr(${SEP} || d.facet_keys || ${SEP}, ${`${SEP}${facet}=${v}${SEP}`}) > 0`);
    where.push(sql<SqlBool>`(${sql.join(any, sql` or `)})`);
  }
  let from: RawBuilder<unknown> = sql`search_docs_narrow d`;
  let score: RawBuilder<number> = sql<number>`0`;
  let order: RawBuilder<unknown> = sql`d.updated_at desc, d.doc_id desc`;
  if (tokens.length) {
    const match = tokens.map((t, i) => (prefixLast && i === tokens.length - 1 ? `${t}*` : t)).join(' ');
    from = sql`search_fts join search_docs_narrow d on d.doc_id = search_fts.rowid`;
    where.push(sql<SqlBool>`search_fts match ${match}`);
    score = sql<number>`(0 - bm25(search_fts, 5.0, 1.0))`;
    order = sql`score desc, d.doc_id desc`;
  }
  const whereSql = sql.join(where, sql` and `);
  const page = await sql<{ doc_id: number; score: number }>`select d.doc_id, ${score} as score from ${from} where ${whereSql} order by ${order} limit ${query.limit} offset ${query.offset}`.execute(db);
  const ids = page.rows.map((r) => r.doc_id);
  const docs = ids.length
    ? await sql<{ doc_id: number; entity_type: string; entity_id: string; space_id: string | null; url: string; title: string; body: string }>`
        select doc_id, entity_type, entity_id, space_id, url, title, body from search_documents where doc_id in (${sql.join(ids)})`.execute(db)
    : { rows: [] };
  const byId = new Map(docs.rows.map((d) => [Number(d.doc_id), d]));
  const all = await sql<{ entity_type: string; space_id: string | null; facet_keys: string }>`select d.entity_type, d.space_id, d.facet_keys from ${from} where ${whereSql}`.execute(db);
  const wanted = new Set(query.facets ?? []);
  const count = new Map<string, Map<string, number>>([['type', new Map()], ['space', new Map()], ...[...wanted].map((f) => [f, new Map<string, number>()] as const)]);
  const bump = (facet: string, value: string) => {
    const m = count.get(facet)!;
    m.set(value, (m.get(value) ?? 0) + 1);
  };
  for (const r of all.rows) {
    bump('type', r.entity_type);
    if (r.space_id !== null) bump('space', r.space_id);
    if (!wanted.size || !r.facet_keys) continue;
    for (const pair of r.facet_keys.split(SEP)) {
      const eq = pair.indexOf('=');
      const facet = pair.slice(0, eq);
      if (wanted.has(facet)) bump(facet, pair.slice(eq + 1));
    }
  }
  const facets: SearchResult['facets'] = {};
  for (const [facet, m] of count) facets[facet] = [...m].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    total: all.rows.length,
    facets,
    items: page.rows.map((p) => {
      const r = byId.get(Number(p.doc_id))!;
      return {
        entityType: r.entity_type,
        entityId: r.entity_id,
        spaceId: r.space_id,
        url: r.url,
        title: fromJson<TranslatedText>(r.title, {}),
        snippet: tokens.length ? makeSnippet(r.body, terms, prefixLast) : makeSnippet(r.body, [], false),
        score: Number(p.score),
      };
    }),
  };
}

const DOMAIN_BITS = ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'] as const;
/** The facets the column variant keeps as columns of the narrow table. */
const COLUMN_FACETS = new Set(['org_type', 'domain', 'region', 'verified']);

/** The directory's listing facets as columns of the narrow table (single values, and domains as a bit mask). */
async function addFacetColumns(db: Db, postgres = false): Promise<void> {
  for (const col of ['f_org_type', 'f_region', 'f_verified']) await sql`alter table search_docs_narrow add column ${sql.ref(col)} varchar(100)`.execute(db);
  await sql`alter table search_docs_narrow add column f_domains integer not null default 0`.execute(db);
  const one = (facet: string) => sql`(select f.value from search_facets f where f.doc_id = search_docs_narrow.doc_id and f.facet = ${facet} limit 1)`;
  const bits = sql.join(DOMAIN_BITS.map((v, i) => sql`when ${v} then ${1 << i}`), sql` `);
  await sql`update search_docs_narrow set f_org_type = ${one('org_type')}, f_region = ${one('region')}, f_verified = ${one('verified')},
    f_domains = coalesce((select sum(case f.value ${bits} else 0 end) from search_facets f where f.doc_id = search_docs_narrow.doc_id and f.facet = 'domain'), 0)`.execute(db);
  await sql`create index search_docs_narrow_cols_idx on search_docs_narrow (entity_type, space_id, updated_at, level_lo, level_hi, f_org_type, f_region, f_verified, f_domains)`.execute(db);
  // PostgreSQL needs the visibility map set (vacuum) before it can answer from the index alone.
  await (postgres ? sql`vacuum analyze search_docs_narrow` : sql`analyze`).execute(db);
}

/** Whether the column variant can answer a query (its facets and filters are the listing's four). */
export function columnsApply(query: SearchQuery): boolean {
  return (query.facets ?? []).every((f) => COLUMN_FACETS.has(f)) && Object.keys(query.filters ?? {}).every((f) => COLUMN_FACETS.has(f));
}

/** search() over the narrow table with facet columns: the page, then one grouped count (a few hundred groups). Text queries: SQLite only (FTS5). */
export async function columnSearch(db: Db, query: SearchQuery): Promise<SearchResult> {
  const { terms, prefixLast } = analyzeQuery(query.q);
  const tokens = terms.map(termToken);
  const where: RawBuilder<SqlBool>[] = [visibilitySql(query.reader)];
  if (query.types?.length) where.push(sql<SqlBool>`d.entity_type in (${sql.join(query.types)})`);
  if (query.spaceIds?.length) where.push(sql<SqlBool>`d.space_id in (${sql.join(query.spaceIds)})`);
  const column: Record<string, string> = { org_type: 'f_org_type', region: 'f_region', verified: 'f_verified' };
  for (const [facet, values] of Object.entries(query.filters ?? {})) {
    if (!values.length) continue;
    if (facet === 'domain') {
      const mask = values.reduce((m, v) => m | (DOMAIN_BITS.indexOf(v as (typeof DOMAIN_BITS)[number]) >= 0 ? 1 << DOMAIN_BITS.indexOf(v as (typeof DOMAIN_BITS)[number]) : 0), 0);
      where.push(sql<SqlBool>`(d.f_domains & ${mask}) != 0`);
    } else where.push(sql<SqlBool>`${sql.ref(`d.${column[facet]}`)} in (${sql.join(values)})`);
  }
  let from: RawBuilder<unknown> = sql`search_docs_narrow d`;
  let score: RawBuilder<number> = sql<number>`0`;
  let order: RawBuilder<unknown> = sql`d.updated_at desc, d.doc_id desc`;
  if (tokens.length) {
    const match = tokens.map((t, i) => (prefixLast && i === tokens.length - 1 ? `${t}*` : t)).join(' ');
    from = sql`search_fts join search_docs_narrow d on d.doc_id = search_fts.rowid`;
    where.push(sql<SqlBool>`search_fts match ${match}`);
    score = sql<number>`(0 - bm25(search_fts, 5.0, 1.0))`;
    order = sql`score desc, d.doc_id desc`;
  }
  const whereSql = sql.join(where, sql` and `);
  const page = await sql<{ doc_id: number; score: number }>`select d.doc_id, ${score} as score from ${from} where ${whereSql} order by ${order} limit ${query.limit} offset ${query.offset}`.execute(db);
  const ids = page.rows.map((r) => r.doc_id);
  const docs = ids.length
    ? await sql<{ doc_id: number; entity_type: string; entity_id: string; space_id: string | null; url: string; title: string; body: string }>`
        select doc_id, entity_type, entity_id, space_id, url, title, body from search_documents where doc_id in (${sql.join(ids)})`.execute(db)
    : { rows: [] };
  const byId = new Map(docs.rows.map((d) => [Number(d.doc_id), d]));
  const groups = await sql<{ t: string; s: string | null; ot: string | null; rg: string | null; vf: string | null; dm: number; n: number }>`
    select d.entity_type as t, d.space_id as s, d.f_org_type as ot, d.f_region as rg, d.f_verified as vf, d.f_domains as dm, count(*) as n
    from ${from} where ${whereSql} group by d.entity_type, d.space_id, d.f_org_type, d.f_region, d.f_verified, d.f_domains`.execute(db);
  const wanted = new Set(query.facets ?? []);
  const count = new Map<string, Map<string, number>>([['type', new Map()], ['space', new Map()], ...[...wanted].map((f) => [f, new Map<string, number>()] as const)]);
  const add = (facet: string, value: string | null, n: number) => {
    const m = count.get(facet);
    if (m && value !== null) m.set(value, (m.get(value) ?? 0) + n);
  };
  let total = 0;
  for (const g of groups.rows) {
    const n = Number(g.n);
    total += n;
    add('type', g.t, n);
    add('space', g.s, n);
    add('org_type', g.ot, n);
    add('region', g.rg, n);
    add('verified', g.vf, n);
    DOMAIN_BITS.forEach((v, i) => {
      if (Number(g.dm) & (1 << i)) add('domain', v, n);
    });
  }
  const facets: SearchResult['facets'] = {};
  for (const [facet, m] of count) facets[facet] = [...m].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    total,
    facets,
    items: page.rows.map((p) => {
      const r = byId.get(Number(p.doc_id))!;
      return {
        entityType: r.entity_type,
        entityId: r.entity_id,
        spaceId: r.space_id,
        url: r.url,
        title: fromJson<TranslatedText>(r.title, {}),
        snippet: tokens.length ? makeSnippet(r.body, terms, prefixLast) : makeSnippet(r.body, [], false),
        score: Number(p.score),
      };
    }),
  };
}

/** The same answer, facet lists compared as sets where search() leaves ties unordered. */
function sameResult(a: SearchResult, b: SearchResult): boolean {
  const norm = (r: SearchResult) => ({
    total: r.total,
    items: r.items.map((i) => i.entityId),
    facets: Object.fromEntries(Object.entries(r.facets).map(([k, v]) => [k, [...v].sort((x, y) => x.value.localeCompare(y.value))])),
  });
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The covering indexes of the recommendation. */
async function addIndexes(db: Db, postgres: boolean): Promise<void> {
  if (postgres) {
    await sql`create index if not exists search_documents_list_idx on search_documents (entity_type, space_id, updated_at desc, doc_id desc) include (level_lo, level_hi)`.execute(db);
  } else {
    await sql`create index if not exists search_documents_list_idx on search_documents (entity_type, space_id, updated_at, level_lo, level_hi)`.execute(db);
  }
  await sql`create index if not exists search_facets_doc_facet_idx on search_facets (doc_id, facet, value)`.execute(db);
  await sql`analyze`.execute(db);
}

interface Workload {
  listing: SearchQuery[];
  searches: SearchQuery[];
}

async function workload(db: Db, runs: number): Promise<Workload> {
  const spaceIds = await Promise.all(COUNTRIES.map(async (c) => (await getSpace(db, c.code)).id));
  const who = readers(spaceIds);
  const r = createRng('bench-experiment');
  const domains = ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'];
  const listing = Array.from({ length: runs }, () => {
    const s = r.int(0, 2);
    return listingQuery(r.pick(who).principal(spaceIds[s]!), spaceIds[s]!, r.pick(domains), r.weighted([[1, 6], [2, 2], [5, 1], [50, 1]] as const));
  });
  const searches = Object.values(QUERIES).flat().flatMap((q): SearchQuery[] => [
    { q, reader: who[0]!.principal(''), facets: ['lang'], limit: 20, offset: 0 },
    { q, reader: who[0]!.principal(''), types: [ORGANIZATION], facets: ['org_type', 'domain', 'region', 'verified'], limit: 20, offset: 0 },
  ]);
  return { listing, searches };
}

async function measure(db: Db, fn: typeof search, list: SearchQuery[]): Promise<Stats> {
  for (const q of list.slice(0, 10)) await fn(db, q);
  const times: number[] = [];
  for (const q of list) {
    const t = performance.now();
    await fn(db, q);
    times.push(performance.now() - t);
  }
  return stats(times);
}

async function check(db: Db, list: SearchQuery[], fn: typeof search = leanSearch): Promise<number> {
  let bad = 0;
  for (const q of list) if (!sameResult(await search(db, q), await fn(db, q))) bad++;
  return bad;
}

export async function runExperiment(target: string, runs: number, out: (s: string) => void = console.log): Promise<void> {
  const sqliteFile = existsSync(target);
  const handle: DatabaseHandle = sqliteFile
    ? openDatabase({ dialect: 'sqlite', file: target })
    : openDatabase({ dialect: 'postgres', url: DEFAULTS.pgUrl, schema: target });
  const db = handle.db;
  try {
    // Start from the schema as the application creates it (a re-run removes what a previous run added).
    for (const index of ['search_documents_list_idx', 'search_facets_doc_facet_idx']) await sql`drop index if exists ${sql.ref(index)}`.execute(db);
    await sql`drop table if exists search_docs_narrow`.execute(db);
    await sql`analyze`.execute(db);
    const w = await workload(db, runs);
    const line = (label: string, s: Stats) => out(`${label.padEnd(58)}${s.p50.toFixed(1).padStart(8)}${s.p95.toFixed(1).padStart(8)}${s.p99.toFixed(1).padStart(8)}`);
    out(`search experiment on ${handle.dialect} (${target})`);
    out(`${''.padEnd(58)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}  (ms)`);
    const stage = async (label: string, on: Db = db) => {
      line(`listing, search() ${label}`, await measure(on, search, w.listing));
      line(`listing, 3 statements ${label}`, await measure(on, leanSearch, w.listing));
      line(`search, search() ${label}`, await measure(on, search, w.searches));
      line(`search, 3 statements ${label}`, await measure(on, leanSearch, w.searches));
    };
    const mismatches = await check(db, [...w.listing.slice(0, 30), ...w.searches]);
    out(`  rewritten statements give the same results as search(): ${mismatches === 0 ? 'yes' : `NO (${mismatches} differ)`}`);
    await stage('(schema as is)');
    await addIndexes(db, !sqliteFile);
    await stage('+ covering indexes');
    if (!handle.sqlite) {
      // JIT compilation costs 5–30 ms per statement here and never pays back on these short queries.
      const pool = new pg.Pool({ connectionString: DEFAULTS.pgUrl, max: 2, options: `-c search_path=${target} -c jit=off` });
      const noJit = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      try {
        await stage('+ indexes, jit off', noJit);
        // The listing (no text query) over a narrow table with facet columns; text search there needs the tsvector too.
        await addNarrowTable(db, true);
        await addFacetColumns(db, true);
        const bad = await check(noJit, w.listing.slice(0, 30), columnSearch);
        out(`  facet columns + grouped count give the same results as search(): ${bad === 0 ? 'yes' : `NO (${bad} differ)`}`);
        line('listing, facet columns, jit off', await measure(noJit, columnSearch, w.listing));
      } finally {
        await noJit.destroy();
      }
    }
    if (handle.sqlite) {
      handle.sqlite.pragma('mmap_size = 1073741824');
      handle.sqlite.pragma('cache_size = -65536');
      await stage('+ indexes, mmap 1 GB, cache 64 MB');
      await addNarrowTable(db, false);
      const bad = await check(db, [...w.listing.slice(0, 30), ...w.searches], splitSearch);
      out(`  narrow table + counting in JS gives the same results as search(): ${bad === 0 ? 'yes' : `NO (${bad} differ)`}`);
      line('listing, narrow table, 3 statements, counts in JS', await measure(db, splitSearch, w.listing));
      line('search, narrow table, 3 statements, counts in JS', await measure(db, splitSearch, w.searches));
      await addFacetColumns(db);
      const orgSearches = w.searches.filter(columnsApply);
      const badColumns = await check(db, [...w.listing.slice(0, 30), ...orgSearches], columnSearch);
      out(`  facet columns + grouped count give the same results as search(): ${badColumns === 0 ? 'yes' : `NO (${badColumns} differ)`}`);
      line('listing, facet columns, 3 statements, grouped count', await measure(db, columnSearch, w.listing));
      line('org. search + 4 facets, search() (same indexes)', await measure(db, search, orgSearches));
      line('org. search + 4 facets, facet columns', await measure(db, columnSearch, orgSearches));
    }
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [target, ...rest] = process.argv.slice(2);
  if (!target) {
    console.error('usage: npx tsx bench/search-experiment.ts <file.sqlite | postgres schema> [--runs 100]');
    process.exitCode = 2;
  } else {
    const i = rest.indexOf('--runs');
    await runExperiment(target, i >= 0 ? Number(rest[i + 1]) : 100);
  }
}
