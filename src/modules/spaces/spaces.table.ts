/** Table types of country spaces, their regions and the members' roles in them. */

/** A country space, identified by its ISO 3166-1 alpha-2 code (stored upper-case). */
export interface SpacesTable {
  id: string;
  code: string;
  /** Translatable name, JSON text: {"en": {"v": "Lao PDR", "p": "human"}, …}. */
  name: string;
  default_locale: string;
  /** JSON array of the locales offered first in this space. */
  locales: string;
  created_at: string;
  updated_at: string;
}

/** A first-level administrative division (ISO 3166-2). */
export interface RegionsTable {
  id: string;
  space_id: string;
  code: string;
  /** province, capital, region, republic, city */
  type: string;
  /** Translatable name, JSON text. */
  name: string;
  sort_order: number;
}

/** A user's role in one space: member, editor or admin (visitor = no row). */
export interface MembershipsTable {
  id: string;
  space_id: string;
  user_id: string;
  role: string;
  created_at: string;
  updated_at: string;
}
