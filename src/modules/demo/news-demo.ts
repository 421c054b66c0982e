/**
 * Demo news posts and opportunities of each space (fictitious), written by the space's demo
 * administrator through the services, so they are validated, audited and indexed. Deadlines are
 * counted from the day of loading, so the demo always has open calls. Loading twice adds nothing.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { createPost, type NewsPostInput } from '../news/news.service.js';
import { follow } from '../notifications/notifications.service.js';
import { createOpportunity, type OpportunityInput } from '../opportunities/opportunities.service.js';
import { countCreatedBy } from './demo.repository.js';

interface CountryNews {
  posts: NewsPostInput[];
  opportunities: (OpportunityInput & { inDays: number })[];
}

const NEWS: Record<string, CountryNews> = {
  LA: {
    posts: [
      {
        title: { lo: 'ງານວາງສະແດງຜ້າທໍມືປະຈຳປີ ເປີດຢູ່ນະຄອນຫຼວງ', en: 'Annual handwoven textile fair opens in the capital' },
        summary: { lo: 'ຊ່າງທໍຈາກ 12 ແຂວງ ນຳເອົາຜ້າໄໝ ແລະ ຜ້າຝ້າຍມາວາງສະແດງ ແລະ ຈຳໜ່າຍ.', en: 'Weavers from 12 provinces show and sell silk and cotton cloth.' },
        body: { lo: 'ງານວາງສະແດງຈະມີຂຶ້ນເປັນເວລາ 5 ວັນ.\n\nມີການສາທິດການຍ້ອມສີທຳມະຊາດ ແລະ ມັດໝີ.', en: 'The fair runs for five days.\n\nThere are demonstrations of natural dyeing and ikat tying.' },
        status: 'published',
      },
      {
        title: { lo: 'ກອງປະຊຸມປຶກສາຫາລື ກ່ຽວກັບມໍລະດົກທີ່ບໍ່ແມ່ນວັດຖຸ', en: 'Consultation on intangible cultural heritage' },
        summary: { en: 'Communities are invited to share how they keep their traditions alive.' },
        body: { en: 'Meetings will be held in Luang Prabang, Savannakhet and Champasak.' },
        status: 'published',
      },
    ],
    opportunities: [
      { kind: 'grant', title: { lo: 'ທຶນສຳລັບກຸ່ມຊ່າງທໍຜ້າ', en: 'Small grants for weaving groups' }, description: { en: 'Grants for equipment and training of village weaving groups.' }, eligibility: { en: 'Registered weaving groups with at least five members.' }, domains: ['C', 'ICH'], regions: ['LA-LP', 'LA-XA'], timeZone: 'Asia/Vientiane', applyContact: 'Provincial Department of Information, Culture and Tourism', status: 'open', inDays: 45 },
      { kind: 'residency', title: { en: 'Khene music residency' }, description: { en: 'Four weeks with master players for young musicians.' }, domains: ['B', 'ICH'], regions: [], timeZone: 'Asia/Vientiane', applyUrl: 'https://residency.demo.example.org/khene', status: 'open', inDays: 10 },
    ],
  },
  UZ: {
    posts: [
      {
        title: { 'uz-Latn': 'Buxoroda hunarmandlar festivali boʻlib oʻtadi', 'uz-Cyrl': 'Бухорода ҳунармандлар фестивали бўлиб ўтади', ru: 'В Бухаре пройдёт фестиваль ремесленников' },
        summary: { 'uz-Latn': 'Kashtachilik, kulolchilik va misgarlik ustalari ishtirok etadi.', ru: 'Участвуют мастера вышивки, керамики и чеканки.' },
        body: { 'uz-Latn': 'Festival uch kun davom etadi.', ru: 'Фестиваль продлится три дня.' },
        status: 'published',
      },
      {
        title: { 'uz-Latn': 'Animatsiya boʻyicha ochiq darslar', ru: 'Открытые уроки анимации' },
        summary: { ru: 'Студии Ташкента приглашают школьников на бесплатные занятия.' },
        status: 'published',
      },
    ],
    opportunities: [
      { kind: 'call', title: { 'uz-Latn': 'Yosh kinoijodkorlar uchun tanlov', ru: 'Конкурс для молодых кинематографистов' }, description: { ru: 'Поддержка короткометражных фильмов о родном крае.' }, domains: ['E'], regions: ['UZ-TK'], timeZone: 'Asia/Tashkent', applyUrl: 'https://film.demo.example.org/call', status: 'open', inDays: 30 },
      { kind: 'tender', title: { ru: 'Реставрация росписей медресе' }, description: { ru: 'Тендер на реставрационные работы.' }, domains: ['A'], regions: ['UZ-SA'], timeZone: 'Asia/Tashkent', applyContact: 'tender@demo.example.org', status: 'open', inDays: 60 },
    ],
  },
  RW: {
    posts: [
      {
        title: { rw: 'Iserukiramuco ry’imigongo i Kirehe', en: 'Imigongo festival in Kirehe', fr: 'Festival de l’imigongo à Kirehe' },
        summary: { rw: 'Abahanzi b’imigongo bazerekana ibihangano byabo.', en: 'Imigongo artists will show their work.' },
        body: { en: 'The festival takes place over a weekend, with workshops for children.' },
        status: 'published',
      },
      {
        title: { en: 'Training for music producers', fr: 'Formation pour producteurs de musique' },
        summary: { en: 'A week of training on recording and rights management in Kigali.' },
        status: 'published',
      },
    ],
    opportunities: [
      { kind: 'job', title: { en: 'Museum education officer', rw: 'Ushinzwe uburezi mu ngoro ndangamurage' }, description: { en: 'Design and lead visits for schools.' }, domains: ['A'], regions: ['RW-02'], timeZone: 'Africa/Kigali', applyContact: 'jobs@demo.example.org', status: 'open', inDays: 21 },
      { kind: 'grant', title: { en: 'Creative enterprise grants', fr: 'Subventions aux entreprises créatives' }, description: { en: 'Grants for small creative businesses.' }, domains: ['C', 'F'], regions: [], timeZone: 'Africa/Kigali', applyUrl: 'https://grants.demo.example.org', status: 'open', inDays: 40 },
    ],
  },
};

/** Adds the space's demo posts and opportunities (once); `follower` follows the first opportunity. */
export async function loadNewsDemo(db: Db, code: string, space: { id: string; code: string }, admin: Principal, follower: string | null, actor: Actor): Promise<number> {
  const data = NEWS[code];
  if (!data || !admin.userId) return 0;
  let added = 0;
  if ((await countCreatedBy(db, 'news_posts', space.id, admin.userId)) === 0) {
    for (const [i, post] of data.posts.entries()) {
      await createPost(db, admin, space.id, { ...post, publishAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString() }, actor);
      added++;
    }
  }
  if ((await countCreatedBy(db, 'opportunities', space.id, admin.userId)) === 0) {
    for (const [i, { inDays, ...input }] of data.opportunities.entries()) {
      const deadline = new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10) + 'T17:00';
      const o = await createOpportunity(db, admin, space, { ...input, deadline }, actor);
      if (i === 0 && follower) await db.transaction().execute((trx) => follow(trx, actor, follower, { type: 'opportunity', id: o.id }));
      added++;
    }
  }
  return added;
}
