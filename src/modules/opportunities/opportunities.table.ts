/** Table types of opportunities (calls, grants, jobs, residencies, tenders). */

/** One opportunity. */
export interface OpportunitiesTable {
  id: string;
  space_id: string;
  /** call | grant | job | residency | tender */
  kind: string;
  title: string;
  description: string;
  eligibility: string;
  /** JSON array of domain codes. */
  domains: string;
  /** JSON array of ISO 3166-2 region codes (empty = the whole country). */
  regions: string;
  /** Local date and time of the deadline, "YYYY-MM-DDTHH:MM", in `time_zone`. */
  deadline_local: string;
  time_zone: string;
  /** The deadline as a UTC instant (ISO). */
  deadline_at: string;
  apply_url: string | null;
  apply_contact: string | null;
  /** draft | open | closed */
  status: string;
  reminder_sent_at: string | null;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
