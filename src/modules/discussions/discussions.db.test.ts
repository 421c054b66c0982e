import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { ANONYMOUS, type Principal } from '../../platform/auth/policy.js';
import type { AppError } from '../../platform/http/errors.js';
import { search } from '../../platform/search/search.js';
import { createAccountsService } from '../accounts/accounts.service.js';
import { addOrganizationEditor } from '../directory/directory.repository.js';
import { createDirectoryService } from '../directory/directory.service.js';
import { createMessagesService, FIRST_CONTACT_LIMIT, MESSAGE_LIMIT } from '../messages/messages.service.js';
import { getSpace } from '../spaces/spaces.service.js';
import { createDiscussionsService, DISCUSSION_INDEXERS, POST_LIMIT, POSTS_PER_PAGE } from './discussions.service.js';

let tdb: TestDatabase;
let disc: ReturnType<typeof createDiscussionsService>;
let msgs: ReturnType<typeof createMessagesService>;
const actor = { userId: null, label: 'test' };
const space: Record<string, string> = {};
const users: Record<string, string> = {};
const p: Record<string, Principal> = {};

async function withGroups(name: string): Promise<Principal> {
  const base = p[name]!;
  const rows = await tdb.handle.db.selectFrom('group_members').select('group_id').where('user_id', '=', base.userId!).execute();
  return { ...base, groups: new Set(rows.map((r) => r.group_id)) };
}

async function notes(name: string) {
  return tdb.handle.db.selectFrom('notifications').select(['message_key', 'url']).where('user_id', '=', users[name]!).orderBy('created_at').execute();
}

