/**
 * The knowledge library: resources described with Dublin Core, who may see each (public, members,
 * editors, named groups), relations, collections, bookmarks, named groups, the resources' rows in
 * the shared search index (metadata and the text extracted from their files), and the change
 * list harvesters and feeds read. No HTTP and no SQL here; files are in files.service.ts.
 */
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { authorize, can, levelIn, type Principal } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { text, type TranslatedText } from '../../platform/i18n/content.js';
import { parseLocale } from '../../platform/i18n/locales.js';
import { newId, nowIso } from '../../platform/ids.js';
import { foldWord } from '../../platform/search/analyzer.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { registerFacetLayout } from '../../platform/search/layouts.js';
import { indexEntity, LEVEL, removeEntity, type IndexEntry, type IndexVariant, type SnippetPart } from '../../platform/search/search.js';
import { findUserByEmail } from '../accounts/accounts.repository.js';
import { findOrganization, findPerson } from '../directory/directory.repository.js';
import { findSpaceById, listRegions, listSpaces } from '../spaces/spaces.service.js';
import {
  ACCESS_LEVELS,
  CONVENTION_AREA_CODES,
  DOMAINS,
  IDENTIFIER_SCHEMES,
  INVERSE_RELATION,
  LICENCES,
  RELATION_KINDS,
  RESOURCE_STATUSES,
  RESOURCE_TYPES,
  SDG_CODES,
  sdgGoalOf,
  type AccessLevel,
  type Creator,
  type Identifier,
  type IdentifierScheme,
  type RelationKind,
  type ResourceStatus,
  type ResourceType,
} from './classification.js';
import * as repo from './library.repository.js';
import { cleanText, codes, languageTags, translated, webAddress } from '../../platform/validation.js';

/** Entity type of resources in the shared search index. */
export const RESOURCE = 'resource';
/** Entity type of the text of resources' files in the shared search index. */
export const RESOURCE_TEXT = 'resource_text';

/** Longest text of one file version put in the search index, about 150 pages (the text itself is kept whole). */
export const MAX_INDEXED_TEXT = 500_000;
/** Length of one text row of the index (within a page). */
const CHUNK_CHARS = 1500;

/** What a form, the API or an import sends for a resource. Every field is checked here. */
export interface ResourceInput {
  type?: string;
  title?: Record<string, string | undefined>;
  abstract?: Record<string, string | undefined>;
  creators?: { kind?: string; id?: string | null; name?: string | null }[];
  publisher?: { kind?: string; id?: string | null; name?: string | null } | null;
  date?: string | null;
  domains?: string[];
  keywords?: string[];
  format?: string | null;
  identifiers?: { scheme?: string; value?: string }[];
  source?: string | null;
  languages?: string[];
  coverage?: { countries?: string[]; regions?: string[]; period?: string | null };
  rights?: string | null;
  licence?: string | null;
  sdgs?: string[];
  conventionAreas?: string[];
  access?: string;
  /** Group ids, when access is `groups`. */
  groups?: string[];
  status?: string;
  externalId?: string | null;
}

/** A resource as one reader may see it. */
export interface ResourceView {
  id: string;
  spaceId: string;
  /** Shown to editors only. */
  externalId: string | null;
  type: ResourceType;
  title: TranslatedText;
  abstract: TranslatedText;
  creators: Creator[];
  publisher: Creator | null;
  date: string | null;
  year: number | null;
  domains: string[];
  keywords: string[];
  format: string | null;
  identifiers: Identifier[];
  source: string | null;
  languages: string[];
  coverage: { countries: string[]; regions: string[]; period: string | null };
  rights: string | null;
  licence: string | null;
  sdgs: string[];
  conventionAreas: string[];
  access: AccessLevel;
  /** The groups that may see it (editors only; empty for others). */
  groups: string[];
  status: ResourceStatus;
  createdAt: string;
  updatedAt: string;
  canEdit: boolean;
  canDelete: boolean;
}

/** A relation as seen from one resource (the other end visible to the reader). */
export interface RelationView {
  id: string;
  kind: RelationKind;
  /** True when stored on this resource (it may be removed from here). */
  outgoing: boolean;
  other: { id: string; title: TranslatedText; type: string };
}

/** A named group. */
export interface GroupView {
  id: string;
  spaceId: string;
  name: string;
  description: string | null;
  members: number;
}

/** A collection as one reader may see it. */
export interface CollectionView {
  id: string;
  spaceId: string;
  title: TranslatedText;
  introduction: TranslatedText;
  status: ResourceStatus;
  /** Number of items the reader may see (on lists: every item). */
  itemCount: number;
  createdAt: string;
  updatedAt: string;
  canEdit: boolean;
}

/** A resource of a harvest page: its datestamp, and its metadata unless it is gone for harvesters. */
export interface HarvestRecord {
  id: string;
  spaceId: string;
  datestamp: string;
  /** Deleted, or no longer public: harvesters should drop it. */
  deleted: boolean;
  resource: ResourceView | null;
}

/** The page a snippet of the search index came from. */
export interface SnippetSource {
  fileId: string;
  versionId: string;
  filename: string;
  label: string | null;
  page: number | null;
}

const MAX_TEXT = 10_000;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Harvesters, feeds and sitemaps see what an anonymous visitor sees. */
const ANONYMOUS_READER: Principal = { userId: null, isPlatformAdmin: false, roles: new Map() };
const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISBN-10 or ISBN-13 with a valid check digit; returns the digits (and X) without separators. */
export function normaliseIsbn(value: string): string | null {
  const s = value.replace(/^isbn(?:-1[03])?:?\s*/i, '').replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{9}[\dX]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
    return sum % 11 === 0 ? s : null;
  }
  if (/^97[89]\d{10}$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 ? 3 : 1);
    return sum % 10 === 0 ? s : null;
  }
  return null;
}

