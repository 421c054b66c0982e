/**
 * Demo discussion groups: two per country, in the languages their members write, each with a
 * thread and a reply, created through the discussions service (validated, audited, indexed).
 * Idempotent: a group whose name exists in its space is left as it is.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { findGroupByName } from '../discussions/discussions.repository.js';
import { createDiscussionsService } from '../discussions/discussions.service.js';
import { getSpace } from '../spaces/spaces.service.js';
import { uzLatn } from './wordlists/uz.js';

interface DemoGroup {
  space: string;
  name: string;
  about: string;
  locale: string;
  joinPolicy: 'open' | 'approval';
  visibility: 'public' | 'members';
  /** Emails of the members who join (the first one opens the thread, the second replies). */
  members: string[];
  thread: { title: string; body: string; reply: string };
}

const GROUPS: DemoGroup[] = [
  {
    space: 'LA', name: 'ຊ່າງທໍຜ້າລາວ', locale: 'lo', joinPolicy: 'open', visibility: 'public',
    about: 'ບ່ອນແລກປ່ຽນຄວາມຮູ້ກ່ຽວກັບການທໍຜ້າ, ການຍ້ອມສີທຳມະຊາດ ແລະ ຕະຫຼາດ.',
    members: ['noy.weaver@demo.example.org', 'khamla.p@demo.example.org'],
    thread: { title: 'ຍ້ອມຄາມແບບທຳມະຊາດ', body: 'ທ່ານໝັກຄາມຈັກມື້ໃນລະດູແລ້ງ?', reply: 'ປະມານສິບມື້. ໃຫ້ອຸ່ນໄວ້ ແລະ ເພີ່ມນ້ຳຕານໜ້ອຍໜຶ່ງ. @ນ້ອຍ ພົມມະວົງ' },
  },
  {
    space: 'LA', name: 'Khene players', locale: 'en', joinPolicy: 'approval', visibility: 'members',
    about: 'Players and makers of the khene: festivals, teaching, instrument making.',
    members: ['khamla.p@demo.example.org', 'vanida.s@demo.example.org'],
    thread: { title: 'Teaching the khene in schools', body: 'Has anyone taught **khene** in a primary school? What worked for the first lessons?', reply: 'Start with *lai yai* and short call-and-response pieces; the children loved it.' },
  },
  {
    space: 'UZ', name: uzLatn("Kashtachilar va so'zanachilar"), locale: 'uz-Latn', joinPolicy: 'open', visibility: 'public',
    about: uzLatn("Buxoro, Samarqand va Farg'ona kashtachilari uchun tajriba almashish joyi."),
    members: ['gulnora.t@demo.example.org', 'dilnoza.r@demo.example.org'],
    thread: { title: uzLatn("Tabiiy bo'yoqlar qayerdan olinadi?"), body: uzLatn("Anor po'stidan va ro'yandan bo'yoq tayyorlaysizmi? Tajribangiz bilan o'rtoqlashing."), reply: uzLatn("Ha, anor po'stidan sariq va jigarrang rang olamiz, ro'yan esa qizil beradi.") },
  },
  {
    space: 'UZ', name: 'Аниматоры Узбекистана', locale: 'ru', joinPolicy: 'approval', visibility: 'members',
    about: 'Сообщество аниматоров: заказы, фестивали, обучение.',
    members: ['sergey.kim@demo.example.org', 'otabek.y@demo.example.org'],
    thread: { title: 'Фестивали анимации в 2027 году', body: 'Какие фестивали принимают короткометражные фильмы из Центральной Азии?', reply: 'Тошкентдаги фестивалга ариза топшириш апрелда очилади.' },
  },
  {
    space: 'RW', name: "Abahanzi b'imigongo", locale: 'rw', joinPolicy: 'open', visibility: 'public',
    about: "Ahantu abahanzi b'imigongo basangira ubumenyi n'amasoko.",
    members: ['claudine.m@demo.example.org', 'eric.h@demo.example.org'],
    thread: { title: 'Amabara kamere', body: "Ni he mubona amabara kamere yo gusiga imigongo?", reply: "Dukoresha ibumba ry'amabara atandukanye." },
  },
  {
    space: 'RW', name: 'Cinéastes du Rwanda', locale: 'fr', joinPolicy: 'approval', visibility: 'members',
    about: 'Tournages, autorisations, festivals et formation.',
    members: ['jean.paul.n@demo.example.org', 'aline.u@demo.example.org'],
    thread: { title: 'Tourner à Musanze', body: 'Quelles autorisations faut-il pour tourner près du parc des Volcans ?', reply: 'Une autorisation du RDB ; comptez deux semaines.' },
  },
];

/** Loads the demo groups; returns how many were added. `userIds` maps demo emails to accounts, `admins` each space's demo admin. */
export async function loadDemoDiscussions(db: Db, userIds: Map<string, string>, admins: Map<string, Principal>, actor: Actor): Promise<number> {
  const disc = createDiscussionsService(db);
  let added = 0;
  for (const g of GROUPS) {
    const space = await getSpace(db, g.space);
    if (await findGroupByName(db, space.id, g.name)) continue;
    const admin = admins.get(g.space)!;
    const groupId = await disc.createGroup(admin, { spaceId: space.id, name: g.name, about: g.about, locale: g.locale, joinPolicy: 'open', visibility: g.visibility }, actor);
    const people: Principal[] = [];
    for (const email of g.members) {
      const userId = userIds.get(email)!;
      const p: Principal = { userId, isPlatformAdmin: false, roles: new Map([[space.id, 'member']]) };
      await disc.join(p, groupId, undefined, actor);
      people.push(p);
    }
    if (g.joinPolicy !== 'open') await disc.updateGroup(admin, groupId, { joinPolicy: g.joinPolicy }, actor);
    const threadId = await disc.createThread(people[0]!, groupId, { title: g.thread.title, body: g.thread.body }, actor);
    await disc.reply(people[1]!, threadId, { body: g.thread.reply }, actor);
    added++;
  }
  return added;
}
