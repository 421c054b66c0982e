/**
 * Word lists for Rwanda: the districts of each province (real place names), invented cooperative,
 * troupe and brand names from common Kinyarwanda words, Kinyarwanda family names with the French
 * and English first names Rwandans often carry, and crafts, dance, music, film and fashion
 * vocabulary in Kinyarwanda, English and French. Every organisation and person built from these
 * lists is fictitious.
 */
import type { Rng } from './random.js';
import { professionLabel, type BuildContext, type CountryData, type OrgKind, type Profession, type Town } from './types.js';

const DISTRICTS: Record<string, readonly string[]> = {
  'RW-01': ['Gasabo', 'Kicukiro', 'Nyarugenge'],
  'RW-02': ['Bugesera', 'Gatsibo', 'Kayonza', 'Kirehe', 'Ngoma', 'Nyagatare', 'Rwamagana'],
  'RW-03': ['Burera', 'Gakenke', 'Gicumbi', 'Musanze', 'Rulindo'],
  'RW-04': ['Karongi', 'Ngororero', 'Nyabihu', 'Nyamasheke', 'Rubavu', 'Rusizi', 'Rutsiro'],
  'RW-05': ['Gisagara', 'Huye', 'Kamonyi', 'Muhanga', 'Nyamagabe', 'Nyanza', 'Nyaruguru', 'Ruhango'],
};
const KIGALI_STREETS: Record<string, string> = { Gasabo: 'KG', Kicukiro: 'KK', Nyarugenge: 'KN' };

const TOWNS: Town[] = Object.entries(DISTRICTS).flatMap(([region, list]) =>
  list.map((d) => ({ region, names: { rw: d, en: d, fr: d }, weight: region === 'RW-01' ? 6 : d === 'Huye' || d === 'Musanze' || d === 'Rubavu' ? 2 : 1 })),
);

/** Brand-like names from common Kinyarwanda words (unity, light, hope, heritage…), combined freely. */
const BRANDS = [
  'Ubumwe', 'Twiyubake', 'Abishyizehamwe', 'Dufatanye', 'Tuzamurane', 'Ejo Heza', 'Urumuri', 'Inyenyeri', 'Umucyo', 'Amizero',
  'Icyerekezo', 'Imbaraga', 'Ubwiza', 'Umurage', 'Isangano', 'Indatwa', 'Ikirezi', 'Impano', 'Inkingi', 'Umuco', 'Ishema',
  'Iriba', 'Isoko', 'Akanyenyeri', 'Intango', 'Urukundo', 'Ineza', 'Umutako', 'Imena', 'Inganji', 'Umutima', 'Ituze',
] as const;

const FEMALE_FIRST = ['Aline', 'Claudine', 'Diane', 'Grace', 'Josiane', 'Clarisse', 'Solange', 'Divine', 'Sandrine', 'Chantal', 'Jeanne', 'Esther', 'Alice', 'Ange', 'Yvette', 'Olive', 'Gisèle', 'Béatrice', 'Marie-Claire', 'Vestine', 'Liliane', 'Hélène', 'Angélique', 'Francine'];
const MALE_FIRST = ['Eric', 'Jean-Paul', 'Emmanuel', 'Patrick', 'Olivier', 'Innocent', 'Fabrice', 'Didier', 'Jean-Claude', 'Théogène', 'Eugène', 'Aimable', 'Thierry', 'Serge', 'Yves', 'Janvier', 'Célestin', 'Jean de Dieu', 'Gilbert', 'Kevin', 'Samuel', 'Moïse', 'Frédéric', 'Désiré'];
const FEMALE_RW = ['Keza', 'Teta', 'Isimbi', 'Ineza', 'Uwase', 'Gaju', 'Kaneza', 'Umutesi'];
const MALE_RW = ['Mugisha', 'Shema', 'Ganza', 'Gisa', 'Manzi', 'Hirwa', 'Kwizera', 'Cyusa'];
const FEMALE_FAMILY = ['Uwase', 'Mukamana', 'Uwamahoro', 'Umutoni', 'Mutesi', 'Ingabire', 'Uwineza', 'Mukeshimana', 'Kayitesi', 'Umuhoza', 'Uwimana', 'Ishimwe', 'Nyirahabimana', 'Mukandayisenga', 'Uwera', 'Iradukunda'];
const MALE_FAMILY = ['Niyonzima', 'Habimana', 'Nshimiyimana', 'Mugisha', 'Kamanzi', 'Gatera', 'Ndayisaba', 'Hakizimana', 'Bizimana', 'Nsengiyumva', 'Manzi', 'Murenzi', 'Tuyishime', 'Iradukunda', 'Irakoze', 'Ntwari', 'Rukundo', 'Nkurunziza', 'Uwimana', 'Ishimwe'];

