/**
 * Discussion groups: the named groups of a space (the library's audiences) as communities of
 * practice. A group has a join policy (closed: added by administrators; open; approval: its
 * moderators accept requests), a visibility (public threads, or for its members and the space's
 * editors), members with a role (member, moderator) and a notification setting (every post,
 * new threads only, off). Threads hold Markdown posts; moderators hide posts, lock threads and
 * remove members; anyone who may read reports a post.
 *
 * Mentions: `@` followed by a member's display name, as the site shows it (see markdown.ts).
 * Notifications go through the notifications module: mentions, replies in a thread one follows
 * (writing in a thread follows it), new threads and posts per the member's group setting, and
 * join requests and their outcome.
 */
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { authorize, can, type Principal, type Target } from '../../platform/auth/policy.js';
import { hit, retryAfter, type LimitRule } from '../../platform/auth/rate-limit.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson, toJson } from '../../platform/db/json.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { parseLocale, type Locale } from '../../platform/i18n/locales.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { indexEntity, LEVEL, removeEntity, type IndexVariant } from '../../platform/search/search.js';
import { follow, followersOf, notify, registerFollowTargetType, registerNotificationCategory } from '../notifications/notifications.service.js';
import * as repo from './discussions.repository.js';
import { MAX_POST_LENGTH, mentionedIn } from './markdown.js';

