/**
 * Demo events: a handful per country, in the country's languages, dated around the day the demo
 * is loaded (one just past, with its material, and several coming up), so the list, the month
 * calendar and the feeds have something to show; one series per country, which some of them belong
 * to. Fictitious, like the rest of the demo.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import { createEventsService, type EventInput, type SeriesInput } from '../events/events.service.js';
import * as repo from './demo.repository.js';

interface DemoEvent {
  /** Days from the loading day, and local start and end hours. */
  day: number;
  from: string;
  to: string;
  /** Further days of a multi-day event. */
  more?: number[];
  /** In the space's demo series. */
  inSeries?: boolean;
  input: Omit<EventInput, 'sessions' | 'organizers'>;
}

/** The demo series of each space. */
export const DEMO_SERIES: Record<string, SeriesInput> = {
  LA: {
    title: { lo: 'ອາທິດຮູບເງົາວຽງຈັນ', en: 'Vientiane Film Week' },
    description: { lo: 'ການສາຍຮູບເງົາລາວ ແລະ ອາຊຽນ ທຸກໆປີ ໃນນະຄອນຫຼວງວຽງຈັນ.', en: 'Lao and ASEAN films screened every year in Vientiane.' },
  },
  UZ: {
    title: { 'uz-Latn': 'Ijodiy iqtisodiyot boʻyicha oylik uchrashuv', 'uz-Cyrl': 'Ижодий иқтисодиёт бўйича ойлик учрашув', ru: 'Ежемесячная встреча по креативной экономике' },
    description: { 'uz-Latn': 'Har oy ijodkorlar, tadbirkorlar va davlat vakillari uchrashadi.', ru: 'Каждый месяц встречаются авторы, предприниматели и представители государства.' },
  },
  RW: {
    title: { rw: 'Inama z’abahanzi za buri kwezi', en: 'Monthly artists’ meetings', fr: 'Rencontres mensuelles des artistes' },
    description: { rw: 'Abahanzi bahura buri kwezi baganira ku isoko ry’ubuhanzi.', en: 'Artists meet every month to discuss the art market.' },
  },
};

const A_PLACE = 'https://example.org/';

