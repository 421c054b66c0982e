/** SQL of directory images: the logo/photo column of a record, and the stored files' types. */
import type { DbOrTrx } from '../../../platform/db/index.js';

/** Sets (or clears, with null) an organisation's logo. */
export async function setOrganizationLogo(db: DbOrTrx, id: string, sha256: string | null, now: string): Promise<void> {
  await db.updateTable('organizations').set({ logo_sha256: sha256, updated_at: now }).where('id', '=', id).execute();
}

/** Sets (or clears, with null) a person's photo. */
export async function setPersonPhoto(db: DbOrTrx, id: string, sha256: string | null, now: string): Promise<void> {
  await db.updateTable('people').set({ photo_sha256: sha256, updated_at: now }).where('id', '=', id).execute();
}

/** The image of each record that has one (for listings). */
export async function imagesOf(db: DbOrTrx, table: 'organizations' | 'people', ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  if (table === 'organizations') {
    const rows = await db.selectFrom('organizations').select(['id', 'logo_sha256']).where('id', 'in', ids).where('logo_sha256', 'is not', null).execute();
    for (const r of rows) out.set(r.id, r.logo_sha256!);
  } else {
    const rows = await db.selectFrom('people').select(['id', 'photo_sha256']).where('id', 'in', ids).where('photo_sha256', 'is not', null).execute();
    for (const r of rows) out.set(r.id, r.photo_sha256!);
  }
  return out;
}

/** The recorded media type of a stored file, or null when it was never recorded. */
export async function fileMime(db: DbOrTrx, sha256: string): Promise<string | null> {
  const row = await db.selectFrom('files').select('mime').where('sha256', '=', sha256).executeTakeFirst();
  return row?.mime ?? null;
}
