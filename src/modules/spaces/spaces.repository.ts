/** SQL of country spaces, regions and memberships. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { MembershipsTable, RegionsTable, SpacesTable } from './spaces.table.js';

export type SpaceRow = Selectable<SpacesTable>;
export type RegionRow = Selectable<RegionsTable>;
export type MembershipRow = Selectable<MembershipsTable>;

export async function listSpaces(db: DbOrTrx): Promise<SpaceRow[]> {
  return db.selectFrom('spaces').selectAll().orderBy('code').execute();
}

/** A space by its ISO code; `code` must already be upper-case. */
export async function findSpaceByCode(db: DbOrTrx, code: string): Promise<SpaceRow | undefined> {
  return db.selectFrom('spaces').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findSpaceById(db: DbOrTrx, id: string): Promise<SpaceRow | undefined> {
  return db.selectFrom('spaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSpace(db: DbOrTrx, row: SpaceRow): Promise<void> {
  await db.insertInto('spaces').values(row).execute();
}

export async function insertRegion(db: DbOrTrx, row: RegionRow): Promise<void> {
  await db.insertInto('regions').values(row).execute();
}

export async function listRegions(db: DbOrTrx, spaceId: string): Promise<RegionRow[]> {
  return db.selectFrom('regions').selectAll().where('space_id', '=', spaceId).orderBy('sort_order').execute();
}

export async function listMembershipsOfUser(db: DbOrTrx, userId: string): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
}

export async function findMembership(db: DbOrTrx, spaceId: string, userId: string): Promise<MembershipRow | undefined> {
  return db.selectFrom('memberships').selectAll().where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
}

export async function insertMembership(db: DbOrTrx, row: MembershipRow): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

export async function updateMembershipRole(db: DbOrTrx, id: string, role: string, now: string): Promise<void> {
  await db.updateTable('memberships').set({ role, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteMembership(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('memberships').where('id', '=', id).execute();
}

/** Members of a space with their email and name, for the admin page. */
export async function listMembers(db: DbOrTrx, spaceId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.role', 'memberships.created_at', 'users.id as user_id', 'users.email', 'users.display_name'])
    .where('memberships.space_id', '=', spaceId)
    .orderBy('users.email')
    .execute();
}

/** Members holding one of `roles` in a space, with what is needed to write to them. */
export async function membersWithRoles(db: DbOrTrx, spaceId: string, roles: string[]) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.locale'])
    .where('memberships.space_id', '=', spaceId)
    .where('memberships.role', 'in', roles)
    .where('users.status', '=', 'active')
    .execute();
}
