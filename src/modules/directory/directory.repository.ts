/** SQL of the directory. Every function takes the database or a transaction first. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { AffiliationsTable, OrganizationClaimsTable, OrganizationsTable, PeopleTable } from './directory.table.js';

export type OrganizationRow = Selectable<OrganizationsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type AffiliationRow = Selectable<AffiliationsTable>;
export type ClaimRow = Selectable<OrganizationClaimsTable>;

export async function findOrganization(db: DbOrTrx, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several organisations by id (order not kept). */
export async function findOrganizations(db: DbOrTrx, ids: string[]): Promise<OrganizationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organizations').selectAll().where('id', 'in', ids).execute();
}

/** The editors of several organisations, by organisation id. */
export async function editorsByOrganization(db: DbOrTrx, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('organization_editors').select(['organization_id', 'user_id']).where('organization_id', 'in', ids).execute();
  for (const r of rows) out.get(r.organization_id)?.push(r.user_id);
  return out;
}

/** Where a merged record went: the id of the record it was merged into, or null. */
export async function mergedInto(db: DbOrTrx, table: 'organizations' | 'people', id: string): Promise<string | null> {
  const row = await db.selectFrom(table).select('merged_into').where('id', '=', id).executeTakeFirst();
  return row?.merged_into ?? null;
}

