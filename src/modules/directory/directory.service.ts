/**
 * The stakeholder directory: organisations and people of the sector, what each reader may see
 * of them, self-service profiles and claims, verification, merging, and their search index rows.
 * No HTTP and no SQL here.
 */
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { authorize, can, levelIn, type Principal } from '../../platform/auth/policy.js';
import type { Config } from '../../config.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { localeSegment, parseLocale } from '../../platform/i18n/locales.js';
import { text, textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { translator, type Translator } from '../../platform/i18n/messages.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { newId, nowIso } from '../../platform/ids.js';
import { foldWord } from '../../platform/search/analyzer.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { LANGUAGE_BITS } from '../../platform/search/languages.js';
import { registerFacetLayout } from '../../platform/search/layouts.js';
import { moveFollowers } from '../notifications/notifications.service.js';
import { indexEntity, LEVEL, search, type IndexVariant } from '../../platform/search/search.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { editorsOf, findSpaceById, listRegions, regionCodes, setRole } from '../spaces/spaces.service.js';
import {
  AGE_BANDS,
  CONTACT_KINDS,
  CULTURE_CYCLE,
  DOMAINS,
  ORG_TYPES,
  SEXES,
  SIZE_BANDS,
  STATUSES,
  VISIBILITIES,
  type Contact,
  type RecordStatus,
  type Visibility,
} from './classification.js';
import * as repo from './directory.repository.js';
import { cleanText, codes, languageTags, translated, webAddress } from '../../platform/validation.js';

/** Entity types of the directory in the shared search index. */
export const ORGANIZATION = 'organization';
export const PERSON = 'person';

/** What a form or the API sends for an organisation. Every field is checked here. */
export interface OrganizationInput {
  name?: Record<string, string | undefined>;
  type?: string;
  domains?: string[];
  functions?: string[];
  regionCode?: string | null;
  address?: string | null;
  latitude?: number | string | null;
  longitude?: number | string | null;
  contacts?: { kind?: string; value?: string; visibility?: string }[];
  languages?: string[];
  foundedYear?: number | string | null;
  sizeBand?: string | null;
  description?: Record<string, string | undefined>;
  externalId?: string | null;
  status?: string;
}

/** What a form or the API sends for a person. */
export interface PersonInput {
  name?: Record<string, string | undefined>;
  professions?: string[];
  domains?: string[];
  skills?: string[];
  regionCode?: string | null;
  bio?: Record<string, string | undefined>;
  portfolio?: string[];
  contacts?: { kind?: string; value?: string; visibility?: string }[];
  languages?: string[];
  sex?: string | null;
  ageBand?: string | null;
  demographicsConsent?: boolean;
  externalId?: string | null;
  status?: string;
}

/** An organisation as one reader may see it. */
export interface OrganizationView {
  id: string;
  spaceId: string;
  externalId: string | null;
  name: TranslatedText;
  type: string;
  domains: string[];
  functions: string[];
  regionCode: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Only the contacts this reader may see. */
  contacts: Contact[];
  languages: string[];
  foundedYear: number | null;
  sizeBand: string | null;
  description: TranslatedText;
  logoSha256: string | null;
  status: RecordStatus;
  verified: boolean;
  verifiedAt: string | null;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  /** What this reader may do with it. */
  canEdit: boolean;
  canModerate: boolean;
}

/** A person as one reader may see them. Sex and age band only for editors. */
export interface PersonView {
  id: string;
  spaceId: string;
  externalId: string | null;
  userId: string | null;
  name: TranslatedText;
  professions: string[];
  domains: string[];
  skills: string[];
  regionCode: string | null;
  bio: TranslatedText;
  portfolio: string[];
  contacts: Contact[];
  languages: string[];
  /** The sha256 of the person's photo in the file store, as organisations carry their logo's. */
  photoSha256: string | null;
  demographics: { sex: string | null; ageBand: string | null } | null;
  status: RecordStatus;
  verified: boolean;
  verifiedAt: string | null;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  canEdit: boolean;
  canModerate: boolean;
}

const LEVEL_OF: Record<Visibility, number> = { public: LEVEL.visitor, members: LEVEL.member, editors: LEVEL.editor };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{6,25}$/;
const MAX_TEXT = 5000;

/** Checks contacts: known kinds, a plausible value for each kind, a known visibility. */
export function checkContacts(values: OrganizationInput['contacts'], errors: FieldError[]): Contact[] {
  const out: Contact[] = [];
  (values ?? []).forEach((c, i) => {
    const value = cleanText(c?.value, 300);
    if (!value) return;
    const kind = CONTACT_KINDS.find((k) => k === c?.kind) ?? null;
    const visibility = VISIBILITIES.find((v) => v === (c?.visibility || 'public')) ?? null;
    if (!kind) errors.push({ field: `contacts.${i}.kind`, key: 'validation.choice' });
    if (!visibility) errors.push({ field: `contacts.${i}.visibility`, key: 'validation.choice' });
    let normalised = value;
    if (kind === 'email') {
      normalised = value.toLowerCase();
      if (!EMAIL.test(normalised)) errors.push({ field: `contacts.${i}.value`, key: 'validation.email' });
    } else if (kind === 'phone' || kind === 'whatsapp') {
      if (!PHONE.test(value)) errors.push({ field: `contacts.${i}.value`, key: 'directory.invalid_phone' });
    } else if (kind === 'website' || kind === 'facebook' || kind === 'instagram' || kind === 'youtube') {
      const url = webAddress(value);
      if (!url) errors.push({ field: `contacts.${i}.value`, key: 'directory.invalid_url' });
      else normalised = url;
    }
    if (kind && visibility) out.push({ kind, value: normalised, visibility });
  });
  return out;
}

function optionalNumber(field: string, value: unknown, min: number, max: number, errors: FieldError[], integer = false): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    errors.push({ field, key: 'directory.out_of_range', values: { min, max } });
    return null;
  }
  return n;
}

const PERIOD = /^(\d{4})(?:-(\d{2}))?$/;

/**
 * Checks the dates of an affiliation: each a year (YYYY) or a year and month (YYYY-MM), and the
 * end not before the start. A year counts as its whole span, so 2019-05 … 2019 is fine.
 */
export function checkPeriod(startRaw: unknown, endRaw: unknown, errors: FieldError[]): { start: string | null; end: string | null } {
  const parse = (field: string, raw: unknown): { value: string; first: string; last: string } | null => {
    const value = cleanText(raw, 20);
    if (!value) return null;
    const m = PERIOD.exec(value);
    const month = m?.[2] === undefined ? null : Number(m[2]);
    if (!m || Number(m[1]) < 1000 || (month !== null && (month < 1 || month > 12))) {
      errors.push({ field, key: 'directory.invalid_date' });
      return null;
    }
    return { value, first: m[2] ? value : `${m[1]}-01`, last: m[2] ? value : `${m[1]}-12` };
  };
  const start = parse('startDate', startRaw);
  const end = parse('endDate', endRaw);
  if (start && end && end.last < start.first) errors.push({ field: 'endDate', key: 'directory.end_before_start' });
  return { start: start?.value ?? null, end: end?.value ?? null };
}

/** What a merge checks of a record (a person has an account, an organisation none). */
interface MergeableRow {
  id: string;
  space_id: string;
  merged_into: string | null;
  user_id?: string | null;
}

