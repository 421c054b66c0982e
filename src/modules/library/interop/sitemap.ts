// Sitemaps (sitemaps.org protocol 0.9) with the language versions of each page as
// xhtml:link rel="alternate" hreflang entries, and sitemap indexes for sites past one file's limits.
import { xmlAttr, xmlText } from './xml.js';

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** The protocol's limits for one sitemap or index file. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;

export interface SitemapAlternate {
  /** BCP 47 tag (en, fr, ru, lo, uz-Latn, uz-Cyrl, rw) or "x-default". */
  hreflang: string;
  href: string;
}

export interface SitemapUrl {
  loc: string;
  /** ISO 8601 date or timestamp. */
  lastmod?: string;
  /** Every language version of the page, itself included, as search engines expect. */
  alternates?: SitemapAlternate[];
}

export interface SitemapRef {
  loc: string;
  lastmod?: string;
}

/** An absolute http(s) URL, percent-encoded as the protocol requires; throws on anything else. */
function absoluteUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Sitemap: not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Sitemap: not an http(s) URL: ${JSON.stringify(value)}`);
  if (url.href.length > 2048) throw new TypeError('Sitemap: URL longer than 2,048 characters');
  return url.href;
}

/** W3C Datetime: a date stays a date, a timestamp is written in UTC to the second. */
function w3cDatetime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Sitemap: not an ISO 8601 date: ${JSON.stringify(value)}`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

const HREFLANG = /^(?:x-default|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;

function urlEntry(u: SitemapUrl): string {
  let out = `  <url>\n    <loc>${xmlText(absoluteUrl(u.loc))}</loc>\n`;
  if (u.lastmod) out += `    <lastmod>${w3cDatetime(u.lastmod)}</lastmod>\n`;
  for (const a of u.alternates ?? []) {
    if (!HREFLANG.test(a.hreflang)) throw new TypeError(`Sitemap: not a hreflang value: ${JSON.stringify(a.hreflang)}`);
    out += `    <xhtml:link rel="alternate" hreflang="${xmlAttr(a.hreflang)}" href="${xmlAttr(absoluteUrl(a.href))}"/>\n`;
  }
  return `${out}  </url>\n`;
}

const URLSET_OPEN = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n`;
const URLSET_CLOSE = '</urlset>\n';

/** One sitemap file. Throws a RangeError past 50,000 URLs or 50 MiB: use renderSitemapSet then. */
export function renderSitemap(urls: SitemapUrl[]): string {
  if (urls.length > SITEMAP_MAX_URLS) throw new RangeError(`Sitemap: ${urls.length} URLs, more than ${SITEMAP_MAX_URLS} in one file`);
  const xml = URLSET_OPEN + urls.map(urlEntry).join('') + URLSET_CLOSE;
  if (Buffer.byteLength(xml) > SITEMAP_MAX_BYTES) throw new RangeError('Sitemap: larger than 50 MiB');
  return xml;
}

/** A sitemap index listing sitemap files (at most 50,000). */
export function renderSitemapIndex(sitemaps: SitemapRef[]): string {
  if (sitemaps.length > SITEMAP_MAX_URLS) throw new RangeError(`Sitemap index: ${sitemaps.length} sitemaps, more than ${SITEMAP_MAX_URLS}`);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n`;
  for (const s of sitemaps) {
    xml += `  <sitemap>\n    <loc>${xmlText(absoluteUrl(s.loc))}</loc>\n`;
    if (s.lastmod) xml += `    <lastmod>${w3cDatetime(s.lastmod)}</lastmod>\n`;
    xml += '  </sitemap>\n';
  }
  return `${xml}</sitemapindex>\n`;
}

export interface SitemapSet {
  /** The index listing the files; null when everything fits in one sitemap. */
  index: string | null;
  sitemaps: { loc: string; xml: string }[];
}

/**
 * Splits any number of URLs into sitemap files within the protocol's limits (by count and by
 * size; `maxUrls` may lower the count) and writes the index that lists them. `locOf(n)` gives
 * the URL at which the n-th file (from 1) will be served.
 */
export function renderSitemapSet(urls: SitemapUrl[], locOf: (n: number) => string, maxUrls: number = SITEMAP_MAX_URLS): SitemapSet {
  const perFile = Math.max(1, Math.min(maxUrls, SITEMAP_MAX_URLS));
  const budget = SITEMAP_MAX_BYTES - Buffer.byteLength(URLSET_OPEN + URLSET_CLOSE);
  const files: { entries: string[]; lastmod?: string }[] = [];
  let current: { entries: string[]; bytes: number; lastmod?: string } | null = null;
  for (const u of urls) {
    const entry = urlEntry(u);
    const size = Buffer.byteLength(entry);
    if (!current || current.entries.length >= perFile || current.bytes + size > budget) {
      current = { entries: [], bytes: 0 };
      files.push(current);
    }
    current.entries.push(entry);
    current.bytes += size;
    if (u.lastmod) {
      const mod = w3cDatetime(u.lastmod);
      if (!current.lastmod || Date.parse(mod) > Date.parse(current.lastmod)) current.lastmod = mod;
    }
  }
  if (files.length === 0) files.push({ entries: [] });
  const sitemaps = files.map((f, i) => ({ loc: locOf(i + 1), xml: URLSET_OPEN + f.entries.join('') + URLSET_CLOSE }));
  const index = files.length === 1 ? null : renderSitemapIndex(files.map((f, i) => ({ loc: sitemaps[i]!.loc, lastmod: f.lastmod })));
  return { index, sitemaps };
}
