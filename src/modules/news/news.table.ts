/** Table types of news. Translatable fields are TranslatedText JSON. */

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
