/**
 * Directory and search benchmark. Generates a multilingual directory (by default 100 000
 * organisations and 200 000 people across Lao PDR, Uzbekistan and Rwanda, from the demo word
 * lists with another seed), writes it in large transactions through the directory repository and
 * the search index functions (no HTTP, no per-row transaction), then measures:
 *
 *   1. a directory listing: search() with an empty query, type organisation, a space and a domain
 *      filter, facets org_type/domain/region/verified — p50/p95/p99 over varied filters and readers;
 *   2. search: a few hundred realistic queries in every script (Lao, Uzbek Latin and Cyrillic,
 *      Russian, French with and without accents, Kinyarwanda, English, prefixes);
 *   3. the same queries as a naive LIKE '%q%' over names and descriptions, and the ratio;
 *   4. the size of the index (rows, bytes; FTS5 share on SQLite; pg_total_relation_size);
 *   5. the insert rate;
 *
 * and prints PASS/FAIL against the budgets (listing p95 ≤ 30 ms on SQLite, search p95 ≤ 50 ms).
 * When a budget is missed it prints where the time goes: each statement of one search() call,
 * timed, with its plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE).
 *
 * Run: npx tsx bench/directory.ts [--orgs 100000] [--people 200000] [--db sqlite|postgres|both]
 *      [--runs 200] [--explain] [--keep] [--reuse FILE|SCHEMA (measure a kept database again)]. PostgreSQL: MOSAIC_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test,
 *      in a fresh schema dropped at the end; SQLite in a temporary directory removed at the end.
 * Exit status 1 when a budget is missed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Principal } from '../src/platform/auth/policy.js';
import { openDatabase, type DatabaseHandle, type DbOrTrx } from '../src/platform/db/index.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { newId } from '../src/platform/ids.js';
import { text, type TranslatedText } from '../src/platform/i18n/content.js';
import { foldWord } from '../src/platform/search/analyzer.js';
import { syncFacetLayouts } from '../src/platform/search/layouts.js';
import { batchIndexWrites, indexEntity, indexStats, search, type SearchQuery } from '../src/platform/search/search.js';
import type { Contact } from '../src/modules/directory/classification.js';
import * as repo from '../src/modules/directory/directory.repository.js';
import { contactKey, ORGANIZATION, organizationIndexEntry, PERSON, personIndexEntry } from '../src/modules/directory/directory.service.js';
import { getSpace, seedSpaces } from '../src/modules/spaces/spaces.service.js';
import { createCountryGenerator, type DemoOrg, type DemoPerson } from '../src/modules/demo/wordlists/generate.js';
import { COUNTRIES } from '../src/modules/demo/wordlists/index.js';
import { createRng } from '../src/modules/demo/wordlists/random.js';
import {
  analyzeDatabase,
  capturingHandle,
  databaseBytes,
  explain,
  naiveLikeSearch,
  relationSizes,
  timeStatement,
  totalRelationSizes,
} from './directory-sql.js';

/** Budgets (ms, p95). */
export const BUDGETS = { listingSqlite: 30, search: 50 } as const;

export type BenchDialect = 'sqlite' | 'postgres';

/** What to run. */
export interface DirectoryBenchOptions {
  orgs: number;
  people: number;
  dialects: BenchDialect[];
  /** Listing runs (search runs are three per query string). */
  runs: number;
  /** Always print the statement profile and plans, not only when a budget is missed. */
  explain: boolean;
  /** Keep the database (SQLite file / PostgreSQL schema) for investigation instead of removing it. */
  keep: boolean;
  /** Measure a database kept by an earlier run (SQLite file or PostgreSQL schema) instead of loading one. */
  reuse: string | null;
  pgUrl: string;
}

export const DEFAULTS: DirectoryBenchOptions = {
  orgs: 100_000,
  people: 200_000,
  dialects: ['sqlite', 'postgres'],
  runs: 200,
  explain: false,
  keep: false,
  reuse: null,
  pgUrl: process.env.MOSAIC_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
};

/** p50/p95/p99 and the mean of a list of durations (ms). */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), max: s[s.length - 1] ?? 0 };
}

