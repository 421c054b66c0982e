/**
 * Word lists for Lao PDR: districts of each province (real place names, Lao script and the usual
 * romanisation), invented village-style and brand names for organisations, Lao given names and
 * family names, crafts, music and media vocabulary. Every organisation and person built from them
 * is fictitious.
 */
import type { Rng } from './random.js';
import type { BuildContext, CountryData, Names, OrgKind, Profession, Town } from './types.js';

type Pair = readonly [lo: string, en: string];

/** Districts (ເມືອງ) per province, Lao and romanised. */
const DISTRICTS: Record<string, readonly Pair[]> = {
  'LA-AT': [['ສາມັກຄີໄຊ', 'Samakkhixay'], ['ສະໜາມໄຊ', 'Sanamxay']],
  'LA-BK': [['ຫ້ວຍຊາຍ', 'Houayxay'], ['ຕົ້ນເຜິ້ງ', 'Tonpheung']],
  'LA-BL': [['ປາກຊັນ', 'Paksan'], ['ທ່າພະບາດ', 'Thaphabath']],
  'LA-CH': [['ປາກເຊ', 'Pakse'], ['ຈຳປາສັກ', 'Champasak'], ['ປາກຊ່ອງ', 'Paksong']],
  'LA-HO': [['ຊຳເໜືອ', 'Xamneua'], ['ວຽງໄຊ', 'Viengxay']],
  'LA-KH': [['ທ່າແຂກ', 'Thakhek'], ['ມະຫາໄຊ', 'Mahaxay']],
  'LA-LM': [['ຫຼວງນ້ຳທາ', 'Luang Namtha'], ['ສິງ', 'Sing']],
  'LA-LP': [['ຫຼວງພະບາງ', 'Luang Prabang'], ['ນ້ຳບາກ', 'Nambak'], ['ຊຽງເງິນ', 'Xiengngeun']],
  'LA-OU': [['ໄຊ', 'Xay'], ['ງາ', 'Nga']],
  'LA-PH': [['ຜົ້ງສາລີ', 'Phongsaly'], ['ບຸນໃຕ້', 'Boun Tai']],
  'LA-SL': [['ສາລະວັນ', 'Salavan'], ['ລະຄອນເພັງ', 'Lakhonepheng']],
  'LA-SV': [['ໄກສອນ ພົມວິຫານ', 'Kaysone Phomvihane'], ['ອຸທຸມພອນ', 'Outhoumphone']],
  'LA-VI': [['ໂພນໂຮງ', 'Phonhong'], ['ວັງວຽງ', 'Vangvieng']],
  'LA-VT': [['ຈັນທະບູລີ', 'Chanthabouly'], ['ສີສັດຕະນາກ', 'Sisattanak'], ['ໄຊເສດຖາ', 'Xaysettha'], ['ສີໂຄດຕະບອງ', 'Sikhottabong']],
  'LA-XA': [['ໄຊຍະບູລີ', 'Xayabury'], ['ແກ່ນທ້າວ', 'Kenthao']],
  'LA-XE': [['ລະມາມ', 'Lamam'], ['ທ່າແຕງ', 'Thateng']],
  'LA-XI': [['ແປກ', 'Pek'], ['ຄູນ', 'Khoun']],
  'LA-XS': [['ອະນຸວົງ', 'Anouvong'], ['ລ້ອງຊານ', 'Longxan']],
};

const TOWNS: Town[] = Object.entries(DISTRICTS).flatMap(([region, list]) =>
  list.map(([lo, en]) => ({ region, names: { lo, en }, weight: region === 'LA-VT' ? 4 : region === 'LA-LP' ? 2.5 : 1 })),
);

/** Village-style names (ບ້ານ …), invented combinations of common Lao place words. */
const VILLAGES: readonly Pair[] = [
  ['ນາຊາຍ', 'Naxay'], ['ໂພນສະຫວັນ', 'Phonsavanh'], ['ດອນໃໝ່', 'Donmai'], ['ນາທອງ', 'Nathong'], ['ໂພນໄຊ', 'Phonxay'],
  ['ທາດຂາວ', 'Thatkhao'], ['ໜອງບົວ', 'Nongboua'], ['ຊຽງແມນ', 'Xiengmaen'], ['ນາຄູນ', 'Nakhoun'], ['ໂນນສະອາດ', 'Nonsaat'],
  ['ທົ່ງປົ່ງ', 'Thongpong'], ['ວັງຄຳ', 'Vangkham'], ['ປາກແຊງ', 'Pakxeng'], ['ໜອງໜ່ຽງ', 'Nongniang'], ['ດົງໂດກ', 'Dongdok'],
  ['ສີໄຄ', 'Sikhai'], ['ນາສັງ', 'Nasang'], ['ຫ້ວຍຫົງ', 'Houayhong'], ['ບໍ່ນາ', 'Bona'], ['ຫາດດອກແກ້ວ', 'Hatdokkeo'],
  ['ນາເລົາ', 'Nalao'], ['ໂພນຄຳ', 'Phonkham'], ['ດອນແດງ', 'Dondaeng'], ['ນ້ຳແກ້ວ', 'Namkeo'], ['ທ່າເດື່ອ', 'Thadeua'],
  ['ຄຳໄຊ', 'Khamxay'], ['ນາແລ', 'Nalae'], ['ໂພນສີ', 'Phonsy'], ['ຫ້ວຍຊາຍ', 'Houaysay'], ['ນາໂພ', 'Napho'],
  ['ໜອງແສງ', 'Nongsaeng'], ['ດອນກາງ', 'Donkang'], ['ສົບຄຳ', 'Sopkham'], ['ນາໄຫ', 'Nahai'], ['ທົ່ງມັ່ນ', 'Thongman'],
];

