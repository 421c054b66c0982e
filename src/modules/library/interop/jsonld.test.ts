import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonLdScript, resourceJsonLd, RESOURCE_KINDS, type ResourceJsonLdInput, type ResourceKind } from './jsonld.js';

const BASE: Omit<ResourceJsonLdInput, 'kind'> = {
  url: 'https://mosaic.example.org/library/r/1',
  title: 'ນະໂຍບາຍວັດທະນະທຳແຫ່ງຊາດ',
  alternateTitles: ['National Culture Policy', ''],
  description: 'The national culture policy of Lao PDR.',
  languages: ['lo'],
  datePublished: '2016-03-01',
  dateModified: '2025-01-01T10:00:00.000Z',
  authors: [{ name: 'Ministry of Information, Culture and Tourism', kind: 'organization' }, { name: 'A. Author' }],
  publisher: { name: 'Government of Lao PDR', url: 'https://laogov.gov.la' },
  keywords: ['culture', 'policy'],
  places: ['Lao PDR'],
  license: 'https://creativecommons.org/licenses/by/4.0/',
  files: [{ url: 'https://mosaic.example.org/files/1.pdf', mediaType: 'application/pdf', name: 'Policy (PDF)', byteSize: 2_400_000 }],
};

function ld(kind: ResourceKind, extra: Partial<ResourceJsonLdInput> = {}): Record<string, unknown> {
  return resourceJsonLd({ ...BASE, kind, ...extra });
}

describe('schema.org JSON-LD for resources', () => {
  test('every kind has a schema.org type, the common properties and plain JSON', () => {
    for (const kind of RESOURCE_KINDS) {
      const doc = ld(kind);
      assert.equal(doc['@context'], 'https://schema.org');
      assert.equal(typeof doc['@type'], 'string');
      assert.equal(doc['@id'], `${BASE.url}#resource`);
      assert.equal(doc.name, BASE.title);
      assert.equal(doc.mainEntityOfPage, BASE.url);
      assert.equal(doc.inLanguage, 'lo');
      assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
    }
  });

  test('types by kind', () => {
    const types = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, ld(k)['@type']]));
    assert.deepEqual(types, {
      policy: 'Legislation', law: 'Legislation', strategy: 'CreativeWork', report: 'Report', dataset: 'Dataset',
      toolkit: 'LearningResource', training: 'LearningResource', media: 'MediaObject', clipping: 'NewsArticle', link: 'CreativeWork',
    });
    assert.equal(ld('strategy', { legislation: { identifier: 'No. 12/PM' } })['@type'], 'Legislation');
    assert.equal(ld('media', { files: [{ url: 'https://x.org/v.mp4', mediaType: 'video/mp4' }] })['@type'], 'VideoObject');
    assert.equal(ld('media', { files: [{ url: 'https://x.org/a.ogg', mediaType: 'audio/ogg' }] })['@type'], 'AudioObject');
    assert.equal(ld('media', { files: [{ url: 'https://x.org/i.jpg', mediaType: 'image/jpeg' }] })['@type'], 'ImageObject');
  });

  test('legislation details', () => {
    const doc = ld('law', { legislation: { identifier: 'No. 31/NA', jurisdiction: 'LA', date: '2013-12-20', inForce: 'in-force' } });
    assert.equal(doc.legislationType, 'Law');
    assert.equal(doc.legislationIdentifier, 'No. 31/NA');
    assert.equal(doc.legislationJurisdiction, 'LA');
    assert.equal(doc.legislationDate, '2013-12-20');
    assert.deepEqual(doc.legislationLegalForce, { '@id': 'https://schema.org/InForce' });
    assert.equal(ld('policy').legislationType, 'Policy');
    assert.equal(ld('strategy').genre, 'Strategy');
  });

  test('agents, places, files and distributions', () => {
    const doc = ld('report');
    assert.deepEqual(doc.author, [
      { '@type': 'Organization', name: 'Ministry of Information, Culture and Tourism' },
      { '@type': 'Person', name: 'A. Author' },
    ]);
    assert.deepEqual(doc.publisher, { '@type': 'Organization', name: 'Government of Lao PDR', url: 'https://laogov.gov.la' });
    assert.deepEqual(doc.spatialCoverage, [{ '@type': 'Place', name: 'Lao PDR' }]);
    assert.equal(doc.alternateName, 'National Culture Policy');
    assert.deepEqual(doc.encoding, [{ '@type': 'MediaObject', contentUrl: BASE.files![0]!.url, encodingFormat: 'application/pdf', name: 'Policy (PDF)', contentSize: '2.4 MB' }]);
    const ds = ld('dataset', { files: [{ url: 'https://x.org/d.csv', mediaType: 'text/csv' }] });
    assert.deepEqual(ds.distribution, [{ '@type': 'DataDownload', contentUrl: 'https://x.org/d.csv', encodingFormat: 'text/csv' }]);
    assert.equal(ds.encoding, undefined);
    const media = ld('media', { files: [{ url: 'https://x.org/v.mp4', mediaType: 'video/mp4', byteSize: 500 }] });
    assert.equal(media.contentUrl, 'https://x.org/v.mp4');
    assert.equal(media.contentSize, '500 B');
  });

  test('clippings and links point at the original', () => {
    const long = 'A'.repeat(150);
    const clipping = ld('clipping', { title: long, sourceUrl: 'https://news.example.la/article/9' });
    assert.equal(clipping.isBasedOn, 'https://news.example.la/article/9');
    assert.equal((clipping.headline as string).length, 110);
    const link = ld('link', { sourceUrl: 'https://unesco.org/culture' });
    assert.equal(link.url, 'https://unesco.org/culture');
    assert.equal(link.mainEntityOfPage, BASE.url);
  });

  test('empty values are left out', () => {
    const doc = resourceJsonLd({ kind: 'report', url: BASE.url, title: 'T', keywords: [' '], authors: [{ name: ' ' }], places: [] });
    for (const key of ['keywords', 'author', 'spatialCoverage', 'encoding', 'description', 'inLanguage']) assert.equal(key in doc, false, key);
  });

  test('jsonLdScript cannot close the script element', () => {
    const doc = ld('report', { description: '</script><script>alert(1)</script> & \u2028' });
    const text = jsonLdScript(doc);
    assert.doesNotMatch(text, /<|>|&|\u2028/);
    assert.deepEqual(JSON.parse(text), doc);
  });
});