/** ISSN with a valid check digit, as NNNN-NNNC. */
export function normaliseIssn(value: string): string | null {
  const s = value.replace(/^issn:?\s*/i, '').replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{7}[\dX]$/.test(s)) return null;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(s[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return (check === 10 ? 'X' : String(check)) === s[7] ? `${s.slice(0, 4)}-${s.slice(4)}` : null;
}

/** A DOI without its resolver prefix ("https://doi.org/10.1/x" → "10.1/x"). */
export function normaliseDoi(value: string): string | null {
  const s = value.trim().replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(s) ? s : null;
}

const IDENTIFIER_ERRORS: Partial<Record<IdentifierScheme, string>> = {
  isbn: 'library.invalid_isbn',
  issn: 'library.invalid_issn',
  doi: 'library.invalid_doi',
  url: 'library.invalid_url',
  handle: 'library.invalid_handle',
};

function checkIdentifiers(values: ResourceInput['identifiers'], errors: FieldError[]): Identifier[] {
  const out: Identifier[] = [];
  (values ?? []).slice(0, 20).forEach((item, i) => {
    const value = cleanText(item?.value, 300);
    if (!value) return;
    const scheme = IDENTIFIER_SCHEMES.find((s) => s === cleanText(item?.scheme, 20).toLowerCase()) ?? null;
    if (!scheme) {
      errors.push({ field: `identifiers.${i}.scheme`, key: 'validation.choice' });
      return;
    }
    let normalised: string | null = value;
    if (scheme === 'isbn') normalised = normaliseIsbn(value);
    else if (scheme === 'issn') normalised = normaliseIssn(value);
    else if (scheme === 'doi') normalised = normaliseDoi(value);
    else if (scheme === 'url') normalised = webAddress(value);
    else if (scheme === 'handle') normalised = /^\d[\d.]*\/\S+$/.test(value) ? value : null;
    if (!normalised) errors.push({ field: `identifiers.${i}.value`, key: IDENTIFIER_ERRORS[scheme] ?? 'validation.invalid', values: { detail: scheme } });
    else if (!out.some((o) => o.scheme === scheme && o.value === normalised)) out.push({ scheme: scheme as IdentifierScheme, value: normalised });
  });
  return out;
}

/** The name a directory record is known by (its first name in the first language written). */
function recordName(nameJson: string): string {
  const name = fromJson<TranslatedText>(nameJson, {});
  return name.en?.value ?? Object.values(name).find((v) => v?.value)?.value ?? '';
}

async function checkCreator(db: DbOrTrx, field: string, input: NonNullable<ResourceInput['publisher']>, errors: FieldError[]): Promise<Creator | null> {
  const id = cleanText(input.id, 40).toLowerCase();
  const kind = cleanText(input.kind, 20);
  const name = cleanText(input.name, 300);
  if (id) {
    if (!ID.test(id)) {
      errors.push({ field, key: 'library.invalid_creator' });
      return null;
    }
    if (kind !== 'person') {
      const org = await findOrganization(db, id);
      if (org && !org.merged_into) return { kind: 'organization', id, name: name || recordName(org.name) };
    }
    if (kind !== 'organization') {
      const person = await findPerson(db, id);
      if (person && !person.merged_into) return { kind: 'person', id, name: name || recordName(person.name) };
    }
    errors.push({ field, key: 'library.invalid_creator' });
    return null;
  }
  return name ? { kind: 'text', name } : null;
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1000 || year > new Date().getUTCFullYear() + 1) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The folded first title, for alphabetical order across scripts. */
function sortKey(title: TranslatedText): string {
  const first = Object.values(title).find((v) => v?.value)?.value ?? '';
  return foldWord(first).slice(0, 200) || first.toLowerCase().slice(0, 200);
}

function allValues(field: TranslatedText): string[] {
  return Object.values(field).map((v) => v?.value ?? '').filter(Boolean);
}

/** The groups the reader belongs to (from the principal when it carries them). */
async function readerGroups(db: DbOrTrx, principal: Principal): Promise<ReadonlySet<string>> {
  if (principal.groups) return principal.groups;
  if (!principal.userId) return new Set();
  return new Set(await repo.groupIdsOfUser(db, principal.userId));
}

/** True when a reader may see a resource (not deleted; its status and access allow them). */
export function mayRead(principal: Principal, row: Pick<repo.ResourceRow, 'space_id' | 'status' | 'access' | 'deleted_at'>, groupIds: readonly string[], groups: ReadonlySet<string>): boolean {
  if (row.deleted_at) return false;
  const level = levelIn(principal, row.space_id);
  if (level >= LEVEL.editor) return true;
  if (row.status !== 'published') return false;
  if (row.access === 'public') return true;
  if (row.access === 'members') return level >= LEVEL.member;
  if (row.access === 'groups') return groupIds.some((g) => groups.has(g));
  return false;
}

/**
 * The audience ranges of a resource's search rows: drafts and editors-only resources are for
 * editors; a members' resource for members and up; a group's resource for its groups' members
 * (one row naming every group, so a reader in two of them meets it once) and for editors.
 */
export function audienceOf(row: Pick<repo.ResourceRow, 'status' | 'access' | 'deleted_at'>, groupIds: readonly string[]): { lo: number; hi: number; groupIds?: string[] }[] {
  if (row.deleted_at) return [];
  const editors = { lo: LEVEL.editor, hi: LEVEL.admin };
  if (row.status !== 'published') return [editors];
  if (row.access === 'public') return [{ lo: LEVEL.visitor, hi: LEVEL.admin }];
  if (row.access === 'members') return [{ lo: LEVEL.member, hi: LEVEL.admin }];
  if (row.access === 'groups') return [...groupVariants(groupIds), editors];
  return [editors];
}

/** The row of a group-restricted resource for its groups' members below editor level. */
function groupVariants(groupIds: readonly string[]): { lo: number; hi: number; groupIds?: string[] }[] {
  return groupIds.length ? [{ lo: LEVEL.visitor, hi: LEVEL.member, groupIds: [...groupIds] }] : [];
}

/** The text a resource's own search row holds: its metadata (its files' text has rows of its own). */
export function indexBody(row: repo.ResourceRow): string {
  const creators = fromJson<Creator[]>(row.creators, []);
  const publisher = fromJson<Creator | null>(row.publisher, null);
  return [
    ...allValues(fromJson<TranslatedText>(row.abstract, {})),
    creators.map((c) => c.name).join('; '),
    publisher?.name ?? '',
    fromJson<string[]>(row.keywords, []).join('; '),
    fromJson<Identifier[]>(row.identifiers, []).map((i) => i.value).join(' '),
    row.source ?? '',
    row.coverage_period ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The audience variants of a resource's rows (the same for its text). */
function variantsOf(row: repo.ResourceRow, groupIds: readonly string[], title: TranslatedText, body: string, facets: Record<string, string[]>): IndexVariant[] {
  return audienceOf(row, groupIds).map(({ lo, hi, groupIds: groups }) => ({ levelLo: lo, levelHi: hi, ...(groups ? { groupIds: groups } : {}), title, body, facets }));
}

/** The search rows of a resource's metadata. */
export function resourceIndexEntry(row: repo.ResourceRow, groupIds: readonly string[]): IndexEntry {
  const sdgs = fromJson<string[]>(row.sdgs, []);
  // "type" and "space" are the engine's own facets (entity type, space id): the resource type is "rtype".
  const facets: Record<string, string[]> = {
    rtype: [row.type],
    domain: fromJson<string[]>(row.domains, []),
    lang: fromJson<string[]>(row.languages, []),
    year: row.year ? [String(row.year)] : [],
    region: fromJson<string[]>(row.coverage_regions, []),
    country: fromJson<string[]>(row.coverage_countries, []),
    sdg: [...new Set(sdgs.map(sdgGoalOf))],
    sdg_target: sdgs.filter((s) => s.includes('.')),
    area: fromJson<string[]>(row.convention_areas, []),
    access: [row.access],
    status: [row.status],
    // The resource itself: listings collect the matching resources through it.
    rid: [row.id],
  };
  return { entityType: RESOURCE, entityId: row.id, spaceId: row.space_id, url: `/library/${row.id}`, variants: variantsOf(row, groupIds, fromJson<TranslatedText>(row.title, {}), indexBody(row), facets) };
}

/**
 * The text of a file version cut into search rows of a few thousand characters, each within one
 * page: small rows keep analysis and snippets fast, and a row's page is the page of its match.
 * Ids are `<version>:<seq>:<n>`, derived from the stored text alone, so they can be removed again.
 */
export function textChunks(versionId: string, pages: { seq: number; text: string }[]): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  let budget = MAX_INDEXED_TEXT;
  for (const page of pages) {
    let rest = page.text.trim();
    for (let n = 0; rest && budget > 0; n++) {
      let cut = Math.min(rest.length, CHUNK_CHARS, budget);
      if (cut < rest.length) {
        const space = rest.lastIndexOf(' ', cut);
        if (space > cut / 2) cut = space;
      }
      out.push({ id: `${versionId}:${page.seq}:${n}`, text: rest.slice(0, cut) });
      budget -= cut;
      rest = rest.slice(cut).trim();
    }
  }
  return out;
}

/** The version and page a text row id names. */
export function parseTextId(id: string): { versionId: string; seq: number } | null {
  const m = /^([0-9a-f-]{36}):(\d+):\d+$/.exec(id);
  return m ? { versionId: m[1]!, seq: Number(m[2]) } : null;
}

/** Removes the text rows of the given versions (as their stored text says they were cut). */
async function removeTextRows(trx: DbOrTrx, versionIds: string[]): Promise<void> {
  const texts = await repo.textsOf(trx, versionIds);
  for (const versionId of versionIds) {
    for (const chunk of textChunks(versionId, texts.filter((t) => t.version_id === versionId))) await removeEntity(trx, RESOURCE_TEXT, chunk.id);
  }
}

/** Removes a version's text rows before its text is replaced (extraction run again). */
export async function removeVersionText(trx: DbOrTrx, versionId: string): Promise<void> {
  await removeTextRows(trx, [versionId]);
}

/** Writes a resource's search rows: its metadata, and the text of its files' current versions. */
export async function indexResource(trx: DbOrTrx, row: repo.ResourceRow): Promise<void> {
  const groups = (await repo.groupsOfResources(trx, [row.id])).get(row.id) ?? [];
  await indexEntity(trx, resourceIndexEntry(row, groups));
  const files = await repo.filesOf(trx, [row.id], true);
  // Every version that may have rows goes first (older versions, removed files), then the current ones come back.
  const done = (await repo.versionsOf(trx, files.map((f) => f.id))).filter((v) => v.extract_status === 'done').map((v) => v.id);
  await removeTextRows(trx, done);
  if (row.deleted_at) return;
  const current = files.filter((f) => !f.deleted_at && f.current_version_id && done.includes(f.current_version_id)).map((f) => f.current_version_id!);
  if (!current.length) return;
  const title = fromJson<TranslatedText>(row.title, {});
  const facets = { rid: [row.id] };
  // The metadata follows each piece of text, so words split between the two still find the resource.
  const meta = indexBody(row);
  const texts = await repo.textsOf(trx, current);
  for (const versionId of current) {
    for (const chunk of textChunks(versionId, texts.filter((t) => t.version_id === versionId))) {
      const body = meta ? `${chunk.text}\n${meta}` : chunk.text;
      await indexEntity(trx, { entityType: RESOURCE_TEXT, entityId: chunk.id, spaceId: row.space_id, url: `/library/${row.id}`, variants: variantsOf(row, groups, title, body, facets) });
    }
  }
}

/** Re-indexes one resource by id (after its files or groups changed). */
export async function reindexResource(trx: DbOrTrx, id: string): Promise<void> {
  const row = await repo.findResource(trx, id);
  if (row) await indexResource(trx, row);
}

// The resource id inline on the index rows: a search collects the matching resources from one
// grouped count over a covering index (see platform/search/layouts.ts), not by joining facets.
registerFacetLayout(RESOURCE, { columns: ['rid'], bits: {} });
registerFacetLayout(RESOURCE_TEXT, { columns: ['rid'], bits: {} });

/** Indexers for `mosaic reindex`: the resources' rows write their text rows too. */
export const LIBRARY_INDEXERS: Indexer[] = [
  {
    entityType: RESOURCE_TEXT,
    // Cleared here and written by the resources' indexer, which runs after this one.
    reindexAll: async () => 0,
  },
  {
    entityType: RESOURCE,
    async reindexAll(trx) {
      let n = 0;
      for await (const rows of repo.allResources(trx)) {
        for (const row of rows) {
          await indexResource(trx, row);
          n++;
        }
      }
      return n;
    },
  },
];

function auditRow(row: repo.ResourceRow, groups?: string[]): Record<string, unknown> {
  return {
    ...row,
    title: fromJson(row.title, {}),
    abstract: fromJson(row.abstract, {}),
    creators: fromJson(row.creators, []),
    identifiers: fromJson(row.identifiers, []),
    ...(groups ? { groups } : {}),
  };
}

/**
 * The text of a snippet from its start (after a leading ellipsis) to the end of its first match:
 * a piece of the indexed body, to be found in the page's text when the match is there.
 */
function snippetUpToFirstMatch(parts: SnippetPart[]): string | null {
  let text = '';
  for (const [i, p] of parts.entries()) {
    if (i === 0 && !p.match && p.text === '…') continue;
    text += p.text;
    if (p.match) return text;
  }
  return null;
}

/** What the library service needs. */
export interface LibraryDeps {
  db: Db;
}

/** The library service bound to its dependencies. */
export function createLibraryService(deps: LibraryDeps) {
  const { db } = deps;

  function toView(row: repo.ResourceRow, principal: Principal, groupIds: string[]): ResourceView {
    const editor = levelIn(principal, row.space_id) >= LEVEL.editor;
    return {
      id: row.id,
      spaceId: row.space_id,
      externalId: editor ? row.external_id : null,
      type: row.type as ResourceType,
      title: fromJson(row.title, {}),
      abstract: fromJson(row.abstract, {}),
      creators: fromJson(row.creators, []),
      publisher: fromJson(row.publisher, null),
      date: row.date,
      year: row.year,
      domains: fromJson(row.domains, []),
      keywords: fromJson(row.keywords, []),
      format: row.format,
      identifiers: fromJson(row.identifiers, []),
      source: row.source,
      languages: fromJson(row.languages, []),
      coverage: { countries: fromJson(row.coverage_countries, []), regions: fromJson(row.coverage_regions, []), period: row.coverage_period },
      rights: row.rights,
      licence: row.licence,
      sdgs: fromJson(row.sdgs, []),
      conventionAreas: fromJson(row.convention_areas, []),
      access: row.access as AccessLevel,
      groups: editor ? groupIds : [],
      status: row.status as ResourceStatus,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit: can(principal, 'content.edit', { spaceId: row.space_id }),
      canDelete: can(principal, 'content.delete', { spaceId: row.space_id }),
    };
  }

  /** Validates a resource; returns the columns to store and its groups. Fields not sent keep their value on update. */
  async function check(trx: DbOrTrx, spaceId: string, input: ResourceInput, current: repo.ResourceRow | null, currentGroups: string[]) {
    const errors: FieldError[] = [];
    const has = (k: keyof ResourceInput) => input[k] !== undefined || !current;
    const out: Partial<repo.ResourceRow> = {};
    if (has('type')) {
      const type = RESOURCE_TYPES.find((t) => t === cleanText(input.type, 30).toLowerCase());
      if (!type) errors.push({ field: 'type', key: input.type ? 'library.invalid_code' : 'validation.required', values: { value: cleanText(input.type, 30) } });
      out.type = type ?? '';
    }
    if (has('title')) {
      const title = translated('title', input.title, true, 500, errors);
      out.title = JSON.stringify(title);
      out.title_sort = sortKey(title);
    }
    if (has('abstract')) out.abstract = JSON.stringify(translated('abstract', input.abstract, false, MAX_TEXT, errors));
    if (has('creators')) {
      const creators: Creator[] = [];
      for (const [i, c] of (input.creators ?? []).slice(0, 50).entries()) {
        const creator = c ? await checkCreator(trx, `creators.${i}`, c, errors) : null;
        if (creator && !creators.some((x) => x.kind === creator.kind && x.id === creator.id && x.name === creator.name)) creators.push(creator);
      }
      out.creators = JSON.stringify(creators);
    }
    if (has('publisher')) {
      const publisher = input.publisher ? await checkCreator(trx, 'publisher', input.publisher, errors) : null;
      out.publisher = publisher ? JSON.stringify(publisher) : null;
    }
    if (has('date')) {
      const date = cleanText(input.date, 20);
      if (date && !validDate(date)) errors.push({ field: 'date', key: 'library.invalid_date' });
      out.date = date && validDate(date) ? date : null;
      out.year = out.date ? Number(out.date.slice(0, 4)) : null;
    }
    if (has('domains')) out.domains = JSON.stringify(codes('domains', input.domains, DOMAINS, errors, 'library.invalid_code'));
    if (has('keywords')) {
      const keywords = [...new Set((input.keywords ?? []).map((k) => cleanText(k, 100)).filter(Boolean))];
      if (keywords.length > 50) errors.push({ field: 'keywords', key: 'library.too_many', values: { max: 50 } });
      out.keywords = JSON.stringify(keywords.slice(0, 50));
    }
    if (has('format')) out.format = cleanText(input.format, 200) || null;
    if (has('identifiers')) out.identifiers = JSON.stringify(checkIdentifiers(input.identifiers, errors));
    if (has('source')) out.source = cleanText(input.source, 1000) || null;
    if (has('languages')) out.languages = JSON.stringify(languageTags(input.languages, errors, 'library.invalid_language'));
    if (has('coverage')) {
      const countries: string[] = [];
      for (const raw of input.coverage?.countries ?? []) {
        const code = cleanText(raw, 10).toUpperCase();
        if (!code) continue;
        if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ' || !COUNTRY_NAMES.of(code)) errors.push({ field: 'coverage.countries', key: 'library.invalid_country', values: { value: code } });
        else if (!countries.includes(code)) countries.push(code);
      }
      const regions: string[] = [];
      const spaces = await listSpaces(trx);
      for (const raw of input.coverage?.regions ?? []) {
        const code = cleanText(raw, 10).toUpperCase();
        if (!code) continue;
        const space = spaces.find((s) => s.code === code.slice(0, 2));
        const known = space ? (await listRegions(trx, space.id)).some((r) => r.code === code) : REGION.test(code);
        if (!REGION.test(code) || !known) {
          errors.push({ field: 'coverage.regions', key: 'library.invalid_region', values: { value: code } });
          continue;
        }
        if (!regions.includes(code)) regions.push(code);
        // A region implies its country.
        if (!countries.includes(code.slice(0, 2))) countries.push(code.slice(0, 2));
      }
      out.coverage_countries = JSON.stringify(countries);
      out.coverage_regions = JSON.stringify(regions);
      out.coverage_period = cleanText(input.coverage?.period, 100) || null;
    }
    if (has('rights')) out.rights = cleanText(input.rights, 2000) || null;
    if (has('licence')) {
      const raw = cleanText(input.licence, 40);
      const licence = LICENCES.find((l) => l.toLowerCase() === raw.toLowerCase()) ?? null;
      if (raw && !licence) errors.push({ field: 'licence', key: 'library.invalid_code', values: { value: raw } });
      out.licence = licence;
    }
    if (has('sdgs')) out.sdgs = JSON.stringify(codes('sdgs', input.sdgs, SDG_CODES, errors, 'library.invalid_code'));
    if (has('conventionAreas')) out.convention_areas = JSON.stringify(codes('conventionAreas', input.conventionAreas, CONVENTION_AREA_CODES, errors, 'library.invalid_code'));
    let groups = currentGroups;
    if (has('access') || input.groups !== undefined) {
      const access = input.access === undefined && current ? current.access : ACCESS_LEVELS.find((a) => a === cleanText(input.access ?? 'public', 20).toLowerCase());
      if (!access) errors.push({ field: 'access', key: 'validation.choice' });
      out.access = access ?? 'public';
      groups = [];
      if (access === 'groups') {
        const wanted = [...new Set((input.groups ?? currentGroups).map((g) => cleanText(g, 40).toLowerCase()).filter(Boolean))];
        const found = await repo.findGroups(trx, wanted.filter((g) => ID.test(g)));
        for (const g of wanted) {
          const group = found.find((f) => f.id === g);
          if (!group || group.space_id !== spaceId) errors.push({ field: 'groups', key: 'library.invalid_group' });
          else groups.push(g);
        }
        if (wanted.length === 0) errors.push({ field: 'groups', key: 'library.groups_required' });
      }
    }
    if (input.status !== undefined) {
      const status = RESOURCE_STATUSES.find((s) => s === input.status);
      if (!status) errors.push({ field: 'status', key: 'validation.choice' });
      else out.status = status;
    }
    if (input.externalId !== undefined) {
      out.external_id = cleanText(input.externalId, 100) || null;
      if (out.external_id && out.external_id !== current?.external_id) {
        const other = await repo.findResourceByExternalId(trx, spaceId, out.external_id);
        if (other && other.id !== current?.id) errors.push({ field: 'externalId', key: 'library.duplicate_external_id', values: { value: out.external_id } });
      }
    }
    return { errors, columns: out, groups };
  }

  async function forWrite(trx: DbOrTrx, principal: Principal, id: string): Promise<{ row: repo.ResourceRow; groups: string[] }> {
    const row = await repo.findResource(trx, id);
    if (!row || row.deleted_at) throw new AppError('NOT_FOUND');
    const groups = (await repo.groupsOfResources(trx, [id])).get(id) ?? [];
    // A resource the caller may not see is not found, rather than forbidden.
    if (!mayRead(principal, row, groups, await readerGroups(trx, principal))) throw new AppError('NOT_FOUND');
    authorize(principal, 'content.edit', { spaceId: row.space_id });
    return { row, groups };
  }

  /** Resource rows the reader may see, in the order of `ids`, with their groups. */
  async function readable(principal: Principal, ids: string[], trx: DbOrTrx = db) {
    const rows = new Map((await repo.findResources(trx, ids)).map((r) => [r.id, r]));
    const groupsById = await repo.groupsOfResources(trx, ids);
    const mine = await readerGroups(trx, principal);
    return ids.flatMap((id) => {
      const row = rows.get(id);
      const groups = groupsById.get(id) ?? [];
      return row && mayRead(principal, row, groups, mine) ? [{ row, groups }] : [];
    });
  }

  async function groupForAdmin(trx: DbOrTrx, principal: Principal, id: string): Promise<repo.GroupRow> {
    const group = await repo.findGroup(trx, id);
    if (!group) throw new AppError('NOT_FOUND');
    authorize(principal, 'space.members.manage', { spaceId: group.space_id });
    return group;
  }

  async function reindexGroupResources(trx: DbOrTrx, groupId: string): Promise<void> {
    for (const id of await repo.resourcesOfGroup(trx, groupId)) await reindexResource(trx, id);
  }

  function collectionView(row: repo.CollectionRow, principal: Principal, itemCount: number): CollectionView {
    return {
      id: row.id,
      spaceId: row.space_id,
      title: fromJson(row.title, {}),
      introduction: fromJson(row.introduction, {}),
      status: row.status as ResourceStatus,
      itemCount,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit: can(principal, 'content.edit', { spaceId: row.space_id }),
    };
  }

  async function collectionForWrite(trx: DbOrTrx, principal: Principal, id: string): Promise<repo.CollectionRow> {
    const row = await repo.findCollection(trx, id);
    if (!row || row.deleted_at) throw new AppError('NOT_FOUND');
    if (row.status !== 'published' && !can(principal, 'content.view_drafts', { spaceId: row.space_id })) throw new AppError('NOT_FOUND');
    authorize(principal, 'content.edit', { spaceId: row.space_id });
    return row;
  }

  function harvestRecord(row: repo.ResourceRow): HarvestRecord {
    const open = !row.deleted_at && row.status === 'published' && row.access === 'public';
    return { id: row.id, spaceId: row.space_id, datestamp: row.updated_at, deleted: !open, resource: open ? toView(row, ANONYMOUS_READER, []) : null };
  }

  /** Views of several resources in the order of `ids`, leaving out those the reader may not see. */
  async function getResources(principal: Principal, ids: string[]): Promise<ResourceView[]> {
    return (await readable(principal, ids)).map(({ row, groups }) => toView(row, principal, groups));
  }

  /** True when the reader may see the resource (its page, files, thumbnails). */
  async function canRead(principal: Principal, id: string, trx: DbOrTrx = db): Promise<boolean> {
    return ID.test(id) && (await readable(principal, [id.toLowerCase()], trx)).length === 1;
  }

  return {
    /** Creates a resource (editors of the space). */
    async createResource(principal: Principal, spaceId: string, input: ResourceInput, actor: Actor, trxIn?: DbOrTrx): Promise<ResourceView> {
      const run = async (trx: DbOrTrx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.create', { spaceId });
        const { errors, columns, groups } = await check(trx, spaceId, input, null, []);
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row = {
          id: newId(),
          space_id: spaceId,
          external_id: null,
          status: 'published',
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          deleted_by: null,
          ...columns,
        } as repo.ResourceRow;
        await repo.insertResource(trx, row);
        await repo.setResourceGroups(trx, row.id, groups);
        await recordAudit(trx, actor, { action: 'resource.create', entityType: RESOURCE, entityId: row.id, spaceId, after: auditRow(row, groups) });
        await indexResource(trx, row);
        return toView(row, principal, groups);
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** Changes the fields sent (editors); status changes need the publish right. */
    async updateResource(principal: Principal, id: string, input: ResourceInput, actor: Actor, trxIn?: DbOrTrx): Promise<ResourceView> {
      const run = async (trx: DbOrTrx) => {
        const { row, groups: currentGroups } = await forWrite(trx, principal, id);
        if (input.status !== undefined && input.status !== row.status) authorize(principal, 'content.publish', { spaceId: row.space_id });
        const { errors, columns, groups } = await check(trx, row.space_id, input, row, currentGroups);
        if (errors.length) throw validationError(errors);
        const after = { ...row, ...columns, updated_at: nowIso() };
        await repo.updateResource(trx, id, { ...columns, updated_at: after.updated_at });
        await repo.setResourceGroups(trx, id, groups);
        await recordAudit(trx, actor, { action: 'resource.update', entityType: RESOURCE, entityId: id, spaceId: row.space_id, before: auditRow(row, currentGroups), after: auditRow(after, groups) });
        await indexResource(trx, after);
        return toView(after, principal, groups);
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** Deletes a resource (space administrators): it stays as a tombstone, out of every listing. */
    async deleteResource(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { row, groups } = await forWrite(trx, principal, id);
        authorize(principal, 'content.delete', { spaceId: row.space_id });
        const now = nowIso();
        const after = { ...row, deleted_at: now, deleted_by: principal.userId, updated_at: now };
        await repo.updateResource(trx, id, { deleted_at: now, deleted_by: principal.userId, updated_at: now });
        await recordAudit(trx, actor, { action: 'resource.delete', entityType: RESOURCE, entityId: id, spaceId: row.space_id, before: auditRow(row, groups), after: { deleted_at: now } });
        await indexResource(trx, after);
      });
    },

    /** A resource as the reader may see it: NOT_FOUND when they may not, GONE when deleted. */
    async getResource(principal: Principal, id: string): Promise<ResourceView> {
      const row = ID.test(id) ? await repo.findResource(db, id.toLowerCase()) : undefined;
      if (!row) throw new AppError('NOT_FOUND');
      const groups = (await repo.groupsOfResources(db, [row.id])).get(row.id) ?? [];
      if (row.deleted_at) {
        // Those who could see it learn that it was deleted; others that it does not exist.
        if (mayRead(principal, { ...row, deleted_at: null }, groups, await readerGroups(db, principal))) throw new AppError('GONE');
        throw new AppError('NOT_FOUND');
      }
      if (!mayRead(principal, row, groups, await readerGroups(db, principal))) throw new AppError('NOT_FOUND');
      return toView(row, principal, groups);
    },

    getResources,
    canRead,


    /**
     * The file and page of text rows of the index, given with their snippets: a snippet whose
     * first match lies in the metadata that follows the page's text names no page (null).
     */
    async textSources(rows: { rowId: string; snippet: SnippetPart[] }[]): Promise<Map<string, SnippetSource | null>> {
      const out = new Map<string, SnippetSource | null>();
      const keys = rows.flatMap((r) => {
        const key = parseTextId(r.rowId);
        return key ? [{ ...r, key }] : [];
      });
      const versions = new Map((await repo.findVersions(db, [...new Set(keys.map((k) => k.key.versionId))])).map((v) => [v.id, v]));
      const files = new Map((await repo.findFiles(db, [...new Set([...versions.values()].map((v) => v.file_id))])).map((f) => [f.id, f]));
      const pages = await repo.pageTexts(db, keys.map((k) => k.key));
      for (const { rowId, snippet, key } of keys) {
        const version = versions.get(key.versionId);
        const file = version ? files.get(version.file_id) : undefined;
        const page = pages.get(`${key.versionId}:${key.seq}`);
        if (!version || !file || !page) continue;
        const chunk = textChunks(key.versionId, [{ seq: key.seq, text: page.text }]).find((c) => c.id === rowId);
        const upToMatch = snippetUpToFirstMatch(snippet);
        out.set(rowId, chunk && upToMatch !== null && chunk.text.includes(upToMatch) ? { fileId: file.id, versionId: version.id, filename: version.filename, label: file.label, page: page.page } : null);
      }
      return out;
    },

    /** What the listing filters and counts of resources (ids the reader may already see). */
    facetRows: (ids: string[]) => repo.facetRows(db, ids),

    // ---- Relations -------------------------------------------------------------------------------

    /** Relates a resource to another of the same library (editors). */
    async addRelation(principal: Principal, id: string, relatedId: string, kind: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { row } = await forWrite(trx, principal, id);
        const k = RELATION_KINDS.find((r) => r === kind);
        if (!k) throw validationError([{ field: 'kind', key: 'validation.choice' }]);
        if (!ID.test(relatedId) || relatedId.toLowerCase() === id) throw validationError([{ field: 'related', key: 'library.relation_not_found' }]);
        const other = await repo.findResource(trx, relatedId.toLowerCase());
        const otherGroups = other ? ((await repo.groupsOfResources(trx, [other.id])).get(other.id) ?? []) : [];
        if (!other || !mayRead(principal, other, otherGroups, await readerGroups(trx, principal))) throw validationError([{ field: 'related', key: 'library.relation_not_found' }]);
        if ((await repo.relationExists(trx, id, other.id, k)) || (await repo.relationExists(trx, other.id, id, INVERSE_RELATION[k]))) return;
        const relation: repo.RelationRow = { id: newId(), resource_id: id, related_id: other.id, kind: k, created_by: principal.userId, created_at: nowIso() };
        await repo.insertRelation(trx, relation);
        await recordAudit(trx, actor, { action: 'resource.relation.create', entityType: RESOURCE, entityId: id, spaceId: row.space_id, after: { ...relation } });
      });
    },

    /** Removes a relation (editors of either end's space). */
    async removeRelation(principal: Principal, id: string, relationId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { row } = await forWrite(trx, principal, id);
        const relation = await repo.findRelation(trx, relationId);
        if (!relation || (relation.resource_id !== id && relation.related_id !== id)) throw new AppError('NOT_FOUND');
        await repo.deleteRelation(trx, relationId);
        await recordAudit(trx, actor, { action: 'resource.relation.delete', entityType: RESOURCE, entityId: id, spaceId: row.space_id, before: { ...relation } });
      });
    },

    /** Relations of a resource, read from it, to resources the reader may see. */
    async relationsOf(principal: Principal, id: string): Promise<RelationView[]> {
      const relations = await repo.relationsOf(db, id);
      const others = relations.map((r) => (r.resource_id === id ? r.related_id : r.resource_id));
      const visible = new Map((await readable(principal, [...new Set(others)])).map(({ row }) => [row.id, row]));
      return relations.flatMap((r) => {
        const outgoing = r.resource_id === id;
        const other = visible.get(outgoing ? r.related_id : r.resource_id);
        if (!other) return [];
        const kind = r.kind as RelationKind;
        return [{ id: r.id, kind: outgoing ? kind : INVERSE_RELATION[kind], outgoing, other: { id: other.id, title: fromJson<TranslatedText>(other.title, {}), type: other.type } }];
      });
    },

    // ---- Named groups ------------------------------------------------------------------------------

    /** The groups of spaces the principal administers (or of one space). */
    async listGroups(principal: Principal, spaceId: string): Promise<GroupView[]> {
      authorize(principal, 'space.members.manage', { spaceId });
      return (await repo.listGroups(db, [spaceId])).map((g) => ({ id: g.id, spaceId: g.space_id, name: g.name, description: g.description, members: g.members }));
    },

    /** The groups of a space an editor may choose in an access rule. */
    async groupChoices(principal: Principal, spaceId: string): Promise<GroupView[]> {
      if (!can(principal, 'content.edit', { spaceId })) return [];
      return (await repo.listGroups(db, [spaceId])).map((g) => ({ id: g.id, spaceId: g.space_id, name: g.name, description: g.description, members: g.members }));
    },

    /** One group with its members (space administrators). */
    async getGroup(principal: Principal, id: string) {
      const group = await groupForAdmin(db, principal, id);
      const members = await repo.groupMembers(db, id);
      return { id: group.id, spaceId: group.space_id, name: group.name, description: group.description, members };
    },

    /** Creates a named group in a space (space administrators). */
    async createGroup(principal: Principal, spaceId: string, input: { name?: string; description?: string | null }, actor: Actor): Promise<GroupView> {
      return db.transaction().execute(async (trx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        authorize(principal, 'space.members.manage', { spaceId });
        const name = cleanText(input.name, 200);
        if (!name) throw validationError([{ field: 'name', key: 'validation.required' }]);
        if (await repo.findGroupByName(trx, spaceId, name)) throw validationError([{ field: 'name', key: 'library.group_exists' }]);
        const now = nowIso();
        const row: repo.GroupRow = { id: newId(), space_id: spaceId, name, description: cleanText(input.description, 1000) || null, created_by: principal.userId, created_at: now, updated_at: now };
        await repo.insertGroup(trx, row);
        await recordAudit(trx, actor, { action: 'group.create', entityType: 'group', entityId: row.id, spaceId, after: { ...row } });
        return { id: row.id, spaceId, name, description: row.description, members: 0 };
      });
    },

    /** Renames a group or changes its description. */
    async updateGroup(principal: Principal, id: string, input: { name?: string; description?: string | null }, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const group = await groupForAdmin(trx, principal, id);
        const name = input.name === undefined ? group.name : cleanText(input.name, 200);
        if (!name) throw validationError([{ field: 'name', key: 'validation.required' }]);
        const other = await repo.findGroupByName(trx, group.space_id, name);
        if (other && other.id !== id) throw validationError([{ field: 'name', key: 'library.group_exists' }]);
        const patch = { name, description: input.description === undefined ? group.description : cleanText(input.description, 1000) || null, updated_at: nowIso() };
        await repo.updateGroup(trx, id, patch);
        await recordAudit(trx, actor, { action: 'group.update', entityType: 'group', entityId: id, spaceId: group.space_id, before: { ...group }, after: patch });
      });
    },

    /**
     * Deletes a group. Resources it opened keep their `groups` access with the remaining groups;
     * one left with none is seen by editors only until an editor chooses again.
     */
    async deleteGroup(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const group = await groupForAdmin(trx, principal, id);
        const resources = await repo.resourcesOfGroup(trx, id);
        await repo.deleteGroup(trx, id);
        await recordAudit(trx, actor, { action: 'group.delete', entityType: 'group', entityId: id, spaceId: group.space_id, before: { ...group, resources } });
        for (const rid of resources) await reindexResource(trx, rid);
      });
    },

    /** Adds an account (by email) to a group. */
    async addGroupMember(principal: Principal, id: string, email: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const group = await groupForAdmin(trx, principal, id);
        const user = await findUserByEmail(trx, cleanText(email, 320).toLowerCase());
        if (!user) throw validationError([{ field: 'email', key: 'library.no_such_account' }]);
        if (await repo.addGroupMember(trx, id, user.id, principal.userId, nowIso())) {
          await recordAudit(trx, actor, { action: 'group.member.add', entityType: 'group', entityId: id, spaceId: group.space_id, after: { user_id: user.id, email: user.email } });
          await reindexGroupResources(trx, id);
        }
      });
    },

    /** Removes an account from a group. */
    async removeGroupMember(principal: Principal, id: string, userId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const group = await groupForAdmin(trx, principal, id);
        if (await repo.removeGroupMember(trx, id, userId)) {
          await recordAudit(trx, actor, { action: 'group.member.remove', entityType: 'group', entityId: id, spaceId: group.space_id, before: { user_id: userId } });
          await reindexGroupResources(trx, id);
        }
      });
    },

    // ---- Collections -----------------------------------------------------------------------------

    /** Creates a collection (editors). */
    async createCollection(principal: Principal, spaceId: string, input: { title?: Record<string, string | undefined>; introduction?: Record<string, string | undefined>; status?: string }, actor: Actor): Promise<CollectionView> {
      return db.transaction().execute(async (trx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.create', { spaceId });
        const errors: FieldError[] = [];
        const title = translated('title', input.title, true, 300, errors);
        const introduction = translated('introduction', input.introduction, false, MAX_TEXT, errors);
        const status = RESOURCE_STATUSES.find((s) => s === (input.status ?? 'published'));
        if (!status) errors.push({ field: 'status', key: 'validation.choice' });
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row: repo.CollectionRow = {
          id: newId(),
          space_id: spaceId,
          title: JSON.stringify(title),
          title_sort: sortKey(title),
          introduction: JSON.stringify(introduction),
          status: status!,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        };
        await repo.insertCollection(trx, row);
        await recordAudit(trx, actor, { action: 'collection.create', entityType: 'collection', entityId: row.id, spaceId, after: { ...row, title, introduction } });
        return collectionView(row, principal, 0);
      });
    },

    /** Changes a collection's title, introduction or status. */
    async updateCollection(principal: Principal, id: string, input: { title?: Record<string, string | undefined>; introduction?: Record<string, string | undefined>; status?: string }, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await collectionForWrite(trx, principal, id);
        const errors: FieldError[] = [];
        const patch: Partial<repo.CollectionRow> = { updated_at: nowIso() };
        if (input.title !== undefined) {
          const title = translated('title', input.title, true, 300, errors);
          patch.title = JSON.stringify(title);
          patch.title_sort = sortKey(title);
        }
        if (input.introduction !== undefined) patch.introduction = JSON.stringify(translated('introduction', input.introduction, false, MAX_TEXT, errors));
        if (input.status !== undefined) {
          const status = RESOURCE_STATUSES.find((s) => s === input.status);
          if (!status) errors.push({ field: 'status', key: 'validation.choice' });
          else patch.status = status;
        }
        if (errors.length) throw validationError(errors);
        await repo.updateCollection(trx, id, patch);
        await recordAudit(trx, actor, { action: 'collection.update', entityType: 'collection', entityId: id, spaceId: row.space_id, before: { ...row }, after: patch });
      });
    },

    /** Deletes a collection (its resources stay). */
    async deleteCollection(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await collectionForWrite(trx, principal, id);
        const now = nowIso();
        await repo.updateCollection(trx, id, { deleted_at: now, updated_at: now });
        await recordAudit(trx, actor, { action: 'collection.delete', entityType: 'collection', entityId: id, spaceId: row.space_id, before: { ...row } });
      });
    },

    /** Collections of the given spaces (null = all): published ones, and drafts for their editors. */
    async listCollections(principal: Principal, spaceIds: string[] | null): Promise<CollectionView[]> {
      const rows = await repo.listCollections(db, spaceIds);
      return rows
        .filter((r) => r.status === 'published' || can(principal, 'content.view_drafts', { spaceId: r.space_id }))
        .map((r) => collectionView(r, principal, r.items));
    },

    /** A collection with the items the reader may see, in order. */
    async getCollection(principal: Principal, id: string): Promise<{ collection: CollectionView; items: { resource: ResourceView; note: string | null }[] }> {
      const row = ID.test(id) ? await repo.findCollection(db, id.toLowerCase()) : undefined;
      if (!row || row.deleted_at) throw new AppError('NOT_FOUND');
      if (row.status !== 'published' && !can(principal, 'content.view_drafts', { spaceId: row.space_id })) throw new AppError('NOT_FOUND');
      const items = await repo.collectionItems(db, row.id);
      const views = new Map((await readable(principal, items.map((i) => i.resource_id))).map(({ row: r, groups }) => [r.id, toView(r, principal, groups)]));
      const visible = items.flatMap((i) => (views.has(i.resource_id) ? [{ resource: views.get(i.resource_id)!, note: i.note }] : []));
      return { collection: collectionView(row, principal, visible.length), items: visible };
    },

    /** Collections holding a resource, that the reader may see. */
    async collectionsOf(principal: Principal, resourceId: string): Promise<CollectionView[]> {
      const rows = await repo.collectionsOfResource(db, resourceId);
      return rows.filter((r) => r.status === 'published' || can(principal, 'content.view_drafts', { spaceId: r.space_id })).map((r) => collectionView(r, principal, 0));
    },

    /** Adds a resource at the end of a collection (or changes its note when it is there). */
    async addToCollection(principal: Principal, id: string, resourceId: string, note: string | null, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await collectionForWrite(trx, principal, id);
        const rid = resourceId.toLowerCase();
        const resource = ID.test(rid) ? await repo.findResource(trx, rid) : undefined;
        const groups = resource ? ((await repo.groupsOfResources(trx, [rid])).get(rid) ?? []) : [];
        if (!resource || !mayRead(principal, resource, groups, await readerGroups(trx, principal))) throw validationError([{ field: 'resource', key: 'library.relation_not_found' }]);
        const items = await repo.collectionItems(trx, id);
        const existing = items.find((i) => i.resource_id === rid);
        const cleanNote = cleanText(note, 1000) || null;
        const next = existing
          ? items.map((i) => ({ resourceId: i.resource_id, note: i.resource_id === rid ? cleanNote : i.note, createdAt: i.created_at }))
          : [...items.map((i) => ({ resourceId: i.resource_id, note: i.note, createdAt: i.created_at })), { resourceId: rid, note: cleanNote, createdAt: nowIso() }];
        await repo.setCollectionItems(trx, id, next);
        await repo.updateCollection(trx, id, { updated_at: nowIso() });
        await recordAudit(trx, actor, { action: 'collection.item.add', entityType: 'collection', entityId: id, spaceId: row.space_id, after: { resource_id: rid, note: cleanNote } });
      });
    },

    /** Removes a resource from a collection. */
    async removeFromCollection(principal: Principal, id: string, resourceId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await collectionForWrite(trx, principal, id);
        const items = await repo.collectionItems(trx, id);
        if (!items.some((i) => i.resource_id === resourceId)) return;
        await repo.setCollectionItems(trx, id, items.filter((i) => i.resource_id !== resourceId).map((i) => ({ resourceId: i.resource_id, note: i.note, createdAt: i.created_at })));
        await repo.updateCollection(trx, id, { updated_at: nowIso() });
        await recordAudit(trx, actor, { action: 'collection.item.remove', entityType: 'collection', entityId: id, spaceId: row.space_id, before: { resource_id: resourceId } });
      });
    },

    /** Moves a resource one place up (-1) or down (+1) in a collection. */
    async moveInCollection(principal: Principal, id: string, resourceId: string, delta: -1 | 1, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await collectionForWrite(trx, principal, id);
        const items = (await repo.collectionItems(trx, id)).map((i) => ({ resourceId: i.resource_id, note: i.note, createdAt: i.created_at }));
        const at = items.findIndex((i) => i.resourceId === resourceId);
        const to = at + delta;
        if (at < 0 || to < 0 || to >= items.length) return;
        [items[at], items[to]] = [items[to]!, items[at]!];
        await repo.setCollectionItems(trx, id, items);
        await repo.updateCollection(trx, id, { updated_at: nowIso() });
        await recordAudit(trx, actor, { action: 'collection.item.move', entityType: 'collection', entityId: id, spaceId: row.space_id, after: { resource_id: resourceId, position: to } });
      });
    },

    // ---- Bookmarks ---------------------------------------------------------------------------------

    /** Adds or removes a bookmark of the signed-in user. */
    async setBookmark(principal: Principal, resourceId: string, on: boolean, actor: Actor): Promise<void> {
      authorize(principal, 'account.edit_self', { ownerId: principal.userId });
      await db.transaction().execute(async (trx) => {
        if (on) {
          if (!(await canRead(principal, resourceId, trx))) throw new AppError('NOT_FOUND');
          if (await repo.addBookmark(trx, principal.userId!, resourceId, nowIso())) {
            await recordAudit(trx, actor, { action: 'bookmark.add', entityType: RESOURCE, entityId: resourceId });
          }
        } else if (await repo.removeBookmark(trx, principal.userId!, resourceId)) {
          await recordAudit(trx, actor, { action: 'bookmark.remove', entityType: RESOURCE, entityId: resourceId });
        }
      });
    },

    /** The signed-in user's bookmarks they may still see, newest first. */
    async myBookmarks(principal: Principal): Promise<ResourceView[]> {
      if (!principal.userId) return [];
      const ids = (await repo.bookmarksOf(db, principal.userId)).map((b) => b.resource_id);
      return getResources(principal, ids);
    },

    /** Which of `ids` the signed-in user has bookmarked. */
    async bookmarked(principal: Principal, ids: string[]): Promise<Set<string>> {
      return principal.userId ? repo.bookmarkedAmong(db, principal.userId, ids) : new Set();
    },

    // ---- Harvesting and feeds ------------------------------------------------------------------------

    /**
     * A page of changes in (datestamp, id) order, tombstones included, as an anonymous reader sees
     * them: a resource deleted, unpublished or no longer public is reported as deleted.
     */
    async harvest(options: { from?: string; until?: string; after?: { updatedAt: string; id: string }; spaceIds?: string[]; limit: number }): Promise<HarvestRecord[]> {
      return (await repo.changedResources(db, options)).map(harvestRecord);
    },

    /** One resource as a harvester sees it, tombstones included; null when it never existed. */
    async harvestOne(id: string): Promise<HarvestRecord | null> {
      const row = ID.test(id) ? await repo.findResource(db, id.toLowerCase()) : undefined;
      return row ? harvestRecord(row) : null;
    },

    /** Public, published resources as a visitor sees them, most recently changed first. */
    async publicResources(options: { spaceIds?: string[]; limit: number }): Promise<ResourceView[]> {
      return (await repo.publicResources(db, options)).map((row) => toView(row, ANONYMOUS_READER, []));
    },

    /** The earliest datestamp of the library, or null when it is empty. */
    earliestDatestamp: () => repo.earliestChange(db),
  };
}

/** The library service type. */
export type LibraryService = ReturnType<typeof createLibraryService>;