/** Brand-like words for shops, studios and troupes (invented combinations). */
const BRANDS: readonly Pair[] = [
  ['ດອກຈຳປາ', 'Dok Champa'], ['ນາກ', 'Nak'], ['ແສງຕາເວັນ', 'Saeng Tavanh'], ['ຮຸ່ງອາລຸນ', 'Houng Aloun'], ['ລ້ານຊ້າງ', 'Lane Xang'],
  ['ມໍລະດົກ', 'Moladok'], ['ແກ້ວມະນີ', 'Keomany'], ['ດາວເໜືອ', 'Dao Neua'], ['ຈັນເພັງ', 'Chanpheng'], ['ສາຍນ້ຳຂອງ', 'Sai Nam Khong'],
  ['ພູສີ', 'Phousi'], ['ໄໝຄຳ', 'Mai Kham'], ['ດອກຄູນ', 'Dok Khoun'], ['ສີສະຫວ່າງ', 'Sisavang'], ['ນາງນາກ', 'Nang Nak'],
  ['ແຄນທອງ', 'Khaen Thong'], ['ບົວແກ້ວ', 'Boua Keo'], ['ສາຍຮຸ້ງ', 'Sai Houng'], ['ຫອມກິ່ນ', 'Hom Kin'], ['ມິດຕະພາບ', 'Mittaphap'],
  ['ອາລຸນສະຫວ່າງ', 'Aloun Savang'], ['ດວງຕາ', 'Douangta'], ['ຟ້າງາມ', 'Fa Ngam'], ['ແສງຈັນ', 'Saeng Chan'], ['ດອກໄມ້', 'Dok Mai'],
  ['ນ້ຳອູ', 'Nam Ou'], ['ຊຽງດາວ', 'Xieng Dao'], ['ໃບໄມ້', 'Bai Mai'], ['ສຽງແຄນ', 'Siang Khaen'], ['ລາຍທອງ', 'Lai Thong'],
];

const MUSEUM_THEMES: readonly Pair[] = [
  ['ຜ້າ ແລະ ເຄື່ອງນຸ່ງ', 'Textiles and Dress'], ['ຊົນເຜົ່າ', 'Ethnic Cultures'], ['ເຄື່ອງດົນຕີ', 'Musical Instruments'], ['ຫັດຖະກຳ', 'Handicrafts'], ['ປະຫວັດສາດ', 'History'],
];

const ASSOCIATIONS: readonly Pair[] = [
  ['ນັກຂຽນ', "Writers'"], ['ນັກສິລະປິນ', "Artists'"], ['ຊ່າງຫັດຖະກຳ', 'Handicraft Producers'], ['ນັກດົນຕີ', "Musicians'"], ['ນັກຖ່າຍຮູບ', "Photographers'"],
];

/** "ແຂວງຫຼວງພະບາງ" — the seeded Lao name of a province with its ແຂວງ prefix (the capital and Vientiane Province have theirs). */
function provinceLo(region: Names): string {
  const lo = region.lo ?? '';
  return lo.startsWith('ແຂວງ') || lo.startsWith('ນະຄອນ') ? lo : `ແຂວງ${lo}`;
}
/** "Luang Prabang Province" / "Vientiane Capital". */
function provinceEn(region: Names): string {
  const en = region.en ?? '';
  return /Province|Capital/.test(en) ? en : `${en} Province`;
}

const village = (c: BuildContext) => c.r.pick(VILLAGES);
const brand = (c: BuildContext) => c.r.pick(BRANDS);

const COMMUNITY: OrgKind['languages'] = [[['lo'], 6], [['lo', 'en'], 3], [['lo', 'hmn'], 0.5], [['lo', 'kjg'], 0.5], [['lo', 'khb'], 0.3]];
const BUSINESS: OrgKind['languages'] = [[['lo', 'en'], 5], [['lo'], 2], [['lo', 'en', 'fr'], 1], [['lo', 'en', 'th'], 1], [['lo', 'en', 'zh'], 0.5]];