/** Why `drop` cannot be merged into `keep`, as a field error on `into`; null when it can. */
function mergeProblem(keep: MergeableRow, drop: MergeableRow): FieldError | null {
  if (keep.id === drop.id) return { field: 'into', key: 'directory.merge_same' };
  if (keep.space_id !== drop.space_id) return { field: 'into', key: 'directory.merge_other_space' };
  if (keep.merged_into || drop.merged_into) return { field: 'into', key: 'directory.merge_merged' };
  // Two records that each belong to an account are two people (or need their owners).
  if (keep.user_id && drop.user_id && keep.user_id !== drop.user_id) return { field: 'into', key: 'directory.merge_two_accounts' };
  return null;
}

/** The folded first name of a record, for alphabetical order across scripts. */
function sortKey(name: TranslatedText): string {
  const first = Object.values(name).find((v) => v?.value)?.value ?? '';
  return foldWord(first).slice(0, 200) || first.toLowerCase().slice(0, 200);
}

/** Reader level for one record: their space role, raised to editor for the record's own people. */
function readerLevel(principal: Principal, spaceId: string, ownEditors: readonly string[]): number {
  const base = levelIn(principal, spaceId);
  return principal.userId && ownEditors.includes(principal.userId) ? Math.max(base, LEVEL.editor) : base;
}

function visibleContacts(contacts: Contact[], level: number): Contact[] {
  return contacts.filter((c) => LEVEL_OF[c.visibility] <= level);
}

/** True when a reader at `level` may see a record in `status`. */
function statusVisible(status: string, level: number): boolean {
  return status === 'published' || level >= LEVEL.editor;
}

/**
 * The audience ranges of a record: a row for each distinct set of visible contacts, so a
 * member-only email never reaches a visitor's search results. Drafts and archived records are
 * indexed for editors only.
 */
function audienceRanges(status: string, contacts: Contact[]): { lo: number; hi: number }[] {
  if (status !== 'published') return [{ lo: LEVEL.editor, hi: LEVEL.admin }];
  const hasMembers = contacts.some((c) => c.visibility === 'members');
  const hasEditors = contacts.some((c) => c.visibility === 'editors');
  if (!hasMembers && !hasEditors) return [{ lo: LEVEL.visitor, hi: LEVEL.admin }];
  const ranges: { lo: number; hi: number }[] = [{ lo: LEVEL.visitor, hi: LEVEL.visitor }];
  if (hasEditors) ranges.push({ lo: LEVEL.member, hi: LEVEL.member }, { lo: LEVEL.editor, hi: LEVEL.admin });
  else ranges.push({ lo: LEVEL.member, hi: LEVEL.admin });
  return ranges;
}

function allValues(field: TranslatedText): string[] {
  return Object.values(field).map((v) => v?.value ?? '').filter(Boolean);
}

/** The search rows of an organisation. */
export function organizationIndexEntry(row: repo.OrganizationRow) {
  const name = fromJson<TranslatedText>(row.name, {});
  const description = fromJson<TranslatedText>(row.description, {});
  const contacts = fromJson<Contact[]>(row.contacts, []);
  const variants: IndexVariant[] = row.merged_into
    ? []
    : audienceRanges(row.status, contacts).map(({ lo, hi }) => ({
        levelLo: lo,
        levelHi: hi,
        title: name,
        body: [...allValues(description), row.address ?? '', ...visibleContacts(contacts, lo).map((c) => c.value)].filter(Boolean).join('\n'),
        facets: {
          org_type: [row.type],
          domain: fromJson<string[]>(row.domains, []),
          region: row.region_code ? [row.region_code] : [],
          verified: [row.verified_at ? 'verified' : 'unverified'],
          lang: fromJson<string[]>(row.languages, []),
          status: [row.status],
        },
      }));
  return { entityType: ORGANIZATION, entityId: row.id, spaceId: row.space_id, url: `/organizations/${row.id}`, variants };
}

/** The search rows of a person (sex and age band are never indexed). */
export function personIndexEntry(row: repo.PersonRow) {
  const name = fromJson<TranslatedText>(row.name, {});
  const bio = fromJson<TranslatedText>(row.bio, {});
  const contacts = fromJson<Contact[]>(row.contacts, []);
  const variants: IndexVariant[] = row.merged_into
    ? []
    : audienceRanges(row.status, contacts).map(({ lo, hi }) => ({
        levelLo: lo,
        levelHi: hi,
        title: name,
        body: [
          ...fromJson<string[]>(row.professions, []),
          ...fromJson<string[]>(row.skills, []),
          ...allValues(bio),
          ...visibleContacts(contacts, lo).map((c) => c.value),
        ].join('\n'),
        facets: {
          domain: fromJson<string[]>(row.domains, []),
          region: row.region_code ? [row.region_code] : [],
          verified: [row.verified_at ? 'verified' : 'unverified'],
          lang: fromJson<string[]>(row.languages, []),
          status: [row.status],
        },
      }));
  return { entityType: PERSON, entityId: row.id, spaceId: row.space_id, url: `/people/${row.id}`, variants };
}

/** Writes the derived data of an organisation: search rows and contact keys. */
async function deriveOrganization(trx: DbOrTrx, row: repo.OrganizationRow): Promise<void> {
  await indexEntity(trx, organizationIndexEntry(row));
  const keys = row.merged_into ? [] : fromJson<Contact[]>(row.contacts, []).map(contactKey).filter((k): k is string => k !== null);
  await repo.replaceContactKeys(trx, ORGANIZATION, row.id, row.space_id, keys);
}

/** Writes the derived data of a person. */
async function derivePerson(trx: DbOrTrx, row: repo.PersonRow): Promise<void> {
  await indexEntity(trx, personIndexEntry(row));
  const keys = row.merged_into ? [] : fromJson<Contact[]>(row.contacts, []).map(contactKey).filter((k): k is string => k !== null);
  await repo.replaceContactKeys(trx, PERSON, row.id, row.space_id, keys);
}

// The listing facets inline on the index rows, so a listing counts them in one pass (layouts.ts);
// languages at the engine's positions (languages.ts), others counted exactly too, just more slowly.
registerFacetLayout(ORGANIZATION, { columns: ['org_type', 'region', 'verified', 'status'], bits: { domain: DOMAINS, lang: LANGUAGE_BITS } });
registerFacetLayout(PERSON, { columns: ['region', 'verified', 'status'], bits: { domain: DOMAINS, lang: LANGUAGE_BITS } });

/** Indexers for `mosaic reindex`. */
export const DIRECTORY_INDEXERS: Indexer[] = [
  {
    entityType: ORGANIZATION,
    async reindexAll(trx) {
      let n = 0;
      await repo.clearContactKeys(trx, ORGANIZATION);
      for await (const rows of repo.allOrganizations(trx)) for (const row of rows) {
        await deriveOrganization(trx, row);
        n++;
      }
      return n;
    },
  },
  {
    entityType: PERSON,
    async reindexAll(trx) {
      let n = 0;
      await repo.clearContactKeys(trx, PERSON);
      for await (const rows of repo.allPeople(trx)) for (const row of rows) {
        await derivePerson(trx, row);
        n++;
      }
      return n;
    },
  },
];

