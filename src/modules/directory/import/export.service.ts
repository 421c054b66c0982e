/**
 * Export of the directory as CSV, XLSX or JSON, with the listing's filters. Records are chosen
 * by the search engine (visibility inside the query: no draft reaches a visitor) and read
 * through the directory service's views, which keep only the contacts the reader may see — so a
 * visitor's file holds no member-only email. The columns are the import template's, so an
 * editor's export imports back (updating by external_id).
 */
import { levelIn, type Principal } from '../../../platform/auth/policy.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/http/errors.js';
import { textFor, type TranslatedText } from '../../../platform/i18n/content.js';
import { DEFAULT_LOCALE, LOCALES, parseLocale, type Locale } from '../../../platform/i18n/locales.js';
import { LEVEL, search } from '../../../platform/search/search.js';
import type { Space } from '../../spaces/spaces.service.js';
import { CULTURE_CYCLE, DOMAINS, ORG_TYPES, VISIBILITIES, type Contact } from '../classification.js';
import { ORGANIZATION, PERSON, type DirectoryService, type OrganizationView, type PersonView } from '../directory.service.js';
import { LANGUAGE_SUFFIXES, suffixOf, templateColumns, type ImportKind } from './columns.js';
import { toCsv, toXlsx } from './csv.js';
import * as repo from './import.repository.js';

/** Export formats. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The listing's filters (each may repeat; AND between filters, OR within one). */
export interface ExportFilters {
  q?: string;
  type?: string[];
  domain?: string[];
  region?: string[];
  verified?: string[];
  lang?: string[];
}

/** Most records one export holds. */
export const MAX_EXPORT = 50_000;

/** Reads filters from a query string object (`?type=network&domain=C&domain=ICH&verified=true`). */
export function filtersFromQuery(query: Record<string, unknown>): ExportFilters {
  const list = (name: string) => {
    const raw = query[name];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean).slice(0, 50);
  };
  const verified = list('verified').map((v) => (['true', '1', 'yes', 'verified'].includes(v.toLowerCase()) ? 'verified' : ['false', '0', 'no', 'unverified'].includes(v.toLowerCase()) ? 'unverified' : v));
  const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
  return { q, type: list('type'), domain: list('domain').map((d) => (d.toLowerCase() === 'ich' ? 'ICH' : d.toUpperCase())), region: list('region').map((r) => r.toUpperCase()), verified, lang: list('lang') };
}

/** A finished export: the bytes, their media type and a file name. */
export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  filename: string;
  count: number;
}

/** Ids of the records matching the filters, as the reader may see them, in search order. */
async function matchingIds(db: Db, kind: ImportKind, space: Space, reader: Principal, filters: ExportFilters): Promise<string[]> {
  const facetFilters: Record<string, string[]> = {};
  if (kind === 'organizations' && filters.type?.length) facetFilters.org_type = filters.type;
  if (filters.domain?.length) facetFilters.domain = filters.domain;
  if (filters.region?.length) facetFilters.region = filters.region;
  if (filters.verified?.length) facetFilters.verified = filters.verified;
  if (filters.lang?.length) facetFilters.lang = filters.lang;
  // Drafts and archived records stay out of an export unless the reader is an editor.
  if (levelIn(reader, space.id) < LEVEL.editor) facetFilters.status = ['published'];
  const ids: string[] = [];
  const seen = new Set<string>();
  const page = 500;
  for (let offset = 0; offset < MAX_EXPORT; offset += page) {
    const result = await search(db, { q: filters.q ?? '', reader, types: [kind === 'organizations' ? ORGANIZATION : PERSON], spaceIds: [space.id], filters: facetFilters, limit: page, offset });
    for (const hit of result.items) {
      if (seen.has(hit.entityId)) continue;
      seen.add(hit.entityId);
      ids.push(hit.entityId);
    }
    if (result.items.length < page) break;
  }
  return ids;
}

