/**
 * The classifications of the knowledge library.
 *
 * Resource types, access levels, licences, identifier schemes and relation kinds are the
 * library's own vocabularies (Dublin Core terms where one exists). Cultural domains are the
 * directory's (UNESCO FCS 2009). The Sustainable Development Goals and their culture-linked
 * targets, and the goals and areas of monitoring of the 2005 Convention, are copied facts; their
 * sources are listed in docs/DATA-SOURCES.md. Their labels are data, not catalogue keys: each
 * carries the languages it exists in and falls back along the reader's fallback chain.
 */
import { FALLBACK_CHAINS, LOCALES, type Locale } from '../../platform/i18n/locales.js';

export { DOMAINS, type Domain } from '../directory/classification.js';

/** Kinds of resource. */
export const RESOURCE_TYPES = ['policy', 'law', 'strategy', 'report', 'statistics', 'toolkit', 'training', 'media', 'news', 'link'] as const;
/** A resource type code. */
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Who may see a resource: anyone; members of its space; editors of its space; or the members of
 * named groups of its space (editors always see everything of their space).
 */
export const ACCESS_LEVELS = ['public', 'members', 'editors', 'groups'] as const;
/** An access level. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Editorial states: a draft is seen by the space's editors only. */
export const RESOURCE_STATUSES = ['draft', 'published'] as const;
/** A resource status. */
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** Licences offered in forms (SPDX identifiers where one exists). */
export const LICENCES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-NC-ND-4.0', 'CC0-1.0', 'public-domain', 'copyright', 'other'] as const;
/** A licence code. */
export type Licence = (typeof LICENCES)[number];

/** The canonical address of each open licence (for the page and linked-data exports). */
export const LICENCE_URLS: Partial<Record<Licence, string>> = {
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC-BY-NC-4.0': 'https://creativecommons.org/licenses/by-nc/4.0/',
  'CC-BY-NC-SA-4.0': 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  'CC-BY-ND-4.0': 'https://creativecommons.org/licenses/by-nd/4.0/',
  'CC-BY-NC-ND-4.0': 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
};

/** Identifier schemes (Dublin Core `identifier`). */
export const IDENTIFIER_SCHEMES = ['isbn', 'issn', 'doi', 'url', 'handle', 'other'] as const;
/** An identifier scheme. */
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

/** An identifier of a resource. */
export interface Identifier {
  scheme: IdentifierScheme;
  value: string;
}

/** Relations between resources (Dublin Core terms refinements of `relation`). */
export const RELATION_KINDS = ['related', 'is_part_of', 'has_part', 'is_version_of', 'has_version', 'replaces', 'is_replaced_by', 'references', 'is_referenced_by'] as const;
/** A relation kind. */
export type RelationKind = (typeof RELATION_KINDS)[number];

/** The kind a relation has when read from the other resource. */
export const INVERSE_RELATION: Record<RelationKind, RelationKind> = {
  related: 'related',
  is_part_of: 'has_part',
  has_part: 'is_part_of',
  is_version_of: 'has_version',
  has_version: 'is_version_of',
  replaces: 'is_replaced_by',
  is_replaced_by: 'replaces',
  references: 'is_referenced_by',
  is_referenced_by: 'references',
};

/** A creator of a resource: a record of the directory, or a name typed as free text. */
export interface Creator {
  kind: 'person' | 'organization' | 'text';
  /** Id of the directory record (person or organisation kinds). */
  id?: string;
  /** The name as typed, or the record's name when it was linked (kept if the record goes). */
  name: string;
}

/** A label in the languages it exists in; others fall back along the reader's chain. */
export type Label = Partial<Record<Locale, string>>;

/** The label to show a reader, with the language it is in. */
export function labelFor(label: Label, locale: Locale): { value: string; lang: Locale } {
  for (const l of [...FALLBACK_CHAINS[locale], ...LOCALES]) {
    const value = label[l];
    if (value) return { value, lang: l };
  }
  return { value: '', lang: locale };
}

