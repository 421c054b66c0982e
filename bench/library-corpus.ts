/**
 * Synthetic extracted text for the library benchmark, in the platform's seven languages: English,
 * French (with its accents and elisions), Russian, Lao (unspaced script), Uzbek in Latin and in
 * Cyrillic (the same vocabulary in both scripts, so a query in one script can find text in the
 * other), and Kinyarwanda. Each language has a vocabulary of about 4,000 words in rank order:
 * function words first, then real content words (culture, heritage, policy, crafts…) spread over
 * the ranks, the rest synthesised from the language's syllables (and, for Russian and Uzbek,
 * inflected forms), so the index sees a realistic number of distinct terms. Words are drawn with a
 * Zipf distribution (frequency ∝ 1/rank), with common collocations ("intangible heritage") and a
 * few topic words per document so rare words cluster in some documents, as in real reports.
 *
 * Deterministic: the same seed gives the same text on every machine. No text here is real.
 */
import { uzLatn, uzLatnToCyrl } from '../src/modules/demo/wordlists/uz.js';
import { createRng, type Rng } from '../src/modules/demo/wordlists/random.js';

/** The languages of the corpus (also the resources' language tags and the app's locales). */
export const CORPUS_LANGS = ['en', 'fr', 'ru', 'lo', 'uz-Latn', 'uz-Cyrl', 'rw'] as const;
export type CorpusLang = (typeof CORPUS_LANGS)[number];

/** Distinct words per language (function + real + synthesised). */
const VOCABULARY_SIZE = 4000;
/** Zipf exponent: frequency ∝ 1 / rank^s. */
const ZIPF_S = 1.0;

// ---------------------------------------------------------------------------------------------
// Word lists (written for this benchmark)

const EN_FUNCTION = 'the of and to in a for is on that by with as are from this be or at which was it an have has not their its were all been also more will these can other than into between'.split(' ');
const EN_CONTENT = `culture cultural heritage intangible tangible arts artist artists creative economy industry industries policy policies strategy law
  ministry government national provincial district village community communities museum museums library libraries archive archives
  film cinema music musicians dance theatre festival festivals craft crafts handicraft handicrafts weaving weavers silk cotton textile textiles
  pottery ceramics basketry embroidery woodcarving silver jewellery design designers fashion publishing publishers books literature poetry writers
  language languages education training school schools university students teachers youth women girls children gender equality rights copyright
  intellectual property income employment jobs enterprise enterprises business market markets exports trade tourism tourists visitors
  survey report statistics data indicators monitoring evaluation results figures table tables percentage growth decline budget funding finance
  grants investment support programme programmes project projects partnership partners cooperation development sustainable goals targets
  environment climate health digital internet online media radio television newspaper journalism broadcasting technology platform access
  participation diversity expressions convention protection promotion safeguarding inventory practitioners communities elders knowledge skills
  apprenticeship transmission traditional contemporary modern history historical architecture monuments sites temple temples pagoda mosque
  region regions province provinces capital city cities rural urban population households census year years month period decade
  challenges opportunities recommendations priorities objectives framework implementation institutions committee council association cooperative
  producers production distribution dissemination consumption value chain prices quality standards certification licensing regulation decree
  article chapter section annex appendix introduction conclusion methodology sample respondents interviews questionnaire analysis findings
  khene lam maqom suzani ikat imigongo agaseke drums songs storytelling rituals ceremonies celebrations masks costumes puppets instruments`;
const EN_COLLOCATIONS = ['creative economy', 'intangible heritage', 'cultural industries', 'silk weaving', 'national strategy', 'film festival', 'copyright law', 'cultural policy', 'women artisans', 'value chain', 'capacity building', 'public funding'];

