/**
 * The library's demo records: for each country, eight kinds of document (a policy, a survey,
 * statistics, a law, a guide, training material, a press clipping, a link) in three editions,
 * described in the country's languages, most with a real PDF or DOCX generated on the spot
 * (Lao with English, Uzbek in Latin and Cyrillic with Russian, Kinyarwanda with English and
 * French), so search, snippets with page numbers, versions and previews can be tried at once.
 * Everything is fictitious. Idempotent: each resource has a stable external id.
 */
import type { Actor } from '../../platform/audit/audit.js';
import type { Principal } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/index.js';
import type { ResourceType } from '../library/classification.js';
import { makeDocx, makePdf } from '../library/demo-files/index.js';
import type { FilesService } from '../library/files.service.js';
import { externalIdsWithPrefix } from '../library/library.repository.js';
import type { LibraryService, ResourceInput } from '../library/library.service.js';
import { externalIdsWithPrefix as directoryIds } from './demo.repository.js';
import { uzLatn, uzLatnToCyrl } from './wordlists/uz.js';

/** One kind of document of a country, with its text in the country's languages. */
interface Theme {
  key: string;
  type: ResourceType;
  domains: string[];
  sdgs: string[];
  areas: string[];
  keywords: string[];
  /** Title and abstract per language tag. */
  title: Record<string, string>;
  abstract: Record<string, string>;
  /** The file's pages: each page's lines, one per language. */
  pages: string[][];
  /** pdf (default), docx, or none (a link). */
  file?: 'pdf' | 'docx' | 'none';
  /** Paragraphs of a DOCX, when the file is one. */
  docx?: string[];
  url?: string;
}

/** What the demo needs to know of a country's library. */
interface LibraryCountry {
  code: string;
  languages: string[];
  /** The PDF's language (its metadata). */
  pdfLang: string;
  themes: Theme[];
  collection: { title: Record<string, string>; introduction: Record<string, string> };
}

/** Uzbek Latin typed with ASCII apostrophes, and its Cyrillic form. */
function uz(latinAscii: string): { 'uz-Latn': string; 'uz-Cyrl': string } {
  const latn = uzLatn(latinAscii);
  return { 'uz-Latn': latn, 'uz-Cyrl': uzLatnToCyrl(latn) };
}

