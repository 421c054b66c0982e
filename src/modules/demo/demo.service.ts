/**
 * The demo dataset: realistic, multilingual records for Lao PDR, Uzbekistan and Rwanda, so a
 * new installation can be explored at once. Idempotent: loading twice adds nothing.
 * Each module adds its own demo records here as it is built. Demo people are fictitious;
 * their accounts have no password (they cannot sign in) and use example.org addresses.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { getSpace, seedSpaces, setRole } from '../spaces/spaces.service.js';

interface DemoPerson {
  email: string;
  name: string;
  locale: string;
  space: string;
  role: 'member' | 'editor' | 'admin';
}

/** Fictitious people of the three spaces, with names in the scripts their owners write. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { email: 'somphone.k@demo.example.org', name: 'ສົມພອນ ແກ້ວມະນີ', locale: 'lo', space: 'LA', role: 'admin' },
  { email: 'vanida.s@demo.example.org', name: 'ວັນນິດາ ສີສຸວັນ', locale: 'lo', space: 'LA', role: 'editor' },
  { email: 'khamla.p@demo.example.org', name: 'Khamla Phommachanh', locale: 'en', space: 'LA', role: 'member' },
  { email: 'noy.weaver@demo.example.org', name: 'ນ້ອຍ ພົມມະວົງ', locale: 'lo', space: 'LA', role: 'member' },
  { email: 'dilnoza.r@demo.example.org', name: 'Dilnoza Rahimova', locale: 'uz-Latn', space: 'UZ', role: 'admin' },
  { email: 'otabek.y@demo.example.org', name: 'Отабек Юсупов', locale: 'uz-Cyrl', space: 'UZ', role: 'editor' },
  { email: 'gulnora.t@demo.example.org', name: 'Gulnora Toʻxtayeva', locale: 'uz-Latn', space: 'UZ', role: 'member' },
  { email: 'sergey.kim@demo.example.org', name: 'Сергей Ким', locale: 'ru', space: 'UZ', role: 'member' },
  { email: 'aline.u@demo.example.org', name: 'Aline Uwase', locale: 'rw', space: 'RW', role: 'admin' },
  { email: 'jean.paul.n@demo.example.org', name: 'Jean-Paul Niyonzima', locale: 'fr', space: 'RW', role: 'editor' },
  { email: 'claudine.m@demo.example.org', name: 'Claudine Mukamana', locale: 'rw', space: 'RW', role: 'member' },
  { email: 'eric.h@demo.example.org', name: 'Eric Habimana', locale: 'en', space: 'RW', role: 'member' },
];

/** Loads the demo dataset; returns how many records were added. */
export async function loadDemoData(db: Db, accounts: AccountsService, actor: Actor): Promise<number> {
  await seedSpaces(db, actor);
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      const { id, created } = await accounts.ensureUser(trx, { email: person.email, displayName: person.name, locale: person.locale }, actor);
      if (!created) continue;
      const space = await getSpace(trx, person.space);
      await setRole(trx, actor, null, space.id, id, person.role);
      added++;
    }
  });
  return added;
}