const FR_FUNCTION = 'de la le les des et en du un une est à pour dans sur par au aux qui que ce cette ces son sa ses leur leurs plus avec ont sont été être ou ne pas entre'.split(' ');
const FR_CONTENT = `culture culturel culturelle culturels patrimoine immatériel matériel arts artiste artistes création créatif créative économie industrie industries
  politique politiques stratégie loi ministère gouvernement national nationale provincial district village communauté communautés musée musées
  bibliothèque bibliothèques archives cinéma film films musique musiciens danse théâtre festival festivals artisanat artisans artisanes tissage
  tisserandes soie coton textile poterie céramique vannerie broderie sculpture bijoux orfèvrerie conception mode édition éditions éditeurs livres
  littérature poésie écrivains écrivaines langue langues éducation formation école écoles université étudiants élèves enseignants jeunesse
  femmes filles enfants égalité genre droits droit auteur propriété intellectuelle revenu revenus emploi emplois entreprise entreprises marché
  marchés exportations commerce tourisme touristes visiteurs enquête rapport statistiques données indicateurs suivi évaluation résultats
  chiffres tableau pourcentage croissance baisse budget financement subventions investissement soutien programme projets partenariat
  partenaires coopération développement durable objectifs cibles environnement climat santé numérique internet médias radio télévision
  journal journalisme technologie accès participation diversité expressions convention protection promotion sauvegarde inventaire
  praticiens aînés connaissances compétences apprentissage transmission traditionnel traditionnelle contemporain moderne histoire
  historique architecture monuments sites temple temples mosquée région régions province provinces capitale ville villes rural urbain
  population ménages recensement année années mois période décennie défis opportunités recommandations priorités cadre mise œuvre
  institutions comité conseil association coopérative coopératives producteurs production diffusion consommation valeur chaîne prix
  qualité normes réglementation décret article chapitre annexe introduction méthodologie échantillon entretiens questionnaire analyse
  réalisatrice réalisateur scénariste comédienne comédiens chorégraphe spectacle spectacles répertoire été après déjà très élaboré intérêt
  événement événements première préservation héritage mémoire identité société sociétés célébration cérémonies rituels tambours chants`;
const FR_COLLOCATIONS = ['économie créative', 'patrimoine immatériel', 'industries culturelles', 'politique culturelle', 'droit d’auteur', 'égalité des genres', 'festival du film', 'danse traditionnelle', 'chaîne de valeur', 'coopérative de vannerie'];

const RU_FUNCTION = 'и в на с по для не из что как от к о это а или его их также при был была были быть все за до'.split(' ');
const RU_CONTENT = `культура культурный культурная наследие нематериальное искусство художник художники творческий творческая экономика индустрия индустрии
  политика стратегия закон министерство правительство национальный областной район село община музей музеи библиотека архив кино фильм
  фильмы музыка музыканты танец театр фестиваль фестивали ремесло ремёсла ремесленники ткачество шёлк хлопок текстиль керамика вышивка
  резьба ювелирный дизайн мода издательство издательства книги литература поэзия писатели язык языки образование обучение школа школы
  университет студенты учителя молодёжь женщины дети равенство права авторское собственность доход занятость предприятие предприятия
  бизнес рынок экспорт торговля туризм туристы посетители обследование отчёт статистика данные показатели мониторинг оценка результаты
  таблица процент рост бюджет финансирование гранты инвестиции поддержка программа проект проекты партнёрство сотрудничество развитие
  устойчивое цели окружающая среда здоровье цифровой интернет СМИ радио телевидение газета технологии доступ участие разнообразие
  конвенция охрана продвижение сохранение реестр знания навыки передача традиционный современный история архитектура памятники мечеть
  медресе регион регионы область город города сельский городской население перепись год годы месяц период вызовы возможности
  рекомендации приоритеты институты совет ассоциация кооператив производители производство распространение потребление качество
  стандарты регулирование постановление статья глава приложение введение методология выборка интервью анкета анализ макома ансамбль
  киностудия кукол сюзане атлас керамики мастер мастера праздник обряды песни`;
const RU_COLLOCATIONS = ['творческая экономика', 'нематериальное наследие', 'культурная политика', 'театр кукол', 'ансамбль макома', 'авторское право', 'национальная стратегия'];

