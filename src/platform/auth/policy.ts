/**
 * The one place that answers "may this principal do this action here?".
 * Handlers and services ask `can()`/`authorize()`; nothing else compares roles.
 */
import { AppError } from '../http/errors.js';

/** Roles within a country space, lowest to highest. A visitor has no membership row. */
export const SPACE_ROLES = ['visitor', 'member', 'editor', 'admin'] as const;
/** A role within a space. */
export type SpaceRole = (typeof SPACE_ROLES)[number];

/** Who is asking: anonymous, or a user with their memberships. */
export interface Principal {
  userId: string | null;
  isPlatformAdmin: boolean;
  /** Role per space id; spaces not listed = visitor. */
  roles: ReadonlyMap<string, Exclude<SpaceRole, 'visitor'>>;
  /** Named groups the user belongs to (content restricted to a group). */
  groups?: ReadonlySet<string>;
}

/** The anonymous visitor. */
export const ANONYMOUS: Principal = { userId: null, isPlatformAdmin: false, roles: new Map() };

/**
 * Every action with the lowest space role allowed to do it. `platform` actions need a platform
 * admin; `self` actions need a signed-in user acting on their own record.
 */
export const ACTIONS = {
  // Reading
  'space.view': 'visitor',
  'content.view_public': 'visitor',
  'content.view_members': 'member',
  'content.view_drafts': 'editor',
  // Members' own contributions (later modules: profiles, registrations, replies…)
  'content.create_own': 'member',
  // Editorial work
  'content.create': 'editor',
  'content.edit': 'editor',
  'content.publish': 'editor',
  'content.verify': 'editor',
  'newsletter.send': 'editor',
  'content.delete': 'admin',
  // Space administration
  'space.update': 'admin',
  'space.members.manage': 'admin',
  'space.invite': 'admin',
  'audit.view': 'admin',
  // Installation
  'platform.manage': 'platform',
  'platform.spaces.create': 'platform',
  'platform.users.manage': 'platform',
  // Own account and self-service (any signed-in user)
  'space.join': 'self',
  'account.edit_self': 'self',
  'account.tokens': 'self',
  'follow.manage': 'self',
  'group.join': 'self',
  'message.send': 'self',
  'content.report': 'self',
  // Groups (communities of practice): creating and configuring them is the space admins'
  'group.manage': 'admin',
  // …reading, posting and moderating depend on the reader's role in the group (Target.group)
  'group.read': 'group-reader',
  'group.post': 'group-member',
  'group.moderate': 'group-moderator',
} as const satisfies Record<string, SpaceRole | 'platform' | 'self' | GroupNeed>;

/** Needs answered by the principal's role in a group rather than in the space. */
type GroupNeed = 'group-reader' | 'group-member' | 'group-moderator';

/** An action name. */
export type Action = keyof typeof ACTIONS;

/** The resource an action targets: the space it lives in, and who owns it if anyone. */
export interface Target {
  spaceId?: string | null;
  ownerId?: string | null;
  /** Further users who may act as owners (e.g. an organisation's own editors). */
  editors?: readonly string[];
  /** The group an action is about: the principal's role in it and whether anyone may read it. */
  group?: { role: 'member' | 'moderator' | null; visibility: 'public' | 'members' };
}

/** Actions an owner may do on their own record with only the member role. */
const OWNER_ACTIONS = new Set<Action>(['content.edit']);

const RANK: Record<SpaceRole, number> = { visitor: 0, member: 1, editor: 2, admin: 3 };

/** The principal's role in a space (platform admins count as admin everywhere). */
export function roleIn(principal: Principal, spaceId: string | null | undefined): SpaceRole {
  if (principal.isPlatformAdmin) return 'admin';
  if (!spaceId) return 'visitor';
  return principal.roles.get(spaceId) ?? 'visitor';
}

/** The principal's level in a space: 0 visitor, 1 member, 2 editor, 3 admin (search visibility). */
export function levelIn(principal: Principal, spaceId: string | null | undefined): number {
  return RANK[roleIn(principal, spaceId)];
}

/** True when `principal` may do `action` on `target`. */
export function can(principal: Principal, action: Action, target: Target = {}): boolean {
  const needed = ACTIONS[action];
  if (needed === 'platform') return principal.isPlatformAdmin;
  if (needed === 'self') {
    if (!principal.userId) return false;
    return principal.isPlatformAdmin || !target.ownerId || target.ownerId === principal.userId;
  }
  if (needed === 'visitor') return true;
  if (needed === 'group-reader' || needed === 'group-member' || needed === 'group-moderator') return canInGroup(principal, needed, target);
  if (!principal.userId) return false;
  // A member may edit what they own (their profile, their post) without being an editor.
  const owns = (target.ownerId && target.ownerId === principal.userId) || target.editors?.includes(principal.userId);
  if (OWNER_ACTIONS.has(action) && owns) {
    if (RANK[roleIn(principal, target.spaceId)] >= RANK.member) return true;
  }
  if (target.spaceId === undefined || target.spaceId === null) {
    // No particular space: the action is allowed if the role is held in any space.
    if (principal.isPlatformAdmin) return true;
    for (const role of principal.roles.values()) if (RANK[role] >= RANK[needed]) return true;
    return false;
  }
  return RANK[roleIn(principal, target.spaceId)] >= RANK[needed];
}

/**
 * Group needs: a public group is read by anyone, a members' group by its members and the space's
 * editors; members post; moderators (and the space's admins) moderate.
 */
function canInGroup(principal: Principal, needed: GroupNeed, target: Target): boolean {
  const role = target.group?.role ?? null;
  if (needed === 'group-reader' && target.group?.visibility === 'public') return true;
  if (!principal.userId) return false;
  if (principal.isPlatformAdmin) return true;
  const rank = RANK[roleIn(principal, target.spaceId)];
  if (needed === 'group-reader') return role !== null || rank >= RANK.editor;
  if (needed === 'group-member') return role !== null;
  return role === 'moderator' || rank >= RANK.admin;
}

/** Throws UNAUTHENTICATED (anonymous) or FORBIDDEN unless `can()` says yes. */
export function authorize(principal: Principal, action: Action, target: Target = {}): void {
  if (can(principal, action, target)) return;
  throw new AppError(principal.userId ? 'FORBIDDEN' : 'UNAUTHENTICATED');
}

/** Space ids in which the principal holds at least `role` (null = all spaces, for platform admins). */
export function spacesWithRole(principal: Principal, role: Exclude<SpaceRole, 'visitor'>): string[] | null {
  if (principal.isPlatformAdmin) return null;
  return [...principal.roles.entries()].filter(([, r]) => RANK[r] >= RANK[role]).map(([id]) => id);
}