before(async () => {
  tdb = await createTestDatabase();
  const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
  disc = createDiscussionsService(tdb.handle.db);
  msgs = createMessagesService(tdb.handle.db);
  for (const code of ['LA', 'UZ', 'RW']) space[code] = (await getSpace(tdb.handle.db, code)).id;
  const names: Record<string, string> = { admin: 'Admin', kham: 'Kham Phoumy', khamla: 'Kham', anna: 'Anna Lee', outsider: 'Outsider', editor: 'Editor', spammer: 'Spammer' };
  for (const [u, display] of Object.entries(names)) {
    const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${u}@example.org`, displayName: display, locale: 'en' }, actor));
    users[u] = id;
    p[u] = { userId: id, isPlatformAdmin: false, roles: new Map([[space.LA!, u === 'admin' ? 'admin' : u === 'editor' ? 'editor' : 'member']]) };
  }
  p.outsider = { userId: users.outsider!, isPlatformAdmin: false, roles: new Map() };
});
after(async () => tdb.cleanup());

describe('groups and threads', () => {
  let open: string;
  let closed: string;
  let thread: string;

  test('space admins create groups; members may not', async () => {
    open = await disc.createGroup(p.admin!, { spaceId: space.LA, name: 'Weavers of Luang Prabang', about: 'ຊ່າງຕ່ຳແຜ່ນ', locale: 'lo', joinPolicy: 'open', visibility: 'public' }, actor);
    closed = await disc.createGroup(p.admin!, { spaceId: space.LA, name: 'Film commission', about: 'Permits', locale: 'en', joinPolicy: 'approval', visibility: 'members' }, actor);
    await assert.rejects(disc.createGroup(p.kham!, { spaceId: space.LA, name: 'Mine' }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(disc.createGroup(p.admin!, { spaceId: space.LA, name: 'Weavers of Luang Prabang' }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'disc.error.name_taken');
    const { group } = await disc.getGroup(ANONYMOUS, 'lo', open);
    assert.equal(group.about, 'ຊ່າງຕ່ຳແຜ່ນ');
    assert.equal(group.canRead, true);
    assert.equal(group.canPost, false);
    const audit = await tdb.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', open).execute();
    assert.ok(audit.some((a) => a.action === 'group.create'));
  });

  test('an open group is joined at once; an approval group waits for a moderator, who is notified, and the requester is told', async () => {
    assert.equal(await disc.join(p.kham!, open, undefined, actor), 'joined');
    assert.equal(await disc.join(p.anna!, open, undefined, actor), 'joined');
    assert.equal(await disc.join(p.khamla!, open, undefined, actor), 'joined');
    assert.equal(await disc.join(p.kham!, closed, 'I make films', actor), 'requested');
    assert.ok((await notes('admin')).some((n) => n.message_key === 'disc.notif.request'));
    await assert.rejects(disc.decide(p.anna!, closed, users.kham!, true, actor), { code: 'FORBIDDEN' });
    await disc.decide(p.admin!, closed, users.kham!, true, actor);
    assert.ok((await notes('kham')).some((n) => n.message_key === 'disc.notif.approved'));
    assert.equal(await disc.join(p.anna!, closed, undefined, actor), 'requested');
    await disc.decide(p.admin!, closed, users.anna!, false, actor);
    assert.ok((await notes('anna')).some((n) => n.message_key === 'disc.notif.refused'));
  });

  test('members post threads and replies; mentions and settings feed notifications', async () => {
    await disc.setNotify(p.anna!, open, 'all', actor);
    await assert.rejects(disc.createThread(p.outsider!, open, { title: 'x', body: 'y' }, actor), { code: 'FORBIDDEN' });
    await assert.rejects(disc.createThread(p.kham!, open, { title: ' ', body: '' }, actor), (e: AppError) => e.code === 'VALIDATION' && e.options.fields!.length === 2);
    thread = await disc.createThread(p.kham!, open, { title: 'Natural dyes', body: 'Where do you buy **indigo**? See /library/x' }, actor);
    // Anna wants every post; Kham (the other) only threads by default.
    assert.ok((await notes('anna')).some((n) => n.message_key === 'disc.notif.thread'));
    assert.ok((await notes('khamla')).some((n) => n.message_key === 'disc.notif.thread'));
    await disc.reply(p.anna!, thread, { body: 'Ask @Kham Phoumy, or @kham.' }, actor);
    const kham = await notes('kham');
    assert.equal(kham.filter((n) => n.message_key === 'disc.notif.mention').length, 1, 'the longest name wins; one notification');
    assert.ok((await notes('khamla')).some((n) => n.message_key === 'disc.notif.mention'));
    // Kham follows the thread he started: Anna's next reply reaches him as a reply.
    await disc.reply(p.anna!, thread, { body: 'Also the market.' }, actor);
    assert.ok((await notes('kham')).some((n) => n.message_key === 'disc.notif.reply'));
  });

  test('a hidden post is gone for members and kept for moderators; a locked thread refuses replies', async () => {
    const post = (await disc.getThread(p.kham!, 'en', thread)).posts[1]!;
    await disc.report(p.kham!, post.id, 'Rude', actor);
    assert.equal((await disc.moderation(p.admin!, open)).reports.length, 1);
    await assert.rejects(disc.setHidden(p.kham!, post.id, true, actor), { code: 'FORBIDDEN' });
    await disc.setHidden(p.admin!, post.id, true, actor);
    assert.equal((await disc.getThread(p.kham!, 'en', thread)).posts.some((x) => x.id === post.id), false);
    const seen = (await disc.getThread(p.admin!, 'en', thread)).posts.find((x) => x.id === post.id);
    assert.equal(seen?.hidden, true);
    assert.equal((await disc.moderation(p.admin!, open)).reports.length, 0);
    await disc.setLocked(p.admin!, thread, true, actor);
    await assert.rejects(disc.reply(p.kham!, thread, { body: 'hello' }, actor), (e: AppError) => e.options.fields?.[0]?.key === 'disc.error.locked');
    await disc.setLocked(p.admin!, thread, false, actor);
  });

  test('a members-only group: threads readable and searchable only by its members and the space editors', async () => {
    const secret = await disc.createThread(await withGroups('kham'), closed, { title: 'Location permits', body: 'Shooting near Vang Vieng' }, actor);
    await assert.rejects(disc.getThread(p.anna!, 'en', secret), { code: 'NOT_FOUND' });
    await assert.rejects(disc.getThread(ANONYMOUS, 'en', secret), { code: 'UNAUTHENTICATED' });
    const found = async (who: Principal) => (await search(tdb.handle.db, { q: 'Vang Vieng', reader: who, types: ['thread'], filters: {}, facets: [], limit: 10, offset: 0 })).items.map((i) => i.entityId);
    assert.deepEqual(await found(await withGroups('kham')), [secret]);
    assert.deepEqual(await found(await withGroups('anna')), []);
    assert.deepEqual(await found(ANONYMOUS), []);
    assert.deepEqual(await found(p.editor!), [secret]);
    // Public group threads are found by anyone.
    assert.ok((await found(ANONYMOUS)).length === 0);
    const pub = (await search(tdb.handle.db, { q: 'indigo', reader: ANONYMOUS, types: ['thread'], filters: {}, facets: [], limit: 10, offset: 0 })).items.map((i) => i.entityId);
    assert.deepEqual(pub, [thread]);
    // A rebuild gives the same rows.
    await tdb.handle.db.transaction().execute((trx) => DISCUSSION_INDEXERS[0]!.reindexAll(trx));
    assert.deepEqual(await found(await withGroups('anna')), []);
    assert.deepEqual(await found(await withGroups('kham')), [secret]);
  });

  test('moderators remove members, who then lose access; pages of a long thread', async () => {
    await disc.setMember(p.admin!, closed, users.kham!, { remove: true }, actor);
    await assert.rejects(disc.createThread(p.kham!, closed, { title: 'x', body: 'y' }, actor), { code: 'NOT_FOUND' });
    const long = await disc.createThread(p.anna!, open, { title: 'Long', body: 'first' }, actor);
    for (let i = 0; i < POSTS_PER_PAGE + 2; i++) await disc.reply(p.khamla!, long, { body: `reply ${i}` }, actor);
    const page2 = await disc.getThread(p.anna!, 'en', long, 2);
    assert.equal(page2.total, POSTS_PER_PAGE + 3);
    assert.equal(page2.posts.length, 3);
  });

  test('posting is rate limited per author', async () => {
    const t = await disc.createThread(p.admin!, open, { title: 'Limits', body: 'x' }, actor);
    let limited = false;
    for (let i = 0; i < POST_LIMIT.max + 1 && !limited; i++) {
      try {
        await disc.reply(p.admin!, t, { body: `n ${i}` }, actor);
      } catch (e) {
        limited = (e as AppError).code === 'RATE_LIMITED';
      }
    }
    assert.ok(limited);
  });
});

describe('messages', () => {
  test('members write to each other; unread counts; replies; the inbox', async () => {
    const c = await msgs.writeTo(p.kham!, users.anna!, { body: 'Sabaidee!' }, actor, 'en');
    assert.equal(await msgs.unreadCount(users.anna!), 1);
    const inbox = await msgs.inbox(p.anna!, 'en');
    assert.equal(inbox[0]!.title, 'Kham Phoumy');
    assert.equal(inbox[0]!.unread, 1);
    const opened = await msgs.open(p.anna!, 'en', c);
    assert.equal(opened.messages[0]!.body, 'Sabaidee!');
    assert.equal(await msgs.unreadCount(users.anna!), 0);
    await msgs.reply(p.anna!, c, { body: 'Hello' }, actor, 'en');
    assert.equal(await msgs.writeTo(p.kham!, users.anna!, { body: 'again' }, actor, 'en'), c, 'one conversation between two people');
    assert.ok((await notes('anna')).some((n) => n.message_key === 'msg.notif.new'));
    await assert.rejects(msgs.open(p.outsider!, 'en', c), { code: 'NOT_FOUND' });
  });

  test('a blocked sender cannot write, and is told neutrally', async () => {
    await msgs.setBlocked(p.anna!, users.outsider!, true, actor);
    await assert.rejects(msgs.writeTo(p.outsider!, users.anna!, { body: 'hi' }, actor, 'en'), (e: AppError) => e.options.fields?.[0]?.key === 'msg.error.cannot_send');
    await msgs.setBlocked(p.anna!, users.outsider!, false, actor);
    await msgs.writeTo(p.outsider!, users.anna!, { body: 'hi' }, actor, 'en');
  });

  test('writing to an organisation reaches its editors without their addresses; their answer goes back', async () => {
    const dir = createDirectoryService({ db: tdb.handle.db, config: { baseUrl: 'http://x' }, accounts: createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } }) });
    const org = await dir.createOrganization(p.admin!, space.LA!, { name: { en: 'Lao Textile Museum' }, type: 'civil_society' }, actor);
    await tdb.handle.db.transaction().execute((trx) => addOrganizationEditor(trx, org.id, users.editor!, new Date().toISOString()));
    const c = await msgs.contactOrganization(p.outsider!, org.id, { body: 'Opening hours?' }, actor, 'en');
    const seenByEditor = await msgs.open(p.editor!, 'en', c);
    assert.equal(seenByEditor.title, 'Outsider');
    await msgs.reply(p.editor!, c, { body: 'Nine to five.' }, actor, 'en');
    const seenBySender = await msgs.open(p.outsider!, 'en', c);
    assert.equal(seenBySender.title, 'Lao Textile Museum');
    assert.match(seenBySender.messages[1]!.senderLabel, /^Lao Textile Museum/);
    assert.ok(!JSON.stringify(seenBySender).includes('@example.org'));
  });

  test('flooding is refused: a low limit for strangers, a higher one for everyone', async () => {
    const strangers: string[] = [];
    const accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://x' } });
    for (let i = 0; i <= FIRST_CONTACT_LIMIT.max; i++) {
      const { id } = await tdb.handle.db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `s${i}@example.org`, displayName: `S${i}`, locale: 'en' }, actor));
      strangers.push(id);
    }
    for (let i = 0; i < FIRST_CONTACT_LIMIT.max; i++) await msgs.writeTo(p.spammer!, strangers[i]!, { body: 'Buy now' }, actor, 'en');
    await assert.rejects(msgs.writeTo(p.spammer!, strangers[FIRST_CONTACT_LIMIT.max]!, { body: 'Buy now' }, actor, 'en'), { code: 'RATE_LIMITED' });
    // To someone already talked to, the general limit applies.
    let limited = false;
    for (let i = 0; i < MESSAGE_LIMIT.max + 1 && !limited; i++) {
      try {
        await msgs.writeTo(p.spammer!, strangers[0]!, { body: `again ${i}` }, actor, 'en');
      } catch (e) {
        limited = (e as AppError).code === 'RATE_LIMITED';
      }
    }
    assert.ok(limited);
  });
});
