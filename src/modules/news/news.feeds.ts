/**
 * Atom (RFC 4287) and RSS 2.0 documents of published posts, written by hand with every text
 * escaped. Texts are in the requested language (its fallback when a post lacks it).
 */
import { textFor } from '../../platform/i18n/content.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { NewsPostView } from './news.service.js';

/** What a feed is made of. */
export interface FeedInput {
  baseUrl: string;
  locale: Locale;
  title: string;
  /** Site-relative path of the HTML page the feed mirrors. */
  path: string;
  selfPath: string;
  items: NewsPostView[];
}

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(value: string): string {
  return value
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function url(input: FeedInput, path: string): string {
  return `${input.baseUrl}/${input.locale.toLowerCase()}${path}`;
}

function summaryOf(post: NewsPostView, locale: Locale): string {
  return textFor(post.summary, locale) || textFor(post.body, locale).slice(0, 500);
}

/** An Atom feed. */
export function atomFeed(input: FeedInput): string {
  const updated = input.items[0]?.publishAt ?? new Date(0).toISOString();
  const entries = input.items.map((p) => {
    const link = url(input, `/news/${p.id}`);
    return [
      '<entry>',
      `<id>urn:uuid:${p.id}</id>`,
      `<title>${xmlEscape(textFor(p.title, input.locale))}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlEscape(link)}"/>`,
      `<published>${p.publishAt}</published>`,
      `<updated>${p.updatedAt > p.publishAt ? p.updatedAt : p.publishAt}</updated>`,
      `<summary type="text">${xmlEscape(summaryOf(p, input.locale))}</summary>`,
      `<content type="text">${xmlEscape(textFor(p.body, input.locale))}</content>`,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${input.locale}">`,
    `<id>${xmlEscape(url(input, input.path))}</id>`,
    `<title>${xmlEscape(input.title)}</title>`,
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(`${input.baseUrl}${input.selfPath}`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(url(input, input.path))}"/>`,
    '<author><name>Mosaic</name></author>',
    ...entries,
    '</feed>',
  ].join('\n');
}

/** An RSS 2.0 feed. */
export function rssFeed(input: FeedInput): string {
  const items = input.items.map((p) => {
    const link = url(input, `/news/${p.id}`);
    return [
      '<item>',
      `<title>${xmlEscape(textFor(p.title, input.locale))}</title>`,
      `<link>${xmlEscape(link)}</link>`,
      `<guid isPermaLink="false">urn:uuid:${p.id}</guid>`,
      `<pubDate>${new Date(p.publishAt).toUTCString()}</pubDate>`,
      `<description>${xmlEscape(summaryOf(p, input.locale))}</description>`,
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlEscape(input.title)}</title>`,
    `<link>${xmlEscape(url(input, input.path))}</link>`,
    `<description>${xmlEscape(input.title)}</description>`,
    `<language>${input.locale}</language>`,
    `<atom:link rel="self" type="application/rss+xml" href="${xmlEscape(`${input.baseUrl}${input.selfPath}`)}"/>`,
    ...(input.items[0] ? [`<lastBuildDate>${new Date(input.items[0].publishAt).toUTCString()}</lastBuildDate>`] : []),
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n');
}
