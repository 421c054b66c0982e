// schema.org descriptions (JSON-LD) of library resources, for the resource pages, so that search
// engines and other harvesters understand what each resource is.
//
// Types by kind of resource:
//   law, policy          Legislation (legislationType "Law" / "Policy" unless given)
//   strategy             Legislation when adoption details are given (it was adopted by a legal
//                        act), otherwise CreativeWork with genre "Strategy"
//   report               Report
//   dataset              Dataset, its files as DataDownload distributions
//   toolkit, training    LearningResource (learningResourceType "toolkit" / "training material")
//   media                VideoObject, AudioObject or ImageObject by the first file's media type,
//                        MediaObject otherwise
//   clipping             NewsArticle, based on the original article (sourceUrl)
//   link                 CreativeWork whose url is the external resource

export const RESOURCE_KINDS = ['policy', 'law', 'strategy', 'report', 'dataset', 'toolkit', 'training', 'media', 'clipping', 'link'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface JsonLdAgent {
  name: string;
  /** Authors default to a person, publishers to an organisation. */
  kind?: 'person' | 'organization';
  url?: string;
}

export interface JsonLdFile {
  url: string;
  /** IANA media type. */
  mediaType: string;
  name?: string;
  byteSize?: number;
}

export interface LegislationDetails {
  /** The act's number, e.g. "No. 123/PM". */
  identifier?: string;
  /** Country or region name, or ISO 3166 code. */
  jurisdiction?: string;
  /** Date of adoption or signature (ISO 8601). */
  date?: string;
  /** Decree, law, regulation, policy… */
  type?: string;
  inForce?: 'in-force' | 'not-in-force' | 'partially-in-force';
}

export interface ResourceJsonLdInput {
  kind: ResourceKind;
  /** The resource's canonical page in the library. */
  url: string;
  title: string;
  /** The title in other languages. */
  alternateTitles?: string[];
  /** Plain text. */
  description?: string;
  /** BCP 47 tags of the resource's content. */
  languages?: string[];
  datePublished?: string;
  dateModified?: string;
  authors?: JsonLdAgent[];
  publisher?: JsonLdAgent;
  keywords?: string[];
  /** Names of the places (countries, regions) the resource is about. */
  places?: string[];
  /** Licence IRI. */
  license?: string;
  files?: JsonLdFile[];
  /** ISBN, DOI, official numbers… */
  identifiers?: string[];
  /** The original elsewhere: the article of a clipping, the site of a link. */
  sourceUrl?: string;
  /** Thumbnail or cover image URL. */
  image?: string;
  legislation?: LegislationDetails;
  isAccessibleForFree?: boolean;
}

type Node = Record<string, unknown>;

const LEGAL_FORCE = {
  'in-force': 'https://schema.org/InForce',
  'not-in-force': 'https://schema.org/NotInForce',
  'partially-in-force': 'https://schema.org/PartiallyInForce',
} as const;

function nonBlank(values: string[] | undefined): string[] {
  return (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

function one<T>(values: T[]): T | T[] | undefined {
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`JSON-LD: not an ISO 8601 date: ${JSON.stringify(value)}`);
  return date.toISOString();
}

function agent(a: JsonLdAgent, fallback: 'person' | 'organization'): Node {
  const node: Node = { '@type': (a.kind ?? fallback) === 'person' ? 'Person' : 'Organization', name: a.name };
  if (a.url) node.url = a.url;
  return node;
}

/** File size as schema.org's contentSize expects it, e.g. "2.4 MB". */
function contentSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return undefined;
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}

function mediaObject(f: JsonLdFile, type = 'MediaObject'): Node {
  const node: Node = { '@type': type, contentUrl: f.url, encodingFormat: f.mediaType };
  if (f.name) node.name = f.name;
  const size = contentSize(f.byteSize);
  if (size) node.contentSize = size;
  return node;
}

function mediaType(files: JsonLdFile[]): string {
  const first = files[0]?.mediaType.toLowerCase() ?? '';
  if (first.startsWith('video/')) return 'VideoObject';
  if (first.startsWith('audio/')) return 'AudioObject';
  if (first.startsWith('image/')) return 'ImageObject';
  return 'MediaObject';
}

function hasLegislation(l: LegislationDetails | undefined): l is LegislationDetails {
  return !!l && Object.values(l).some((v) => v !== undefined && v !== '');
}

/** The schema.org JSON-LD object describing one library resource. */
export function resourceJsonLd(r: ResourceJsonLdInput): Node {
  const files = r.files ?? [];
  const legislative = r.kind === 'law' || r.kind === 'policy' || (r.kind === 'strategy' && hasLegislation(r.legislation));
  let type: string;
  if (legislative) type = 'Legislation';
  else if (r.kind === 'report') type = 'Report';
  else if (r.kind === 'dataset') type = 'Dataset';
  else if (r.kind === 'toolkit' || r.kind === 'training') type = 'LearningResource';
  else if (r.kind === 'media') type = mediaType(files);
  else if (r.kind === 'clipping') type = 'NewsArticle';
  else type = 'CreativeWork';

  const node: Node = {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': `${r.url}#resource`,
    url: r.kind === 'link' && r.sourceUrl ? r.sourceUrl : r.url,
    mainEntityOfPage: r.url,
    name: r.title,
  };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) node[key] = value;
  };
  if (type === 'NewsArticle') set('headline', r.title.length > 110 ? `${r.title.slice(0, 109)}…` : r.title);
  set('alternateName', one(nonBlank(r.alternateTitles)));
  set('description', r.description?.trim() || undefined);
  set('inLanguage', one(nonBlank(r.languages)));
  set('datePublished', isoDate(r.datePublished));
  set('dateModified', isoDate(r.dateModified));
  set('author', (r.authors ?? []).filter((a) => a.name.trim() !== '').map((a) => agent(a, 'person')));
  if (r.publisher && r.publisher.name.trim() !== '') set('publisher', agent(r.publisher, 'organization'));
  set('keywords', nonBlank(r.keywords));
  set('spatialCoverage', nonBlank(r.places).map((name) => ({ '@type': 'Place', name })));
  set('license', r.license);
  set('identifier', one(nonBlank(r.identifiers)));
  set('image', r.image);
  set('isAccessibleForFree', r.isAccessibleForFree);

  if (r.kind === 'strategy' && !legislative) set('genre', 'Strategy');
  if (r.kind === 'toolkit') set('learningResourceType', 'toolkit');
  if (r.kind === 'training') set('learningResourceType', 'training material');
  if (r.kind === 'clipping') set('isBasedOn', r.sourceUrl);
  if (legislative) {
    const l = r.legislation ?? {};
    set('legislationType', l.type || (r.kind === 'law' ? 'Law' : r.kind === 'policy' ? 'Policy' : 'Strategy'));
    set('legislationIdentifier', l.identifier || undefined);
    set('legislationJurisdiction', l.jurisdiction || undefined);
    set('legislationDate', isoDate(l.date));
    if (l.inForce) set('legislationLegalForce', { '@id': LEGAL_FORCE[l.inForce] });
  }

  if (type === 'Dataset') {
    set('distribution', files.map((f) => mediaObject(f, 'DataDownload')));
  } else if (r.kind === 'media' && files.length > 0) {
    const [first, ...rest] = files as [JsonLdFile, ...JsonLdFile[]];
    const own = mediaObject(first);
    for (const key of ['contentUrl', 'encodingFormat', 'contentSize'] as const) set(key, own[key]);
    set('encoding', rest.map((f) => mediaObject(f)));
  } else {
    set('encoding', files.map((f) => mediaObject(f)));
  }
  return node;
}

/**
 * JSON for an inline <script type="application/ld+json">: the characters that could end the
 * script element or break a line in old parsers are written as \u escapes (still the same JSON).
 */
export function jsonLdScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
