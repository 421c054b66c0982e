/** Table types of discussions and messages. JSON columns are text (see platform/db/json.ts). */
import type { ColumnType } from 'kysely';

/** A column the database fills with its default when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Columns discussions add to the library's `groups`. */
export interface GroupDiscussionColumns {
  /** closed | open | approval */
  join_policy: Defaulted<string>;
  /** public | members */
  visibility: Defaulted<string>;
  /** Translatable description (TranslatedText as JSON). */
  about: Defaulted<string | null>;
}

/** Columns discussions add to the library's `group_members`. */
export interface GroupMemberDiscussionColumns {
  /** member | moderator */
  role: Defaulted<string>;
  /** all | threads | off */
  notify: Defaulted<string>;
}

/** A request to join a group whose policy is `approval`. */
export interface GroupJoinRequestsTable {
  group_id: string;
  user_id: string;
  message: string | null;
  created_at: string;
}

/** A discussion thread of a group. */
export interface ThreadsTable {
  id: string;
  group_id: string;
  author_id: string | null;
  title: string;
  locked: number;
  post_count: number;
  created_at: string;
  last_post_at: string;
}

/** A post of a thread (the first one opens it). Markdown source. */
export interface PostsTable {
  id: string;
  thread_id: string;
  author_id: string | null;
  body: string;
  hidden_at: string | null;
  hidden_by: string | null;
  created_at: string;
}

/** A conversation between members, or between a member and an organisation. */
export interface ConversationsTable {
  id: string;
  organization_id: string | null;
  subject: string | null;
  created_by: string | null;
  created_at: string;
  last_message_at: string;
}

/** Someone in a conversation, with what they have read. */
export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  /** person | organization */
  side: string;
  last_read_at: string | null;
}

/** One message of a conversation (plain text). */
export interface MessagesTable {
  id: string;
  conversation_id: string;
  sender_id: string | null;
  body: string;
  created_at: string;
}

/** A user who may no longer write to `user_id`. */
export interface UserBlocksTable {
  user_id: string;
  blocked_id: string;
  created_at: string;
}

/** A report of a post or a message. */
export interface ContentReportsTable {
  id: string;
  /** post | message */
  subject_type: string;
  subject_id: string;
  reporter_id: string | null;
  reason: string;
  created_at: string;
  resolved_at: string | null;
}