const KINDS: OrgKind[] = [
  {
    id: 'weaving',
    weight: 14,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1985, 2023],
    sizes: [['2-9', 2], ['10-49', 3]],
    languages: COMMUNITY,
    build(c) {
      const [vlo, ven] = village(c);
      const [lo, en] = c.r.pick([
        [`ກຸ່ມທໍຜ້າ ບ້ານ${vlo}`, `Ban ${ven} Weaving Group`],
        [`ກຸ່ມແມ່ຍິງທໍຜ້າໄໝ ບ້ານ${vlo}`, `Ban ${ven} Women's Silk Weavers`],
        [`ສະຫະກອນຜ້າໄໝ ບ້ານ${vlo}`, `Ban ${ven} Silk Cooperative`],
        [`ກຸ່ມຍ້ອມສີທຳມະຊາດ ບ້ານ${vlo}`, `Ban ${ven} Natural Dye Group`],
      ] as const);
      return {
        name: { lo, en },
        optionalNames: ['en'],
        slug: en,
        description: {
          lo: `ກຸ່ມແມ່ຍິງທໍຜ້າໄໝດ້ວຍມື, ຍ້ອມສີທຳມະຊາດ ແລະ ສືບທອດລາຍຜ້າພື້ນເມືອງຂອງ${provinceLo(c.region)}.`,
          en: `Women weavers of hand-woven silk and cotton, dyed with indigo and other natural dyes, keeping the traditional patterns of ${c.region.en}.`,
        },
      };
    },
  },
  {
    id: 'silk-company',
    weight: 5,
    types: [['private', 1]],
    domains: ['C', 'F'],
    functions: ['production', 'dissemination'],
    founded: [1995, 2023],
    sizes: [['2-9', 2], ['10-49', 2], ['50-249', 1]],
    languages: BUSINESS,
    build(c) {
      const [blo, ben] = brand(c);
      const [lo, en, fr] = c.r.pick([
        [`ບໍລິສັດ ${blo} ຜ້າໄໝລາວ ຈຳກັດ`, `${ben} Lao Silk Co., Ltd.`, `Soieries ${ben}`],
        [`ຮ້ານຜ້າໄໝ ${blo}`, `${ben} Silk Boutique`, `Boutique de soie ${ben}`],
      ] as const);
      return {
        name: { lo, en, fr },
        optionalNames: ['fr'],
        slug: en,
        description: {
          lo: 'ອອກແບບ ແລະ ຈຳໜ່າຍຜ້າໄໝທໍມື, ຜ້າພັນຄໍ ແລະ ເຄື່ອງຕົບແຕ່ງເຮືອນ ຮ່ວມກັບກຸ່ມຊ່າງທໍໃນຊົນນະບົດ.',
          en: 'Designs and sells hand-woven silk, scarves and home textiles made with rural weaving groups.',
          fr: 'Conçoit et vend des soieries tissées à la main, des écharpes et du linge de maison, avec des groupes de tisserandes rurales.',
        },
      };
    },
  },
  {
    id: 'khene',
    weight: 9,
    types: [['civil_society', 3], ['private', 1]],
    domains: ['B', 'ICH'],
    functions: ['creation', 'exhibition'],
    founded: [1978, 2023],
    sizes: [['2-9', 3], ['10-49', 1]],
    languages: COMMUNITY,
    build(c) {
      const [vlo, ven] = village(c);
      const [blo, ben] = brand(c);
      const [lo, en] = c.r.pick([
        [`ວົງແຄນ ບ້ານ${vlo}`, `Ban ${ven} Khene Ensemble`],
        [`ຄະນະໝໍລຳ ${blo}`, `${ben} Mor Lam Troupe`],
        [`ວົງດົນຕີພື້ນເມືອງ ${blo}`, `${ben} Traditional Music Band`],
        [`ຄະນະລຳຕັດ ${blo}`, `${ben} Lam Tat Troupe`],
      ] as const);
      return {
        name: { lo, en },
        optionalNames: ['en'],
        slug: en,
        description: {
          lo: 'ວົງດົນຕີພື້ນເມືອງ ສະແດງແຄນ ແລະ ໝໍລຳ ໃນງານບຸນ, ງານແຕ່ງດອງ ແລະ ງານເທດສະການ.',
          en: 'Traditional ensemble performing khene music and mor lam singing at temple fairs, weddings and festivals.',
        },
      };
    },
  },
  {
    id: 'temple-school',
    weight: 4,
    types: [['education', 1]],
    domains: ['C', 'ICH', 'A'],
    functions: ['creation', 'participation'],
    founded: [1960, 2020],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: [[['lo'], 1]],
    build(c) {
      const [vlo, ven] = village(c);
      return {
        name: { lo: `ໂຮງຮຽນສິລະປະ ວັດ${vlo}`, en: `Wat ${ven} Arts School` },
        unique: `wat-${ven}`,
        slug: `wat ${ven} arts`,
        description: {
          lo: 'ສອນການແກະສະຫຼັກໄມ້, ການແຕ້ມຮູບຝາ ແລະ ການປັ້ນ ໃຫ້ສາມະເນນ ແລະ ເຍົາວະຊົນໃນບ້ານ.',
          en: 'Teaches wood carving, mural painting and stucco work to novice monks and young people of the village.',
        },
      };
    },
  },
  {
    id: 'publisher',
    weight: 5,
    types: [['private', 1]],
    domains: ['D'],
    functions: ['production', 'dissemination'],
    founded: [1990, 2023],
    sizes: [['2-9', 3], ['10-49', 1]],
    languages: BUSINESS,
    build(c) {
      const [blo, ben] = brand(c);
      const [lo, en, fr] = c.r.pick([
        [`ສຳນັກພິມ ${blo}`, `${ben} Publishing`, `Éditions ${ben}`],
        [`ໂຮງພິມ ${blo}`, `${ben} Printing House`, `Imprimerie ${ben}`],
      ] as const);
      return {
        name: { lo, en, fr },
        optionalNames: ['fr'],
        slug: en,
        description: {
          lo: 'ພິມປຶ້ມເດັກ, ນິທານພື້ນເມືອງ ແລະ ວັນນະຄະດີລາວ.',
          en: 'Publishes picture books for children, folk tales and contemporary Lao literature.',
          fr: 'Livres pour enfants, contes populaires et littérature lao contemporaine.',
        },
      };
    },
  },
  {
    id: 'film',
    weight: 4,
    types: [['civil_society', 1], ['private', 1]],
    domains: ['E'],
    functions: ['creation', 'production'],
    founded: [2005, 2023],
    sizes: [['1', 1], ['2-9', 3]],
    languages: BUSINESS,
    build(c) {
      const [blo, ben] = brand(c);
      const [lo, en] = c.r.pick([
        [`ກຸ່ມຮູບເງົາ ${blo}`, `${ben} Film Collective`],
        [`${blo} ສະຕູດິໂອ`, `${ben} Studio`],
        [`ກຸ່ມສ້າງຮູບເງົາສັ້ນ ${blo}`, `${ben} Short Film Club`],
      ] as const);
      return {
        name: { lo, en },
        slug: en,
        description: {
          lo: 'ກຸ່ມຊາວໜຸ່ມຜູ້ສ້າງຮູບເງົາສາລະຄະດີ ແລະ ຮູບເງົາສັ້ນ ກ່ຽວກັບຊີວິດ ແລະ ວັດທະນະທຳລາວ.',
          en: 'Young filmmakers making documentaries and short films about everyday life and culture in Laos.',
        },
      };
    },
  },
  {
    id: 'craft-shop',
    weight: 8,
    types: [['private', 1]],
    domains: ['C'],
    functions: ['dissemination'],
    founded: [1998, 2024],
    sizes: [['1', 1], ['2-9', 3]],
    languages: BUSINESS,
    build(c) {
      const [blo, ben] = brand(c);
      return {
        name: { lo: `ຮ້ານຫັດຖະກຳ ${blo}`, en: `${ben} Handicrafts` },
        slug: `${ben} handicrafts`,
        description: {
          lo: `ຂາຍຜ້າທໍມື, ເຄື່ອງຈັກສານ ແລະ ເຄື່ອງເງິນ ຈາກກຸ່ມຊ່າງໃນ${provinceLo(c.region)}.`,
          en: `Sells hand-woven textiles, basketry and silverware from artisan groups of ${c.region.en}.`,
        },
      };
    },
  },
  {
    id: 'basketry',
    weight: 5,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1990, 2023],
    sizes: [['2-9', 3], ['10-49', 1]],
    languages: COMMUNITY,
    build(c) {
      const [vlo, ven] = village(c);
      return {
        name: { lo: `ກຸ່ມຈັກສານ ບ້ານ${vlo}`, en: `Ban ${ven} Bamboo Basketry Group` },
        optionalNames: ['en'],
        slug: `${ven} basketry`,
        description: {
          lo: 'ຈັກສານກະຕິບເຂົ້າໜຽວ, ກະບຸງ ແລະ ເຄື່ອງໃຊ້ຈາກໄມ້ໄຜ່ ແລະ ຫວາຍ.',
          en: 'Makes sticky-rice baskets (kongkhao), carrying baskets and household objects from bamboo and rattan.',
        },
      };
    },
  },
  {
    id: 'pottery',
    weight: 3,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['production'],
    founded: [1985, 2022],
    sizes: [['2-9', 1]],
    languages: COMMUNITY,
    build(c) {
      const [vlo, ven] = village(c);
      return {
        name: { lo: `ກຸ່ມປັ້ນໝໍ້ ບ້ານ${vlo}`, en: `Ban ${ven} Pottery Group` },
        optionalNames: ['en'],
        slug: `${ven} pottery`,
        description: {
          lo: 'ປັ້ນໝໍ້ດິນ, ໄຫ ແລະ ໂອ່ງ ດ້ວຍມື ຕາມແບບດັ້ງເດີມ ແລະ ເຜົາດ້ວຍເຕົາໄມ້.',
          en: 'Hand-built earthenware pots and jars, fired in wood kilns in the traditional way.',
        },
      };
    },
  },
  {
    id: 'silversmiths',
    weight: 3,
    types: [['civil_society', 1], ['private', 1]],
    domains: ['C'],
    functions: ['creation', 'production'],
    founded: [1980, 2022],
    sizes: [['2-9', 1]],
    languages: COMMUNITY,
    build(c) {
      const [vlo, ven] = village(c);
      return {
        name: { lo: `ກຸ່ມຊ່າງເງິນ ບ້ານ${vlo}`, en: `Ban ${ven} Silversmiths` },
        slug: `${ven} silversmiths`,
        description: {
          lo: 'ເຮັດເຄື່ອງປະດັບເງິນ, ຂັນ ແລະ ສາຍແອວ ດ້ວຍມື.',
          en: 'Hand-made silver jewellery, offering bowls and belts.',
        },
      };
    },
  },
  {
    id: 'woodcarving',
    weight: 2,
    types: [['private', 1], ['civil_society', 1]],
    domains: ['C', 'A'],
    functions: ['creation', 'production'],
    founded: [1985, 2022],
    sizes: [['2-9', 1]],
    languages: COMMUNITY,
    build(c) {
      const [blo, ben] = brand(c);
      return {
        name: { lo: `ກຸ່ມຊ່າງແກະສະຫຼັກ ${blo}`, en: `${ben} Wood Carvers` },
        slug: `${ben} wood carvers`,
        description: {
          lo: 'ແກະສະຫຼັກໄມ້ ສຳລັບປະຕູວັດ, ໜ້າບັນ ແລະ ເຄື່ອງເຮືອນ.',
          en: 'Wood carving for temple doors, pediments and furniture.',
        },
      };
    },
  },
  {
    id: 'district-office',
    weight: 4,
    types: [['government', 1]],
    domains: ['A', 'B', 'C', 'ICH'],
    functions: ['participation', 'dissemination'],
    founded: [1976, 2012],
    sizes: [['2-9', 1], ['10-49', 2]],
    languages: [[['lo'], 1]],
    official: true,
    build(c) {
      return {
        name: {
          lo: `ຫ້ອງການຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ເມືອງ${c.town.names.lo}`,
          en: `${c.town.names.en} District Office of Information, Culture and Tourism`,
        },
        unique: `district-${c.town.names.en}`,
        slug: `${c.town.names.en} district culture`,
        description: {
          lo: 'ຄຸ້ມຄອງວຽກງານຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ຂັ້ນເມືອງ; ສົ່ງເສີມງານບຸນປະເພນີ ແລະ ກຸ່ມຫັດຖະກຳ.',
          en: 'District-level office for information, culture and tourism; supports traditional festivals and craft groups.',
        },
      };
    },
  },
  {
    id: 'museum',
    weight: 2,
    types: [['government', 2], ['private', 1]],
    domains: ['A', 'ICH'],
    functions: ['exhibition', 'participation'],
    founded: [1975, 2022],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: [[['lo', 'en'], 2], [['lo', 'en', 'fr'], 1]],
    build(c) {
      const [tlo, ten] = c.r.pick(MUSEUM_THEMES);
      return {
        name: {
          lo: `ຫໍພິພິທະພັນ${tlo} ${provinceLo(c.region)}`,
          en: `${provinceEn(c.region)} Museum of ${ten}`,
        },
        unique: `museum-${c.town.region}-${ten}`,
        slug: `${c.region.en} museum ${ten}`,
        description: {
          lo: 'ເກັບຮັກສາ ແລະ ວາງສະແດງມໍລະດົກວັດທະນະທຳ ຂອງບັນດາຊົນເຜົ່າໃນແຂວງ.',
          en: 'Collects, keeps and shows the cultural heritage of the peoples of the province.',
        },
      };
    },
  },
  {
    id: 'association',
    weight: 3,
    types: [['network', 1]],
    domains: ['D', 'C', 'B'],
    functions: ['participation', 'dissemination'],
    founded: [1985, 2020],
    sizes: [['10-49', 2], ['50-249', 1]],
    languages: [[['lo'], 2], [['lo', 'en'], 1]],
    build(c) {
      const [alo, aen] = c.r.pick(ASSOCIATIONS);
      return {
        name: { lo: `ສະມາຄົມ${alo} ${provinceLo(c.region)}`, en: `${provinceEn(c.region)} ${aen} Association` },
        unique: `assoc-${c.town.region}-${aen}`,
        slug: `${c.region.en} ${aen} association`,
        description: {
          lo: 'ເຕົ້າໂຮມສະມາຊິກ, ຈັດຝຶກອົບຮົມ ແລະ ງານວາງສະແດງປະຈຳປີ.',
          en: 'Brings members together, runs training and an annual exhibition.',
        },
      };
    },
  },
  {
    id: 'media',
    weight: 3,
    types: [['media', 1]],
    domains: ['D', 'E'],
    functions: ['dissemination'],
    founded: [1995, 2023],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: BUSINESS,
    build(c) {
      const [blo, ben] = brand(c);
      const [lo, en, descLo, descEn] = c.r.pick([
        [`ວິທະຍຸ ${blo} FM`, `${ben} FM`, 'ສະຖານີວິທະຍຸທ້ອງຖິ່ນ ອອກອາກາດເພງລາວ ແລະ ຂ່າວວັດທະນະທຳ.', 'Local radio station playing Lao music and cultural news.'],
        [`ວາລະສານ ${blo}`, `${ben} Magazine`, 'ວາລະສານລາຍເດືອນກ່ຽວກັບສິລະປະ, ແຟຊັ່ນ ແລະ ການທ່ອງທ່ຽວ.', 'Monthly magazine on arts, fashion and travel.'],
      ] as const);
      return { name: { lo, en }, slug: en, description: { lo: descLo, en: descEn } };
    },
  },
  {
    id: 'design',
    weight: 3,
    types: [['private', 1]],
    domains: ['F'],
    functions: ['creation', 'production'],
    founded: [2008, 2024],
    sizes: [['1', 1], ['2-9', 2]],
    languages: [[['lo', 'en'], 3], [['en', 'lo', 'fr'], 1]],
    build(c) {
      const [blo, ben] = brand(c);
      return {
        name: { lo: `ສະຕູດິໂອອອກແບບ ${blo}`, en: `${ben} Design Studio` },
        optionalNames: ['lo'],
        slug: `${ben} design`,
        description: {
          lo: 'ອອກແບບກຣາຟິກ, ໂລໂກ້ ແລະ ການຫຸ້ມຫໍ່ ໂດຍນຳໃຊ້ລວດລາຍລາວ.',
          en: 'Graphic design, logos and packaging drawing on Lao textile patterns.',
        },
      };
    },
  },
  {
    id: 'training',
    weight: 2,
    types: [['education', 1]],
    domains: ['C', 'F'],
    functions: ['participation'],
    founded: [2000, 2023],
    sizes: [['2-9', 2], ['10-49', 1]],
    languages: [[['lo', 'en'], 1]],
    build(c) {
      const [blo, ben] = brand(c);
      return {
        name: { lo: `ສູນຝຶກອົບຮົມຫັດຖະກຳ ${blo}`, en: `${ben} Crafts Training Centre` },
        slug: `${ben} training`,
        description: {
          lo: 'ຝຶກອົບຮົມການທໍຜ້າ, ການອອກແບບ ແລະ ການຕະຫຼາດ ໃຫ້ຊາວໜຸ່ມ ແລະ ແມ່ຍິງ.',
          en: 'Training in weaving, design and marketing for young people and women.',
        },
      };
    },
  },
  {
    id: 'festival',
    weight: 2,
    types: [['civil_society', 1]],
    domains: ['B', 'E'],
    functions: ['exhibition', 'participation'],
    founded: [2008, 2023],
    sizes: [['2-9', 1]],
    languages: [[['lo', 'en'], 2], [['lo', 'en', 'fr'], 1]],
    build(c) {
      const [blo, ben] = brand(c);
      const [lo, en, fr] = c.r.pick([
        [`ເທດສະການຮູບເງົາ ${blo}`, `${ben} Film Festival`, `Festival du film ${ben}`],
        [`ເທດສະການດົນຕີ ${blo}`, `${ben} Music Festival`, `Festival de musique ${ben}`],
      ] as const);
      return {
        name: { lo, en, fr },
        optionalNames: ['fr'],
        unique: en,
        slug: en,
        description: {
          lo: 'ເທດສະການປະຈຳປີ ສະແດງຜົນງານຂອງສິລະປິນລາວ ແລະ ອາຊຽນ.',
          en: 'Yearly festival showing the work of Lao and ASEAN artists.',
          fr: 'Festival annuel des artistes lao et de l’ASEAN.',
        },
      };
    },
  },
  {
    id: 'international',
    weight: 1,
    types: [['international', 1]],
    domains: ['A', 'C'],
    functions: ['participation'],
    founded: [1995, 2020],
    sizes: [['2-9', 1], ['10-49', 1]],
    languages: [[['en', 'fr', 'lo'], 1], [['en', 'lo'], 1]],
    build(c) {
      const [, ben] = brand(c);
      return {
        name: { en: `${ben} Mekong Cultural Fund`, fr: `Fonds culturel ${ben} du Mékong` },
        unique: ben,
        slug: `${ben} mekong fund`,
        description: {
          en: 'Small grants for heritage, crafts and performing arts projects in the Mekong region.',
          fr: 'Petites subventions pour des projets de patrimoine, d’artisanat et d’arts du spectacle dans la région du Mékong.',
        },
      };
    },
  },
];

