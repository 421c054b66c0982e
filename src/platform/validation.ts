/**
 * Input checks shared by the modules' services: clean text, web addresses, translatable fields,
 * codes from a list and language tags. Each collects FieldErrors (localised by their key) instead
 * of throwing, so a form reports every mistake at once and keeps what was typed.
 */
import type { FieldError } from './http/errors.js';
import { text, type TranslatedText } from './i18n/content.js';
import { parseLocale } from './i18n/locales.js';

/** A string trimmed, in NFC (so visually equal text compares equal), at most `max` characters; '' otherwise. */
export function cleanText(value: unknown, max = 500): string {
  return typeof value === 'string' ? value.normalize('NFC').trim().slice(0, max) : '';
}

/** An http(s) URL. */
export function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A typed web address as an http(s) URL, or null. A website typed without its scheme
 * ("example.org", "example.org:8080/x") gets https://; any other scheme (javascript:, data:,
 * vbscript:, mailto:…) is refused rather than read as a host name, so "javascript://x.org/…"
 * never becomes "https://javascript//x.org/…".
 */
export function webAddress(value: string): string | null {
  const typed = value.trim();
  // Browsers drop tabs and newlines inside an address, so "java\tscript:" would run: refuse controls.
  if (!typed || /[\u0000-\u001f\u007f]/.test(typed)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(typed)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return isUrl(typed) ? typed : null;
  if (scheme && !/^[a-z0-9-]+(\.[a-z0-9-]+)+:\d+(?:[/?#]|$)/i.test(typed)) return null;
  const url = `https://${typed.replace(/^\/\//, '')}`;
  // A host without a dot is no website.
  return isUrl(url) && new URL(url).hostname.includes('.') ? url : null;
}

/** Checks and normalises a translatable field (keys are language tags). */
export function translated(field: string, value: Record<string, string | undefined> | undefined, required: boolean, max: number, errors: FieldError[]): TranslatedText {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value ?? {})) {
    const locale = parseLocale(key);
    const v = cleanText(raw, max + 1);
    if (!v) continue;
    if (!locale) {
      errors.push({ field: `${field}.${key}`, key: 'validation.choice' });
      continue;
    }
    if (v.length > max) errors.push({ field: `${field}.${locale}`, key: 'validation.too_long', values: { max } });
    out[locale] = v.slice(0, max);
  }
  if (required && Object.keys(out).length === 0) errors.push({ field, key: 'validation.required' });
  return text(out);
}

/** Codes from a closed list, matched without regard to case, each once; unknown ones reported with `messageKey`. */
export function codes<T extends string>(field: string, values: unknown, allowed: readonly T[], errors: FieldError[], messageKey: string): T[] {
  const out: T[] = [];
  for (const v of Array.isArray(values) ? values : []) {
    const code = cleanText(v, 50);
    if (!code) continue;
    const match = allowed.find((a) => a.toLowerCase() === code.toLowerCase());
    if (!match) errors.push({ field, key: messageKey, values: { value: code } });
    else if (!out.includes(match)) out.push(match);
  }
  return out;
}

/** Any BCP 47 language tags (a record may be in languages the interface does not offer), canonical, each once. */
export function languageTags(values: unknown, errors: FieldError[], messageKey: string, field = 'languages'): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(values) ? values : []) {
    const tag = cleanText(v, 20);
    if (!tag) continue;
    let canonical: string | null = null;
    try {
      canonical = Intl.getCanonicalLocales(tag)[0] ?? null;
    } catch {
      canonical = null;
    }
    if (!canonical) errors.push({ field, key: messageKey, values: { value: tag } });
    else if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** Values of a multi-valued query filter: repeated and/or comma-separated, trimmed, each once. */
export function filterValues(raw: readonly string[] | undefined): string[] {
  return [...new Set((raw ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}
