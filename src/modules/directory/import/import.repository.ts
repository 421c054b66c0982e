/**
 * SQL of the spreadsheet import and export: lookups by external identifier, affiliations,
 * savepoints, and the uploads kept between the steps of the web import.
 */
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../../platform/db/index.js';
import type { AffiliationRow, OrganizationRow, PersonRow } from '../directory.repository.js';
import type { ImportUploadsTable } from '../directory.table.js';

export type ImportUploadRow = Selectable<ImportUploadsTable>;

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

export async function insertUpload(db: DbOrTrx, row: ImportUploadRow): Promise<void> {
  await db.insertInto('import_uploads').values(row).execute();
}

/** Marks a user's unfinished uploads of a file as used now (each step of the import). */
export async function touchUploads(db: DbOrTrx, sha256: string, userId: string, now: string): Promise<void> {
  await db.updateTable('import_uploads').set({ last_used_at: now }).where('sha256', '=', sha256).where('user_id', '=', userId).where('finished_at', 'is', null).execute();
}

/** Marks a user's unfinished uploads of a file as imported. */
export async function finishUploads(db: DbOrTrx, sha256: string, userId: string, now: string): Promise<void> {
  await db
    .updateTable('import_uploads')
    .set({ last_used_at: now, finished_at: now })
    .where('sha256', '=', sha256)
    .where('user_id', '=', userId)
    .where('finished_at', 'is', null)
    .execute();
}

/**
 * Uploads to clean up: older than `cutoff` and no longer part of an import under way — the
 * import ran, or nobody used the upload since `cutoff` (abandoned).
 */
export async function expiredUploads(db: DbOrTrx, cutoff: string, limit: number): Promise<ImportUploadRow[]> {
  return db
    .selectFrom('import_uploads')
    .selectAll()
    .where((eb) => eb.or([eb('last_used_at', '<', cutoff), eb.and([eb('finished_at', 'is not', null), eb('created_at', '<', cutoff)])]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function deleteUploads(db: DbOrTrx, ids: string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('import_uploads').where('id', 'in', ids).execute();
}

/**
 * True when anything still refers to a stored file: another import upload, a file recorded as
 * kept (every module that stores a file for good records it in `files`), or a logo or photo.
 */
export async function fileInUse(db: DbOrTrx, sha256: string): Promise<boolean> {
  const found = await db
    .selectFrom('import_uploads')
    .select(sql<number>`1`.as('hit'))
    .where('sha256', '=', sha256)
    .unionAll(db.selectFrom('files').select(sql<number>`1`.as('hit')).where('sha256', '=', sha256))
    .unionAll(db.selectFrom('organizations').select(sql<number>`1`.as('hit')).where('logo_sha256', '=', sha256))
    .unionAll(db.selectFrom('people').select(sql<number>`1`.as('hit')).where('photo_sha256', '=', sha256))
    .limit(1)
    .execute();
  return found.length > 0;
}
