/** SQL of the spreadsheet import and export: lookups by external identifier, affiliations, savepoints. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/db/index.js';
import type { AffiliationRow, OrganizationRow, PersonRow } from '../directory.repository.js';

/** Organisations of a space with any of the external identifiers. */
export async function organizationsByExternalIds(db: DbOrTrx, spaceId: string, ids: string[]): Promise<OrganizationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').selectAll().where('space_id', '=', spaceId).where('external_id', 'in', ids).execute();
}

/** People of a space with any of the external identifiers. */
export async function peopleByExternalIds(db: DbOrTrx, spaceId: string, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').selectAll().where('space_id', '=', spaceId).where('external_id', 'in', ids).execute();
}

/** Organisations of a space by Mosaic id (rows of an export), merged ones left out. */
export async function organizationsByIds(db: DbOrTrx, spaceId: string, ids: string[]): Promise<OrganizationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').selectAll().where('space_id', '=', spaceId).where('id', 'in', ids).where('merged_into', 'is', null).execute();
}

/** People of a space by Mosaic id, merged ones left out. */
export async function peopleByIds(db: DbOrTrx, spaceId: string, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').selectAll().where('space_id', '=', spaceId).where('id', 'in', ids).where('merged_into', 'is', null).execute();
}

/** Organisation id by external identifier, for the given identifiers of a space. */
export async function organizationIdsByExternalIds(db: DbOrTrx, spaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'external_id'])
    .where('space_id', '=', spaceId)
    .where('external_id', 'in', ids)
    .where('merged_into', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.external_id!, r.id]));
}

/** External identifiers of organisations by id (people export). */
export async function externalIdsOfOrganizations(db: DbOrTrx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'external_id']).where('id', 'in', ids).where('external_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.external_id!]));
}

/** The affiliation of a person at an organisation, if any. */
export async function findAffiliationOf(db: DbOrTrx, personId: string, organizationId: string): Promise<AffiliationRow | undefined> {
  return db.selectFrom('affiliations').selectAll().where('person_id', '=', personId).where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function insertAffiliation(db: DbOrTrx, row: AffiliationRow): Promise<void> {
  await db.insertInto('affiliations').values(row).execute();
}

export async function updateAffiliationRole(db: DbOrTrx, id: string, role: string | null): Promise<void> {
  await db.updateTable('affiliations').set({ role }).where('id', '=', id).execute();
}

/** Opens a savepoint inside the caller's transaction (same SQL on SQLite and PostgreSQL). */
export async function savepoint(trx: DbOrTrx, name: string): Promise<void> {
  await sql`savepoint ${sql.id(name)}`.execute(trx);
}

/** Undoes everything since the savepoint and closes it. */
export async function rollbackToSavepoint(trx: DbOrTrx, name: string): Promise<void> {
  await sql`rollback to savepoint ${sql.id(name)}`.execute(trx);
  await sql`release savepoint ${sql.id(name)}`.execute(trx);
}

/** Keeps everything since the savepoint and closes it. */
export async function releaseSavepoint(trx: DbOrTrx, name: string): Promise<void> {
  await sql`release savepoint ${sql.id(name)}`.execute(trx);
}
