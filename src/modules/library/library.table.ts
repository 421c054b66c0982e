/** Table types of the knowledge library. JSON columns are text (see platform/db/json.ts). */

/** A named group of a space (access rules may name it). */
export interface GroupsTable {
  id: string;
  space_id: string;
  name: string;
  description: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A user in a named group. */
export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  added_by: string | null;
  created_at: string;
}

/** A resource of the library, described with Dublin Core. */
export interface ResourcesTable {
  id: string;
  space_id: string;
  /** The identifier in an imported catalogue or the demo; re-imports update by it. */
  external_id: string | null;
  type: string;
  /** TranslatedText JSON. */
  title: string;
  /** Folded first title, for stable alphabetical order. */
  title_sort: string;
  /** TranslatedText JSON: description or abstract. */
  abstract: string;
  /** JSON array of Creator. */
  creators: string;
  /** JSON Creator, or null. */
  publisher: string | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string | null;
  year: number | null;
  /** JSON array of domain codes. */
  domains: string;
  /** JSON array of free-text keywords. */
  keywords: string;
  format: string | null;
  /** JSON array of Identifier. */
  identifiers: string;
  source: string | null;
  /** JSON array of BCP 47 tags. */
  languages: string;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  coverage_countries: string;
  /** JSON array of ISO 3166-2 codes. */
  coverage_regions: string;
  coverage_period: string | null;
  rights: string | null;
  licence: string | null;
  /** JSON array of SDG goal and target codes. */
  sdgs: string;
  /** JSON array of areas of monitoring of the 2005 Convention. */
  convention_areas: string;
  /** public | members | editors | groups */
  access: string;
  /** draft | published */
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Set when deleted: the row stays as a tombstone. */
  deleted_at: string | null;
  deleted_by: string | null;
}

/** The groups that may see a resource whose access is `groups`. */
export interface ResourceGroupsTable {
  resource_id: string;
  group_id: string;
}

/** A relation from one resource to another. */
export interface ResourceRelationsTable {
  id: string;
  resource_id: string;
  related_id: string;
  kind: string;
  created_by: string | null;
  created_at: string;
}

/** A file of a resource. */
export interface ResourceFilesTable {
  id: string;
  resource_id: string;
  label: string | null;
  position: number;
  current_version_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** One uploaded version of a file. */
export interface ResourceFileVersionsTable {
  id: string;
  file_id: string;
  version: number;
  sha256: string;
  size: number;
  /** As sniffed from the content, never as the uploader named it. */
  media_type: string;
  filename: string;
  /** 1 when the type must never be shown inline (SVG, HTML…). */
  attachment_only: number;
  uploaded_by: string | null;
  /** Email of the uploader, kept if the account goes. */
  uploaded_by_label: string | null;
  uploaded_at: string;
  /** none | pending | done | failed */
  extract_status: string;
  /** Why extraction failed: corrupt, encrypted, unsupported, too_large, timeout, empty, missing. */
  extract_error: string | null;
  extract_job_id: string | null;
  pages: number | null;
  chars: number | null;
  truncated: number;
  thumbnail_sha256: string | null;
}

/** A page (or the whole text, when the format has no pages) of a version. */
export interface ResourceFileTextsTable {
  id: string;
  version_id: string;
  seq: number;
  page: number | null;
  text: string;
}

/** A curated, ordered set of resources with an introduction. */
export interface CollectionsTable {
  id: string;
  space_id: string;
  /** TranslatedText JSON. */
  title: string;
  title_sort: string;
  /** TranslatedText JSON. */
  introduction: string;
  /** draft | published */
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A resource in a collection, at a position. */
export interface CollectionItemsTable {
  collection_id: string;
  resource_id: string;
  position: number;
  note: string | null;
  created_at: string;
}

/** A member's bookmark ("my library"). */
export interface BookmarksTable {
  user_id: string;
  resource_id: string;
  created_at: string;
}
