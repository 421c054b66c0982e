/** Country spaces: seeding, lookup by ISO code (any case), regions, and members' roles. */
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/audit.js';
import { authorize, type Principal, type SpaceRole } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { AppError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { text, type TranslatedText } from '../../platform/i18n/content.js';
import { SEED_SPACES } from '../../../seeds/spaces.js';
import * as repo from './spaces.repository.js';

/** A country space as the rest of the application sees it. */
export interface Space {
  id: string;
  code: string;
  name: TranslatedText;
  defaultLocale: string;
  locales: string[];
}

/** A region of a space. */
export interface Region {
  id: string;
  code: string;
  type: string;
  name: TranslatedText;
}

function toSpace(row: repo.SpaceRow): Space {
  return {
    id: row.id,
    code: row.code,
    name: fromJson<TranslatedText>(row.name, {}),
    defaultLocale: row.default_locale,
    locales: fromJson<string[]>(row.locales, []),
  };
}

/** Normalises a user-typed ISO 3166-1 alpha-2 code; null if it is not two letters. */
export function normaliseSpaceCode(input: string | undefined | null): string | null {
  const code = input?.trim().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

/** Creates the seeded spaces and their regions that do not exist yet. Idempotent. */
export async function seedSpaces(db: Db, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (const seed of SEED_SPACES) {
      if (await repo.findSpaceByCode(trx, seed.code)) continue;
      const now = nowIso();
      const row: repo.SpaceRow = {
        id: newId(),
        code: seed.code,
        name: JSON.stringify(text(seed.names)),
        default_locale: seed.defaultLocale,
        locales: JSON.stringify(seed.locales),
        created_at: now,
        updated_at: now,
      };
      await repo.insertSpace(trx, row);
      let order = 0;
      for (const region of seed.regions) {
        await repo.insertRegion(trx, {
          id: newId(),
          space_id: row.id,
          code: region.code,
          type: region.type,
          name: JSON.stringify(text(region.names)),
          sort_order: order++,
        });
      }
      await recordAudit(trx, actor, {
        action: 'space.create',
        entityType: 'space',
        entityId: row.id,
        spaceId: row.id,
        after: { code: row.code, regions: seed.regions.length },
      });
      created++;
    }
  });
  return created;
}

/** All spaces, ordered by code. */
export async function listSpaces(db: DbOrTrx): Promise<Space[]> {
  return (await repo.listSpaces(db)).map(toSpace);
}

/** A space by code in any case (`la`, `La`, `LA`); NOT_FOUND otherwise. */
export async function getSpace(db: DbOrTrx, code: string): Promise<Space> {
  const normalised = normaliseSpaceCode(code);
  const row = normalised ? await repo.findSpaceByCode(db, normalised) : undefined;
  if (!row) throw new AppError('NOT_FOUND');
  return toSpace(row);
}

/** A space by id, or undefined. */
export async function findSpaceById(db: DbOrTrx, id: string): Promise<Space | undefined> {
  const row = await repo.findSpaceById(db, id);
  return row ? toSpace(row) : undefined;
}

/** The regions of a space in their seeded order. */
const regionCodeCache = new Map<string, { at: number; codes: readonly string[] }>();
const REGION_CACHE_MS = 60_000;

/**
 * The ISO 3166-2 codes of a space's regions, remembered for a minute: every imported row checks
 * its region, and reading the list each time cost a tenth of an import. Regions are reference
 * data, written only when the spaces are seeded.
 */
export async function regionCodes(db: DbOrTrx, spaceId: string): Promise<readonly string[]> {
  const hit = regionCodeCache.get(spaceId);
  if (hit && Date.now() - hit.at < REGION_CACHE_MS) return hit.codes;
  const codes = (await repo.listRegions(db, spaceId)).map((r) => r.code);
  // An unknown space is not remembered (it may be created in a moment).
  if (codes.length) regionCodeCache.set(spaceId, { at: Date.now(), codes });
  return codes;
}

export async function listRegions(db: DbOrTrx, spaceId: string): Promise<Region[]> {
  return (await repo.listRegions(db, spaceId)).map((r) => ({
    id: r.id,
    code: r.code,
    type: r.type,
    name: fromJson<TranslatedText>(r.name, {}),
  }));
}

/** The roles a user holds, by space id. */
export async function rolesOfUser(db: DbOrTrx, userId: string): Promise<Map<string, Exclude<SpaceRole, 'visitor'>>> {
  const rows = await repo.listMembershipsOfUser(db, userId);
  return new Map(rows.map((r) => [r.space_id, r.role as Exclude<SpaceRole, 'visitor'>]));
}

/** Members of a space (admins only). */
export async function listMembers(db: DbOrTrx, principal: Principal, space: Space) {
  authorize(principal, 'space.members.manage', { spaceId: space.id });
  return repo.listMembers(db, space.id);
}

/** Editors and admins of a space (to notify them of work waiting), with email and language. */
export async function editorsOf(db: DbOrTrx, spaceId: string) {
  return repo.membersWithRoles(db, spaceId, ['editor', 'admin']);
}

const ASSIGNABLE: SpaceRole[] = ['visitor', 'member', 'editor', 'admin'];

/**
 * Sets a user's role in a space inside `trx`; 'visitor' removes the membership.
 * Authorisation is the caller's job when `principal` is null (CLI, invitations).
 */
export async function setRole(
  trx: DbOrTrx,
  actor: Actor,
  principal: Principal | null,
  spaceId: string,
  userId: string,
  role: string,
): Promise<void> {
  if (principal) authorize(principal, 'space.members.manage', { spaceId });
  if (!ASSIGNABLE.includes(role as SpaceRole)) {
    throw new AppError('VALIDATION', { fields: [{ field: 'role', key: 'validation.choice' }] });
  }
  const now = nowIso();
  const existing = await repo.findMembership(trx, spaceId, userId);
  if (role === 'visitor') {
    if (!existing) return;
    await repo.deleteMembership(trx, existing.id);
  } else if (existing) {
    if (existing.role === role) return;
    await repo.updateMembershipRole(trx, existing.id, role, now);
  } else {
    await repo.insertMembership(trx, { id: newId(), space_id: spaceId, user_id: userId, role, created_at: now, updated_at: now });
  }
  await recordAudit(trx, actor, {
    action: 'membership.set_role',
    entityType: 'user',
    entityId: userId,
    spaceId,
    before: existing ? { role: existing.role } : { role: 'visitor' },
    after: { role },
  });
}
