import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DCAT_CONTEXT, renderDcatCatalog, type DcatCatalog } from './dcat.js';

const CATALOG: DcatCatalog = {
  url: 'https://mosaic.example.org/library/datasets',
  title: 'Mosaic cultural data',
  description: 'Datasets on the cultural and creative industries of Lao PDR, Uzbekistan and Rwanda.',
  publisher: 'Mosaic',
  language: ['en', 'fr', 'lo', 'uz-Latn'],
  contactPoint: { name: 'Mosaic library', email: 'library@mosaic.example.org' },
  datasets: [
    {
      url: 'https://mosaic.example.org/library/r/ds-1',
      title: 'Cultural enterprises by province, 2024',
      description: 'Counts of registered cultural enterprises.',
      issued: '2024-06-01',
      modified: '2025-01-15T09:30:00.000Z',
      keywords: ['enterprises', 'ວິສາຫະກິດ', ' '],
      themes: ['http://publications.europa.eu/resource/authority/data-theme/EDUC', 'Creative economy'],
      license: 'https://creativecommons.org/licenses/by/4.0/',
      language: ['lo', 'en'],
      spatial: ['https://sws.geonames.org/1655842/', 'Vientiane Capital'],
      distributions: [
        { url: 'https://mosaic.example.org/files/ds-1.csv', mediaType: 'text/csv; charset=utf-8', title: 'CSV', byteSize: 20480 },
        { url: 'https://mosaic.example.org/files/ds-1.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ],
    },
    {
      url: 'https://mosaic.example.org/library/r/ds-2',
      title: 'Craft cooperatives',
      description: 'List of craft cooperatives.',
      keywords: [],
      themes: [],
      language: ['rw'],
      distributions: [],
    },
  ],
};

type Node = Record<string, unknown>;

/** Every prefixed name used as a key or as a @type value, e.g. "dct:title", "dcat:Dataset". */
function prefixedNames(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) prefixedNames(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Node)) {
      if (k === '@context') continue;
      if (!k.startsWith('@')) out.add(k);
      if (k === '@type' && typeof v === 'string') out.add(v);
      prefixedNames(v, out);
    }
  }
  return out;
}

describe('DCAT catalogue (JSON-LD)', () => {
  const doc = renderDcatCatalog(CATALOG);
  const graph = doc['@graph'] as Node[];

  test('is a JSON-LD document: @context with the DCAT-AP namespaces and a @graph', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc, 'plain JSON');
    const context = doc['@context'] as Record<string, string>;
    for (const prefix of ['dcat', 'dct', 'foaf', 'vcard', 'xsd']) assert.ok(context[prefix]?.startsWith('http'), prefix);
    assert.equal(context.dcat, 'http://www.w3.org/ns/dcat#');
    assert.equal(context.dct, 'http://purl.org/dc/terms/');
    assert.ok(Array.isArray(graph));
    // Every prefixed term resolves through the context.
    for (const name of prefixedNames(graph)) {
      const [prefix] = name.split(':');
      assert.ok(name.includes(':') && prefix! in DCAT_CONTEXT, `${name} is a prefixed name with a declared prefix`);
    }
  });

  test('the catalogue lists its datasets by IRI', () => {
    const catalog = graph[0]!;
    assert.equal(catalog['@type'], 'dcat:Catalog');
    assert.equal(catalog['@id'], CATALOG.url);
    assert.deepEqual(catalog['dcat:dataset'], CATALOG.datasets.map((d) => ({ '@id': d.url })));
    assert.deepEqual(catalog['dct:publisher'], { '@type': 'foaf:Agent', 'foaf:name': 'Mosaic' });
    assert.deepEqual((catalog['dct:language'] as Node[]).map((l) => l['@id']), ['ENG', 'FRA', 'LAO', 'UZB'].map((c) => `http://publications.europa.eu/resource/authority/language/${c}`));
    const ids = graph.slice(1).map((d) => d['@id']);
    assert.deepEqual(ids, CATALOG.datasets.map((d) => d.url));
    assert.ok(graph.slice(1).every((d) => d['@type'] === 'dcat:Dataset'));
  });

  test('datasets carry DCAT-AP properties with typed values', () => {
    const ds = graph[1]!;
    assert.equal(ds['dct:title'], 'Cultural enterprises by province, 2024');
    assert.deepEqual(ds['dct:issued'], { '@value': '2024-06-01', '@type': 'xsd:date' });
    assert.deepEqual(ds['dct:modified'], { '@value': '2025-01-15T09:30:00.000Z', '@type': 'xsd:dateTime' });
    assert.deepEqual(ds['dcat:keyword'], ['enterprises', 'ວິສາຫະກິດ']);
    assert.deepEqual(ds['dcat:theme'], [
      { '@id': 'http://publications.europa.eu/resource/authority/data-theme/EDUC' },
      { '@type': 'skos:Concept', 'skos:prefLabel': 'Creative economy' },
    ]);
    assert.deepEqual(ds['dct:spatial'], [{ '@id': 'https://sws.geonames.org/1655842/' }, { '@type': 'dct:Location', 'rdfs:label': 'Vientiane Capital' }]);
    assert.deepEqual(ds['dcat:contactPoint'], { '@type': 'vcard:Organization', 'vcard:fn': 'Mosaic library', 'vcard:hasEmail': { '@id': 'mailto:library@mosaic.example.org' } });
    const [csv, xlsx] = ds['dcat:distribution'] as Node[];
    assert.equal(csv!['@type'], 'dcat:Distribution');
    assert.deepEqual(csv!['dcat:downloadURL'], { '@id': 'https://mosaic.example.org/files/ds-1.csv' });
    assert.deepEqual(csv!['dcat:mediaType'], { '@id': 'https://www.iana.org/assignments/media-types/text/csv' });
    assert.deepEqual(csv!['dcat:byteSize'], { '@value': '20480', '@type': 'xsd:nonNegativeInteger' });
    assert.deepEqual(csv!['dct:license'], { '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    assert.equal(xlsx!['dcat:byteSize'], undefined);
    assert.deepEqual((graph[2]!['dct:language'] as Node[])[0], { '@id': 'http://publications.europa.eu/resource/authority/language/KIN' });
    assert.equal(graph[2]!['dct:issued'], undefined);
  });

  test('a bad date is refused', () => {
    assert.throws(() => renderDcatCatalog({ ...CATALOG, datasets: [{ ...CATALOG.datasets[0]!, issued: 'spring' }] }), TypeError);
  });
});
