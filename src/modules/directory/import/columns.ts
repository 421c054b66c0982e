/**
 * The spreadsheet columns of the directory: the templates for organisations and people, the
 * extra columns an import also understands, and how a header in a user's file is matched to one
 * of them (case-insensitively, ignoring spaces, dashes and dots).
 */
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.js';

/** What a file holds: organisations or people. */
export type ImportKind = 'organizations' | 'people';
/** The two kinds, in URL and command order. */
export const IMPORT_KINDS: readonly ImportKind[] = ['organizations', 'people'];

/** Column name suffix → language of a translatable field (`name_uz_cyrl` → uz-Cyrl). */
export const LANGUAGE_SUFFIXES: Record<string, Locale> = {
  en: 'en',
  fr: 'fr',
  ru: 'ru',
  lo: 'lo',
  uz: 'uz-Latn',
  uz_cyrl: 'uz-Cyrl',
  rw: 'rw',
};

/** The suffix of a language in column names (`uz-Cyrl` → `uz_cyrl`). */
export function suffixOf(locale: Locale): string {
  return Object.entries(LANGUAGE_SUFFIXES).find(([, l]) => l === locale)?.[0] ?? locale;
}

/** The organisations template, in order. `name` and `description` are in the space's default language. */
export const ORGANIZATION_TEMPLATE = [
  'external_id',
  'name',
  'name_en',
  'name_fr',
  'name_ru',
  'name_lo',
  'name_uz',
  'name_uz_cyrl',
  'name_rw',
  'type',
  'domains',
  'functions',
  'region',
  'address',
  'email',
  'phone',
  'website',
  'email_visibility',
  'phone_visibility',
  'description',
  'founded_year',
  'languages',
] as const;

/** The people template, in order. `name` and `bio` are in the space's default language. */
export const PEOPLE_TEMPLATE = [
  'external_id',
  'name',
  'name_en',
  'name_lo',
  'name_uz',
  'name_uz_cyrl',
  'name_ru',
  'name_fr',
  'name_rw',
  'professions',
  'domains',
  'skills',
  'region',
  'email',
  'phone',
  'website',
  'email_visibility',
  'phone_visibility',
  'bio',
  'organization_external_id',
  'role',
  'languages',
] as const;

/** The template columns of a kind. */
export function templateColumns(kind: ImportKind): readonly string[] {
  return kind === 'organizations' ? ORGANIZATION_TEMPLATE : PEOPLE_TEMPLATE;
}

/**
 * Every column an import of `kind` understands: the template, the long text in each language,
 * and `id` (Mosaic's own record id, as in an export), which updates that record.
 */
export function targetColumns(kind: ImportKind): string[] {
  const textField = kind === 'organizations' ? 'description' : 'bio';
  return [...templateColumns(kind), ...Object.keys(LANGUAGE_SUFFIXES).map((s) => `${textField}_${s}`), 'id'];
}

/** Other spellings people use in their own spreadsheets. */
const ALIASES: Record<string, string> = {
  e_mail: 'email',
  mail: 'email',
  telephone: 'phone',
  tel: 'phone',
  web: 'website',
  site: 'website',
  url: 'website',
  region_code: 'region',
  province: 'region',
  name_uz_latn: 'name_uz',
  description_uz_latn: 'description_uz',
  bio_uz_latn: 'bio_uz',
  externalid: 'external_id',
  founded: 'founded_year',
  year_founded: 'founded_year',
  organisation_external_id: 'organization_external_id',
  org_external_id: 'organization_external_id',
};

/** A header as written in a file, reduced to its comparable form (`" Name-EN "` → `name_en`). */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The target column a header means for `kind`, or null when the import does not know it. */
export function matchHeader(kind: ImportKind, header: string): string | null {
  const n = normaliseHeader(header);
  const target = ALIASES[n] ?? n;
  return targetColumns(kind).includes(target) ? target : null;
}

/**
 * The automatic mapping of a file's headers: each column gets the target its header names, the
 * first column naming a target wins, and the others (unknown or repeated) are left out.
 */
export function autoMapping(kind: ImportKind, headers: readonly string[]): { mapping: (string | null)[]; ignored: string[] } {
  const used = new Set<string>();
  const ignored: string[] = [];
  const mapping = headers.map((h) => {
    const target = matchHeader(kind, h);
    if (!target || used.has(target)) {
      if (h.trim()) ignored.push(h.trim());
      return null;
    }
    used.add(target);
    return target;
  });
  return { mapping, ignored };
}

/** Message key of each target column's label (literal keys, so the catalogue check sees them). */
export const COLUMN_LABELS: Record<string, string> = {
  external_id: 'import.column.external_id',
  id: 'import.column.id',
  name: 'import.column.name',
  type: 'import.column.type',
  domains: 'import.column.domains',
  functions: 'import.column.functions',
  region: 'import.column.region',
  address: 'import.column.address',
  email: 'import.column.email',
  phone: 'import.column.phone',
  website: 'import.column.website',
  email_visibility: 'import.column.email_visibility',
  phone_visibility: 'import.column.phone_visibility',
  description: 'import.column.description',
  founded_year: 'import.column.founded_year',
  languages: 'import.column.languages',
  professions: 'import.column.professions',
  skills: 'import.column.skills',
  bio: 'import.column.bio',
  organization_external_id: 'import.column.organization_external_id',
  role: 'import.column.role',
};

/** The label of a target column: its key and values (`name_lo` → "Name in ລາວ"). */
export function columnLabel(column: string): { key: string; values?: Record<string, string> } {
  const direct = COLUMN_LABELS[column];
  if (direct) return { key: direct };
  const m = /^(name|description|bio)_(.+)$/.exec(column);
  const locale = m ? LANGUAGE_SUFFIXES[m[2]!] : undefined;
  if (m && locale) {
    const key = m[1] === 'name' ? 'import.column.name_in' : m[1] === 'bio' ? 'import.column.bio_in' : 'import.column.description_in';
    return { key, values: { language: LOCALE_NAMES[locale] } };
  }
  return { key: 'import.column.unknown' };
}
