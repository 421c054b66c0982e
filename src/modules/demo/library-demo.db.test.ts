import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import { localFileStore } from '../../platform/files/store.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { createFilesService, EXTRACT_JOB, type FilesService } from '../library/files.service.js';
import { externalIdsWithPrefix } from '../library/library.repository.js';
import { searchLibrary } from '../library/library.search.js';
import { createLibraryService, type LibraryService } from '../library/library.service.js';
import { getSpace } from '../spaces/spaces.service.js';
import { LIBRARY_DEMO_COUNTRIES, LIBRARY_DEMO_YEARS, libraryDemoRecords, loadLibraryDemo } from './library-demo.js';

let tdb: TestDatabase;
let dir: string;
let library: LibraryService;
let files: FilesService;
const actor = { userId: null, label: 'cli' };
const space: Record<string, string> = {};
const admin = (code: string): Principal => ({ userId: 'demo-admin', isPlatformAdmin: false, roles: new Map([[space[code]!, 'admin']]) });
let added = 0;

async function hits(q: string, code: string): Promise<string[]> {
  return (await searchLibrary(tdb.handle.db, library, ANONYMOUS, { q, spaceIds: [space[code]!], filters: {}, sort: 'relevance', limit: 50, offset: 0 })).ids;
}

before(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-library-demo-'));
  library = createLibraryService({ db: tdb.handle.db });
  files = createFilesService({ db: tdb.handle.db, library, store: localFileStore(dir), maxUploadBytes: 50 * 1024 * 1024 });
  for (const code of ['LA', 'UZ', 'RW']) {
    space[code] = (await getSpace(tdb.handle.db, code)).id;
    added += await loadLibraryDemo(tdb.handle.db, library, files, code, space[code]!, admin(code), actor);
  }
  const handlers = new Map([[EXTRACT_JOB, async (p: Record<string, unknown>) => files.runExtraction(String(p.versionId))]]);
  while ((await runDueJobs(tdb.handle.db, handlers, 'test', { limit: 50 })) > 0);
});
after(async () => {
  await tdb.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('library demo', () => {
  test('a few dozen resources per country, with files, stable ids and a collection', async () => {
    for (const country of LIBRARY_DEMO_COUNTRIES) {
      const ids = await externalIdsWithPrefix(tdb.handle.db, space[country.code]!, `demo-${country.code}-res-`);
      assert.equal(ids.size, country.themes.length * LIBRARY_DEMO_YEARS.length, country.code);
      assert.ok(ids.size >= 24);
      assert.equal((await library.listCollections(ANONYMOUS, [space[country.code]!])).length, 1);
    }
    const versions = await tdb.handle.db.selectFrom('resource_file_versions').select(['extract_status', 'media_type']).execute();
    assert.ok(versions.length >= 60, `${versions.length} file versions`);
    assert.deepEqual([...new Set(versions.map((v) => v.extract_status))], ['done'], 'every generated file was read');
    assert.ok(versions.some((v) => v.media_type.includes('wordprocessingml')));
    assert.ok(added >= 72 + 60, `added ${added}`);
  });

  test('loading again adds nothing', async () => {
    let again = 0;
    for (const code of ['LA', 'UZ', 'RW']) again += await loadLibraryDemo(tdb.handle.db, library, files, code, space[code]!, admin(code), actor);
    assert.equal(again, 0);
  });

  test('their text is searchable: Lao in a PDF page, Uzbek Cyrillic in a DOCX by a Latin word, French without accents', async () => {
    const lao = await hits('ແມ່ຍິງ', 'LA');
    assert.equal(lao.length, 3, 'the three editions of the survey');
    const found = await searchLibrary(tdb.handle.db, library, ANONYMOUS, { q: 'ແມ່ຍິງ', spaceIds: [space.LA!], filters: {}, sort: 'relevance', limit: 10, offset: 0 });
    assert.equal(found.total, 3);
    assert.ok([...found.hits.values()].every((h) => h.source?.page === 3), 'the sentence is on page 3 (after the cover page)');
    const cyrillic = await hits('suzana', 'UZ');
    assert.equal(cyrillic.length, LIBRARY_DEMO_YEARS.length, 'the export guide, written in Cyrillic');
    const french = await hits('photographier reseaux', 'RW');
    assert.equal(french.length, LIBRARY_DEMO_YEARS.length);
  });

  test('the records are deterministic, with members-only and draft resources among them', () => {
    const records = libraryDemoRecords(LIBRARY_DEMO_COUNTRIES[0]!);
    assert.deepEqual(records, libraryDemoRecords(LIBRARY_DEMO_COUNTRIES[0]!));
    assert.ok(records.some((r) => r.input.access === 'members'));
    assert.ok(records.some((r) => r.input.status === 'draft'));
  });
});
