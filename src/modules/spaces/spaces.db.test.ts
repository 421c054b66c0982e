import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import { textFor } from '../../platform/i18n/content.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { getSpace, listMembers, listRegions, listSpaces, rolesOfUser, seedSpaces, setRole } from './spaces.service.js';

const actor = { userId: null, label: 'test' };
let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => tdb.cleanup());

test('the three countries are seeded once with their first-level regions', async () => {
  assert.equal(await seedSpaces(tdb.handle.db), 0, 'seeding again adds nothing');
  const spaces = await listSpaces(tdb.handle.db);
  assert.deepEqual(spaces.map((s) => s.code), ['LA', 'RW', 'UZ']);
  const counts = Object.fromEntries(await Promise.all(spaces.map(async (s) => [s.code, (await listRegions(tdb.handle.db, s.id)).length])));
  assert.deepEqual(counts, { LA: 18, RW: 5, UZ: 14 });
});

test('space codes are case-insensitive; unknown codes are NOT_FOUND', async () => {
  assert.equal((await getSpace(tdb.handle.db, 'la')).code, 'LA');
  assert.equal((await getSpace(tdb.handle.db, ' Uz ')).code, 'UZ');
  await assert.rejects(getSpace(tdb.handle.db, 'FR'), { code: 'NOT_FOUND' });
  await assert.rejects(getSpace(tdb.handle.db, 'LAO'), { code: 'NOT_FOUND' });
});

test('region names come in each script, stored exactly as written', async () => {
  const uz = await getSpace(tdb.handle.db, 'UZ');
  const fergana = (await listRegions(tdb.handle.db, uz.id)).find((r) => r.code === 'UZ-FA')!;
  assert.equal(textFor(fergana.name, 'uz-Latn'), 'Fargʻona viloyati');
  assert.equal(textFor(fergana.name, 'uz-Cyrl'), 'Фарғона вилояти');
  assert.equal(textFor(fergana.name, 'ru'), 'Ферганская область');
  const la = await getSpace(tdb.handle.db, 'LA');
  const capital = (await listRegions(tdb.handle.db, la.id)).find((r) => r.code === 'LA-VT')!;
  assert.equal(textFor(capital.name, 'lo'), 'ນະຄອນຫຼວງວຽງຈັນ');
  assert.equal(capital.type, 'capital');
  assert.equal(textFor(capital.name, 'rw'), 'Vientiane Capital', 'Kinyarwanda falls back to English');
});

test('roles are set, changed and removed with audit rows; only admins may manage members', async () => {
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } });
  const rw = await getSpace(tdb.handle.db, 'rw');
  const { id: userId } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: 'aline@example.org', displayName: 'Aline', locale: 'rw' }, actor));
  await tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, null, rw.id, userId, 'editor'));
  assert.equal((await rolesOfUser(tdb.handle.db, userId)).get(rw.id), 'editor');
  await tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, null, rw.id, userId, 'visitor'));
  assert.equal((await rolesOfUser(tdb.handle.db, userId)).has(rw.id), false);
  const { rows } = await listAudit(tdb.handle.db, { entityId: userId, action: 'membership.set_role', limit: 10, offset: 0 });
  assert.deepEqual(rows.map((r) => [r.before?.role, r.after?.role]), [['editor', 'visitor'], ['visitor', 'editor']]);

  const editor: Principal = { userId: 'e', isPlatformAdmin: false, roles: new Map([[rw.id, 'editor']]) };
  await assert.rejects(tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, editor, rw.id, userId, 'admin')), { code: 'FORBIDDEN' });
  await assert.rejects(listMembers(tdb.handle.db, ANONYMOUS, rw), { code: 'UNAUTHENTICATED' });
  await assert.rejects(tdb.handle.db.transaction().execute((trx) => setRole(trx, actor, null, rw.id, userId, 'owner')), { code: 'VALIDATION' });
});