/** The demo events of each space. */
export const DEMO_EVENTS: Record<string, DemoEvent[]> = {
  LA: [
    {
      day: -20, from: '09:00', to: '16:00',
      input: {
        type: 'training', status: 'published', regionCode: 'LA-LP', venueName: 'ສູນສິລະປະຫັດຖະກຳ ຫຼວງພະບາງ', capacity: 25,
        title: { lo: 'ຝຶກອົບຮົມການຍ້ອມສີທຳມະຊາດ', en: 'Natural dye training' },
        description: { lo: 'ການຍ້ອມຄາມ ແລະ ຄັ່ງ ສຳລັບຊ່າງທໍຜ້າ.', en: 'Indigo and lac dyeing for weavers.' },
        materials: [{ title: 'ເອກະສານປະກອບ / Handout', url: `${A_PLACE}dye-handout.pdf` }],
      },
    },
    {
      day: 9, from: '09:00', to: '12:00',
      input: {
        type: 'workshop', status: 'published', regionCode: 'LA-VT', venueName: 'ຫໍພິພິທະພັນແຫ່ງຊາດ', venueAddress: 'ນະຄອນຫຼວງວຽງຈັນ', capacity: 30,
        title: { lo: 'ກອງປະຊຸມປະຕິບັດການອະນຸລັກເອກະສານໃບລານ', en: 'Palm-leaf manuscript care workshop' },
        description: { lo: 'ວິທີເກັບຮັກສາ ແລະ ອະນຸລັກໃບລານໃນວັດ.', en: 'How temples can store and conserve palm-leaf manuscripts.' },
        questions: [{ id: 'temple', label: 'ວັດ ຫຼື ອົງການ / Temple or organisation', kind: 'text' }],
      },
    },
    {
      day: 16, from: '18:30', to: '21:00', inSeries: true,
      input: {
        type: 'screening', status: 'published', regionCode: 'LA-VT', venueName: 'ສູນວັດທະນະທຳຝຣັ່ງ', onlineUrl: `${A_PLACE}stream`,
        title: { lo: 'ສາຍຮູບເງົາສັ້ນລາວ', en: 'Lao short films night' },
        description: { lo: 'ຮູບເງົາສັ້ນຈາກຜູ້ກຳກັບໜຸ່ມລາວ, ຕາມດ້ວຍການສົນທະນາ.', en: 'Short films by young Lao directors, followed by a discussion.' },
      },
    },
    {
      day: 30, from: '08:00', to: '18:00', more: [31, 32],
      input: {
        type: 'market', status: 'published', regionCode: 'LA-LP', venueName: 'ຕະຫຼາດມືດ ຫຼວງພະບາງ',
        title: { lo: 'ງານວາງຂາຍຫັດຖະກຳ ແລະ ຜ້າທໍ', en: 'Handicraft and textile fair' },
        description: { lo: 'ສາມມື້ຂອງຫັດຖະກຳຈາກທົ່ວປະເທດ.', en: 'Three days of crafts from across the country.' },
      },
    },
  ],
  UZ: [
    {
      day: -12, from: '10:00', to: '17:00', inSeries: true,
      input: {
        type: 'conference', status: 'published', regionCode: 'UZ-TK', venueName: 'Oʻzbekiston davlat sanʼat va madaniyat instituti', capacity: 120,
        title: { 'uz-Latn': 'Ijodiy iqtisodiyot konferensiyasi', 'uz-Cyrl': 'Ижодий иқтисодиёт конференцияси', ru: 'Конференция по креативной экономике' },
        description: { 'uz-Latn': 'Madaniyat va ijodiy sanoatlar boʻyicha siyosat.', ru: 'Политика в области культуры и креативных индустрий.' },
        materials: [{ title: 'Taqdimotlar / Презентации', url: `${A_PLACE}slides` }],
      },
    },
    {
      day: 7, from: '14:00', to: '17:00',
      input: {
        type: 'workshop', status: 'published', regionCode: 'UZ-BU', venueName: 'Buxoro hunarmandlar markazi', capacity: 15,
        title: { 'uz-Latn': 'Soʻzana kashtasi mahorat darsi', 'uz-Cyrl': 'Сўзана каштаси маҳорат дарси', ru: 'Мастер-класс по вышивке сюзане' },
        description: { 'uz-Latn': 'Anʼanaviy choklar va naqshlar.', ru: 'Традиционные швы и узоры.' },
        questions: [{ id: 'level', label: 'Tajriba / Опыт', kind: 'choice', options: ['Yangi boshlovchi / Начинающий', 'Tajribali / Опытный'], required: true }],
      },
    },
    {
      day: 21, from: '19:00', to: '21:30',
      input: {
        type: 'screening', status: 'published', regionCode: 'UZ-TK', venueName: 'Kinochilar uyi', venueAddress: 'Toshkent',
        title: { 'uz-Latn': 'Oʻzbek animatsiyasi kechasi', 'uz-Cyrl': 'Ўзбек анимацияси кечаси', ru: 'Вечер узбекской анимации' },
        description: { ru: 'Короткометражные мультфильмы студий Ташкента.' },
      },
    },
    {
      day: 40, from: '10:00', to: '20:00', more: [41],
      input: {
        type: 'festival', status: 'published', regionCode: 'UZ-SA', venueName: 'Registon maydoni',
        title: { 'uz-Latn': 'Samarqand hunarmandlik festivali', 'uz-Cyrl': 'Самарқанд ҳунармандлик фестивали', ru: 'Самаркандский фестиваль ремёсел' },
        description: { 'uz-Latn': 'Ikki kunlik koʻrgazma va ustaxonalar.', ru: 'Два дня выставок и мастерских.' },
      },
    },
  ],
  RW: [
    {
      day: -8, from: '09:00', to: '13:00', inSeries: true,
      input: {
        type: 'meeting', status: 'published', regionCode: 'RW-01', venueName: 'Kigali Cultural Village', capacity: 40,
        title: { rw: 'Inama y’abahanzi b’i Kigali', en: 'Kigali artists’ meeting', fr: 'Rencontre des artistes de Kigali' },
        description: { rw: 'Kuganira ku isoko ry’ubuhanzi.', en: 'A discussion of the art market.' },
        materials: [{ title: 'Raporo / Report', url: `${A_PLACE}report` }],
      },
    },
    {
      day: 6, from: '09:00', to: '16:00', more: [7],
      input: {
        type: 'training', status: 'published', regionCode: 'RW-02', venueName: 'Nyanza', capacity: 20,
        title: { rw: 'Amahugurwa ku mitako y’imigongo', en: 'Imigongo art training', fr: 'Formation à l’art imigongo' },
        description: { rw: 'Amahugurwa y’iminsi ibiri ku buhanzi bw’imigongo.', en: 'Two days on the imigongo craft.' },
      },
    },
    {
      day: 18, from: '18:00', to: '22:00',
      input: {
        type: 'festival', status: 'published', regionCode: 'RW-01', venueName: 'Camp Kigali',
        title: { rw: 'Iserukiramuco ry’umuziki gakondo', en: 'Traditional music festival', fr: 'Festival de musique traditionnelle' },
        description: { rw: 'Inanga, ingoma n’imbyino gakondo.', en: 'Inanga, drums and traditional dance.' },
      },
    },
    {
      day: 26, from: '10:00', to: '18:00',
      input: {
        type: 'exhibition', status: 'published', regionCode: 'RW-04', venueName: 'Musanze', onlineUrl: `${A_PLACE}gallery`,
        title: { rw: 'Imurikabikorwa ry’amafoto', en: 'Photography exhibition', fr: 'Exposition de photographie' },
        description: { rw: 'Amafoto y’ubuzima bwa buri munsi.', en: 'Photographs of daily life.' },
      },
    },
  ],
};

/** A local date-time `days` from today ("2026-03-14T09:00"). */
function localDay(days: number, time: string, now: Date): string {
  return `${new Date(now.getTime() + days * 86400_000).toISOString().slice(0, 10)}T${time}`;
}

/**
 * Creates a space's demo series and events unless its demo administrator already created events
 * there; organised by the first of `organizers` (published demo organisations). Returns how many
 * events.
 */
export async function loadDemoEvents(db: Db, code: string, spaceId: string, admin: Principal, organizers: string[], actor: Actor, now = new Date()): Promise<number> {
  if (!admin.userId || (await repo.eventsCreatedBy(db, spaceId, admin.userId)) > 0) return 0;
  // No registrations are made here, so no email link is ever signed with this key.
  const events = createEventsService({ db, config: { baseUrl: 'http://localhost', secretKey: 'demo-events-without-registrations' } });
  const seriesInput = DEMO_SERIES[code];
  const series = seriesInput ? await events.createSeries(admin, spaceId, seriesInput, actor) : null;
  let added = 0;
  for (const [i, e] of (DEMO_EVENTS[code] ?? []).entries()) {
    const days = [e.day, ...(e.more ?? [])];
    const sessions = days.map((d) => ({ start: localDay(d, e.from, now), end: localDay(d, e.to, now) }));
    const org = organizers[i % Math.max(1, organizers.length)];
    await events.createEvent(admin, spaceId, { ...e.input, sessions, organizers: org ? [org] : [], seriesId: e.inSeries ? (series?.id ?? null) : null }, actor);
    added++;
  }
  return added;
}
