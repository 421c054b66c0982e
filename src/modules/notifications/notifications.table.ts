/** Table types of notifications: follows, in-app notifications, email preferences, digest times. */

/** A user following something (an organisation, a person, an opportunity…). */
export interface FollowsTable {
  id: string;
  user_id: string;
  target_type: string;
  target_id: string;
  created_at: string;
}

/** One notification for one user; the message is a key and values, rendered in their language. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  category: string;
  subject_type: string;
  subject_id: string;
  message_key: string;
  /** JSON object: strings, numbers or translatable texts. */
  message_values: string;
  /** Site-relative link (without language prefix). */
  url: string;
  actor_id: string | null;
  created_at: string;
  read_at: string | null;
  /** immediate | daily | weekly | off — the recipient's preference when written. */
  email_mode: string;
  /** pending | sent | skipped */
  email_status: string;
  emailed_at: string | null;
}

/** A user's email choice for one category. */
export interface NotificationPreferencesTable {
  id: string;
  user_id: string;
  category: string;
  mode: string;
  updated_at: string;
}

/** When a user's digests go out (UTC) and when they last did. */
export interface DigestSettingsTable {
  id: string;
  user_id: string;
  hour_utc: number;
  weekday: number;
  last_daily_at: string | null;
  last_weekly_at: string | null;
  updated_at: string;
}
