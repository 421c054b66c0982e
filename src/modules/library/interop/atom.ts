// Atom 1.0 feeds (RFC 4287) of library resources, e.g. "new in the library", per space or topic.
import { XmlWriter, isLanguageTag } from './xml.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface AtomEntry {
  /** A permanent IRI for the entry (the resource's canonical URL, or urn:uuid:…). */
  id: string;
  title: string;
  /** Plain text. */
  summary?: string;
  /** The resource's page, written as the alternate link. */
  url: string;
  /** ISO 8601 timestamps. */
  updated: string;
  published?: string;
  /** Author names. */
  authors: string[];
  /** Category terms (plain text, e.g. resource type or topic). */
  categories: string[];
  /** BCP 47 language of the entry's text, when it differs from the feed's. */
  lang?: string;
}

export interface AtomFeed {
  /** A permanent IRI for the feed. */
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own URL (rel="self"). */
  selfUrl: string;
  /** The HTML page the feed mirrors (rel="alternate"). */
  alternateUrl: string;
  updated: string;
  lang?: string;
  /**
   * Feed-level author. RFC 4287 requires one unless every entry has an author; when it is not
   * given and an entry has none, the feed's title stands as the author's name.
   */
  author?: string;
  entries: AtomEntry[];
}

/** An RFC 3339 timestamp in UTC, without milliseconds when they are zero. */
function rfc3339(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Atom: not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  return date.toISOString().replace('.000Z', 'Z');
}

function lang(tag: string | undefined): string | undefined {
  return tag && isLanguageTag(tag) ? tag : undefined;
}

function nonBlank(values: string[]): string[] {
  return values.filter((v) => v.trim() !== '');
}

/** Renders an Atom 1.0 feed document. */
export function renderAtomFeed(feed: AtomFeed): string {
  const w = new XmlWriter();
  w.open('feed', { xmlns: ATOM_NS, 'xml:lang': lang(feed.lang) });
  w.leaf('id', feed.id);
  w.leaf('title', feed.title, { type: 'text' });
  if (feed.subtitle) w.leaf('subtitle', feed.subtitle, { type: 'text' });
  w.leaf('updated', rfc3339(feed.updated));
  w.empty('link', { rel: 'self', type: 'application/atom+xml', href: feed.selfUrl });
  w.empty('link', { rel: 'alternate', type: 'text/html', href: feed.alternateUrl });
  const needsFeedAuthor = feed.entries.some((e) => nonBlank(e.authors).length === 0);
  if (feed.author || needsFeedAuthor) {
    w.open('author');
    w.leaf('name', feed.author || feed.title);
    w.close('author');
  }
  w.leaf('generator', 'Mosaic');

  for (const e of feed.entries) {
    w.open('entry', { 'xml:lang': lang(e.lang) });
    w.leaf('id', e.id);
    w.leaf('title', e.title, { type: 'text' });
    w.leaf('updated', rfc3339(e.updated));
    if (e.published) w.leaf('published', rfc3339(e.published));
    for (const name of nonBlank(e.authors)) {
      w.open('author');
      w.leaf('name', name);
      w.close('author');
    }
    w.empty('link', { rel: 'alternate', type: 'text/html', href: e.url });
    for (const term of nonBlank(e.categories)) w.empty('category', { term });
    if (e.summary) w.leaf('summary', e.summary, { type: 'text' });
    w.close('entry');
  }
  w.close('feed');
  return w.toString();
}