const LAO: LibraryCountry = {
  code: 'LA',
  languages: ['lo', 'en'],
  pdfLang: 'lo',
  collection: {
    title: { lo: 'ເລີ່ມຕົ້ນທີ່ນີ້', en: 'Start here' },
    introduction: { lo: 'ເອກະສານພື້ນຖານກ່ຽວກັບນະໂຍບາຍ ແລະ ຂະແໜງວັດທະນະທຳຂອງລາວ.', en: 'Key documents on the policies and the cultural sector of Lao PDR.' },
  },
  themes: [
    {
      key: 'policy', type: 'policy', domains: ['A', 'ICH'], sdgs: ['11.4', '16.7'], areas: ['1.1', '1.4'], keywords: ['culture policy', 'heritage'],
      title: { lo: 'ນະໂຍບາຍວັດທະນະທຳແຫ່ງຊາດ', en: 'National culture policy' },
      abstract: { lo: 'ຫຼັກການ ແລະ ບູລິມະສິດຂອງລັດກ່ຽວກັບວັດທະນະທຳ: ມໍລະດົກ, ສິລະປະ, ຫັດຖະກຳ ແລະ ເສດຖະກິດສ້າງສັນ.', en: 'Principles and priorities of the State for culture: heritage, arts, handicrafts and the creative economy.' },
      pages: [
        ['ນະໂຍບາຍນີ້ກຳນົດທິດທາງການພັດທະນາວັດທະນະທຳແຫ່ງຊາດ.', 'This policy sets the direction for the development of national culture.'],
        ['ລັດສົ່ງເສີມການອະນຸລັກມໍລະດົກ ແລະ ພາສາຂອງບັນດາຊົນເຜົ່າ.', 'The State promotes the safeguarding of heritage and of the languages of all ethnic groups.'],
        ['ການຮ່ວມມືກັບສັງຄົມພົນລະເຮືອນ ແລະ ພາກທຸລະກິດແມ່ນສິ່ງຈຳເປັນ.', 'Cooperation with civil society and the private sector is essential.'],
      ],
    },
    {
      key: 'survey', type: 'report', domains: ['C', 'ICH'], sdgs: ['8.3', '5.5'], areas: ['1.1', '4.1'], keywords: ['handicrafts', 'silk weaving', 'women'],
      title: { lo: 'ການສຳຫຼວດຂະແໜງຫັດຖະກຳ', en: 'Survey of the handicraft sector' },
      abstract: { lo: 'ຜົນການສຳຫຼວດຊ່າງທໍຜ້າ, ຊ່າງຈັກສານ ແລະ ຊ່າງປັ້ນໝໍ້ ໃນຫົກແຂວງ.', en: 'Results of a survey of weavers, basket makers and potters in six provinces.' },
      pages: [
        ['ບົດລາຍງານນີ້ສະເໜີຜົນການສຳຫຼວດຊ່າງຫັດຖະກຳ.', 'This report presents the results of a survey of artisans.'],
        ['ຊ່າງທໍຜ້າໄໝສ່ວນໃຫຍ່ແມ່ນແມ່ຍິງ ທີ່ເຮັດວຽກຢູ່ເຮືອນ.', 'Most silk weavers are women working from home.'],
        ['ການເຂົ້າເຖິງຕະຫຼາດ ແລະ ແຫຼ່ງທຶນ ຍັງເປັນສິ່ງທ້າທາຍ.', 'Access to markets and to finance remains a challenge.'],
      ],
    },
    {
      key: 'cinema', type: 'statistics', domains: ['E'], sdgs: ['8.3', '17.18'], areas: ['1.1', '2.2'], keywords: ['cinema', 'film', 'statistics'],
      title: { lo: 'ສະຖິຕິຮູບເງົາ ແລະ ໂຮງຮູບເງົາ', en: 'Cinema and film statistics' },
      abstract: { lo: 'ຈຳນວນຈໍ, ຜູ້ເຂົ້າຊົມ ແລະ ການຜະລິດຮູບເງົາພາຍໃນປະເທດ.', en: 'Screens, admissions and national film production.' },
      pages: [
        ['ຕາຕະລາງທີ 1: ຈຳນວນໂຮງຮູບເງົາ ແລະ ຈໍສາຍ.', 'Table 1: number of cinemas and screens.'],
        ['ຕາຕະລາງທີ 2: ຮູບເງົາລາວທີ່ຜະລິດ ແລະ ສາຍໃນປີ.', 'Table 2: Lao films produced and released in the year.'],
      ],
    },
    {
      key: 'copyright', type: 'law', domains: ['B', 'D', 'E'], sdgs: ['16.10'], areas: ['1.3'], keywords: ['copyright', 'intellectual property'],
      title: { lo: 'ກົດໝາຍວ່າດ້ວຍຊັບສິນທາງປັນຍາ (ສັງລວມ)', en: 'Law on intellectual property (summary)' },
      abstract: { lo: 'ສັງລວມສິດຂອງຜູ້ປະພັນ ແລະ ນັກສະແດງ ເປັນພາສາທີ່ເຂົ້າໃຈງ່າຍ.', en: 'A plain-language summary of the rights of authors and performers.' },
      pages: [
        ['ຜູ້ປະພັນມີສິດໃນຜົນງານຂອງຕົນ.', 'Authors hold rights in their works.'],
        ['ການນຳໃຊ້ຜົນງານຕ້ອງໄດ້ຮັບອະນຸຍາດ.', 'Using a work requires permission.'],
      ],
    },
    {
      key: 'marketing', type: 'toolkit', domains: ['C', 'F'], sdgs: ['8.3', '4.4'], areas: ['1.3'], keywords: ['marketing', 'online sales'], file: 'docx',
      title: { lo: 'ຄູ່ມືການຕະຫຼາດສຳລັບຊ່າງຫັດຖະກຳ', en: 'Marketing guide for artisans' },
      abstract: { lo: 'ການຕັ້ງລາຄາ, ການຖ່າຍຮູບສິນຄ້າ ແລະ ການຂາຍອອນລາຍ ເທື່ອລະຂັ້ນ.', en: 'Pricing, photographing products and selling online, step by step.' },
      pages: [],
      docx: ['ບົດທີ 1: ການຕັ້ງລາຄາສິນຄ້າ.', 'Chapter 1: pricing your products.', 'ບົດທີ 2: ການຖ່າຍຮູບສິນຄ້າດ້ວຍໂທລະສັບ.', 'Chapter 2: photographing products with a phone.', 'ບົດທີ 3: ການຂາຍຜ່ານສື່ສັງຄົມອອນລາຍ.', 'Chapter 3: selling through social media.'],
    },
    {
      key: 'business', type: 'training', domains: ['F', 'B'], sdgs: ['4.4', '8.3'], areas: ['1.1'], keywords: ['entrepreneurship', 'training'],
      title: { lo: 'ເອກະສານຝຶກອົບຮົມ: ການຄຸ້ມຄອງທຸລະກິດສ້າງສັນ', en: 'Training material: managing a creative business' },
      abstract: { lo: 'ບົດຮຽນກ່ຽວກັບງົບປະມານ, ສັນຍາ ແລະ ການເຮັດວຽກເປັນທີມ ສຳລັບຜູ້ປະກອບການວັດທະນະທຳ.', en: 'Modules on budgets, contracts and teamwork for cultural entrepreneurs.' },
      pages: [
        ['ບົດຮຽນທີ 1: ການວາງແຜນງົບປະມານ.', 'Module 1: planning a budget.'],
        ['ບົດຮຽນທີ 2: ການເຮັດສັນຍາກັບລູກຄ້າ.', 'Module 2: contracts with clients.'],
      ],
    },
    {
      key: 'khene', type: 'news', domains: ['B', 'ICH'], sdgs: ['11.4', '8.9'], areas: ['2.1'], keywords: ['khene', 'festival', 'music'],
      title: { lo: 'ງານບຸນແຄນດຶງດູດຜູ້ຊົມຫຼາຍກວ່າເກົ່າ', en: 'Khene festival draws a record audience' },
      abstract: { lo: 'ຂ່າວຈາກໜັງສືພິມກ່ຽວກັບງານບຸນດົນຕີແຄນແຫ່ງຊາດ.', en: 'Press clipping on the national khene music festival.' },
      pages: [['ນັກດົນຕີຫຼາຍກວ່າຮ້ອຍຄົນໄດ້ມາສະແດງທີ່ງານບຸນແຄນ.', 'More than a hundred musicians performed at the khene festival.']],
    },
    {
      key: 'inventory', type: 'link', domains: ['ICH'], sdgs: ['11.4'], areas: ['1.3'], keywords: ['intangible heritage', 'inventory'], file: 'none', url: 'https://example.org/la/ich-inventory',
      title: { lo: 'ບັນຊີມໍລະດົກທີ່ບໍ່ແມ່ນວັດຖຸ (ອອນລາຍ)', en: 'Inventory of intangible heritage (online)' },
      abstract: { lo: 'ລິ້ງໄປຫາບັນຊີອອນລາຍຂອງຮີດຄອງ ແລະ ຄວາມຮູ້ຂອງຊຸມຊົນລາວ.', en: 'Link to the online inventory of the practices and knowledge of Lao communities.' },
      pages: [],
    },
  ],
};

