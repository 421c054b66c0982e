import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { oaiSchemaErrors } from '../../../../test/fixtures/oai/validate.js';
import { handleOai, type DublinCore, type OaiOptions, type OaiRecord, type OaiSet, type OaiSource } from './oai.js';

// ---------------------------------------------------------------------------------------------
// An in-memory repository of 250 records: deleted ones, records in several sets, records sharing
// a datestamp (so the id breaks ties), Lao and Cyrillic text, and a control character.

const PREFIX = 'oai:mosaic.example.org:';
const COUNTRIES = ['LA', 'UZ', 'RW'] as const;
const TYPES = ['policy', 'law', 'report', 'dataset', 'toolkit'] as const;
const BASE = Date.parse('2023-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

function emptyDc(): DublinCore {
  return {
    title: [], creator: [], subject: [], description: [], publisher: [], contributor: [], date: [], type: [],
    format: [], identifier: [], source: [], language: [], relation: [], coverage: [], rights: [],
  };
}

function makeRecords(n: number): OaiRecord[] {
  const out: OaiRecord[] = [];
  for (let i = 0; i < n; i++) {
    // Three records share each datestamp; ids are not in datestamp order, so the tie-break matters.
    const at = new Date(BASE + Math.floor(i / 3) * 7 * HOUR + (i % 2 === 0 ? 0 : 250)).toISOString();
    const id = `r${String((i * 37) % 1000).padStart(4, '0')}-${i}`;
    const country = COUNTRIES[i % 3]!;
    const type = TYPES[i % 5]!;
    const deleted = i % 10 === 9;
    const dc = emptyDc();
    dc.title.push(
      { value: `Record ${i}: culture <policy> & "law"`, lang: 'en' },
      { value: `ນະໂຍບາຍວັດທະນະທຳ ${i}`, lang: 'lo' },
      { value: `Культурная политика ${i}`, lang: 'ru' },
      { value: `Маданият сиёсати ${i}`, lang: 'uz-Cyrl' },
    );
    dc.description.push(`Bell\u0007 and null\u0000 are stripped; tab\tand newline\nstay. ${i}`);
    dc.creator.push('Ministry of Information, Culture and Tourism');
    dc.type.push(type);
    dc.language.push(country === 'LA' ? 'lo' : country === 'UZ' ? 'uz' : 'rw');
    dc.identifier.push(`https://mosaic.example.org/library/${id}`);
    dc.coverage.push({ value: country, lang: 'not a tag!' });
    dc.subject.push('', '   ');
    out.push({ id, datestamp: at, deleted, sets: [`country:${country}`, `type:${type}`, 'bad spec!'], dc: deleted ? null : dc });
  }
  return out;
}

const SETS: OaiSet[] = [
  { spec: 'country', name: 'Countries' },
  { spec: 'country:LA', name: 'ສປປ ລາວ', description: 'Lao PDR — ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ' },
  { spec: 'country:UZ', name: 'Oʻzbekiston', description: 'Ўзбекистон Республикаси' },
  { spec: 'country:RW', name: 'Rwanda' },
  { spec: 'type', name: 'Resource types' },
  ...TYPES.map((t) => ({ spec: `type:${t}`, name: t })),
];

function ms(iso: string): number {
  return Date.parse(iso);
}

function compare(a: OaiRecord, b: OaiRecord): number {
  return ms(a.datestamp) - ms(b.datestamp) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function inSet(r: OaiRecord, set: string | undefined): boolean {
  return set === undefined || r.sets.some((s) => s === set || s.startsWith(`${set}:`));
}

function inRange(r: OaiRecord, from?: string, until?: string): boolean {
  return (from === undefined || ms(r.datestamp) >= ms(from)) && (until === undefined || ms(r.datestamp) <= ms(until));
}

interface TestSource extends OaiSource {
  records: OaiRecord[];
  calls: { listRecords: number };
}

function memorySource(records: OaiRecord[], sets: OaiSet[] = SETS): TestSource {
  const sorted = [...records].sort(compare);
  const calls = { listRecords: 0 };
  return {
    records: sorted,
    calls,
    repositoryName: 'Mosaic knowledge library <test> & co',
    baseUrl: 'https://mosaic.example.org/oai',
    adminEmails: ['library@mosaic.example.org', 'not an address'],
    identifierPrefix: PREFIX,
    earliestDatestamp: async () => sorted[0]?.datestamp ?? '2023-01-01T00:00:00.000Z',
    listSets: async () => sets,
    listRecords: async ({ from, until, set, after, limit }) => {
      calls.listRecords++;
      return sorted
        .filter((r) => inSet(r, set) && inRange(r, from, until))
        .filter((r) => !after || ms(r.datestamp) > ms(after.datestamp) || (ms(r.datestamp) === ms(after.datestamp) && r.id > after.id))
        .slice(0, limit);
    },
    countRecords: async ({ from, until, set }) => sorted.filter((r) => inSet(r, set) && inRange(r, from, until)).length,
    getRecord: async (id) => sorted.find((r) => r.id === id) ?? null,
  };
}

const NOW = new Date('2025-06-01T12:00:00.000Z');
const OPTIONS: OaiOptions = { pageSize: 17, tokenSecret: 'test-secret-for-resumption-tokens', now: () => NOW };

// ---------------------------------------------------------------------------------------------
// Reading responses (our own output, so a few patterns suffice)

function unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|amp|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'amp' ? '&' : String.fromCodePoint(Number(e.slice(1))));
}