// ---------------------------------------------------------------------------------------------
// Sustainable Development Goals (United Nations, A/RES/70/1). Short names: the UN's usual labels
// in English; French and Russian short names as the UN's campaign material words them.

/** An SDG goal. */
export interface SdgGoal {
  code: string;
  label: Label;
}

/** The 17 goals. */
export const SDG_GOALS: readonly SdgGoal[] = [
  { code: '1', label: { en: 'No poverty', fr: 'Pas de pauvreté', ru: 'Ликвидация нищеты' } },
  { code: '2', label: { en: 'Zero hunger', fr: 'Faim « zéro »', ru: 'Ликвидация голода' } },
  { code: '3', label: { en: 'Good health and well-being', fr: 'Bonne santé et bien-être', ru: 'Хорошее здоровье и благополучие' } },
  { code: '4', label: { en: 'Quality education', fr: 'Éducation de qualité', ru: 'Качественное образование' } },
  { code: '5', label: { en: 'Gender equality', fr: 'Égalité entre les sexes', ru: 'Гендерное равенство' } },
  { code: '6', label: { en: 'Clean water and sanitation', fr: 'Eau propre et assainissement', ru: 'Чистая вода и санитария' } },
  { code: '7', label: { en: 'Affordable and clean energy', fr: 'Énergie propre et d’un coût abordable', ru: 'Недорогостоящая и чистая энергия' } },
  { code: '8', label: { en: 'Decent work and economic growth', fr: 'Travail décent et croissance économique', ru: 'Достойная работа и экономический рост' } },
  { code: '9', label: { en: 'Industry, innovation and infrastructure', fr: 'Industrie, innovation et infrastructure', ru: 'Индустриализация, инновации и инфраструктура' } },
  { code: '10', label: { en: 'Reduced inequalities', fr: 'Inégalités réduites', ru: 'Уменьшение неравенства' } },
  { code: '11', label: { en: 'Sustainable cities and communities', fr: 'Villes et communautés durables', ru: 'Устойчивые города и населённые пункты' } },
  { code: '12', label: { en: 'Responsible consumption and production', fr: 'Consommation et production responsables', ru: 'Ответственное потребление и производство' } },
  { code: '13', label: { en: 'Climate action', fr: 'Mesures relatives à la lutte contre les changements climatiques', ru: 'Борьба с изменением климата' } },
  { code: '14', label: { en: 'Life below water', fr: 'Vie aquatique', ru: 'Сохранение морских экосистем' } },
  { code: '15', label: { en: 'Life on land', fr: 'Vie terrestre', ru: 'Сохранение экосистем суши' } },
  { code: '16', label: { en: 'Peace, justice and strong institutions', fr: 'Paix, justice et institutions efficaces', ru: 'Мир, правосудие и эффективные институты' } },
  { code: '17', label: { en: 'Partnerships for the goals', fr: 'Partenariats pour la réalisation des objectifs', ru: 'Партнёрство в интересах устойчивого развития' } },
];

/** An SDG target. */
export interface SdgTarget {
  code: string;
  goal: string;
  /** The target's text: official wording shortened, or the summary of the source. */
  label: Label;
}

const target = (code: string, en: string): SdgTarget => ({ code, goal: code.split('.')[0]!, label: { en } });

/**
 * The targets most often linked to culture: those named by the 2005 Convention's monitoring
 * framework and by UNESCO's Culture|2030 Indicators, as summarised in the sources.
 */
