/**
 * The append-only audit log. Every service that changes data calls `recordAudit` with the same
 * transaction it writes in, so a change and its audit row commit or roll back together.
 */
import type { DbOrTrx } from '../db/index.js';
import { fromJson, toJson } from '../db/json.js';
import { newId, nowIso } from '../ids.js';

/** Who is acting: a signed-in user, the CLI, or the system itself. */
export interface Actor {
  userId: string | null;
  /** Email of the user, or "cli" / "system". */
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

/** The system itself (seeding, background jobs). */
export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' };
/** The command-line tool run by an operator. */
export const CLI_ACTOR: Actor = { userId: null, label: 'cli' };

/** One change to record. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  spaceId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

// Never copy secrets (even hashed) into the audit trail.
const SECRET_FIELDS = new Set(['password_hash', 'token_hash', 'password', 'token']);

function scrub(record: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : v;
  return out;
}

/** Appends one audit row inside the caller's transaction. */
export async function recordAudit(db: DbOrTrx, actor: Actor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor_id: actor.userId,
      actor_label: actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      space_id: entry.spaceId ?? null,
      before: toJson(scrub(entry.before)),
      after: toJson(scrub(entry.after)),
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
    })
    .execute();
}

/** Filters for browsing the audit log. */
export interface AuditFilter {
  spaceIds?: string[] | null;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** An audit row as shown to admins. */
export interface AuditRow {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  spaceId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

/** Lists audit rows, newest first, with the total for paging. `spaceIds` null = all spaces. */
export async function listAudit(db: DbOrTrx, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (filter.spaceIds) {
    if (filter.spaceIds.length === 0) return { rows: [], total: 0 };
    q = q.where('space_id', 'in', filter.spaceIds);
  }
  if (filter.actor) q = q.where('actor_label', 'like', `%${filter.actor.toLowerCase()}%`);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<=', filter.to);
  const total = (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0;
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      spaceId: r.space_id,
      before: fromJson(r.before, null),
      after: fromJson(r.after, null),
      ip: r.ip,
      requestId: r.request_id,
    })),
  };
}

/** Distinct action names, for the filter menu. */
export async function listAuditActions(db: DbOrTrx): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
