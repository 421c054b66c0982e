/**
 * The seven UI languages, how they appear in URLs, and how a request's language is chosen:
 * the URL prefix first, then the `lang` cookie, then Accept-Language (RFC 9110 §12.5.4).
 */

/** BCP 47 tags of the UI languages. Uzbek is offered in both scripts. */
export const LOCALES = ['en', 'fr', 'ru', 'lo', 'uz-Latn', 'uz-Cyrl', 'rw'] as const;
/** One of the UI languages. */
export type Locale = (typeof LOCALES)[number];
/** The language used when nothing else is known. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name, for the language switcher (always shown in that language). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  ru: 'Русский',
  lo: 'ລາວ',
  'uz-Latn': 'Oʻzbekcha',
  'uz-Cyrl': 'Ўзбекча',
  rw: 'Ikinyarwanda',
};

/** The `lang` attribute for <html>; same as the tag. */
export function htmlLang(locale: Locale): string {
  return locale;
}

/** URL path segment of a locale: lower-case tag (`/uz-cyrl/…`). */
export function localeSegment(locale: Locale): string {
  return locale.toLowerCase();
}

const BY_LOWER = new Map<string, Locale>(LOCALES.map((l) => [l.toLowerCase(), l]));
// Common spellings that users and browsers send: bare "uz" is Latin (the official script).
BY_LOWER.set('uz', 'uz-Latn');
BY_LOWER.set('uz-uz', 'uz-Latn');
BY_LOWER.set('uz-latn-uz', 'uz-Latn');
BY_LOWER.set('uz-cyrl-uz', 'uz-Cyrl');
BY_LOWER.set('rw-rw', 'rw');
BY_LOWER.set('kin', 'rw');
BY_LOWER.set('lo-la', 'lo');

/** Maps any spelling of a supported language to its tag, or null. Case-insensitive. */
export function parseLocale(value: string | undefined | null): Locale | null {
  if (!value) return null;
  const lower = value.trim().toLowerCase().replace(/_/g, '-');
  const direct = BY_LOWER.get(lower);
  if (direct) return direct;
  // "fr-CA" → fr, "ru-KZ" → ru; keep script subtags for Uzbek.
  const parts = lower.split('-');
  if (parts[0] === 'uz') return parts.includes('cyrl') ? 'uz-Cyrl' : 'uz-Latn';
  return BY_LOWER.get(parts[0] ?? '') ?? null;
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function negotiateAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    const locale = parseLocale(range.tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * Splits a leading locale segment off a URL path: `/lo/events?x=1` → `{ locale: 'lo', rest: '/events?x=1' }`.
 * Only exact supported segments count, so `/login` is never read as a locale.
 */
export function splitLocalePrefix(url: string): { locale: Locale | null; rest: string } {
  const match = /^\/([A-Za-z]{2}(?:-[A-Za-z]{4})?)(?=\/|\?|$)(.*)$/.exec(url);
  if (!match) return { locale: null, rest: url };
  const locale = LOCALES.find((l) => l.toLowerCase() === match[1]!.toLowerCase()) ?? null;
  if (!locale) return { locale: null, rest: url };
  const rest = match[2] || '/';
  return { locale, rest: rest.startsWith('/') ? rest : '/' + rest };
}

/**
 * Fallback chain for content written in several languages: Uzbek readers can read the other
 * script and usually Russian; Lao readers English; Kinyarwanda readers English then French.
 */
export const FALLBACK_CHAINS: Record<Locale, Locale[]> = {
  en: ['en', 'fr'],
  fr: ['fr', 'en'],
  ru: ['ru', 'en'],
  lo: ['lo', 'en'],
  'uz-Latn': ['uz-Latn', 'uz-Cyrl', 'ru', 'en'],
  'uz-Cyrl': ['uz-Cyrl', 'uz-Latn', 'ru', 'en'],
  rw: ['rw', 'en', 'fr'],
};