// Uzbek Latin typed with ASCII apostrophes (uzLatn() writes ʻ and ʼ).
const UZ_FUNCTION = "va bilan uchun ham bu bo'yicha esa yoki deb kabi har o'z ular shu bir emas edi bo'ldi bo'lgan qilish etib".split(' ');
const UZ_CONTENT = `madaniyat madaniy meros nomoddiy san'at rassom ijodiy iqtisodiyot sanoat siyosat strategiya qonun vazirlik hukumat milliy viloyat tuman
  qishloq mahalla jamoa muzey kutubxona arxiv kino film musiqa musiqachi raqs teatr festival hunarmand hunarmandchilik to'quvchilik ipak paxta
  to'qimachilik kulolchilik kashtachilik so'zana atlas adras zargarlik yog'och o'ymakorlik dizayn moda nashriyot kitob adabiyot she'riyat
  yozuvchi til ta'lim o'quv maktab universitet talaba o'qituvchi yoshlar ayollar bolalar tenglik huquq mualliflik mulk daromad bandlik
  korxona biznes bozor eksport savdo turizm sayyoh tashrif so'rov hisobot statistika ma'lumot ko'rsatkich monitoring baholash natija jadval
  foiz o'sish byudjet moliyalashtirish grant investitsiya qo'llab loyiha hamkorlik rivojlanish barqaror maqsad atrof muhit salomatlik
  raqamli internet ommaviy axborot radio televideniye gazeta texnologiya ishtirok xilma konvensiya muhofaza targ'ib saqlash reyestr bilim
  ko'nikma ustoz shogird an'anaviy zamonaviy tarix me'morchilik yodgorlik masjid madrasa shahar aholi yil oy davr muammo imkoniyat tavsiya
  ustuvor institut kengash uyushma kooperativ ishlab chiqarish tarqatish sifat standart qaror modda bob ilova kirish tahlil maqom doira
  ansambl kinostudiya Samarqand Buxoro Xiva Toshkent Farg'ona Marg'ilon Rishton G'ijduvon Nukus Qo'qon bayram marosim qo'shiq usta`;
const UZ_COLLOCATIONS = ["ijodiy iqtisodiyot", "nomoddiy madaniy meros", "madaniyat siyosati", "maqom ansambli", "mualliflik huquqi", "milliy strategiya", "Rishton kulolchiligi"];
const UZ_SUFFIXES = ['lar', 'ning', 'ni', 'da', 'dan', 'ga', 'lari', 'larning', 'dagi', 'imiz'];

const RW_FUNCTION = "na ya y' wa rya mu ku kandi ni cyangwa bya bwa by' n' ko ari uko no kuri ba cya".split(' ');
const RW_CONTENT = `umuco umurage ubuhanzi umuhanzi abahanzi ubukungu inganda politiki ingamba itegeko amategeko minisiteri leta igihugu intara akarere
  umurenge umudugudu umuryango imiryango inzu ndangamurage isomero ububiko filime sinema umuziki imbyino ikinamico iserukiramuco ubukorikori
  abanyabukorikori ububoshyi ububumbyi uduseke agaseke imigongo ibishushanyo imideri ubwanditsi ibitabo ubuvanganzo ibisigo abanditsi ururimi
  indimi uburezi amahugurwa ishuri amashuri kaminuza abanyeshuri abarimu urubyiruko abagore abakobwa abana uburinganire uburenganzira
  umutungo inyungu akazi imirimo ikigo ibigo isoko amasoko ibyoherezwa ubucuruzi ubukerarugendo abashyitsi ubushakashatsi raporo imibare
  amakuru ibipimo isuzuma ibisubizo imbonerahamwe ijanisha iterambere ingengo imari inkunga ishoramari gahunda umushinga imishinga ubufatanye
  abafatanyabikorwa intego ibidukikije ubuzima ikoranabuhanga murandasi itangazamakuru radiyo televiziyo ikinyamakuru kwitabira ubudasa
  amasezerano kurengera guteza kubungabunga ubumenyi ubuhanga umwuga gakondo igezweho amateka inyubako ibibanza umujyi imijyi icyaro
  abaturage ibarura umwaka imyaka ukwezi igihe imbogamizi amahirwe inama ibyifuzo inzego inteko ishyirahamwe koperative amakoperative
  abakora umusaruro ikwirakwiza ubwiza ibiciro ubuziranenge iteka ingingo umutwe umugereka intangiriro isesengura itorero ingoma indirimbo
  umunsi mukuru imihango Kigali Huye Musanze Rubavu Nyanza Kirehe Rwamagana Karongi Umurage Intore inyambo Ikinyarwanda`;
const RW_COLLOCATIONS = ["ubukungu bushingiye ku muco", "umurage ndangamuco", "itorero ry'igihugu", "imigongo ya Kirehe", "uburenganzira bw'umuhanzi", "ubukerarugendo bushingiye ku muco"];

