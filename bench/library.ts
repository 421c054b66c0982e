/**
 * Knowledge library benchmark. Generates a library (by default 100,000 resources in the three
 * country spaces, about 1 GB of extracted text in seven languages, see library-corpus.ts) and
 * writes it the way the product does: resource, file, version and page rows through the library
 * repository, then the search rows through indexResource() — the function resource creation and
 * the extraction job call — in large transactions. Then it measures:
 *
 *   1. the bulk load: resources/s, search rows/s, MB/s of extracted text, and (on a sample that
 *      is rolled back) how much of the indexing time is text analysis;
 *   2. the /library page's search: loadLibraryListing() (what the page calls: the library search
 *      with its facets and snippets, the page's resources, spaces and regions) for a query mix —
 *      common and rare words, two words, prefixes, Lao, Uzbek across scripts, French without
 *      accents — as a visitor, a member (in a named group) and an editor, with and without
 *      filters; and the listing without words. p50/p95 per class, PASS/FAIL against 100 ms;
 *   3. where the time of the slowest call of each failing class goes: each statement timed and
 *      named (match and count, facet rows, snippets, page), the JavaScript in between, and the
 *      plan of the heaviest statement (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE);
 *   4. the size of the search index and of the library's tables;
 *   5. text extraction of typical 10-page PDFs and DOCX files through the extraction thread
 *      (library-extract.ts), and through the whole extraction job (store, extraction, pages,
 *      indexing) on the loaded database.
 *
 * Run: npx tsx bench/library.ts [--resources 100000] [--db sqlite|postgres|both] [--runs 1]
 *      [--explain] [--keep] [--reuse FILE|SCHEMA] [--no-extract] [--pdfs 20] [--docx 20]
 * PostgreSQL: MOSAIC_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test, in a fresh schema;
 * SQLite in a new directory under the system's temporary directory. Both are removed at the end
 * unless --keep; --reuse measures a kept one again (no load). Exit status 1 when p95 > 100 ms.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Principal } from '../src/platform/auth/policy.js';
import { openDatabase, type DatabaseHandle, type Db, type DbOrTrx } from '../src/platform/db/index.js';
import type { Database } from '../src/platform/db/schema.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { localFileStore } from '../src/platform/files/store.js';
import { text } from '../src/platform/i18n/content.js';
import { newId } from '../src/platform/ids.js';
import { analyze, foldWord, termToken } from '../src/platform/search/analyzer.js';
import { syncFacetLayouts } from '../src/platform/search/layouts.js';
import { indexStats } from '../src/platform/search/search.js';
import { CONVENTION_AREA_CODES, DOMAINS, LICENCES, RESOURCE_TYPES, SDG_CODES } from '../src/modules/library/classification.js';
import { createFilesService } from '../src/modules/library/files.service.js';
import * as repo from '../src/modules/library/library.repository.js';
import { createLibraryService, indexBody, indexResource, textChunks, type LibraryService } from '../src/modules/library/library.service.js';
import { batchIndexWrites } from '../src/platform/search/search.js';
import { loadLibraryListing, type LibraryParams } from '../src/modules/library/views/listing-data.js';
import { getSpace, listRegions, seedSpaces } from '../src/modules/spaces/spaces.service.js';
import { makeDocx, makePdf } from '../src/modules/library/demo-files/index.js';
import { createRng, type Rng } from '../src/modules/demo/wordlists/random.js';
import { analyzeDatabase, databaseBytes, explain, relationSizes, totalRelationSizes } from './directory-sql.js';
import { stats, type Stats } from './directory.js';
import { CORPUS_LANGS, PEOPLE, PUBLISHERS, pageText, titleText, topicWords, vocabulary, type CorpusLang } from './library-corpus.js';
import { corpusPageOf, printExtractionBench, runExtractionBench, type ExtractionBenchReport } from './library-extract.js';

/** p95 budget of a library search or listing, ms. */
export const BUDGET_MS = 100;

export type BenchDialect = 'sqlite' | 'postgres';

export interface LibraryBenchOptions {
  resources: number;
  dialects: BenchDialect[];
  /** Times each (query, reader, filters) combination is run. */
  runs: number;
  /** Profile and explain the slowest call of every class, not only of those over budget. */
  explain: boolean;
  keep: boolean;
  reuse: string | null;
  /** Extraction throughput (thread and job); off with --no-extract. */
  extract: boolean;
  pdfs: number;
  docx: number;
  /** Resources per load transaction. */
  batch: number;
  seed: string;
  pgUrl: string;
}

export const DEFAULTS: LibraryBenchOptions = {
  resources: 100_000,
  dialects: ['sqlite', 'postgres'],
  runs: 1,
  explain: false,
  keep: false,
  reuse: null,
  extract: true,
  pdfs: 20,
  docx: 20,
  batch: 250,
  seed: 'mosaic-library-bench-1',
  pgUrl: process.env.MOSAIC_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
};

// ---------------------------------------------------------------------------------------------
// Generating resources

type SpaceCode = 'LA' | 'UZ' | 'RW';
const SPACE_CODES: SpaceCode[] = ['LA', 'UZ', 'RW'];

interface SpaceInfo {
  code: SpaceCode;
  id: string;
  regions: string[];
  /** Named groups of the space (access `groups`). */
  groups: string[];
}

/** Main language of a resource, by space. */
const SPACE_LANGS: Record<SpaceCode, [CorpusLang, number][]> = {
  LA: [['lo', 55], ['en', 30], ['fr', 15]],
  UZ: [['uz-Latn', 35], ['uz-Cyrl', 25], ['ru', 30], ['en', 10]],
  RW: [['rw', 45], ['en', 30], ['fr', 25]],
};
const TYPES: [string, number][] = [['report', 25], ['policy', 8], ['law', 6], ['strategy', 6], ['statistics', 8], ['toolkit', 8], ['training', 10], ['media', 9], ['news', 15], ['link', 5]];
/** Pages of a resource's main file. Average with the page sizes below: about 10 KB of text per resource. */
const PAGES: [[number, number], number][] = [[[1, 1], 25], [[2, 4], 35], [[5, 10], 28], [[11, 30], 10], [[31, 60], 2]];
const PAGE_BYTES: [number, number] = [1000, 2600];

const TS_START = Date.parse('2023-01-01T00:00:00Z');
const TS_SPAN = Date.parse('2025-06-30T00:00:00Z') - TS_START;

interface GeneratedResource {
  row: repo.ResourceRow;
  groups: string[];
  files: { file: repo.FileRow; version: repo.VersionRow; pages: { id: string; page: number | null; text: string }[] }[];
  textBytes: number;
}

function isbn13(rng: Rng): string {
  const digits = [9, 7, 8, ...Array.from({ length: 9 }, () => rng.int(0, 9))];
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 ? 3 : 1), 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