function publicOrg(row: repo.OrganizationRow): Record<string, unknown> {
  return { ...row, name: fromJson(row.name, {}), description: fromJson(row.description, {}), contacts: fromJson(row.contacts, []), domains: fromJson(row.domains, []) };
}

function publicPerson(row: repo.PersonRow): Record<string, unknown> {
  return { ...row, name: fromJson(row.name, {}), bio: fromJson(row.bio, {}), contacts: fromJson(row.contacts, []) };
}

/** Validates an organisation; returns the columns to store. `partial` keeps fields not sent. */
async function checkOrganization(db: DbOrTrx, spaceId: string, input: OrganizationInput, current: repo.OrganizationRow | null) {
  const errors: FieldError[] = [];
  const has = (k: keyof OrganizationInput) => input[k] !== undefined || !current;
  const regions = await regionCodes(db, spaceId);
  const out: Partial<repo.OrganizationRow> = {};
  if (has('name')) {
    const name = translated('name', input.name, true, 300, errors);
    out.name = JSON.stringify(name);
    out.name_sort = sortKey(name);
  }
  if (has('type')) {
    const type = ORG_TYPES.find((t) => t === cleanText(input.type, 30).toLowerCase());
    if (!type) errors.push({ field: 'type', key: input.type ? 'directory.invalid_code' : 'validation.required', values: { value: cleanText(input.type, 30) } });
    out.type = type ?? '';
  }
  if (has('domains')) out.domains = JSON.stringify(codes('domains', input.domains, DOMAINS, errors, 'directory.invalid_code'));
  if (has('functions')) out.functions = JSON.stringify(codes('functions', input.functions, CULTURE_CYCLE, errors, 'directory.invalid_code'));
  if (has('regionCode')) {
    const region = cleanText(input.regionCode, 10).toUpperCase();
    if (region && !regions.includes(region)) errors.push({ field: 'regionCode', key: 'directory.invalid_region', values: { value: region } });
    out.region_code = region || null;
  }
  if (has('address')) out.address = cleanText(input.address, 500) || null;
  if (has('latitude') || has('longitude')) {
    const lat = optionalNumber('latitude', input.latitude, -90, 90, errors);
    const lon = optionalNumber('longitude', input.longitude, -180, 180, errors);
    if ((lat === null) !== (lon === null)) errors.push({ field: lat === null ? 'latitude' : 'longitude', key: 'directory.coordinates_pair' });
    out.latitude = lat;
    out.longitude = lon;
  }
  if (has('contacts')) out.contacts = JSON.stringify(checkContacts(input.contacts, errors));
  if (has('languages')) out.languages = JSON.stringify(languageTags(input.languages, errors, 'directory.invalid_language'));
  if (has('foundedYear')) out.founded_year = optionalNumber('foundedYear', input.foundedYear, 1000, new Date().getUTCFullYear(), errors, true);
  if (has('sizeBand')) {
    const band = cleanText(input.sizeBand, 10);
    if (band && !SIZE_BANDS.includes(band as (typeof SIZE_BANDS)[number])) errors.push({ field: 'sizeBand', key: 'validation.choice' });
    out.size_band = band || null;
  }
  if (has('description')) out.description = JSON.stringify(translated('description', input.description, false, MAX_TEXT, errors));
  if (input.externalId !== undefined) out.external_id = cleanText(input.externalId, 100) || null;
  if (input.status !== undefined) {
    if (!STATUSES.includes(input.status as RecordStatus)) errors.push({ field: 'status', key: 'validation.choice' });
    else out.status = input.status;
  }
  return { errors, columns: out };
}

/** Validates a person. */
async function checkPerson(db: DbOrTrx, spaceId: string, input: PersonInput, current: repo.PersonRow | null) {
  const errors: FieldError[] = [];
  const has = (k: keyof PersonInput) => input[k] !== undefined || !current;
  const regions = await regionCodes(db, spaceId);
  const out: Partial<repo.PersonRow> = {};
  const list = (values: unknown, max: number) =>
    [...new Set((Array.isArray(values) ? values : []).map((v) => cleanText(v, 100)).filter(Boolean))].slice(0, max);
  if (has('name')) {
    const name = translated('name', input.name, true, 200, errors);
    out.name = JSON.stringify(name);
    out.name_sort = sortKey(name);
  }
  if (has('professions')) out.professions = JSON.stringify(list(input.professions, 20));
  if (has('skills')) out.skills = JSON.stringify(list(input.skills, 50));
  if (has('domains')) out.domains = JSON.stringify(codes('domains', input.domains, DOMAINS, errors, 'directory.invalid_code'));
  if (has('regionCode')) {
    const region = cleanText(input.regionCode, 10).toUpperCase();
    if (region && !regions.includes(region)) errors.push({ field: 'regionCode', key: 'directory.invalid_region', values: { value: region } });
    out.region_code = region || null;
  }
  if (has('bio')) out.bio = JSON.stringify(translated('bio', input.bio, false, MAX_TEXT, errors));
  if (has('portfolio')) {
    // Errors name the row typed in (empty rows are skipped, not renumbered).
    const links: string[] = [];
    (Array.isArray(input.portfolio) ? input.portfolio : []).slice(0, 50).forEach((raw, i) => {
      const typed = cleanText(raw, 2000);
      if (!typed) return;
      const url = webAddress(typed);
      if (!url) errors.push({ field: `portfolio.${i}`, key: 'directory.invalid_url' });
      else if (!links.includes(url)) links.push(url);
    });
    out.portfolio = JSON.stringify(links.slice(0, 20));
  }
  if (has('contacts')) out.contacts = JSON.stringify(checkContacts(input.contacts, errors));
  if (has('languages')) out.languages = JSON.stringify(languageTags(input.languages, errors, 'directory.invalid_language'));
  if (input.demographicsConsent !== undefined || input.sex !== undefined || input.ageBand !== undefined || !current) {
    // Sex and age band are kept only with the person's consent; withdrawing consent erases them.
    if (input.demographicsConsent) {
      const sex = cleanText(input.sex, 20) || null;
      const age = cleanText(input.ageBand, 20) || null;
      if (sex && !SEXES.includes(sex as (typeof SEXES)[number])) errors.push({ field: 'sex', key: 'validation.choice' });
      if (age && !AGE_BANDS.includes(age as (typeof AGE_BANDS)[number])) errors.push({ field: 'ageBand', key: 'validation.choice' });
      out.sex = sex;
      out.age_band = age;
      out.demographics_consent_at = current?.demographics_consent_at ?? nowIso();
    } else {
      out.sex = null;
      out.age_band = null;
      out.demographics_consent_at = null;
    }
  }
  if (input.externalId !== undefined) out.external_id = cleanText(input.externalId, 100) || null;
  if (input.status !== undefined) {
    if (!STATUSES.includes(input.status as RecordStatus)) errors.push({ field: 'status', key: 'validation.choice' });
    else out.status = input.status;
  }
  return { errors, columns: out };
}

/** What the directory service needs. */
export interface DirectoryDeps {
  db: Db;
  config: Pick<Config, 'baseUrl'>;
  accounts: Pick<AccountsService, 'findById'>;
}

/** A likely duplicate of a record being created or imported, with why it looks like one. */
export interface DuplicateCandidate {
  id: string;
  name: TranslatedText;
  /** 0…1: similarity of the closest pair of names, across scripts. */
  nameSimilarity: number;
  /** Contacts both records share (email, phone, website). */
  sharedContacts: string[];
}