/** Results of one database. */
export interface DialectReport {
  dialect: BenchDialect;
  orgs: number;
  people: number;
  /** Null when an existing database was measured. */
  load: { seconds: number; generateSeconds: number; rowsPerSecond: number; orgsPerSecond: number; peoplePerSecond: number; affiliations: number } | null;
  listing: Stats;
  /** The same listing over every country at once (as one country's installation with all its records in one space). */
  listingAll: Stats;
  listingPage: Stats;
  search: Stats;
  naive: Stats;
  perScript: { script: string; search: Stats; naive: Stats; found: number; naiveFound: number }[];
  index: { documents: number; facets: number; lines: string[] };
  slowest: { label: string; ms: number }[];
  profile: string[];
  pass: { listing: boolean | null; search: boolean };
}

// ---------------------------------------------------------------------------------------------
// Loading

const TS_START = Date.parse('2023-01-01T00:00:00Z');
const TS_SPAN = 2 * 365 * 24 * 3600 * 1000;

function sortKey(name: TranslatedText): string {
  const first = Object.values(name).find((v) => v?.value)?.value ?? '';
  return foldWord(first).slice(0, 200) || first.toLowerCase().slice(0, 200);
}

function translated(values: Record<string, string | undefined>): string {
  return JSON.stringify(text(values));
}

function orgRow(g: DemoOrg, spaceId: string, at: string): repo.OrganizationRow {
  const i = g.input;
  const name = text(i.name);
  return {
    id: newId(),
    space_id: spaceId,
    external_id: g.externalId,
    name: JSON.stringify(name),
    name_sort: sortKey(name),
    type: i.type!,
    domains: JSON.stringify(i.domains),
    functions: JSON.stringify(i.functions ?? []),
    region_code: i.regionCode,
    address: i.address ?? null,
    latitude: typeof i.latitude === 'number' ? i.latitude : null,
    longitude: typeof i.longitude === 'number' ? i.longitude : null,
    contacts: JSON.stringify(i.contacts),
    languages: JSON.stringify(i.languages ?? []),
    founded_year: typeof i.foundedYear === 'number' ? i.foundedYear : null,
    size_band: i.sizeBand ?? null,
    description: translated(i.description),
    logo_sha256: null,
    status: i.status,
    verified_at: g.verified ? at : null,
    verified_by: null,
    merged_into: null,
    created_by: null,
    created_at: at,
    updated_at: at,
  };
}

function personRow(g: DemoPerson, spaceId: string, at: string): repo.PersonRow {
  const i = g.input;
  const name = text(i.name);
  return {
    id: newId(),
    space_id: spaceId,
    external_id: g.externalId,
    user_id: null,
    name: JSON.stringify(name),
    name_sort: sortKey(name),
    professions: JSON.stringify(i.professions ?? []),
    domains: JSON.stringify(i.domains),
    skills: JSON.stringify(i.skills ?? []),
    region_code: i.regionCode,
    bio: translated(i.bio ?? {}),
    portfolio: JSON.stringify(i.portfolio ?? []),
    photo_sha256: null,
    contacts: JSON.stringify(i.contacts),
    languages: JSON.stringify(i.languages ?? []),
    sex: i.demographicsConsent ? (i.sex ?? null) : null,
    age_band: i.demographicsConsent ? (i.ageBand ?? null) : null,
    demographics_consent_at: i.demographicsConsent ? at : null,
    status: i.status,
    verified_at: null,
    verified_by: null,
    merged_into: null,
    created_by: null,
    created_at: at,
    updated_at: at,
  };
}

async function writeDerived(trx: DbOrTrx, type: string, row: { id: string; space_id: string; contacts: string }, entry: Parameters<typeof indexEntity>[1]) {
  await indexEntity(trx, entry);
  const keys = (JSON.parse(row.contacts) as Contact[]).map(contactKey).filter((k): k is string => k !== null);
  await repo.replaceContactKeys(trx, type, row.id, row.space_id, keys);
}

/** Splits n over the three countries (the first gets the remainder). */
function share(n: number, i: number): number {
  const base = Math.floor(n / COUNTRIES.length);
  return i === 0 ? n - base * (COUNTRIES.length - 1) : base;
}