function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = unescape(m[2]!);
  return out;
}

function errorCodes(xml: string): string[] {
  return [...xml.matchAll(/<error code="(\w+)"/g)].map((m) => m[1]!);
}

function requestAttrs(xml: string): Record<string, string> {
  const m = /<request([^>]*)>/.exec(xml);
  assert.ok(m, 'request element');
  return attrsOf(m[1]!);
}

function identifiers(xml: string): string[] {
  return [...xml.matchAll(/<identifier>([^<]*)<\/identifier>/g)].map((m) => unescape(m[1]!));
}

interface Token { value: string; attrs: Record<string, string> }

function resumptionToken(xml: string): Token | null {
  const m = /<resumptionToken([^>]*?)(?:\/>|>([^<]*)<\/resumptionToken>)/.exec(xml);
  return m ? { value: m[2] ?? '', attrs: attrsOf(m[1]!) } : null;
}

// Every response a test produces is validated against the schemas when the test ends, in one
// libxml2 run (starting it per document would make this file slow).
const pending: string[] = [];

afterEach(async () => {
  const docs = pending.splice(0);
  const errors = await oaiSchemaErrors(docs);
  if (errors.length > 0) {
    const bad = Number(/response-(\d+)\.xml/.exec(errors[0]!)?.[1] ?? 0);
    assert.fail(`schema errors:\n${errors.slice(0, 10).join('\n')}\nin:\n${docs[bad]?.slice(0, 3000)}`);
  }
});

async function oai(params: Record<string, string | string[] | undefined>, source: OaiSource = memorySource(makeRecords(250)), options: OaiOptions = OPTIONS): Promise<string> {
  const xml = await handleOai(params, source, options);
  pending.push(xml);
  return xml;
}

async function expectError(params: Record<string, string | string[] | undefined>, code: string, source?: OaiSource, options?: OaiOptions): Promise<string> {
  const xml = await oai(params, source, options);
  assert.ok(errorCodes(xml).includes(code), `expected ${code}, got ${errorCodes(xml).join(', ') || 'no error'}:\n${xml}`);
  return xml;
}

/** Follows resumption tokens to the end; returns the pages. */
async function harvest(verb: 'ListRecords' | 'ListIdentifiers', first: Record<string, string>, source: OaiSource): Promise<string[]> {
  const pages: string[] = [];
  let xml = await oai({ verb, ...first }, source);
  pages.push(xml);
  for (let token = resumptionToken(xml); token && token.value !== ''; token = resumptionToken(xml)) {
    xml = await oai({ verb, resumptionToken: token.value }, source);
    pages.push(xml);
    assert.ok(pages.length < 100, 'harvest does not end');
  }
  return pages;
}

const source = memorySource(makeRecords(250));
const live = source.records.find((r) => !r.deleted)!;
const gone = source.records.find((r) => r.deleted)!;

// ---------------------------------------------------------------------------------------------