const UZBEKISTAN: LibraryCountry = {
  code: 'UZ',
  languages: ['uz-Latn', 'uz-Cyrl', 'ru'],
  pdfLang: 'uz',
  collection: {
    title: { ...uz("Boshlash uchun"), ru: 'С чего начать', en: 'Start here' },
    introduction: { ...uz("Madaniyat siyosati va kino sanoati bo'yicha asosiy hujjatlar."), ru: 'Основные документы о культурной политике и киноиндустрии.' },
  },
  themes: [
    {
      key: 'policy', type: 'policy', domains: ['A', 'ICH'], sdgs: ['11.4', '16.7'], areas: ['1.1', '3.1'], keywords: ['madaniyat', 'культура'],
      title: { ...uz('Madaniyatni rivojlantirish konsepsiyasi'), ru: 'Концепция развития культуры' },
      abstract: { ...uz("Madaniyat va san'at sohasini rivojlantirishning ustuvor yo'nalishlari."), ru: 'Приоритетные направления развития культуры и искусства.' },
      pages: [
        [uzLatn('Konsepsiya madaniyat sohasidagi davlat siyosatining maqsadlarini belgilaydi.'), 'Концепция определяет цели государственной политики в сфере культуры.'],
        [uzLatn("Hunarmandchilik va amaliy san'at an'analarini qo'llab-quvvatlash muhimdir."), 'Важно поддерживать традиции ремёсел и прикладного искусства.'],
      ],
    },
    {
      key: 'cinema', type: 'statistics', domains: ['E'], sdgs: ['8.3', '17.18'], areas: ['1.1', '2.2'], keywords: ['kino', 'кино', 'statistika'],
      title: { ...uz('Kino sohasi statistikasi'), ru: 'Статистика кинематографии' },
      abstract: { ...uz('Kinoteatrlar, tomoshabinlar soni va milliy filmlar ishlab chiqarish.'), ru: 'Кинотеатры, число зрителей и производство национальных фильмов.' },
      pages: [
        [uzLatn('1-jadval: kinoteatrlar va ekranlar soni.'), 'Таблица 1: число кинотеатров и экранов.'],
        [uzLatn('2-jadval: ishlab chiqarilgan milliy filmlar.'), 'Таблица 2: произведённые национальные фильмы.'],
      ],
    },
    {
      key: 'assessment', type: 'report', domains: ['E'], sdgs: ['4.4', '8.3'], areas: ['1.1', '2.1'], keywords: ['kino sanoati', 'киноиндустрия'],
      title: { ...uz('Kino sanoatini baholash'), ru: 'Оценка киноиндустрии' },
      abstract: { ...uz("Kino sanoatining umumiy holati va kadrlar salohiyatini baholash natijalari."), ru: 'Результаты оценки состояния киноиндустрии и кадрового потенциала.' },
      pages: [
        [uzLatn('Hisobotda rejissyorlar, prodyuserlar va operatorlar bilan suhbatlar natijalari keltirilgan.'), 'В докладе приведены результаты бесед с режиссёрами, продюсерами и операторами.'],
        [uzLatn('Kadrlar tayyorlash va uskunalarga kirish asosiy muammolardir.'), 'Основные проблемы — подготовка кадров и доступ к оборудованию.'],
      ],
    },
    {
      key: 'heritage-law', type: 'law', domains: ['A'], sdgs: ['11.4', '16.4'], areas: ['1.1'], keywords: ['madaniy meros', 'наследие'],
      title: { ...uz("Madaniy meros obyektlarini muhofaza qilish to'g'risida"), ru: 'Об охране объектов культурного наследия' },
      abstract: { ...uz('Qonunning asosiy qoidalari sharhi.'), ru: 'Обзор основных положений закона.' },
      pages: [[uzLatn('Madaniy meros obyektlari davlat muhofazasidadir.'), 'Объекты культурного наследия находятся под охраной государства.']],
    },
    {
      key: 'export', type: 'toolkit', domains: ['C'], sdgs: ['8.3', '17.16'], areas: ['2.2'], keywords: ['eksport', 'hunarmandchilik'], file: 'docx',
      title: { ...uz("Hunarmandlar uchun eksport bo'yicha qo'llanma"), ru: 'Руководство по экспорту для ремесленников' },
      abstract: { ...uz("Hunarmandchilik mahsulotlarini xorijga sotish bosqichlari."), ru: 'Этапы продажи ремесленной продукции за рубежом.' },
      pages: [],
      // The guide itself is in Uzbek Cyrillic, as many readers outside the capital read it.
      docx: [uzLatnToCyrl(uzLatn('1-bob: bojxona hujjatlari.')), uzLatnToCyrl(uzLatn("2-bob: xalqaro ko'rgazmalarda ishtirok etish.")), uzLatnToCyrl(uzLatn("Hunarmandlar suzana va kulolchilik mahsulotlarini eksport qiladi."))],
    },
    {
      key: 'maqom', type: 'training', domains: ['B', 'ICH'], sdgs: ['4.7', '11.4'], areas: ['1.1'], keywords: ['maqom', 'Shashmaqom'],
      title: { ...uz("Maqom ijrochiligi bo'yicha o'quv qo'llanma"), ru: 'Учебное пособие по исполнению макома' },
      abstract: { ...uz('Yosh sozandalar uchun Shashmaqom asoslari.'), ru: 'Основы Шашмакома для молодых музыкантов.' },
      pages: [
        [uzLatn('Shashmaqom olti maqomdan iborat.'), 'Шашмаком состоит из шести макомов.'],
        [uzLatn("Har bir maqom cholg'u va ashula qismlariga ega."), 'Каждый маком имеет инструментальную и вокальную части.'],
      ],
    },
    {
      key: 'rishton', type: 'news', domains: ['C', 'ICH'], sdgs: ['8.9', '11.4'], areas: ['2.1'], keywords: ['Rishton', 'kulolchilik'],
      title: { ...uz('Rishton kulolchilik festivali'), ru: 'Фестиваль керамики в Риштане' },
      abstract: { ...uz('Matbuotda Rishton kulollari festivali haqida.'), ru: 'Публикация о фестивале риштанских керамистов.' },
      pages: [[uzLatn("Festivalda yuzdan ortiq kulol o'z asarlarini namoyish etdi."), 'Более ста керамистов представили свои работы на фестивале.']],
    },
    {
      key: 'portal', type: 'link', domains: ['F'], sdgs: ['8.3'], areas: ['1.3'], keywords: ['ijodiy sanoat'], file: 'none', url: 'https://example.org/uz/creative-portal',
      title: { ...uz('Ijodiy sanoat portali'), ru: 'Портал креативной индустрии' },
      abstract: { ...uz("Ijodiy sanoat sub'ektlari uchun onlayn portal."), ru: 'Онлайн-портал для субъектов креативной индустрии.' },
      pages: [],
    },
  ],
};