const brand = (c: BuildContext) => c.r.pick(BRANDS);
const district = (c: BuildContext) => c.town.names.rw!;

const RW_COMMUNITY: OrgKind['languages'] = [[['rw'], 5], [['rw', 'en'], 3], [['rw', 'fr'], 1], [['rw', 'en', 'fr'], 1]];
const RW_BUSINESS: OrgKind['languages'] = [[['rw', 'en'], 4], [['rw', 'en', 'fr'], 3], [['en', 'fr'], 1], [['rw', 'en', 'sw'], 1]];

const KINDS: OrgKind[] = [
  {
    id: 'imigongo',
    weight: 8,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1998, 2023],
    sizes: [['2-9', 1], ['10-49', 2]],
    languages: RW_COMMUNITY,
    towns: ['Kirehe', 'Kirehe', 'Kirehe', 'Ngoma', 'Kayonza', 'Rwamagana', 'Gasabo', 'Kicukiro', 'Huye'],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Koperative ${b} y'Abahanzi b'Imigongo`, en: `${b} Imigongo Art Cooperative`, fr: `Coopérative d'art imigongo ${b}` },
        optionalNames: ['en', 'fr'],
        slug: `${b} imigongo`,
        description: {
          rw: "Abahanzi b'imigongo bakora ibishushanyo mu ibara ry'umukara, umutuku n'umweru.",
          en: 'Imigongo artists making geometric relief panels in black, red and white, the art that began in Kirehe.',
          fr: "Artistes de l'imigongo : panneaux géométriques en relief, noirs, rouges et blancs, un art né à Kirehe.",
        },
      };
    },
  },
  {
    id: 'agaseke',
    weight: 8,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['creation', 'production'],
    founded: [1995, 2023],
    sizes: [['10-49', 2], ['50-249', 1]],
    languages: RW_COMMUNITY,
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Koperative ${b} y'Ababoshyi b'Uduseke`, en: `${b} Agaseke Basket Weavers' Cooperative`, fr: `Coopérative de vannerie ${b}` },
        optionalNames: ['en', 'fr'],
        slug: `${b} baskets`,
        description: {
          rw: "Ababoshyi b'agaseke, ibiseke n'imitako ikozwe mu bikoresho gakondo.",
          en: 'Weavers of agaseke peace baskets, bowls and decorations in sisal, papyrus and sweetgrass.',
          fr: "Tisserandes d'agaseke (paniers de la paix), de corbeilles et de décorations en sisal et papyrus.",
        },
      };
    },
  },
  {
    id: 'intore',
    weight: 7,
    types: [['civil_society', 1]],
    domains: ['B', 'ICH'],
    functions: ['creation', 'exhibition', 'participation'],
    founded: [1985, 2023],
    sizes: [['10-49', 2], ['2-9', 1]],
    languages: RW_COMMUNITY,
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Itorero ${b} rya ${district(c)}`, en: `${b} Intore Dance Troupe`, fr: `Troupe de danse traditionnelle ${b}` },
        optionalNames: ['en', 'fr'],
        unique: `itorero-${b}-${district(c)}`,
        slug: `${b} ${district(c)} intore`,
        description: {
          rw: "Itorero ry'imbyino gakondo: intore, ingoma n'indirimbo.",
          en: 'Traditional dance troupe: the intore dance, drumming (ingoma) and song, for festivals and weddings.',
          fr: 'Troupe de danse traditionnelle : danse des intore, tambours et chants, pour les fêtes et les mariages.',
        },
      };
    },
  },
  {
    id: 'drummers',
    weight: 3,
    types: [['civil_society', 1]],
    domains: ['B', 'ICH'],
    functions: ['exhibition'],
    founded: [1990, 2023],
    sizes: [['2-9', 1], ['10-49', 1]],
    languages: RW_COMMUNITY,
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Itsinda ry'Abavuza Ingoma ${b}`, en: `${b} Drummers`, fr: `Tambourinaires ${b}` },
        optionalNames: ['fr'],
        slug: `${b} drummers`,
        description: {
          rw: 'Abavuza ingoma gakondo mu birori no mu maserukiramuco.',
          en: 'Traditional drummers for ceremonies and festivals.',
          fr: 'Tambourinaires traditionnels pour les cérémonies et les festivals.',
        },
      };
    },
  },
  {
    id: 'music-studio',
    weight: 5,
    types: [['private', 1]],
    domains: ['B', 'E'],
    functions: ['production', 'dissemination'],
    founded: [2005, 2024],
    sizes: [['1', 1], ['2-9', 2]],
    languages: RW_BUSINESS,
    towns: ['Gasabo', 'Kicukiro', 'Nyarugenge', 'Huye', 'Musanze', 'Rubavu'],
    build(c) {
      const b = brand(c);
      const [en, fr] = c.r.pick([
        [`${b} Music Studio`, `Studio ${b}`],
        [`${b} Records`, `Disques ${b}`],
        [`${b} Sound`, `Studio ${b} Sound`],
      ] as const);
      return {
        name: { en, fr },
        optionalNames: ['fr'],
        slug: en,
        description: {
          rw: "Sitidiyo itunganya indirimbo z'abahanzi bakiri bato.",
          en: 'Recording studio producing Afrobeat, gospel and inanga music for young Rwandan artists.',
          fr: 'Studio d’enregistrement pour les jeunes artistes rwandais : afrobeat, gospel, inanga.',
        },
      };
    },
  },
  {
    id: 'film',
    weight: 4,
    types: [['private', 2], ['civil_society', 1]],
    domains: ['E'],
    functions: ['creation', 'production', 'exhibition'],
    founded: [2005, 2024],
    sizes: [['1', 1], ['2-9', 2]],
    languages: RW_BUSINESS,
    build(c) {
      const b = brand(c);
      const festival = c.r.chance(0.3);
      return festival
        ? {
            name: { rw: `Iserukiramuco rya Sinema ${b}`, en: `${b} Film Festival`, fr: `Festival du film ${b}` },
            unique: `festival-${b}`,
            type: 'civil_society',
            slug: `${b} film festival`,
            description: {
              rw: "Iserukiramuco ngarukamwaka rya filime nyarwanda n'izo muri Afurika.",
              en: 'A yearly festival of Rwandan and African films, with screenings in the districts.',
              fr: 'Festival annuel du cinéma rwandais et africain, avec des projections dans les districts.',
            },
          }
        : {
            name: { en: `${b} Films Ltd`, fr: `${b} Films` },
            optionalNames: ['fr'],
            slug: `${b} films`,
            description: {
              rw: 'Ikigo gikora filime mbarankuru na filime z’uruhererekane.',
              en: 'Production company for documentaries and series shot in Rwanda.',
              fr: 'Société de production de documentaires et de séries tournés au Rwanda.',
            },
          };
    },
  },
  {
    id: 'fashion',
    weight: 5,
    types: [['private', 1]],
    domains: ['F', 'C'],
    functions: ['creation', 'production'],
    founded: [2010, 2024],
    sizes: [['1', 1], ['2-9', 2], ['10-49', 1]],
    languages: RW_BUSINESS,
    towns: ['Gasabo', 'Kicukiro', 'Nyarugenge', 'Huye', 'Rubavu'],
    build(c) {
      const b = brand(c);
      const [en, fr] = c.r.pick([
        [`${b} Fashion House`, `Maison ${b}`],
        [`Atelier ${b}`, `Atelier ${b}`],
        [`${b} Couture`, `${b} Couture`],
      ] as const);
      return {
        name: { en, fr },
        optionalNames: ['fr'],
        slug: en,
        description: {
          en: 'Fashion designer working with kitenge prints and imigongo patterns; made-in-Rwanda collections.',
          fr: 'Styliste : pagnes kitenge et motifs imigongo, collections fabriquées au Rwanda.',
        },
      };
    },
  },
  {
    id: 'district-office',
    weight: 4,
    types: [['government', 1]],
    domains: ['A', 'B', 'ICH'],
    functions: ['participation'],
    founded: [2006, 2006],
    sizes: [['2-9', 1]],
    languages: [[['rw', 'en'], 2], [['rw', 'en', 'fr'], 1]],
    official: true,
    build(c) {
      const d = district(c);
      return {
        name: { rw: `Ibiro by'Umuco by'Akarere ka ${d}`, en: `${d} District Culture Office`, fr: `Bureau culturel du district de ${d}` },
        unique: `district-${d}`,
        slug: `${d} district culture`,
        description: {
          rw: "Biteza imbere umuco, amatorero n'abahanzi bo mu karere.",
          en: 'Promotes culture, troupes and artists of the district; organises the district cultural festival.',
          fr: 'Promeut la culture, les troupes et les artistes du district ; organise le festival culturel du district.',
        },
      };
    },
  },
  {
    id: 'gallery',
    weight: 3,
    types: [['private', 1]],
    domains: ['C'],
    functions: ['exhibition', 'dissemination'],
    founded: [2000, 2024],
    sizes: [['1', 1], ['2-9', 1]],
    languages: RW_BUSINESS,
    towns: ['Gasabo', 'Kicukiro', 'Nyarugenge', 'Huye', 'Musanze'],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Inzu y'Ubugeni ${b}`, en: `${b} Art Gallery`, fr: `Galerie ${b}` },
        optionalNames: ['rw', 'fr'],
        slug: `${b} gallery`,
        description: {
          rw: "Imurikabikorwa ry'abanyabugeni b'Abanyarwanda.",
          en: 'Gallery and studios for contemporary Rwandan painters and sculptors.',
          fr: 'Galerie et ateliers pour les peintres et sculpteurs rwandais contemporains.',
        },
      };
    },
  },
  {
    id: 'publisher',
    weight: 3,
    types: [['private', 1]],
    domains: ['D'],
    functions: ['production', 'dissemination'],
    founded: [1995, 2023],
    sizes: [['2-9', 1]],
    languages: [[['rw', 'en', 'fr'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Inzu y'Ibitabo ${b}`, en: `${b} Publishers`, fr: `Éditions ${b}` },
        optionalNames: ['fr'],
        slug: `${b} publishers`,
        description: {
          rw: "Itangaza ibitabo by'abana mu Kinyarwanda.",
          en: 'Publishes children’s books and novels in Kinyarwanda, English and French.',
          fr: 'Livres pour enfants et romans en kinyarwanda, anglais et français.',
        },
      };
    },
  },
  {
    id: 'school',
    weight: 2,
    types: [['education', 1]],
    domains: ['B', 'C', 'E'],
    functions: ['participation', 'creation'],
    founded: [2000, 2022],
    sizes: [['10-49', 1], ['50-249', 1]],
    languages: [[['rw', 'en'], 2], [['rw', 'en', 'fr'], 1]],
    build(c) {
      const d = district(c);
      return {
        name: { rw: `Ishuri ry'Ubuhanzi rya ${d}`, en: `${d} School of Arts`, fr: `École d'art de ${d}` },
        unique: `school-${d}`,
        slug: `${d} school of arts`,
        description: {
          rw: "Ryigisha umuziki, imbyino, ubugeni na sinema.",
          en: 'Teaches music, dance, visual arts and film-making to young people.',
          fr: 'Enseigne la musique, la danse, les arts plastiques et le cinéma aux jeunes.',
        },
      };
    },
  },
  {
    id: 'radio',
    weight: 2,
    types: [['media', 1]],
    domains: ['D', 'E'],
    functions: ['dissemination'],
    founded: [2004, 2023],
    sizes: [['10-49', 1]],
    languages: [[['rw', 'en'], 2], [['rw', 'en', 'fr', 'sw'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Radiyo ${b}`, en: `${b} FM` },
        slug: `${b} fm`,
        description: {
          rw: "Radiyo y'umuziki n'amakuru y'umuco.",
          en: 'Community radio with music, cultural news and a weekly programme on young artists.',
        },
      };
    },
  },
  {
    id: 'pottery',
    weight: 2,
    types: [['civil_society', 1]],
    domains: ['C', 'ICH'],
    functions: ['production'],
    founded: [1995, 2022],
    sizes: [['2-9', 1], ['10-49', 1]],
    languages: RW_COMMUNITY,
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Koperative ${b} y'Ababumbyi`, en: `${b} Pottery Cooperative`, fr: `Coopérative de poterie ${b}` },
        optionalNames: ['en', 'fr'],
        slug: `${b} pottery`,
        description: {
          rw: "Ababumbyi b'inkono n'amasafuriya y'ibumba.",
          en: 'Potters making clay pots, jars and decorative pieces fired in open kilns.',
          fr: 'Potiers : marmites, jarres et objets décoratifs en argile.',
        },
      };
    },
  },
  {
    id: 'network',
    weight: 2,
    types: [['network', 1]],
    domains: ['B', 'C', 'E'],
    functions: ['participation'],
    founded: [2005, 2022],
    sizes: [['10-49', 1], ['50-249', 1]],
    languages: [[['rw', 'en', 'fr'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Ihuriro ry'Abahanzi ${b}`, en: `${b} Artists' Network`, fr: `Réseau d'artistes ${b}` },
        unique: `network-${b}`,
        slug: `${b} network`,
        description: {
          rw: "Rihuza abahanzi, ribafasha kubona amahugurwa n'amasoko.",
          en: 'Connects artists and helps them find training, markets and funding.',
          fr: 'Relie les artistes et les aide à trouver formations, marchés et financements.',
        },
      };
    },
  },
  {
    id: 'heritage',
    weight: 1,
    types: [['civil_society', 1], ['international', 1]],
    domains: ['A', 'ICH'],
    functions: ['exhibition', 'participation'],
    founded: [2000, 2022],
    sizes: [['2-9', 1]],
    languages: [[['rw', 'en', 'fr'], 1]],
    build(c) {
      const b = brand(c);
      return {
        name: { rw: `Ikigo cy'Umurage ${b}`, en: `${b} Heritage Centre`, fr: `Centre du patrimoine ${b}` },
        unique: `heritage-${b}`,
        slug: `${b} heritage`,
        description: {
          rw: "Kibungabunga umurage ndangamuco n'amateka y'akarere.",
          en: 'Documents oral history, songs and crafts of the area; small exhibition and archive.',
          fr: 'Recueille l’histoire orale, les chants et les savoir-faire de la région ; petite exposition et archives.',
        },
      };
    },
  },
  {
    id: 'hub',
    weight: 1,
    types: [['international', 1], ['private', 1]],
    domains: ['F', 'E'],
    functions: ['participation', 'production'],
    founded: [2012, 2024],
    sizes: [['2-9', 1], ['10-49', 1]],
    languages: [[['en', 'fr', 'rw'], 1]],
    towns: ['Gasabo', 'Kicukiro', 'Nyarugenge'],
    build(c) {
      const b = brand(c);
      return {
        name: { en: `${b} Creative Hub`, fr: `Pôle créatif ${b}` },
        unique: `hub-${b}`,
        slug: `${b} creative hub`,
        description: {
          en: 'Co-working space, equipment and mentoring for designers, animators and game developers.',
          fr: 'Espace de travail partagé, matériel et accompagnement pour designers, animateurs et développeurs de jeux.',
        },
      };
    },
  },
];

/** [Kinyarwanda, English, French, domains, skills] */
const PROFESSION_ROWS: readonly (readonly [string, string, string, string, Profession['domains'], readonly string[]])[] = [
  ["Umuhanzi w'imigongo", 'Imigongo artist', 'Artiste imigongo', 'Artiste imigongo', ['C', 'ICH'], ['imigongo', 'ibishushanyo', 'relief']],
  ["Umuboshyi w'uduseke", 'Basket weaver', 'Vannier', 'Vannière', ['C', 'ICH'], ['agaseke', 'ibiseke', 'sisal']],
  ['Umubyinnyi', 'Dancer', 'Danseur', 'Danseuse', ['B', 'ICH'], ['intore', 'imbyino gakondo', 'chorégraphie']],
  ['Umucuranzi', 'Musician', 'Musicien', 'Musicienne', ['B'], ['inanga', 'ingoma', 'guitar']],
  ['Umuririmbyi', 'Singer', 'Chanteur', 'Chanteuse', ['B'], ['gospel', 'afrobeat', 'indirimbo gakondo']],
  ['Umwanditsi', 'Writer', 'Écrivain', 'Écrivaine', ['D'], ['ibitabo by’abana', 'novels', 'traduction']],
  ['Umusizi', 'Poet', 'Poète', 'Poète', ['D', 'ICH'], ['ibisigo', 'spoken word']],
  ['Umunyabugeni', 'Visual artist', 'Artiste plasticien', 'Artiste plasticienne', ['C'], ['painting', 'sculpture', 'peinture']],
  ['Umufotozi', 'Photographer', 'Photographe', 'Photographe', ['C', 'E'], ['portrait', 'reportage']],
  ['Umuyobozi wa filime', 'Film director', 'Réalisateur', 'Réalisatrice', ['E'], ['screenwriting', 'montage', 'documentaire']],
  ['Umukinnyi wa filime', 'Actor', 'Comédien', 'Comédienne', ['E', 'B'], ['théâtre', 'cinema']],
  ["Umudozi w'imideli", 'Fashion designer', 'Styliste', 'Styliste', ['F', 'C'], ['kitenge', 'couture', 'pattern cutting']],
  ['Umubumbyi', 'Potter', 'Potier', 'Potière', ['C', 'ICH'], ['ibumba', 'ceramics']],
  ['Umushushanyi', 'Graphic designer', 'Graphiste', 'Graphiste', ['F'], ['branding', 'illustration']],
  ['Umushakashatsi mu murage', 'Heritage researcher', 'Chercheur en patrimoine', 'Chercheuse en patrimoine', ['A', 'ICH'], ['oral history', 'archives', 'amateka']],
  ['Umutunganya wa filime', 'Film producer', 'Producteur', 'Productrice', ['E'], ['co-production', 'distribution']],
];
const PROFESSIONS: Profession[] = PROFESSION_ROWS.map(([rw, en, fr, frF, domains, skills]) => ({ names: { rw, en, fr }, female: { fr: frF }, domains, skills }));

const FIELD: Record<string, readonly [string, string, string]> = {
  A: ["n'umurage ndangamuco", 'heritage', 'le patrimoine'],
  B: ["n'imbyino n'umuziki", 'the performing arts', 'les arts du spectacle'],
  C: ["n'ubugeni n'ubukorikori", 'arts and crafts', "l'artisanat et les arts plastiques"],
  D: ["n'ibitabo n'ubwanditsi", 'books and writing', "le livre et l'écriture"],
  E: ['na sinema', 'film and media', 'le cinéma et les médias'],
  F: ["n'imideli", 'design and fashion', 'le design et la mode'],
  ICH: ["n'umuco gakondo", 'intangible heritage', 'le patrimoine immatériel'],
};

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

/** Rwanda. */
export const RWANDA: CountryData = {
  code: 'RW',
  towns: TOWNS,
  kinds: KINDS,
  // Mobile +250 78X/79X (MTN) or 72X/73X (Airtel) XXX XXX; fixed lines +250 252 XXX XXX.
  phone: (r, _region, mobile) => (mobile ? `+250 ${r.pick(['78', '79', '72', '73'])}${r.int(0, 9)} ${digits(r, 3)} ${digits(r, 3)}` : `+250 252 ${digits(r, 3)} ${digits(r, 3)}`),
  address(r, town, region) {
    const d = town.names.rw!;
    const prefix = KIGALI_STREETS[d];
    if (prefix) return `${prefix} ${r.int(1, 700)} ${r.pick(['St', 'Ave', 'Rd'])}, ${d}, Kigali`;
    return r.chance(0.6) ? `Akarere ka ${d}, ${region.rw}` : `${d} District, ${region.en}`;
  },
  messenger: 'whatsapp',
  personName(r) {
    const female = r.chance(0.55);
    const first = r.chance(0.2) ? r.pick(female ? FEMALE_RW : MALE_RW) : r.pick(female ? FEMALE_FIRST : MALE_FIRST);
    let family = r.pick(female ? FEMALE_FAMILY : MALE_FAMILY);
    if (family === first) family = r.pick(female ? FEMALE_FAMILY : MALE_FAMILY);
    const full = `${first} ${family}`;
    const ascii = full.normalize('NFD').replace(/\p{M}/gu, '');
    return { name: { rw: full }, sex: female ? 'female' : 'male', ascii, lang: r.weighted([['rw', 5], ['en', 3], ['fr', 2]] as const) };
  },
  professions: PROFESSIONS,
  bio(r, { lang, profession, sex, town, since }) {
    const [frw, fen, ffr] = FIELD[profession.domains[0]!]!;
    const d = town.names.rw!;
    const rw = `${profession.names.rw} ukomoka mu karere ka ${d}. Akora ibijyanye ${frw} kuva mu mwaka wa ${since}.`;
    const en = `${profession.names.en} from ${d}, working in ${fen} since ${since}.`;
    const fr = `${professionLabel(profession, 'fr', sex)}, district de ${d} ; ${sex === 'female' ? 'active' : 'actif'} dans ${ffr} depuis ${since}.`;
    if (lang === 'fr') return r.chance(0.5) ? { fr, rw } : { fr };
    if (lang === 'en') return r.chance(0.5) ? { en, rw } : { en };
    return r.chance(0.4) ? { rw, en } : { rw };
  },
  personLanguages: [[['rw'], 2], [['rw', 'en'], 4], [['rw', 'fr'], 2], [['rw', 'en', 'fr'], 3], [['rw', 'en', 'sw'], 1]],
  roles: ['Perezida', 'Umuyobozi', 'Umunyamuryango', 'Umubitsi', "Umuyobozi w'ubuhanzi", 'Founder', 'Coordinator', 'Direction artistique', 'Communication'],
  centres: { 'RW-01': [-1.95, 30.06], 'RW-02': [-1.95, 30.43], 'RW-03': [-1.5, 29.63], 'RW-04': [-2.06, 29.35], 'RW-05': [-2.35, 29.74] },
};