export async function findOrganizationByExternalId(db: DbOrTrx, spaceId: string, externalId: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('space_id', '=', spaceId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function insertOrganization(db: DbOrTrx, row: OrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function updateOrganization(db: DbOrTrx, id: string, patch: Partial<Omit<OrganizationRow, 'id'>>): Promise<void> {
  await db.updateTable('organizations').set(patch).where('id', '=', id).execute();
}

/** Every organisation, in pages of `batch` (reindex). */
export async function* allOrganizations(db: DbOrTrx, batch = 500): AsyncGenerator<OrganizationRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('organizations').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function findPerson(db: DbOrTrx, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several people by id (order not kept). */
export async function findPeople(db: DbOrTrx, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
}

export async function findPersonByExternalId(db: DbOrTrx, spaceId: string, externalId: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('space_id', '=', spaceId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function findPersonOfUser(db: DbOrTrx, spaceId: string, userId: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('space_id', '=', spaceId).where('user_id', '=', userId).where('merged_into', 'is', null).executeTakeFirst();
}

export async function insertPerson(db: DbOrTrx, row: PersonRow): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

export async function updatePerson(db: DbOrTrx, id: string, patch: Partial<Omit<PersonRow, 'id'>>): Promise<void> {
  await db.updateTable('people').set(patch).where('id', '=', id).execute();
}

/** Every person, in pages of `batch` (reindex). */
export async function* allPeople(db: DbOrTrx, batch = 500): AsyncGenerator<PersonRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('people').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** Affiliations of a person, with the organisation's name. */
export async function affiliationsOfPerson(db: DbOrTrx, personId: string) {
  return db
    .selectFrom('affiliations')
    .innerJoin('organizations', 'organizations.id', 'affiliations.organization_id')
    .select(['affiliations.id', 'affiliations.organization_id', 'affiliations.role', 'affiliations.start_date', 'affiliations.end_date', 'organizations.name as organization_name', 'organizations.status as organization_status'])
    .where('affiliations.person_id', '=', personId)
    // Undated ones last on both databases (PostgreSQL would put nulls first when descending).
    .orderBy('affiliations.start_date', (ob) => ob.desc().nullsLast())
    .orderBy('affiliations.id')
    .execute();
}

/** Affiliations at an organisation, with the person's name. */
export async function affiliationsOfOrganization(db: DbOrTrx, organizationId: string) {
  return db
    .selectFrom('affiliations')
    .innerJoin('people', 'people.id', 'affiliations.person_id')
    .select(['affiliations.id', 'affiliations.person_id', 'affiliations.role', 'affiliations.start_date', 'affiliations.end_date', 'people.name as person_name', 'people.status as person_status'])
    .where('affiliations.organization_id', '=', organizationId)
    .orderBy('people.name_sort')
    .execute();
}

export async function insertAffiliation(db: DbOrTrx, row: AffiliationRow): Promise<void> {
  await db.insertInto('affiliations').values(row).execute();
}

export async function findAffiliation(db: DbOrTrx, id: string): Promise<AffiliationRow | undefined> {
  return db.selectFrom('affiliations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteAffiliation(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('affiliations').where('id', '=', id).execute();
}

/** Moves every affiliation of one organisation (or person) to another (merge). */
export async function moveAffiliations(db: DbOrTrx, column: 'organization_id' | 'person_id', from: string, to: string): Promise<number> {
  const result = await db.updateTable('affiliations').set({ [column]: to }).where(column, '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function organizationEditors(db: DbOrTrx, organizationId: string): Promise<string[]> {
  const rows = await db.selectFrom('organization_editors').select('user_id').where('organization_id', '=', organizationId).execute();
  return rows.map((r) => r.user_id);
}

export async function addOrganizationEditor(db: DbOrTrx, organizationId: string, userId: string, now: string): Promise<void> {
  await db
    .insertInto('organization_editors')
    .values({ organization_id: organizationId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
    .execute();
}

/** Organisations of a space that a user is one of the editors of (not merged or archived), by name. */
export async function organizationsEditedBy(db: DbOrTrx, userId: string, spaceId: string): Promise<OrganizationRow[]> {
  return db
    .selectFrom('organizations')
    .innerJoin('organization_editors', 'organization_editors.organization_id', 'organizations.id')
    .selectAll('organizations')
    .where('organization_editors.user_id', '=', userId)
    .where('organizations.space_id', '=', spaceId)
    .where('organizations.merged_into', 'is', null)
    .where('organizations.status', '!=', 'archived')
    .orderBy('organizations.name_sort')
    .orderBy('organizations.id')
    .limit(100)
    .execute();
}

/** Moves an organisation's editors to another organisation, skipping ones already there (merge). */
export async function moveOrganizationEditors(db: DbOrTrx, from: string, to: string, now: string): Promise<void> {
  for (const userId of await organizationEditors(db, from)) await addOrganizationEditor(db, to, userId, now);
  await db.deleteFrom('organization_editors').where('organization_id', '=', from).execute();
}

export async function insertClaim(db: DbOrTrx, row: ClaimRow): Promise<void> {
  await db.insertInto('organization_claims').values(row).execute();
}

export async function findClaim(db: DbOrTrx, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('organization_claims').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function pendingClaimOf(db: DbOrTrx, organizationId: string, userId: string): Promise<ClaimRow | undefined> {
  return db
    .selectFrom('organization_claims')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function decideClaim(db: DbOrTrx, id: string, status: 'approved' | 'rejected', by: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('organization_claims')
    .set({ status, decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pending claims of the given spaces (null = all), oldest first, with organisation and claimant. */
export async function pendingClaims(db: DbOrTrx, spaceIds: string[] | null) {
  let q = db
    .selectFrom('organization_claims')
    .innerJoin('organizations', 'organizations.id', 'organization_claims.organization_id')
    .innerJoin('users', 'users.id', 'organization_claims.user_id')
    .select([
      'organization_claims.id',
      'organization_claims.organization_id',
      'organization_claims.message',
      'organization_claims.created_at',
      'organizations.name as organization_name',
      'organizations.space_id',
      'users.email',
      'users.display_name',
    ])
    .where('organization_claims.status', '=', 'pending');
  if (spaceIds) {
    if (spaceIds.length === 0) return [];
    q = q.where('organizations.space_id', 'in', spaceIds);
  }
  return q.orderBy('organization_claims.created_at').execute();
}

/** Published organisations per region of a space (the map). */
export async function countOrganizationsByRegion(db: DbOrTrx, spaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('organizations')
    .select(['region_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('space_id', '=', spaceId)
    .where('status', '=', 'published')
    .where('region_code', 'is not', null)
    .groupBy('region_code')
    .execute();
  return new Map(rows.map((r) => [r.region_code!, Number(r.n)]));
}

/** Replaces the contact keys of a record. */
export async function replaceContactKeys(db: DbOrTrx, entityType: string, entityId: string, spaceId: string, keys: string[]): Promise<void> {
  await db.deleteFrom('contact_keys').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
  const unique = [...new Set(keys)];
  if (unique.length) {
    await db.insertInto('contact_keys').values(unique.map((key) => ({ entity_type: entityType, entity_id: entityId, space_id: spaceId, key }))).execute();
  }
}

/** Records of a type in a space that have any of the contact keys. */
export async function findByContactKeys(db: DbOrTrx, entityType: string, spaceId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('contact_keys')
    .select('entity_id')
    .distinct()
    .where('space_id', '=', spaceId)
    .where('entity_type', '=', entityType)
    .where('key', 'in', keys)
    .limit(50)
    .execute();
  return rows.map((r) => r.entity_id);
}

/** Removes every contact key of a type (before a rebuild). */
export async function clearContactKeys(db: DbOrTrx, entityType: string): Promise<void> {
  await db.deleteFrom('contact_keys').where('entity_type', '=', entityType).execute();
}