function hex(rng: Rng, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(rng.next() * 2 ** 32).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function sortKey(title: Record<string, { value: string } | undefined>): string {
  const first = Object.values(title).find((v) => v?.value)?.value ?? '';
  return foldWord(first).slice(0, 200) || first.toLowerCase().slice(0, 200);
}

/** Resource number i (the same for a seed on every machine, except its random ids). */
function generateResource(i: number, seed: string, spaces: SpaceInfo[]): GeneratedResource {
  const r = createRng(`${seed}-resource-${i}`);
  const space = spaces[r.weighted([[0, 30], [1, 40], [2, 30]] as const)]!;
  const lang = r.weighted(SPACE_LANGS[space.code]);
  const second: CorpusLang | null = r.chance(0.3) ? r.pick(CORPUS_LANGS.filter((l) => l !== lang && (l === 'en' || SPACE_LANGS[space.code].some(([x]) => x === l)))) : null;
  const topic = topicWords(r, lang);
  const type = r.weighted(TYPES);
  const created = new Date(TS_START + Math.floor(r.next() * TS_SPAN)).toISOString();
  const updated = r.chance(0.2) ? new Date(Date.parse(created) + Math.floor(r.next() * 90 * 86400_000)).toISOString() : created;
  const year = Math.max(1990, 2025 - Math.floor(Math.abs(r.next() + r.next() + r.next() - 1.5) * 14));
  const dateKind = r.int(0, 9);
  const date = dateKind < 4 ? String(year) : dateKind < 6 ? `${year}-${String(r.int(1, 12)).padStart(2, '0')}` : `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  const title = text({ [lang]: titleText(r, lang, topic), ...(lang !== 'en' && r.chance(0.35) ? { en: titleText(r, 'en', topicWords(r, 'en')) } : {}) });
  const abstract = text({ [lang]: pageText(r, lang, r.int(150, 700), topic), ...(second && r.chance(0.5) ? { [second]: pageText(r, second, r.int(100, 400)) } : {}) });
  const people = PEOPLE[space.code];
  const creators = Array.from({ length: r.int(1, 3) }, () => ({ kind: 'text' as const, name: `${r.pick(people.given)} ${r.pick(people.family)}` }));
  const publisher = r.chance(0.6) ? { kind: 'text' as const, name: r.pick(PUBLISHERS[space.code]) } : null;
  const v = vocabulary(lang);
  const keywords = [...new Set(Array.from({ length: r.int(2, 6) }, () => (r.chance(0.5) ? r.pick(topic) : v.words[v.realRanks[r.int(0, v.realRanks.length - 1)]!]!)))];
  const identifiers = [...(r.chance(0.2) ? [{ scheme: 'isbn', value: isbn13(r) }] : []), ...(r.chance(0.1) ? [{ scheme: 'doi', value: `10.5555/bench.${i}` }] : [])];
  const regions = r.chance(0.6) && space.regions.length ? r.sample(space.regions, r.int(1, 2)) : [];
  const access = r.weighted([['public', 82], ['members', 9], ['groups', 5], ['editors', 4]] as const);
  const groups = access === 'groups' ? r.sample(space.groups, r.int(1, 2)) : [];
  const row: repo.ResourceRow = {
    id: newId(),
    space_id: space.id,
    external_id: `bench-${i}`,
    type,
    title: JSON.stringify(title),
    title_sort: sortKey(title),
    abstract: JSON.stringify(abstract),
    creators: JSON.stringify(creators),
    publisher: publisher ? JSON.stringify(publisher) : null,
    date,
    year,
    domains: JSON.stringify(r.sample(DOMAINS, r.weighted([[1, 5], [2, 3], [3, 2]] as const))),
    keywords: JSON.stringify(keywords),
    format: null,
    identifiers: JSON.stringify(identifiers),
    source: null,
    languages: JSON.stringify(second ? [lang, second] : [lang]),
    coverage_countries: JSON.stringify([space.code]),
    coverage_regions: JSON.stringify(regions),
    coverage_period: r.chance(0.2) ? `${year - r.int(1, 10)}–${year}` : null,
    rights: null,
    licence: r.chance(0.7) ? r.pick(LICENCES) : null,
    sdgs: JSON.stringify(r.sample(SDG_CODES, r.weighted([[0, 3], [1, 3], [2, 2], [3, 1]] as const))),
    convention_areas: JSON.stringify(r.sample(CONVENTION_AREA_CODES, r.weighted([[0, 4], [1, 3], [2, 2]] as const))),
    access,
    status: r.chance(0.06) ? 'draft' : 'published',
    created_by: null,
    created_at: created,
    updated_at: updated,
    deleted_at: null,
    deleted_by: null,
  };

  const files: GeneratedResource['files'] = [];
  let textBytes = 0;
  const fileCount = type === 'link' || r.chance(0.12) ? 0 : r.chance(0.1) ? 2 : 1;
  for (let f = 0; f < fileCount; f++) {
    const docx = r.chance(f === 0 ? 0.2 : 0.5);
    const [lo, hi] = f === 0 ? r.weighted(PAGES) : [1, 4];
    const pageCount = r.int(lo, hi);
    const pageLang = f === 1 && second ? second : lang;
    const pages = Array.from({ length: pageCount }, (_, p) => pageText(r, pageLang, r.int(PAGE_BYTES[0], PAGE_BYTES[1]), topic, second));
    const stored = docx ? [{ id: newId(), page: null, text: pages.join('\n') }] : pages.map((t, p) => ({ id: newId(), page: p + 1, text: t }));
    const bytes = pages.reduce((n, t) => n + Buffer.byteLength(t), 0);
    textBytes += bytes;
    const fileId = newId();
    const versionId = newId();
    const at = created;
    files.push({
      file: { id: fileId, resource_id: row.id, label: f === 0 ? null : 'Annex', position: f, current_version_id: versionId, created_by: null, created_at: at, updated_at: at, deleted_at: null },
      version: {
        id: versionId,
        file_id: fileId,
        version: 1,
        sha256: hex(r, 64),
        size: Math.round(bytes * (docx ? 0.6 : 4)),
        media_type: docx ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf',
        filename: `document-${i}-${f + 1}.${docx ? 'docx' : 'pdf'}`,
        attachment_only: 0,
        uploaded_by: null,
        uploaded_by_label: null,
        uploaded_at: at,
        extract_status: 'done',
        extract_error: null,
        extract_job_id: null,
        pages: docx ? null : pageCount,
        chars: pages.reduce((n, t) => n + t.length, 0),
        truncated: 0,
        thumbnail_sha256: null,
      },
      pages: stored,
    });
  }
  return { row, groups, files, textBytes };
}

/** Writes one resource as the product does: its rows, then its search rows through indexResource(). */
async function writeResource(trx: DbOrTrx, g: GeneratedResource): Promise<void> {
  await repo.insertResource(trx, g.row);
  await repo.setResourceGroups(trx, g.row.id, g.groups);
  for (const f of g.files) {
    await repo.insertFile(trx, f.file);
    await repo.insertVersion(trx, f.version);
    await repo.replaceTexts(trx, f.version.id, f.pages);
  }
  await indexResource(trx, g.row);
}

// ---------------------------------------------------------------------------------------------
// Loading

interface LoadReport {
  resources: number;
  seconds: number;
  generateSeconds: number;
  textBytes: number;
  textRows: number;
  searchRows: number;
  resourcesPerSecond: number;
  searchRowsPerSecond: number;
  mbPerSecond: number;
  streams: number;
  batch: number;
  /** Indexing profile on a rolled-back sample: share of indexResource() spent analysing text. */
  sample: {
    resources: number;
    libraryRowsMs: number;
    indexMs: number;
    analysisMs: number;
    analysedChars: number;
    /** SQL of indexResource() by statement (table and verb): count and total ms. */
    statements: { kind: string; n: number; ms: number }[];
  } | null;
}

async function spacesOf(db: Db): Promise<SpaceInfo[]> {
  const out: SpaceInfo[] = [];
  for (const code of SPACE_CODES) {
    const space = await getSpace(db, code);
    const regions = (await listRegions(db, space.id)).map((r) => r.code);
    const groups = (await repo.listGroups(db, [space.id])).filter((g) => g.name.startsWith('Bench ')).map((g) => g.id);
    out.push({ code, id: space.id, regions, groups });
  }
  return out;
}

async function createGroups(db: Db): Promise<void> {
  const now = new Date().toISOString();
  for (const code of SPACE_CODES) {
    const space = await getSpace(db, code);
    for (const name of ['Bench researchers', 'Bench ministry staff', 'Bench partners']) {
      await repo.insertGroup(db, { id: newId(), space_id: space.id, name, description: null, created_by: null, created_at: now, updated_at: now });
    }
  }
}

async function load(handle: DatabaseHandle, options: LibraryBenchOptions, log: (s: string) => void): Promise<LoadReport> {
  const db = handle.db;
  const spaces = await spacesOf(db);
  const batches = Math.ceil(options.resources / options.batch);
  let nextBatch = 0;
  let done = 0;
  let textBytes = 0;
  let generateMs = 0;
  const started = performance.now();
  let lastReport = started;
  const progress = () => {
    const now = performance.now();
    if (now - lastReport < 30_000) return;
    lastReport = now;
    const s = (now - started) / 1000;
    const eta = ((options.resources - done) / (done / s)) / 60;
    log(`  … ${done.toLocaleString('en')} / ${options.resources.toLocaleString('en')} resources, ${(textBytes / 1e6).toFixed(0)} MB text, ${Math.round(s)} s (${(done / s).toFixed(0)}/s, ${(textBytes / 1e6 / s).toFixed(2)} MB/s, about ${eta.toFixed(0)} min left)`);
  };
  // SQLite has one writer: one stream. PostgreSQL: three transactions in parallel, so the server
  // writes one batch while this process analyses the next.
  const streams = handle.sqlite ? 1 : 3;
  const stream = async () => {
    for (let b = nextBatch++; b < batches; b = nextBatch++) {
      const t0 = performance.now();
      const from = b * options.batch;
      const to = Math.min(options.resources, from + options.batch);
      const batch: GeneratedResource[] = [];
      for (let i = from; i < to; i++) batch.push(generateResource(i, options.seed, spaces));
      generateMs += performance.now() - t0;
      // Search rows gathered and written per few hundred resources, as an import or rebuild does.
      await db.transaction().execute((trx) =>
        batchIndexWrites(trx, async () => {
          for (const g of batch) await writeResource(trx, g);
        }),
      );
      done += batch.length;
      textBytes += batch.reduce((n, g) => n + g.textBytes, 0);
      progress();
    }
  };
  await Promise.all(Array.from({ length: streams }, stream));
  const seconds = (performance.now() - started) / 1000;
  const counts = await sql<{ t: string; n: number }>`select entity_type as t, count(*) as n from search_documents group by entity_type`.execute(db);
  const searchRows = counts.rows.reduce((n, r) => n + Number(r.n), 0);
  const textRows = Number(counts.rows.find((r) => r.t === 'resource_text')?.n ?? 0);
  return {
    resources: options.resources,
    seconds,
    generateSeconds: generateMs / 1000,
    textBytes,
    textRows,
    searchRows,
    resourcesPerSecond: options.resources / seconds,
    searchRowsPerSecond: searchRows / seconds,
    mbPerSecond: textBytes / 1e6 / seconds,
    streams,
    batch: options.batch,
    sample: null,
  };
}

class Rollback extends Error {}

/**
 * Where indexing time goes: a sample of new resources written in one transaction that is rolled
 * back, the library rows and indexResource() timed apart, and the analyzer alone run over the very
 * texts indexResource() analyses (each text row: its piece of page, the metadata after it, the title).
 */
async function indexingProfile(handle: DatabaseHandle, options: LibraryBenchOptions, schema: string | null, n: number): Promise<NonNullable<LoadReport['sample']>> {
  const spaces = await spacesOf(handle.db);
  const sample = Array.from({ length: n }, (_, k) => generateResource(10_000_000 + k, options.seed, spaces));
  let libraryRowsMs = 0;
  let indexMs = 0;
  const logging = loggingHandle(handle, options.pgUrl, schema);
  const byKind = new Map<string, { n: number; ms: number }>();
  try {
    await logging.db.transaction().execute(async (trx) => {
      for (const g of sample) {
        const t0 = performance.now();
        await repo.insertResource(trx, g.row);
        await repo.setResourceGroups(trx, g.row.id, g.groups);
        for (const f of g.files) {
          await repo.insertFile(trx, f.file);
          await repo.insertVersion(trx, f.version);
          await repo.replaceTexts(trx, f.version.id, f.pages);
        }
        logging.take();
        const t1 = performance.now();
        await indexResource(trx, g.row);
        libraryRowsMs += t1 - t0;
        indexMs += performance.now() - t1;
        for (const st of logging.take()) {
          const m = /^\s*(insert into|select .*? from|delete from|update)\s+"?(\w+)"?/is.exec(st.query.sql);
          const kind = m ? `${m[1]!.startsWith('select') ? 'select' : m[1]!.toLowerCase()} ${m[2]}` : st.query.sql.slice(0, 40);
          const k = byKind.get(kind) ?? { n: 0, ms: 0 };
          k.n++;
          k.ms += st.ms;
          byKind.set(kind, k);
        }
      }
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  } finally {
    await logging.close();
  }
  const statements = [...byKind].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.ms - a.ms);
  let analysisMs = 0;
  let analysedChars = 0;
  for (const g of sample) {
    const title = Object.values(JSON.parse(g.row.title) as Record<string, { value: string }>).map((v) => v.value).join('\n');
    const meta = indexBody(g.row);
    const variants = g.row.access === 'groups' ? 2 : 1;
    const bodies = [meta, ...g.files.flatMap((f) => textChunks(f.version.id, f.pages.map((p, seq) => ({ seq, text: p.text }))).map((c) => `${c.text}\n${meta}`))];
    const t0 = performance.now();
    for (let v = 0; v < variants; v++) {
      for (const body of bodies) {
        // What indexEntity() does with each variant's texts before writing them (tokensOf).
        analyze(title).map((t) => termToken(t.term));
        analyze(body).map((t) => termToken(t.term));
        analysedChars += title.length + body.length;
      }
    }
    analysisMs += performance.now() - t0;
  }
  return { resources: n, libraryRowsMs, indexMs, analysisMs, analysedChars, statements };
}

// ---------------------------------------------------------------------------------------------
// Queries

export interface QueryCase {
  cls: string;
  q: string;
  /** The space whose readers are members or editors in this case. */
  home: SpaceCode;
  lang: CorpusLang;
}

export const CLASSES = ['common word', 'rare word', 'two words', 'prefix', 'Lao', 'Uzbek Latin↔Cyrillic', 'French without accents', 'listing (no words)'] as const;

const HOME: Record<CorpusLang, SpaceCode> = { en: 'LA', fr: 'RW', ru: 'UZ', lo: 'LA', 'uz-Latn': 'UZ', 'uz-Cyrl': 'UZ', rw: 'RW' };

/** The query mix, from the corpus's vocabularies (the same for a reused database). */
export function queryMix(): QueryCase[] {
  const real = (l: CorpusLang, k: number) => {
    const v = vocabulary(l);
    return v.words[v.realRanks[k < 0 ? v.realRanks.length + k : k]!]!;
  };
  const rare = (l: CorpusLang, k: number) => vocabulary(l).words[2600 + k * 397]!;
  const out: QueryCase[] = [];
  const add = (cls: string, lang: CorpusLang, ...qs: string[]) => qs.forEach((q) => out.push({ cls, q, lang, home: HOME[lang] }));
  for (const l of ['en', 'fr', 'ru', 'uz-Latn', 'rw'] as const) add('common word', l, real(l, 0), real(l, 4));
  for (const l of ['en', 'fr', 'ru', 'uz-Latn', 'uz-Cyrl', 'rw'] as const) add('rare word', l, rare(l, 0), rare(l, 1));
  add('two words', 'en', 'creative economy', `${real('en', 1)} ${rare('en', 2)}`);
  add('two words', 'fr', 'économie créative', `${real('fr', 2)} ${real('fr', 6)}`);
  add('two words', 'ru', 'творческая экономика', `${real('ru', 1)} ${rare('ru', 2)}`);
  add('two words', 'uz-Latn', 'ijodiy iqtisodiyot');
  add('two words', 'rw', 'umurage ndangamuco');
  for (const l of ['en', 'fr', 'ru', 'uz-Latn', 'rw'] as const) {
    const w = [0, 1, 2, 3].map((k) => real(l, k)).find((x) => x.length >= 6) ?? real(l, 0);
    add('prefix', l, w.slice(0, Math.max(3, Math.min(5, w.length - 2))));
  }
  add('Lao', 'lo', real('lo', 0), real('lo', 3), real('lo', 40), real('lo', -1), 'ເສດຖະກິດສ້າງສັນ', 'ຜ້າໄໝ', `${real('lo', 1)} ${real('lo', 20)}`);
  add('Uzbek Latin↔Cyrillic', 'uz-Latn', 'kulolchilik', "G'ijduvon", 'gijduvon', 'madaniyat meros');
  add('Uzbek Latin↔Cyrillic', 'uz-Cyrl', 'кулолчилик', 'Ғиждувон', 'маданият', 'ҳунармандчилик');
  add('French without accents', 'fr', 'egalite', 'patrimoine immateriel', 'theatre', 'realisatrice', 'economie creative', 'cooperative', 'bibliotheque');
  return out;
}

interface Reader {
  label: 'visitor' | 'member' | 'editor';
  principal: Principal;
}

function readersFor(home: SpaceInfo, spaces: SpaceInfo[]): Reader[] {
  return [
    { label: 'visitor', principal: { userId: null, isPlatformAdmin: false, roles: new Map() } },
    { label: 'member', principal: { userId: 'bench-member', isPlatformAdmin: false, roles: new Map([[home.id, 'member']]), groups: new Set(home.groups.slice(0, 1)) } },
    {
      label: 'editor',
      principal: { userId: 'bench-editor', isPlatformAdmin: false, roles: new Map([[home.id, 'editor'], ...spaces.filter((s) => s.id !== home.id).map((s) => [s.id, 'member'] as const)]), groups: new Set() },
    },
  ];
}

/** Filter variants of a case: none; type + domain; its space + its language. */
function variantsOf(c: { home: SpaceCode; lang: CorpusLang }, r: Rng): { label: string; space: string | null; filters: Record<string, string[]> }[] {
  return [
    { label: 'no filter', space: null, filters: {} },
    { label: 'type+domain', space: null, filters: { type: [r.pick(['report', 'training', 'news', 'policy'])], domain: [r.pick(DOMAINS)] } },
    { label: 'space+lang', space: c.home, filters: { lang: [c.lang] } },
  ];
}

interface Sample {
  cls: string;
  q: string;
  reader: string;
  variant: string;
  page: number;
  ms: number;
  total: number;
  params: LibraryParams;
  readerPrincipal: Principal;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function measureQueries(db: Db, library: LibraryService, spaces: SpaceInfo[], options: LibraryBenchOptions, log: (s: string) => void): Promise<Sample[]> {
  const r = createRng(`${options.seed}-queries`);
  const byCode = new Map(spaces.map((s) => [s.code, s]));
  const samples: Sample[] = [];
  const run = async (cls: string, q: string, home: SpaceCode, lang: CorpusLang, pages: number[]) => {
    for (const reader of readersFor(byCode.get(home)!, spaces)) {
      for (const v of variantsOf({ home, lang }, r)) {
        for (const page of pages) {
          const params: LibraryParams = { q, space: v.space, filters: v.filters, sort: q ? 'relevance' : 'date', page };
          for (let k = 0; k < options.runs; k++) {
            const { ms, value } = await timed(() => loadLibraryListing(db, library, reader.principal, { ...params, filters: { ...params.filters } }));
            samples.push({ cls, q, reader: reader.label, variant: v.label, page, ms, total: value.total, params, readerPrincipal: reader.principal });
          }
        }
      }
    }
  };
  // Warm-up: page cache, statement caches, JIT.
  for (const c of queryMix().slice(0, 6)) await loadLibraryListing(db, library, readersFor(byCode.get(c.home)!, spaces)[0]!.principal, { q: c.q, space: null, filters: {}, sort: 'relevance', page: 1 });
  let last = '';
  for (const c of queryMix()) {
    if (c.cls !== last) log(`  measuring: ${c.cls}`);
    last = c.cls;
    await run(c.cls, c.q, c.home, c.lang, [1]);
  }
  log('  measuring: listing (no words)');
  for (const home of SPACE_CODES) await run('listing (no words)', '', home, SPACE_LANGS[home][0]![0], [1, 3]);
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes

/** A second handle on the same database that logs each statement with its duration. */
function loggingHandle(handle: DatabaseHandle, pgUrl: string, schema: string | null): { db: Db; take(): { query: CompiledQuery; ms: number }[]; close(): Promise<void> } {
  let captured: { query: CompiledQuery; ms: number }[] = [];
  const log = (event: LogEvent) => {
    if (event.level === 'query') captured.push({ query: event.query, ms: event.queryDurationMillis });
  };
  let dialect;
  if (handle.sqlite) {
    // Statements cached by SQL text as the application's handle does (see platform/db).
    const conn = handle.sqlite;
    const cache = new Map<string, SQLite.Statement>();
    const database = { close: () => undefined, prepare: (s: string) => cache.get(s) ?? (cache.set(s, conn.prepare(s)), cache.get(s)!) };
    dialect = new SqliteDialect({ database: database as unknown as SQLite.Database });
  } else {
    const options = ['-c jit=off', ...(schema ? [`-c search_path=${schema}`] : [])].join(' ');
    dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 2, options }) });
  }
  const db = new Kysely<Database>({ dialect, log });
  return {
    db,
    take() {
      const out = captured;
      captured = [];
      return out;
    },
    close: async () => {
      if (!handle.sqlite) await db.destroy();
    },
  };
}

/** What a statement of a library search is, from its SQL. */
function statementKind(q: CompiledQuery): string {
  const s = q.sql.replace(/\s+/g, ' ');
  const params = q.parameters as unknown[];
  const type = params.includes('resource_text') ? 'text rows' : params.includes('resource') ? 'metadata rows' : '';
  if (/from search_layouts|from "search_layouts"/.test(s)) return 'layout check';
  // The snippet search asks for both types, filtered by the page's resource ids; collecting the matches asks for one type.
  const snippet = params.includes('resource') && params.includes('resource_text');
  if (/group by/.test(s) && /search_(fts|documents|counts)/.test(s) && !/order by/.test(s)) return snippet ? 'snippet search: count (unused total)' : `match + count by resource (${type})`;
  if (/from search_documents|from search_fts/.test(s) && /order by/.test(s)) return 'snippet search: ranked page';
  if (/from "search_texts"/.test(s)) return 'snippet search: page texts';
  if (/from "resources"/.test(s) && /"convention_areas"/.test(s) && !/select \*/.test(s)) return 'facetRows (resources of the matches)';
  if (/resource_file_versions|resource_files|resource_file_texts/.test(s)) return 'textSources (page of each snippet)';
  if (/from "resources"|from "resource_groups"/.test(s)) return 'getResources (the page)';
  if (/spaces|regions/.test(s)) return 'spaces and regions';
  return s.slice(0, 60);
}

/** One call, statement by statement, with the plan of its heaviest statement. */
async function profileCall(handle: DatabaseHandle, options: LibraryBenchOptions, schema: string | null, s: Sample): Promise<string[]> {
  const logging = loggingHandle(handle, options.pgUrl, schema);
  const library = createLibraryService({ db: logging.db });
  const out: string[] = [];
  try {
    // Twice: the first fills this handle's statement cache; the second is the one reported.
    const c0 = performance.now();
    await loadLibraryListing(logging.db, library, s.readerPrincipal, { ...s.params, filters: { ...s.params.filters } });
    const cold = performance.now() - c0;
    logging.take();
    const t0 = performance.now();
    const result = await loadLibraryListing(logging.db, library, s.readerPrincipal, { ...s.params, filters: { ...s.params.filters } });
    const total = performance.now() - t0;
    const statements = logging.take();
    const groups = new Map<string, { n: number; ms: number }>();
    for (const st of statements) {
      const k = statementKind(st.query);
      const g = groups.get(k) ?? { n: 0, ms: 0 };
      g.n++;
      g.ms += st.ms;
      groups.set(k, g);
    }
    const sqlMs = statements.reduce((n, st) => n + st.ms, 0);
    out.push(`  ${s.cls}: q="${s.q}" as ${s.reader}, ${s.variant}, page ${s.page} — ${result.total.toLocaleString('en')} resources; ${total.toFixed(0)} ms in all (in the measured run ${s.ms.toFixed(0)} ms; first run on this handle ${cold.toFixed(0)} ms)`);
    for (const [k, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms)) out.push(`    ${g.ms.toFixed(1).padStart(8)} ms  ${String(g.n).padStart(3)}×  ${k}`);
    out.push(`    ${(total - sqlMs).toFixed(1).padStart(8)} ms        JavaScript between statements (facets and order over the matched resources, snippets, views)`);
    const heaviest = [...statements].sort((a, b) => b.ms - a.ms)[0];
    if (heaviest) {
      const text = heaviest.query.sql.replace(/\s+/g, ' ').trim();
      out.push(`    heaviest statement (${heaviest.ms.toFixed(1)} ms): ${text.length > 400 ? text.slice(0, 400) + '…' : text}`);
      try {
        for (const line of await explain(handle, heaviest.query)) out.push(`      ${line}`);
      } catch (err) {
        out.push(`      (no plan: ${err instanceof Error ? err.message : String(err)})`);
      }
    }
  } finally {
    await logging.close();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Extraction through the job (store, thread, pages, indexing)

interface JobFigures {
  docs: number;
  pages: number;
  seconds: number;
  docsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * Runs the extraction job (files.service runExtraction: read the blob, extract in the thread,
 * write the pages, index the resource) on generated 10-page PDFs attached to new resources of the
 * loaded database. They stay in it as editors-only drafts with external ids bench-job-*.
 */
async function extractionJobBench(db: Db, options: LibraryBenchOptions, log: (s: string) => void): Promise<JobFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-files-'));
  try {
    const store = localFileStore(dir);
    const library = createLibraryService({ db });
    const files = createFilesService({ db, library, store, maxUploadBytes: 64 * 1024 * 1024 });
    const spaces = await spacesOf(db);
    const r = createRng(`${options.seed}-jobs`);
    const jobs: string[] = [];
    let pages = 0;
    for (let i = 0; i < options.pdfs; i++) {
      const g = generateResource(20_000_000 + i, options.seed, spaces);
      const lang = (JSON.parse(g.row.languages) as CorpusLang[])[0]!;
      const topic = topicWords(r, lang);
      // A typical report: 10 pages of about 3,000 characters.
      const texts = Array.from({ length: 10 }, () => corpusPageOf(r, lang, 3000, topic));
      const pdf = await makePdf({ title: `Bench report ${i}`, lang, pages: texts });
      const blob = await store.put(pdf);
      const row = { ...g.row, external_id: `bench-job-${Date.now().toString(36)}-${i}`, status: 'draft', access: 'editors' };
      const fileId = newId();
      const versionId = newId();
      await db.transaction().execute(async (trx) => {
        await repo.insertResource(trx, row);
        await repo.insertFile(trx, { id: fileId, resource_id: row.id, label: null, position: 0, current_version_id: versionId, created_by: null, created_at: row.created_at, updated_at: row.created_at, deleted_at: null });
        await repo.insertVersion(trx, {
          id: versionId, file_id: fileId, version: 1, sha256: blob.sha256, size: blob.size, media_type: 'application/pdf', filename: `report-${i}.pdf`, attachment_only: 0,
          uploaded_by: null, uploaded_by_label: null, uploaded_at: row.created_at, extract_status: 'pending', extract_error: null, extract_job_id: null, pages: null, chars: null, truncated: 0, thumbnail_sha256: null,
        });
        await indexResource(trx, row);
      });
      jobs.push(versionId);
      pages += 10;
    }
    log(`  extraction job: ${jobs.length} PDFs of 10 pages generated`);
    await files.runExtraction(jobs[0]!); // thread start and parser loading
    const times: number[] = [];
    const t0 = performance.now();
    for (const id of jobs.slice(1)) {
      const t = performance.now();
      await files.runExtraction(id);
      times.push(performance.now() - t);
    }
    const seconds = (performance.now() - t0) / 1000;
    const s = stats(times);
    return { docs: times.length, pages: pages - 10, seconds, docsPerSecond: times.length / seconds, p50Ms: s.p50, p95Ms: s.p95 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// One database

async function openBenchDatabase(dialect: BenchDialect, options: LibraryBenchOptions): Promise<{ handle: DatabaseHandle; schema: string | null; where: string; fileBytes: () => number; cleanup: () => Promise<void> }> {
  if (options.reuse) {
    const reuse = options.reuse;
    const handle = dialect === 'sqlite' ? openDatabase({ dialect: 'sqlite', file: reuse }) : openDatabase({ dialect: 'postgres', url: options.pgUrl, schema: reuse });
    return { handle, schema: dialect === 'sqlite' ? null : reuse, where: reuse, fileBytes: () => (dialect === 'sqlite' ? statSync(reuse).size : 0), cleanup: () => handle.close() };
  }
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-library-'));
    const file = path.join(dir, 'library.sqlite');
    const handle = openDatabase({ dialect: 'sqlite', file });
    return {
      handle,
      schema: null,
      where: file,
      fileBytes: () => statSync(file).size,
      cleanup: async () => {
        await handle.close();
        if (options.keep) console.log(`  kept ${file} (measure again: --db sqlite --reuse ${file})`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_library_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: options.pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ dialect: 'postgres', url: options.pgUrl, schema });
  return {
    handle,
    schema,
    where: `schema ${schema}`,
    fileBytes: () => 0,
    cleanup: async () => {
      await handle.close();
      if (options.keep) {
        console.log(`  kept schema ${schema} (measure again: --db postgres --reuse ${schema})`);
        return;
      }
      const c = new pg.Client({ connectionString: options.pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

interface ClassFigures {
  cls: string;
  all: Stats;
  byReader: Record<string, Stats>;
  filtered: Stats;
  unfiltered: Stats;
  /** Median number of matching resources. */
  medianTotal: number;
  /** Queries of the class with no result at all (as an editor, no filter). */
  empty: string[];
  pass: boolean;
}

export interface LibraryDialectReport {
  dialect: BenchDialect;
  where: string;
  resources: number;
  load: LoadReport | null;
  classes: ClassFigures[];
  overall: Stats;
  sizes: string[];
  index: { documents: number; facets: number };
  slowest: string[];
  profile: string[];
  checks: string[];
  job: JobFigures | null;
  loadavg: string;
  pass: boolean;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function sizeLines(handle: DatabaseHandle, fileBytes: number): Promise<string[]> {
  const lines: string[] = [];
  const sizes = await relationSizes(handle);
  const total = await databaseBytes(handle);
  const sum = (pred: (n: string) => boolean) => sizes.filter((s) => pred(s.name)).reduce((a, s) => a + s.bytes, 0);
  const pct = (n: number) => `${((n / total) * 100).toFixed(1)} %`;
  if (handle.sqlite) {
    const groups: [string, (n: string) => boolean][] = [
      ['FTS5 index (search_fts*)', (n) => n.startsWith('search_fts')],
      ['search_texts (display text)', (n) => n === 'search_texts' || n.startsWith('sqlite_autoindex_search_texts')],
      ['search_documents + indexes', (n) => n === 'search_documents' || n.startsWith('search_documents_')],
      ['search_facets + indexes', (n) => n.startsWith('search_facets')],
      ['search_counts, groups, layouts', (n) => /^(search_counts|search_groups|search_layouts|sqlite_autoindex_search_(counts|groups|layouts))/.test(n)],
      ['resource_file_texts (pages) + idx', (n) => n.startsWith('resource_file_texts') || n.startsWith('sqlite_autoindex_resource_file_texts')],
      ['resources + indexes', (n) => n === 'resources' || n.startsWith('resources_') || n.startsWith('sqlite_autoindex_resources')],
      ['files, versions, groups + idx', (n) => /^(resource_files|resource_file_versions|resource_groups|groups|sqlite_autoindex_(resource_files|resource_file_versions|resource_groups|groups))/.test(n)],
    ];
    lines.push(`database file ${mb(fileBytes)} (pages in use ${mb(total)})`);
    for (const [label, pred] of groups) lines.push(`${label.padEnd(36)}${mb(sum(pred)).padStart(11)}  ${pct(sum(pred))}`);
  } else {
    const tables = ['search_documents', 'search_texts', 'search_facets', 'search_counts', 'search_groups', 'resources', 'resource_file_texts', 'resource_files', 'resource_file_versions', 'resource_groups'];
    const t = await totalRelationSizes(handle.db, tables);
    const gin = sizes.find((s) => s.name === 'search_documents_tsv_idx')?.bytes ?? 0;
    lines.push(`schema total ${mb(total)}`);
    for (const name of tables) lines.push(`${(name + ' (total)').padEnd(36)}${mb(t[name]!).padStart(11)}  ${pct(t[name]!)}${name === 'search_documents' ? `  of which GIN tsvector index ${mb(gin)}` : ''}`);
  }
  lines.push(`largest: ${sizes.slice(0, 6).map((s) => `${s.name} ${mb(s.bytes)}`).join(', ')}`);
  return lines;
}

/** Checks of the answers at scale: what a reader would notice. */
async function checks(db: Db, library: LibraryService, spaces: SpaceInfo[], samples: Sample[]): Promise<string[]> {
  const out: string[] = [];
  const visitor: Principal = { userId: null, isPlatformAdmin: false, roles: new Map() };
  // The newest public resources should open the listing sorted by date (the library's own order:
  // date, then creation, newest first; compared in JavaScript as library.search.ts does).
  const listing = await loadLibraryListing(db, library, visitor, { q: '', space: null, filters: {}, sort: 'date', page: 1 });
  const visible = await db
    .selectFrom('resources')
    .select(['id', 'date', 'created_at'])
    .where('deleted_at', 'is', null)
    .where('status', '=', 'published')
    .where('access', '=', 'public')
    .execute();
  const newer = (a: { id: string; date: string | null; created_at: string }, b: typeof a) =>
    a.date !== b.date ? (a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? 1 : -1) : a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1;
  const newest = visible.sort(newer).slice(0, 20);
  const shown = new Set(listing.items.map((i) => i.resource.id));
  const hits = newest.filter((r) => shown.has(r.id)).length;
  out.push(`listing by date as a visitor: total shown ${listing.total.toLocaleString('en')} of ${visible.length.toLocaleString('en')} public resources; ${hits} of the 20 newest on page 1`);
  // Uzbek across scripts: a Latin query finds Cyrillic text and the reverse.
  for (const q of ['kulolchilik', 'кулолчилик']) {
    const r = await loadLibraryListing(db, library, visitor, { q, space: null, filters: {}, sort: 'relevance', page: 1 });
    const langs = (r.facets.find((f) => f.param === 'lang')?.values ?? []).filter((v) => v.value.startsWith('uz')).map((v) => `${v.value} ${v.count}`);
    out.push(`"${q}": ${r.total.toLocaleString('en')} resources; by language ${langs.join(', ') || 'none'}`);
  }
  const withSnippet = samples.filter((s) => s.q && s.total > 0).length;
  out.push(`searches with at least one result: ${withSnippet} of ${samples.filter((s) => s.q).length}`);
  void spaces;
  return out;
}

async function benchDialect(dialect: BenchDialect, options: LibraryBenchOptions, log: (s: string) => void): Promise<LibraryDialectReport> {
  const opened = await openBenchDatabase(dialect, options);
  const { handle } = opened;
  try {
    if (!options.reuse) {
      await migrateToLatest(handle.db);
      await seedSpaces(handle.db);
      await createGroups(handle.db);
    }
    await syncFacetLayouts(handle.db);
    let loadReport: LoadReport | null = null;
    if (options.reuse) {
      log(`\n== ${dialect}: measuring the kept database ${options.reuse} ==`);
    } else {
      log(`\n== ${dialect}: loading ${options.resources.toLocaleString('en')} resources into ${opened.where} ==`);
      loadReport = await load(handle, options, log);
      log(`  loaded in ${loadReport.seconds.toFixed(0)} s; ${dialect === 'sqlite' ? 'analyze' : 'vacuum analyze'}…`);
      const a0 = performance.now();
      await analyzeDatabase(handle);
      log(`  … ${((performance.now() - a0) / 1000).toFixed(0)} s`);
      loadReport.sample = await indexingProfile(handle, options, opened.schema, 200);
    }
    const spaces = await spacesOf(handle.db);
    const resources = Number((await handle.db.selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).where('external_id', 'like', 'bench-%').where('external_id', 'not like', 'bench-job-%').executeTakeFirst())?.n ?? 0);
    const library = createLibraryService({ db: handle.db });

    let job: JobFigures | null = null;
    if (options.extract && !options.reuse && options.pdfs > 1) job = await extractionJobBench(handle.db, options, log);

    const loadavg = os.loadavg().map((n) => n.toFixed(2)).join(' ');
    const samples = await measureQueries(handle.db, library, spaces, options, log);
    const classes: ClassFigures[] = [];
    for (const cls of CLASSES) {
      const mine = samples.filter((s) => s.cls === cls);
      if (!mine.length) continue;
      const all = stats(mine.map((s) => s.ms));
      const byReader: Record<string, Stats> = {};
      for (const label of ['visitor', 'member', 'editor']) byReader[label] = stats(mine.filter((s) => s.reader === label).map((s) => s.ms));
      const totals = mine.map((s) => s.total).sort((a, b) => a - b);
      const empty = [...new Set(mine.filter((s) => s.reader === 'editor' && s.variant === 'no filter' && s.total === 0).map((s) => s.q))];
      classes.push({
        cls,
        all,
        byReader,
        filtered: stats(mine.filter((s) => s.variant !== 'no filter').map((s) => s.ms)),
        unfiltered: stats(mine.filter((s) => s.variant === 'no filter').map((s) => s.ms)),
        medianTotal: totals[Math.floor(totals.length / 2)] ?? 0,
        empty,
        pass: all.p95 <= BUDGET_MS,
      });
    }
    const overall = stats(samples.map((s) => s.ms));
    const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 10).map((s) => `${s.ms.toFixed(0).padStart(7)} ms  ${s.cls}: "${s.q}" as ${s.reader}, ${s.variant}, page ${s.page} (${s.total.toLocaleString('en')} resources)`);

    const profile: string[] = [];
    for (const c of classes) {
      if (c.pass && !options.explain) continue;
      const worst = samples.filter((s) => s.cls === c.cls).sort((a, b) => b.ms - a.ms)[0]!;
      profile.push(...(await profileCall(handle, options, opened.schema, worst)));
    }
    const sizes = await sizeLines(handle, opened.fileBytes());
    const index = await indexStats(handle.db);
    const checked = await checks(handle.db, library, spaces, samples);
    return {
      dialect,
      where: opened.where,
      resources,
      load: loadReport,
      classes,
      overall,
      sizes,
      index,
      slowest,
      profile,
      checks: checked,
      job,
      loadavg,
      pass: classes.every((c) => c.pass),
    };
  } finally {
    await opened.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const f = (ms: number) => (ms >= 1000 ? ms.toFixed(0) : ms.toFixed(1)).padStart(8);

export function printReport(report: LibraryDialectReport, out: (line: string) => void = console.log): void {
  out(`\n== Library, ${report.dialect}: ${report.resources.toLocaleString('en')} resources (${report.where}) ==`);
  out(`(load average when measuring: ${report.loadavg}; ${os.cpus().length} cores, shared)`);
  const l = report.load;
  if (l) {
    out(`\nLoad (repository rows + indexResource(), ${l.streams} stream${l.streams > 1 ? 's' : ''}, transactions of ${l.batch} resources; generation included)`);
    out(`  ${l.resources.toLocaleString('en')} resources, ${(l.textBytes / 1e6).toFixed(0)} MB of extracted text (${(l.textBytes / l.resources / 1024).toFixed(1)} KB per resource), ${l.textRows.toLocaleString('en')} text rows, ${l.searchRows.toLocaleString('en')} search rows`);
    out(`  ${l.seconds.toFixed(0)} s: ${l.resourcesPerSecond.toFixed(1)} resources/s, ${l.searchRowsPerSecond.toFixed(0)} search rows/s, ${l.mbPerSecond.toFixed(2)} MB/s of text; generating the data ${l.generateSeconds.toFixed(0)} s of it`);
    if (l.sample) {
      const s = l.sample;
      out(
        `  indexing profile (${s.resources} resources, rolled back): library rows ${(s.libraryRowsMs / s.resources).toFixed(1)} ms/resource, indexResource() ${(s.indexMs / s.resources).toFixed(1)} ms/resource, ` +
          `of which analysing the text ${(s.analysisMs / s.resources).toFixed(1)} ms (${((s.analysisMs / s.indexMs) * 100).toFixed(0)} %; ${(s.analysedChars / s.resources / 1000).toFixed(1)} k characters analysed per resource, ${(s.analysedChars / (s.analysisMs / 1000) / 1e6).toFixed(2)} M chars/s)`,
      );
      const sqlMs = s.statements.reduce((n, st) => n + st.ms, 0);
      out(`  indexResource() SQL ${(sqlMs / s.resources).toFixed(1)} ms/resource (${((sqlMs / s.indexMs) * 100).toFixed(0)} %): ${s.statements.slice(0, 8).map((st) => `${st.kind} ${(st.ms / s.resources).toFixed(2)} ms (${(st.n / s.resources).toFixed(1)}×)`).join(', ')}`);
    }
  } else out('\nLoad: not measured (a kept database was reused)');
  if (report.job) {
    const j = report.job;
    out(`\nExtraction job (blob → thread → pages → indexResource) on this database: ${j.docs} PDFs of 10 pages, ${j.docsPerSecond.toFixed(2)} docs/s (${(j.docsPerSecond * 10).toFixed(1)} pages/s); per doc p50 ${j.p50Ms.toFixed(0)} ms, p95 ${j.p95Ms.toFixed(0)} ms`);
  }
  out(`\nSearch through loadLibraryListing() (the /library page: library search with facets and snippets, the page's resources), ms`);
  out(`${'class'.padEnd(26)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'n'.padStart(5)}  ${'visitor p95'.padStart(11)}${'member p95'.padStart(11)}${'editor p95'.padStart(11)}${'filters p95'.padStart(12)}${'none p95'.padStart(10)}${'hits p50'.padStart(10)}  vs ${BUDGET_MS} ms`);
  for (const c of report.classes) {
    out(
      `${c.cls.padEnd(26)}${f(c.all.p50)}${f(c.all.p95)}${f(c.all.max)}${String(c.all.n).padStart(5)}  ${f(c.byReader.visitor!.p95).padStart(11)}${f(c.byReader.member!.p95).padStart(11)}${f(c.byReader.editor!.p95).padStart(11)}${f(c.filtered.p95).padStart(12)}${f(c.unfiltered.p95).padStart(10)}${String(c.medianTotal).padStart(10)}  ${c.pass ? 'PASS' : 'FAIL'}`,
    );
  }
  out(`${'all'.padEnd(26)}${f(report.overall.p50)}${f(report.overall.p95)}${f(report.overall.max)}${String(report.overall.n).padStart(5)}`);
  const empty = report.classes.flatMap((c) => c.empty.map((q) => `${c.cls}: "${q}"`));
  if (empty.length) out(`  no result (editor, no filter): ${empty.join('; ')}`);
  out('\nChecks');
  for (const line of report.checks) out(`  ${line}`);
  out('\nIndex and library size');
  out(`  search_documents ${report.index.documents.toLocaleString('en')} rows, search_facets ${report.index.facets.toLocaleString('en')} rows`);
  for (const line of report.sizes) out(`  ${line}`);
  out('\nSlowest calls');
  for (const s of report.slowest) out(`  ${s}`);
  if (report.profile.length) {
    out('\nWhere the time goes (slowest call of each class over budget, run again statement by statement)');
    for (const line of report.profile) out(line);
  }
  out(`\nBudget: p95 ≤ ${BUDGET_MS} ms in every class: ${report.pass ? 'PASS' : 'FAIL'} (${report.classes.filter((c) => !c.pass).map((c) => c.cls).join(', ') || 'all within'})`);
}

/** Runs the benchmark on each database; true when every class is within budget. */
export async function runLibraryBench(partial: Partial<LibraryBenchOptions> = {}, out: (line: string) => void = console.log): Promise<boolean> {
  const options = { ...DEFAULTS, ...partial };
  let ok = true;
  if (options.extract) {
    out(`\n== Library text extraction: ${options.pdfs} PDFs and ${options.docx} DOCX of 10 pages ==`);
    const report: ExtractionBenchReport = await runExtractionBench({ pdfs: options.pdfs, docx: options.docx, pages: 10, charsPerPage: 3000, corpus: true }, out);
    printExtractionBench(report, out);
  }
  for (const dialect of options.dialects) {
    const report = await benchDialect(dialect, options, out);
    printReport(report, out);
    if (!report.pass) ok = false;
  }
  return ok;
}

export function parseArgs(argv: string[]): Partial<LibraryBenchOptions> {
  const out: Partial<LibraryBenchOptions> = {};
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
    if (a === '--resources') out.resources = count(value());
    else if (a === '--runs') out.runs = Math.max(1, count(value()));
    else if (a === '--batch') out.batch = Math.max(1, count(value()));
    else if (a === '--pdfs') out.pdfs = count(value());
    else if (a === '--docx') out.docx = count(value());
    else if (a === '--explain') out.explain = true;
    else if (a === '--keep') out.keep = true;
    else if (a === '--no-extract') out.extract = false;
    else if (a === '--reuse') out.reuse = value();
    else if (a === '--db') {
      const v = value();
      if (v === 'both') out.dialects = ['sqlite', 'postgres'];
      else if (v === 'sqlite' || v === 'postgres') out.dialects = [v];
      else throw new Error(`--db: sqlite, postgres or both, not ${v}`);
    } else throw new Error(`unknown option ${a} (use --resources N --db sqlite|postgres|both --runs N --explain --keep --reuse FILE|SCHEMA --no-extract --pdfs N --docx N --batch N)`);
  }
  if (out.reuse && (out.dialects?.length ?? 2) !== 1) throw new Error('--reuse needs --db sqlite or --db postgres');
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const ok = await runLibraryBench(parseArgs(process.argv.slice(2)));
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 2;
  }
}
