/**
 * Builds fictitious organisations and people of one country from its word lists, with a seeded
 * generator: the same seed and counts always give the same records. Used by `mosaic demo`
 * (a few hundred per country, through the directory service) and by the directory benchmark
 * (hundreds of thousands, written in bulk).
 *
 * Contacts use only the reserved example domains (example.org, example.com, example.net; RFC 2606)
 * and phone numbers in each country's format.
 */
import { SEED_SPACES } from '../../../../seeds/spaces.js';
import { AGE_BANDS, type Contact, type Domain, type Visibility } from '../../directory/classification.js';
import type { OrganizationInput, PersonInput } from '../../directory/directory.service.js';
import { createRng, type Rng } from './random.js';
import { professionLabel, type CountryData, type Names, type OrgKind, type Profession, type Town } from './types.js';

/** One generated organisation: what the directory service receives, and what the loader does after. */
export interface DemoOrg {
  externalId: string;
  kind: string;
  input: OrganizationInput & { name: Names; description: Names; contacts: Contact[]; domains: Domain[]; regionCode: string; status: 'published' | 'draft' };
  verified: boolean;
}

/** An affiliation of a generated person: the index of the organisation in the generated list. */
export interface DemoAffiliation {
  org: number;
  role: string;
  startDate: string;
  endDate?: string;
}

/** One generated person. */
export interface DemoPerson {
  externalId: string;
  input: PersonInput & { name: Names; contacts: Contact[]; domains: Domain[]; regionCode: string; status: 'published' | 'draft' };
  affiliations: DemoAffiliation[];
}

/** How much to generate, and how. */
export interface GenerateOptions {
  /** Seed of the whole dataset (each country derives its own stream). */
  seed?: string;
  /** Prefix of the external ids: `demo` gives demo-LA-org-001. */
  prefix?: string;
  /** Retry (a bounded number of times) so that no two organisations share a name. Off for huge corpora. */
  uniqueNames?: boolean;
  /** Digits of the running number in external ids (default 3). */
  pad?: number;
}

/** The reserved example domains (RFC 2606) every demo address uses. */
export const EXAMPLE_DOMAINS = ['example.org', 'example.com', 'example.net'] as const;

const REGIONS = new Map(SEED_SPACES.flatMap((s) => s.regions.map((r) => [r.code, r] as const)));
const NOW_YEAR = 2025;