const joined = (contacts: Contact[], kind: string) => contacts.filter((c) => c.kind === kind).map((c) => c.value).join(';');
const visibilityOf = (contacts: Contact[], kind: string) => contacts.find((c) => c.kind === kind)?.visibility ?? '';

/** The value of a translatable field in one language. */
const inLanguage = (field: TranslatedText, locale: Locale) => field[locale]?.value ?? '';

/** Languages (other than the default) in which some record has the long text, for extra columns. */
function textLanguages(fields: TranslatedText[], defaultLocale: Locale): Locale[] {
  return LOCALES.filter((l) => l !== defaultLocale && fields.some((f) => f[l]?.value));
}

type PersonExport = PersonView & { affiliation: { organizationId: string; organizationExternalId: string | null; role: string | null } | null };

/** Builds the rows of an export (template columns, then `id`, `verified` and `url`). */
function tabulate(kind: ImportKind, records: (OrganizationView | PersonExport)[], defaultLocale: Locale, baseUrl: string): { header: string[]; rows: string[][] } {
  const textField = kind === 'organizations' ? 'description' : 'bio';
  const texts = records.map((r) => (kind === 'organizations' ? (r as OrganizationView).description : (r as PersonExport).bio));
  const extraLanguages = textLanguages(texts, defaultLocale);
  const header = [...templateColumns(kind), ...extraLanguages.map((l) => `${textField}_${suffixOf(l)}`), 'id', 'verified', 'url'];
  const rows = records.map((r, i) => {
    const cell = (column: string): string => {
      const nameLang = /^name_(.+)$/.exec(column);
      if (nameLang) return inLanguage(r.name, LANGUAGE_SUFFIXES[nameLang[1]!]!);
      const textLang = new RegExp(`^${textField}_(.+)$`).exec(column);
      if (textLang) return inLanguage(texts[i]!, LANGUAGE_SUFFIXES[textLang[1]!]!);
      switch (column) {
        case 'external_id':
          return r.externalId ?? '';
        case 'name':
          return inLanguage(r.name, defaultLocale);
        case 'description':
        case 'bio':
          return inLanguage(texts[i]!, defaultLocale);
        case 'region':
          return r.regionCode ?? '';
        case 'domains':
          return r.domains.join(';');
        case 'languages':
          return r.languages.join(';');
        case 'email':
        case 'phone':
        case 'website':
          return joined(r.contacts, column);
        case 'email_visibility':
        case 'phone_visibility':
          return visibilityOf(r.contacts, column.slice(0, -'_visibility'.length));
        case 'id':
          return r.id;
        case 'verified':
          return r.verified ? 'true' : 'false';
        case 'url':
          return `${baseUrl}/${kind}/${r.id}`;
      }
      if (kind === 'organizations') {
        const o = r as OrganizationView;
        if (column === 'type') return o.type;
        if (column === 'functions') return o.functions.join(';');
        if (column === 'address') return o.address ?? '';
        if (column === 'founded_year') return o.foundedYear === null ? '' : String(o.foundedYear);
      } else {
        const p = r as PersonExport;
        if (column === 'professions') return p.professions.join(';');
        if (column === 'skills') return p.skills.join(';');
        if (column === 'organization_external_id') return p.affiliation?.organizationExternalId ?? '';
        if (column === 'role') return p.affiliation?.role ?? '';
      }
      return '';
    };
    return header.map(cell);
  });
  return { header, rows };
}

/** Strips what only the reading page needs from a view (JSON export). */
function jsonRecord(record: OrganizationView | PersonExport): Record<string, unknown> {
  const { canEdit: _e, canModerate: _m, ...rest } = record as OrganizationView & { canEdit: boolean; canModerate: boolean };
  return rest;
}

/** What an export needs. */
export interface ExportDeps {
  db: Db;
  directory: DirectoryService;
  baseUrl: string;
}

