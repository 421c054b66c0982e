import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wellFormednessErrors } from '../../../../test/fixtures/oai/validate.js';
import { renderSitemap, renderSitemapIndex, renderSitemapSet, SITEMAP_MAX_URLS, type SitemapUrl } from './sitemap.js';

const LOCALES = ['en', 'fr', 'ru', 'lo', 'uz-Latn', 'uz-Cyrl', 'rw'];
const ORIGIN = 'https://mosaic.example.org';

function page(path: string, lastmod?: string): SitemapUrl {
  return {
    loc: `${ORIGIN}/en${path}`,
    lastmod,
    alternates: [...LOCALES.map((l) => ({ hreflang: l, href: `${ORIGIN}/${l}${path}` })), { hreflang: 'x-default', href: `${ORIGIN}${path}` }],
  };
}

describe('sitemap', () => {
  test('a sitemap with the seven language versions of each page', async () => {
    const xml = renderSitemap([page('/library/r/1?tab=files&lang=lo', '2025-05-01T10:20:30.456Z'), page('/library', '2025-04-01')]);
    assert.deepEqual(await wellFormednessErrors(xml), []);
    assert.match(xml, /<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9" xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml">/);
    assert.equal((xml.match(/<url>/g) ?? []).length, 2);
    assert.match(xml, /<loc>https:\/\/mosaic\.example\.org\/en\/library\/r\/1\?tab=files&amp;lang=lo<\/loc>/);
    assert.match(xml, /<lastmod>2025-05-01T10:20:30Z<\/lastmod>/);
    assert.match(xml, /<lastmod>2025-04-01<\/lastmod>/);
    assert.equal((xml.match(/<xhtml:link rel="alternate"/g) ?? []).length, 16);
    assert.match(xml, /<xhtml:link rel="alternate" hreflang="uz-Cyrl" href="https:\/\/mosaic\.example\.org\/uz-Cyrl\/library"\/>/);
    assert.match(xml, /hreflang="x-default"/);
  });

  test('URLs are percent-encoded as the protocol asks', () => {
    const xml = renderSitemap([{ loc: `${ORIGIN}/lo/ຫ້ອງສະໝຸດ?q=ສິລະປະ` }]);
    assert.match(xml, /<loc>https:\/\/mosaic\.example\.org\/lo\/%E0%BA%[0-9A-F%]+\?q=%E0%BA[0-9A-F%]+<\/loc>/);
  });

  test('refuses relative URLs, bad hreflang values and too many URLs', () => {
    assert.throws(() => renderSitemap([{ loc: '/en/library' }]), TypeError);
    assert.throws(() => renderSitemap([{ loc: 'javascript:alert(1)' }]), TypeError);
    assert.throws(() => renderSitemap([{ loc: `${ORIGIN}/`, alternates: [{ hreflang: 'not a tag', href: `${ORIGIN}/` }] }]), TypeError);
    const many = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({ loc: `${ORIGIN}/r/${i}` }));
    assert.throws(() => renderSitemap(many), RangeError);
  });

  test('a sitemap index', async () => {
    const xml = renderSitemapIndex([{ loc: `${ORIGIN}/sitemap-1.xml`, lastmod: '2025-05-01T00:00:00Z' }, { loc: `${ORIGIN}/sitemap-2.xml` }]);
    assert.deepEqual(await wellFormednessErrors(xml), []);
    assert.match(xml, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    assert.equal((xml.match(/<sitemap>/g) ?? []).length, 2);
  });

  test('more than 50,000 URLs are split into files listed by an index', async () => {
    const urls = Array.from({ length: 120_001 }, (_, i) => ({ loc: `${ORIGIN}/en/library/r/${i}`, lastmod: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }));
    const set = renderSitemapSet(urls, (n) => `${ORIGIN}/sitemap-${n}.xml`);
    assert.equal(set.sitemaps.length, 3);
    assert.deepEqual(set.sitemaps.map((s) => (s.xml.match(/<url>/g) ?? []).length), [50_000, 50_000, 20_001]);
    assert.ok(set.index);
    assert.deepEqual([...set.index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]), [1, 2, 3].map((n) => `${ORIGIN}/sitemap-${n}.xml`));
    // Each file's lastmod in the index is the newest of its URLs.
    assert.match(set.index, new RegExp(`<lastmod>${new Date(Date.UTC(2024, 0, 1) + 49_999 * 60_000).toISOString().slice(0, 19)}Z</lastmod>`));
    assert.deepEqual(await wellFormednessErrors(set.index), []);
    assert.deepEqual(await wellFormednessErrors(set.sitemaps[2]!.xml), []);
  });

  test('a small site needs no index; a lower per-file limit splits sooner', () => {
    const one = renderSitemapSet([page('/'), page('/library')], (n) => `${ORIGIN}/sitemap-${n}.xml`);
    assert.equal(one.index, null);
    assert.equal(one.sitemaps.length, 1);
    const split = renderSitemapSet(Array.from({ length: 5 }, (_, i) => page(`/r/${i}`)), (n) => `${ORIGIN}/s${n}.xml`, 2);
    assert.equal(split.sitemaps.length, 3);
    assert.ok(split.index);
  });
});
