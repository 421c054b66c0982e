import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Principal } from '../../platform/auth/policy.js';
import { getSpace } from '../spaces/spaces.service.js';
import { makePdf } from './demo-files/index.js';
import { oaiSchemaErrors } from '../../../test/fixtures/oai/validate.js';

let t: TestApp;
const actor = { userId: 'editor', label: 'editor@example.org' };
const ids: Record<string, string> = {};
let visitor: Client;

before(async () => {
  t = await createTestApp();
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
  const la = (await getSpace(t.app.mosaic.db, 'LA')).id;
  const editor: Principal = { userId: 'editor', isPlatformAdmin: false, roles: new Map([[la, 'admin']]) };
  const { library, files } = t.app.mosaic;
  ids.report = (await library.createResource(editor, la, { type: 'report', title: { en: 'Weaving report', lo: 'ບົດລາຍງານການທໍຜ້າ' }, abstract: { en: 'Silk in the north.' }, date: '2022-03', creators: [{ name: 'Ministry of Culture' }], licence: 'CC-BY-4.0', keywords: ['silk'] }, actor)).id;
  ids.stats = (await library.createResource(editor, la, { type: 'statistics', title: { en: 'Cinema admissions' }, abstract: { en: 'Tickets sold per year.' }, date: '2023', languages: ['lo', 'en'] }, actor)).id;
  await files.addFile(editor, ids.stats, { filename: 'admissions.csv', bytes: Buffer.from('year,tickets\n2023,120000\n'), label: 'Admissions' }, actor);
  await files.addFile(editor, ids.report, { filename: 'report.pdf', bytes: await makePdf({ title: 'Weaving', pages: ['Silk.'] }), label: null }, actor);
  ids.members = (await library.createResource(editor, la, { type: 'report', title: { en: 'Members budget' }, access: 'members' }, actor)).id;
  ids.gone = (await library.createResource(editor, la, { type: 'news', title: { en: 'Withdrawn clipping' } }, actor)).id;
  await library.deleteResource(editor, ids.gone, actor);
  visitor = new Client(t.app);
});
after(async () => t.close());

describe('machine-readable library', () => {
  test('OAI-PMH: Identify, ListRecords with deletions and withheld records, sets, GetRecord, and POST', async () => {
    const identify = await visitor.get('/oai?verb=Identify');
    assert.equal(identify.statusCode, 200);
    assert.match(identify.headers['content-type'] as string, /^text\/xml/);
    assert.match(identify.body, /<deletedRecord>persistent<\/deletedRecord>/);
    const list = await visitor.get('/oai?verb=ListRecords&metadataPrefix=oai_dc');
    assert.match(list.body, /<dc:title xml:lang="en">Weaving report<\/dc:title>/);
    assert.match(list.body, /<dc:title xml:lang="lo">ບົດລາຍງານການທໍຜ້າ<\/dc:title>/);
    assert.match(list.body, /<dc:rights>https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/<\/dc:rights>/);
    assert.match(list.body, /<dc:format>application\/pdf<\/dc:format>/);
    assert.doesNotMatch(list.body, /Members budget|Withdrawn clipping/);
    assert.equal([...list.body.matchAll(/<header status="deleted">/g)].length, 2, 'the deleted and the members’ resource');
    const reports = await visitor.get('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:statistics');
    assert.equal([...reports.body.matchAll(/<header>/g)].length, 1);
    assert.ok(reports.body.includes(ids.stats!));
    const record = await visitor.get(`/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:${ids.report}`);
    assert.match(record.body, /<dc:creator>Ministry of Culture<\/dc:creator>/);
    const posted = await t.app.inject({ method: 'POST', url: '/oai', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'verb=ListSets' });
    assert.equal(posted.statusCode, 200);
    assert.match(posted.body, /<setSpec>country:LA<\/setSpec>/);
    // What the endpoint answers is valid against the official OAI-PMH and oai_dc schemas.
    assert.deepEqual(await oaiSchemaErrors([identify.body, list.body, reports.body, record.body, posted.body]), []);
  });

  test('the Atom feed, the DCAT catalogue and the sitemap list public resources only', async () => {
    const feed = await visitor.get('/library/feed.atom?space=LA');
    assert.match(feed.headers['content-type'] as string, /^application\/atom\+xml/);
    assert.match(feed.body, /<title type="text">Weaving report<\/title>/);
    assert.doesNotMatch(feed.body, /Members budget|Withdrawn/);
    const dcat = JSON.parse((await visitor.get('/library/dcat.jsonld')).body) as { '@graph': Record<string, unknown>[] };
    const datasets = dcat['@graph'].filter((n) => n['@type'] === 'dcat:Dataset');
    assert.equal(datasets.length, 1);
    assert.equal(datasets[0]!['dct:title'], 'Cinema admissions');
    assert.equal((datasets[0]!['dcat:distribution'] as Record<string, unknown>[]).length, 1);
    assert.match((await visitor.get('/robots.txt')).body, /^Sitemap: http:\/\/localhost:3000\/sitemap\.xml$/m);
    const sitemap = await visitor.get('/sitemap.xml');
    assert.match(sitemap.body, new RegExp(`<loc>http://localhost:3000/library/${ids.report}</loc>`));
    assert.match(sitemap.body, new RegExp(`hreflang="lo" href="http://localhost:3000/lo/library/${ids.report}"`));
    assert.doesNotMatch(sitemap.body, new RegExp(ids.members!));
  });

  test('a public resource page carries schema.org JSON-LD; a members’ page none', async () => {
    const page = await visitor.get(`/library/${ids.report}`);
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)?.[1];
    const data = JSON.parse(raw!) as Record<string, unknown>;
    assert.equal(data['@type'], 'Report');
    assert.equal(data.name, 'Weaving report');
    assert.equal(data.license, 'https://creativecommons.org/licenses/by/4.0/');
    const stats = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec((await visitor.get(`/library/${ids.stats}`)).body)![1]!) as Record<string, unknown>;
    assert.equal(stats['@type'], 'Dataset');
    const admin = new Client(t.app);
    await admin.submit('/login', { email: 'root@example.org', password: 'root-password-123' });
    assert.doesNotMatch((await admin.get(`/library/${ids.members}`)).body, /application\/ld\+json/);
  });
});
