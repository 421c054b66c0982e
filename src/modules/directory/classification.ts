/**
 * The classifications of the directory.
 *
 * Cultural domains and culture-cycle functions: UNESCO Institute for Statistics, *The 2009
 * UNESCO Framework for Cultural Statistics* (FCS), Montreal 2009 — six cultural domains A–F and
 * the transversal domain of intangible cultural heritage; the five stages of the culture cycle.
 * Organisation types: the stakeholder groups of the 2005 Convention's monitoring framework
 * (government, civil society, private sector) refined for a sector directory.
 */

/** FCS 2009 cultural domains (A–F) and intangible cultural heritage (ICH). */
export const DOMAINS = ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'] as const;
/** A domain code. */
export type Domain = (typeof DOMAINS)[number];

/** FCS 2009 culture cycle. */
export const CULTURE_CYCLE = ['creation', 'production', 'dissemination', 'exhibition', 'participation'] as const;
/** A culture-cycle function. */
export type CycleFunction = (typeof CULTURE_CYCLE)[number];

/** Kinds of organisation. */
export const ORG_TYPES = ['government', 'civil_society', 'private', 'education', 'network', 'media', 'international'] as const;
/** An organisation type code. */
export type OrgType = (typeof ORG_TYPES)[number];

/** Staff size bands (as in business registers). */
export const SIZE_BANDS = ['1', '2-9', '10-49', '50-249', '250+'] as const;

/** Record states. */
export const STATUSES = ['draft', 'published', 'archived'] as const;
/** A record state. */
export type RecordStatus = (typeof STATUSES)[number];

/** Who may see a contact field. */
export const VISIBILITIES = ['public', 'members', 'editors'] as const;
/** A contact field's visibility. */
export type Visibility = (typeof VISIBILITIES)[number];

/** Kinds of contact. */
export const CONTACT_KINDS = ['email', 'phone', 'website', 'facebook', 'instagram', 'youtube', 'telegram', 'whatsapp', 'other'] as const;
/** A contact kind. */
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** One contact of an organisation or person. */
export interface Contact {
  kind: ContactKind;
  value: string;
  visibility: Visibility;
}

/** Age bands for disaggregated statistics (only with consent). */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** Sex/gender options (only with consent). */
export const SEXES = ['female', 'male', 'other', 'undisclosed'] as const;
