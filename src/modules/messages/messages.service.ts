/**
 * Direct messages between members, and messages to an organisation: written to its editors,
 * who answer as the organisation; nobody's email address is shown or used. A person may block a
 * sender (who is then told, neutrally, that the message cannot be sent). Sending is rate limited
 * per sender, with a lower limit for new conversations with people one has never talked to.
 */
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { authorize, type Principal } from '../../platform/auth/policy.js';
import { hit, retryAfter, type LimitRule } from '../../platform/auth/rate-limit.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson } from '../../platform/db/json.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { findOrganization, organizationEditors } from '../directory/directory.repository.js';
import { cleanText } from '../discussions/discussions.service.js';
import { notify, registerNotificationCategory } from '../notifications/notifications.service.js';
import * as repo from './messages.repository.js';

/** Messages per sender per hour. */
export const MESSAGE_LIMIT: LimitRule = { max: 20, windowSeconds: 60 * 60, blockSeconds: 60 * 60 };
/** New conversations with strangers (people or organisations never written to) per sender per hour. */
export const FIRST_CONTACT_LIMIT: LimitRule = { max: 5, windowSeconds: 60 * 60, blockSeconds: 60 * 60 };
export const MAX_MESSAGE_LENGTH = 5000;
export const MESSAGES_PER_PAGE = 30;
export const CONVERSATIONS_PER_PAGE = 30;
export const MESSAGES_CATEGORY = 'messages';

registerNotificationCategory({ key: MESSAGES_CATEGORY, labelKey: 'msg.category', modes: ['immediate', 'daily', 'weekly', 'off'], defaultMode: 'immediate' });

export interface ConversationSummary {
  id: string;
  /** Who the reader is talking to: people's names, or the organisation's name. */
  title: string;
  subject: string | null;
  organizationId: string | null;
  lastMessageAt: string;
  unread: number;
}

export interface MessageView {
  id: string;
  senderId: string | null;
  /** As the reader should see the sender: a name, or "organisation (name)". */
  senderLabel: string;
  mine: boolean;
  body: string;
  createdAt: string;
}

function checkBody(body: unknown): string {
  const text = cleanText(body, MAX_MESSAGE_LENGTH + 1);
  if (!text) throw validationError([{ field: 'body', key: 'msg.error.body_required' }]);
  if (text.length > MAX_MESSAGE_LENGTH) throw validationError([{ field: 'body', key: 'msg.error.too_long', values: { max: MAX_MESSAGE_LENGTH } }]);
  return text;
}

/** The neutral refusal shown when the recipient blocked the sender (or cannot receive). */
function cannotSend(): AppError {
  return validationError([{ field: 'body', key: 'msg.error.cannot_send' }]);
}

async function orgName(db: DbOrTrx, id: string | null, locale: Locale): Promise<string> {
  if (!id) return '';
  const org = await findOrganization(db, id);
  return org ? textFor(fromJson<TranslatedText>(org.name, {}), locale) : '';
}

