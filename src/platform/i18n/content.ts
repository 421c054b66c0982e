/**
 * Translatable content fields: one value per language, each marked with who translated it.
 * `resolveText` picks the value to show for a reader's language through FALLBACK_CHAINS.
 */
import { FALLBACK_CHAINS, LOCALES, parseLocale, type Locale } from './locales.js';

/** Who produced a translation: a person, a machine, or a machine whose output a person checked. */
export type Provenance = 'human' | 'machine' | 'reviewed';
/** One language's value of a translatable field. */
export interface TranslatedValue {
  value: string;
  provenance: Provenance;
}
/** A translatable field: `{ lo: { value, provenance }, en: { … } }`. */
export type TranslatedText = Partial<Record<Locale, TranslatedValue>>;

/** The value chosen for a reader, with the language it is actually in. */
export interface ResolvedText {
  value: string;
  locale: Locale;
  provenance: Provenance;
  /** True when the text is not in the reader's language (the UI marks it with `lang`). */
  isFallback: boolean;
}

/**
 * Builds a translatable field from plain strings, e.g. `text({ en: 'Rwanda', fr: 'Rwanda' })`.
 * Empty strings are dropped; unknown language keys are rejected.
 */
export function text(values: Record<string, string | undefined>, provenance: Provenance = 'human'): TranslatedText {
  const out: TranslatedText = {};
  for (const [key, value] of Object.entries(values)) {
    const locale = parseLocale(key);
    if (!locale) throw new Error(`unknown language "${key}" in translatable text`);
    const trimmed = value?.normalize('NFC').trim();
    if (trimmed) out[locale] = { value: trimmed, provenance };
  }
  return out;
}

/**
 * Resolves a field for `locale`: its own value, else the first value along the fallback chain,
 * else any value at all (so a record written only in Lao still shows in English pages).
 */
export function resolveText(field: TranslatedText | null | undefined, locale: Locale): ResolvedText | null {
  if (!field) return null;
  const chain = [...FALLBACK_CHAINS[locale], ...LOCALES];
  for (const candidate of chain) {
    const entry = field[candidate];
    if (entry && entry.value) {
      return { value: entry.value, locale: candidate, provenance: entry.provenance, isFallback: candidate !== locale };
    }
  }
  return null;
}

/** The resolved string, or `fallback` when the field is empty. */
export function textFor(field: TranslatedText | null | undefined, locale: Locale, fallback = ''): string {
  return resolveText(field, locale)?.value ?? fallback;
}
