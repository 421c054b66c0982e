/** SQL of the demo loader: which demo records a space already has (so loading twice adds nothing). */
import type { DbOrTrx } from '../../platform/db/index.js';

/**
 * External id → record id of the organisations or people of a space whose external id starts
 * with `prefix` (letters, digits and hyphens only, so it needs no LIKE escaping on either dialect).
 */
export async function externalIdsWithPrefix(db: DbOrTrx, table: 'organizations' | 'people', spaceId: string, prefix: string): Promise<Map<string, string>> {
  if (!/^[A-Za-z0-9-]+$/.test(prefix)) throw new Error(`unsafe prefix ${prefix}`);
  const rows = await db
    .selectFrom(table)
    .select(['id', 'external_id'])
    .where('space_id', '=', spaceId)
    .where('external_id', 'like', `${prefix}%`)
    .execute();
  return new Map(rows.map((r) => [r.external_id!, r.id]));
}

/** How many news posts or opportunities of a space a user created (the demo adds its own once). */
export async function countCreatedBy(db: DbOrTrx, table: 'news_posts' | 'opportunities', spaceId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('space_id', '=', spaceId)
    .where('created_by', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many events of a space a user created (the demo events are created by the demo administrator). */
export async function eventsCreatedBy(db: DbOrTrx, spaceId: string, userId: string): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('space_id', '=', spaceId).where('created_by', '=', userId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