export const SDG_TARGETS: readonly SdgTarget[] = [
  target('2.4', 'Sustainable food production systems and resilient agricultural practices (sustainable foodways)'),
  target('4.4', 'Increase the number of youth and adults with relevant skills, including technical and vocational skills, for employment, decent jobs and entrepreneurship'),
  target('4.7', 'Ensure all learners acquire knowledge and skills for sustainable development, including appreciation of cultural diversity and of culture’s contribution to sustainable development'),
  target('5.5', 'Ensure women’s full and effective participation and equal opportunities for leadership at all levels of decision-making'),
  target('5.c', 'Adopt and strengthen sound policies and enforceable legislation for the promotion of gender equality and the empowerment of all women and girls'),
  target('6.6', 'Protect and restore water-related ecosystems'),
  target('8.3', 'Promote development-oriented policies that support productive activities, decent job creation, entrepreneurship, creativity and innovation, and the growth of micro, small and medium-sized enterprises'),
  target('8.9', 'Devise and implement policies to promote sustainable tourism that creates jobs and promotes local culture and products'),
  target('8.a', 'Increase Aid for Trade support for developing countries, in particular least developed countries'),
  target('9.1', 'Develop quality, reliable, sustainable and resilient infrastructure with equitable access for all'),
  target('9.c', 'Significantly increase access to information and communications technology'),
  target('10.2', 'Empower and promote the social, economic and political inclusion of all'),
  target('10.a', 'Implement the principle of special and differential treatment for developing countries, in accordance with World Trade Organization agreements'),
  target('11.4', 'Strengthen efforts to protect and safeguard the world’s cultural and natural heritage'),
  target('11.7', 'Provide universal access to safe, inclusive and accessible, green and public spaces'),
  target('12.a', 'Support developing countries to move towards more sustainable patterns of consumption and production'),
  target('12.b', 'Develop and implement tools to monitor sustainable development impacts for sustainable tourism that creates jobs and promotes local culture and products'),
  target('13.1', 'Strengthen resilience and adaptive capacity to climate-related hazards and natural disasters'),
  target('13.3', 'Improve education, awareness-raising and capacity on climate change mitigation and adaptation'),
  target('14.5', 'Conserve coastal and marine areas'),
  target('15.1', 'Ensure the conservation, restoration and sustainable use of terrestrial ecosystems'),
  target('16.4', 'Significantly reduce illicit financial and arms flows, strengthen the recovery and return of stolen assets (including cultural property) and combat organized crime'),
  target('16.6', 'Develop effective, accountable and transparent institutions at all levels'),
  target('16.7', 'Ensure responsive, inclusive, participatory and representative decision-making at all levels'),
  target('16.10', 'Ensure public access to information and protect fundamental freedoms'),
  target('16.a', 'Strengthen national institutions to prevent violence'),
  target('16.b', 'Promote and enforce non-discriminatory laws and policies for sustainable development'),
  target('17.9', 'Enhance international support for effective and targeted capacity-building in developing countries'),
  target('17.14', 'Enhance policy coherence for sustainable development'),
  target('17.16', 'Enhance the Global Partnership for Sustainable Development, complemented by multi-stakeholder partnerships that share knowledge, expertise, technology and financial resources'),
  target('17.17', 'Encourage and promote effective public, public-private and civil society partnerships'),
  target('17.18', 'Enhance capacity-building support for high-quality, timely and reliable disaggregated data'),
  target('17.19', 'Develop measurements of progress on sustainable development and support statistical capacity-building'),
];

// ---------------------------------------------------------------------------------------------
// The 2005 Convention on the Protection and Promotion of the Diversity of Cultural Expressions:
// the four goals and eleven areas of its monitoring framework (UNESCO, Re|Shaping Cultural
// Policies global reports; quadrennial periodic reports). English from the source; the French
// and Russian labels are translations made for Mosaic (see docs/DATA-SOURCES.md).

/** A goal of the 2005 Convention's monitoring framework. */
export interface ConventionGoal {
  code: string;
  label: Label;
}

/** An area of monitoring. */
export interface ConventionArea {
  code: string;
  goal: string;
  label: Label;
}