describe('OAI-PMH verbs', () => {
  test('Identify describes the repository and validates', async () => {
    const xml = await oai({ verb: 'Identify' }, source);
    assert.match(xml, /<repositoryName>Mosaic knowledge library &lt;test&gt; &amp; co<\/repositoryName>/);
    assert.match(xml, /<protocolVersion>2\.0<\/protocolVersion>/);
    assert.match(xml, /<deletedRecord>persistent<\/deletedRecord>/);
    assert.match(xml, /<granularity>YYYY-MM-DDThh:mm:ssZ<\/granularity>/);
    assert.match(xml, /<earliestDatestamp>2023-01-01T00:00:00Z<\/earliestDatestamp>/);
    assert.match(xml, /<adminEmail>library@mosaic\.example\.org<\/adminEmail>/);
    assert.doesNotMatch(xml, /not an address/);
    assert.match(xml, /<responseDate>2025-06-01T12:00:00Z<\/responseDate>/);
    assert.deepEqual(requestAttrs(xml), { verb: 'Identify' });
  });

  test('ListMetadataFormats offers oai_dc, for the repository and for an item', async () => {
    const xml = await oai({ verb: 'ListMetadataFormats' }, source);
    assert.match(xml, /<metadataPrefix>oai_dc<\/metadataPrefix>/);
    assert.match(xml, /<schema>http:\/\/www\.openarchives\.org\/OAI\/2\.0\/oai_dc\.xsd<\/schema>/);
    const forItem = await oai({ verb: 'ListMetadataFormats', identifier: PREFIX + live.id }, source);
    assert.match(forItem, /<metadataPrefix>oai_dc<\/metadataPrefix>/);
    assert.equal(requestAttrs(forItem).identifier, PREFIX + live.id);
  });

  test('ListMetadataFormats: unknown item → idDoesNotExist; deleted item → noMetadataFormats', async () => {
    await expectError({ verb: 'ListMetadataFormats', identifier: `${PREFIX}nope` }, 'idDoesNotExist', source);
    await expectError({ verb: 'ListMetadataFormats', identifier: `oai:elsewhere.org:${live.id}` }, 'idDoesNotExist', source);
    await expectError({ verb: 'ListMetadataFormats', identifier: PREFIX + gone.id }, 'noMetadataFormats', source);
  });

  test('ListSets lists the sets with their descriptions as oai_dc', async () => {
    const xml = await oai({ verb: 'ListSets' }, source);
    const specs = [...xml.matchAll(/<setSpec>([^<]*)<\/setSpec>/g)].map((m) => m[1]);
    assert.deepEqual(specs, SETS.map((s) => s.spec));
    assert.match(xml, /<setName>ສປປ ລາວ<\/setName>/);
    assert.match(xml, /<setDescription>\s*<oai_dc:dc[^>]*>\s*<dc:description>Ўзбекистон Республикаси<\/dc:description>/);
  });

  test('ListSets: no sets → noSetHierarchy; a resumption token → badResumptionToken', async () => {
    await expectError({ verb: 'ListSets' }, 'noSetHierarchy', memorySource(makeRecords(5), []));
    await expectError({ verb: 'ListSets', resumptionToken: 'abc.def' }, 'badResumptionToken', source);
  });

  test('GetRecord returns the record in oai_dc, escaped, with languages and without illegal characters', async () => {
    const xml = await oai({ verb: 'GetRecord', identifier: PREFIX + live.id, metadataPrefix: 'oai_dc' }, source);
    assert.deepEqual(requestAttrs(xml), { verb: 'GetRecord', identifier: PREFIX + live.id, metadataPrefix: 'oai_dc' });
    assert.match(xml, /<dc:title xml:lang="en">Record \d+: culture &lt;policy&gt; &amp; "law"<\/dc:title>/);
    assert.match(xml, /<dc:title xml:lang="lo">ນະໂຍບາຍວັດທະນະທຳ \d+<\/dc:title>/);
    assert.match(xml, /<dc:title xml:lang="ru">Культурная политика \d+<\/dc:title>/);
    assert.match(xml, /<dc:title xml:lang="uz-Cyrl">Маданият сиёсати \d+<\/dc:title>/);
    assert.match(xml, /<dc:description>Bell and null are stripped; tab\tand newline\nstay\. \d+<\/dc:description>/);
    // A language that is not a BCP 47 tag is dropped, the value kept; blank values are not written.
    assert.match(xml, /<dc:coverage>(LA|UZ|RW)<\/dc:coverage>/);
    assert.doesNotMatch(xml, /<dc:subject/);
    // Only well-formed setSpecs reach the header.
    assert.doesNotMatch(xml, /bad spec/);
    assert.match(xml, /<setSpec>country:(LA|UZ|RW)<\/setSpec>/);
    // Elements come in the DCMI order (title before creator before type before identifier).
    assert.ok(xml.indexOf('<dc:title') < xml.indexOf('<dc:creator') && xml.indexOf('<dc:type') < xml.indexOf('<dc:identifier'));
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  test('GetRecord of a deleted record: header with status="deleted", no metadata', async () => {
    const xml = await oai({ verb: 'GetRecord', identifier: PREFIX + gone.id, metadataPrefix: 'oai_dc' }, source);
    assert.match(xml, /<header status="deleted">/);
    assert.doesNotMatch(xml, /<metadata>/);
  });

  test('GetRecord errors: unknown id, unknown format, both at once', async () => {
    await expectError({ verb: 'GetRecord', identifier: `${PREFIX}missing`, metadataPrefix: 'oai_dc' }, 'idDoesNotExist', source);
    await expectError({ verb: 'GetRecord', identifier: PREFIX + live.id, metadataPrefix: 'marc21' }, 'cannotDisseminateFormat', source);
    const both = await oai({ verb: 'GetRecord', identifier: `${PREFIX}missing`, metadataPrefix: 'marc21' }, source);
    assert.deepEqual(errorCodes(both).sort(), ['cannotDisseminateFormat', 'idDoesNotExist']);
  });

  test('the request element echoes only arguments its schema accepts', async () => {
    const xml = await expectError({ verb: 'GetRecord', identifier: 'not a uri', metadataPrefix: 'oai_dc' }, 'idDoesNotExist', source);
    assert.deepEqual(requestAttrs(xml), { verb: 'GetRecord', metadataPrefix: 'oai_dc' });
  });

  test('ListRecords and ListIdentifiers: the first page validates and carries a token', async () => {
    for (const verb of ['ListRecords', 'ListIdentifiers'] as const) {
      const xml = await oai({ verb, metadataPrefix: 'oai_dc' }, source);
      assert.equal(identifiers(xml).length, 17);
      const token = resumptionToken(xml);
      assert.ok(token && token.value.length > 0);
      assert.equal(token.attrs.cursor, '0');
      assert.equal(token.attrs.completeListSize, '250');
      assert.equal(token.attrs.expirationDate, '2025-06-02T12:00:00Z');
      assert.equal(verb === 'ListRecords', xml.includes('<metadata>'));
    }
  });

  test('a list that fits in one page has no resumption token', async () => {
    const small = memorySource(makeRecords(10));
    const xml = await oai({ verb: 'ListRecords', metadataPrefix: 'oai_dc' }, small);
    assert.equal(identifiers(xml).length, 10);
    assert.equal(resumptionToken(xml), null);
    assert.equal((xml.match(/<header status="deleted">/g) ?? []).length, 1);
  });
});

describe('OAI-PMH paging', () => {
  for (const verb of ['ListRecords', 'ListIdentifiers'] as const) {
    test(`${verb} with pageSize 17 returns every record exactly once, in order, with cursors`, async () => {
      const src = memorySource(makeRecords(250));
      const pages = await harvest(verb, { metadataPrefix: 'oai_dc' }, src);
      assert.equal(pages.length, Math.ceil(250 / 17));
      const seen = pages.flatMap(identifiers);
      assert.deepEqual(seen, src.records.map((r) => PREFIX + r.id));
      assert.equal(new Set(seen).size, 250);
      pages.forEach((page, i) => {
        const token = resumptionToken(page);
        assert.ok(token, `page ${i} has a token element`);
        assert.equal(token.attrs.cursor, String(i * 17));
        assert.equal(token.attrs.completeListSize, '250');
        if (i === pages.length - 1) {
          assert.equal(token.value, '', 'the last page has an empty token');
          assert.equal(token.attrs.expirationDate, undefined);
          assert.equal(identifiers(page).length, 250 - 17 * (pages.length - 1));
        } else {
          assert.notEqual(token.value, '');
        }
        if (i > 0) assert.deepEqual(Object.keys(requestAttrs(page)).sort(), ['resumptionToken', 'verb']);
      });
      const deleted = pages.map((p) => (p.match(/<header status="deleted">/g) ?? []).length).reduce((a, b) => a + b, 0);
      assert.equal(deleted, 25);
    });
  }

  test('a token keeps the original arguments (set and range)', async () => {
    const src = memorySource(makeRecords(250));
    const pages = await harvest('ListIdentifiers', { metadataPrefix: 'oai_dc', set: 'country:UZ', from: '2023-01-10' }, src);
    const expected = src.records.filter((r) => inSet(r, 'country:UZ') && ms(r.datestamp) >= Date.parse('2023-01-10T00:00:00Z'));
    assert.ok(pages.length > 1);
    assert.deepEqual(pages.flatMap(identifiers), expected.map((r) => PREFIX + r.id));
    assert.equal(resumptionToken(pages[0]!)!.attrs.completeListSize, String(expected.length));
  });
});

describe('OAI-PMH selective harvesting', () => {
  const cases: { name: string; args: Record<string, string>; from?: string; until?: string }[] = [
    { name: 'from and until as days (until includes the whole day)', args: { from: '2023-01-05', until: '2023-01-20' }, from: '2023-01-05T00:00:00.000Z', until: '2023-01-20T23:59:59.999Z' },
    { name: 'from and until to the second', args: { from: '2023-01-05T07:00:00Z', until: '2023-01-20T14:00:00Z' }, from: '2023-01-05T07:00:00.000Z', until: '2023-01-20T14:00:00.999Z' },
    { name: 'from alone', args: { from: '2023-01-15' }, from: '2023-01-15T00:00:00.000Z' },
    { name: 'until alone, to the second', args: { until: '2023-01-03T21:00:00Z' }, until: '2023-01-03T21:00:00.999Z' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const src = memorySource(makeRecords(250));
      const pages = await harvest('ListIdentifiers', { metadataPrefix: 'oai_dc', ...c.args }, src);
      const expected = src.records.filter((r) => inRange(r, c.from, c.until)).map((r) => PREFIX + r.id);
      assert.ok(expected.length > 0 && expected.length < 250);
      assert.deepEqual(pages.flatMap(identifiers), expected);
      assert.deepEqual(requestAttrs(pages[0]!), { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', ...c.args });
    });
  }

  test('a record stamped within the until second is included (stored milliseconds)', async () => {
    // Odd records are stamped 250 ms after the hour.
    const src = memorySource(makeRecords(30));
    const r = src.records.find((x) => x.datestamp.endsWith(':00:00.250Z'))!;
    const second = `${r.datestamp.slice(0, 19)}Z`;
    const xml = await oai({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', from: second, until: second }, src);
    assert.ok(identifiers(xml).includes(PREFIX + r.id));
  });

  test('set filtering, including a parent set', async () => {
    for (const set of ['country:LA', 'type:law', 'country']) {
      const src = memorySource(makeRecords(250));
      const pages = await harvest('ListRecords', { metadataPrefix: 'oai_dc', set }, src);
      const expected = src.records.filter((r) => inSet(r, set)).map((r) => PREFIX + r.id);
      assert.deepEqual(pages.flatMap(identifiers), expected, set);
      for (const page of pages) {
        for (const header of page.match(/<header[\s\S]*?<\/header>/g) ?? []) {
          assert.ok(header.includes(`<setSpec>${set}`), `${set} in ${header}`);
        }
      }
    }
  });

  test('noRecordsMatch for an empty range and for an unknown set', async () => {
    await expectError({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2030-01-01' }, 'noRecordsMatch', source);
    await expectError({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', until: '2000-01-01T00:00:00Z' }, 'noRecordsMatch', source);
    const xml = await expectError({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'country:FR' }, 'noRecordsMatch', source);
    assert.equal(requestAttrs(xml).set, 'country:FR');
  });

  test('noSetHierarchy when the repository has no sets', async () => {
    await expectError({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'country' }, 'noSetHierarchy', memorySource(makeRecords(5), []));
  });

  test('cannotDisseminateFormat for another metadata format', async () => {
    for (const verb of ['ListRecords', 'ListIdentifiers']) {
      await expectError({ verb, metadataPrefix: 'oai_marc' }, 'cannotDisseminateFormat', source);
    }
  });
});

describe('OAI-PMH argument errors', () => {
  const noAttributes = async (params: Record<string, string | string[] | undefined>, code: string): Promise<void> => {
    const xml = await expectError(params, code, source);
    assert.deepEqual(requestAttrs(xml), {}, 'a badVerb/badArgument response echoes no arguments');
    assert.match(xml, /<request>https:\/\/mosaic\.example\.org\/oai<\/request>/);
  };

  test('badVerb: missing, unknown, repeated', async () => {
    await noAttributes({}, 'badVerb');
    await noAttributes({ verb: 'ListEverything' }, 'badVerb');
    await noAttributes({ verb: 'toString' }, 'badVerb');
    await noAttributes({ verb: ['Identify', 'Identify'] }, 'badVerb');
  });

  test('badArgument: illegal, missing, repeated and empty arguments', async () => {
    await noAttributes({ verb: 'Identify', identifier: `${PREFIX}x` }, 'badArgument');
    await noAttributes({ verb: 'ListSets', set: 'country' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords' }, 'badArgument');
    await noAttributes({ verb: 'ListIdentifiers', from: '2023-01-01' }, 'badArgument');
    await noAttributes({ verb: 'GetRecord', identifier: PREFIX + live.id }, 'badArgument');
    await noAttributes({ verb: 'GetRecord', metadataPrefix: 'oai_dc' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: ['oai_dc', 'oai_dc'] }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: '' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', 'x<y': '1' }, 'badArgument');
  });

  test('badArgument: resumptionToken is exclusive', async () => {
    const first = await oai({ verb: 'ListRecords', metadataPrefix: 'oai_dc' }, source);
    const token = resumptionToken(first)!.value;
    await noAttributes({ verb: 'ListRecords', resumptionToken: token, metadataPrefix: 'oai_dc' }, 'badArgument');
    await noAttributes({ verb: 'ListIdentifiers', resumptionToken: token, set: 'country' }, 'badArgument');
  });

  test('badArgument: illegal syntax of metadataPrefix, set, from and until', async () => {
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai dc' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'country::LA' }, 'badArgument');
    for (const bad of ['2023-1-5', '2023-02-30', '2023-01-05T25:00:00Z', '2023-01-05T10:00:00', '2023-01-05T10:00Z', '2023-01-05T10:00:00.000Z', '2023-01-05T10:00:00+01:00', 'yesterday']) {
      await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: bad }, 'badArgument');
      await noAttributes({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', until: bad }, 'badArgument');
    }
  });

  test('badArgument: from and until of different granularities, or from after until', async () => {
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2023-01-01', until: '2023-02-01T00:00:00Z' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2023-02-02', until: '2023-02-01' }, 'badArgument');
    await noAttributes({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2023-02-01T00:00:01Z', until: '2023-02-01T00:00:00Z' }, 'badArgument');
    // The same instant at both ends is a legal (one-second) range.
    const xml = await oai({ verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2023-01-01T00:00:00Z', until: '2023-01-01T00:00:00Z' }, source);
    const expected = source.records.filter((r) => r.datestamp.startsWith('2023-01-01T00:00:00.')).map((r) => PREFIX + r.id);
    assert.ok(expected.length > 1);
    assert.deepEqual(identifiers(xml), expected);
  });
});

describe('OAI-PMH resumption tokens', () => {
  async function firstToken(verb: 'ListRecords' | 'ListIdentifiers' = 'ListRecords', options: OaiOptions = OPTIONS): Promise<string> {
    const xml = await oai({ verb, metadataPrefix: 'oai_dc' }, source, options);
    return resumptionToken(xml)!.value;
  }

  test('a tampered token is refused', async () => {
    const token = await firstToken();
    const [payload, mac] = token.split('.') as [string, string];
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { cursor: number; exp: number };
    state.cursor = 0;
    state.exp += 365 * 24 * 3_600_000;
    const forged = `${Buffer.from(JSON.stringify(state)).toString('base64url')}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [forged, flipped, `${payload}x.${mac}`, 'garbage', '', '..', `${payload}.${mac}.${mac}`, 'a.b']) {
      if (bad === '') continue; // an empty argument is a badArgument, tested above
      const xml = await expectError({ verb: 'ListRecords', resumptionToken: bad }, 'badResumptionToken', source);
      assert.deepEqual(requestAttrs(xml), { verb: 'ListRecords', resumptionToken: bad });
    }
  });

  test('a token signed with another secret is refused', async () => {
    const token = await firstToken('ListRecords', { ...OPTIONS, tokenSecret: 'another-secret' });
    await expectError({ verb: 'ListRecords', resumptionToken: token }, 'badResumptionToken', source);
  });

  test('an expired token is refused; a fresh one is accepted', async () => {
    const token = await firstToken();
    const later = (hours: number): OaiOptions => ({ ...OPTIONS, now: () => new Date(NOW.getTime() + hours * 3_600_000) });
    const ok = await oai({ verb: 'ListRecords', resumptionToken: token }, source, later(23));
    assert.equal(errorCodes(ok).length, 0);
    await expectError({ verb: 'ListRecords', resumptionToken: token }, 'badResumptionToken', source, later(24));
    const short = await firstToken('ListRecords', { ...OPTIONS, tokenTtlHours: 1 });
    await expectError({ verb: 'ListRecords', resumptionToken: short }, 'badResumptionToken', source, later(2));
  });

  test('a token is bound to its verb', async () => {
    const token = await firstToken('ListIdentifiers');
    await expectError({ verb: 'ListRecords', resumptionToken: token }, 'badResumptionToken', source);
  });
});

describe('OAI-PMH robustness', () => {
  test('hostile values in every field still give a valid document', async () => {
    const dc = emptyDc();
    const nasty = '<![CDATA[x]]> ]]> </metadata> &amp; &#0; \u0001\u0008\u000B\u000C\u001F\u007F\u0085\uFFFE\uFFFF \uD800 lone \uDC00 ok 😀 \r\n';
    for (const key of Object.keys(dc) as (keyof DublinCore)[]) dc[key].push(nasty, { value: nasty, lang: 'lo' });
    const record: OaiRecord = { id: 'evil"<id>&', datestamp: '2024-01-01T00:00:00Z', deleted: false, sets: ['ok', '<bad>'], dc };
    const src = memorySource([record], [{ spec: 'ok', name: nasty, description: nasty }]);
    const get = await oai({ verb: 'GetRecord', identifier: `${PREFIX}evil"<id>&`, metadataPrefix: 'oai_dc' }, src);
    // The local id is percent-encoded into a valid identifier, and decoded back on the way in.
    assert.deepEqual(identifiers(get), [`${PREFIX}evil%22%3Cid%3E&`]);
    const again = await oai({ verb: 'GetRecord', identifier: `${PREFIX}evil%22%3Cid%3E&`, metadataPrefix: 'oai_dc' }, src);
    assert.equal(errorCodes(again).length, 0);
    assert.match(get, /😀/);
    assert.match(get, /&#13;/);
    await oai({ verb: 'ListRecords', metadataPrefix: 'oai_dc' }, src);
    await oai({ verb: 'ListSets' }, src);
  });

  test('a datestamp the source cannot have written is a programming error, not XML', async () => {
    const src = memorySource([{ id: 'x', datestamp: 'not a date', deleted: true, sets: [], dc: null }]);
    await assert.rejects(handleOai({ verb: 'GetRecord', identifier: `${PREFIX}x`, metadataPrefix: 'oai_dc' }, src, OPTIONS), TypeError);
  });

  test('options are checked', async () => {
    await assert.rejects(handleOai({ verb: 'Identify' }, source, { ...OPTIONS, tokenSecret: '' }), TypeError);
    await assert.rejects(handleOai({ verb: 'Identify' }, source, { ...OPTIONS, pageSize: 0 }), TypeError);
  });
});