const RWANDA: LibraryCountry = {
  code: 'RW',
  languages: ['rw', 'en', 'fr'],
  pdfLang: 'rw',
  collection: {
    title: { rw: 'Tangirira hano', en: 'Start here', fr: 'Commencer ici' },
    introduction: { rw: 'Inyandiko z’ingenzi ku muco n’ubuhanzi mu Rwanda.', en: 'Key documents on culture and the arts in Rwanda.', fr: 'Documents essentiels sur la culture et les arts au Rwanda.' },
  },
  themes: [
    {
      key: 'policy', type: 'policy', domains: ['A', 'ICH'], sdgs: ['11.4', '16.7'], areas: ['1.1'], keywords: ['umuco', 'heritage'],
      title: { rw: 'Politiki y’Igihugu y’Umurage Ndangamuco', en: 'National cultural heritage policy', fr: 'Politique nationale du patrimoine culturel' },
      abstract: { rw: 'Intego za Leta mu kubungabunga umurage ndangamuco no guteza imbere ubuhanzi.', en: 'The aims of the State for safeguarding cultural heritage and developing the arts.', fr: 'Les objectifs de l’État pour la sauvegarde du patrimoine culturel et le développement des arts.' },
      pages: [
        ['Iyi politiki igena icyerekezo cy’iterambere ry’umuco.', 'This policy sets the direction for cultural development.'],
        ['Abahanzi bagomba gushyigikirwa mu guhanga no kumenyekanisha ibihangano byabo.', 'Artists must be supported in creating and promoting their works.'],
      ],
    },
    {
      key: 'capacity', type: 'report', domains: ['B', 'C'], sdgs: ['4.4', '8.3'], areas: ['1.1', '1.4'], keywords: ['capacity building', 'amahugurwa'],
      title: { rw: 'Isesengura ry’ubushobozi abahanzi bakeneye', en: 'Capacity needs assessment of artists', fr: 'Évaluation des besoins en capacités des artistes' },
      abstract: { rw: 'Ibyavuye mu isesengura ry’ubumenyi abahanzi n’abakozi b’umuco bakeneye.', en: 'Results of an assessment of the skills artists and cultural professionals need.', fr: 'Résultats d’une évaluation des compétences dont ont besoin les artistes et les professionnels de la culture.' },
      pages: [
        ['Abahanzi benshi bakeneye amahugurwa mu micungire y’imishinga.', 'Many artists need training in project management.'],
        ['Ubumenyi mu ikoranabuhanga n’itumanaho ni ingenzi.', 'Digital and communication skills are essential.'],
      ],
    },
    {
      key: 'statistics', type: 'statistics', domains: ['B', 'C', 'E'], sdgs: ['8.3', '17.18'], areas: ['1.1'], keywords: ['statistics', 'imibare'],
      title: { rw: 'Imibare y’urwego rw’umuco', en: 'Cultural sector statistics', fr: 'Statistiques du secteur culturel' },
      abstract: { rw: 'Imibare y’abakozi, ibigo n’ibikorwa by’umuco.', en: 'Figures on employment, enterprises and cultural activities.', fr: 'Chiffres sur l’emploi, les entreprises et les activités culturelles.' },
      pages: [['Imbonerahamwe ya 1: abakozi bo mu rwego rw’umuco.', 'Table 1: employment in the cultural sector.']],
    },
    {
      key: 'copyright', type: 'law', domains: ['B', 'D', 'E'], sdgs: ['16.10'], areas: ['1.3'], keywords: ['copyright', 'uburenganzira'],
      title: { rw: 'Itegeko rirengera uburenganzira bw’abahanzi (incamake)', en: 'Law on copyright and related rights (summary)', fr: 'Loi sur le droit d’auteur et les droits voisins (résumé)' },
      abstract: { rw: 'Incamake y’uburenganzira bw’abahanzi n’abaririmbyi.', en: 'A summary of the rights of authors and performers.', fr: 'Un résumé des droits des auteurs et des artistes interprètes.' },
      pages: [['Umuhanzi afite uburenganzira ku bihangano bye.', 'An author holds rights in their works.']],
    },
    {
      key: 'promotion', type: 'toolkit', domains: ['C', 'F'], sdgs: ['8.3'], areas: ['1.3'], keywords: ['promotion', 'réseaux sociaux'], file: 'docx',
      title: { rw: 'Imfashanyigisho yo kumenyekanisha ibihangano', en: 'Guide to promoting creative work', fr: 'Guide pour faire connaître ses œuvres' },
      abstract: { rw: 'Uko wamenyekanisha ibihangano byawe ku mbuga nkoranyambaga.', en: 'How to promote your work on social media.', fr: 'Comment faire connaître ses œuvres sur les réseaux sociaux.' },
      pages: [],
      docx: ['Partie 1 : photographier ses œuvres.', 'Partie 2 : vendre en ligne et fixer ses prix.', 'Partie 3 : travailler avec les médias et les festivals.'],
    },
    {
      key: 'projects', type: 'training', domains: ['B'], sdgs: ['4.4'], areas: ['1.1'], keywords: ['training', 'project management'],
      title: { rw: 'Amahugurwa ku micungire y’imishinga y’umuco', en: 'Training: managing cultural projects', fr: 'Formation : gérer des projets culturels' },
      abstract: { rw: 'Amasomo yo gutegura no gucunga imishinga y’umuco.', en: 'Lessons on planning and running cultural projects.', fr: 'Leçons pour préparer et conduire des projets culturels.' },
      pages: [['Isomo rya 1: gutegura ingengo y’imari.', 'Lesson 1: preparing a budget.']],
    },
    {
      key: 'dance', type: 'news', domains: ['B', 'ICH'], sdgs: ['11.4', '8.9'], areas: ['2.1'], keywords: ['dance', 'imbyino', 'festival'],
      title: { rw: 'Iserukiramuco ry’imbyino gakondo i Huye', en: 'Traditional dance festival in Huye', fr: 'Festival de danse traditionnelle à Huye' },
      abstract: { rw: 'Inkuru yo mu kinyamakuru ku iserukiramuco ry’imbyino.', en: 'Press clipping on the dance festival.', fr: 'Article de presse sur le festival de danse.' },
      pages: [['Amatorero arenga makumyabiri yitabiriye iserukiramuco.', 'More than twenty troupes took part in the festival.']],
    },
    {
      key: 'imigongo', type: 'link', domains: ['C', 'ICH'], sdgs: ['11.4'], areas: ['1.3'], keywords: ['imigongo'], file: 'none', url: 'https://example.org/rw/imigongo',
      title: { rw: 'Ububiko bw’ibihangano by’imigongo', en: 'Imigongo art collection (online)', fr: 'Collection d’art imigongo (en ligne)' },
      abstract: { rw: 'Amafoto n’amateka y’ibihangano by’imigongo.', en: 'Photographs and history of imigongo art.', fr: 'Photographies et histoire de l’art imigongo.' },
      pages: [],
    },
  ],
};

