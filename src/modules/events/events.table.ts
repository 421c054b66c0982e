/** Table types of events. JSON columns are text (see platform/db/json.ts). */
import type { Generated } from 'kysely';

/** An event of a space: a workshop, festival, screening… with one or more sessions. */
export interface EventsTable {
  id: string;
  space_id: string;
  type: string;
  /** TranslatedText JSON. */
  title: string;
  /** TranslatedText JSON. */
  description: string;
  /** draft | published | cancelled */
  status: string;
  /** IANA time zone the event's times are shown in (they are stored in UTC). */
  time_zone: string;
  venue_name: string | null;
  venue_address: string | null;
  /** ISO 3166-2 code of one of the space's regions. */
  region_code: string | null;
  online_url: string | null;
  /** Confirmed places; null = no limit. */
  capacity: number | null;
  confirmed_count: Generated<number>;
  /** 1 when registration is open. */
  registration_open: Generated<number>;
  /** JSON array of Question. */
  questions: string;
  /** JSON array of {title, url}: related resources. */
  resources: string;
  /** JSON array of {title, url}: material published after the event. */
  materials: string;
  image_sha256: string | null;
  /** The series the event belongs to, if any. */
  series_id: string | null;
  /** The series whose followers were told of this event (so they are told once). */
  announced_series_id: string | null;
  starts_at: string;
  ends_at: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A named series of events of a space ("Vientiane Film Week"), which people may follow. */
export interface EventSeriesTable {
  id: string;
  space_id: string;
  /** TranslatedText JSON. */
  title: string;
  /** TranslatedText JSON. */
  description: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An organisation of the directory that organises an event. */
export interface EventOrganizersTable {
  id: string;
  event_id: string;
  organization_id: string;
}

/** One session of an event (a day of a festival, a part of a training). */
export interface EventSessionsTable {
  id: string;
  event_id: string;
  position: number;
  title: string | null;
  starts_at: string;
  ends_at: string;
}

/** A participant's place (or place on the waitlist) at an event. */
export interface EventRegistrationsTable {
  id: string;
  event_id: string;
  user_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  /** Language of the participant's emails. */
  locale: string;
  /** confirmed | waitlisted | cancelled */
  status: string;
  /** JSON object: question id → answer. */
  answers: string;
  /** Check-in code shown as text and QR code. */
  code: string;
  /** sha256 of the secret cancel link sent by email. */
  cancel_token_hash: string;
  walk_in: Generated<number>;
  promoted_at: string | null;
  cancelled_at: string | null;
  reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Attendance of one registration at one session. */
export interface EventCheckinsTable {
  id: string;
  registration_id: string;
  session_id: string;
  checked_in_at: string;
  checked_in_by: string | null;
}

/** A library resource attached to an event as post-event material. */
export interface EventMaterialsTable {
  id: string;
  event_id: string;
  resource_id: string;
  position: number;
  created_by: string | null;
  created_at: string;
}

/** The secret of a user's personal calendar feed (stored hashed). */
export interface CalendarTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
}
