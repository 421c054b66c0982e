/**
 * Word lists for Uzbekistan: towns and districts of each region (real place names in Uzbek Latin,
 * Russian and English), invented studio, ensemble and brand names, Uzbek and Russian given names
 * and family names, crafts (Rishton and Gʻijduvon ceramics, suzani, ikat), maqom, theatre, film
 * and publishing vocabulary. Uzbek Latin is typed here with ASCII apostrophes and written out
 * with ʻ (U+02BB) in oʻ/gʻ and ʼ (U+02BC) elsewhere; the Cyrillic forms are derived from it.
 * Every organisation and person built from these lists is fictitious.
 */
import type { Rng } from './random.js';
import { professionLabel, type BuildContext, type CountryData, type Names, type OrgKind, type Profession, type Town } from './types.js';

/** Uzbek Latin typed with ASCII apostrophes → the official spelling: oʻ gʻ (U+02BB), tutuq ʼ (U+02BC). */
export function uzLatn(text: string): string {
  return text.replace(/([oOgG])'/g, '$1\u02BB').replace(/'/g, '\u02BC');
}

const CYRL: Record<string, string> = {
  a: 'а', b: 'б', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'ҳ', i: 'и', j: 'ж', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п',
  q: 'қ', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', x: 'х', y: 'й', z: 'з', c: 'с', w: 'в',
};
const DIGRAPHS: [string, string][] = [
  ['o\u02BB', 'ў'], ['g\u02BB', 'ғ'], ['sh', 'ш'], ['ch', 'ч'], ['ts', 'ц'], ['yo', 'ё'], ['yu', 'ю'], ['ya', 'я'], ['ye', 'е'],
];
const CYRL_VOWELS = 'аеёиоуўэюя';

/**
 * Official Uzbek Latin → Uzbek Cyrillic, for the Cyrillic names of the demo records: the inverse of
 * the analyzer's Cyrillic → Latin folding (e → э at the start of a word and after a vowel, е elsewhere).
 */
export function uzLatnToCyrl(latn: string): string {
  let out = '';
  let i = 0;
  while (i < latn.length) {
    const ch = latn[i]!;
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    const prev = (out[out.length - 1] ?? ' ').toLowerCase();
    // "yoʻ" is й + ў, not ё + ʻ.
    const rest = latn.slice(i, i + 3).toLowerCase();
    let taken = 1;
    let cyr: string | undefined;
    if (rest === 'yo\u02BB') cyr = 'й';
    else {
      for (const [latnPair, cyrLetter] of DIGRAPHS) {
        if (latn.slice(i, i + latnPair.length).toLowerCase() === latnPair) {
          cyr = cyrLetter;
          taken = latnPair.length;
          break;
        }
      }
    }
    // "ye" after a consonant is ье (интерьер), since е there reads as a plain e.
    if (cyr === 'е' && /\p{L}/u.test(prev) && !CYRL_VOWELS.includes(prev) && prev !== 'ъ' && prev !== 'ь') cyr = 'ье';
    if (cyr === undefined) {
      if (lower === 'e') cyr = /\p{L}/u.test(prev) && !CYRL_VOWELS.includes(prev) ? 'е' : 'э';
      else if (ch === '\u02BC') cyr = 'ъ';
      else cyr = CYRL[lower];
    }
    if (cyr === undefined) {
      out += ch;
      i++;
      continue;
    }
    out += upper ? cyr.toUpperCase() : cyr;
    i += taken;
  }
  return out;
}

type TownRow = readonly [region: string, uz: string, ru: string, en: string, weight?: number];
const TOWN_ROWS: readonly TownRow[] = [
  ['UZ-AN', 'Andijon', 'Андижан', 'Andijan'], ['UZ-AN', 'Asaka', 'Асака', 'Asaka'], ['UZ-AN', 'Xonobod', 'Ханабад', 'Khanabad'],
  ['UZ-BU', 'Buxoro', 'Бухара', 'Bukhara', 2], ['UZ-BU', "G'ijduvon", 'Гиждуван', 'Gijduvan'], ['UZ-BU', 'Vobkent', 'Вабкент', 'Vobkent'],
  ['UZ-FA', "Farg'ona", 'Фергана', 'Fergana'], ['UZ-FA', "Marg'ilon", 'Маргилан', 'Margilan'], ['UZ-FA', 'Rishton', 'Риштан', 'Rishtan'], ['UZ-FA', "Qo'qon", 'Коканд', 'Kokand'],
  ['UZ-JI', 'Jizzax', 'Джизак', 'Jizzakh'], ['UZ-JI', 'Zomin', 'Заамин', 'Zaamin'],
  ['UZ-NG', 'Namangan', 'Наманган', 'Namangan'], ['UZ-NG', 'Chust', 'Чуст', 'Chust'], ['UZ-NG', 'Kosonsoy', 'Касансай', 'Kasansay'],
  ['UZ-NW', 'Navoiy', 'Навои', 'Navoiy'], ['UZ-NW', 'Nurota', 'Нурата', 'Nurata'],
  ['UZ-QA', 'Qarshi', 'Карши', 'Karshi'], ['UZ-QA', 'Shahrisabz', 'Шахрисабз', 'Shahrisabz'], ['UZ-QA', 'Kitob', 'Китаб', 'Kitab'],
  ['UZ-QR', 'Nukus', 'Нукус', 'Nukus'], ['UZ-QR', "Xo'jayli", 'Ходжейли', 'Khojeyli'], ['UZ-QR', "Mo'ynoq", 'Муйнак', 'Muynak'],
  ['UZ-SA', 'Samarqand', 'Самарканд', 'Samarkand', 2.5], ['UZ-SA', 'Urgut', 'Ургут', 'Urgut'], ['UZ-SA', "Kattaqo'rg'on", 'Каттакурган', 'Kattakurgan'],
  ['UZ-SI', 'Guliston', 'Гулистан', 'Gulistan'], ['UZ-SI', 'Yangiyer', 'Янгиер', 'Yangiyer'],
  ['UZ-SU', 'Termiz', 'Термез', 'Termez'], ['UZ-SU', 'Boysun', 'Байсун', 'Baysun'], ['UZ-SU', 'Denov', 'Денау', 'Denau'],
  ['UZ-TK', 'Yunusobod', 'Юнусабад', 'Yunusabad', 3], ['UZ-TK', "Mirzo Ulug'bek", 'Мирзо-Улугбек', 'Mirzo Ulugbek', 3], ['UZ-TK', 'Chilonzor', 'Чиланзар', 'Chilanzar', 3],
  ['UZ-TK', 'Shayxontohur', 'Шайхантахур', 'Shaykhantakhur', 3], ['UZ-TK', 'Yakkasaroy', 'Яккасарай', 'Yakkasaray', 3],
  ['UZ-TO', 'Chirchiq', 'Чирчик', 'Chirchik'], ['UZ-TO', 'Angren', 'Ангрен', 'Angren'], ['UZ-TO', 'Olmaliq', 'Алмалык', 'Almalyk'], ['UZ-TO', 'Nurafshon', 'Нурафшан', 'Nurafshan'],
  ['UZ-XO', 'Urganch', 'Ургенч', 'Urgench'], ['UZ-XO', 'Xiva', 'Хива', 'Khiva', 1.5],
];

