/** Shapes shared by the word lists of the three countries and the generator that uses them. */
import type { CycleFunction, Domain, OrgType, SIZE_BANDS } from '../../directory/classification.js';
import type { Rng } from './random.js';

/** Text by language tag (keys are UI locales: lo, en, fr, ru, uz-Latn, uz-Cyrl, rw). */
export type Names = { [lang: string]: string | undefined };

/** A town or district where organisations and people are placed, with its ISO 3166-2 region. */
export interface Town {
  region: string;
  /** Names by language; `en` (or the Latin form) is always present. */
  names: Names;
  /** Relative chance of being chosen (capitals weigh more). */
  weight?: number;
}

/** A staff size band. */
export type SizeBand = (typeof SIZE_BANDS)[number];

/** What a kind's builder receives: the chosen town, its region's names, and the word lists. */
export interface BuildContext {
  r: Rng;
  town: Town;
  /** The seeded names of the town's region (en, fr, ru, lo, uz-Latn, uz-Cyrl, rw as available). */
  region: Names;
  regionType: string;
}

/** The names and description a kind builds for one organisation. */
export interface BuiltOrg {
  name: Names;
  description: Names;
  /** A Latin-script name to derive the example.org web address from. */
  slug: string;
  /** When set, at most one organisation per key (one department per province…). */
  unique?: string;
  /** Overrides the kind's type (a festival variant of a film kind is civil society). */
  type?: OrgType;
  /** Names in these languages are dropped for some records (e.g. a village group with a Lao name only). */
  optionalNames?: string[];
}

/** A kind of organisation of one country (weaving group, maqom ensemble, district culture office…). */
export interface OrgKind {
  id: string;
  weight: number;
  types: readonly (readonly [OrgType, number])[];
  /** The first domain is always given; each of the others with some chance. */
  domains: readonly Domain[];
  functions: readonly CycleFunction[];
  founded: readonly [number, number];
  sizes: readonly (readonly [SizeBand, number])[];
  /** Language sets the organisation may work in (BCP 47), chosen by weight. */
  languages: readonly (readonly [readonly string[], number])[];
  /** Only in these towns (by `en` name); any town otherwise. */
  towns?: readonly string[];
  /** Always verified (government bodies). */
  official?: boolean;
  build(c: BuildContext): BuiltOrg;
}

/** A profession with its domains, in the languages a person may write it in. */
export interface Profession {
  names: Names;
  /** Feminine forms where the language has them (Danseuse, Raqqosa, Певица). */
  female?: Names;
  domains: readonly Domain[];
  /** Skills that go with it (free text, in the country's languages). */
  skills: readonly string[];
}

/** A person's name as built for one country, with the sex it implies and an ASCII form for addresses. */
export interface BuiltName {
  name: Names;
  sex: 'female' | 'male';
  ascii: string;
  /** Language the person writes in first (picks the language of professions and bio). */
  lang: string;
}

/** Everything the generator needs to know about one country. */
export interface CountryData {
  code: 'LA' | 'UZ' | 'RW';
  towns: readonly Town[];
  kinds: readonly OrgKind[];
  /** Organisations created first, once (the ministry, provincial departments…). */
  fixed?: (rng: Rng) => { kind: OrgKind; town: Town }[];
  phone(r: Rng, region: string, mobile: boolean): string;
  address(r: Rng, town: Town, region: Names): string;
  /** Whether the organisation uses WhatsApp (LA, RW) or Telegram (UZ). */
  messenger: 'whatsapp' | 'telegram';
  personName(r: Rng): BuiltName;
  professions: readonly Profession[];
  /** A short bio in the person's languages. */
  bio(r: Rng, p: { lang: string; profession: Profession; sex: 'female' | 'male'; town: Town; since: number }): Names;
  personLanguages: readonly (readonly [readonly string[], number])[];
  /** Roles at an organisation (affiliations). */
  roles: readonly string[];
  /** Approximate centre of each region (lat, lon) for map coordinates. */
  centres: Record<string, readonly [number, number]>;
}

/** A profession in a language, in the feminine form for a woman where there is one. */
export function professionLabel(p: Profession, lang: string, sex: 'female' | 'male'): string | undefined {
  return (sex === 'female' ? p.female?.[lang] : undefined) ?? p.names[lang];
}