export const JOIN_POLICIES = ['closed', 'open', 'approval'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];
export const VISIBILITIES = ['public', 'members'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const GROUP_ROLES = ['member', 'moderator'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const NOTIFY_SETTINGS = ['all', 'threads', 'off'] as const;
export type NotifySetting = (typeof NOTIFY_SETTINGS)[number];

/** Posts per page of a thread, threads per page of a group. */
export const POSTS_PER_PAGE = 20;
export const THREADS_PER_PAGE = 20;
export const GROUPS_PER_PAGE = 50;

/** Posts (threads and replies) per author per hour: enough for a lively discussion, not for a flood. */
export const POST_LIMIT: LimitRule = { max: 30, windowSeconds: 60 * 60, blockSeconds: 60 * 60 };

export const DISCUSSIONS_CATEGORY = 'discussions';
const THREAD = 'thread';

registerNotificationCategory({ key: DISCUSSIONS_CATEGORY, labelKey: 'disc.category', modes: ['immediate', 'daily', 'weekly', 'off'], defaultMode: 'daily' });
registerFollowTargetType({
  type: THREAD,
  async describe(db, ids) {
    const out = new Map<string, { title: string; url: string }>();
    for (const id of ids) {
      const t = await repo.findThread(db, id);
      if (t) out.set(id, { title: t.title, url: `/threads/${id}` });
    }
    return out;
  },
});

/** A group as pages and the API show it. */
export interface GroupView {
  id: string;
  spaceId: string;
  name: string;
  about: string;
  aboutText: TranslatedText;
  joinPolicy: JoinPolicy;
  visibility: Visibility;
  members: number;
  threads: number;
  /** The reader's role, null when not a member. */
  myRole: GroupRole | null;
  myNotify: NotifySetting | null;
  requested: boolean;
  canRead: boolean;
  canPost: boolean;
  canModerate: boolean;
  canManage: boolean;
}

export interface ThreadView {
  id: string;
  groupId: string;
  title: string;
  authorId: string | null;
  authorName: string | null;
  locked: boolean;
  posts: number;
  createdAt: string;
  lastPostAt: string;
}

export interface PostView {
  id: string;
  threadId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  hidden: boolean;
  createdAt: string;
}

/** Text typed by a person: NFC, no control characters but newlines and tabs, trimmed, at most `max`. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim().slice(0, max);
}

function oneOf<T extends string>(list: readonly T[], value: unknown, fallback: T): T {
  return (list as readonly string[]).includes(value as string) ? (value as T) : fallback;
}

function groupTarget(group: repo.GroupRow, m: repo.Membership | undefined): Target {
  return { spaceId: group.space_id, group: { role: m ? oneOf(GROUP_ROLES, m.role, 'member') : null, visibility: oneOf(VISIBILITIES, group.visibility, 'members') } };
}

function toGroupView(group: repo.GroupRow & { members?: number; threads?: number }, m: repo.Membership | undefined, requested: boolean, principal: Principal, locale: Locale): GroupView {
  const target = groupTarget(group, m);
  const about = fromJson<TranslatedText>(group.about, {});
  return {
    id: group.id,
    spaceId: group.space_id,
    name: group.name,
    about: textFor(about, locale, group.description ?? ''),
    aboutText: about,
    joinPolicy: oneOf(JOIN_POLICIES, group.join_policy, 'closed'),
    visibility: oneOf(VISIBILITIES, group.visibility, 'members'),
    members: group.members ?? 0,
    threads: group.threads ?? 0,
    myRole: m ? oneOf(GROUP_ROLES, m.role, 'member') : null,
    myNotify: m ? oneOf(NOTIFY_SETTINGS, m.notify, 'threads') : null,
    requested,
    canRead: can(principal, 'group.read', target),
    canPost: can(principal, 'group.post', target),
    canModerate: can(principal, 'group.moderate', target),
    canManage: can(principal, 'group.manage', { spaceId: group.space_id }),
  };
}

function toThreadView(t: repo.ThreadRow & { author_name?: string | null }): ThreadView {
  return { id: t.id, groupId: t.group_id, title: t.title, authorId: t.author_id, authorName: t.author_name ?? null, locked: t.locked === 1, posts: Number(t.post_count), createdAt: t.created_at, lastPostAt: t.last_post_at };
}

function toPostView(p: repo.PostRow & { author_name?: string | null }): PostView {
  return { id: p.id, threadId: p.thread_id, authorId: p.author_id, authorName: p.author_name ?? null, body: p.body, hidden: p.hidden_at !== null, createdAt: p.created_at };
}

/** The search rows of a thread: everyone for a public group; else its members, plus the space's editors. */
export function threadVariants(group: Pick<repo.GroupRow, 'id' | 'visibility'>, title: string, body: string): IndexVariant[] {
  // A post's language is not recorded; any language's title is shown when the page's is missing.
  const base = { title: { en: { value: title, provenance: 'human' } } as TranslatedText, body, facets: { group: [group.id] } };
  if (group.visibility === 'public') return [{ ...base, levelLo: LEVEL.visitor, levelHi: LEVEL.admin }];
  return [
    { ...base, levelLo: LEVEL.visitor, levelHi: LEVEL.member, groupIds: [group.id] },
    { ...base, levelLo: LEVEL.editor, levelHi: LEVEL.admin },
  ];
}

async function indexThread(trx: DbOrTrx, thread: repo.ThreadRow, group?: repo.GroupRow): Promise<void> {
  const g = group ?? (await repo.findGroup(trx, thread.group_id));
  if (!g) return;
  const bodies = await repo.visiblePostBodies(trx, thread.id);
  if (bodies.length === 0) return removeEntity(trx, THREAD, thread.id);
  await indexEntity(trx, { entityType: THREAD, entityId: thread.id, spaceId: g.space_id, url: `/threads/${thread.id}`, variants: threadVariants(g, thread.title, bodies.join('\n').slice(0, 50_000)) });
}

/** The threads' search indexer. */
export const DISCUSSION_INDEXERS: Indexer[] = [
  {
    entityType: THREAD,
    async reindexAll(trx) {
      let n = 0;
      for await (const rows of repo.allThreads(trx)) {
        for (const row of rows) {
          await indexThread(trx, row);
          n++;
        }
      }
      return n;
    },
  },
];

/** Input of a group's settings (space admins). */
export interface GroupInput {
  spaceId?: string;
  name?: string;
  /** Description in `locale`. */
  about?: string;
  locale?: string;
  joinPolicy?: string;
  visibility?: string;
}

export function createDiscussionsService(db: Db) {
  async function loadGroup(trx: DbOrTrx, principal: Principal, id: string) {
    const group = await repo.findGroup(trx, id);
    if (!group) throw new AppError('NOT_FOUND');
    const m = await repo.membership(trx, id, principal.userId);
    return { group, m, target: groupTarget(group, m) };
  }

  /** A group the reader may read (NOT_FOUND otherwise, so a members' group's threads stay unknown). */
  async function readable(trx: DbOrTrx, principal: Principal, id: string) {
    const loaded = await loadGroup(trx, principal, id);
    if (!can(principal, 'group.read', loaded.target)) throw new AppError(principal.userId ? 'NOT_FOUND' : 'UNAUTHENTICATED');
    return loaded;
  }

  async function threadFor(trx: DbOrTrx, principal: Principal, id: string) {
    const thread = await repo.findThread(trx, id);
    if (!thread) throw new AppError('NOT_FOUND');
    return { thread, ...(await readable(trx, principal, thread.group_id)) };
  }

  async function limitPosts(trx: DbOrTrx, userId: string): Promise<void> {
    const key = `posts:${userId}`;
    const wait = await retryAfter(trx, key);
    if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
    await hit(trx, key, POST_LIMIT);
  }

  function checkBody(body: unknown, errors: FieldError[]): string {
    const text = cleanText(body, MAX_POST_LENGTH + 1);
    if (!text) errors.push({ field: 'body', key: 'disc.error.body_required' });
    else if (text.length > MAX_POST_LENGTH) errors.push({ field: 'body', key: 'disc.error.too_long', values: { max: MAX_POST_LENGTH } });
    return text;
  }

  /** Notifies mentions, the thread's followers and the members who want every post. */
  async function notifyPost(trx: DbOrTrx, group: repo.GroupRow, thread: repo.ThreadRow, post: repo.PostRow, authorName: string, isNew: boolean): Promise<void> {
    const people = await repo.members(trx, group.id);
    const memberIds = new Set(people.map((p) => p.id));
    const mentioned = mentionedIn(post.body, people).filter((id) => id !== post.author_id);
    const subject = { type: THREAD, id: thread.id };
    const url = `/threads/${thread.id}?post=${post.id}`;
    const values = { name: authorName, thread: thread.title, group: group.name };
    const done = new Set<string>([...mentioned, post.author_id ?? '']);
    if (mentioned.length) await notify(trx, { recipients: mentioned, category: DISCUSSIONS_CATEGORY, subject, message: { key: 'disc.notif.mention', values }, url, actorId: post.author_id });
    const muted = new Set(people.filter((p) => p.notify === 'off').map((p) => p.id));
    const wanting = await repo.membersNotified(trx, group.id, isNew ? ['all', 'threads'] : ['all']);
    // Followers of a thread in a members' group must still be members to hear of it.
    const followers = isNew ? [] : (await followersOf(trx, subject)).filter((id) => group.visibility === 'public' || memberIds.has(id));
    const recipients = [...new Set([...wanting, ...followers])].filter((id) => !done.has(id) && !(muted.has(id) && !followers.includes(id)));
    if (recipients.length) {
      await notify(trx, { recipients, category: DISCUSSIONS_CATEGORY, subject, message: { key: isNew ? 'disc.notif.thread' : 'disc.notif.reply', values }, url, actorId: post.author_id });
    }
  }

  return {
    /** Groups of one space or all, with the reader's role in each. */
    async listGroups(principal: Principal, locale: Locale, spaceId: string | null, page = 1): Promise<{ items: GroupView[]; total: number }> {
      const rows = await repo.listGroups(db, spaceId, GROUPS_PER_PAGE, (page - 1) * GROUPS_PER_PAGE);
      const mine = await repo.memberships(db, rows.map((r) => r.id), principal.userId);
      return { items: rows.map((r) => toGroupView(r, mine.get(r.id), false, principal, locale)), total: await repo.countGroups(db, spaceId) };
    },

    /** One group as the reader sees it (its threads only when they may read them). */
    async getGroup(principal: Principal, locale: Locale, id: string, page = 1) {
      const { group, m } = await loadGroup(db, principal, id);
      const requested = await repo.hasRequest(db, id, principal.userId);
      const counts = { members: (await repo.members(db, id)).length, threads: await repo.countThreads(db, id) };
      const view = toGroupView({ ...group, ...counts }, m, requested, principal, locale);
      const threads = view.canRead ? (await repo.listThreads(db, id, THREADS_PER_PAGE, (page - 1) * THREADS_PER_PAGE)).map(toThreadView) : [];
      return { group: view, threads };
    },

    /** Members, pending requests and open reports of a group (its moderators). */
    async moderation(principal: Principal, id: string) {
      const { target } = await loadGroup(db, principal, id);
      authorize(principal, 'group.moderate', target);
      return { members: await repo.members(db, id), requests: await repo.requests(db, id), reports: await repo.openPostReports(db, id) };
    },

    /** Members of a group with their roles (anyone who may read it). */
    async members(principal: Principal, id: string) {
      await readable(db, principal, id);
      return (await repo.members(db, id)).map((m) => ({ id: m.id, name: m.name, role: oneOf(GROUP_ROLES, m.role, 'member') }));
    },

    /** Creates a group (space admins); its creator becomes its first moderator. */
    async createGroup(principal: Principal, input: GroupInput, actor: Actor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const spaceId = input.spaceId ?? '';
        const errors: FieldError[] = [];
        if (!spaceId || !(await trx.selectFrom('spaces').select('id').where('id', '=', spaceId).executeTakeFirst())) throw validationError([{ field: 'space', key: 'disc.error.space' }]);
        authorize(principal, 'group.manage', { spaceId });
        const name = cleanText(input.name, 201).replace(/\s+/g, ' ');
        if (!name) errors.push({ field: 'name', key: 'disc.error.name_required' });
        else if (name.length > 200) errors.push({ field: 'name', key: 'disc.error.too_long', values: { max: 200 } });
        else if (await repo.findGroupByName(trx, spaceId, name)) errors.push({ field: 'name', key: 'disc.error.name_taken' });
        const locale = parseLocale(input.locale ?? '') ?? 'en';
        const about = cleanText(input.about, 2001);
        if (about.length > 2000) errors.push({ field: 'about', key: 'disc.error.too_long', values: { max: 2000 } });
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row: repo.GroupRow = {
          id: newId(),
          space_id: spaceId,
          name,
          description: null,
          about: about ? toJson({ [locale]: { value: about, provenance: 'human' } }) : null,
          join_policy: oneOf(JOIN_POLICIES, input.joinPolicy, 'open'),
          visibility: oneOf(VISIBILITIES, input.visibility, 'public'),
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
        };
        await repo.insertGroup(trx, row);
        if (principal.userId) await repo.addMember(trx, row.id, principal.userId, 'moderator', principal.userId, now);
        await recordAudit(trx, actor, { action: 'group.create', entityType: 'group', entityId: row.id, spaceId, after: { ...row } });
        return row.id;
      });
    },

    /** Changes a group's name, description (in one language), policy or visibility (space admins). */
    async updateGroup(principal: Principal, id: string, input: GroupInput, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { group } = await loadGroup(trx, principal, id);
        authorize(principal, 'group.manage', { spaceId: group.space_id });
        const errors: FieldError[] = [];
        const name = input.name === undefined ? group.name : cleanText(input.name, 201).replace(/\s+/g, ' ');
        if (!name) errors.push({ field: 'name', key: 'disc.error.name_required' });
        else if (name.length > 200) errors.push({ field: 'name', key: 'disc.error.too_long', values: { max: 200 } });
        else {
          const other = await repo.findGroupByName(trx, group.space_id, name);
          if (other && other.id !== id) errors.push({ field: 'name', key: 'disc.error.name_taken' });
        }
        const aboutText = fromJson<TranslatedText>(group.about, {});
        if (input.about !== undefined) {
          const locale = parseLocale(input.locale ?? '') ?? 'en';
          const about = cleanText(input.about, 2001);
          if (about.length > 2000) errors.push({ field: 'about', key: 'disc.error.too_long', values: { max: 2000 } });
          if (about) aboutText[locale] = { value: about, provenance: 'human' };
          else delete aboutText[locale];
        }
        if (errors.length) throw validationError(errors);
        const patch = {
          name,
          about: Object.keys(aboutText).length ? toJson(aboutText) : null,
          join_policy: input.joinPolicy === undefined ? group.join_policy : oneOf(JOIN_POLICIES, input.joinPolicy, 'open'),
          visibility: input.visibility === undefined ? group.visibility : oneOf(VISIBILITIES, input.visibility, 'public'),
          updated_at: nowIso(),
        };
        await repo.updateGroup(trx, id, patch);
        await recordAudit(trx, actor, { action: 'group.update', entityType: 'group', entityId: id, spaceId: group.space_id, before: { ...group }, after: patch });
        // Who may find the threads changed with the visibility.
        if (patch.visibility !== group.visibility) {
          const after = { ...group, ...patch };
          for await (const rows of repo.allThreads(trx)) for (const t of rows) if (t.group_id === id) await indexThread(trx, t, after);
        }
      });
    },

    /** Joins an open group, or asks to join one by approval. Returns what happened. */
    async join(principal: Principal, id: string, message: string | undefined, actor: Actor): Promise<'joined' | 'requested' | 'already'> {
      return db.transaction().execute(async (trx) => {
        const { group, m } = await loadGroup(trx, principal, id);
        authorize(principal, 'group.join');
        const userId = principal.userId!;
        if (m) return 'already';
        const now = nowIso();
        if (group.join_policy === 'open') {
          await repo.addMember(trx, id, userId, 'member', userId, now);
          await recordAudit(trx, actor, { action: 'group.member.join', entityType: 'group', entityId: id, spaceId: group.space_id, after: { user_id: userId } });
          return 'joined';
        }
        if (group.join_policy !== 'approval') throw new AppError('FORBIDDEN');
        if (await repo.insertRequest(trx, { group_id: id, user_id: userId, message: cleanText(message, 1000) || null, created_at: now })) {
          await recordAudit(trx, actor, { action: 'group.request.create', entityType: 'group', entityId: id, spaceId: group.space_id, after: { user_id: userId } });
          const name = (await repo.userNames(trx, [userId])).get(userId) ?? '';
          await notify(trx, { recipients: await repo.moderators(trx, id), category: DISCUSSIONS_CATEGORY, subject: { type: 'group', id }, message: { key: 'disc.notif.request', values: { name, group: group.name } }, url: `/groups/${id}/moderation`, actorId: userId });
        }
        return 'requested';
      });
    },

    /** Leaves a group (the last moderator may leave too; space admins still moderate it). */
    async leave(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { group } = await loadGroup(trx, principal, id);
        authorize(principal, 'group.join');
        const userId = principal.userId!;
        const left = await repo.removeMember(trx, id, userId);
        const withdrew = await repo.deleteRequest(trx, id, userId);
        if (left || withdrew) await recordAudit(trx, actor, { action: left ? 'group.member.leave' : 'group.request.withdraw', entityType: 'group', entityId: id, spaceId: group.space_id, before: { user_id: userId } });
      });
    },

    /** Approves or refuses a request to join (moderators); the requester is told. */
    async decide(principal: Principal, id: string, userId: string, approve: boolean, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { group, target } = await loadGroup(trx, principal, id);
        authorize(principal, 'group.moderate', target);
        if (!(await repo.deleteRequest(trx, id, userId))) throw new AppError('NOT_FOUND');
        if (approve) await repo.addMember(trx, id, userId, 'member', principal.userId, nowIso());
        await recordAudit(trx, actor, { action: approve ? 'group.request.approve' : 'group.request.refuse', entityType: 'group', entityId: id, spaceId: group.space_id, after: { user_id: userId } });
        await notify(trx, { recipients: [userId], category: DISCUSSIONS_CATEGORY, subject: { type: 'group', id }, message: { key: approve ? 'disc.notif.approved' : 'disc.notif.refused', values: { group: group.name } }, url: `/groups/${id}`, actorId: principal.userId });
      });
    },

    /** Removes a member (moderators), or changes their role (space admins and moderators). */
    async setMember(principal: Principal, id: string, userId: string, change: { remove?: boolean; role?: string }, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { group, target } = await loadGroup(trx, principal, id);
        authorize(principal, 'group.moderate', target);
        const current = await repo.membership(trx, id, userId);
        if (!current) throw new AppError('NOT_FOUND');
        if (change.remove) {
          await repo.removeMember(trx, id, userId);
          await recordAudit(trx, actor, { action: 'group.member.remove', entityType: 'group', entityId: id, spaceId: group.space_id, before: { user_id: userId, role: current.role } });
          return;
        }
        const role = oneOf(GROUP_ROLES, change.role, current.role as GroupRole);
        await repo.updateMember(trx, id, userId, { role });
        await recordAudit(trx, actor, { action: 'group.member.role', entityType: 'group', entityId: id, spaceId: group.space_id, before: { user_id: userId, role: current.role }, after: { user_id: userId, role } });
      });
    },

    /** The member's own notification setting for a group. */
    async setNotify(principal: Principal, id: string, setting: string, actor: Actor): Promise<void> {
      if (!(NOTIFY_SETTINGS as readonly string[]).includes(setting)) throw validationError([{ field: 'notify', key: 'disc.error.choice' }]);
      await db.transaction().execute(async (trx) => {
        const { group, m } = await loadGroup(trx, principal, id);
        if (!m) throw new AppError('FORBIDDEN');
        await repo.updateMember(trx, id, principal.userId!, { notify: setting });
        await recordAudit(trx, actor, { action: 'group.member.notify', entityType: 'group', entityId: id, spaceId: group.space_id, before: { notify: m.notify }, after: { notify: setting } });
      });
    },

    /** Starts a thread with its first post (members). */
    async createThread(principal: Principal, groupId: string, input: { title?: string; body?: string }, actor: Actor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const { group, target } = await readable(trx, principal, groupId);
        authorize(principal, 'group.post', target);
        const errors: FieldError[] = [];
        const title = cleanText(input.title, 301).replace(/\s+/g, ' ');
        if (!title) errors.push({ field: 'title', key: 'disc.error.title_required' });
        else if (title.length > 300) errors.push({ field: 'title', key: 'disc.error.too_long', values: { max: 300 } });
        const body = checkBody(input.body, errors);
        if (errors.length) throw validationError(errors);
        const userId = principal.userId!;
        await limitPosts(trx, userId);
        const now = nowIso();
        const thread: repo.ThreadRow = { id: newId(), group_id: groupId, author_id: userId, title, locked: 0, post_count: 1, created_at: now, last_post_at: now };
        const post: repo.PostRow = { id: newId(), thread_id: thread.id, author_id: userId, body, hidden_at: null, hidden_by: null, created_at: now };
        await repo.insertThread(trx, thread);
        await repo.insertPost(trx, post);
        await recordAudit(trx, actor, { action: 'thread.create', entityType: THREAD, entityId: thread.id, spaceId: group.space_id, after: { ...thread, body } });
        await follow(trx, actor, userId, { type: THREAD, id: thread.id });
        await indexThread(trx, thread, group);
        await notifyPost(trx, group, thread, post, (await repo.userNames(trx, [userId])).get(userId) ?? '', true);
        return thread.id;
      });
    },

    /** A thread and one page of its posts; hidden posts only for moderators. */
    async getThread(principal: Principal, locale: Locale, id: string, page = 1) {
      const { thread, group, m, target } = await threadFor(db, principal, id);
      const moderator = can(principal, 'group.moderate', target);
      const total = await repo.countPosts(db, id, moderator);
      const posts = (await repo.listPosts(db, id, moderator, POSTS_PER_PAGE, (page - 1) * POSTS_PER_PAGE)).map(toPostView);
      return { thread: toThreadView(thread), group: toGroupView(group, m, false, principal, locale), posts, total };
    },

    /** The page of a thread on which a post sits (for links to a post). */
    async pageOfPost(principal: Principal, threadId: string, postId: string): Promise<number> {
      const { target } = await threadFor(db, principal, threadId);
      const moderator = can(principal, 'group.moderate', target);
      const post = await repo.findPost(db, postId);
      if (!post || post.thread_id !== threadId) return 1;
      let q = db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId).where('created_at', '<', post.created_at);
      if (!moderator) q = q.where('hidden_at', 'is', null);
      return Math.floor(Number((await q.executeTakeFirstOrThrow()).n) / POSTS_PER_PAGE) + 1;
    },

    /** Replies to a thread (members; not when locked). Returns the post id. */
    async reply(principal: Principal, threadId: string, input: { body?: string }, actor: Actor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const { thread, group, target } = await threadFor(trx, principal, threadId);
        authorize(principal, 'group.post', target);
        if (thread.locked) throw validationError([{ field: 'body', key: 'disc.error.locked' }]);
        const errors: FieldError[] = [];
        const body = checkBody(input.body, errors);
        if (errors.length) throw validationError(errors);
        const userId = principal.userId!;
        await limitPosts(trx, userId);
        const now = nowIso();
        const post: repo.PostRow = { id: newId(), thread_id: threadId, author_id: userId, body, hidden_at: null, hidden_by: null, created_at: now };
        await repo.insertPost(trx, post);
        const after = { ...thread, post_count: Number(thread.post_count) + 1, last_post_at: now };
        await repo.updateThread(trx, threadId, { post_count: after.post_count, last_post_at: now });
        await recordAudit(trx, actor, { action: 'post.create', entityType: 'post', entityId: post.id, spaceId: group.space_id, after: { ...post } });
        await notifyPost(trx, group, after, post, (await repo.userNames(trx, [userId])).get(userId) ?? '', false);
        await follow(trx, actor, userId, { type: THREAD, id: threadId });
        await indexThread(trx, after, group);
        return post.id;
      });
    },

    /** Locks or unlocks a thread (moderators). */
    async setLocked(principal: Principal, threadId: string, locked: boolean, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { thread, group, target } = await threadFor(trx, principal, threadId);
        authorize(principal, 'group.moderate', target);
        await repo.updateThread(trx, threadId, { locked: locked ? 1 : 0 });
        await recordAudit(trx, actor, { action: locked ? 'thread.lock' : 'thread.unlock', entityType: THREAD, entityId: threadId, spaceId: group.space_id, before: { locked: thread.locked }, after: { locked: locked ? 1 : 0 } });
      });
    },

    /** Hides or shows a post again (moderators); reports of it are resolved. */
    async setHidden(principal: Principal, postId: string, hidden: boolean, actor: Actor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const post = await repo.findPost(trx, postId);
        if (!post) throw new AppError('NOT_FOUND');
        const { thread, group, target } = await threadFor(trx, principal, post.thread_id);
        authorize(principal, 'group.moderate', target);
        const now = nowIso();
        await repo.setPostHidden(trx, postId, hidden ? now : null, hidden ? principal.userId : null);
        await repo.resolveReports(trx, 'post', postId, now);
        await recordAudit(trx, actor, { action: hidden ? 'post.hide' : 'post.unhide', entityType: 'post', entityId: postId, spaceId: group.space_id, before: { hidden_at: post.hidden_at }, after: { hidden_at: hidden ? now : null } });
        await indexThread(trx, thread, group);
        return thread.id;
      });
    },

    /** Reports a post to the group's moderators (anyone signed in who may read it). */
    async report(principal: Principal, postId: string, reason: string | undefined, actor: Actor): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const post = await repo.findPost(trx, postId);
        if (!post) throw new AppError('NOT_FOUND');
        const { thread, group } = await threadFor(trx, principal, post.thread_id);
        authorize(principal, 'content.report');
        const text = cleanText(reason, 1001);
        if (!text) throw validationError([{ field: 'reason', key: 'disc.error.reason_required' }]);
        if (text.length > 1000) throw validationError([{ field: 'reason', key: 'disc.error.too_long', values: { max: 1000 } }]);
        const row = { id: newId(), subject_type: 'post', subject_id: postId, reporter_id: principal.userId, reason: text, created_at: nowIso(), resolved_at: null };
        await repo.insertReport(trx, row);
        await recordAudit(trx, actor, { action: 'post.report', entityType: 'post', entityId: postId, spaceId: group.space_id, after: row });
        await notify(trx, { recipients: await repo.moderators(trx, group.id), category: DISCUSSIONS_CATEGORY, subject: { type: THREAD, id: thread.id }, message: { key: 'disc.notif.report', values: { thread: thread.title, group: group.name } }, url: `/groups/${group.id}/moderation`, actorId: principal.userId });
        return thread.id;
      });
    },
  };
}

export type DiscussionsService = ReturnType<typeof createDiscussionsService>;