const LO_FUNCTION = 'ແລະ ຂອງ ໃນ ທີ່ ກັບ ໃຫ້ ໄດ້ ມີ ເປັນ ຈະ ບໍ່ ແມ່ນ ຈາກ ເພື່ອ ໂດຍ ຕໍ່ ນີ້ ການ ຄວາມ ຫຼື ແຕ່ ຍັງ ທຸກ ຊຶ່ງ ຜູ້'.split(' ');
const LO_CONTENT = `ວັດທະນະທຳ ມໍລະດົກ ສິລະປະ ຫັດຖະກຳ ຜ້າໄໝ ດົນຕີ ພິພິທະພັນ ປະເທດ ລັດຖະບານ ກະຊວງ ນະໂຍບາຍ ກົດໝາຍ ພັດທະນາ ເສດຖະກິດ ສັງຄົມ
  ສຶກສາ ໂຮງຮຽນ ນັກຮຽນ ຊຸມຊົນ ແຂວງ ເມືອງ ບ້ານ ແມ່ຍິງ ເດັກນ້ອຍ ປະຊາຊົນ ທ່ອງທ່ຽວ ປຶ້ມ ໜັງສື ຮູບເງົາ ສະຖິຕິ ບົດລາຍງານ ໂຄງການ ກອງປະຊຸມ
  ຝຶກອົບຮົມ ຕະຫຼາດ ລາຄາ ສິນຄ້າ ທຶນ ງົບປະມານ ສິດ ຜູ້ປະພັນ ນັກສະແດງ ພາສາ ຊົນເຜົ່າ ປະເພນີ ບຸນ ວັດ ແຄນ ຟ້ອນ ຊ່າງ ທໍຜ້າ ຍ້ອມ ໄມ້ ເງິນ ຄຳ
  ນ້ຳ ປ່າໄມ້ ຫຼວງພະບາງ ວຽງຈັນ ສະຫວັນນະເຂດ ຈຳປາສັກ ເຮືອນ ວຽກ ເຮັດ ຫຼາຍ ໃໝ່ ເກົ່າ ປີ ເດືອນ ສ້າງ ສົ່ງເສີມ ອະນຸລັກ ປົກປັກຮັກສາ ຄຸ້ມຄອງ
  ຮ່ວມມື ສະໜັບສະໜູນ ຂໍ້ມູນ ລະບົບ ເຕັກໂນໂລຊີ ວິທະຍຸ ໂທລະທັດ ໜັງສືພິມ ສຳນັກພິມ ຫໍສະໝຸດ ເອກະສານ ຄົ້ນຄວ້າ ມະຫາວິທະຍາໄລ ອາຈານ
  ນັກສິລະປິນ ນັກດົນຕີ ນັກຂຽນ ວັນນະຄະດີ ສະຖາປັດຕະຍະກຳ ອອກແບບ ອາຫານ ກະສິກຳ ທຸລະກິດ ວິສາຫະກິດ ລາຍໄດ້ ສົ່ງອອກ ຍຸດທະສາດ ແຜນການ
  ເປົ້າໝາຍ ບັນຫາ ໂອກາດ ຄວາມຮູ້ ທັກສະ ສະເໝີພາບ ສິ່ງແວດລ້ອມ ສຸຂະພາບ ຈັກສານ ປັ້ນໝໍ້ ຊ່າງເງິນ ໝໍລຳ ວົງແຄນ ດອກຈຳປາ ສຳຫຼວດ ລາຍງານ
  ປະຊຸມ ສະມາຄົມ ສະຫະກອນ ຜະລິດ ຈຳໜ່າຍ ຄຸນນະພາບ ມາດຕະຖານ ດຳລັດ ມາດຕາ ພາກ ບົດ ຂັ້ນຕອນ ວິທີການ ຕົວຢ່າງ ສຳພາດ ວິເຄາະ`;
const LO_COLLOCATIONS = ['ເສດຖະກິດສ້າງສັນ', 'ມໍລະດົກທາງວັດທະນະທຳ', 'ທໍຜ້າໄໝ', 'ກຸ່ມແມ່ຍິງ', 'ງານບຸນແຄນ', 'ນະໂຍບາຍວັດທະນະທຳ'];

// ---------------------------------------------------------------------------------------------
// Syllables for the synthesised part of each vocabulary

function syllableWord(rng: Rng, onsets: string[], vowels: string[], codas: string[], endings: string[], min: number, max: number): string {
  let w = '';
  const n = rng.int(min, max);
  for (let i = 0; i < n; i++) w += rng.pick(onsets) + rng.pick(vowels) + (i === n - 1 || rng.chance(0.3) ? rng.pick(codas) : '');
  return w + rng.pick(endings);
}

