/**
 * The demo dataset: realistic, multilingual records for Lao PDR, Uzbekistan and Rwanda, so a
 * new installation can be explored at once. Idempotent: loading twice adds nothing (records carry
 * stable external ids such as demo-LA-org-001, and accounts are found by email).
 *
 * Everything is fictitious: accounts have no password (they cannot sign in) and use example.org
 * addresses; organisations and people are generated from word lists written for each country
 * (data/) with a seeded generator, so every installation gets the same records. They go through
 * the directory service, acting as each space's demo administrator, so they are validated,
 * audited and indexed like any other record.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { createDirectoryService, type DirectoryService, type PersonInput } from '../directory/directory.service.js';
import { loadDemoEvents } from './demo-events.js';
import type { FilesService } from '../library/files.service.js';
import { createLibraryService } from '../library/library.service.js';
import { getSpace, seedSpaces, setRole } from '../spaces/spaces.service.js';
import { loadLibraryDemo } from './library-demo.js';
import { generateCountry, type DemoOrg } from './wordlists/generate.js';
import { COUNTRIES } from './wordlists/index.js';
import type { CountryData } from './wordlists/types.js';
import { uzLatn } from './wordlists/uz.js';
import * as repo from './demo.repository.js';
import { loadDemoDiscussions } from './demo.discussions.js';
import { loadNewsDemo } from './news-demo.js';

interface DemoAccount {
  email: string;
  name: string;
  locale: string;
  space: string;
  role: 'member' | 'editor' | 'admin';
  /** Their own directory profile (created by themselves, so it is linked to the account). */
  profile: PersonInput & { joins?: string };
}