/** Folded comparison key of a name: each word folded (script, case, accents), joined by spaces. */
export function nameKey(name: string): string {
  return name
    .normalize('NFC')
    .split(/[\s,.;:()\-–—/]+/u)
    .map((w) => foldWord(w))
    .filter(Boolean)
    .join(' ');
}

/** Dice similarity of the character bigrams of two keys (1 = same). */
export function similarity(a: string, b: string): number {
  if (a === b) return a ? 1 : 0;
  const grams = (s: string) => {
    const out = new Map<string, number>();
    const padded = ` ${s} `;
    for (let i = 0; i < padded.length - 1; i++) {
      const g = padded.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  let total = 0;
  for (const [g, n] of ga) {
    shared += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total ? (2 * shared) / total : 0;
}

/** A contact reduced to what identifies it: lower-case email, phone digits, website host. */
export function contactKey(c: Contact): string | null {
  if (c.kind === 'email') return `email:${c.value.toLowerCase()}`;
  if (c.kind === 'phone' || c.kind === 'whatsapp') {
    const digits = c.value.replace(/\D/g, '');
    return digits.length >= 6 ? `phone:${digits.slice(-9)}` : null;
  }
  if (c.kind === 'website') {
    try {
      return `website:${new URL(c.value).hostname.replace(/^www\./, '')}`;
    } catch {
      return null;
    }
  }
  return null;
}

/** The directory service bound to its dependencies. */
export function createDirectoryService(deps: DirectoryDeps) {
  const { db, config, accounts } = deps;

  /** Queues one email per recipient, each in their own language. */
  async function notify(trx: DbOrTrx, recipients: { email: string; locale: string | null }[], build: (t: Translator['t'], link: (path: string) => string) => { subject: string; text: string }) {
    for (const r of recipients) {
      const locale = parseLocale(r.locale) ?? 'en';
      const { t } = translator(locale);
      const mail = build(t, (path) => `${config.baseUrl}/${localeSegment(locale)}${path}`);
      await enqueueMail(trx, { to: r.email, ...mail });
    }
  }
  async function orgForWrite(trx: DbOrTrx, id: string): Promise<{ row: repo.OrganizationRow; editors: string[] }> {
    const row = await repo.findOrganization(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    return { row, editors: await repo.organizationEditors(trx, id) };
  }

  function toOrgView(row: repo.OrganizationRow, principal: Principal, editors: string[]): OrganizationView {
    const level = readerLevel(principal, row.space_id, editors);
    return {
      id: row.id,
      spaceId: row.space_id,
      externalId: level >= LEVEL.editor ? row.external_id : null,
      name: fromJson(row.name, {}),
      type: row.type,
      domains: fromJson(row.domains, []),
      functions: fromJson(row.functions, []),
      regionCode: row.region_code,
      address: row.address,
      latitude: row.latitude,
      longitude: row.longitude,
      contacts: visibleContacts(fromJson<Contact[]>(row.contacts, []), level),
      languages: fromJson(row.languages, []),
      foundedYear: row.founded_year,
      sizeBand: row.size_band,
      description: fromJson(row.description, {}),
      logoSha256: row.logo_sha256,
      status: row.status as RecordStatus,
      verified: Boolean(row.verified_at),
      verifiedAt: row.verified_at,
      mergedInto: row.merged_into,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit: can(principal, 'content.edit', { spaceId: row.space_id, editors }),
      canModerate: can(principal, 'content.verify', { spaceId: row.space_id }),
    };
  }

  function toPersonView(row: repo.PersonRow, principal: Principal): PersonView {
    const owners = row.user_id ? [row.user_id] : [];
    const level = readerLevel(principal, row.space_id, owners);
    return {
      id: row.id,
      spaceId: row.space_id,
      externalId: level >= LEVEL.editor ? row.external_id : null,
      userId: row.user_id,
      name: fromJson(row.name, {}),
      professions: fromJson(row.professions, []),
      domains: fromJson(row.domains, []),
      skills: fromJson(row.skills, []),
      regionCode: row.region_code,
      bio: fromJson(row.bio, {}),
      portfolio: fromJson(row.portfolio, []),
      contacts: visibleContacts(fromJson<Contact[]>(row.contacts, []), level),
      languages: fromJson(row.languages, []),
      photoSha256: row.photo_sha256,
      // Never public: the person themself and the space's editors only.
      demographics: level >= LEVEL.editor ? { sex: row.sex, ageBand: row.age_band } : null,
      status: row.status as RecordStatus,
      verified: Boolean(row.verified_at),
      verifiedAt: row.verified_at,
      mergedInto: row.merged_into,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit: can(principal, 'content.edit', { spaceId: row.space_id, editors: owners }),
      canModerate: can(principal, 'content.verify', { spaceId: row.space_id }),
    };
  }

  /** Makes a signed-in user a member of the space when they are not yet (self-service). */
  async function ensureMember(trx: DbOrTrx, principal: Principal, spaceId: string, actor: Actor): Promise<Principal> {
    authorize(principal, 'space.join');
    if (levelIn(principal, spaceId) >= LEVEL.member) return principal;
    await setRole(trx, actor, null, spaceId, principal.userId!, 'member');
    const roles = new Map(principal.roles);
    roles.set(spaceId, 'member');
    return { ...principal, roles };
  }

  /** FORBIDDEN unless the principal may link this person and organisation (either side's editors). */
  async function authorizeLink(trx: DbOrTrx, principal: Principal, person: repo.PersonRow, org: repo.OrganizationRow): Promise<void> {
    const allowed =
      can(principal, 'content.edit', { spaceId: person.space_id, editors: person.user_id ? [person.user_id] : [] }) ||
      can(principal, 'content.edit', { spaceId: org.space_id, editors: await repo.organizationEditors(trx, org.id) });
    if (!allowed) throw new AppError(principal.userId ? 'FORBIDDEN' : 'UNAUTHENTICATED');
  }

  /** A person as the reader may see them; NOT_FOUND when they may not see them at all. */
  async function visiblePerson(principal: Principal, id: string): Promise<PersonView> {
    const row = await repo.findPerson(db, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (!statusVisible(row.status, readerLevel(principal, row.space_id, row.user_id ? [row.user_id] : []))) throw new AppError('NOT_FOUND');
    return toPersonView(row, principal);
  }

  /** Views of several organisations in the order of `ids`, leaving out those the reader may not see. */
  async function visibleOrganizations(principal: Principal, ids: string[]): Promise<OrganizationView[]> {
    const rows = new Map((await repo.findOrganizations(db, ids)).map((r) => [r.id, r]));
    const editors = await repo.editorsByOrganization(db, ids);
    return ids.flatMap((id) => {
      const row = rows.get(id);
      const own = editors.get(id) ?? [];
      return row && statusVisible(row.status, readerLevel(principal, row.space_id, own)) ? [toOrgView(row, principal, own)] : [];
    });
  }

  /** Affiliations of a person (organisations the reader may see). */
  async function visibleAffiliationsOfPerson(principal: Principal, personId: string) {
    const rows = await repo.affiliationsOfPerson(db, personId);
    return rows
      .filter((r) => r.organization_status === 'published' || can(principal, 'content.view_drafts'))
      .map((r) => ({ ...r, organization_name: fromJson<TranslatedText>(r.organization_name, {}) }));
  }

  async function reindexOrg(trx: DbOrTrx, id: string): Promise<void> {
    const row = await repo.findOrganization(trx, id);
    if (row) await deriveOrganization(trx, row);
  }

  async function reindexPerson(trx: DbOrTrx, id: string): Promise<void> {
    const row = await repo.findPerson(trx, id);
    if (row) await derivePerson(trx, row);
  }

  return {
    /**
     * Creates an organisation. Editors choose its status; a member's new organisation is
     * published unverified, and its creator becomes one of its editors.
     */
    async createOrganization(principal: Principal, spaceId: string, input: OrganizationInput, actor: Actor, trxIn?: DbOrTrx): Promise<OrganizationView> {
      const run = async (trx: DbOrTrx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        const editor = can(principal, 'content.create', { spaceId });
        const p = editor ? principal : await ensureMember(trx, principal, spaceId, actor);
        authorize(p, 'content.create_own', { spaceId });
        const { errors, columns } = await checkOrganization(trx, spaceId, input, null);
        if (!editor && input.status !== undefined && input.status !== 'published') errors.push({ field: 'status', key: 'error.forbidden' });
        if (columns.external_id && (await repo.findOrganizationByExternalId(trx, spaceId, columns.external_id))) {
          errors.push({ field: 'externalId', key: 'directory.duplicate_external_id', values: { value: columns.external_id } });
        }
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row = {
          id: newId(),
          space_id: spaceId,
          external_id: null,
          logo_sha256: null,
          status: 'published',
          verified_at: null,
          verified_by: null,
          merged_into: null,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
          ...columns,
        } as repo.OrganizationRow;
        await repo.insertOrganization(trx, row);
        if (principal.userId && !editor) await repo.addOrganizationEditor(trx, row.id, principal.userId, now);
        await recordAudit(trx, actor, { action: 'organization.create', entityType: ORGANIZATION, entityId: row.id, spaceId, after: publicOrg(row) });
        await deriveOrganization(trx, row);
        return toOrgView(row, p, principal.userId && !editor ? [principal.userId] : []);
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** Changes the fields sent; the organisation's editors may, but not its status or verification. */
    async updateOrganization(principal: Principal, id: string, input: OrganizationInput, actor: Actor, trxIn?: DbOrTrx): Promise<OrganizationView> {
      const run = async (trx: DbOrTrx) => {
        const { row, editors } = await orgForWrite(trx, id);
        authorize(principal, 'content.edit', { spaceId: row.space_id, editors });
        if (input.status !== undefined && input.status !== row.status) authorize(principal, 'content.publish', { spaceId: row.space_id });
        const { errors, columns } = await checkOrganization(trx, row.space_id, input, row);
        if (columns.external_id && columns.external_id !== row.external_id) {
          const other = await repo.findOrganizationByExternalId(trx, row.space_id, columns.external_id);
          if (other && other.id !== id) errors.push({ field: 'externalId', key: 'directory.duplicate_external_id', values: { value: columns.external_id } });
        }
        if (errors.length) throw validationError(errors);
        const patch = { ...columns, updated_at: nowIso() };
        await repo.updateOrganization(trx, id, patch);
        const after = { ...row, ...patch };
        await recordAudit(trx, actor, { action: 'organization.update', entityType: ORGANIZATION, entityId: id, spaceId: row.space_id, before: publicOrg(row), after: publicOrg(after) });
        await deriveOrganization(trx, after);
        return toOrgView(after, principal, editors);
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** An organisation as the reader may see it; NOT_FOUND when they may not see it at all. */
    async getOrganization(principal: Principal, id: string): Promise<OrganizationView> {
      const row = await repo.findOrganization(db, id);
      if (!row) throw new AppError('NOT_FOUND');
      const editors = await repo.organizationEditors(db, id);
      if (!statusVisible(row.status, readerLevel(principal, row.space_id, editors))) throw new AppError('NOT_FOUND');
      return toOrgView(row, principal, editors);
    },

    /**
     * The record a merged organisation or person now lives in (following merges of merges), so
     * old links and bookmarks can be redirected; null when the record was not merged.
     */
    async mergedTarget(entityType: typeof ORGANIZATION | typeof PERSON, id: string): Promise<string | null> {
      const table = entityType === ORGANIZATION ? 'organizations' : 'people';
      let target: string | null = null;
      for (let next = await repo.mergedInto(db, table, id), hops = 0; next && hops < 10; next = await repo.mergedInto(db, table, next), hops++) target = next;
      return target;
    },

    /** Views of several organisations in the order of `ids`, leaving out those the reader may not see (a listing page). */
    getOrganizations: visibleOrganizations,

    /** Marks an organisation verified (or not) by an editor, recording who and when. */
    async verifyOrganization(principal: Principal, id: string, verified: boolean, actor: Actor): Promise<OrganizationView> {
      return db.transaction().execute(async (trx) => {
        const { row, editors } = await orgForWrite(trx, id);
        authorize(principal, 'content.verify', { spaceId: row.space_id });
        const patch = verified ? { verified_at: nowIso(), verified_by: principal.userId } : { verified_at: null, verified_by: null };
        await repo.updateOrganization(trx, id, { ...patch, updated_at: nowIso() });
        await recordAudit(trx, actor, {
          action: verified ? 'organization.verify' : 'organization.unverify',
          entityType: ORGANIZATION,
          entityId: id,
          spaceId: row.space_id,
          before: { verified_at: row.verified_at, verified_by: row.verified_by },
          after: patch,
        });
        await reindexOrg(trx, id);
        return toOrgView({ ...row, ...patch }, principal, editors);
      });
    },

    /** Asks to manage an organisation; editors of the space decide. */
    async claimOrganization(principal: Principal, id: string, message: string, actor: Actor): Promise<{ claimId: string }> {
      return db.transaction().execute(async (trx) => {
        authorize(principal, 'space.join');
        const { row, editors } = await orgForWrite(trx, id);
        if (row.status !== 'published') throw new AppError('NOT_FOUND');
        if (editors.includes(principal.userId!)) throw new AppError('CONFLICT');
        if (await repo.pendingClaimOf(trx, id, principal.userId!)) throw new AppError('CONFLICT');
        await ensureMember(trx, principal, row.space_id, actor);
        const claim: repo.ClaimRow = { id: newId(), organization_id: id, user_id: principal.userId!, message: cleanText(message, 2000) || null, status: 'pending', decided_by: null, decided_at: null, created_at: nowIso() };
        await repo.insertClaim(trx, claim);
        await recordAudit(trx, actor, { action: 'organization.claim', entityType: ORGANIZATION, entityId: id, spaceId: row.space_id, after: { claim: claim.id, message: claim.message } });
        const claimant = await accounts.findById(principal.userId!, trx);
        const name = fromJson<TranslatedText>(row.name, {});
        await notify(trx, await editorsOf(trx, row.space_id), (t, link) => ({
          subject: t('mail.claim.subject', { organization: textFor(name, 'en') }),
          text: t('mail.claim.body', {
            claimant: claimant ? `${claimant.displayName} <${claimant.email}>` : '',
            organization: Object.values(name).map((v) => v?.value).join(' / '),
            message: claim.message ?? '—',
            link: link('/admin/claims'),
          }),
        }));
        return { claimId: claim.id };
      });
    },

    /** Approves or rejects a claim; approval makes the claimant an editor of the organisation. */
    async decideClaim(principal: Principal, claimId: string, approve: boolean, actor: Actor): Promise<{ userId: string; organizationId: string }> {
      return db.transaction().execute(async (trx) => {
        const claim = await repo.findClaim(trx, claimId);
        if (!claim) throw new AppError('NOT_FOUND');
        const { row } = await orgForWrite(trx, claim.organization_id);
        authorize(principal, 'content.verify', { spaceId: row.space_id });
        const now = nowIso();
        if (!(await repo.decideClaim(trx, claimId, approve ? 'approved' : 'rejected', principal.userId ?? 'system', now))) throw new AppError('CONFLICT');
        if (approve) await repo.addOrganizationEditor(trx, row.id, claim.user_id, now);
        const claimant = await accounts.findById(claim.user_id, trx);
        if (claimant) {
          const name = fromJson<TranslatedText>(row.name, {});
          await notify(trx, [claimant], (t, link) => {
            const organization = textFor(name, claimant.locale ?? 'en');
            return approve
              ? { subject: t('mail.claim_approved.subject', { organization }), text: t('mail.claim_approved.body', { organization, link: link(`/organizations/${row.id}`) }) }
              : { subject: t('mail.claim_rejected.subject', { organization }), text: t('mail.claim_rejected.body', { organization }) };
          });
        }
        await recordAudit(trx, actor, {
          action: approve ? 'organization.claim_approve' : 'organization.claim_reject',
          entityType: ORGANIZATION,
          entityId: row.id,
          spaceId: row.space_id,
          before: { status: 'pending' },
          after: { status: approve ? 'approved' : 'rejected', user_id: claim.user_id },
        });
        return { userId: claim.user_id, organizationId: row.id };
      });
    },

    /** Pending claims an editor may decide. */
    async pendingClaims(principal: Principal) {
      const spaces = principal.isPlatformAdmin ? null : [...principal.roles.entries()].filter(([, r]) => r === 'editor' || r === 'admin').map(([id]) => id);
      return repo.pendingClaims(db, spaces);
    },

    /**
     * Merges `dropId` into `keepId` (same space): affiliations and editors move over, names in
     * missing scripts are kept, the dropped record is archived pointing at the kept one.
     */
    async mergeOrganizations(principal: Principal, keepId: string, dropId: string, actor: Actor): Promise<OrganizationView> {
      if (keepId === dropId) throw validationError([{ field: 'dropId', key: 'directory.merge_same' }]);
      return db.transaction().execute(async (trx) => {
        const keep = await orgForWrite(trx, keepId);
        const drop = await orgForWrite(trx, dropId);
        if (keep.row.space_id !== drop.row.space_id) throw validationError([{ field: 'dropId', key: 'directory.merge_other_space' }]);
        authorize(principal, 'content.verify', { spaceId: keep.row.space_id });
        if (keep.row.merged_into || drop.row.merged_into) throw new AppError('CONFLICT');
        const now = nowIso();
        const names = { ...fromJson<TranslatedText>(drop.row.name, {}), ...fromJson<TranslatedText>(keep.row.name, {}) };
        const contacts = fromJson<Contact[]>(keep.row.contacts, []);
        for (const c of fromJson<Contact[]>(drop.row.contacts, [])) {
          if (!contacts.some((k) => k.kind === c.kind && k.value === c.value)) contacts.push(c);
        }
        const moved = await repo.moveAffiliations(trx, 'organization_id', dropId, keepId);
        await repo.moveOrganizationEditors(trx, dropId, keepId, now);
        // Its followers now follow the record that stays.
        await moveFollowers(trx, actor, ORGANIZATION, dropId, keepId);
        await repo.updateOrganization(trx, keepId, { name: JSON.stringify(names), contacts: JSON.stringify(contacts), updated_at: now });
        await repo.updateOrganization(trx, dropId, { status: 'archived', merged_into: keepId, external_id: null, updated_at: now });
        await recordAudit(trx, actor, {
          action: 'organization.merge',
          entityType: ORGANIZATION,
          entityId: keepId,
          spaceId: keep.row.space_id,
          before: { kept: publicOrg(keep.row), dropped: publicOrg(drop.row) },
          after: { kept: keepId, dropped: dropId, affiliationsMoved: moved },
        });
        await reindexOrg(trx, keepId);
        await reindexOrg(trx, dropId);
        const row = await repo.findOrganization(trx, keepId);
        return toOrgView(row!, principal, await repo.organizationEditors(trx, keepId));
      });
    },

    /**
     * Checks a merge of organisation `dropId` into `keepId` before it is confirmed: both records
     * as the editor sees them with how many people (affiliations) and managers (editors) each has,
     * which is what the merge moves; or field errors on `into` saying why these two cannot be
     * merged. NOT_FOUND when either does not exist.
     */
    async previewOrganizationMerge(principal: Principal, keepId: string, dropId: string) {
      const drop = await repo.findOrganization(db, dropId);
      if (!drop) throw new AppError('NOT_FOUND');
      authorize(principal, 'content.verify', { spaceId: drop.space_id });
      const keep = await repo.findOrganization(db, keepId);
      if (!keep) throw new AppError('NOT_FOUND');
      const problem = mergeProblem(keep, drop);
      if (problem) throw validationError([problem]);
      const side = async (row: repo.OrganizationRow) => {
        const editors = await repo.organizationEditors(db, row.id);
        return { organization: toOrgView(row, principal, editors), people: (await repo.affiliationsOfOrganization(db, row.id)).length, managers: editors.length };
      };
      return { keep: await side(keep), drop: await side(drop) };
    },

    /**
     * Likely duplicates of an organisation or person in a space: candidates come from the search
     * index (so names meet across scripts), then are scored by name similarity; a shared email,
     * phone or website makes a candidate whatever its name.
     */
    async findLikelyDuplicates(
      trx: DbOrTrx,
      entityType: typeof ORGANIZATION | typeof PERSON,
      spaceId: string,
      candidate: { name: TranslatedText; contacts: Contact[] },
      options: { excludeId?: string; threshold?: number; limit?: number } = {},
    ): Promise<DuplicateCandidate[]> {
      const threshold = options.threshold ?? 0.72;
      const names = allValues(candidate.name).map(nameKey).filter(Boolean);
      const contactKeys = new Set(candidate.contacts.map(contactKey).filter((k): k is string => k !== null));
      const words = [...new Set(names.flatMap((n) => n.split(' ')))].filter((w) => w.length >= 3).sort((a, b) => b.length - a.length).slice(0, 3);
      // An administrator's view of this space only: drafts and hidden contacts count too.
      const reader: Principal = { userId: 'duplicate-check', isPlatformAdmin: false, roles: new Map([[spaceId, 'admin']]) };
      const ids = new Set<string>((await repo.findByContactKeys(trx, entityType, spaceId, [...contactKeys])).filter((id) => id !== options.excludeId));
      for (const probe of words) {
        const hits = await search(trx, { q: `${probe} `, reader, types: [entityType], spaceIds: [spaceId], limit: 20, offset: 0 });
        for (const h of hits.items) if (h.entityId !== options.excludeId) ids.add(h.entityId);
      }
      const out: DuplicateCandidate[] = [];
      for (const id of ids) {
        const row = entityType === ORGANIZATION ? await repo.findOrganization(trx, id) : await repo.findPerson(trx, id);
        if (!row || row.merged_into) continue;
        const name = fromJson<TranslatedText>(row.name, {});
        const theirs = allValues(name).map(nameKey);
        let best = 0;
        for (const a of names) for (const b of theirs) best = Math.max(best, similarity(a, b));
        const shared = fromJson<Contact[]>(row.contacts, []).map(contactKey).filter((k): k is string => k !== null && contactKeys.has(k));
        if (best >= threshold || shared.length) out.push({ id, name, nameSimilarity: Math.round(best * 100) / 100, sharedContacts: shared });
      }
      return out.sort((a, b) => b.sharedContacts.length - a.sharedContacts.length || b.nameSimilarity - a.nameSimilarity).slice(0, options.limit ?? 5);
    },

    /** Marks a person verified (or not) by an editor, recording who and when. */
    async verifyPerson(principal: Principal, id: string, verified: boolean, actor: Actor): Promise<PersonView> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findPerson(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.verify', { spaceId: row.space_id });
        const patch = verified ? { verified_at: nowIso(), verified_by: principal.userId } : { verified_at: null, verified_by: null };
        await repo.updatePerson(trx, id, { ...patch, updated_at: nowIso() });
        await recordAudit(trx, actor, {
          action: verified ? 'person.verify' : 'person.unverify',
          entityType: PERSON,
          entityId: id,
          spaceId: row.space_id,
          before: { verified_at: row.verified_at, verified_by: row.verified_by },
          after: patch,
        });
        await reindexPerson(trx, id);
        return toPersonView({ ...row, ...patch }, principal);
      });
    },

    /**
     * Merges person `dropId` into `keepId` (same space): affiliations move over, names and
     * contacts are united, the person's own account follows; two records that each belong to a
     * different account are not merged (CONFLICT) — that is two people, or needs the owners.
     */
    async mergePeople(principal: Principal, keepId: string, dropId: string, actor: Actor): Promise<PersonView> {
      if (keepId === dropId) throw validationError([{ field: 'dropId', key: 'directory.merge_same' }]);
      return db.transaction().execute(async (trx) => {
        const keep = await repo.findPerson(trx, keepId);
        const drop = await repo.findPerson(trx, dropId);
        if (!keep || !drop) throw new AppError('NOT_FOUND');
        if (keep.space_id !== drop.space_id) throw validationError([{ field: 'dropId', key: 'directory.merge_other_space' }]);
        authorize(principal, 'content.verify', { spaceId: keep.space_id });
        if (keep.merged_into || drop.merged_into) throw new AppError('CONFLICT');
        if (keep.user_id && drop.user_id && keep.user_id !== drop.user_id) throw new AppError('CONFLICT');
        const now = nowIso();
        const names = { ...fromJson<TranslatedText>(drop.name, {}), ...fromJson<TranslatedText>(keep.name, {}) };
        const contacts = fromJson<Contact[]>(keep.contacts, []);
        for (const c of fromJson<Contact[]>(drop.contacts, [])) {
          if (!contacts.some((k) => k.kind === c.kind && k.value === c.value)) contacts.push(c);
        }
        const union = (a: string, b: string) => JSON.stringify([...new Set([...fromJson<string[]>(a, []), ...fromJson<string[]>(b, [])])]);
        const moved = await repo.moveAffiliations(trx, 'person_id', dropId, keepId);
        await moveFollowers(trx, actor, PERSON, dropId, keepId);
        // The account moves before the kept record takes it: user ids are unique per space profile.
        await repo.updatePerson(trx, dropId, { status: 'archived', merged_into: keepId, external_id: null, user_id: null, updated_at: now });
        await repo.updatePerson(trx, keepId, {
          name: JSON.stringify(names),
          contacts: JSON.stringify(contacts),
          professions: union(keep.professions, drop.professions),
          skills: union(keep.skills, drop.skills),
          domains: union(keep.domains, drop.domains),
          user_id: keep.user_id ?? drop.user_id,
          photo_sha256: keep.photo_sha256 ?? drop.photo_sha256,
          updated_at: now,
        });
        await recordAudit(trx, actor, {
          action: 'person.merge',
          entityType: PERSON,
          entityId: keepId,
          spaceId: keep.space_id,
          before: { kept: publicPerson(keep), dropped: publicPerson(drop) },
          after: { kept: keepId, dropped: dropId, affiliationsMoved: moved },
        });
        await reindexPerson(trx, keepId);
        await reindexPerson(trx, dropId);
        return toPersonView((await repo.findPerson(trx, keepId))!, principal);
      });
    },

    /** Creates a person's record; a signed-in user's own profile when `self` is true. */
    async createPerson(principal: Principal, spaceId: string, input: PersonInput, actor: Actor, options: { self?: boolean; trx?: DbOrTrx } = {}): Promise<PersonView> {
      const run = async (trx: DbOrTrx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        let p = principal;
        if (options.self) {
          p = await ensureMember(trx, principal, spaceId, actor);
          if (await repo.findPersonOfUser(trx, spaceId, principal.userId!)) throw new AppError('CONFLICT');
        } else {
          authorize(principal, 'content.create', { spaceId });
        }
        const { errors, columns } = await checkPerson(trx, spaceId, input, null);
        if (options.self && input.status !== undefined && input.status !== 'published') errors.push({ field: 'status', key: 'error.forbidden' });
        if (columns.external_id && (await repo.findPersonByExternalId(trx, spaceId, columns.external_id))) {
          errors.push({ field: 'externalId', key: 'directory.duplicate_external_id', values: { value: columns.external_id } });
        }
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row = {
          id: newId(),
          space_id: spaceId,
          external_id: null,
          user_id: options.self ? principal.userId : null,
          photo_sha256: null,
          status: 'published',
          verified_at: null,
          verified_by: null,
          merged_into: null,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
          ...columns,
        } as repo.PersonRow;
        await repo.insertPerson(trx, row);
        await recordAudit(trx, actor, { action: 'person.create', entityType: PERSON, entityId: row.id, spaceId, after: publicPerson(row) });
        await derivePerson(trx, row);
        return toPersonView(row, p);
      };
      return options.trx ? run(options.trx) : db.transaction().execute(run);
    },

    /** Changes a person's record: the person themself or an editor. */
    async updatePerson(principal: Principal, id: string, input: PersonInput, actor: Actor, trxIn?: DbOrTrx): Promise<PersonView> {
      const run = async (trx: DbOrTrx) => {
        const row = await repo.findPerson(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.edit', { spaceId: row.space_id, editors: row.user_id ? [row.user_id] : [] });
        if (input.status !== undefined && input.status !== row.status) authorize(principal, 'content.publish', { spaceId: row.space_id });
        const { errors, columns } = await checkPerson(trx, row.space_id, input, row);
        if (columns.external_id && columns.external_id !== row.external_id) {
          const other = await repo.findPersonByExternalId(trx, row.space_id, columns.external_id);
          if (other && other.id !== id) errors.push({ field: 'externalId', key: 'directory.duplicate_external_id', values: { value: columns.external_id } });
        }
        if (errors.length) throw validationError(errors);
        const patch = { ...columns, updated_at: nowIso() };
        await repo.updatePerson(trx, id, patch);
        const after = { ...row, ...patch };
        await recordAudit(trx, actor, { action: 'person.update', entityType: PERSON, entityId: id, spaceId: row.space_id, before: publicPerson(row), after: publicPerson(after) });
        await derivePerson(trx, after);
        return toPersonView(after, principal);
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** A person as the reader may see them. */
    getPerson: visiblePerson,

    /** Views of several people in the order of `ids`, leaving out those the reader may not see. */
    async getPeople(principal: Principal, ids: string[]): Promise<PersonView[]> {
      const rows = new Map((await repo.findPeople(db, ids)).map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const row = rows.get(id);
        return row && statusVisible(row.status, readerLevel(principal, row.space_id, row.user_id ? [row.user_id] : [])) ? [toPersonView(row, principal)] : [];
      });
    },

    /** The signed-in user's own profile in a space, if any. */
    async myProfile(principal: Principal, spaceId: string): Promise<PersonView | null> {
      if (!principal.userId) return null;
      const row = await repo.findPersonOfUser(db, spaceId, principal.userId);
      return row ? toPersonView(row, principal) : null;
    },

    /**
     * Checks a merge of person `dropId` into `keepId` before it is confirmed: both records as the
     * editor sees them and how many affiliations each has, or field errors on `into` saying why
     * these two cannot be merged. NOT_FOUND when either does not exist.
     */
    async previewPersonMerge(principal: Principal, keepId: string, dropId: string) {
      const drop = await repo.findPerson(db, dropId);
      if (!drop) throw new AppError('NOT_FOUND');
      authorize(principal, 'content.verify', { spaceId: drop.space_id });
      const keep = await repo.findPerson(db, keepId);
      if (!keep) throw new AppError('NOT_FOUND');
      const problem = mergeProblem(keep, drop);
      if (problem) throw validationError([problem]);
      return {
        keep: toPersonView(keep, principal),
        drop: toPersonView(drop, principal),
        keepAffiliations: (await repo.affiliationsOfPerson(db, keepId)).length,
        dropAffiliations: (await repo.affiliationsOfPerson(db, dropId)).length,
      };
    },

    /**
     * Adds an affiliation (person at organisation, with role and dates). The person may declare
     * where they work, the organisation's own editors may list their people, and the space's
     * editors may do both.
     */
    async addAffiliation(principal: Principal, input: { personId: string; organizationId: string; role?: string; startDate?: string; endDate?: string }, actor: Actor) {
      return db.transaction().execute(async (trx) => {
        const person = await repo.findPerson(trx, input.personId);
        const org = await repo.findOrganization(trx, input.organizationId);
        if (!person || !org) throw new AppError('NOT_FOUND');
        if (person.space_id !== org.space_id) throw validationError([{ field: 'organizationId', key: 'directory.merge_other_space' }]);
        await authorizeLink(trx, principal, person, org);
        const errors: FieldError[] = [];
        const { start, end } = checkPeriod(input.startDate, input.endDate, errors);
        if (errors.length) throw validationError(errors);
        const row: repo.AffiliationRow = {
          id: newId(),
          person_id: person.id,
          organization_id: org.id,
          role: cleanText(input.role, 200) || null,
          start_date: start,
          end_date: end,
          created_at: nowIso(),
        };
        await repo.insertAffiliation(trx, row);
        await recordAudit(trx, actor, { action: 'affiliation.create', entityType: 'affiliation', entityId: row.id, spaceId: person.space_id, after: row as unknown as Record<string, unknown> });
        return row;
      });
    },

    /** Removes an affiliation of a person; allowed to the same people as adding it. */
    async removeAffiliation(principal: Principal, personId: string, affiliationId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await repo.findAffiliation(trx, affiliationId);
        if (!row || row.person_id !== personId) throw new AppError('NOT_FOUND');
        const person = await repo.findPerson(trx, row.person_id);
        const org = await repo.findOrganization(trx, row.organization_id);
        if (!person || !org) throw new AppError('NOT_FOUND');
        await authorizeLink(trx, principal, person, org);
        await repo.deleteAffiliation(trx, row.id);
        await recordAudit(trx, actor, { action: 'affiliation.delete', entityType: 'affiliation', entityId: row.id, spaceId: person.space_id, before: row as unknown as Record<string, unknown> });
      });
    },

    /** True when the reader may add or remove some of this person's organisations (see affiliationAccess). */
    async mayManageAffiliations(principal: Principal, person: PersonView): Promise<boolean> {
      if (person.canEdit) return true;
      if (!principal.userId) return false;
      const own = await repo.organizationsEditedBy(db, principal.userId, person.spaceId);
      return own.some((o) => can(principal, 'content.edit', { spaceId: o.space_id, editors: [principal.userId!] }));
    },

    /**
     * What a reader may do with a person's affiliations: `all` for the person themself and the
     * space's editors, otherwise only with the organisations the reader manages (listed here).
     * FORBIDDEN when neither (UNAUTHENTICATED for a visitor); NOT_FOUND when the person is hidden.
     */
    async affiliationAccess(principal: Principal, personId: string) {
      const person = await visiblePerson(principal, personId);
      const own = principal.userId ? await repo.organizationsEditedBy(db, principal.userId, person.spaceId) : [];
      const organizations = own
        .filter((o) => can(principal, 'content.edit', { spaceId: o.space_id, editors: [principal.userId!] }))
        .map((o) => toOrgView(o, principal, [principal.userId!]));
      const all = person.canEdit;
      if (!all && organizations.length === 0) throw new AppError(principal.userId ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const affiliations = (await visibleAffiliationsOfPerson(principal, personId)).map((a) => ({
        ...a,
        canRemove: all || organizations.some((o) => o.id === a.organization_id),
      }));
      return { person, all, organizations, affiliations };
    },

    /** Organisations of a space matching the words typed, that an affiliation may name (not archived). */
    async organizationChoices(principal: Principal, spaceId: string, q: string, limit = 20): Promise<OrganizationView[]> {
      const words = cleanText(q, 200);
      if (!words) return [];
      const hits = await search(db, { q: words, reader: principal, types: [ORGANIZATION], spaceIds: [spaceId], filters: { status: ['published', 'draft'] }, limit, offset: 0 });
      return (await visibleOrganizations(principal, hits.items.map((h) => h.entityId))).filter((o) => !o.mergedInto);
    },

    /** Affiliations of a person (organisations the reader may see). */
    affiliationsOfPerson: visibleAffiliationsOfPerson,

    /** People affiliated to an organisation (people the reader may see). */
    async affiliationsOfOrganization(principal: Principal, organizationId: string) {
      const rows = await repo.affiliationsOfOrganization(db, organizationId);
      return rows
        .filter((r) => r.person_status === 'published' || can(principal, 'content.view_drafts'))
        .map((r) => ({ ...r, person_name: fromJson<TranslatedText>(r.person_name, {}) }));
    },

    /** Published organisations per region code of a space (for the map). */
    countByRegion: (spaceId: string) => repo.countOrganizationsByRegion(db, spaceId),

    /** Reindexes one organisation or person (after changes made elsewhere, e.g. a logo). */
    reindexOrg,
    reindexPerson,
  };
}

/** The directory service type. */
export type DirectoryService = ReturnType<typeof createDirectoryService>;