const DEPARTMENT: OrgKind = {
  id: 'province-department',
  weight: 0,
  types: [['government', 1]],
  domains: ['A', 'B', 'C', 'D', 'E', 'ICH'],
  functions: ['participation', 'dissemination', 'exhibition'],
  founded: [1976, 1995],
  sizes: [['50-249', 1]],
  languages: [[['lo'], 2], [['lo', 'en'], 1]],
  official: true,
  build(c) {
    return {
      name: {
        lo: `ພະແນກຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ${provinceLo(c.region)}`,
        en: `Department of Information, Culture and Tourism, ${provinceEn(c.region)}`,
        fr: `Département de l’information, de la culture et du tourisme, ${c.region.fr ?? c.region.en}`,
      },
      unique: `department-${c.town.region}`,
      slug: `${c.region.en} culture department`,
      description: {
        lo: 'ຄຸ້ມຄອງວຽກງານຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ຂັ້ນແຂວງ; ອະນຸລັກມໍລະດົກ ແລະ ສົ່ງເສີມສິລະປະ.',
        en: 'Provincial department for information, culture and tourism: heritage protection, arts promotion and media licensing.',
      },
    };
  },
};

const MINISTRY: OrgKind = {
  id: 'ministry',
  weight: 0,
  types: [['government', 1]],
  domains: ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'],
  functions: ['participation', 'dissemination'],
  founded: [2011, 2011],
  sizes: [['250+', 1]],
  languages: [[['lo', 'en', 'fr'], 1]],
  official: true,
  build() {
    return {
      name: {
        lo: 'ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ',
        en: 'Ministry of Information, Culture and Tourism',
        fr: 'Ministère de l’Information, de la Culture et du Tourisme',
      },
      unique: 'ministry',
      slug: 'mict demo',
      description: {
        lo: 'ຄຸ້ມຄອງວຽກງານຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ໃນທົ່ວປະເທດ. (ຂໍ້ມູນຕົວຢ່າງ)',
        en: 'National ministry for information, culture and tourism. (Demo record: contacts are fictitious.)',
        fr: 'Ministère national de l’information, de la culture et du tourisme. (Fiche de démonstration.)',
      },
    };
  },
};