/** Fictitious people of the three spaces, with names in the scripts their owners write. */
export const DEMO_PEOPLE: DemoAccount[] = [
  {
    email: 'somphone.k@demo.example.org', name: 'ສົມພອນ ແກ້ວມະນີ', locale: 'lo', space: 'LA', role: 'admin',
    profile: { name: { lo: 'ສົມພອນ ແກ້ວມະນີ', en: 'Somphone Keomany' }, professions: ['ນັກຄົ້ນຄວ້າມໍລະດົກ', 'Heritage researcher'], domains: ['A', 'ICH'], regionCode: 'LA-VT', bio: { lo: 'ບັນທຶກມໍລະດົກທີ່ບໍ່ແມ່ນວັດຖຸ ຂອງບັນດາຊົນເຜົ່າລາວ.', en: 'Documents the intangible heritage of the peoples of Laos.' }, languages: ['lo', 'en', 'fr'] },
  },
  {
    email: 'vanida.s@demo.example.org', name: 'ວັນນິດາ ສີສຸວັນ', locale: 'lo', space: 'LA', role: 'editor',
    profile: { name: { lo: 'ວັນນິດາ ສີສຸວັນ' }, professions: ['ບັນນາທິການ'], domains: ['D'], regionCode: 'LA-VT', languages: ['lo', 'en'] },
  },
  {
    email: 'khamla.p@demo.example.org', name: 'Khamla Phommachanh', locale: 'en', space: 'LA', role: 'member',
    profile: { name: { en: 'Khamla Phommachanh', lo: 'ຄຳຫຼ້າ ພົມມະຈັນ' }, professions: ['Khene player', 'ນັກເປົ່າແຄນ'], domains: ['B', 'ICH'], regionCode: 'LA-LP', languages: ['lo', 'en'], joins: 'khene' },
  },
  {
    email: 'noy.weaver@demo.example.org', name: 'ນ້ອຍ ພົມມະວົງ', locale: 'lo', space: 'LA', role: 'member',
    profile: { name: { lo: 'ນ້ອຍ ພົມມະວົງ' }, professions: ['ຊ່າງທໍຜ້າ'], skills: ['ມັດໝີ', 'ຍ້ອມຄາມ'], domains: ['C', 'ICH'], regionCode: 'LA-LP', bio: { lo: 'ທໍຜ້າໄໝມາແຕ່ອາຍຸ 12 ປີ.' }, languages: ['lo'], sex: 'female', ageBand: '35-44', demographicsConsent: true, joins: 'weaving' },
  },
  {
    email: 'dilnoza.r@demo.example.org', name: 'Dilnoza Rahimova', locale: 'uz-Latn', space: 'UZ', role: 'admin',
    profile: { name: { 'uz-Latn': 'Dilnoza Rahimova', 'uz-Cyrl': 'Дилноза Раҳимова' }, professions: ['Muzey xodimi'], domains: ['A'], regionCode: 'UZ-SA', languages: ['uz', 'ru', 'en'] },
  },
  {
    email: 'otabek.y@demo.example.org', name: 'Отабек Юсупов', locale: 'uz-Cyrl', space: 'UZ', role: 'editor',
    profile: { name: { 'uz-Cyrl': 'Отабек Юсупов' }, professions: ['Кинорежиссёр'], domains: ['E'], regionCode: 'UZ-TK', languages: ['uz', 'ru'] },
  },
  {
    email: 'gulnora.t@demo.example.org', name: uzLatn("Gulnora To'xtayeva"), locale: 'uz-Latn', space: 'UZ', role: 'member',
    profile: { name: { 'uz-Latn': uzLatn("Gulnora To'xtayeva") }, professions: [uzLatn("Kashtado'z")], skills: [uzLatn("so'zana")], domains: ['C', 'ICH'], regionCode: 'UZ-BU', languages: ['uz', 'tg'], sex: 'female', ageBand: '45-54', demographicsConsent: true, joins: 'suzani' },
  },
  {
    email: 'sergey.kim@demo.example.org', name: 'Сергей Ким', locale: 'ru', space: 'UZ', role: 'member',
    profile: { name: { ru: 'Сергей Ким', en: 'Sergey Kim' }, professions: ['Аниматор'], domains: ['E'], regionCode: 'UZ-TK', languages: ['ru', 'uz', 'en'], joins: 'animation' },
  },
  {
    email: 'aline.u@demo.example.org', name: 'Aline Uwase', locale: 'rw', space: 'RW', role: 'admin',
    profile: { name: { rw: 'Aline Uwase' }, professions: ['Umwanditsi'], domains: ['D'], regionCode: 'RW-01', languages: ['rw', 'en', 'fr'] },
  },
  {
    email: 'jean.paul.n@demo.example.org', name: 'Jean-Paul Niyonzima', locale: 'fr', space: 'RW', role: 'editor',
    profile: { name: { rw: 'Jean-Paul Niyonzima' }, professions: ['Réalisateur'], domains: ['E'], regionCode: 'RW-05', languages: ['rw', 'fr'] },
  },
  {
    email: 'claudine.m@demo.example.org', name: 'Claudine Mukamana', locale: 'rw', space: 'RW', role: 'member',
    profile: { name: { rw: 'Claudine Mukamana' }, professions: ["Umuhanzi w'imigongo"], domains: ['C', 'ICH'], regionCode: 'RW-02', languages: ['rw'], sex: 'female', ageBand: '25-34', demographicsConsent: true, joins: 'imigongo' },
  },
  {
    email: 'eric.h@demo.example.org', name: 'Eric Habimana', locale: 'en', space: 'RW', role: 'member',
    profile: { name: { rw: 'Eric Habimana' }, professions: ['Musician', 'Umucuranzi'], domains: ['B'], regionCode: 'RW-04', languages: ['rw', 'en'] },
  },
];

/** Organisations and people generated per country. */
export const DEMO_COUNTS = { orgs: 200, people: 300 } as const;
/** The seed of the demo dataset: change it and every installation gets different (still fixed) records. */
export const DEMO_SEED = 'mosaic-demo-1';

/** The generated records of one country (the same on every call). */
export function demoRecords(country: CountryData) {
  return generateCountry(country, DEMO_COUNTS, { seed: DEMO_SEED, prefix: 'demo' });
}

function principalOf(userId: string, spaceId: string, role: DemoAccount['role']): Principal {
  return { userId, isPlatformAdmin: false, roles: new Map([[spaceId, role]]) };
}