/** The countries of the library demo. */
export const LIBRARY_DEMO_COUNTRIES: readonly LibraryCountry[] = [LAO, UZBEKISTAN, RWANDA];
/** The editions of each kind of document. */
export const LIBRARY_DEMO_YEARS = [2019, 2021, 2023] as const;

/** The demo resources of a country, with their external ids (deterministic). */
export function libraryDemoRecords(country: LibraryCountry) {
  return country.themes.flatMap((theme, t) =>
    LIBRARY_DEMO_YEARS.map((year, e) => {
      const suffix = ` (${year})`;
      const title = Object.fromEntries(Object.entries(theme.title).map(([l, v]) => [l, v + suffix]));
      const input: ResourceInput = {
        type: theme.type,
        title,
        abstract: theme.abstract,
        date: `${year}-${String(1 + ((t * 3 + e * 5) % 12)).padStart(2, '0')}`,
        domains: theme.domains,
        keywords: theme.keywords,
        languages: country.languages,
        sdgs: theme.sdgs,
        conventionAreas: theme.areas,
        coverage: { countries: [country.code] },
        licence: t % 3 === 0 ? 'CC-BY-4.0' : t % 3 === 1 ? 'copyright' : 'CC-BY-NC-4.0',
        identifiers: theme.url ? [{ scheme: 'url', value: theme.url }] : [],
        // A few for members only, and one draft, so access rules can be seen at work.
        access: (t === 2 && e === 2) || (t === 5 && e === 0) ? 'members' : 'public',
        status: t === 0 && e === 0 ? 'draft' : 'published',
      };
      return { externalId: `demo-${country.code}-res-${theme.key}-${year}`, theme, year, input };
    }),
  );
}