const BATCH = 2000;

async function load(handle: DatabaseHandle, options: DirectoryBenchOptions, log: (s: string) => void): Promise<NonNullable<DialectReport['load']>> {
  const db = handle.db;
  let generateMs = 0;
  let affiliations = 0;
  const started = performance.now();
  const generators = COUNTRIES.map((c) => createCountryGenerator(c, { seed: 'mosaic-bench-1', prefix: 'bench', pad: 6, uniqueNames: false }));
  const stampers = COUNTRIES.map((c) => {
    const ts = createRng(`bench-timestamps-${c.code}`);
    return () => new Date(TS_START + Math.floor(ts.next() * TS_SPAN)).toISOString();
  });
  const spaceIds = await Promise.all(COUNTRIES.map(async (c) => (await getSpace(db, c.code)).id));
  const orgIds: string[][] = COUNTRIES.map(() => []);
  let lastReport = performance.now();
  let done = 0;
  const progress = (total: number, what: string) => {
    if (performance.now() - lastReport < 20_000) return;
    lastReport = performance.now();
    log(`  … ${what}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round((performance.now() - started) / 1000)} s)`);
  };

  /** Writes one country's share of organisations or people, in transactions of BATCH rows. */
  async function loadCountry(kind: typeof ORGANIZATION | typeof PERSON, c: number, count: number, total: number) {
    for (let start = 0; start < count; start += BATCH) {
      const n = Math.min(BATCH, count - start);
      const t0 = performance.now();
      const batch = Array.from({ length: n }, (_, k) => (kind === ORGANIZATION ? generators[c]!.organization(start + k) : generators[c]!.person(start + k)));
      const stamps = batch.map(() => stampers[c]!());
      generateMs += performance.now() - t0;
      await db.transaction().execute((trx) => batchIndexWrites(trx, async () => {
        for (let k = 0; k < n; k++) {
          if (kind === ORGANIZATION) {
            const row = orgRow(batch[k] as DemoOrg, spaceIds[c]!, stamps[k]!);
            await repo.insertOrganization(trx, row);
            await writeDerived(trx, ORGANIZATION, row, organizationIndexEntry(row));
            orgIds[c]!.push(row.id);
          } else {
            const g = batch[k] as DemoPerson;
            const row = personRow(g, spaceIds[c]!, stamps[k]!);
            await repo.insertPerson(trx, row);
            await writeDerived(trx, PERSON, row, personIndexEntry(row));
            for (const a of g.affiliations) {
              const organizationId = orgIds[c]![a.org];
              if (!organizationId) continue;
              await repo.insertAffiliation(trx, { id: newId(), person_id: row.id, organization_id: organizationId, role: a.role, start_date: a.startDate, end_date: a.endDate ?? null, created_at: row.created_at });
              affiliations++;
            }
          }
        }
      }));
      done += n;
      progress(total, kind === ORGANIZATION ? 'organisations' : 'people');
    }
  }

  const seconds: Record<string, number> = {};
  for (const [kind, total] of [[ORGANIZATION, options.orgs], [PERSON, options.people]] as const) {
    const t = performance.now();
    done = 0;
    // SQLite has one connection: countries one after another. PostgreSQL: the three countries
    // in parallel transactions (the analyzer runs here while the server writes).
    if (handle.sqlite) for (let c = 0; c < COUNTRIES.length; c++) await loadCountry(kind, c, share(total, c), total);
    else await Promise.all(COUNTRIES.map((_, c) => loadCountry(kind, c, share(total, c), total)));
    seconds[kind] = (performance.now() - t) / 1000;
  }
  const wall = (performance.now() - started) / 1000;
  return {
    seconds: wall,
    generateSeconds: generateMs / 1000,
    rowsPerSecond: (options.orgs + options.people) / wall,
    orgsPerSecond: options.orgs / (seconds[ORGANIZATION] || 1),
    peoplePerSecond: options.people / (seconds[PERSON] || 1),
    affiliations,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

/** Realistic queries, by script: what people type in the search box (last word often unfinished). */
export const QUERIES: Record<string, string[]> = {
  Lao: [
    'ຜ້າໄໝ', 'ທໍຜ້າ', 'ກຸ່ມແມ່ຍິງ', 'ຫັດຖະກຳ', 'ໝໍລຳ', 'ແຄນ', 'ວົງແຄນ', 'ສຳນັກພິມ', 'ຮູບເງົາ', 'ຈັກສານ', 'ປັ້ນໝໍ້', 'ຊ່າງເງິນ',
    'ພິພິທະພັນ', 'ວັດທະນະທຳ', 'ຫຼວງພະບາງ', 'ສະຫວັນນະເຂດ', 'ບ້ານນາຊາຍ', 'ດອກຈຳປາ', 'ສົມພອນ', 'ພົມມະວົງ', 'ວັນນິດາ', 'ຍ້ອມສີທຳມະຊາດ', 'ທໍ', 'ຫັດຖະ',
  ],
  'Uzbek Latin': [
    'kulolchilik', 'Rishton', 'Gʻijduvon', "G'ijduvon", 'gijduvon', 'soʻzana', 'suzani', 'maqom ansambli', 'Shashmaqom', 'kinostudiyasi', 'nashriyoti', 'teatri',
    'Zarafshon', 'Oqsaroy', 'dizayn studiyasi', 'madaniyat boshqarmasi', 'Dilnoza', 'Rahimova', 'Toʻxtayeva', 'Yusupov', 'kashtachilik', 'atlas va adras', 'kul', 'Samarq',
  ],
  'Uzbek Cyrillic': [
    'кулолчилик', 'Риштон', 'Ғиждувон', 'сўзана', 'мақом ансамбли', 'киностудияси', 'нашриёти', 'театри', 'Зарафшон', 'Оқсарой', 'маданият бошқармаси',
    'Дилноза', 'Раҳимова', 'Тўхтаева', 'Юсупов', 'каштачилик', 'кул', 'Самарқ',
  ],
  Russian: ['Издательство', 'театр кукол', 'Киностудия', 'ансамбль макома', 'Сергей Ким', 'Ольга', 'керамика', 'Музей', 'фестиваль', 'изд'],
  French: [
    'coopérative', 'cooperative', 'vannerie', 'Éditions', 'editions', 'Théogène', 'theogene', 'Célestin', 'celestin', 'Béatrice', 'beatrice', 'réalisatrice',
    'realisatrice', 'danse traditionnelle', 'Festival du film', "l'imigongo", 'coop', 'théâ', 'musée',
  ],
  Kinyarwanda: ['imigongo', 'agaseke', 'uduseke', 'Itorero', 'Koperative', 'ubuhanzi', 'Umurage', 'Mukamana', 'Niyonzima', 'Kirehe', 'Abahanzi', 'imig', 'Inyeny'],
  English: ['weaving group', 'film festival', 'silk', 'ceramics workshop', 'publishing house', 'design studio', 'museum', 'music school', 'basket weavers', 'dance troupe', 'heritage', 'wea', 'ceram'],
};

/** The listing call under budget: what /organizations?space=…&domain=… runs. */
export function listingQuery(reader: Principal, spaceId: string, domain: string, page: number): SearchQuery {
  return {
    q: '',
    reader,
    types: [ORGANIZATION],
    spaceIds: [spaceId],
    filters: { domain: [domain] },
    facets: ['org_type', 'domain', 'region', 'verified'],
    limit: 20,
    offset: (page - 1) * 20,
  };
}

export function readers(spaceIds: string[]): { label: string; principal: (spaceId: string) => Principal }[] {
  return [
    { label: 'visitor', principal: () => ({ userId: null, isPlatformAdmin: false, roles: new Map() }) },
    { label: 'member', principal: (s) => ({ userId: 'bench-member', isPlatformAdmin: false, roles: new Map([[s, 'member']]) }) },
    { label: 'editor', principal: (s) => ({ userId: 'bench-editor', isPlatformAdmin: false, roles: new Map([[s, 'editor'], ...spaceIds.filter((x) => x !== s).map((x) => [x, 'member'] as const)]) }) },
  ];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Where the time of one search() call goes: each statement timed (median of 5) with its plan. */
async function profileCall(handle: DatabaseHandle, options: DirectoryBenchOptions, schema: string | null, label: string, query: SearchQuery): Promise<string[]> {
  const capture = capturingHandle(handle, options.pgUrl, schema);
  const out: string[] = [`  ${label}`];
  try {
    await search(capture.db, query);
    const statements = capture.take();
    for (const [i, st] of statements.entries()) {
      const times: number[] = [];
      for (let k = 0; k < 5; k++) times.push(await timeStatement(handle.db, st));
      const ms = stats(times).p50;
      const first = st.sql.replace(/\s+/g, ' ').trim();
      out.push(`    #${i + 1} ${ms.toFixed(2).padStart(8)} ms  ${first.length > 150 ? first.slice(0, 150) + '…' : first}`);
      for (const line of await explain(handle, st)) out.push(`         ${line}`);
    }
  } finally {
    await capture.close();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One database

async function openBenchDatabase(dialect: BenchDialect, options: DirectoryBenchOptions): Promise<{ handle: DatabaseHandle; schema: string | null; fileOf: () => number; cleanup: () => Promise<void> }> {
  if (options.reuse) {
    const reuse = options.reuse;
    const handle = dialect === 'sqlite' ? openDatabase({ dialect: 'sqlite', file: reuse }) : openDatabase({ dialect: 'postgres', url: options.pgUrl, schema: reuse });
    return { handle, schema: dialect === 'sqlite' ? null : reuse, fileOf: () => (dialect === 'sqlite' ? statSync(reuse).size : 0), cleanup: () => handle.close() };
  }
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-dir-'));
    const file = path.join(dir, 'bench.sqlite');
    const handle = openDatabase({ dialect: 'sqlite', file });
    return {
      handle,
      schema: null,
      fileOf: () => statSync(file).size,
      cleanup: async () => {
        await handle.close();
        if (options.keep) console.log(`  kept ${file}`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: options.pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ dialect: 'postgres', url: options.pgUrl, schema });
  return {
    handle,
    schema,
    fileOf: () => 0,
    cleanup: async () => {
      await handle.close();
      if (options.keep) {
        console.log(`  kept schema ${schema}`);
        return;
      }
      const c = new pg.Client({ connectionString: options.pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function benchDialect(dialect: BenchDialect, options: DirectoryBenchOptions, log: (s: string) => void): Promise<DialectReport> {
  const opened = await openBenchDatabase(dialect, options);
  const { handle } = opened;
  try {
    // A kept database is measured as it is (it may predate migrations this checkout has).
    if (!options.reuse) {
      await migrateToLatest(handle.db);
      await seedSpaces(handle.db);
    }
    await syncFacetLayouts(handle.db);
    let loadReport: DialectReport['load'] = null;
    if (options.reuse) {
      log(`\n== ${dialect}: measuring the kept database ${options.reuse} ==`);
    } else {
      log(`\n== ${dialect}: loading ${options.orgs.toLocaleString('en')} organisations and ${options.people.toLocaleString('en')} people ==`);
      const loaded = await load(handle, options, log);
      loadReport = loaded;
      await analyzeDatabase(handle);
      log(`  loaded in ${loaded.seconds.toFixed(1)} s (generation ${loaded.generateSeconds.toFixed(1)} s)`);
    }

    const spaceIds = await Promise.all(COUNTRIES.map(async (c) => (await getSpace(handle.db, c.code)).id));
    const who = readers(spaceIds);
    const domains = ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'];
    const r = createRng('bench-queries');

    // Warm-up: page cache, statement caches, JIT.
    for (let i = 0; i < 20; i++) {
      await search(handle.db, listingQuery(who[i % 3]!.principal(spaceIds[i % 3]!), spaceIds[i % 3]!, domains[i % 7]!, 1));
      await search(handle.db, { q: QUERIES.English![i % 10]!, reader: who[0]!.principal(''), facets: ['lang'], limit: 20, offset: 0 });
    }

    // 1. Listing with facets.
    const listingTimes: number[] = [];
    const listingAllTimes: number[] = [];
    const pageTimes: number[] = [];
    const slow: { label: string; ms: number }[] = [];
    for (let i = 0; i < options.runs; i++) {
      const s = r.int(0, spaceIds.length - 1);
      const reader = r.pick(who);
      const domain = r.pick(domains);
      const page = r.weighted([[1, 6], [2, 2], [5, 1], [50, 1]] as const);
      const q = listingQuery(reader.principal(spaceIds[s]!), spaceIds[s]!, domain, page);
      const { ms } = await timed(() => search(handle.db, q));
      listingTimes.push(ms);
      slow.push({ label: `listing ${COUNTRIES[s]!.code} domain=${domain} page=${page} as ${reader.label}`, ms });
      const all = { ...q, spaceIds: undefined };
      const { ms: allMs } = await timed(() => search(handle.db, all));
      listingAllTimes.push(allMs);
      slow.push({ label: `listing all countries domain=${domain} page=${page} as ${reader.label}`, ms: allMs });
      // The whole listing page with that filter chosen: the main call, the domain facet without
      // its own filter, and the counts per space (as views/listing-data.ts composes them).
      if (i % 4 === 0) {
        const { ms: pageMs } = await timed(async () => {
          await search(handle.db, q);
          await search(handle.db, { ...q, filters: {}, facets: ['domain'], limit: 0, offset: 0 });
          await search(handle.db, { ...q, spaceIds: undefined, facets: [], limit: 0, offset: 0 });
        });
        pageTimes.push(pageMs);
      }
    }

    // 2 and 3. Search and naive LIKE, per script.
    const postgres = dialect === 'postgres';
    const searchTimes: number[] = [];
    const naiveTimes: number[] = [];
    const perScript: DialectReport['perScript'] = [];
    for (const [script, list] of Object.entries(QUERIES)) {
      const sTimes: number[] = [];
      const nTimes: number[] = [];
      let found = 0;
      let naiveFound = 0;
      for (const q of list) {
        // Three variants per string: global search as a visitor, in one space as a member, organisations only.
        const s = r.int(0, spaceIds.length - 1);
        const variants: SearchQuery[] = [
          { q, reader: who[0]!.principal(''), facets: ['lang'], limit: 20, offset: 0 },
          { q, reader: who[1]!.principal(spaceIds[s]!), spaceIds: [spaceIds[s]!], facets: ['lang'], limit: 20, offset: 0 },
          { q, reader: who[0]!.principal(''), types: [ORGANIZATION], facets: ['org_type', 'domain', 'region', 'verified'], limit: 20, offset: 0 },
        ];
        for (const [v, query] of variants.entries()) {
          const { ms, value } = await timed(() => search(handle.db, query));
          sTimes.push(ms);
          slow.push({ label: `search "${q}" (variant ${v + 1}, ${value.total} hits)`, ms });
          if (v === 0 && value.total > 0) found++;
        }
        const naive = await timed(() => naiveLikeSearch(handle.db, postgres, q));
        nTimes.push(naive.ms);
        if (naive.value.total > 0) naiveFound++;
      }
      searchTimes.push(...sTimes);
      naiveTimes.push(...nTimes);
      perScript.push({ script, search: stats(sTimes), naive: stats(nTimes), found, naiveFound });
    }

    // 4. Index size.
    const counts = await indexStats(handle.db);
    const sizes = await relationSizes(handle);
    const lines: string[] = [];
    const total = await databaseBytes(handle);
    const sum = (pred: (n: string) => boolean) => sizes.filter((s) => pred(s.name)).reduce((a, s) => a + s.bytes, 0);
    if (handle.sqlite) {
      const fts = sum((n) => n.startsWith('search_fts'));
      const docs = sum((n) => n === 'search_documents' || n.startsWith('search_documents_'));
      const facets = sum((n) => n.startsWith('search_facets'));
      const directory = sum((n) => /^(organizations|people|affiliations|contact_keys)/.test(n) || n.startsWith('sqlite_autoindex_organizations') || n.startsWith('sqlite_autoindex_people'));
      lines.push(`database file            ${mb(opened.fileOf())} (pages in use ${mb(total)})`);
      lines.push(`FTS5 index (search_fts*) ${mb(fts)}  ${((fts / total) * 100).toFixed(1)} % of the file`);
      lines.push(`search_documents + idx   ${mb(docs)}  ${((docs / total) * 100).toFixed(1)} %`);
      lines.push(`search_facets + idx      ${mb(facets)}  ${((facets / total) * 100).toFixed(1)} %`);
      lines.push(`directory tables + idx   ${mb(directory)}  ${((directory / total) * 100).toFixed(1)} %`);
    } else {
      const t = await totalRelationSizes(handle.db, ['search_documents', 'search_facets', 'organizations', 'people', 'affiliations', 'contact_keys']);
      const gin = sizes.find((s) => s.name === 'search_documents_tsv_idx')?.bytes ?? 0;
      lines.push(`schema total             ${mb(total)}`);
      lines.push(`search_documents (total) ${mb(t.search_documents!)}  of which GIN tsvector index ${mb(gin)}`);
      lines.push(`search_facets (total)    ${mb(t.search_facets!)}`);
      lines.push(`organizations (total)    ${mb(t.organizations!)}`);
      lines.push(`people (total)           ${mb(t.people!)}`);
      lines.push(`affiliations + contact_keys ${mb(t.affiliations! + t.contact_keys!)}`);
    }
    lines.push(`largest: ${sizes.slice(0, 6).map((s) => `${s.name} ${mb(s.bytes)}`).join(', ')}`);

    const listing = stats(listingTimes);
    const listingAll = stats(listingAllTimes);
    const searchStats = stats(searchTimes);
    const pass = {
      listing: dialect === 'sqlite' ? Math.max(listing.p95, listingAll.p95) <= BUDGETS.listingSqlite : null,
      search: searchStats.p95 <= BUDGETS.search,
    };
    slow.sort((a, b) => b.ms - a.ms);

    // Where the time goes, when a budget is missed (or on request).
    const profile: string[] = [];
    const listingMissed = Math.max(listing.p95, listingAll.p95) > BUDGETS.listingSqlite;
    if (options.explain || listingMissed) {
      profile.push(...(await profileCall(handle, options, opened.schema, 'listing: LA, domain C, visitor, page 1', listingQuery(who[0]!.principal(''), spaceIds[0]!, 'C', 1))));
    }
    if (options.explain || !pass.search) {
      const worst = slow.find((s) => s.label.startsWith('search "'));
      const q = worst ? /^search "(.*)" \(variant/.exec(worst.label)?.[1] : undefined;
      if (q) profile.push(...(await profileCall(handle, options, opened.schema, `slowest search: "${q}" (global, visitor)`, { q, reader: who[0]!.principal(''), facets: ['lang'], limit: 20, offset: 0 })));
    }

    return {
      dialect,
      orgs: options.orgs,
      people: options.people,
      load: loadReport,
      listing,
      listingAll,
      listingPage: stats(pageTimes),
      search: searchStats,
      naive: stats(naiveTimes),
      perScript,
      index: { ...counts, lines },
      slowest: slow.slice(0, 8),
      profile,
      pass,
    };
  } finally {
    await opened.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const f = (ms: number) => ms.toFixed(1).padStart(8);
const row = (label: string, s: Stats) => `${label.padEnd(34)}${f(s.p50)}${f(s.p95)}${f(s.p99)}${f(s.mean)}${String(s.n).padStart(6)}`;
const HEADER = `${''.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'n'.padStart(6)}   (ms)`;

export function printReport(report: DialectReport, out: (line: string) => void = console.log): void {
  const verdict = (ok: boolean | null) => (ok === null ? 'info' : ok ? 'PASS' : 'FAIL');
  out(`\n== ${report.dialect}: ${report.orgs.toLocaleString('en')} organisations, ${report.people.toLocaleString('en')} people ==`);
  out(`\n(5) Load (repository inserts + search index + contact keys, transactions of ${BATCH} rows${report.dialect === 'postgres' ? ', three countries in parallel' : ''}; wall-clock rates, generation included)`);
  if (report.load) {
    out(`  ${Math.round(report.load.rowsPerSecond).toLocaleString('en')} rows/s overall; organisations ${Math.round(report.load.orgsPerSecond).toLocaleString('en')}/s, people ${Math.round(report.load.peoplePerSecond).toLocaleString('en')}/s (with ${report.load.affiliations.toLocaleString('en')} affiliations)`);
    out(`  wall time ${report.load.seconds.toFixed(1)} s, of which generating the records ${report.load.generateSeconds.toFixed(1)} s`);
  } else out('  not measured: an existing database was reused');
  out('\n(1) Directory listing: search(q="", organisations, space + domain filter, facets org_type/domain/region/verified)');
  out(HEADER);
  out(row('listing (one search call)', report.listing));
  out(row('same, all countries at once', report.listingAll));
  out(row('listing page (3 calls, as the page)', report.listingPage));
  out('\n(2) Search and (3) naive LIKE \'%q%\' on name/description of organisations and people');
  out(HEADER);
  out(row('search, all queries', report.search));
  out(row('naive LIKE, all queries', report.naive));
  for (const s of report.perScript) {
    out(row(`  search ${s.script}`, s.search));
    out(row(`  LIKE   ${s.script}`, s.naive));
  }
  out(`  ratio LIKE/search: p50 ×${(report.naive.p50 / report.search.p50).toFixed(1)}, p95 ×${(report.naive.p95 / report.search.p95).toFixed(1)}`);
  out('  queries with at least one hit (search visitor-global / LIKE):');
  out('    ' + report.perScript.map((s) => `${s.script} ${s.found}/${s.naiveFound} of ${QUERIES[s.script]!.length}`).join('; '));
  out('\n(4) Index size');
  out(`  search_documents ${report.index.documents.toLocaleString('en')} rows, search_facets ${report.index.facets.toLocaleString('en')} rows`);
  for (const l of report.index.lines) out(`  ${l}`);
  out('\nSlowest calls');
  for (const s of report.slowest) out(`  ${f(s.ms)} ms  ${s.label}`);
  out('\nBudgets');
  const listingP95 = Math.max(report.listing.p95, report.listingAll.p95);
  out(`  listing + facets p95 ${listingP95.toFixed(1)} ms (one country or all) ≤ ${BUDGETS.listingSqlite} ms${report.dialect === 'sqlite' ? '' : ' (budget set for SQLite)'}: ${verdict(report.pass.listing)}${report.pass.listing === null ? (listingP95 <= BUDGETS.listingSqlite ? ' (within)' : ' (over)') : ''}`);
  out(`  search p95 ${report.search.p95.toFixed(1)} ms ≤ ${BUDGETS.search} ms: ${verdict(report.pass.search)}`);
  if (report.profile.length) {
    out('\nWhere the time goes (each statement of one call, median of 5 runs, with its plan)');
    for (const l of report.profile) out(l);
  }
}

/** Runs the benchmark on each database; true when every budget is met. */
export async function runDirectoryBench(partial: Partial<DirectoryBenchOptions> = {}, out: (line: string) => void = console.log): Promise<boolean> {
  const options = { ...DEFAULTS, ...partial };
  let ok = true;
  for (const dialect of options.dialects) {
    const report = await benchDialect(dialect, options, out);
    printReport(report, out);
    if (report.pass.listing === false || !report.pass.search) ok = false;
  }
  return ok;
}

export function parseArgs(argv: string[]): Partial<DirectoryBenchOptions> {
  const out: Partial<DirectoryBenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (v: string) => {
      const n = Number(v.replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a}: expected a whole number, got ${v}`);
      return n;
    };
    if (a === '--orgs') out.orgs = count(value());
    else if (a === '--people') out.people = count(value());
    else if (a === '--runs') out.runs = Math.max(1, count(value()));
    else if (a === '--explain') out.explain = true;
    else if (a === '--keep') out.keep = true;
    else if (a === '--reuse') out.reuse = value();
    else if (a === '--db') {
      const v = value();
      if (v === 'both') out.dialects = ['sqlite', 'postgres'];
      else if (v === 'sqlite' || v === 'postgres') out.dialects = [v];
      else throw new Error(`--db: sqlite, postgres or both, not ${v}`);
    } else throw new Error(`unknown option ${a} (use --orgs N --people N --db sqlite|postgres|both --runs N --explain --keep --reuse FILE|SCHEMA)`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const ok = await runDirectoryBench(parseArgs(process.argv.slice(2)));
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  }
}