export function createMessagesService(db: Db) {
  /** Counts a message against the sender's limits; RATE_LIMITED when over. */
  async function limit(trx: DbOrTrx, senderId: string, firstContact: boolean): Promise<void> {
    const keys: [string, LimitRule][] = [[`msg:${senderId}`, MESSAGE_LIMIT]];
    if (firstContact) keys.push([`msg-new:${senderId}`, FIRST_CONTACT_LIMIT]);
    for (const [key] of keys) {
      const wait = await retryAfter(trx, key);
      if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
    }
    for (const [key, rule] of keys) await hit(trx, key, rule);
  }

  async function send(trx: DbOrTrx, conversation: repo.ConversationRow, senderId: string, body: string, actor: Actor, recipients: string[], locale: Locale): Promise<string> {
    const row: repo.MessageRow = { id: newId(), conversation_id: conversation.id, sender_id: senderId, body, created_at: nowIso() };
    await repo.insertMessage(trx, row);
    await repo.markRead(trx, conversation.id, senderId, row.created_at);
    await recordAudit(trx, actor, { action: 'message.send', entityType: 'conversation', entityId: conversation.id, after: { id: row.id, sender_id: senderId, recipients: recipients.length, length: body.length } });
    const parts = await repo.participants(trx, conversation.id);
    const me = parts.find((p) => p.user_id === senderId);
    const name = me?.side === 'organization' ? await orgName(trx, conversation.organization_id, locale) : (me?.name ?? '');
    await notify(trx, { recipients, category: MESSAGES_CATEGORY, subject: { type: 'conversation', id: conversation.id }, message: { key: 'msg.notif.new', values: { name } }, url: `/messages/${conversation.id}`, actorId: senderId });
    return row.id;
  }

  async function forParticipant(trx: DbOrTrx, principal: Principal, id: string) {
    authorize(principal, 'message.send');
    const conversation = await repo.findConversation(trx, id);
    if (!conversation) throw new AppError('NOT_FOUND');
    const parts = await repo.participants(trx, id);
    const me = parts.find((p) => p.user_id === principal.userId);
    if (!me) throw new AppError('NOT_FOUND');
    return { conversation, parts, me };
  }

  return {
    /** Writes to a member: in the conversation the two already have, or a new one. */
    async writeTo(principal: Principal, toUserId: string, input: { body?: string; subject?: string }, actor: Actor, locale: Locale): Promise<string> {
      authorize(principal, 'message.send');
      const senderId = principal.userId!;
      const body = checkBody(input.body);
      return db.transaction().execute(async (trx) => {
        const to = await repo.findUser(trx, toUserId);
        if (!to || to.status !== 'active') throw new AppError('NOT_FOUND');
        if (to.id === senderId || (await repo.isBlocked(trx, to.id, senderId))) throw cannotSend();
        let conversation = await repo.directConversation(trx, senderId, to.id);
        await limit(trx, senderId, !conversation && !(await repo.haveTalked(trx, senderId, to.id)));
        if (!conversation) {
          const now = nowIso();
          conversation = { id: newId(), organization_id: null, subject: cleanText(input.subject, 300) || null, created_by: senderId, created_at: now, last_message_at: now };
          await repo.insertConversation(trx, conversation, [
            { user_id: senderId, side: 'person' },
            { user_id: to.id, side: 'person' },
          ]);
          await recordAudit(trx, actor, { action: 'conversation.create', entityType: 'conversation', entityId: conversation.id, after: { ...conversation, with: to.id } });
        }
        await send(trx, conversation, senderId, body, actor, [to.id], locale);
        return conversation.id;
      });
    },

    /** Writes to an organisation: delivered to its editors, whose addresses stay private. */
    async contactOrganization(principal: Principal, organizationId: string, input: { body?: string; subject?: string }, actor: Actor, locale: Locale): Promise<string> {
      authorize(principal, 'message.send');
      const senderId = principal.userId!;
      const body = checkBody(input.body);
      return db.transaction().execute(async (trx) => {
        const org = await findOrganization(trx, organizationId);
        if (!org || org.status !== 'published' || org.merged_into) throw new AppError('NOT_FOUND');
        const editors = (await organizationEditors(trx, organizationId)).filter((id) => id !== senderId);
        const blockers = await repo.blockersOf(trx, editors, senderId);
        const recipients = editors.filter((id) => !blockers.has(id));
        if (recipients.length === 0) throw cannotSend();
        await limit(trx, senderId, true);
        const now = nowIso();
        const conversation: repo.ConversationRow = { id: newId(), organization_id: organizationId, subject: cleanText(input.subject, 300) || null, created_by: senderId, created_at: now, last_message_at: now };
        await repo.insertConversation(trx, conversation, [{ user_id: senderId, side: 'person' }, ...recipients.map((user_id) => ({ user_id, side: 'organization' }))]);
        await recordAudit(trx, actor, { action: 'conversation.create', entityType: 'conversation', entityId: conversation.id, after: { ...conversation, organization_id: organizationId } });
        await send(trx, conversation, senderId, body, actor, recipients, locale);
        return conversation.id;
      });
    },

    /** Answers in a conversation one takes part in. */
    async reply(principal: Principal, conversationId: string, input: { body?: string }, actor: Actor, locale: Locale): Promise<string> {
      const body = checkBody(input.body);
      return db.transaction().execute(async (trx) => {
        const { conversation, parts, me } = await forParticipant(trx, principal, conversationId);
        // The other side receives it (for an organisation: its editors, or the person who wrote);
        // colleagues on the organisation's side are told too.
        const others = parts.filter((p) => p.user_id !== me.user_id);
        const otherSide = conversation.organization_id ? others.filter((p) => p.side !== me.side) : others;
        const blockers = await repo.blockersOf(trx, otherSide.map((p) => p.user_id), me.user_id);
        const recipients = otherSide.filter((p) => p.status === 'active' && !blockers.has(p.user_id)).map((p) => p.user_id);
        if (recipients.length === 0) throw cannotSend();
        await limit(trx, me.user_id, false);
        const colleagues = conversation.organization_id ? others.filter((p) => p.side === me.side).map((p) => p.user_id) : [];
        await send(trx, conversation, me.user_id, body, actor, [...recipients, ...colleagues], locale);
        return conversation.id;
      });
    },

    /** The reader's conversations with unread counts. */
    async inbox(principal: Principal, locale: Locale, page = 1): Promise<ConversationSummary[]> {
      authorize(principal, 'message.send');
      const rows = await repo.inbox(db, principal.userId!, CONVERSATIONS_PER_PAGE, (page - 1) * CONVERSATIONS_PER_PAGE);
      const out: ConversationSummary[] = [];
      for (const r of rows) {
        let title: string;
        if (r.organization_id && r.side === 'person') title = await orgName(db, r.organization_id, locale);
        else title = (await repo.participants(db, r.id)).filter((p) => p.user_id !== principal.userId && p.side === 'person').map((p) => p.name).join(', ');
        out.push({ id: r.id, title, subject: r.subject, organizationId: r.organization_id, lastMessageAt: r.last_message_at, unread: r.unread });
      }
      return out;
    },

    async unreadCount(userId: string): Promise<number> {
      return repo.unreadTotal(db, userId);
    },

    /**
     * A conversation with one page of messages (the newest page by default). Opening it marks
     * it read: a reading mark is not a change of content, so it is not audited.
     */
    async open(principal: Principal, locale: Locale, id: string, page?: number) {
      const { conversation, parts, me } = await forParticipant(db, principal, id);
      const total = await repo.countMessages(db, id);
      const pages = Math.max(1, Math.ceil(total / MESSAGES_PER_PAGE));
      const current = Math.min(Math.max(1, page ?? pages), pages);
      const org = await orgName(db, conversation.organization_id, locale);
      const sideOf = new Map(parts.map((p) => [p.user_id, p.side]));
      const rows = await repo.messagesOf(db, id, MESSAGES_PER_PAGE, (current - 1) * MESSAGES_PER_PAGE);
      const messages: MessageView[] = rows.map((m) => ({
        id: m.id,
        senderId: m.sender_id,
        senderLabel: sideOf.get(m.sender_id ?? '') === 'organization' && org ? `${org} (${m.sender_name ?? ''})` : (m.sender_name ?? ''),
        mine: m.sender_id === principal.userId,
        body: m.body,
        createdAt: m.created_at,
      }));
      await repo.markRead(db, id, me.user_id, nowIso());
      const others = parts.filter((p) => p.user_id !== me.user_id && (me.side === 'organization' ? p.side === 'person' : true));
      const title = me.side === 'person' && org ? org : others.filter((p) => p.side === 'person').map((p) => p.name).join(', ');
      return {
        id,
        title,
        subject: conversation.subject,
        organizationId: conversation.organization_id,
        // People the reader might block (the other side's people).
        others: others.filter((p) => me.side === 'organization' || p.side === 'person' || !conversation.organization_id).map((p) => ({ id: p.user_id, name: p.name })),
        messages,
        page: current,
        pages,
        total,
      };
    },

    /** Blocks or unblocks a user for the reader. */
    async setBlocked(principal: Principal, userId: string, blocked: boolean, actor: Actor): Promise<void> {
      authorize(principal, 'message.send');
      await db.transaction().execute(async (trx) => {
        const user = await repo.findUser(trx, userId);
        if (!user || user.id === principal.userId) throw new AppError('NOT_FOUND');
        const changed = blocked ? await repo.block(trx, principal.userId!, userId, nowIso()) : await repo.unblock(trx, principal.userId!, userId);
        if (changed) await recordAudit(trx, actor, { action: blocked ? 'user.block' : 'user.unblock', entityType: 'user', entityId: userId, after: { by: principal.userId } });
      });
    },

    async blocks(principal: Principal) {
      authorize(principal, 'message.send');
      return repo.blockedBy(db, principal.userId!);
    },

    async isBlocked(principal: Principal, userId: string): Promise<boolean> {
      return !!principal.userId && repo.isBlocked(db, principal.userId, userId);
    },

    /** Reports a message received (for the platform's administrators, through the audit log and reports). */
    async report(principal: Principal, messageId: string, reason: string | undefined, actor: Actor): Promise<string> {
      authorize(principal, 'content.report');
      return db.transaction().execute(async (trx) => {
        const message = await repo.findMessage(trx, messageId);
        if (!message) throw new AppError('NOT_FOUND');
        await forParticipant(trx, principal, message.conversation_id);
        const text = cleanText(reason, 1001);
        if (!text) throw validationError([{ field: 'reason', key: 'disc.error.reason_required' }]);
        if (text.length > 1000) throw validationError([{ field: 'reason', key: 'msg.error.too_long', values: { max: 1000 } }]);
        const row = { id: newId(), subject_type: 'message', subject_id: messageId, reporter_id: principal.userId, reason: text, created_at: nowIso(), resolved_at: null };
        await repo.insertReport(trx, row);
        await recordAudit(trx, actor, { action: 'message.report', entityType: 'message', entityId: messageId, after: { ...row, sender_id: message.sender_id, body: message.body } });
        return message.conversation_id;
      });
    },

    /** Open reports of messages (platform administrators: conversations cross every space). */
    async openReports(principal: Principal) {
      authorize(principal, 'platform.users.manage');
      return repo.openMessageReports(db);
    },

    /** Marks a report of a message dealt with. */
    async resolveReport(principal: Principal, id: string, actor: Actor): Promise<void> {
      authorize(principal, 'platform.users.manage');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.resolveReport(trx, id, nowIso()))) throw new AppError('NOT_FOUND');
        await recordAudit(trx, actor, { action: 'message.report.resolve', entityType: 'content_report', entityId: id });
      });
    },

    async userName(id: string): Promise<string | null> {
      const u = await repo.findUser(db, id);
      return u && u.status === 'active' ? u.display_name : null;
    },

    async organizationName(id: string, locale: Locale): Promise<string | null> {
      return (await orgName(db, id, locale)) || null;
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