const TOWNS: Town[] = TOWN_ROWS.map(([region, uz, ru, en, weight]) => {
  const latn = uzLatn(uz);
  return { region, names: { 'uz-Latn': latn, 'uz-Cyrl': uzLatnToCyrl(latn), ru, en }, weight: weight ?? 1 };
});

type Brand = readonly [uz: string, ru?: string];
/** Invented brand names (common Uzbek words and names of flowers, birds, legends). */
const BRANDS: readonly Brand[] = [
  ['Zarafshon', 'Зарафшан'], ['Oqsaroy', 'Аксарай'], ['Lochin', 'Лочин'], ['Humo', 'Хумо'], ['Nurafshon'], ['Kamalak', 'Камалак'],
  ['Sharq yulduzi'], ['Boychechak'], ["Ipak yo'li", 'Шёлковый путь'], ['Chinor', 'Чинар'], ['Tumaris', 'Томирис'], ['Afsona', 'Афсона'],
  ['Navbahor', 'Навбахор'], ['Oltin vodiy'], ['Yulduz', 'Юлдуз'], ["Bog'ishamol"], ["Semurg'", 'Симург'], ['Turon', 'Туран'],
  ['Mehrigiyo'], ['Oydin', 'Ойдин'], ['Sadaf', 'Садаф'], ['Lola', 'Лола'], ['Anor', 'Анор'], ['Bahor', 'Бахор'], ['Nilufar', 'Нилуфар'],
  ["Qaldirg'och"], ['Durdona'], ['Shalola'], ["Farog'at"], ['Ziyo', 'Зиё'], ['Ilhom', 'Ильхом'], ['Mezon'], ['Sarbon', 'Сарбон'],
];

const STREETS: readonly (readonly [string, string])[] = [
  ["Navro'z", 'Навруз'], ["Do'stlik", 'Дустлик'], ["Bog'ishamol", 'Богишамол'], ['Mustaqillik', 'Мустакиллик'], ['Chinor', 'Чинар'],
  ['Olmazor', 'Алмазар'], ['Bunyodkor', 'Бунёдкор'], ['Mehr', 'Мехр'], ['Guliston', 'Гулистан'], ['Yangi hayot', 'Янги хаёт'],
];

/** The Uzbek names of an organisation: Latin, its Cyrillic, and optionally Russian and English. */
function names(latnAscii: string, en: string, ru?: string): Names {
  const latn = uzLatn(latnAscii);
  const out: Names = { 'uz-Latn': latn, 'uz-Cyrl': uzLatnToCyrl(latn), en };
  if (ru) out.ru = ru;
  return out;
}
/** Descriptions: Latin, Cyrillic, English, and optionally Russian. */
function describe(latnAscii: string, en: string, ru?: string): Names {
  return names(latnAscii, en, ru);
}

const townLatn = (c: BuildContext) => c.town.names['uz-Latn']!;
const brand = (c: BuildContext): { uz: string; ru: string | undefined; en: string } => {
  const [uz, ru] = c.r.pick(BRANDS);
  const latn = uzLatn(uz);
  return { uz: latn, ru, en: latn.replace(/[\u02BB\u02BC]/g, '') };
};
/** "Andijon viloyati" → "Andijon viloyat" (attributive form before a noun). */
function regionAttr(region: Names): string {
  return (region['uz-Latn'] ?? '').replace(/ viloyati$/, ' viloyat').replace(/ shahri$/, ' shahar').replace(/ Respublikasi$/, '');
}

const UZ_LANGS: OrgKind['languages'] = [[['uz'], 4], [['uz', 'ru'], 4], [['uz', 'ru', 'en'], 2], [['uz', 'tg'], 0.6], [['ru'], 0.6], [['kaa', 'uz'], 0.4]];
const UZ_BUSINESS: OrgKind['languages'] = [[['uz', 'ru', 'en'], 3], [['uz', 'ru'], 3], [['uz', 'en'], 1], [['ru', 'en'], 0.5]];

