/**
 * UI message catalogues (locales/<tag>.json, ICU MessageFormat) and the per-request translator.
 * Keys are stable identifiers ("nav.home"); English is the source catalogue.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { PROJECT_ROOT } from '../paths.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.js';

/** Values interpolated into a message. */
export type MessageValues = Record<string, string | number | Date>;
/** A bound translator for one language. */
export interface Translator {
  locale: Locale;
  /** Formats the message `key` with ICU `values`. */
  t(key: string, values?: MessageValues): string;
  /** Formats a date (or ISO string) in the reader's language. */
  date(value: Date | string, style?: 'short' | 'medium' | 'long'): string;
  /** Formats a date and time in the reader's language, in UTC unless a time zone is given. */
  dateTime(value: Date | string, timeZone?: string): string;
  /** Formats a number in the reader's language. */
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

type Catalogue = Record<string, string>;

/**
 * Reads one language's catalogue: `locales/<tag>.json` (platform and shared strings) merged
 * with `locales/<module>/<tag>.json` of each module that keeps its strings apart.
 */
export function readCatalogue(locale: Locale, dir = path.join(PROJECT_ROOT, 'locales')): Catalogue {
  const merged = JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8')) as Catalogue;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, `${locale}.json`);
    if (entry.isDirectory() && existsSync(file)) Object.assign(merged, JSON.parse(readFileSync(file, 'utf8')) as Catalogue);
  }
  return merged;
}

let catalogues: Map<Locale, Catalogue> | null = null;
const compiled = new Map<string, IntlMessageFormat>();

function loadAll(): Map<Locale, Catalogue> {
  if (!catalogues) {
    catalogues = new Map(LOCALES.map((l) => [l, readCatalogue(l)]));
  }
  return catalogues;
}

/** Formats one message; a key missing from a catalogue falls back to English, then to the key. */
export function formatMessage(locale: Locale, key: string, values?: MessageValues): string {
  const all = loadAll();
  let source = all.get(locale)?.[key];
  let used = locale;
  if (source === undefined) {
    source = all.get(DEFAULT_LOCALE)?.[key];
    used = DEFAULT_LOCALE;
  }
  if (source === undefined) return key;
  const cacheKey = `${used}\u0000${key}`;
  let fmt = compiled.get(cacheKey);
  if (!fmt) {
    fmt = new IntlMessageFormat(source, used);
    compiled.set(cacheKey, fmt);
  }
  return String(fmt.format(values));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let fmt = dateFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, fmt);
  }
  return fmt;
}

/** A translator bound to `locale`. */
export function translator(locale: Locale): Translator {
  return {
    locale,
    t: (key, values) => formatMessage(locale, key, values),
    date: (value, style = 'medium') =>
      dateFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(typeof value === 'string' ? new Date(value) : value),
    dateTime: (value, timeZone = 'UTC') =>
      dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
        typeof value === 'string' ? new Date(value) : value,
      ),
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
  };
}