const SYNTH: Record<Exclude<CorpusLang, 'uz-Cyrl' | 'lo'>, (rng: Rng) => string> = {
  en: (r) => syllableWord(r, ['b', 'c', 'd', 'f', 'g', 'h', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cl', 'pr', 'st', 'tr', 'gr', 'sp', 'ch'], ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai', 'io'], ['', 'n', 'r', 'l', 's', 't', 'nd', 'st', 'nt', 'm', 'ck'], ['', '', 'ing', 'tion', 'ment', 'al', 'er', 'ity', 'ness', 'ive', 'ous', 'ed', 's', 'ism'], 1, 3),
  fr: (r) => syllableWord(r, ['b', 'c', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'ch', 'qu', 'gr', 'pl', 'tr', 'br'], ['a', 'e', 'é', 'è', 'i', 'o', 'u', 'ou', 'ai', 'eau', 'au', 'ê', 'â', 'ô', 'î', 'oi'], ['', 'n', 'r', 'l', 's', 'ss', 'nt'], ['', '', 'tion', 'ment', 'ité', 'eur', 'euse', 'ière', 'age', 'é', 'ée', 'ique', 'isme', 'elle', 'ance', 'ence', 'ois', 'aise', 'çon'], 1, 3),
  ru: (r) => syllableWord(r, ['б', 'в', 'г', 'д', 'ж', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ст', 'пр', 'кр', 'гр', 'тр', 'св', 'зд'], ['а', 'е', 'и', 'о', 'у', 'ы', 'я', 'ю', 'ё', 'э'], ['', 'н', 'р', 'л', 'с', 'т', 'к', 'в', 'й'], ['', 'а', 'ы', 'ой', 'ов', 'ами', 'ость', 'ение', 'ский', 'ская', 'ского', 'ник', 'ница', 'ство', 'ать', 'ить', 'ует'], 1, 3),
  'uz-Latn': (r) => uzLatn(syllableWord(r, ['b', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'v', 'x', 'y', 'z', 'sh', 'ch', "g'"], ['a', 'e', 'i', 'o', 'u', "o'"], ['', 'n', 'r', 'l', 'm', 'q', 'sh', 'k', 't'], ['', '', 'lik', 'chilik', 'chi', 'li', 'siz', 'lar', 'dor', 'kor'], 1, 3)),
  rw: (r) => syllableWord(r, ['b', 'k', 'm', 'n', 'r', 't', 'g', 'h', 's', 'z', 'y', 'w', 'ny', 'rw', 'shy', 'nz', 'mb', 'nd', 'ng', 'cy', 'by', 'j', 'v', 'f', 'ry', 'mp'], ['a', 'e', 'i', 'o', 'u'], [''], ['', 'a', 'o', 'wa', 'ye'], 2, 3),
};
/** Kinyarwanda nouns and verbs start with a class prefix. */
const RW_PREFIXES = ['umu', 'aba', 'imi', 'ubu', 'ama', 'iki', 'ibi', 'aka', 'utu', 'uru', 'in', 'im', 'ku', 'gu', 'ka', 'i', 'u'];

const LAO_CONSONANTS = [...'ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮໜໝ'];
// [before the consonant, above or below it, after it (and its tone), may take a final consonant]
const LAO_VOWELS: [string, string, string, boolean][] = [
  ['', '', 'າ', true], ['', 'ິ', '', true], ['', 'ີ', '', true], ['', 'ຸ', '', true], ['', 'ູ', '', true], ['', 'ື', '', true], ['', 'ຶ', '', true],
  ['ເ', '', '', true], ['ແ', '', '', true], ['ໂ', '', '', true], ['ໄ', '', '', false], ['ໃ', '', '', false], ['', '', 'ະ', false],
  ['', '', 'ຳ', false], ['ເ', 'ົ', 'າ', false], ['', 'ໍ', '', false], ['', 'ັ', '', true], ['', 'ົ', '', true], ['ເ', 'ີ', '', true],
  ['', '', 'ວ', false], ['ເ', 'ື', 'ອ', true], ['', 'ົ', 'ວ', true],
];
const LAO_FINALS = ['', 'ນ', 'ງ', 'ມ', 'ກ', 'ດ', 'ບ', 'ຍ', 'ວ'];
const LAO_TONES = ['', '\u0EC8', '\u0EC9'];
const SEGMENTER = new Intl.Segmenter('und', { granularity: 'word' });
const LAO_CONTEXTS: [string, string][] = [['ແລະ', 'ຂອງ'], ['ວັດທະນະທຳ', 'ມໍລະດົກ'], ['ໃນ', 'ທີ່'], ['ສິລະປະ', 'ແມ່ນ']];

/**
 * Lao syllables (consonant, vowel, tone, final) that ICU's Lao segmenter keeps whole beside real
 * words. Lao is written without spaces, and ICU cuts it by dictionary: an invented multi-syllable
 * string would break into fragments and swallow parts of its neighbours, which real text (made of
 * dictionary words) does not do; single syllables segment cleanly, and most Lao words are one.
 */
function laoSyllables(): string[] {
  const out: string[] = [];
  for (const c of LAO_CONSONANTS) {
    for (const [pre, mark, post, final] of LAO_VOWELS) {
      for (const tone of LAO_TONES) {
        for (const f of final ? LAO_FINALS : ['']) {
          const w = pre + c + mark + tone + post + f;
          const whole = LAO_CONTEXTS.every(([before, after]) => {
            const parts = [...SEGMENTER.segment(before + w + after)].filter((x) => x.isWordLike).map((x) => x.segment);
            return parts.length === 3 && parts[1] === w;
          });
          if (whole) out.push(w);
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vocabularies

/** A language's words in rank order and the cumulative Zipf weights to draw them. */
export interface Vocabulary {
  lang: CorpusLang;
  words: string[];
  /** Ranks of the real (written, not synthesised) content words. */
  realRanks: number[];
  collocations: string[];
  cdf: Float64Array;
}

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

/** Russian case forms of a word (a few per noun or adjective): more distinct terms, as in real text. */
function russianForms(w: string): string[] {
  if (/[ыи]й$/.test(w)) return [w.slice(0, -2) + 'ая', w.slice(0, -2) + 'ого', w.slice(0, -2) + 'ых'];
  if (/ая$/.test(w)) return [w.slice(0, -2) + 'ой', w.slice(0, -2) + 'ую'];
  if (/ие$/.test(w)) return [w.slice(0, -1) + 'я', w.slice(0, -1) + 'ю', w.slice(0, -1) + 'м'];
  if (/ия$/.test(w)) return [w.slice(0, -1) + 'и', w.slice(0, -1) + 'ю', w.slice(0, -1) + 'ей'];
  if (/а$/.test(w)) return [w.slice(0, -1) + 'ы', w.slice(0, -1) + 'е', w.slice(0, -1) + 'ой'];
  if (/[бвгджзклмнпрстфхцчшщ]$/.test(w)) return [w + 'а', w + 'у', w + 'ом', w + 'ов'];
  return [];
}

const cache = new Map<CorpusLang, Vocabulary>();

/** The vocabulary of a language (built once, deterministically). */
export function vocabulary(lang: CorpusLang): Vocabulary {
  const hit = cache.get(lang);
  if (hit) return hit;
  if (lang === 'uz-Cyrl') {
    // The same words as Uzbek Latin, in Cyrillic: text in one script is found from the other.
    const latn = vocabulary('uz-Latn');
    const v: Vocabulary = { ...latn, lang, words: latn.words.map(uzLatnToCyrl), collocations: latn.collocations.map(uzLatnToCyrl) };
    cache.set(lang, v);
    return v;
  }
  const rng = createRng(`library-corpus-${lang}`);
  const specs: Record<Exclude<CorpusLang, 'uz-Cyrl'>, [string[], string[], string[]]> = {
    en: [EN_FUNCTION, words(EN_CONTENT), EN_COLLOCATIONS],
    fr: [FR_FUNCTION, words(FR_CONTENT), FR_COLLOCATIONS],
    ru: [RU_FUNCTION, words(RU_CONTENT), RU_COLLOCATIONS],
    'uz-Latn': [UZ_FUNCTION.map(uzLatn), words(UZ_CONTENT).map(uzLatn), UZ_COLLOCATIONS.map(uzLatn)],
    rw: [RW_FUNCTION, words(RW_CONTENT), RW_COLLOCATIONS],
    lo: [LO_FUNCTION, words(LO_CONTENT), LO_COLLOCATIONS],
  };
  const [fn, contentRaw, collocations] = specs[lang];
  const seen = new Set<string>(fn);
  const content = rng.sample(contentRaw.filter((w) => !seen.has(w) && (seen.add(w), true)), contentRaw.length);
  // Inflected forms of the real words (Russian cases, Uzbek suffixes) join the synthesised tail.
  const inflected: string[] = [];
  for (const w of content) {
    const forms = lang === 'ru' ? russianForms(w) : lang === 'uz-Latn' && /^[a-zʻʼ]+$/.test(w) ? rng.sample(UZ_SUFFIXES, 3).map((s) => w + s) : [];
    for (const f of forms) if (!seen.has(f)) (seen.add(f), inflected.push(f));
  }
  const tail: string[] = [...rng.sample(inflected, inflected.length)];
  const want = VOCABULARY_SIZE - fn.length - content.length;
  // Lao: the syllables ICU keeps whole (most Lao words are one syllable; see laoSyllables).
  if (lang === 'lo') for (const w of rng.sample(laoSyllables(), want)) if (!seen.has(w)) (seen.add(w), tail.push(w));
  for (let guard = 0; lang !== 'lo' && tail.length < want && guard < want * 20; guard++) {
    let w = SYNTH[lang as keyof typeof SYNTH](rng);
    if (lang === 'rw') w = rng.pick(RW_PREFIXES) + w;
    if (w.length < 3 || seen.has(w)) continue;
    seen.add(w);
    tail.push(w);
  }
  // Real content words spread over the ranks, denser at the top: half of them in the first quarter.
  const ranked = [...tail];
  const realRanks: number[] = [];
  content.forEach((w, k) => {
    const at = Math.min(ranked.length, Math.floor((k / content.length) ** 2 * ranked.length) + k);
    ranked.splice(at, 0, w);
  });
  const all = [...fn, ...ranked];
  const index = new Map(all.map((w, i) => [w, i]));
  for (const w of content) realRanks.push(index.get(w)!);
  realRanks.sort((a, b) => a - b);
  const cdf = new Float64Array(all.length);
  let sum = 0;
  for (let i = 0; i < all.length; i++) cdf[i] = sum += 1 / (i + 1) ** ZIPF_S;
  for (let i = 0; i < all.length; i++) cdf[i]! /= sum;
  const v: Vocabulary = { lang, words: all, realRanks, collocations, cdf };
  cache.set(lang, v);
  return v;
}

function zipfRank(v: Vocabulary, x: number): number {
  let lo = 0;
  let hi = v.cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One word drawn by frequency. */
export function drawWord(rng: Rng, v: Vocabulary): string {
  return v.words[zipfRank(v, rng.next())]!;
}

// ---------------------------------------------------------------------------------------------
// Text

/** What a document is about: a few of its language's mid-frequency words, used more often in it. */
export function topicWords(rng: Rng, lang: CorpusLang): string[] {
  // Uzbek Cyrillic text is written in Latin then transliterated: its topic words stay in Latin.
  const v = vocabulary(lang === 'uz-Cyrl' ? 'uz-Latn' : lang);
  return Array.from({ length: rng.int(4, 10) }, () => v.words[rng.int(40, v.words.length - 1)]!);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const FR_VOWEL_START = /^[aeiouhâàéèêîôœ]/i;

/** One sentence in a language. */
export function sentence(rng: Rng, lang: CorpusLang, topic: string[] = []): string {
  if (lang === 'uz-Cyrl') return uzLatnToCyrl(sentence(rng, 'uz-Latn', topic));
  const v = vocabulary(lang);
  const n = rng.int(6, 18);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.next();
    let w: string;
    if (x < 0.05 && topic.length) w = rng.pick(topic);
    else if (x < 0.07) w = rng.pick(v.collocations);
    else if (x < 0.075) w = String(rng.int(1990, 2025));
    else if (x < 0.08) w = `${rng.int(2, 95)} %`;
    else w = drawWord(rng, v);
    const prev = out[out.length - 1];
    // French elision: "la égalité" → "l’égalité", "de accès" → "d’accès".
    if (lang === 'fr' && prev && /^(la|le|de)$/.test(prev) && FR_VOWEL_START.test(w)) {
      out[out.length - 1] = `${prev[0]}${rng.chance(0.5) ? '’' : "'"}${w}`;
      continue;
    }
    if (lang === 'rw' && prev === 'na' && /^[aeiou]/.test(w)) {
      out[out.length - 1] = `n’${w}`;
      continue;
    }
    out.push(w);
  }
  if (lang === 'lo') {
    // Lao is written without spaces between words; a space separates phrases.
    let s = '';
    for (let i = 0; i < out.length; i++) s += out[i] + (i < out.length - 1 && rng.chance(0.2) ? ' ' : '');
    return s;
  }
  for (let i = 1; i < out.length - 1; i++) if (rng.chance(0.08)) out[i] += ',';
  return capitalise(out.join(' ')) + '.';
}

/** Text of about `bytes` UTF-8 bytes in paragraphs of a few sentences, mostly in `lang`, some sentences in `other`. */
export function pageText(rng: Rng, lang: CorpusLang, bytes: number, topic: string[] = [], other: CorpusLang | null = null): string {
  const paragraphs: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentences: string[] = [];
    for (let i = rng.int(2, 6); i > 0 && size < bytes; i--) {
      const s = other && rng.chance(0.15) ? sentence(rng, other) : sentence(rng, lang, topic);
      sentences.push(s);
      size += Buffer.byteLength(s) + 1;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n');
}

/** A title of a few words (capitalised in cased scripts). */
export function titleText(rng: Rng, lang: CorpusLang, topic: string[]): string {
  if (lang === 'uz-Cyrl') return uzLatnToCyrl(titleText(rng, 'uz-Latn', topic));
  const v = vocabulary(lang);
  const n = rng.int(3, 8);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.next();
    out.push(x < 0.3 && topic.length ? rng.pick(topic) : x < 0.4 ? rng.pick(v.collocations) : v.words[v.realRanks[rng.int(0, v.realRanks.length - 1)]!]!);
  }
  return lang === 'lo' ? out.join('') : capitalise(out.join(' '));
}

// ---------------------------------------------------------------------------------------------
// Names of people and publishers, per country

export const PEOPLE: Record<'LA' | 'UZ' | 'RW', { given: string[]; family: string[] }> = {
  LA: {
    given: ['ສົມພອນ', 'ບຸນມີ', 'ວັນນິດາ', 'ຄຳພອນ', 'ສີສະຫວາດ', 'ດາວເຮືອງ', 'ພອນສະຫວັນ', 'ບົວພັນ', 'ແສງເດືອນ', 'ທອງສຸກ', 'Somphone', 'Vannida', 'Bounmy'],
    family: ['ພົມມະວົງ', 'ສີສຸລາດ', 'ວົງສະຫວັນ', 'ແກ້ວມະນີ', 'ຈັນທະວົງ', 'ພັນທະວົງ', 'ສຸວັນນະລາດ', 'ອິນທະວົງ', 'Phommavong', 'Sisoulath'],
  },
  UZ: {
    given: ['Dilnoza', 'Jasur', 'Nodira', 'Sherzod', 'Gulnora', 'Bobur', 'Malika', 'Aziz', 'Feruza', 'Rustam', 'Ольга', 'Сергей', 'Елена', 'Дилноза'],
    family: ['Rahimova', 'Yusupov', uzLatn("To'xtayeva"), 'Karimov', 'Abdullayeva', 'Ismoilov', 'Xolmatova', 'Qodirov', 'Ким', 'Пак', 'Смирнова', 'Раҳимова'],
  },
  RW: {
    given: ['Jean Claude', 'Aline', 'Théogène', 'Béatrice', 'Célestin', 'Diane', 'Eric', 'Grace', 'Emmanuel', 'Claudine'],
    family: ['Mukamana', 'Niyonzima', 'Uwimana', 'Habimana', 'Mugisha', 'Ingabire', 'Nshimiyimana', 'Uwase', 'Hakizimana', 'Mutesi'],
  },
};

export const PUBLISHERS: Record<'LA' | 'UZ' | 'RW', string[]> = {
  LA: ['ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ', 'Ministry of Information, Culture and Tourism', 'ສະຖາບັນຄົ້ນຄວ້າວັດທະນະທຳ', 'Lao National Museum', 'ສຳນັກພິມດອກເກດ'],
  UZ: [uzLatn("Madaniyat vazirligi"), 'Министерство культуры', uzLatn("O'zbekkino"), uzLatn("G'afur G'ulom nashriyoti"), 'Art and Culture Development Foundation'],
  RW: ["Minisiteri y'Urubyiruko n'Umuco", 'Rwanda Arts Council', 'Inteko y’Umuco', 'Institut national des musées du Rwanda', 'University of Rwanda'],
};