const KINDS: OrgKind[] = [
  {
    id: 'film-studio',
    weight: 4,
    types: [['private', 3], ['government', 1]],
    domains: ['E'],
    functions: ['creation', 'production'],
    founded: [1958, 2023],
    sizes: [['2-9', 2], ['10-49', 2], ['50-249', 1]],
    languages: UZ_BUSINESS,
    build(c) {
      const b = brand(c);
      const compact = b.uz.replace(/\s+/g, '');
      const pattern = c.r.int(0, 1);
      return {
        name:
          pattern === 0
            ? names(`«${b.uz}» kinostudiyasi`, `${b.en} Film Studio`, b.ru ? `Киностудия «${b.ru}»` : undefined)
            : names(`«${compact}film» kinokompaniyasi`, `${compact.replace(/[\u02BB\u02BC]/g, '')}film Company`),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: `${b.en} film`,
        description: describe(
          'Badiiy va hujjatli filmlar, seriallar va reklama roliklari ishlab chiqaradi.',
          'Produces feature films, documentaries, television series and commercials.',
          'Производство художественных и документальных фильмов, сериалов и рекламы.',
        ),
      };
    },
  },
  {
    id: 'animation',
    weight: 2,
    types: [['private', 1]],
    domains: ['E'],
    functions: ['creation', 'production'],
    founded: [2005, 2024],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: UZ_BUSINESS,
    build(c) {
      const b = brand(c);
      return {
        name: names(`«${b.uz}» animatsiya studiyasi`, `${b.en} Animation Studio`, b.ru ? `Анимационная студия «${b.ru}»` : undefined),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: `${b.en} animation`,
        description: describe("Bolalar uchun multfilmlar va animatsion seriallar yaratadi.", 'Makes cartoons and animated series for children.'),
      };
    },
  },
  {
    id: 'ceramics',
    weight: 8,
    types: [['private', 2], ['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1965, 2023],
    sizes: [['1', 1], ['2-9', 3]],
    languages: UZ_LANGS,
    towns: ['Rishtan', 'Gijduvan', 'Samarkand', 'Khiva', 'Bukhara', 'Yunusabad'],
    build(c) {
      const family = c.r.pick(FAMILY).replace(/a$/, '');
      const plain = family.replace(/[\u02BB\u02BC]/g, '');
      const town = townLatn(c);
      const school = c.town.names.en === 'Gijduvan' ? "G'ijduvon" : c.town.names.en === 'Rishtan' ? 'Rishton' : town;
      const b = brand(c);
      const [uz, en] = c.r.pick([
        [`${family}lar oilaviy kulolchilik ustaxonasi`, `${plain} Family Ceramics Workshop`],
        [`«${b.uz}» kulolchilik markazi`, `${b.en} Ceramics Centre`],
      ] as const);
      return {
        name: names(uz, en),
        optionalNames: ['uz-Cyrl'],
        slug: en,
        description: describe(
          `${uzLatn(school)} kulolchilik maktabi an'analarida sirlangan lagan, kosa va ko'zalar yasaydi; shogirdlarga saboq beradi.`,
          `Glazed earthenware plates (lagan), bowls and jugs in the ${c.town.names.en} tradition; trains apprentices.`,
        ),
      };
    },
  },
  {
    id: 'suzani',
    weight: 6,
    types: [['civil_society', 2], ['private', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1990, 2023],
    sizes: [['2-9', 3], ['10-49', 1]],
    languages: UZ_LANGS,
    towns: ['Nurata', 'Bukhara', 'Samarkand', 'Shahrisabz', 'Baysun', 'Urgut', 'Yakkasaray'],
    build(c) {
      const town = townLatn(c);
      const b = brand(c);
      const [uz, en, unique] = c.r.pick([
        [`«${b.uz}» kashtachilik ustaxonasi`, `${b.en} Suzani Embroidery Workshop`, undefined],
        [`${town} so'zana markazi`, `${c.town.names.en} Suzani Centre`, `suzani-${town}`],
        [`${town} kashtachi ayollar uyushmasi`, `${c.town.names.en} Women Embroiderers' Association`, `embroiderers-${town}`],
      ] as const);
      return {
        name: names(uz, en),
        optionalNames: ['uz-Cyrl'],
        unique,
        slug: en,
        description: describe(
          `Qo'lda tikilgan so'zana, zardo'zi va kashta buyumlari; ${town} naqshlari.`,
          `Hand-stitched suzani, gold embroidery (zardozi) and embroidered textiles in the patterns of ${c.town.names.en}.`,
          `Сюзане ручной работы, золотное шитьё и вышивка.`,
        ),
      };
    },
  },
  {
    id: 'ikat',
    weight: 3,
    types: [['private', 2], ['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['production', 'dissemination'],
    founded: [1992, 2023],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: UZ_LANGS,
    towns: ['Margilan'],
    build(c) {
      const b = brand(c);
      return {
        name: names(`«${b.uz}» atlas va adras ustaxonasi`, `${b.en} Ikat Weaving Workshop`, b.ru ? `Мастерская атласа и адраса «${b.ru}»` : undefined),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: `${b.en} ikat`,
        description: describe(
          "Abrbandi usulida ipak atlas va adras to'qiydi; tabiiy bo'yoqlar.",
          'Weaves silk atlas and adras ikat with the abrband resist-dye technique and natural dyes.',
          'Ткань атлас и адрас в технике абрбанди, натуральные красители.',
        ),
      };
    },
  },
  {
    id: 'maqom',
    weight: 6,
    types: [['civil_society', 2], ['government', 1]],
    domains: ['B', 'ICH'],
    functions: ['creation', 'exhibition'],
    founded: [1960, 2023],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: UZ_LANGS,
    build(c) {
      const b = brand(c);
      const khorezm = c.town.region === 'UZ-XO';
      const [uz, en, ru] = c.r.pick<readonly [string, string, string | undefined]>(
        khorezm
          ? ([[`«${b.uz}» lazgi raqs ansambli`, `${b.en} Lazgi Dance Ensemble`, b.ru ? `Ансамбль лазги «${b.ru}»` : undefined]] as const)
          : ([
              [`«${b.uz}» maqom ansambli`, `${b.en} Maqom Ensemble`, b.ru ? `Ансамбль макома «${b.ru}»` : undefined],
              [`«${b.uz}» folklor-etnografik ansambli`, `${b.en} Folk Ensemble`, b.ru ? `Фольклорно-этнографический ансамбль «${b.ru}»` : undefined],
              [`«${b.uz}» dutorchi qizlar ansambli`, `${b.en} Dutar Ensemble`, undefined],
            ] as const),
      );
      return {
        name: names(uz, en, ru),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: en,
        description: describe(
          "Shashmaqom, mumtoz va xalq qo'shiqlarini ijro etadi: tanbur, dutor, doira va g'ijjak.",
          'Performs Shashmaqom, classical and folk songs with tanbur, dutar, doira and ghijjak.',
          'Исполняет шашмаком, классические и народные песни: танбур, дутар, дойра, гиджак.',
        ),
      };
    },
  },
  {
    id: 'theatre',
    weight: 5,
    types: [['government', 1], ['private', 1]],
    domains: ['B'],
    functions: ['creation', 'exhibition'],
    founded: [1930, 2022],
    sizes: [['10-49', 2], ['50-249', 1]],
    languages: UZ_LANGS,
    build(c) {
      const b = brand(c);
      const [uz, en, ru, unique] = c.r.pick([
        [`${regionAttr(c.region)} musiqali drama teatri`, `${c.region.en} Music and Drama Theatre`, `Музыкально-драматический театр (${c.region.ru})`, `theatre-${c.town.region}`],
        [`«${b.uz}» yosh tomoshabinlar teatri`, `${b.en} Youth Theatre`, b.ru ? `Театр юного зрителя «${b.ru}»` : undefined, undefined],
        [`«${b.uz}» qo'g'irchoq teatri`, `${b.en} Puppet Theatre`, b.ru ? `Театр кукол «${b.ru}»` : undefined, undefined],
        [`«${b.uz}» teatr-studiyasi`, `${b.en} Theatre Studio`, b.ru ? `Театр-студия «${b.ru}»` : undefined, undefined],
      ] as const);
      return {
        name: names(uz, en, ru),
        optionalNames: ['ru'],
        unique,
        slug: en,
        description: describe(
          "Spektakllar, bolalar uchun ertak-tomoshalar va viloyatlarga gastrollar.",
          'Plays, fairy-tale shows for children and tours of the regions.',
          'Спектакли, сказки для детей и гастроли по регионам.',
        ),
      };
    },
  },
  {
    id: 'publisher',
    weight: 5,
    types: [['private', 1]],
    domains: ['D'],
    functions: ['production', 'dissemination'],
    founded: [1991, 2023],
    sizes: [['2-9', 2], ['10-49', 2]],
    languages: UZ_BUSINESS,
    build(c) {
      const b = brand(c);
      const [uz, en, ru] = c.r.pick([
        [`«${b.uz}» nashriyoti`, `${b.en} Publishing House`, b.ru ? `Издательство «${b.ru}»` : undefined],
        [`«${b.uz}» nashriyot-matbaa uyi`, `${b.en} Publishing and Printing House`, b.ru ? `Издательско-полиграфический дом «${b.ru}»` : undefined],
      ] as const);
      return {
        name: names(uz, en, ru),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: en,
        description: describe(
          "O'zbek adabiyoti, bolalar kitoblari va tarjima asarlarini nashr etadi.",
          'Publishes Uzbek literature, children’s books and translations.',
          'Узбекская литература, детские книги и переводы.',
        ),
      };
    },
  },
  {
    id: 'design',
    weight: 4,
    types: [['private', 1]],
    domains: ['F'],
    functions: ['creation', 'production'],
    founded: [2008, 2024],
    sizes: [['1', 1], ['2-9', 2]],
    languages: [[['uz', 'en'], 2], [['uz', 'ru', 'en'], 2], [['ru', 'en'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: names(`«${b.uz}» dizayn studiyasi`, `${b.en} Design Studio`, b.ru ? `Дизайн-студия «${b.ru}»` : undefined),
        // Young studios often register a Latin name only.
        optionalNames: ['uz-Cyrl', 'ru', 'en'],
        slug: `${b.en} design`,
        description: describe(
          "Grafik dizayn, brending va milliy naqshlar asosida interyer dizayni.",
          'Graphic design, branding and interiors drawing on Uzbek ornament.',
        ),
      };
    },
  },
  {
    id: 'district-culture',
    weight: 3,
    types: [['government', 1]],
    domains: ['A', 'B', 'ICH'],
    functions: ['participation'],
    founded: [1991, 2018],
    sizes: [['2-9', 1], ['10-49', 1]],
    languages: [[['uz'], 2], [['uz', 'ru'], 1]],
    official: true,
    build(c) {
      const town = townLatn(c);
      return {
        name: names(`${town} tuman madaniyat bo'limi`, `${c.town.names.en} District Culture Division`),
        unique: `district-${town}`,
        slug: `${c.town.names.en} culture division`,
        description: describe(
          "Tuman madaniyat markazlari, havaskorlik jamoalari va milliy bayramlarni muvofiqlashtiradi.",
          'Coordinates district culture centres, amateur groups and national holidays.',
        ),
      };
    },
  },
  {
    id: 'music-school',
    weight: 4,
    types: [['education', 1]],
    domains: ['B', 'C'],
    functions: ['participation', 'creation'],
    founded: [1950, 2020],
    sizes: [['10-49', 2], ['50-249', 1]],
    languages: UZ_LANGS,
    build(c) {
      const n = c.r.int(1, 40);
      const town = townLatn(c);
      return {
        name: names(`${town} ${n}-son bolalar musiqa va san'at maktabi`, `Children's Music and Art School No. ${n}, ${c.town.names.en}`, `Детская школа музыки и искусств № ${n} (${c.town.names.ru})`),
        optionalNames: ['ru', 'en'],
        unique: `school-${town}-${n}`,
        slug: `${c.town.names.en} music school ${n}`,
        description: describe(
          "Fortepiano, dutor, doira, xor va tasviriy san'at bo'yicha bolalar uchun to'garaklar.",
          'Piano, dutar, doira, choir and drawing classes for children.',
          'Фортепиано, дутар, дойра, хор и изобразительное искусство для детей.',
        ),
      };
    },
  },
  {
    id: 'museum',
    weight: 2,
    types: [['government', 1]],
    domains: ['A', 'C'],
    functions: ['exhibition'],
    founded: [1925, 2015],
    sizes: [['10-49', 1]],
    languages: [[['uz', 'ru', 'en'], 1]],
    build(c) {
      const town = townLatn(c);
      const [uz, en, ru, kind] = c.r.pick([
        [`${town} amaliy san'at muzeyi`, `${c.town.names.en} Museum of Applied Arts`, `Музей прикладного искусства (${c.town.names.ru})`, 'applied'],
        [`${town} tarixi muzeyi`, `${c.town.names.en} History Museum`, `Музей истории города ${c.town.names.ru}`, 'history'],
      ] as const);
      return {
        name: names(uz, en, ru),
        unique: `museum-${town}-${kind}`,
        slug: en,
        description: describe("Kulolchilik, kashtachilik, zargarlik va yog'och o'ymakorligi to'plamlari.", 'Collections of ceramics, embroidery, jewellery and wood carving.'),
      };
    },
  },
  {
    id: 'artisans',
    weight: 2,
    types: [['network', 1]],
    domains: ['C', 'ICH'],
    functions: ['participation', 'dissemination'],
    founded: [1995, 2020],
    sizes: [['10-49', 1], ['50-249', 1]],
    languages: UZ_LANGS,
    build(c) {
      return {
        name: names(`${regionAttr(c.region)} hunarmandlar uyushmasi`, `${c.region.en} Artisans' Association`),
        unique: `artisans-${c.town.region}`,
        slug: `${c.region.en} artisans`,
        description: describe("Hunarmandlarni birlashtiradi, ko'rgazma-yarmarkalar va usta-shogird maktablarini tashkil etadi.", 'Brings artisans together; organises craft fairs and master–apprentice schools.'),
      };
    },
  },
  {
    id: 'media',
    weight: 3,
    types: [['media', 1]],
    domains: ['D', 'E'],
    functions: ['dissemination'],
    founded: [1995, 2024],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: UZ_BUSINESS,
    build(c) {
      const b = brand(c);
      const [uz, en, ru, descUz, descEn] = c.r.pick([
        [`«${b.uz}» radiosi`, `${b.en} Radio`, b.ru ? `Радио «${b.ru}»` : undefined, "Musiqa, madaniyat yangiliklari va adabiy eshittirishlar.", 'Music, cultural news and literary programmes.'],
        [`«${b.uz}» jurnali`, `${b.en} Magazine`, b.ru ? `Журнал «${b.ru}»` : undefined, "San'at, kino va adabiyot haqida oylik jurnal.", 'Monthly magazine on art, cinema and literature.'],
      ] as const);
      return { name: names(uz, en, ru), optionalNames: ['uz-Cyrl', 'ru'], slug: en, description: describe(descUz, descEn) };
    },
  },
  {
    id: 'gallery',
    weight: 3,
    types: [['private', 1]],
    domains: ['C'],
    functions: ['exhibition', 'dissemination'],
    founded: [1995, 2024],
    sizes: [['1', 1], ['2-9', 2]],
    languages: UZ_BUSINESS,
    towns: ['Yunusabad', 'Mirzo Ulugbek', 'Chilanzar', 'Shaykhantakhur', 'Yakkasaray', 'Samarkand', 'Bukhara', 'Khiva'],
    build(c) {
      const b = brand(c);
      return {
        name: names(`«${b.uz}» san'at galereyasi`, `${b.en} Art Gallery`, b.ru ? `Галерея «${b.ru}»` : undefined),
        optionalNames: ['uz-Cyrl', 'ru'],
        slug: `${b.en} gallery`,
        description: describe("Zamonaviy rassomlar, miniatyura va fotografiya ko'rgazmalari.", 'Exhibitions of contemporary painters, miniatures and photography.', 'Выставки современной живописи, миниатюры и фотографии.'),
      };
    },
  },
  {
    id: 'instruments',
    weight: 2,
    types: [['private', 1]],
    domains: ['C', 'B', 'ICH'],
    functions: ['production'],
    founded: [1975, 2022],
    sizes: [['1', 1], ['2-9', 1]],
    languages: UZ_LANGS,
    build(c) {
      const family = c.r.pick(FAMILY).replace(/a$/, '');
      const plain = family.replace(/[\u02BB\u02BC]/g, '');
      return {
        name: names(`Usta ${family} cholg'u asboblari ustaxonasi`, `${plain} Musical Instrument Workshop`),
        optionalNames: ['uz-Cyrl'],
        slug: `${plain} instruments`,
        description: describe("Dutor, tanbur, rubob va doira yasaydi hamda ta'mirlaydi.", 'Makes and repairs dutar, tanbur, rubab and doira.'),
      };
    },
  },
  {
    id: 'miniature',
    weight: 2,
    types: [['private', 1], ['civil_society', 1]],
    domains: ['C', 'A'],
    functions: ['creation'],
    founded: [1985, 2023],
    sizes: [['1', 1], ['2-9', 1]],
    languages: UZ_LANGS,
    towns: ['Bukhara', 'Samarkand', 'Khiva', 'Shaykhantakhur', 'Kokand', 'Chust'],
    build(c) {
      const b = brand(c);
      const chust = c.town.names.en === 'Chust';
      return chust
        ? {
            name: names(`«${b.uz}» pichoqchilik ustaxonasi`, `${b.en} Chust Knife Makers`),
            slug: `${b.en} knives`,
            optionalNames: ['uz-Cyrl'],
            description: describe("Chust pichoqlari: qo'lda yasalgan tig' va naqshli sopchalar.", 'Chust knives: hand-forged blades and ornamented handles.'),
          }
        : {
            name: names(`«${b.uz}» miniatyura va naqqoshlik ustaxonasi`, `${b.en} Miniature Painting Workshop`),
            slug: `${b.en} miniature`,
            optionalNames: ['uz-Cyrl'],
            description: describe("Miniatyura, naqqoshlik va yog'och o'ymakorligi; ta'mirlash ishlari.", 'Miniature painting, ornamental painting and wood carving; restoration work.'),
          };
    },
  },
  {
    id: 'festival',
    weight: 2,
    types: [['civil_society', 1]],
    domains: ['B', 'E'],
    functions: ['exhibition', 'participation'],
    founded: [2000, 2023],
    sizes: [['2-9', 1]],
    languages: [[['uz', 'ru', 'en'], 1]],
    build(c) {
      const b = brand(c);
      const [uz, en, ru] = c.r.pick([
        [`«${b.uz}» folklor festivali`, `${b.en} Folk Festival`, b.ru ? `Фольклорный фестиваль «${b.ru}»` : undefined],
        [`«${b.uz}» qisqa metrajli filmlar festivali`, `${b.en} Short Film Festival`, b.ru ? `Фестиваль короткометражного кино «${b.ru}»` : undefined],
      ] as const);
      return {
        name: names(uz, en, ru),
        unique: en,
        slug: en,
        description: describe("Har yili o'tkaziladigan festival: tanlov, ustaxonalar va kontsertlar.", 'A yearly festival with a competition, workshops and concerts.', 'Ежегодный фестиваль: конкурс, мастер-классы и концерты.'),
      };
    },
  },
  {
    id: 'foundation',
    weight: 1,
    types: [['international', 1]],
    domains: ['A', 'C'],
    functions: ['participation'],
    founded: [1998, 2022],
    sizes: [['2-9', 1]],
    languages: [[['en', 'ru', 'uz'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: { en: `${b.en} Silk Road Heritage Foundation`, ru: `Фонд наследия Шёлкового пути «${b.ru ?? b.en}»` },
        unique: b.en,
        slug: `${b.en} heritage foundation`,
        description: { en: 'Grants and exchanges for craftspeople and heritage professionals along the Silk Road.', ru: 'Гранты и обмены для мастеров и специалистов по наследию.' },
      };
    },
  },
];

const DEPARTMENT: OrgKind = {
  id: 'region-culture',
  weight: 0,
  types: [['government', 1]],
  domains: ['A', 'B', 'C', 'D', 'E', 'ICH'],
  functions: ['participation', 'dissemination'],
  founded: [1991, 2018],
  sizes: [['50-249', 1]],
  languages: [[['uz', 'ru'], 1]],
  official: true,
  build(c) {
    const republic = c.regionType === 'republic';
    const uz = republic ? `${c.region['uz-Latn']} Madaniyat vazirligi` : `${c.region['uz-Latn']} madaniyat boshqarmasi`;
    const en = republic ? `Ministry of Culture of the ${c.region.en}` : `${c.region.en} Department of Culture`;
    const ru = republic ? `Министерство культуры (${c.region.ru})` : `Управление культуры (${c.region.ru})`;
    return {
      name: { 'uz-Latn': uz, 'uz-Cyrl': uzLatnToCyrl(uz), ru, en },
      unique: `department-${c.town.region}`,
      slug: `${c.region.en} culture`,
      description: describe(
        "Viloyatdagi teatrlar, muzeylar, madaniyat markazlari va san'at maktablarini boshqaradi.",
        'Oversees the theatres, museums, culture centres and art schools of the region.',
        'Руководит театрами, музеями, домами культуры и школами искусств региона.',
      ),
    };
  },
};

const MALE = ['Otabek', 'Jasur', 'Sardor', 'Bekzod', 'Rustam', 'Shavkat', 'Dilshod', 'Akmal', 'Bahodir', 'Farrux', "Ulug'bek", 'Sherzod', 'Jahongir', 'Anvar', 'Zafar', 'Nodir', 'Ilhom', 'Abdulla', 'Mansur', 'Temur', 'Davron', 'Husniddin', 'Sanjar', 'Oybek', 'Asqar', 'Jamshid', 'Botir', 'Sarvar', 'Xurshid', "G'ayrat"].map(uzLatn);
const FEMALE = ['Dilnoza', 'Gulnora', 'Malika', 'Nilufar', 'Shahnoza', 'Madina', 'Zarina', 'Feruza', 'Nodira', 'Mohira', 'Sevara', 'Kamola', 'Dildora', 'Nargiza', 'Munisa', 'Gulchehra', 'Saida', 'Barno', 'Zulfiya', 'Yulduz', 'Shahzoda', "O'g'iloy", 'Maftuna', 'Umida', 'Lola', 'Durdona', 'Shohista', 'Hilola', 'Muxlisa', 'Iroda'].map(uzLatn);
/** Family names in the male form; the female form adds -a. */
const FAMILY = ['Rahimov', 'Yusupov', "To'xtayev", 'Nazarov', 'Ergashev', 'Saidov', 'Qodirov', 'Xolmatov', 'Mirzayev', 'Abdullayev', 'Sultonov', 'Ismoilov', 'Usmonov', 'Hamroyev', "Jo'rayev", 'Rasulov', 'Aminov', 'Boboyev', 'Valiyev', 'Nurmatov', "G'aniyev", 'Sobirov', "Turg'unov", 'Umarov', "Xo'jayev", 'Qurbonov', 'Shukurov', 'Olimov', 'Fayziyev', 'Nazirov', "Yo'ldoshev", 'Asqarov', 'Xudoyberdiyev', 'Qosimov'].map(uzLatn);

type RuName = readonly [ru: string, latin: string];
const RU_MALE: readonly RuName[] = [['Сергей', 'Sergey'], ['Дмитрий', 'Dmitriy'], ['Андрей', 'Andrey'], ['Алексей', 'Aleksey'], ['Павел', 'Pavel'], ['Тимур', 'Timur'], ['Вадим', 'Vadim'], ['Артём', 'Artyom']];
const RU_FEMALE: readonly RuName[] = [['Ольга', 'Olga'], ['Елена', 'Elena'], ['Наталья', 'Natalya'], ['Ирина', 'Irina'], ['Виктория', 'Viktoriya'], ['Марина', 'Marina'], ['Екатерина', 'Ekaterina'], ['Анна', 'Anna'], ['Светлана', 'Svetlana'], ['Юлия', 'Yuliya']];
/** [male ru, female ru, Latin male, Latin female] */
const RU_FAMILY: readonly (readonly [string, string, string, string])[] = [
  ['Ким', 'Ким', 'Kim', 'Kim'], ['Пак', 'Пак', 'Pak', 'Pak'], ['Цой', 'Цой', 'Tsoy', 'Tsoy'], ['Ли', 'Ли', 'Li', 'Li'], ['Тен', 'Тен', 'Ten', 'Ten'],
  ['Шин', 'Шин', 'Shin', 'Shin'], ['Хан', 'Хан', 'Khan', 'Khan'], ['Югай', 'Югай', 'Yugay', 'Yugay'], ['Новиков', 'Новикова', 'Novikov', 'Novikova'],
  ['Волков', 'Волкова', 'Volkov', 'Volkova'], ['Морозов', 'Морозова', 'Morozov', 'Morozova'], ['Хасанов', 'Хасанова', 'Khasanov', 'Khasanova'],
  ['Галиев', 'Галиева', 'Galiev', 'Galieva'], ['Ахмедов', 'Ахмедова', 'Akhmedov', 'Akhmedova'], ['Сафин', 'Сафина', 'Safin', 'Safina'],
];

/** Professions: Uzbek Latin (typed with ASCII apostrophes), Russian, English. */
const PROFESSION_ROWS: readonly (readonly [string, string, string, Profession['domains'], readonly string[], Names?])[] = [
  ['Kulol', 'Керамист', 'Potter', ['C', 'ICH'], ['ishqor sir', 'lagan', 'керамика']],
  ["Kashtado'z", 'Вышивальщик', 'Embroiderer', ['C', 'ICH'], ["so'zana", 'iroqi chok', 'сюзане'], { ru: 'Вышивальщица' }],
  ["Zardo'z", 'Золотошвей', 'Gold embroiderer', ['C'], ["zardo'zlik", 'золотное шитьё'], { ru: 'Золотошвейка' }],
  ['Naqqosh', 'Художник-орнаменталист', 'Ornament painter', ['C', 'F'], ['naqsh', 'ganch', 'орнамент']],
  ['Miniatyurachi rassom', 'Художник-миниатюрист', 'Miniature painter', ['C', 'A'], ['miniatyura', 'kalligrafiya']],
  ['Rassom', 'Художник', 'Painter', ['C'], ["moybo'yoq", 'akvarel', 'живопись'], { ru: 'Художница' }],
  ['Hofiz', 'Исполнитель макома', 'Maqom singer', ['B', 'ICH'], ['Shashmaqom', 'mumtoz qo\'shiq']],
  ['Xonanda', 'Певец', 'Singer', ['B'], ['estrada', "xalq qo'shiqlari"], { ru: 'Певица' }],
  ['Dutorchi', 'Дутарист', 'Dutar player', ['B', 'ICH'], ['dutor', 'maqom']],
  ['Doirachi', 'Дойрист', 'Doira player', ['B'], ['doira', 'usul']],
  ['Raqqos', 'Танцовщик', 'Dancer', ['B', 'ICH'], ['Xorazm lazgisi', "Farg'ona raqsi", 'хореография'], { 'uz-Latn': 'Raqqosa', ru: 'Танцовщица' }],
  ['Aktyor', 'Актёр', 'Actor', ['B', 'E'], ['sahna nutqi', 'kino'], { 'uz-Latn': 'Aktrisa', ru: 'Актриса', en: 'Actress' }],
  ['Kinorejissyor', 'Кинорежиссёр', 'Film director', ['E'], ['ssenariy', 'montaj', 'сценарий']],
  ['Prodyuser', 'Продюсер', 'Producer', ['E'], ['koprodyuserlik', 'прокат']],
  ['Operator', 'Оператор', 'Cinematographer', ['E'], ['kinoqabul', 'свет']],
  ['Animator', 'Аниматор', 'Animator', ['E'], ['2D animatsiya', 'storyboard']],
  ['Yozuvchi', 'Писатель', 'Writer', ['D'], ['roman', 'hikoya', 'проза'], { ru: 'Писательница' }],
  ['Shoir', 'Поэт', 'Poet', ['D'], ["she'riyat", "g'azal"], { 'uz-Latn': 'Shoira', ru: 'Поэтесса' }],
  ['Tarjimon', 'Переводчик', 'Translator', ['D'], ['tarjima', 'перевод'], { ru: 'Переводчица' }],
  ['Muharrir', 'Редактор', 'Editor', ['D'], ['tahrir', 'вёрстка']],
  ['Dizayner', 'Дизайнер', 'Designer', ['F'], ['grafik dizayn', 'brending', 'графический дизайн']],
  ['Arxitektor', 'Архитектор', 'Architect', ['F', 'A'], ['restavratsiya', 'реставрация']],
  ['Fotograf', 'Фотограф', 'Photographer', ['C', 'E'], ['portret', 'reportaj']],
  ['Muzey xodimi', 'Научный сотрудник музея', 'Museum researcher', ['A'], ['ekspozitsiya', 'fond', 'каталогизация']],
  ['Restavrator', 'Реставратор', 'Restorer', ['A', 'C'], ['restavratsiya', 'ganch']],
  ["Yog'och o'ymakori", 'Резчик по дереву', 'Woodcarver', ['C'], ["o'ymakorlik", 'резьба']],
  ["Cholg'u ustasi", 'Мастер музыкальных инструментов', 'Instrument maker', ['C', 'B'], ['dutor', 'rubob']],
];

const PROFESSIONS: Profession[] = PROFESSION_ROWS.map(([uz, ru, en, domains, skills, female]) => {
  const latn = uzLatn(uz);
  const feminine: Names = { ...female };
  if (feminine['uz-Latn']) feminine['uz-Cyrl'] = uzLatnToCyrl(feminine['uz-Latn']);
  return { names: { 'uz-Latn': latn, 'uz-Cyrl': uzLatnToCyrl(latn), ru, en }, female: feminine, domains, skills: skills.map(uzLatn) };
});

const FIELD: Record<string, readonly [string, string, string]> = {
  A: ['madaniy meros', 'культурного наследия', 'heritage'],
  B: ["ijro san'ati", 'исполнительских искусств', 'the performing arts'],
  C: ['hunarmandchilik', 'ремёсел и изобразительного искусства', 'arts and crafts'],
  D: ['kitob nashri', 'книгоиздания', 'publishing'],
  E: ['kino va media', 'кино и медиа', 'film and media'],
  F: ['dizayn', 'дизайна', 'design'],
  ICH: ['nomoddiy madaniy meros', 'нематериального наследия', 'intangible heritage'],
};

const AREA_CODES: Record<string, string> = {
  'UZ-AN': '74', 'UZ-BU': '65', 'UZ-FA': '73', 'UZ-JI': '72', 'UZ-NG': '69', 'UZ-NW': '79', 'UZ-QA': '75', 'UZ-QR': '61',
  'UZ-SA': '66', 'UZ-SI': '67', 'UZ-SU': '76', 'UZ-TK': '71', 'UZ-TO': '70', 'UZ-XO': '62',
};
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

/** Uzbekistan. */
export const UZBEKISTAN: CountryData = {
  code: 'UZ',
  towns: TOWNS,
  kinds: KINDS,
  fixed(r) {
    const regions = [...new Set(TOWNS.map((t) => t.region))];
    return regions.map((region) => ({ kind: DEPARTMENT, town: r.pick(TOWNS.filter((t) => t.region === region)) }));
  },
  // Mobile +998 9X XXX XX XX; fixed lines +998 <area> XXX XX XX.
  phone: (r, region, mobile) =>
    `+998 ${mobile ? r.pick(['90', '91', '93', '94', '97', '99', '33', '88']) : AREA_CODES[region] ?? '71'} ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`,
  address(r, town) {
    const [uz, ru] = r.pick(STREETS);
    const n = r.int(1, 120);
    return r.chance(0.6) ? `${town.names['uz-Latn']}, ${uzLatn(uz)} ko\u02BBchasi, ${n}-uy` : `${town.names.ru}, ул. ${ru}, ${n}`;
  },
  messenger: 'telegram',
  personName(r) {
    const female = r.chance(0.5);
    if (r.chance(0.1)) {
      const [g, gl] = r.pick(female ? RU_FEMALE : RU_MALE);
      const [m, f, ml, fl] = r.pick(RU_FAMILY);
      const ascii = `${gl} ${female ? fl : ml}`;
      return { name: { ru: `${g} ${female ? f : m}`, en: ascii }, sex: female ? 'female' : 'male', ascii, lang: 'ru' };
    }
    const given = r.pick(female ? FEMALE : MALE);
    const family = r.pick(FAMILY) + (female ? 'a' : '');
    const latn = `${given} ${family}`;
    const ascii = latn.replace(/[\u02BB\u02BC]/g, '');
    const script = r.weighted([['latn', 5], ['both', 4], ['cyrl', 1]] as const);
    const name: Names = script === 'cyrl' ? { 'uz-Cyrl': uzLatnToCyrl(latn) } : script === 'both' ? { 'uz-Latn': latn, 'uz-Cyrl': uzLatnToCyrl(latn) } : { 'uz-Latn': latn };
    return { name, sex: female ? 'female' : 'male', ascii, lang: script === 'cyrl' ? 'uz-Cyrl' : 'uz-Latn' };
  },
  professions: PROFESSIONS,
  bio(r, { lang, profession, sex, town, since }) {
    const [fuz, fru, fen] = FIELD[profession.domains[0]!]!;
    const label = (l: string) => professionLabel(profession, l, sex) ?? '';
    const latn = uzLatn(`${town.names['uz-Latn']}lik ${label('uz-Latn').toLowerCase()}; ${since}-yildan beri ${fuz} sohasida ishlaydi.`);
    const ru = `${label('ru')}, ${town.names.ru}. Работает в сфере ${fru} с ${since} года.`;
    const en = `${label('en')} from ${town.names.en}, working in ${fen} since ${since}.`;
    if (lang === 'ru') return r.chance(0.5) ? { ru, en } : { ru };
    if (lang === 'uz-Cyrl') return { 'uz-Cyrl': uzLatnToCyrl(latn), ...(r.chance(0.3) ? { ru } : {}) };
    return r.chance(0.3) ? { 'uz-Latn': latn, en } : { 'uz-Latn': latn };
  },
  personLanguages: [[['uz'], 3], [['uz', 'ru'], 5], [['uz', 'ru', 'en'], 2], [['ru'], 1], [['uz', 'tg'], 0.5], [['kaa', 'uz', 'ru'], 0.3]],
  roles: ['Direktor', 'Badiiy rahbar', 'Usta', 'Shogird', 'Rahbar', "Bosh muharrir", 'Директор', 'Художественный руководитель', 'Founder'].map(uzLatn),
  centres: {
    'UZ-AN': [40.78, 72.34], 'UZ-BU': [39.77, 64.42], 'UZ-FA': [40.38, 71.79], 'UZ-JI': [40.12, 67.84], 'UZ-NG': [41.0, 71.67],
    'UZ-NW': [40.1, 65.37], 'UZ-QA': [38.86, 65.79], 'UZ-QR': [42.46, 59.6], 'UZ-SA': [39.65, 66.96], 'UZ-SI': [40.49, 68.78],
    'UZ-SU': [37.22, 67.28], 'UZ-TK': [41.31, 69.28], 'UZ-TO': [41.04, 69.36], 'UZ-XO': [41.55, 60.63],
  },
};