/** An ASCII slug for addresses: "Ban Naxay Weaving Group" → "ban-naxay-weaving-group". */
export function slugify(text: string, max = 40): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʻʼ`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '') || 'org';
}

function pickTown(r: Rng, towns: readonly Town[]): Town {
  return r.weighted(towns.map((t) => [t, t.weight ?? 1] as const));
}

function visibility(r: Rng, weights: readonly [number, number, number]): Visibility {
  return r.weighted([['public', weights[0]], ['members', weights[1]], ['editors', weights[2]]] as const);
}

/** A founding year between min and max, more often recent (the sector grew after 2000). */
function foundedYear(r: Rng, [min, max]: readonly [number, number]): number {
  return max - Math.floor(Math.pow(r.next(), 1.6) * (max - min + 1));
}

interface OrgFacts {
  region: string;
  domains: Domain[];
  founded: number | null;
}

/** A generator of one country's records; organisations first, then people (who join them). */
export function createCountryGenerator(data: CountryData, options: GenerateOptions = {}) {
  const seed = options.seed ?? 'mosaic-demo-1';
  const prefix = options.prefix ?? 'demo';
  const pad = options.pad ?? 3;
  const rng = createRng(`${seed}:${data.code}`);
  const fixed = data.fixed?.(rng.fork('fixed')) ?? [];
  const uniqueKeys = new Set<string>();
  const usedNames = new Set<string>();
  const usedSlugs = new Map<string, number>();
  const usedMail = new Map<string, number>();
  const orgs: OrgFacts[] = [];
  const byDomain = new Map<Domain, number[]>();
  const byRegionDomain = new Map<string, number[]>();
  const kindWeights = data.kinds.map((k) => [k, k.weight] as const);
  const townsOf = new Map<OrgKind, Town[]>();

  const id = (what: string, n: number) => `${prefix}-${data.code}-${what}-${String(n).padStart(pad, '0')}`;

  /** A slug not used yet in this country (adds -2, -3… on repeats). */
  function uniqueSlug(base: string): string {
    const n = (usedSlugs.get(base) ?? 0) + 1;
    usedSlugs.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }
  function uniqueMailbox(base: string): string {
    const n = (usedMail.get(base) ?? 0) + 1;
    usedMail.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  }

  function townsFor(kind: OrgKind): Town[] {
    let list = townsOf.get(kind);
    if (!list) {
      list = kind.towns ? kind.towns.flatMap((en) => data.towns.filter((t) => t.names.en === en)) : [...data.towns];
      townsOf.set(kind, list);
    }
    return list;
  }

  function build(r: Rng, kind: OrgKind, town: Town) {
    const region = REGIONS.get(town.region);
    return kind.build({ r, town, region: region?.names ?? {}, regionType: region?.type ?? '' });
  }

  /** The next organisation (call with n = 0, 1, 2… in order). */
  function organization(n: number): DemoOrg {
    const r = rng;
    let kind: OrgKind;
    let town: Town;
    let built: ReturnType<OrgKind['build']>;
    if (n < fixed.length) {
      ({ kind, town } = fixed[n]!);
      built = build(r, kind, town);
    } else {
      let attempts = 0;
      for (;;) {
        kind = r.weighted(kindWeights);
        town = pickTown(r, townsFor(kind));
        built = build(r, kind, town);
        attempts++;
        const nameKey = Object.values(built.name).join('|');
        const clash = (built.unique !== undefined && uniqueKeys.has(built.unique)) || (options.uniqueNames !== false && usedNames.has(nameKey));
        if (!clash || attempts >= 40) break;
      }
    }
    if (built.unique) uniqueKeys.add(built.unique);
    usedNames.add(Object.values(built.name).join('|'));

    const name: Names = { ...built.name };
    for (const optional of built.optionalNames ?? []) {
      if (name[optional] !== undefined && Object.keys(name).length > 1 && r.chance(0.35)) delete name[optional];
    }
    const region = town.region;
    const domains: Domain[] = [kind.domains[0]!, ...kind.domains.slice(1).filter(() => r.chance(0.55))];
    const functions = r.sample(kind.functions, r.int(1, kind.functions.length));
    const slug = uniqueSlug(slugify(built.slug, 32));
    const tld = r.pick(EXAMPLE_DOMAINS);
    const contacts: Contact[] = [];
    if (kind.official || r.chance(0.85)) contacts.push({ kind: 'email', value: `${r.pick(['info', 'contact', 'hello', 'office'])}@${slug}.${tld}`, visibility: visibility(r, [8, 2, 0]) });
    if (kind.official || r.chance(0.8)) contacts.push({ kind: 'phone', value: data.phone(r, region, !kind.official && r.chance(0.7)), visibility: kind.official ? 'public' : visibility(r, [5, 4, 1]) });
    if (kind.official || r.chance(0.5)) contacts.push({ kind: 'website', value: `https://${slug}.${tld}`, visibility: 'public' });
    if (!kind.official && r.chance(0.3)) {
      contacts.push(
        data.messenger === 'telegram'
          ? { kind: 'telegram', value: `@${slug.replace(/-/g, '_').slice(0, 28)}`, visibility: visibility(r, [6, 3, 0]) }
          : { kind: 'whatsapp', value: data.phone(r, region, true), visibility: visibility(r, [3, 6, 1]) },
      );
    }
    const centre = data.centres[region];
    const located = centre && r.chance(0.55);
    const draft = !kind.official && r.chance(0.04);
    const founded = r.chance(0.85) ? foundedYear(r, kind.founded) : null;
    const input: DemoOrg['input'] = {
      name,
      type: built.type ?? r.weighted(kind.types),
      domains,
      functions: [...functions],
      regionCode: region,
      address: r.chance(0.7) ? data.address(r, town, REGIONS.get(region)?.names ?? {}) : null,
      latitude: located ? Math.round((centre[0] + (r.next() - 0.5) * 0.3) * 1e5) / 1e5 : null,
      longitude: located ? Math.round((centre[1] + (r.next() - 0.5) * 0.3) * 1e5) / 1e5 : null,
      contacts,
      languages: [...r.weighted(kind.languages)],
      foundedYear: founded,
      sizeBand: r.chance(0.8) ? r.weighted(kind.sizes) : null,
      description: { ...built.description },
      externalId: id('org', n + 1),
      status: draft ? 'draft' : 'published',
    };
    const index = orgs.length;
    orgs.push({ region, domains, founded });
    for (const d of domains) {
      (byDomain.get(d) ?? byDomain.set(d, []).get(d)!).push(index);
      const key = `${region}:${d}`;
      (byRegionDomain.get(key) ?? byRegionDomain.set(key, []).get(key)!).push(index);
    }
    return { externalId: input.externalId!, kind: kind.id, input, verified: !draft && (kind.official === true || r.chance(0.3)) };
  }

  /** An organisation a person of `region` working in `domains` could belong to. */
  function employer(r: Rng, region: string, domains: Domain[]): number | null {
    if (orgs.length === 0) return null;
    const domain = r.pick(domains);
    const local = byRegionDomain.get(`${region}:${domain}`);
    if (local?.length && r.chance(0.7)) return r.pick(local);
    const any = byDomain.get(domain);
    return any?.length ? r.pick(any) : r.int(0, orgs.length - 1);
  }

  /** The next person (after the organisations they may join). */
  function person(n: number): DemoPerson {
    const r = rng;
    const who = data.personName(r);
    const first = r.pick(data.professions);
    const second = r.chance(0.25) ? r.pick(data.professions.filter((p) => p !== first)) : null;
    const professions = [first, ...(second ? [second] : [])];
    const label = (p: Profession, lang: string) => professionLabel(p, lang, who.sex) ?? p.names.en ?? Object.values(p.names)[0]!;
    const professionNames = professions.map((p) => label(p, who.lang));
    if (who.lang !== 'en' && r.chance(0.3) && first.names.en) professionNames.push(label(first, 'en'));
    const domains = [...new Set(professions.flatMap((p) => p.domains))].slice(0, 3);
    const town = pickTown(r, data.towns);
    const since = r.int(1975, 2023);
    const mailbox = uniqueMailbox(slugify(who.ascii, 30).replace(/-/g, '.'));
    const contacts: Contact[] = [];
    if (r.chance(0.75)) contacts.push({ kind: 'email', value: `${mailbox}@${r.pick(EXAMPLE_DOMAINS)}`, visibility: visibility(r, [3, 5, 1]) });
    if (r.chance(0.5)) contacts.push({ kind: 'phone', value: data.phone(r, town.region, true), visibility: visibility(r, [1, 6, 2]) });
    if (r.chance(0.2)) {
      contacts.push(
        data.messenger === 'telegram'
          ? { kind: 'telegram', value: `@${mailbox.replace(/\./g, '_').slice(0, 28)}`, visibility: visibility(r, [4, 4, 0]) }
          : { kind: 'whatsapp', value: data.phone(r, town.region, true), visibility: visibility(r, [1, 6, 1]) },
      );
    }
    const consent = r.chance(0.55);
    const sex = r.weighted([[who.sex, 96], ['undisclosed', 3], ['other', 1]] as const);
    const ageBand = r.weighted(AGE_BANDS.map((b) => [b, b === 'under-18' ? 0.3 : b === '65+' ? 0.8 : b === '25-34' || b === '35-44' ? 3 : 2] as const));
    const affiliations: DemoAffiliation[] = [];
    const count = r.weighted([[0, 20], [1, 65], [2, 15]] as const);
    for (let i = 0; i < count; i++) {
      const org = employer(r, town.region, domains);
      if (org === null || affiliations.some((a) => a.org === org)) continue;
      const from = Math.max(orgs[org]!.founded ?? 1990, since, 1990);
      const start = Math.min(r.int(from, NOW_YEAR - 1), NOW_YEAR - 1);
      const ended = r.chance(0.15);
      affiliations.push({
        org,
        role: r.pick(data.roles),
        startDate: r.chance(0.5) ? `${start}-${String(r.int(1, 12)).padStart(2, '0')}` : String(start),
        ...(ended ? { endDate: String(Math.min(start + r.int(1, 6), NOW_YEAR)) } : {}),
      });
    }
    const skills = r.sample(first.skills, r.int(1, Math.min(3, first.skills.length)));
    const input: DemoPerson['input'] = {
      name: who.name,
      professions: professionNames,
      domains,
      skills,
      regionCode: town.region,
      bio: r.chance(0.75) ? data.bio(r, { lang: who.lang, profession: first, sex: who.sex, town, since }) : {},
      portfolio: r.chance(0.2) ? [`https://portfolio.${r.pick(EXAMPLE_DOMAINS)}/${slugify(who.ascii, 30)}-${n + 1}`] : [],
      contacts,
      languages: [...r.weighted(data.personLanguages)],
      demographicsConsent: consent,
      sex: consent ? sex : null,
      ageBand: consent ? ageBand : null,
      externalId: id('person', n + 1),
      status: r.chance(0.03) ? 'draft' : 'published',
    };
    return { externalId: input.externalId!, input, affiliations };
  }

  return { organization, person };
}

/** Generates `orgs` organisations and `people` people of a country (deterministic). */
export function generateCountry(data: CountryData, counts: { orgs: number; people: number }, options: GenerateOptions = {}): { orgs: DemoOrg[]; people: DemoPerson[] } {
  const g = createCountryGenerator(data, options);
  const orgs = Array.from({ length: counts.orgs }, (_, i) => g.organization(i));
  const people = Array.from({ length: counts.people }, (_, i) => g.person(i));
  return { orgs, people };
}
