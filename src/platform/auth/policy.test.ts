import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIONS, ANONYMOUS, authorize, can, type Action, type Principal } from './policy.js';

const SPACE = 'space-la';
const OTHER = 'space-uz';
function member(role: 'member' | 'editor' | 'admin'): Principal {
  return { userId: `u-${role}`, isPlatformAdmin: false, roles: new Map([[SPACE, role]]) };
}
const principals: Record<string, Principal> = {
  visitor: ANONYMOUS,
  signedIn: { userId: 'u-plain', isPlatformAdmin: false, roles: new Map() },
  member: member('member'),
  editor: member('editor'),
  admin: member('admin'),
  platform: { userId: 'u-root', isPlatformAdmin: true, roles: new Map() },
};

// The expected answer for every action and principal, in the action's own space.
// Columns: visitor, signed-in (no role here), member, editor, admin, platform admin.
const TABLE: Record<Action, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  'space.view': [true, true, true, true, true, true],
  'content.view_public': [true, true, true, true, true, true],
  'content.view_members': [false, false, true, true, true, true],
  'content.view_drafts': [false, false, false, true, true, true],
  'content.create_own': [false, false, true, true, true, true],
  'content.create': [false, false, false, true, true, true],
  'content.edit': [false, false, false, true, true, true],
  'content.publish': [false, false, false, true, true, true],
  'content.verify': [false, false, false, true, true, true],
  'newsletter.send': [false, false, false, true, true, true],
  'content.delete': [false, false, false, false, true, true],
  'space.update': [false, false, false, false, true, true],
  'space.members.manage': [false, false, false, false, true, true],
  'space.invite': [false, false, false, false, true, true],
  'audit.view': [false, false, false, false, true, true],
  'platform.manage': [false, false, false, false, false, true],
  'platform.spaces.create': [false, false, false, false, false, true],
  'platform.users.manage': [false, false, false, false, false, true],
  'space.join': [false, true, true, true, true, true],
  'account.edit_self': [false, true, true, true, true, true],
  'account.tokens': [false, true, true, true, true, true],
  'follow.manage': [false, true, true, true, true, true],
  'group.join': [false, true, true, true, true, true],
  'message.send': [false, true, true, true, true, true],
  'content.report': [false, true, true, true, true, true],
  'group.manage': [false, false, false, false, true, true],
  // Without a role in the group (members-only group): editors read, nobody but admins moderates.
  'group.read': [false, false, false, true, true, true],
  'group.post': [false, false, false, false, false, true],
  'group.moderate': [false, false, false, false, true, true],
};

test('a group: anyone reads a public one; its members post; its moderators moderate', () => {
  const m = member('member');
  const open = { spaceId: SPACE, group: { role: null, visibility: 'public' as const } };
  const closed = { spaceId: SPACE, group: { role: null, visibility: 'members' as const } };
  assert.equal(can(ANONYMOUS, 'group.read', open), true);
  assert.equal(can(ANONYMOUS, 'group.post', open), false);
  assert.equal(can(m, 'group.read', closed), false);
  assert.equal(can(m, 'group.post', open), false);
  const inGroup = { spaceId: SPACE, group: { role: 'member' as const, visibility: 'members' as const } };
  assert.equal(can(m, 'group.read', inGroup), true);
  assert.equal(can(m, 'group.post', inGroup), true);
  assert.equal(can(m, 'group.moderate', inGroup), false);
  const moderating = { spaceId: SPACE, group: { role: 'moderator' as const, visibility: 'members' as const } };
  assert.equal(can(m, 'group.moderate', moderating), true);
  // A role in a group of another space gives nothing beyond that group.
  assert.equal(can(member('admin'), 'group.moderate', { spaceId: OTHER, group: { role: null, visibility: 'public' } }), false);
});

test('the table covers every action', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), Object.keys(ACTIONS).sort());
});

const names = ['visitor', 'signedIn', 'member', 'editor', 'admin', 'platform'] as const;
for (const [action, row] of Object.entries(TABLE) as [Action, boolean[]][]) {
  test(`role × action: ${action}`, () => {
    names.forEach((name, i) => {
      const target = action.startsWith('account.') || action === 'follow.manage' ? { ownerId: principals[name]!.userId } : { spaceId: SPACE };
      assert.equal(can(principals[name]!, action, target), row[i], `${name} → ${action}`);
    });
  });
}

test('a role in one space gives nothing in another', () => {
  assert.equal(can(member('admin'), 'content.edit', { spaceId: OTHER }), false);
  assert.equal(can(member('admin'), 'audit.view', { spaceId: OTHER }), false);
});

test('a member may edit what they own, but not publish it or touch others’ records', () => {
  const m = member('member');
  assert.equal(can(m, 'content.edit', { spaceId: SPACE, ownerId: m.userId }), true);
  assert.equal(can(m, 'content.publish', { spaceId: SPACE, ownerId: m.userId }), false);
  assert.equal(can(m, 'content.edit', { spaceId: SPACE, ownerId: 'someone-else' }), false);
  assert.equal(can(principals.signedIn!, 'content.edit', { spaceId: SPACE, ownerId: principals.signedIn!.userId }), false);
});

test('an organisation’s own editors may edit it with the member role', () => {
  const m = member('member');
  assert.equal(can(m, 'content.edit', { spaceId: SPACE, editors: [m.userId!] }), true);
  assert.equal(can(m, 'content.edit', { spaceId: SPACE, editors: ['someone'] }), false);
  assert.equal(can(m, 'content.verify', { spaceId: SPACE, editors: [m.userId!] }), false);
});

test('account actions on someone else’s account are refused', () => {
  assert.equal(can(member('admin'), 'account.edit_self', { ownerId: 'another-user' }), false);
  assert.equal(can(principals.platform!, 'account.edit_self', { ownerId: 'another-user' }), true);
});

test('authorize throws UNAUTHENTICATED for visitors and FORBIDDEN for signed-in users', () => {
  assert.throws(() => authorize(ANONYMOUS, 'content.create', { spaceId: SPACE }), { code: 'UNAUTHENTICATED' });
  assert.throws(() => authorize(member('member'), 'content.create', { spaceId: SPACE }), { code: 'FORBIDDEN' });
  assert.doesNotThrow(() => authorize(member('editor'), 'content.create', { spaceId: SPACE }));
});
