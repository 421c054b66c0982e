/** Table types of news. Translatable fields are TranslatedText JSON. */
import type { Generated } from 'kysely';

/** A news post or announcement of a space. */
export interface NewsPostsTable {
  id: string;
  space_id: string;
  title: string;
  summary: string;
  body: string;
  image_sha256: string | null;
  /** TranslatedText JSON: the image's text alternative. */
  image_alt: string;
  /** draft | published | archived */
  status: string;
  /** A published post is shown from this instant on. */
  publish_at: string;
  newsletter_sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A newsletter send of a post: the segment asked for, who asked, and how far the job got. */
export interface NewsletterSendsTable {
  id: string;
  post_id: string;
  space_id: string;
  /** JSON NewsletterSegment. */
  segment: string;
  requested_by: string | null;
  requested_by_label: string;
  /** queued | sending | sent | failed */
  status: string;
  /** Number of recipients, once the segment is resolved. */
  recipients: number | null;
  sent: Generated<number>;
  skipped: Generated<number>;
  job_id: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** One recipient of a send; the key (send, user) makes a second email to them impossible. */
export interface NewsletterRecipientsTable {
  send_id: string;
  user_id: string;
  /** queued | sent | skipped */
  status: string;
  done_at: string | null;
}
