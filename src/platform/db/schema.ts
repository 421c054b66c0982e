/**
 * The whole database as Kysely sees it: platform tables here, module tables imported from
 * each module's `<domain>.table.ts`.
 */
import type { Generated } from 'kysely';
import type {
  ApiTokensTable,
  EmailTokensTable,
  RateLimitsTable,
  SessionsTable,
  UsersTable,
} from '../../modules/accounts/accounts.table.js';
import type {
  AffiliationsTable,
  ContactKeysTable,
  ImportUploadsTable,
  OrganizationClaimsTable,
  OrganizationEditorsTable,
  OrganizationsTable,
  PeopleTable,
} from '../../modules/directory/directory.table.js';
import type {
  CalendarTokensTable,
  EventCheckinsTable,
  EventMaterialsTable,
  EventOrganizersTable,
  EventRegistrationsTable,
  EventSeriesTable,
  EventSessionsTable,
  EventsTable,
} from '../../modules/events/events.table.js';
import type {
  BookmarksTable,
  CollectionItemsTable,
  CollectionsTable,
  GroupMembersTable,
  GroupsTable,
  ResourceFilesTable,
  ResourceFileTextsTable,
  ResourceFileVersionsTable,
  ResourceGroupsTable,
  ResourceRelationsTable,
  ResourcesTable,
} from '../../modules/library/library.table.js';
import type { MembershipsTable, RegionsTable, SpacesTable } from '../../modules/spaces/spaces.table.js';
import type { DigestSettingsTable, FollowsTable, NotificationPreferencesTable, NotificationsTable } from '../../modules/notifications/notifications.table.js';
import type { NewsletterRecipientsTable, NewsletterSendsTable, NewsPostsTable } from '../../modules/news/news.table.js';
import type { ContentReportsTable, GroupDiscussionColumns, GroupMemberDiscussionColumns, ConversationMembersTable, ConversationsTable, GroupJoinRequestsTable, MessagesTable, PostsTable, ThreadsTable, UserBlocksTable } from '../../modules/discussions/discussions.table.js';
import type { OpportunitiesTable } from '../../modules/opportunities/opportunities.table.js';

/** Append-only record of every change to data. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  /** Email or "system"/"cli", kept even if the user is later deleted. */
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  space_id: string | null;
  /** JSON text of the record before/after the change (secrets removed). */
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
}

/** Emails waiting to be sent; nothing is lost when SMTP is down. */
export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** JSON text of extra headers. */
  headers: string | null;
  /** JSON text of attachments ({filename, contentType, content}), or null. */
  attachments: string | null;
  /** pending | sent | failed (gave up after the last retry) */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Durable background jobs. */
export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  /** queued | running | done | failed */
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Blobs of the content-addressed file store. */
export interface FilesTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
}

/** Installation-wide settings (key/value). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The shared search index: one row per entity and audience range (see platform/search). */
export interface SearchDocumentsTable {
  doc_id: Generated<number>;
  entity_type: string;
  entity_id: string;
  space_id: string | null;
  /** Lowest and highest reader level (0 visitor … 3 admin) this row is for. */
  level_lo: number;
  level_hi: number;
  /** 1 when only members of the groups in search_groups may see the row. */
  grouped: Generated<number>;
  updated_at: string;
  /** Inline facets of the entity type's layout (platform/search/layouts.ts): single values… */
  k1: string | null;
  k2: string | null;
  k3: string | null;
  k4: string | null;
  /** …and multi-valued facets as bits. */
  kbits: Generated<number>;
  /** Languages of the row as bits, the same positions for every type (platform/search/languages.ts). */
  lbits: Generated<number>;
  /** PostgreSQL only: the weighted tsvector. */
  tsv?: string;
}

/** What a search row shows: read for the rows of one page only. */
export interface SearchTextsTable {
  doc_id: number;
  /** Translatable title, JSON text. */
  title: string;
  url: string;
  /** Display text of the fields this audience may see; snippets are cut from it. */
  body: string;
  langs: string;
}

/** Facet values of a search row (type, domain, region, language…). */
export interface SearchFacetsTable {
  doc_id: number;
  facet: string;
  value: string;
}

/** The named groups a grouped search row is visible to. */
export interface SearchGroupsTable {
  doc_id: number;
  group_id: string;
}

/** Index rows per distinct (type, space, audience, inline facets); '' stands for none. */
export interface SearchCountsTable {
  entity_type: string;
  space_id: string;
  level_lo: number;
  level_hi: number;
  grouped: Generated<number>;
  k1: string;
  k2: string;
  k3: string;
  k4: string;
  kbits: number;
  n: number;
}

/** The inline facet layout each entity type was indexed with (a hash of the layout); '*' = rebuild all. */
export interface SearchLayoutsTable {
  entity_type: string;
  signature: string;
  updated_at: string;
}

/** Every table of the database. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  spaces: SpacesTable;
  regions: RegionsTable;
  memberships: MembershipsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  jobs: JobsTable;
  files: FilesTable;
  settings: SettingsTable;
  search_documents: SearchDocumentsTable;
  search_facets: SearchFacetsTable;
  search_texts: SearchTextsTable;
  search_groups: SearchGroupsTable;
  search_layouts: SearchLayoutsTable;
  search_counts: SearchCountsTable;
  organizations: OrganizationsTable;
  people: PeopleTable;
  affiliations: AffiliationsTable;
  organization_editors: OrganizationEditorsTable;
  organization_claims: OrganizationClaimsTable;
  contact_keys: ContactKeysTable;
  import_uploads: ImportUploadsTable;
  groups: GroupsTable & GroupDiscussionColumns;
  group_members: GroupMembersTable & GroupMemberDiscussionColumns;
  resources: ResourcesTable;
  resource_groups: ResourceGroupsTable;
  resource_relations: ResourceRelationsTable;
  resource_files: ResourceFilesTable;
  resource_file_versions: ResourceFileVersionsTable;
  resource_file_texts: ResourceFileTextsTable;
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
  bookmarks: BookmarksTable;
  follows: FollowsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  digest_settings: DigestSettingsTable;
  news_posts: NewsPostsTable;
  newsletter_sends: NewsletterSendsTable;
  newsletter_recipients: NewsletterRecipientsTable;
  opportunities: OpportunitiesTable;
  event_series: EventSeriesTable;
  events: EventsTable;
  event_organizers: EventOrganizersTable;
  event_sessions: EventSessionsTable;
  event_registrations: EventRegistrationsTable;
  event_checkins: EventCheckinsTable;
  event_materials: EventMaterialsTable;
  calendar_tokens: CalendarTokensTable;
  group_join_requests: GroupJoinRequestsTable;
  threads: ThreadsTable;
  posts: PostsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  user_blocks: UserBlocksTable;
  content_reports: ContentReportsTable;
}
