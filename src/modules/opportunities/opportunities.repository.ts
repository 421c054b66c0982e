/** SQL of opportunities. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { OpportunitiesTable } from './opportunities.table.js';

export type OpportunityRow = Selectable<OpportunitiesTable>;

export async function findOpportunity(db: DbOrTrx, id: string): Promise<OpportunityRow | undefined> {
  return db.selectFrom('opportunities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOpportunities(db: DbOrTrx, ids: string[]): Promise<OpportunityRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('opportunities').selectAll().where('id', 'in', ids).execute();
}

export async function insertOpportunity(db: DbOrTrx, row: OpportunityRow): Promise<void> {
  await db.insertInto('opportunities').values(row).execute();
}

export async function updateOpportunity(db: DbOrTrx, id: string, patch: Partial<Omit<OpportunityRow, 'id'>>): Promise<void> {
  await db.updateTable('opportunities').set(patch).where('id', '=', id).execute();
}

/** The facet columns of every listed (not draft) opportunity of some spaces (null = all). */
export async function listingFacts(db: DbOrTrx, spaceIds: string[] | null) {
  let q = db.selectFrom('opportunities').select(['id', 'kind', 'domains', 'regions', 'deadline_at', 'status']).where('status', '!=', 'draft');
  if (spaceIds) q = q.where('space_id', 'in', spaceIds.length ? spaceIds : ['-']);
  return q.execute();
}

/** Drafts of a space (for its editors). */
export async function drafts(db: DbOrTrx, spaceId: string): Promise<OpportunityRow[]> {
  return db.selectFrom('opportunities').selectAll().where('space_id', '=', spaceId).where('status', '=', 'draft').orderBy('updated_at', 'desc').limit(50).execute();
}

/** Open opportunities whose deadline has passed. */
export async function overdue(db: DbOrTrx, now: string): Promise<OpportunityRow[]> {
  return db.selectFrom('opportunities').selectAll().where('status', '=', 'open').where('deadline_at', '<=', now).limit(500).execute();
}

/** Open opportunities due before `until` whose reminder has not gone out. */
export async function dueForReminder(db: DbOrTrx, now: string, until: string): Promise<OpportunityRow[]> {
  return db
    .selectFrom('opportunities')
    .selectAll()
    .where('status', '=', 'open')
    .where('reminder_sent_at', 'is', null)
    .where('deadline_at', '>', now)
    .where('deadline_at', '<=', until)
    .limit(500)
    .execute();
}

/** Marks a row if it is still in the expected state; true when this call changed it. */
export async function closeIfOpen(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('opportunities').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markReminded(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('opportunities').set({ reminder_sent_at: now }).where('id', '=', id).where('reminder_sent_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function* allOpportunities(db: DbOrTrx, batch = 500): AsyncGenerator<OpportunityRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('opportunities').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