/** The four goals. */
export const CONVENTION_GOALS: readonly ConventionGoal[] = [
  {
    code: '1',
    label: {
      en: 'Support sustainable systems of governance for culture',
      fr: 'Soutenir des systèmes de gouvernance durables de la culture',
      ru: 'Поддержка устойчивых систем управления в сфере культуры',
    },
  },
  {
    code: '2',
    label: {
      en: 'Achieve a balanced flow of cultural goods and services and increase the mobility of artists and cultural professionals',
      fr: 'Parvenir à un échange équilibré de biens et services culturels et accroître la mobilité des artistes et des professionnels de la culture',
      ru: 'Обеспечение сбалансированного потока культурных товаров и услуг и повышение мобильности деятелей искусства и работников культуры',
    },
  },
  {
    code: '3',
    label: {
      en: 'Integrate culture in sustainable development frameworks',
      fr: 'Intégrer la culture dans les cadres de développement durable',
      ru: 'Интеграция культуры в стратегии устойчивого развития',
    },
  },
  {
    code: '4',
    label: {
      en: 'Promote human rights and fundamental freedoms',
      fr: 'Promouvoir les droits de l’homme et les libertés fondamentales',
      ru: 'Поощрение прав человека и основных свобод',
    },
  },
];

/** The eleven areas of monitoring. */
export const CONVENTION_AREAS: readonly ConventionArea[] = [
  { code: '1.1', goal: '1', label: { en: 'Cultural and creative sectors', fr: 'Secteurs culturels et créatifs', ru: 'Культурные и творческие секторы' } },
  { code: '1.2', goal: '1', label: { en: 'Media diversity', fr: 'Diversité des médias', ru: 'Разнообразие СМИ' } },
  { code: '1.3', goal: '1', label: { en: 'Digital environment', fr: 'Environnement numérique', ru: 'Цифровая среда' } },
  { code: '1.4', goal: '1', label: { en: 'Partnering with civil society', fr: 'Partenariat avec la société civile', ru: 'Партнёрство с гражданским обществом' } },
  { code: '2.1', goal: '2', label: { en: 'Mobility of artists and cultural professionals', fr: 'Mobilité des artistes et des professionnels de la culture', ru: 'Мобильность деятелей искусства и работников культуры' } },
  { code: '2.2', goal: '2', label: { en: 'Flow of cultural goods and services', fr: 'Flux de biens et services culturels', ru: 'Поток культурных товаров и услуг' } },
  { code: '2.3', goal: '2', label: { en: 'Treaties and agreements', fr: 'Traités et accords', ru: 'Договоры и соглашения' } },
  { code: '3.1', goal: '3', label: { en: 'National sustainable development policies and plans', fr: 'Politiques et plans nationaux de développement durable', ru: 'Национальные стратегии и планы устойчивого развития' } },
  { code: '3.2', goal: '3', label: { en: 'International cooperation for sustainable development', fr: 'Coopération internationale pour le développement durable', ru: 'Международное сотрудничество в целях устойчивого развития' } },
  { code: '4.1', goal: '4', label: { en: 'Gender equality', fr: 'Égalité des genres', ru: 'Гендерное равенство' } },
  { code: '4.2', goal: '4', label: { en: 'Artistic freedom', fr: 'Liberté artistique', ru: 'Свобода художественного творчества' } },
];

/** Every SDG code a resource may carry: the goals, and the targets listed above. */
export const SDG_CODES: readonly string[] = [...SDG_GOALS.map((g) => g.code), ...SDG_TARGETS.map((t) => t.code)];
/** Every area of monitoring code. */
export const CONVENTION_AREA_CODES: readonly string[] = CONVENTION_AREAS.map((a) => a.code);

/** The goal of an SDG code ("8.3" → "8", "11" → "11"). */
export function sdgGoalOf(code: string): string {
  return code.split('.')[0]!;
}

/** The label of an SDG goal or target code, or null for an unknown code. */
export function sdgLabel(code: string): Label | null {
  return SDG_GOALS.find((g) => g.code === code)?.label ?? SDG_TARGETS.find((t) => t.code === code)?.label ?? null;
}

/** The label of an area of monitoring or of a goal of the Convention, or null. */
export function conventionLabel(code: string): Label | null {
  return CONVENTION_AREAS.find((a) => a.code === code)?.label ?? CONVENTION_GOALS.find((g) => g.code === code)?.label ?? null;
}