async function fileOf(country: LibraryCountry, theme: Theme, year: number): Promise<{ filename: string; bytes: Buffer } | null> {
  const kind = theme.file ?? 'pdf';
  if (kind === 'none') return null;
  const title = Object.values(theme.title)[0]!;
  if (kind === 'docx') return { filename: `${theme.key}-${year}.docx`, bytes: await makeDocx({ title, paragraphs: theme.docx ?? [] }) };
  const pages = [`${title} (${year})\n${Object.values(theme.abstract).join('\n')}`, ...theme.pages.map((lines) => lines.join('\n'))];
  return { filename: `${theme.key}-${year}.pdf`, bytes: await makePdf({ title, pages, lang: country.pdfLang }) };
}

/**
 * Loads the missing demo resources of a country, with their files, and its "start here"
 * collection, acting as the space's demo administrator. Returns how many records were added.
 */
export async function loadLibraryDemo(
  db: Db,
  library: LibraryService,
  files: FilesService,
  countryCode: string,
  spaceId: string,
  admin: Principal,
  actor: Actor,
): Promise<number> {
  const country = LIBRARY_DEMO_COUNTRIES.find((c) => c.code === countryCode);
  if (!country) return 0;
  const existing = await externalIdsWithPrefix(db, spaceId, `demo-${country.code}-res-`);
  // Creators and publishers are the country's demo organisations, linked to the directory.
  const orgs = await directoryIds(db, 'organizations', spaceId, `demo-${country.code}-org-`);
  const orgId = (n: number) => orgs.get(`demo-${country.code}-org-${String(n).padStart(3, '0')}`);
  let added = 0;
  const created: string[] = [];
  for (const [i, record] of libraryDemoRecords(country).entries()) {
    if (existing.has(record.externalId)) continue;
    const creator = orgId(1 + ((i * 7) % 40));
    const publisher = orgId(1 + (i % 5));
    const view = await library.createResource(
      admin,
      spaceId,
      { ...record.input, externalId: record.externalId, creators: creator ? [{ kind: 'organization', id: creator }] : [], publisher: publisher ? { kind: 'organization', id: publisher } : null },
      actor,
    );
    created.push(view.id);
    added++;
    const file = await fileOf(country, record.theme, record.year);
    if (file) {
      const first = await files.addFile(admin, view.id, { ...file, label: null }, actor);
      added++;
      // The latest policy has a corrected second version, to show the version history.
      if (record.theme.key === 'policy' && record.year === LIBRARY_DEMO_YEARS[LIBRARY_DEMO_YEARS.length - 1]) {
        const second = await fileOf(country, { ...record.theme, pages: [...record.theme.pages, ['—', 'Corrigendum: figures of table 2 updated.']] }, record.year);
        await files.addVersion(admin, view.id, first.fileId, { ...second!, label: null }, actor);
        added++;
      }
    }
  }
  const collections = await library.listCollections(admin, [spaceId]);
  if (created.length && !collections.some((c) => c.title.en?.value === country.collection.title.en)) {
    const collection = await library.createCollection(admin, spaceId, { title: country.collection.title, introduction: country.collection.introduction }, actor);
    const publicOnes = (await library.getResources(admin, created)).filter((r) => r.access === 'public' && r.status === 'published');
    for (const r of publicOnes.filter((_, i) => i % 3 === 2).slice(0, 6)) await library.addToCollection(admin, collection.id, r.id, null, actor);
    added++;
  }
  return added;
}