/** Creates the country's missing demo organisations and people, then verifications and affiliations. */
async function loadCountry(db: Db, directory: DirectoryService, country: CountryData, admin: Principal, spaceId: string, actor: Actor): Promise<{ added: number; orgIds: Map<string, string>; orgs: DemoOrg[] }> {
  const { orgs, people } = demoRecords(country);
  const orgIds = await repo.externalIdsWithPrefix(db, 'organizations', spaceId, `demo-${country.code}-`);
  const personIds = await repo.externalIdsWithPrefix(db, 'people', spaceId, `demo-${country.code}-`);
  const newOrgs: DemoOrg[] = [];
  const newPeople: typeof people = [];
  // One transaction for the records themselves (fast on SQLite); the service is given it.
  await db.transaction().execute(async (trx) => {
    for (const org of orgs) {
      if (orgIds.has(org.externalId)) continue;
      const view = await directory.createOrganization(admin, spaceId, org.input, actor, trx);
      orgIds.set(org.externalId, view.id);
      newOrgs.push(org);
    }
    for (const person of people) {
      if (personIds.has(person.externalId)) continue;
      const view = await directory.createPerson(admin, spaceId, person.input, actor, { trx });
      personIds.set(person.externalId, view.id);
      newPeople.push(person);
    }
  });
  // Verification and affiliations are separate service calls, each in its own transaction;
  // only records created just now get them, so a second load adds nothing.
  for (const org of newOrgs) if (org.verified) await directory.verifyOrganization(admin, orgIds.get(org.externalId)!, true, actor);
  let affiliations = 0;
  for (const person of newPeople) {
    for (const a of person.affiliations) {
      const organizationId = orgIds.get(orgs[a.org]!.externalId);
      if (!organizationId) continue;
      await directory.addAffiliation(admin, { personId: personIds.get(person.externalId)!, organizationId, role: a.role, startDate: a.startDate, endDate: a.endDate }, actor);
      affiliations++;
    }
  }
  return { added: newOrgs.length + newPeople.length + affiliations, orgIds, orgs };
}

/**
 * Loads the demo dataset; returns how many records were added (accounts, organisations, people,
 * affiliations; and, given the files service, library resources with their files, whose text the
 * worker then extracts).
 */
export async function loadDemoData(db: Db, accounts: AccountsService, actor: Actor, options: { files?: FilesService } = {}): Promise<number> {
  await seedSpaces(db, actor);
  let added = 0;
  const userIds = new Map<string, string>();
  await db.transaction().execute(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      const { id, created } = await accounts.ensureUser(trx, { email: person.email, displayName: person.name, locale: person.locale }, actor);
      userIds.set(person.email, id);
      if (!created) continue;
      const space = await getSpace(trx, person.space);
      await setRole(trx, actor, null, space.id, id, person.role);
      added++;
    }
  });
  // The directory service needs no mail here (no claims), so the base URL is never used.
  const directory = createDirectoryService({ db, config: { baseUrl: 'http://localhost' }, accounts });
  const admins = new Map<string, Principal>();
  for (const country of COUNTRIES) {
    const space = await getSpace(db, country.code);
    const adminAccount = DEMO_PEOPLE.find((p) => p.space === country.code && p.role === 'admin')!;
    const admin = principalOf(userIds.get(adminAccount.email)!, space.id, 'admin');
    admins.set(country.code, admin);
    const loaded = await loadCountry(db, directory, country, admin, space.id, actor);
    added += loaded.added;
    const member = DEMO_PEOPLE.find((p) => p.space === country.code && p.role === 'member');
    added += await loadNewsDemo(db, country.code, space, admin, member ? userIds.get(member.email)! : null, actor);
    // The demo accounts' own profiles, created by themselves (and where they work).
    for (const account of DEMO_PEOPLE.filter((p) => p.space === country.code)) {
      const self = principalOf(userIds.get(account.email)!, space.id, account.role);
      if (await directory.myProfile(self, space.id)) continue;
      const { joins, ...input } = account.profile;
      const email = { kind: 'email', value: account.email, visibility: 'members' };
      const person = await directory.createPerson(self, space.id, { ...input, contacts: [email] }, actor, { self: true });
      added++;
      const employer = joins ? loaded.orgs.find((o) => o.kind === joins && o.input.status === 'published') : undefined;
      const organizationId = employer ? loaded.orgIds.get(employer.externalId) : undefined;
      if (organizationId) {
        await directory.addAffiliation(self, { personId: person.id, organizationId, role: country.roles[0], startDate: '2019' }, actor);
        added++;
      }
    }
    const organizers = loaded.orgs.filter((o) => o.input.status === 'published').map((o) => loaded.orgIds.get(o.externalId)!).slice(0, 4);
    added += await loadDemoEvents(db, country.code, space.id, admin, organizers, actor);
    if (options.files) added += await loadLibraryDemo(db, createLibraryService({ db }), options.files, country.code, space.id, admin, actor);
  }
  added += await loadDemoDiscussions(db, userIds, admins, actor);
  return added;
}
