import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { ANONYMOUS } from '../../platform/auth/policy.js';
import { localFileStore } from '../../platform/files/store.js';
import { translator } from '../../platform/i18n/messages.js';
import { readSpreadsheet } from '../directory/import/parse.js';
import { getSpace, type Space } from '../spaces/spaces.service.js';
import { createFilesService, type FilesService } from './files.service.js';
import { importResources, resourceReportCsv } from './import.js';
import { searchLibrary } from './library.search.js';
import { createLibraryService, type LibraryService } from './library.service.js';

let tdb: TestDatabase;
let dir: string;
let library: LibraryService;
let files: FilesService;
let la: Space;

const CSV = [
  'external_id,type,title_en,title_lo,abstract_en,creators,date,domains,isbn,doi,sdgs,access,file,notes',
  'cat-001,report,Handicraft census,ສຳມະໂນຊ່າງຫັດຖະກຳ,Counts of artisans by province.,Ministry of Culture; Statistics Bureau,2021,C,978-0-306-40615-7,,8.3,public,census.txt,kept aside',
  ',policy,Film policy,,,,2020,E,,10.1000/film.2020,,members,,',
  'cat-003,poem,Bad row,,,,2020-13,,,,99,,,',
  'cat-001,report,Repeated,,,,,,,,,,,',
].join('\n');

async function run(text: string, dryRun = false) {
  const sheet = await readSpreadsheet(Buffer.from(text));
  return importResources({ db: tdb.handle.db, library, files }, { sheet, space: la, filesFolder: dir, dryRun });
}

before(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-library-import-'));
  writeFileSync(path.join(dir, 'census.txt'), 'Weavers and potters were counted in every province.\n');
  library = createLibraryService({ db: tdb.handle.db });
  files = createFilesService({ db: tdb.handle.db, library, store: localFileStore(path.join(dir, 'store')), maxUploadBytes: 1024 * 1024 });
  la = await getSpace(tdb.handle.db, 'LA');
});
after(async () => {
  await tdb.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('resource import', () => {
  test('a dry run checks every row and writes nothing', async () => {
    const result = await run(CSV, true);
    assert.deepEqual([result.imported, result.updated, result.rejected], [2, 0, 2]);
    assert.equal((await searchLibrary(tdb.handle.db, library, ANONYMOUS, { q: '', filters: {}, sort: 'date', limit: 10, offset: 0 })).total, 0);
  });

  test('rows become resources; bad rows are reported by row and column; the named file is added', async () => {
    const result = await run(CSV);
    assert.deepEqual([result.total, result.imported, result.updated, result.rejected, result.files], [4, 2, 0, 2, 1]);
    assert.deepEqual(result.ignoredColumns, ['notes']);
    const report = resourceReportCsv(result, translator('en').t);
    assert.match(report, /^\uFEFF?row,column,reason/);
    assert.match(report, /\n4,type,/);
    assert.match(report, /\n4,date,/);
    assert.match(report, /\n4,sdgs,/);
    assert.match(report, /\n5,external_id,This identifier is on an earlier row/);
    const listed = await searchLibrary(tdb.handle.db, library, ANONYMOUS, { q: 'ສຳມະໂນ', filters: {}, sort: 'relevance', limit: 10, offset: 0 });
    assert.equal(listed.total, 1);
    const census = (await library.getResources(ANONYMOUS, listed.ids))[0]!;
    assert.deepEqual(census.creators.map((c) => c.name), ['Ministry of Culture', 'Statistics Bureau']);
    assert.equal((await files.filesOf(ANONYMOUS, [census])).get(census.id)!.length, 1);
    assert.equal((await searchLibrary(tdb.handle.db, library, ANONYMOUS, { q: 'film', filters: {}, sort: 'relevance', limit: 10, offset: 0 })).total, 0, 'a members’ resource');
  });

  test('importing again updates by external id or identifier: no duplicates, no second file', async () => {
    const again = await run(CSV.replace('Handicraft census', 'Handicraft census (revised)').replace('Film policy', 'Film policy (revised)'));
    assert.deepEqual([again.imported, again.updated, again.rejected, again.files], [0, 2, 2, 0]);
    const all = await searchLibrary(tdb.handle.db, library, { userId: 'x', isPlatformAdmin: true, roles: new Map() }, { q: '', filters: {}, sort: 'date', limit: 10, offset: 0 });
    assert.equal(all.total, 2);
    const titles = (await library.getResources({ userId: 'x', isPlatformAdmin: true, roles: new Map() }, all.ids)).map((r) => r.title.en?.value).sort();
    assert.deepEqual(titles, ['Film policy (revised)', 'Handicraft census (revised)']);
  });
});