const FEMALE: readonly Pair[] = [
  ['ວັນນິດາ', 'Vanida'], ['ນ້ອຍ', 'Noy'], ['ແສງເດືອນ', 'Saengdeuane'], ['ບົວລະພາ', 'Bualapha'], ['ມະນີວັນ', 'Manivanh'],
  ['ເພັດສະໝອນ', 'Phetsamone'], ['ວິໄລພອນ', 'Vilayphone'], ['ສຸລິຍາ', 'Souliya'], ['ດາລາວັນ', 'Dalavanh'], ['ຈັນທະວີ', 'Chanthavy'],
  ['ນາລີ', 'Naly'], ['ປານີ', 'Pany'], ['ອຳພອນ', 'Amphone'], ['ສີດາ', 'Sida'], ['ແກ້ວກັນຍາ', 'Keokanya'],
  ['ມາລີ', 'Maly'], ['ທິດາ', 'Thida'], ['ສົມຈິດ', 'Somchit'], ['ນິດຕະຍາ', 'Nittaya'], ['ພິມພາ', 'Phimpha'],
  ['ບຸນມາ', 'Bounma'], ['ຄຳຫຼ້າ', 'Khamla'], ['ອາລີ', 'Aly'], ['ສຸດາລາ', 'Soudala'], ['ວຽງສະຫວັນ', 'Viengsavanh'],
];
const MALE: readonly Pair[] = [
  ['ສົມພອນ', 'Somphone'], ['ບຸນມີ', 'Bounmy'], ['ສົມສັກ', 'Somsack'], ['ຄຳພອນ', 'Khamphone'], ['ສີສຸກ', 'Sisouk'],
  ['ອານຸສອນ', 'Anousone'], ['ທອງສີ', 'Thongsy'], ['ບຸນເຫຼືອ', 'Bounleua'], ['ສຸກສະຫວັນ', 'Souksavanh'], ['ໄຊສະໝອນ', 'Xaysamone'],
  ['ຄຳແພງ', 'Khamphaeng'], ['ພູວົງ', 'Phouvong'], ['ວິໄລ', 'Vilay'], ['ບຸນທັນ', 'Bounthanh'], ['ສົມພົງ', 'Somphong'],
  ['ທອງພັນ', 'Thongphanh'], ['ອຸດອນ', 'Oudone'], ['ບຸນຄົງ', 'Bounkhong'], ['ພອນໄຊ', 'Phonexay'], ['ຈັນສະໝອນ', 'Chansamone'],
  ['ແສງທອງ', 'Saengthong'], ['ວົງໄຊ', 'Vongxay'], ['ຄຳສີ', 'Khamsy'], ['ອາລຸນ', 'Aloun'], ['ເພັດ', 'Phet'],
];
const FAMILY: readonly Pair[] = [
  ['ພົມມະວົງ', 'Phommavong'], ['ສີສຸວັນ', 'Sisouvanh'], ['ແກ້ວມະນີ', 'Keomany'], ['ວົງສະຫວັນ', 'Vongsavanh'], ['ສີຫາລາດ', 'Sihalath'],
  ['ພົມມະຈັນ', 'Phommachanh'], ['ຈັນທະລາ', 'Chanthala'], ['ອິນທະວົງ', 'Inthavong'], ['ສຸລິວົງ', 'Soulivong'], ['ໄຊຍະວົງ', 'Xayavong'],
  ['ດວງມາລາ', 'Douangmala'], ['ຫຼວງລາດ', 'Luanglath'], ['ພິລາວັນ', 'Philavanh'], ['ແສງອາລຸນ', 'Saengaloun'], ['ບຸບຜາ', 'Bouppha'],
  ['ລາດຊະວົງ', 'Latsavong'], ['ຄຳມະນີ', 'Khammany'], ['ນັນທະວົງ', 'Nanthavong'], ['ວັນນະສີ', 'Vannasy'], ['ສີວົງໄຊ', 'Sivongxay'],
  ['ພັນທະວົງ', 'Phanthavong'], ['ແສງມະນີ', 'Saengmany'], ['ອຸ່ນແກ້ວ', 'Ounkeo'], ['ທຳມະວົງ', 'Thammavong'], ['ວິລະວົງ', 'Vilavong'],
  ['ສຸວັນນະລາດ', 'Souvannalath'], ['ໄຊຍະສານ', 'Xayasane'], ['ຈັນທະວົງ', 'Chanthavong'], ['ພຸດທະວົງ', 'Phouthavong'], ['ຂຸນທະວີ', 'Khounthavy'],
];

