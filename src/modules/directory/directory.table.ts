/** Table types of the directory. JSON columns are text (see platform/db/json.ts). */

/** An organisation of the sector. */
export interface OrganizationsTable {
  id: string;
  space_id: string;
  /** The identifier in the ministry's own spreadsheet; re-imports update by it. */
  external_id: string | null;
  /** TranslatedText JSON: the name in each script it is written in. */
  name: string;
  /** Folded first name, for stable alphabetical order. */
  name_sort: string;
  type: string;
  /** JSON array of domain codes (A–F, ICH). */
  domains: string;
  /** JSON array of culture-cycle functions. */
  functions: string;
  region_code: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** JSON array of Contact. */
  contacts: string;
  /** JSON array of BCP 47 tags: the languages the organisation works in. */
  languages: string;
  founded_year: number | null;
  size_band: string | null;
  /** TranslatedText JSON. */
  description: string;
  logo_sha256: string | null;
  /** draft | published | archived */
  status: string;
  verified_at: string | null;
  verified_by: string | null;
  /** Set when merged into another record (this one is then archived). */
  merged_into: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An artist or cultural professional. */
export interface PeopleTable {
  id: string;
  space_id: string;
  external_id: string | null;
  /** The person's own account, if they manage their profile. */
  user_id: string | null;
  name: string;
  name_sort: string;
  /** JSON array of free-text professions. */
  professions: string;
  domains: string;
  /** JSON array of free-text skills. */
  skills: string;
  region_code: string | null;
  /** TranslatedText JSON. */
  bio: string;
  /** JSON array of URLs. */
  portfolio: string;
  photo_sha256: string | null;
  contacts: string;
  languages: string;
  /** Only with consent; for disaggregated statistics; never shown publicly. */
  sex: string | null;
  age_band: string | null;
  demographics_consent_at: string | null;
  status: string;
  verified_at: string | null;
  verified_by: string | null;
  merged_into: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A person's role at an organisation, with dates. */
export interface AffiliationsTable {
  id: string;
  person_id: string;
  organization_id: string;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
  created_at: string;
}

/** Accounts that may edit an organisation's record (its own people). */
export interface OrganizationEditorsTable {
  organization_id: string;
  user_id: string;
  created_at: string;
}

/** A member's request to manage an existing organisation, decided by an editor. */
export interface OrganizationClaimsTable {
  id: string;
  organization_id: string;
  user_id: string;
  message: string | null;
  /** pending | approved | rejected */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

/** A normalised contact of a record (`email:…`, `phone:…`, `website:…`), for duplicate checks. */
export interface ContactKeysTable {
  entity_type: string;
  entity_id: string;
  space_id: string;
  key: string;
}

/**
 * A spreadsheet uploaded to the web import, kept in the file store between its steps. Rows (and
 * then the file, when nothing else uses the same content) are removed once the import is done
 * or abandoned (see import/uploads.ts).
 */
export interface ImportUploadsTable {
  id: string;
  sha256: string;
  /** organizations | people */
  kind: string;
  space_id: string;
  user_id: string | null;
  created_at: string;
  /** Each step of the import touches it, so an import under way is never cleaned up. */
  last_used_at: string;
  /** Set when the import ran. */
  finished_at: string | null;
}
