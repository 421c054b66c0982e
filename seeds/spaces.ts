/**
 * Country spaces seeded on a new installation, with their first-level administrative divisions.
 *
 * Source: ISO 3166-2 codes (LA, UZ, RW) as published in Debian iso-codes 4.15.0; names from
 * Unicode CLDR 48 subdivision names, OCHA HDX COD-AB for Lao PDR (Lao script), the SOATO
 * classifier of the Agency of Statistics of Uzbekistan (Uzbek Latin/Cyrillic, Russian), ISO 3166-2:RW
 * (Kinyarwanda, French), Natural Earth and Wikipedia for exonyms. See docs/DATA-SOURCES.md.
 * Uzbek Latin uses U+02BB in oʻ/gʻ; Lao is in NFC (never NFKC).
 */

/** A seeded region: ISO 3166-2 code, type and names by language tag. */
export interface SeedRegion {
  code: string;
  type: string;
  names: Record<string, string>;
}

/** A seeded country space. */
export interface SeedSpace {
  code: string;
  defaultLocale: string;
  locales: string[];
  names: Record<string, string>;
  regions: SeedRegion[];
}

/** Lao PDR, Uzbekistan and Rwanda. */
export const SEED_SPACES: SeedSpace[] = [
  {
    code: "LA",
    defaultLocale: "lo",
    locales: ["lo", "en", "fr"],
    names: {"en": "Lao PDR", "fr": "RDP lao", "ru": "Лаосская Народно-Демократическая Республика", "lo": "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ", "uz-Latn": "Laos", "uz-Cyrl": "Лаос", "rw": "Lawosi"},
    regions: [
      { code: "LA-AT", type: "province", names: {"en": "Attapeu", "fr": "Attapeu", "ru": "Аттапы", "lo": "ອັດຕະປື"} },
      { code: "LA-BK", type: "province", names: {"en": "Bokeo", "fr": "Bokeo", "ru": "Бокэу", "lo": "ບໍ່ແກ້ວ"} },
      { code: "LA-BL", type: "province", names: {"en": "Bolikhamsai", "fr": "Borikhamxay", "ru": "Боликхамсай", "lo": "ບໍລິຄຳໄຊ"} },
      { code: "LA-CH", type: "province", names: {"en": "Champasak", "fr": "Champassak", "ru": "Тямпасак", "lo": "ຈຳປາສັກ"} },
      { code: "LA-HO", type: "province", names: {"en": "Houaphanh", "fr": "Houaphan", "ru": "Хуапхан", "lo": "ຫົວພັນ"} },
      { code: "LA-KH", type: "province", names: {"en": "Khammouane", "fr": "Khammouane", "ru": "Кхаммуан", "lo": "ຄຳມ່ວນ"} },
      { code: "LA-LM", type: "province", names: {"en": "Luang Namtha", "fr": "Luang Namtha", "ru": "Луангнамтха", "lo": "ຫຼວງນ້ຳທາ"} },
      { code: "LA-LP", type: "province", names: {"en": "Luang Prabang", "fr": "Luang Prabang", "ru": "Луангпхабанг", "lo": "ຫຼວງພະບາງ"} },
      { code: "LA-OU", type: "province", names: {"en": "Oudomxay", "fr": "Oudomxay", "ru": "Удомсай", "lo": "ອຸດົມໄຊ"} },
      { code: "LA-PH", type: "province", names: {"en": "Phongsaly", "fr": "Phongsaly", "ru": "Пхонгсали", "lo": "ຜົ້ງສາລີ"} },
      { code: "LA-SL", type: "province", names: {"en": "Salavan", "fr": "Saravane", "ru": "Салаван", "lo": "ສາລະວັນ"} },
      { code: "LA-SV", type: "province", names: {"en": "Savannakhet", "fr": "Savannakhet", "ru": "Саваннакхет", "lo": "ສະຫວັນນະເຂດ"} },
      { code: "LA-VI", type: "province", names: {"en": "Vientiane Province", "fr": "Province de Vientiane", "ru": "Вьентьян (провинция)", "lo": "ແຂວງວຽງຈັນ"} },
      { code: "LA-VT", type: "capital", names: {"en": "Vientiane Capital", "fr": "Préfecture de Vientiane", "ru": "Вьентьян (префектура)", "lo": "ນະຄອນຫຼວງວຽງຈັນ"} },
      { code: "LA-XA", type: "province", names: {"en": "Sainyabuli", "fr": "Sayaboury", "ru": "Сайнябули", "lo": "ໄຊຍະບູລີ"} },
      { code: "LA-XE", type: "province", names: {"en": "Sekong", "fr": "Sékong", "ru": "Секонг", "lo": "ເຊກອງ"} },
      { code: "LA-XI", type: "province", names: {"en": "Xiangkhouang", "fr": "Xieng Khouang", "ru": "Сиангкхуанг", "lo": "ຊຽງຂວາງ"} },
      { code: "LA-XS", type: "province", names: {"en": "Xaisomboun", "fr": "Xaisomboun", "ru": "Сайсомбун", "lo": "ໄຊສົມບູນ"} },
    ],
  },
  {
    code: "UZ",
    defaultLocale: "uz-Latn",
    locales: ["uz-Latn", "uz-Cyrl", "ru", "en"],
    names: {"en": "Uzbekistan", "fr": "Ouzbékistan", "ru": "Узбекистан", "lo": "ອຸສເບກິສະຖານ", "uz-Latn": "Oʻzbekiston", "uz-Cyrl": "Ўзбекистон", "rw": "Uzubekisitani"},
    regions: [
      { code: "UZ-AN", type: "region", names: {"en": "Andijan Region", "fr": "Province d'Andijan", "ru": "Андижанская область", "uz-Latn": "Andijon viloyati", "uz-Cyrl": "Андижон вилояти"} },
      { code: "UZ-BU", type: "region", names: {"en": "Bukhara Region", "fr": "Province de Boukhara", "ru": "Бухарская область", "uz-Latn": "Buxoro viloyati", "uz-Cyrl": "Бухоро вилояти"} },
      { code: "UZ-FA", type: "region", names: {"en": "Fergana Region", "fr": "Province de Ferghana", "ru": "Ферганская область", "uz-Latn": "Fargʻona viloyati", "uz-Cyrl": "Фарғона вилояти"} },
      { code: "UZ-JI", type: "region", names: {"en": "Jizzakh Region", "fr": "Province de Djizak", "ru": "Джизакская область", "uz-Latn": "Jizzax viloyati", "uz-Cyrl": "Жиззах вилояти"} },
      { code: "UZ-NG", type: "region", names: {"en": "Namangan Region", "fr": "Province de Namangan", "ru": "Наманганская область", "uz-Latn": "Namangan viloyati", "uz-Cyrl": "Наманган вилояти"} },
      { code: "UZ-NW", type: "region", names: {"en": "Navoiy Region", "fr": "Province de Navoï", "ru": "Навоийская область", "uz-Latn": "Navoiy viloyati", "uz-Cyrl": "Навоий вилояти"} },
      { code: "UZ-QA", type: "region", names: {"en": "Kashkadarya Region", "fr": "Province de Kachkadaria", "ru": "Кашкадарьинская область", "uz-Latn": "Qashqadaryo viloyati", "uz-Cyrl": "Қашқадарё вилояти"} },
      { code: "UZ-QR", type: "republic", names: {"en": "Republic of Karakalpakstan", "fr": "République du Karakalpakstan", "ru": "Республика Каракалпакстан", "uz-Latn": "Qoraqalpogʻiston Respublikasi", "uz-Cyrl": "Қорақалпоғистон Республикаси"} },
      { code: "UZ-SA", type: "region", names: {"en": "Samarkand Region", "fr": "Province de Samarcande", "ru": "Самаркандская область", "uz-Latn": "Samarqand viloyati", "uz-Cyrl": "Самарқанд вилояти"} },
      { code: "UZ-SI", type: "region", names: {"en": "Syrdarya Region", "fr": "Province de Syr-Daria", "ru": "Сырдарьинская область", "uz-Latn": "Sirdaryo viloyati", "uz-Cyrl": "Сирдарё вилояти"} },
      { code: "UZ-SU", type: "region", names: {"en": "Surkhandarya Region", "fr": "Province de Sourkhan-Daria", "ru": "Сурхандарьинская область", "uz-Latn": "Surxondaryo viloyati", "uz-Cyrl": "Сурхондарё вилояти"} },
      { code: "UZ-TK", type: "city", names: {"en": "Tashkent City", "fr": "Ville de Tachkent", "ru": "город Ташкент", "uz-Latn": "Toshkent shahri", "uz-Cyrl": "Тошкент шаҳри"} },
      { code: "UZ-TO", type: "region", names: {"en": "Tashkent Region", "fr": "Province de Tachkent", "ru": "Ташкентская область", "uz-Latn": "Toshkent viloyati", "uz-Cyrl": "Тошкент вилояти"} },
      { code: "UZ-XO", type: "region", names: {"en": "Khorezm Region", "fr": "Province du Khorezm", "ru": "Хорезмская область", "uz-Latn": "Xorazm viloyati", "uz-Cyrl": "Хоразм вилояти"} },
    ],
  },
  {
    code: "RW",
    defaultLocale: "rw",
    locales: ["rw", "en", "fr"],
    names: {"en": "Rwanda", "fr": "Rwanda", "ru": "Руанда", "lo": "ຣວັນດາ", "uz-Latn": "Ruanda", "uz-Cyrl": "Руанда", "rw": "Rwanda"},
    regions: [
      { code: "RW-01", type: "city", names: {"en": "City of Kigali", "fr": "Ville de Kigali", "ru": "Кигали", "rw": "Umujyi wa Kigali"} },
      { code: "RW-02", type: "province", names: {"en": "Eastern Province", "fr": "Province de l'Est", "ru": "Восточная провинция", "rw": "Intara y'Iburasirazuba"} },
      { code: "RW-03", type: "province", names: {"en": "Northern Province", "fr": "Province du Nord", "ru": "Северная провинция", "rw": "Intara y'Amajyaruguru"} },
      { code: "RW-04", type: "province", names: {"en": "Western Province", "fr": "Province de l'Ouest", "ru": "Западная провинция", "rw": "Intara y'Iburengerazuba"} },
      { code: "RW-05", type: "province", names: {"en": "Southern Province", "fr": "Province du Sud", "ru": "Южная провинция", "rw": "Intara y'Amajyepfo"} },
    ],
  },
];