const PROFESSIONS: Profession[] = [
  { names: { lo: 'ຊ່າງທໍຜ້າ', en: 'Weaver' }, domains: ['C', 'ICH'], skills: ['ມັດໝີ', 'ຈົກ', 'ຂິດ', 'ikat', 'natural dyes'] },
  { names: { lo: 'ຊ່າງຍ້ອມສີທຳມະຊາດ', en: 'Natural dyer' }, domains: ['C'], skills: ['ຍ້ອມຄາມ', 'indigo', 'ຄັ່ງ'] },
  { names: { lo: 'ນັກເປົ່າແຄນ', en: 'Khene player' }, domains: ['B', 'ICH'], skills: ['ແຄນ', 'ລາຍສຸດສະແນນ', 'ລາຍໃຫຍ່'] },
  { names: { lo: 'ໝໍລຳ', en: 'Mor lam singer' }, domains: ['B', 'ICH'], skills: ['ລຳສາລະວັນ', 'ລຳສີພັນດອນ', 'ລຳຕັດ'] },
  { names: { lo: 'ນັກຮ້ອງ', en: 'Singer' }, domains: ['B'], skills: ['ຂັບທຸ້ມ', 'pop', 'ເພງລູກທົ່ງ'] },
  { names: { lo: 'ນັກຟ້ອນ', en: 'Dancer' }, domains: ['B', 'ICH'], skills: ['ຟ້ອນລາວ', 'ລຳວົງ', 'choreography'] },
  { names: { lo: 'ນັກແຕ້ມ', en: 'Painter' }, domains: ['C'], skills: ['ສີນ້ຳມັນ', 'ຮູບຝາ', 'watercolour'] },
  { names: { lo: 'ຊ່າງແກະສະຫຼັກ', en: 'Wood carver' }, domains: ['C', 'A'], skills: ['ແກະໄມ້', 'ໜ້າບັນ'] },
  { names: { lo: 'ຊ່າງເງິນ', en: 'Silversmith' }, domains: ['C'], skills: ['ຕີເງິນ', 'filigree'] },
  { names: { lo: 'ຊ່າງປັ້ນໝໍ້', en: 'Potter' }, domains: ['C', 'ICH'], skills: ['ປັ້ນດິນ', 'ເຜົາເຕົາໄມ້'] },
  { names: { lo: 'ຊ່າງຈັກສານ', en: 'Basket maker' }, domains: ['C', 'ICH'], skills: ['ໄມ້ໄຜ່', 'ຫວາຍ', 'ກະຕິບ'] },
  { names: { lo: 'ນັກຂຽນ', en: 'Writer' }, domains: ['D'], skills: ['ນິທານ', 'ນະວະນິຍາຍ', 'children’s books'] },
  { names: { lo: 'ນັກກະວີ', en: 'Poet' }, domains: ['D'], skills: ['ກາບກອນ', 'ການແປ'] },
  { names: { lo: 'ບັນນາທິການ', en: 'Editor' }, domains: ['D'], skills: ['ການຈັດໜ້າ', 'ການແປ', 'proofreading'] },
  { names: { lo: 'ນັກຖ່າຍຮູບ', en: 'Photographer' }, domains: ['C', 'E'], skills: ['ຖ່າຍຮູບສາລະຄະດີ', 'portrait'] },
  { names: { lo: 'ຜູ້ກຳກັບຮູບເງົາ', en: 'Film director' }, domains: ['E'], skills: ['ການຖ່າຍທຳ', 'ການຕັດຕໍ່', 'screenwriting'] },
  { names: { lo: 'ຜູ້ຜະລິດຮູບເງົາ', en: 'Film producer' }, domains: ['E'], skills: ['ການລະດົມທຶນ', 'co-production'] },
  { names: { lo: 'ນັກສະແດງ', en: 'Actor' }, domains: ['E', 'B'], skills: ['ລະຄອນ', 'ຮູບເງົາ'] },
  { names: { lo: 'ນັກສ້າງພາບເຄື່ອນໄຫວ', en: 'Animator' }, domains: ['E'], skills: ['2D animation', 'storyboard'] },
  { names: { lo: 'ນັກອອກແບບ', en: 'Designer' }, domains: ['F'], skills: ['ອອກແບບກຣາຟິກ', 'branding', 'ລາຍຜ້າ'] },
  { names: { lo: 'ສະຖາປະນິກ', en: 'Architect' }, domains: ['F', 'A'], skills: ['ເຮືອນລາວບູຮານ', 'restoration'] },
  { names: { lo: 'ນັກຄົ້ນຄວ້າມໍລະດົກ', en: 'Heritage researcher' }, domains: ['A', 'ICH'], skills: ['ບັນທຶກມໍລະດົກ', 'oral history', 'ອະນຸລັກ'] },
  { names: { lo: 'ພະນັກງານພິພິທະພັນ', en: 'Museum officer' }, domains: ['A'], skills: ['ການວາງສະແດງ', 'collections'] },
  { names: { lo: 'ຄູສອນສິລະປະ', en: 'Art teacher' }, domains: ['C', 'B'], skills: ['ການສອນ', 'workshops'] },
];

