/** Table types of the accounts module (users, sessions, one-time email tokens, API tokens). */
import type { Generated } from 'kysely';

/** A person who can sign in. Emails are stored lower-cased and trimmed. */
export interface UsersTable {
  id: string;
  email: string;
  email_verified_at: string | null;
  password_hash: string | null;
  display_name: string;
  locale: string | null;
  /** 1 for platform administrators (every space, every action). */
  is_platform_admin: number;
  /** active | disabled */
  status: string;
  created_at: string;
  updated_at: string;
}

/** A server-side session; `id` is the sha256 of the cookie value, never the value itself. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
}

/** One-time links sent by email: verify an address, reset a password, accept an invitation. */
export interface EmailTokensTable {
  /** sha256 of the token in the link. */
  id: string;
  purpose: 'verify' | 'reset' | 'invite';
  email: string;
  user_id: string | null;
  /** For invitations: the space and role offered. */
  space_id: string | null;
  role: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A bearer token for /api/v1; only its hash is kept, the token is shown once. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** First characters of the token, shown in lists so a user can tell tokens apart. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Counters for rate limits and back-off, kept in the database so every app process shares them. */
export interface RateLimitsTable {
  key: string;
  count: Generated<number>;
  window_start: string;
  blocked_until: string | null;
}
