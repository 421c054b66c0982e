/** SQL of the knowledge library. Every function takes the database or a transaction first. */
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type {
  CollectionItemsTable,
  CollectionsTable,
  GroupsTable,
  ResourceFilesTable,
  ResourceFileVersionsTable,
  ResourceRelationsTable,
  ResourcesTable,
} from './library.table.js';

export type ResourceRow = Selectable<ResourcesTable>;
export type GroupRow = Selectable<GroupsTable>;
export type RelationRow = Selectable<ResourceRelationsTable>;
export type FileRow = Selectable<ResourceFilesTable>;
export type VersionRow = Selectable<ResourceFileVersionsTable>;
export type CollectionRow = Selectable<CollectionsTable>;
export type CollectionItemRow = Selectable<CollectionItemsTable>;

// ---- Resources ---------------------------------------------------------------------------------

export async function findResource(db: DbOrTrx, id: string): Promise<ResourceRow | undefined> {
  return db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several resources by id (order not kept; tombstones included). */
export async function findResources(db: DbOrTrx, ids: string[]): Promise<ResourceRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('resources').selectAll().where('id', 'in', ids).execute();
}

export async function findResourceByExternalId(db: DbOrTrx, spaceId: string, externalId: string): Promise<ResourceRow | undefined> {
  return db.selectFrom('resources').selectAll().where('space_id', '=', spaceId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function insertResource(db: DbOrTrx, row: ResourceRow): Promise<void> {
  await db.insertInto('resources').values(row).execute();
}

export async function updateResource(db: DbOrTrx, id: string, patch: Partial<Omit<ResourceRow, 'id'>>): Promise<void> {
  await db.updateTable('resources').set(patch).where('id', '=', id).execute();
}

/** Every resource, tombstones included, in pages of `batch` (reindex). */
export async function* allResources(db: DbOrTrx, batch = 200): AsyncGenerator<ResourceRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('resources').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * External id → id of the resources of a space whose external id starts with `prefix` (letters,
 * digits and hyphens only, so it needs no LIKE escaping on either dialect).
 */
export async function externalIdsWithPrefix(db: DbOrTrx, spaceId: string, prefix: string): Promise<Map<string, string>> {
  if (!/^[A-Za-z0-9-]+$/.test(prefix)) throw new Error(`unsafe prefix ${prefix}`);
  const rows = await db.selectFrom('resources').select(['id', 'external_id']).where('space_id', '=', spaceId).where('external_id', 'like', `${prefix}%`).execute();
  return new Map(rows.map((r) => [r.external_id!, r.id]));
}

/**
 * A page of resources in (updated_at, id) order, tombstones included: what a harvester or a feed
 * reads. `after` is the last (updated_at, id) of the previous page (keyset paging).
 */
export async function changedResources(
  db: DbOrTrx,
  options: { from?: string; until?: string; after?: { updatedAt: string; id: string }; spaceIds?: string[]; limit: number },
): Promise<ResourceRow[]> {
  let q = db.selectFrom('resources').selectAll();
  if (options.from) q = q.where('updated_at', '>=', options.from);
  if (options.until) q = q.where('updated_at', '<=', options.until);
  if (options.spaceIds) {
    if (options.spaceIds.length === 0) return [];
    q = q.where('space_id', 'in', options.spaceIds);
  }
  const after = options.after;
  if (after) q = q.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
  return q.orderBy('updated_at').orderBy('id').limit(options.limit).execute();
}

/** Public, published resources, most recently changed first (feeds, sitemaps). */
export async function publicResources(db: DbOrTrx, options: { spaceIds?: string[]; limit: number }): Promise<ResourceRow[]> {
  let q = db.selectFrom('resources').selectAll().where('deleted_at', 'is', null).where('status', '=', 'published').where('access', '=', 'public');
  if (options.spaceIds) {
    if (options.spaceIds.length === 0) return [];
    q = q.where('space_id', 'in', options.spaceIds);
  }
  return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** The earliest change (OAI-PMH Identify's earliestDatestamp), or null for an empty library. */
export async function earliestChange(db: DbOrTrx): Promise<string | null> {
  const row = await db.selectFrom('resources').select((eb) => eb.fn.min('updated_at').as('first')).executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

// ---- Access groups of a resource ------------------------------------------------------------------

/** The groups named by each resource's access rule. */
export async function groupsOfResources(db: DbOrTrx, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('resource_groups').select(['resource_id', 'group_id']).where('resource_id', 'in', ids).execute();
  for (const r of rows) out.get(r.resource_id)?.push(r.group_id);
  return out;
}

export async function setResourceGroups(db: DbOrTrx, resourceId: string, groupIds: string[]): Promise<void> {
  await db.deleteFrom('resource_groups').where('resource_id', '=', resourceId).execute();
  if (groupIds.length) await db.insertInto('resource_groups').values(groupIds.map((group_id) => ({ resource_id: resourceId, group_id }))).execute();
}

/** Ids of the resources whose access names a group (re-indexed when the group goes). */
export async function resourcesOfGroup(db: DbOrTrx, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('resource_groups').select('resource_id').where('group_id', '=', groupId).execute();
  return rows.map((r) => r.resource_id);
}

// ---- Named groups ------------------------------------------------------------------------------------

export async function listGroups(db: DbOrTrx, spaceIds: string[]): Promise<(GroupRow & { members: number })[]> {
  if (spaceIds.length === 0) return [];
  const rows = await db
    .selectFrom('groups')
    .leftJoin('group_members', 'group_members.group_id', 'groups.id')
    .select(['groups.id', 'groups.space_id', 'groups.name', 'groups.description', 'groups.created_by', 'groups.created_at', 'groups.updated_at'])
    .select((eb) => eb.fn.count<number>('group_members.user_id').as('members'))
    .where('groups.space_id', 'in', spaceIds)
    .groupBy(['groups.id', 'groups.space_id', 'groups.name', 'groups.description', 'groups.created_by', 'groups.created_at', 'groups.updated_at'])
    .orderBy('groups.name')
    .execute();
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}

export async function findGroup(db: DbOrTrx, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroups(db: DbOrTrx, ids: string[]): Promise<GroupRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('groups').selectAll().where('id', 'in', ids).execute();
}

export async function findGroupByName(db: DbOrTrx, spaceId: string, name: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('space_id', '=', spaceId).where('name', '=', name).executeTakeFirst();
}

export async function insertGroup(db: DbOrTrx, row: GroupRow): Promise<void> {
  await db.insertInto('groups').values(row).execute();
}

export async function updateGroup(db: DbOrTrx, id: string, patch: Partial<Omit<GroupRow, 'id'>>): Promise<void> {
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

export async function deleteGroup(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('group_members').where('group_id', '=', id).execute();
  await db.deleteFrom('resource_groups').where('group_id', '=', id).execute();
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

/** Members of a group with their names. */
export async function groupMembers(db: DbOrTrx, groupId: string) {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'group_members.created_at'])
    .where('group_members.group_id', '=', groupId)
    .orderBy('users.display_name')
    .execute();
}

export async function addGroupMember(db: DbOrTrx, groupId: string, userId: string, addedBy: string | null, now: string): Promise<boolean> {
  const result = await db
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, added_by: addedBy, created_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeGroupMember(db: DbOrTrx, groupId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The groups a user belongs to. */
export async function groupIdsOfUser(db: DbOrTrx, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

// ---- Relations ---------------------------------------------------------------------------------------

export async function insertRelation(db: DbOrTrx, row: RelationRow): Promise<void> {
  await db.insertInto('resource_relations').values(row).execute();
}

export async function findRelation(db: DbOrTrx, id: string): Promise<RelationRow | undefined> {
  return db.selectFrom('resource_relations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function relationExists(db: DbOrTrx, a: string, b: string, kind: string): Promise<boolean> {
  const row = await db.selectFrom('resource_relations').select('id').where('resource_id', '=', a).where('related_id', '=', b).where('kind', '=', kind).executeTakeFirst();
  return Boolean(row);
}

export async function deleteRelation(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('resource_relations').where('id', '=', id).execute();
}

/** Relations from or to a resource. */
export async function relationsOf(db: DbOrTrx, resourceId: string): Promise<RelationRow[]> {
  return db
    .selectFrom('resource_relations')
    .selectAll()
    .where((eb) => eb.or([eb('resource_id', '=', resourceId), eb('related_id', '=', resourceId)]))
    .orderBy('created_at')
    .execute();
}

// ---- Files and versions ------------------------------------------------------------------------------

/** The files of a resource (deleted ones too when asked), in order. */
export async function filesOf(db: DbOrTrx, resourceIds: string[], withDeleted = false): Promise<FileRow[]> {
  if (resourceIds.length === 0) return [];
  let q = db.selectFrom('resource_files').selectAll().where('resource_id', 'in', resourceIds);
  if (!withDeleted) q = q.where('deleted_at', 'is', null);
  return q.orderBy('resource_id').orderBy('position').orderBy('created_at').execute();
}

export async function findFiles(db: DbOrTrx, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('resource_files').selectAll().where('id', 'in', ids).execute();
}

export async function findFile(db: DbOrTrx, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('resource_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFile(db: DbOrTrx, row: FileRow): Promise<void> {
  await db.insertInto('resource_files').values(row).execute();
}

export async function updateFile(db: DbOrTrx, id: string, patch: Partial<Omit<FileRow, 'id'>>): Promise<void> {
  await db.updateTable('resource_files').set(patch).where('id', '=', id).execute();
}

/** The next free position for a new file of a resource. */
export async function nextFilePosition(db: DbOrTrx, resourceId: string): Promise<number> {
  const row = await db.selectFrom('resource_files').select((eb) => eb.fn.max('position').as('p')).where('resource_id', '=', resourceId).executeTakeFirst();
  return Number(row?.p ?? -1) + 1;
}

/** Every version of the given files, newest first. */
export async function versionsOf(db: DbOrTrx, fileIds: string[]): Promise<VersionRow[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('resource_file_versions').selectAll().where('file_id', 'in', fileIds).orderBy('file_id').orderBy('version', 'desc').execute();
}

export async function findVersion(db: DbOrTrx, id: string): Promise<VersionRow | undefined> {
  return db.selectFrom('resource_file_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVersions(db: DbOrTrx, ids: string[]): Promise<VersionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('resource_file_versions').selectAll().where('id', 'in', ids).execute();
}

export async function insertVersion(db: DbOrTrx, row: VersionRow): Promise<void> {
  await db.insertInto('resource_file_versions').values(row).execute();
}

export async function updateVersion(db: DbOrTrx, id: string, patch: Partial<Omit<VersionRow, 'id'>>): Promise<void> {
  await db.updateTable('resource_file_versions').set(patch).where('id', '=', id).execute();
}

export async function nextVersionNumber(db: DbOrTrx, fileId: string): Promise<number> {
  const row = await db.selectFrom('resource_file_versions').select((eb) => eb.fn.max('version').as('v')).where('file_id', '=', fileId).executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

// ---- Extracted text -----------------------------------------------------------------------------------

/** Replaces the extracted pages of a version. */
export async function replaceTexts(db: DbOrTrx, versionId: string, pages: { id: string; page: number | null; text: string }[]): Promise<void> {
  await db.deleteFrom('resource_file_texts').where('version_id', '=', versionId).execute();
  for (let i = 0; i < pages.length; i += 100) {
    await db
      .insertInto('resource_file_texts')
      .values(pages.slice(i, i + 100).map((p, j) => ({ id: p.id, version_id: versionId, seq: i + j, page: p.page, text: p.text })))
      .execute();
  }
}

/** The extracted pages of the given versions, in order. */
export async function textsOf(db: DbOrTrx, versionIds: string[]): Promise<{ version_id: string; seq: number; page: number | null; text: string }[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('resource_file_texts').select(['version_id', 'seq', 'page', 'text']).where('version_id', 'in', versionIds).orderBy('version_id').orderBy('seq').execute();
}

/** The page number and text of (version, seq) text rows, keyed "version:seq". */
export async function pageTexts(db: DbOrTrx, keys: { versionId: string; seq: number }[]): Promise<Map<string, { page: number | null; text: string }>> {
  const out = new Map<string, { page: number | null; text: string }>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('resource_file_texts')
    .select(['version_id', 'seq', 'page', 'text'])
    .where('version_id', 'in', [...new Set(keys.map((k) => k.versionId))])
    .where('seq', 'in', [...new Set(keys.map((k) => k.seq))])
    .execute();
  const wanted = new Set(keys.map((k) => `${k.versionId}:${k.seq}`));
  for (const r of rows) if (wanted.has(`${r.version_id}:${r.seq}`)) out.set(`${r.version_id}:${r.seq}`, { page: r.page, text: r.text });
  return out;
}

/** The columns a listing filters, counts and sorts resources by. */
export type FacetRow = Pick<ResourceRow, 'id' | 'space_id' | 'type' | 'domains' | 'languages' | 'year' | 'date' | 'coverage_regions' | 'sdgs' | 'convention_areas' | 'access' | 'status' | 'created_at'>;

/** Those columns for the given resources (not deleted), in chunks under the parameter limits. */
export async function facetRows(db: DbOrTrx, ids: string[]): Promise<FacetRow[]> {
  const out: FacetRow[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    out.push(
      ...(await db
        .selectFrom('resources')
        .select(['id', 'space_id', 'type', 'domains', 'languages', 'year', 'date', 'coverage_regions', 'sdgs', 'convention_areas', 'access', 'status', 'created_at'])
        .where('id', 'in', ids.slice(i, i + 5000))
        .where('deleted_at', 'is', null)
        .execute()),
    );
  }
  return out;
}

// ---- Collections ----------------------------------------------------------------------------------------

export async function findCollection(db: DbOrTrx, id: string): Promise<CollectionRow | undefined> {
  return db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCollections(db: DbOrTrx, spaceIds: string[] | null): Promise<(CollectionRow & { items: number })[]> {
  let q = db
    .selectFrom('collections')
    .leftJoin('collection_items', 'collection_items.collection_id', 'collections.id')
    .selectAll('collections')
    .select((eb) => eb.fn.count<number>('collection_items.resource_id').as('items'))
    .where('collections.deleted_at', 'is', null);
  if (spaceIds) {
    if (spaceIds.length === 0) return [];
    q = q.where('collections.space_id', 'in', spaceIds);
  }
  const rows = await q
    .groupBy([
      'collections.id',
      'collections.space_id',
      'collections.title',
      'collections.title_sort',
      'collections.introduction',
      'collections.status',
      'collections.created_by',
      'collections.created_at',
      'collections.updated_at',
      'collections.deleted_at',
    ])
    .orderBy('collections.title_sort')
    .execute();
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

export async function insertCollection(db: DbOrTrx, row: CollectionRow): Promise<void> {
  await db.insertInto('collections').values(row).execute();
}

export async function updateCollection(db: DbOrTrx, id: string, patch: Partial<Omit<CollectionRow, 'id'>>): Promise<void> {
  await db.updateTable('collections').set(patch).where('id', '=', id).execute();
}

export async function collectionItems(db: DbOrTrx, collectionId: string): Promise<CollectionItemRow[]> {
  return db.selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId).orderBy('position').orderBy('created_at').execute();
}

/** Collections (not deleted) that hold a resource. */
export async function collectionsOfResource(db: DbOrTrx, resourceId: string): Promise<CollectionRow[]> {
  return db
    .selectFrom('collections')
    .innerJoin('collection_items', 'collection_items.collection_id', 'collections.id')
    .selectAll('collections')
    .where('collection_items.resource_id', '=', resourceId)
    .where('collections.deleted_at', 'is', null)
    .orderBy('collections.title_sort')
    .execute();
}

/** Replaces the items of a collection with `items`, in that order. */
export async function setCollectionItems(db: DbOrTrx, collectionId: string, items: { resourceId: string; note: string | null; createdAt: string }[]): Promise<void> {
  await db.deleteFrom('collection_items').where('collection_id', '=', collectionId).execute();
  if (items.length) {
    await db
      .insertInto('collection_items')
      .values(items.map((item, position) => ({ collection_id: collectionId, resource_id: item.resourceId, position, note: item.note, created_at: item.createdAt })))
      .execute();
  }
}

// ---- Bookmarks ------------------------------------------------------------------------------------------

export async function addBookmark(db: DbOrTrx, userId: string, resourceId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('bookmarks')
    .values({ user_id: userId, resource_id: resourceId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'resource_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeBookmark(db: DbOrTrx, userId: string, resourceId: string): Promise<boolean> {
  const result = await db.deleteFrom('bookmarks').where('user_id', '=', userId).where('resource_id', '=', resourceId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A user's bookmarks, newest first. */
export async function bookmarksOf(db: DbOrTrx, userId: string): Promise<{ resource_id: string; created_at: string }[]> {
  return db.selectFrom('bookmarks').select(['resource_id', 'created_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

/** Which of `resourceIds` the user has bookmarked. */
export async function bookmarkedAmong(db: DbOrTrx, userId: string, resourceIds: string[]): Promise<Set<string>> {
  if (resourceIds.length === 0) return new Set();
  const rows = await db.selectFrom('bookmarks').select('resource_id').where('user_id', '=', userId).where('resource_id', 'in', resourceIds).execute();
  return new Set(rows.map((r) => r.resource_id));
}