const FIELD: Record<string, readonly [string, string]> = {
  A: ['ມໍລະດົກ', 'heritage'],
  B: ['ສິລະປະການສະແດງ', 'the performing arts'],
  C: ['ຫັດຖະກຳ ແລະ ສິລະປະ', 'arts and crafts'],
  D: ['ປຶ້ມ ແລະ ສື່ສິ່ງພິມ', 'books and print'],
  E: ['ຮູບເງົາ ແລະ ສື່', 'film and media'],
  F: ['ການອອກແບບ', 'design'],
  ICH: ['ມໍລະດົກທີ່ບໍ່ແມ່ນວັດຖຸ', 'intangible heritage'],
};

const AREA_CODES: Record<string, string> = {
  'LA-VT': '21', 'LA-LP': '71', 'LA-CH': '31', 'LA-SV': '41', 'LA-KH': '51', 'LA-XI': '61', 'LA-OU': '81', 'LA-LM': '86', 'LA-BK': '84',
  'LA-PH': '88', 'LA-HO': '64', 'LA-XA': '74', 'LA-SL': '34', 'LA-XE': '38', 'LA-AT': '36', 'LA-BL': '54', 'LA-VI': '23', 'LA-XS': '61',
};

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

/** Lao PDR. */
export const LAO: CountryData = {
  code: 'LA',
  towns: TOWNS,
  kinds: KINDS,
  fixed(r) {
    const capital = TOWNS.find((t) => t.region === 'LA-VT')!;
    const out = [{ kind: MINISTRY, town: capital }];
    for (const region of Object.keys(DISTRICTS)) out.push({ kind: DEPARTMENT, town: r.pick(TOWNS.filter((t) => t.region === region)) });
    return out;
  },
  // Mobile +856 20 XXXX XXXX; fixed lines +856 <area> XXX XXX.
  phone: (r, region, mobile) =>
    mobile ? `+856 20 ${r.pick(['5', '7', '9', '2'])}${digits(r, 3)} ${digits(r, 4)}` : `+856 ${AREA_CODES[region] ?? '21'} ${digits(r, 3)} ${digits(r, 3)}`,
  address(r, town, region) {
    const [vlo, ven] = r.pick(VILLAGES);
    return r.chance(0.75)
      ? `ບ້ານ${vlo}, ເມືອງ${town.names.lo}, ${provinceLo(region)}`
      : `Ban ${ven}, ${town.names.en} District, ${provinceEn(region)}`;
  },
  messenger: 'whatsapp',
  personName(r) {
    const female = r.chance(0.55);
    const [glo, gen] = r.pick(female ? FEMALE : MALE);
    const [flo, fen] = r.pick(FAMILY);
    const withLatin = r.chance(0.6);
    const name: Names = { lo: `${glo} ${flo}` };
    if (withLatin) name.en = `${gen} ${fen}`;
    return { name, sex: female ? 'female' : 'male', ascii: `${gen} ${fen}`, lang: withLatin && r.chance(0.3) ? 'en' : 'lo' };
  },
  professions: PROFESSIONS,
  bio(r, { lang, profession, town, since }) {
    const domain = profession.domains[0]!;
    const [flo, fen] = FIELD[domain]!;
    const lo = `${profession.names.lo} ຈາກເມືອງ${town.names.lo}, ເຮັດວຽກດ້ານ${flo} ມາແຕ່ປີ ${since}.`;
    const en = `${profession.names.en} from ${town.names.en}, working in ${fen} since ${since}.`;
    return lang === 'en' || r.chance(0.4) ? { lo, en } : { lo };
  },
  personLanguages: [[['lo'], 5], [['lo', 'en'], 4], [['lo', 'en', 'fr'], 1], [['lo', 'th'], 1], [['lo', 'hmn'], 0.5]],
  roles: ['ປະທານກຸ່ມ', 'ຫົວໜ້າກຸ່ມ', 'ສະມາຊິກ', 'ຜູ້ອຳນວຍການ', 'ຮອງຜູ້ອຳນວຍການ', 'ນັກສະແດງ', 'ຊ່າງທໍ', 'Coordinator', 'Founder'],
  centres: {
    'LA-AT': [14.81, 106.83], 'LA-BK': [20.28, 100.41], 'LA-BL': [18.39, 103.66], 'LA-CH': [15.12, 105.8], 'LA-HO': [20.42, 104.05],
    'LA-KH': [17.4, 104.8], 'LA-LM': [20.95, 101.4], 'LA-LP': [19.89, 102.13], 'LA-OU': [20.69, 101.98], 'LA-PH': [21.68, 102.1],
    'LA-SL': [15.72, 106.42], 'LA-SV': [16.56, 104.75], 'LA-VI': [18.48, 102.41], 'LA-VT': [17.97, 102.61], 'LA-XA': [19.25, 101.71],
    'LA-XE': [15.34, 106.72], 'LA-XI': [19.45, 103.19], 'LA-XS': [18.89, 103.09],
  },
};

/** Lao words used in the demo names (for tests: a word that must be found inside an unspaced name). */
export const LAO_SAMPLE_WORDS = ['ຜ້າໄໝ', 'ທໍຜ້າ', 'ຫັດຖະກຳ', 'ໝໍລຳ'] as const;


