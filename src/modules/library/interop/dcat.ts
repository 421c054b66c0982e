// The library's datasets as a DCAT catalogue in JSON-LD, following the DCAT-AP profile
// (https://semiceu.github.io/DCAT-AP/) so that open-data portals can harvest it.
//
// Controlled vocabularies as DCAT-AP asks: languages as EU Publications Office authority IRIs,
// media types as IANA IRIs. Themes and spatial coverage are IRIs when given as IRIs; plain labels
// become skos:Concept / dct:Location nodes with a label, since DCAT-AP cannot take bare strings.

export const DCAT_CONTENT_TYPE = 'application/ld+json; charset=utf-8';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
} as const;

export interface DcatDistribution {
  /** Where the file is downloaded. */
  url: string;
  /** IANA media type, e.g. text/csv. */
  mediaType: string;
  title?: string;
  byteSize?: number;
}

export interface DcatDataset {
  /** The dataset's page; also its IRI. */
  url: string;
  title: string;
  description: string;
  issued?: string;
  modified?: string;
  keywords: string[];
  /** Theme IRIs (e.g. EU data themes), or labels. */
  themes: string[];
  /** Licence IRI, e.g. https://creativecommons.org/licenses/by/4.0/ */
  license?: string;
  /** BCP 47 tags. */
  language: string[];
  /** Place IRIs (e.g. GeoNames), or place names. */
  spatial?: string[];
  distributions: DcatDistribution[];
}

export interface DcatCatalog {
  /** The catalogue's page; also its IRI. */
  url: string;
  title: string;
  description: string;
  /** Publisher's name. */
  publisher: string;
  /** BCP 47 tags of the catalogue's languages. */
  language: string[];
  /** Contact for every dataset (DCAT-AP recommends one). */
  contactPoint?: { name: string; email?: string; url?: string };
  datasets: DcatDataset[];
}

type Node = Record<string, unknown>;

// EU Publications Office language authority codes for the platform's languages.
const EU_LANGUAGE: Record<string, string> = { en: 'ENG', fr: 'FRA', ru: 'RUS', lo: 'LAO', uz: 'UZB', rw: 'KIN' };

function languageNode(tag: string): Node {
  const primary = tag.toLowerCase().split('-')[0]!;
  const eu = EU_LANGUAGE[primary];
  if (eu) return { '@id': `http://publications.europa.eu/resource/authority/language/${eu}` };
  return { '@id': `http://id.loc.gov/vocabulary/iso639-1/${encodeURIComponent(primary)}` };
}

function isIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value) && !/\s/.test(value);
}

function dateLiteral(value: string): Node {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { '@value': value, '@type': 'xsd:date' };
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`DCAT: not an ISO 8601 date: ${JSON.stringify(value)}`);
  return { '@value': date.toISOString(), '@type': 'xsd:dateTime' };
}

function conceptOrIri(value: string, type: string, labelProperty: string): Node {
  return isIri(value) ? { '@id': value } : { '@type': type, [labelProperty]: value };
}

function distributionNode(d: DcatDistribution): Node {
  const node: Node = {
    '@type': 'dcat:Distribution',
    'dcat:accessURL': { '@id': d.url },
    'dcat:downloadURL': { '@id': d.url },
    'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${d.mediaType.split(';')[0]!.trim().toLowerCase()}` },
  };
  if (d.title) node['dct:title'] = d.title;
  if (d.byteSize !== undefined && Number.isSafeInteger(d.byteSize) && d.byteSize >= 0) {
    node['dcat:byteSize'] = { '@value': String(d.byteSize), '@type': 'xsd:nonNegativeInteger' };
  }
  return node;
}

function contactNode(c: NonNullable<DcatCatalog['contactPoint']>): Node {
  const node: Node = { '@type': 'vcard:Organization', 'vcard:fn': c.name };
  if (c.email) node['vcard:hasEmail'] = { '@id': `mailto:${c.email}` };
  if (c.url) node['vcard:hasURL'] = { '@id': c.url };
  return node;
}

/** A DCAT-AP catalogue as a JSON-LD document: @context and a @graph of the catalogue and its datasets. */
export function renderDcatCatalog(catalog: DcatCatalog): Node {
  const publisher: Node = { '@type': 'foaf:Agent', 'foaf:name': catalog.publisher };
  const catalogNode: Node = {
    '@id': catalog.url,
    '@type': 'dcat:Catalog',
    'dct:title': catalog.title,
    'dct:description': catalog.description,
    'dct:publisher': publisher,
    'foaf:homepage': { '@id': catalog.url },
    'dct:language': catalog.language.map(languageNode),
    'dcat:dataset': catalog.datasets.map((d) => ({ '@id': d.url })),
  };
  const datasets = catalog.datasets.map((d): Node => {
    const node: Node = {
      '@id': d.url,
      '@type': 'dcat:Dataset',
      'dct:title': d.title,
      'dct:description': d.description,
      'dcat:landingPage': { '@id': d.url },
      'dct:publisher': publisher,
      'dcat:keyword': d.keywords.filter((k) => k.trim() !== ''),
      'dcat:theme': d.themes.map((t) => conceptOrIri(t, 'skos:Concept', 'skos:prefLabel')),
      'dct:language': d.language.map(languageNode),
      'dcat:distribution': d.distributions.map((x) => (d.license ? { ...distributionNode(x), 'dct:license': { '@id': d.license } } : distributionNode(x))),
    };
    if (d.issued) node['dct:issued'] = dateLiteral(d.issued);
    if (d.modified) node['dct:modified'] = dateLiteral(d.modified);
    if (d.spatial?.length) node['dct:spatial'] = d.spatial.map((s) => conceptOrIri(s, 'dct:Location', 'rdfs:label'));
    if (catalog.contactPoint) node['dcat:contactPoint'] = contactNode(catalog.contactPoint);
    return node;
  });
  return { '@context': DCAT_CONTEXT, '@graph': [catalogNode, ...datasets] };
}
