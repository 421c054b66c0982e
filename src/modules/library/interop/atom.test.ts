import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wellFormednessErrors } from '../../../../test/fixtures/oai/validate.js';
import { renderAtomFeed, type AtomFeed } from './atom.js';

const FEED: AtomFeed = {
  id: 'https://mosaic.example.org/library/feed',
  title: 'Mosaic library — new resources',
  subtitle: 'Policies, laws & reports <weekly>',
  selfUrl: 'https://mosaic.example.org/library/feed.atom?space=la&type=policy',
  alternateUrl: 'https://mosaic.example.org/library?space=la',
  updated: '2025-05-01T10:00:00.000Z',
  lang: 'en',
  entries: [
    {
      id: 'https://mosaic.example.org/library/r/1',
      title: 'ນະໂຍບາຍວັດທະນະທຳແຫ່ງຊາດ',
      summary: 'Lao national culture policy\u0001 with "quotes" & <tags>',
      url: 'https://mosaic.example.org/lo/library/r/1',
      updated: '2025-04-30T08:00:00.500Z',
      published: '2025-04-01',
      authors: ['ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ'],
      categories: ['policy', 'Lao PDR'],
      lang: 'lo',
    },
    {
      id: 'https://mosaic.example.org/library/r/2',
      title: 'Закон о культуре',
      url: 'https://mosaic.example.org/ru/library/r/2',
      updated: '2025-04-29T08:00:00Z',
      authors: [],
      categories: [],
      lang: 'uz-Cyrl',
    },
  ],
};

/** The direct children of an element, by name (our writer indents, one element per line). */
function children(xml: string, parent: string): string[] {
  const m = new RegExp(`<${parent}[ >][\\s\\S]*?</${parent}>`).exec(xml);
  assert.ok(m, `<${parent}>`);
  return [...m[0].matchAll(/^ {2,4}<([a-z]+)[ />]/gm)].map((x) => x[1]!);
}

describe('Atom feed', () => {
  test('is well-formed XML in the Atom namespace', async () => {
    const xml = renderAtomFeed(FEED);
    assert.deepEqual(await wellFormednessErrors(xml), []);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en">/);
  });

  test('has the elements RFC 4287 requires of a feed and of each entry', () => {
    const xml = renderAtomFeed(FEED);
    const feedHead = xml.slice(0, xml.indexOf('<entry'));
    for (const el of ['<id>', '<title type="text">', '<updated>']) assert.equal(feedHead.split(el).length - 1, 1, el);
    assert.match(feedHead, /<link rel="self" type="application\/atom\+xml" href="https:\/\/mosaic\.example\.org\/library\/feed\.atom\?space=la&amp;type=policy"\/>/);
    assert.match(feedHead, /<link rel="alternate" type="text\/html" href="https:\/\/mosaic\.example\.org\/library\?space=la"\/>/);
    // The second entry has no author, so the feed must have one.
    assert.match(feedHead, /<author>\s*<name>Mosaic library — new resources<\/name>\s*<\/author>/);
    const entries = xml.match(/<entry[\s\S]*?<\/entry>/g) ?? [];
    assert.equal(entries.length, 2);
    for (const entry of entries) {
      const names = children(entry, 'entry');
      for (const required of ['id', 'title', 'updated', 'link']) assert.equal(names.filter((n) => n === required).length >= 1, true, `${required} in ${entry}`);
      assert.equal(names.filter((n) => n === 'id').length, 1);
      assert.match(entry, /<link rel="alternate" type="text\/html" href="https:\/\/[^"]+"\/>/);
    }
  });

  test('writes RFC 3339 dates, languages, categories and escaped text', () => {
    const xml = renderAtomFeed(FEED);
    assert.match(xml, /<updated>2025-05-01T10:00:00Z<\/updated>/);
    assert.match(xml, /<updated>2025-04-30T08:00:00\.500Z<\/updated>/);
    assert.match(xml, /<published>2025-04-01T00:00:00Z<\/published>/);
    assert.match(xml, /<entry xml:lang="lo">/);
    assert.match(xml, /<entry xml:lang="uz-Cyrl">/);
    assert.match(xml, /<category term="Lao PDR"\/>/);
    assert.match(xml, /<summary type="text">Lao national culture policy with "quotes" &amp; &lt;tags&gt;<\/summary>/);
    assert.match(xml, /<subtitle type="text">Policies, laws &amp; reports &lt;weekly&gt;<\/subtitle>/);
    assert.match(xml, /<name>ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ<\/name>/);
  });

  test('no feed author is needed when every entry has one; a given one is always written', () => {
    const withAuthors: AtomFeed = { ...FEED, entries: FEED.entries.map((e) => ({ ...e, authors: ['UNESCO'] })) };
    assert.doesNotMatch(renderAtomFeed(withAuthors).slice(0, renderAtomFeed(withAuthors).indexOf('<entry')), /<author>/);
    assert.match(renderAtomFeed({ ...withAuthors, author: 'Mosaic' }), /<author>\s*<name>Mosaic<\/name>/);
  });

  test('an empty feed is still valid; a bad timestamp is refused', async () => {
    const xml = renderAtomFeed({ ...FEED, entries: [] });
    assert.deepEqual(await wellFormednessErrors(xml), []);
    assert.doesNotMatch(xml, /<entry/);
    assert.throws(() => renderAtomFeed({ ...FEED, updated: 'last week' }), TypeError);
  });
});