/** Exports the records of a space matching the filters, as the reader may see them. */
export async function exportDirectory(deps: ExportDeps, request: { kind: ImportKind; space: Space; reader: Principal; filters: ExportFilters; format: ExportFormat }): Promise<ExportFile> {
  const { db, directory } = deps;
  const { kind, space, reader, format } = request;
  const ids = await matchingIds(db, kind, space, reader, request.filters);
  const defaultLocale = parseLocale(space.defaultLocale) ?? DEFAULT_LOCALE;
  const records: (OrganizationView | PersonExport)[] = [];
  for (const id of ids) {
    try {
      if (kind === 'organizations') {
        records.push(await directory.getOrganization(reader, id));
      } else {
        const person = await directory.getPerson(reader, id);
        const [first] = await directory.affiliationsOfPerson(reader, id);
        records.push({ ...person, affiliation: first ? { organizationId: first.organization_id, organizationExternalId: null, role: first.role } : null });
      }
    } catch (err) {
      // Changed since the search ran (or not visible after all): left out.
      if (err instanceof AppError && err.code === 'NOT_FOUND') continue;
      throw err;
    }
  }
  if (kind === 'people' && levelIn(reader, space.id) >= LEVEL.editor) {
    // External identifiers are editors' data, like the record's own.
    const orgIds = records.map((r) => (r as PersonExport).affiliation?.organizationId).filter((v): v is string => Boolean(v));
    const externals = await repo.externalIdsOfOrganizations(db, [...new Set(orgIds)]);
    for (const r of records as PersonExport[]) if (r.affiliation) r.affiliation.organizationExternalId = externals.get(r.affiliation.organizationId) ?? null;
  }
  if (!request.filters.q) {
    const collator = new Intl.Collator(defaultLocale);
    const nameOf = (r: OrganizationView | PersonExport) => inLanguage(r.name, defaultLocale) || Object.values(r.name).find((v) => v?.value)?.value || '';
    records.sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
  }
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${kind}-${space.code}-${stamp}.${format}`;
  if (format === 'json') {
    return { body: JSON.stringify({ kind, space: space.code, exportedAt: new Date().toISOString(), count: records.length, records: records.map(jsonRecord) }, null, 1), contentType: 'application/json; charset=utf-8', filename, count: records.length };
  }
  const { header, rows } = tabulate(kind, records, defaultLocale, deps.baseUrl);
  if (format === 'csv') return { body: toCsv(header, rows), contentType: 'text/csv; charset=utf-8', filename, count: records.length };
  return { body: await toXlsx([{ name: kind, header, rows }]), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, count: records.length };
}

/**
 * The empty template of a kind: the header row as CSV, or as XLSX with a second sheet listing
 * the codes each coded column accepts (types, domains, functions, and the regions of the space).
 */
export async function templateFile(
  kind: ImportKind,
  format: 'csv' | 'xlsx',
  options: { t: (key: string) => string; locale: Locale; regions?: { code: string; name: TranslatedText }[] },
): Promise<ExportFile> {
  const header = [...templateColumns(kind)];
  const filename = `mosaic-${kind}-template.${format}`;
  if (format === 'csv') return { body: toCsv(header, []), contentType: 'text/csv; charset=utf-8', filename, count: 0 };
  const { t, locale } = options;
  const codes: string[][] = [];
  if (kind === 'organizations') for (const c of ORG_TYPES) codes.push(['type', c, t(`org_type.${c}`)]);
  for (const c of DOMAINS) codes.push(['domains', c, t(`domain.${c}`)]);
  if (kind === 'organizations') for (const c of CULTURE_CYCLE) codes.push(['functions', c, t(`cycle.${c}`)]);
  for (const r of options.regions ?? []) codes.push(['region', r.code, textFor(r.name, locale)]);
  for (const v of VISIBILITIES) codes.push(['email_visibility / phone_visibility', v, '']);
  const body = await toXlsx([
    { name: kind, header, rows: [] },
    { name: 'codes', header: ['column', 'code', 'meaning'], rows: codes },
  ]);
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, count: 0 };
}
