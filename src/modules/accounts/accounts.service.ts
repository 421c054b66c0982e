/**
 * Accounts: registration with email verification, invitations, sign-in with rate limits and
 * back-off, password reset, profile, sessions and API tokens. No HTTP and no SQL here.
 */
import type { Config } from '../../config.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../../platform/auth/passwords.js';
import { ANONYMOUS, authorize, type Principal, type SpaceRole } from '../../platform/auth/policy.js';
import * as limits from '../../platform/auth/rate-limit.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { LOCALES, localeSegment, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/messages.js';
import { newId, nowIso, randomToken, sha256 } from '../../platform/ids.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { findSpaceById, rolesOfUser, setRole } from '../spaces/spaces.service.js';
import { groupIdsOfUser } from '../library/library.repository.js';
import * as repo from './accounts.repository.js';

/** What the accounts service needs from its surroundings. */
export interface AccountsDeps {
  db: Db;
  config: Pick<Config, 'baseUrl'>;
}

/** A signed-in user as pages and handlers see it. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  locale: Locale | null;
  isPlatformAdmin: boolean;
}

/** Session lifetime: 30 days, extended while the user is active. */
export const SESSION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;
const VERIFY_HOURS = 48;
const RESET_HOURS = 2;
const INVITE_DAYS = 14;

/** Lower-cases and trims an email; null if it is not plausibly an address. */
export function normaliseEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.normalize('NFC').trim().toLowerCase();
  // Deliberately loose (RFC 5321 allows much); the verification email is the real check.
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
  return email;
}

function passwordErrors(field: string, password: unknown): FieldError[] {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    return [{ field, key: 'validation.password_short', values: { min: MIN_PASSWORD_LENGTH } }];
  }
  if (password.length > MAX_PASSWORD_LENGTH) return [{ field, key: 'validation.too_long', values: { max: MAX_PASSWORD_LENGTH } }];
  return [];
}

function displayNameErrors(name: unknown): FieldError[] {
  if (typeof name !== 'string' || name.trim().length === 0) return [{ field: 'displayName', key: 'validation.required' }];
  if (name.trim().length > 100) return [{ field: 'displayName', key: 'validation.too_long', values: { max: 100 } }];
  return [];
}

/** A new user row; names are stored in NFC, timestamps now. */
function newUserRow(fields: {
  email: string;
  displayName: string;
  passwordHash: string | null;
  locale: string | null;
  verified: boolean;
  platformAdmin?: boolean;
}): repo.UserRow {
  const now = nowIso();
  return {
    id: newId(),
    email: fields.email,
    email_verified_at: fields.verified ? now : null,
    password_hash: fields.passwordHash,
    display_name: fields.displayName.normalize('NFC').trim(),
    locale: fields.locale,
    is_platform_admin: fields.platformAdmin ? 1 : 0,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
}

function toCurrentUser(row: repo.UserRow): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: parseLocale(row.locale),
    isPlatformAdmin: row.is_platform_admin === 1,
  };
}

function publicUser(row: repo.UserRow): Record<string, unknown> {
  const { password_hash: _omit, ...rest } = row;
  return rest;
}

/** Builds the principal (roles per space) for a user. */
export async function principalFor(db: DbOrTrx, user: CurrentUser | null): Promise<Principal> {
  if (!user) return ANONYMOUS;
  return { userId: user.id, isPlatformAdmin: user.isPlatformAdmin, roles: await rolesOfUser(db, user.id), groups: new Set(await groupIdsOfUser(db, user.id)) };
}

/** The accounts service bound to its dependencies. */
export function createAccountsService(deps: AccountsDeps) {
  const { db, config } = deps;

  function link(locale: Locale, path: string): string {
    return `${config.baseUrl}/${localeSegment(locale)}${path}`;
  }

  async function createEmailToken(
    trx: DbOrTrx,
    purpose: 'verify' | 'reset' | 'invite',
    email: string,
    userId: string | null,
    hours: number,
    extra: { spaceId?: string; role?: string; createdBy?: string } = {},
  ): Promise<string> {
    const token = randomToken(32);
    const now = new Date();
    await repo.insertEmailToken(trx, {
      id: sha256(token),
      purpose,
      email,
      user_id: userId,
      space_id: extra.spaceId ?? null,
      role: extra.role ?? null,
      created_by: extra.createdBy ?? null,
      created_at: nowIso(now),
      expires_at: nowIso(new Date(now.getTime() + hours * 60 * 60 * 1000)),
      used_at: null,
    });
    return token;
  }

  async function sendVerification(trx: DbOrTrx, user: repo.UserRow, locale: Locale): Promise<void> {
    const token = await createEmailToken(trx, 'verify', user.email, user.id, VERIFY_HOURS);
    const { t } = translator(locale);
    await enqueueMail(trx, {
      to: user.email,
      subject: t('mail.verify.subject'),
      text: t('mail.verify.body', { name: user.display_name, link: link(locale, `/verify?token=${token}`), hours: VERIFY_HOURS }),
    });
  }

  /** Consumes a one-time email token of `purpose`; GONE when expired or already used. */
  async function consumeToken(trx: DbOrTrx, token: unknown, purpose: 'verify' | 'reset' | 'invite'): Promise<repo.EmailTokenRow> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new AppError('GONE');
    const row = await repo.findEmailToken(trx, sha256(token));
    const now = nowIso();
    if (!row || row.purpose !== purpose || row.used_at || row.expires_at <= now) throw new AppError('GONE');
    if (!(await repo.useEmailToken(trx, row.id, now))) throw new AppError('GONE');
    return row;
  }

  async function peekToken(token: unknown, purpose: 'reset' | 'invite'): Promise<repo.EmailTokenRow> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new AppError('GONE');
    const row = await repo.findEmailToken(db, sha256(token));
    if (!row || row.purpose !== purpose || row.used_at || row.expires_at <= nowIso()) throw new AppError('GONE');
    return row;
  }

  return {
    /** How many accounts exist (0 → the setup page is shown). */
    countUsers: () => repo.countUsers(db),

    /**
     * Registers a new account and emails a verification link. The account cannot sign in
     * until the address is verified.
     */
    async register(
      input: { email: unknown; password: unknown; displayName: unknown; locale: Locale },
      actor: Actor,
      ip: string,
    ): Promise<CurrentUser> {
      const email = normaliseEmail(input.email);
      const errors: FieldError[] = [];
      if (!email) errors.push({ field: 'email', key: 'validation.email' });
      errors.push(...displayNameErrors(input.displayName), ...passwordErrors('password', input.password));
      if (errors.length) throw validationError(errors);
      const wait = await limits.retryAfter(db, `register:ip:${ip}`);
      if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
      await limits.hit(db, `register:ip:${ip}`, limits.LIMITS.emailIp);
      if (await repo.findUserByEmail(db, email!)) throw validationError([{ field: 'email', key: 'error.email_taken' }]);
      const passwordHash = await hashPassword(input.password as string);
      const row = newUserRow({ email: email!, displayName: input.displayName as string, passwordHash, locale: input.locale, verified: false });
      await db.transaction().execute(async (trx) => {
        await repo.insertUser(trx, row);
        await recordAudit(trx, { ...actor, userId: row.id, label: row.email }, {
          action: 'user.register',
          entityType: 'user',
          entityId: row.id,
          after: publicUser(row),
        });
        await sendVerification(trx, row, input.locale);
      });
      return toCurrentUser(row);
    },

    /** Marks the address of a verification link as verified. */
    async verifyEmail(token: unknown, actor: Actor): Promise<CurrentUser> {
      return db.transaction().execute(async (trx) => {
        const row = await consumeToken(trx, token, 'verify');
        const user = row.user_id ? await repo.findUserById(trx, row.user_id) : undefined;
        if (!user || user.email !== row.email) throw new AppError('GONE');
        if (!user.email_verified_at) {
          const now = nowIso();
          await repo.updateUser(trx, user.id, { email_verified_at: now, updated_at: now });
          await recordAudit(trx, { ...actor, userId: user.id, label: user.email }, {
            action: 'user.verify_email',
            entityType: 'user',
            entityId: user.id,
            before: { email_verified_at: null },
            after: { email_verified_at: now },
          });
        }
        return toCurrentUser(user);
      });
    },

    /** Sends a new verification link (same answer whether or not the account exists). */
    async resendVerification(emailInput: unknown, locale: Locale, ip: string): Promise<void> {
      const email = normaliseEmail(emailInput);
      if (!email) throw validationError([{ field: 'email', key: 'validation.email' }]);
      await this.guardEmailSending(email, ip);
      const user = await repo.findUserByEmail(db, email);
      if (!user || user.email_verified_at || user.status !== 'active') return;
      await db.transaction().execute((trx) => sendVerification(trx, user, parseLocale(user.locale) ?? locale));
    },

    /** Rate-limits emails per address and per IP (reset and verification requests). */
    async guardEmailSending(email: string, ip: string): Promise<void> {
      const wait = Math.max(await limits.retryAfter(db, `email:ip:${ip}`), await limits.retryAfter(db, `email:to:${email}`));
      if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
      await limits.hit(db, `email:ip:${ip}`, limits.LIMITS.emailIp);
      await limits.hit(db, `email:to:${email}`, limits.LIMITS.emailAddress);
    },

    /**
     * Checks email and password. Failures are counted per account (exponential back-off) and
     * per IP; a blocked caller gets RATE_LIMITED with the seconds to wait.
     */
    async authenticate(emailInput: unknown, password: unknown, ip: string): Promise<CurrentUser> {
      const email = normaliseEmail(emailInput);
      const errors: FieldError[] = [];
      if (!email) errors.push({ field: 'email', key: 'validation.email' });
      if (typeof password !== 'string' || password.length === 0) errors.push({ field: 'password', key: 'validation.required' });
      if (errors.length) throw validationError(errors);
      const ipKey = `login:ip:${ip}`;
      const accountKey = `login:acct:${email}`;
      const wait = Math.max(await limits.retryAfter(db, ipKey), await limits.retryAfter(db, accountKey));
      if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: wait });
      const user = await repo.findUserByEmail(db, email!);
      const ok = await verifyPassword(user?.password_hash ?? null, (password as string).slice(0, MAX_PASSWORD_LENGTH));
      if (!ok || !user || user.status !== 'active') {
        const blockedIp = await limits.hit(db, ipKey, limits.LIMITS.loginIp);
        const blockedAccount = await limits.hit(db, accountKey, limits.LIMITS.loginAccount, true);
        const seconds = Math.max(blockedIp, blockedAccount);
        if (seconds > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: seconds });
        throw validationError([{ field: 'password', key: 'auth.invalid_credentials' }]);
      }
      if (!user.email_verified_at) throw validationError([{ field: 'email', key: 'auth.unverified' }]);
      await limits.clear(db, accountKey);
      return toCurrentUser(user);
    },

    /** Opens a session for a user; returns the cookie value (only its hash is stored). */
    async openSession(user: CurrentUser, meta: { ip: string; userAgent: string | null }, actor: Actor): Promise<string> {
      const token = randomToken(32);
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await repo.insertSession(trx, {
          id: sha256(token),
          user_id: user.id,
          created_at: nowIso(now),
          last_seen_at: nowIso(now),
          expires_at: nowIso(new Date(now.getTime() + SESSION_DAYS * DAY)),
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
          ip: meta.ip,
        });
        await recordAudit(trx, { ...actor, userId: user.id, label: user.email }, {
          action: 'session.open',
          entityType: 'user',
          entityId: user.id,
        });
        if (Math.random() < 0.05) await repo.deleteExpiredSessions(trx, nowIso(now));
      });
      return token;
    },

    /** Resolves a session cookie to its user, sliding the expiry at most every 10 minutes. */
    async userForSession(token: string | undefined): Promise<{ user: CurrentUser; sessionId: string } | null> {
      if (!token || token.length > 100) return null;
      const id = sha256(token);
      const now = new Date();
      const found = await repo.findLiveSession(db, id, nowIso(now));
      if (!found) return null;
      if (now.getTime() - Date.parse(found.session.last_seen_at) > 10 * 60 * 1000) {
        await repo.touchSession(db, id, nowIso(now), nowIso(new Date(now.getTime() + SESSION_DAYS * DAY)));
      }
      return { user: toCurrentUser(found.user), sessionId: id };
    },

    /** Ends a session (sign-out). */
    async closeSession(sessionId: string, user: CurrentUser, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, sessionId);
        await recordAudit(trx, actor, { action: 'session.close', entityType: 'user', entityId: user.id });
      });
    },

    /** Emails a reset link if the account exists; the answer never reveals whether it does. */
    async requestPasswordReset(emailInput: unknown, locale: Locale, ip: string): Promise<void> {
      const email = normaliseEmail(emailInput);
      if (!email) throw validationError([{ field: 'email', key: 'validation.email' }]);
      await this.guardEmailSending(email, ip);
      const user = await repo.findUserByEmail(db, email);
      if (!user || user.status !== 'active') return;
      const userLocale = parseLocale(user.locale) ?? locale;
      await db.transaction().execute(async (trx) => {
        const token = await createEmailToken(trx, 'reset', email, user.id, RESET_HOURS);
        const { t } = translator(userLocale);
        await enqueueMail(trx, {
          to: email,
          subject: t('mail.reset.subject'),
          text: t('mail.reset.body', { name: user.display_name, link: link(userLocale, `/reset?token=${token}`), hours: RESET_HOURS }),
        });
      });
    },

    /** Checks a reset link before showing its form. */
    async checkResetToken(token: unknown): Promise<void> {
      await peekToken(token, 'reset');
    },

    /** Sets a new password from a reset link; every session of the user ends. */
    async resetPassword(token: unknown, password: unknown, actor: Actor): Promise<CurrentUser> {
      const errors = passwordErrors('password', password);
      if (errors.length) throw validationError(errors);
      const hash = await hashPassword(password as string);
      return db.transaction().execute(async (trx) => {
        const row = await consumeToken(trx, token, 'reset');
        const user = row.user_id ? await repo.findUserById(trx, row.user_id) : undefined;
        if (!user) throw new AppError('GONE');
        const now = nowIso();
        // The link reached the mailbox, so the address is proven too.
        await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: now, email_verified_at: user.email_verified_at ?? now });
        await repo.deleteUserSessions(trx, user.id);
        await recordAudit(trx, { ...actor, userId: user.id, label: user.email }, {
          action: 'user.reset_password',
          entityType: 'user',
          entityId: user.id,
        });
        return toCurrentUser(user);
      });
    },

    /** Changes the password of the signed-in user, ending their other sessions. */
    async changePassword(user: CurrentUser, sessionId: string, current: unknown, next: unknown, actor: Actor): Promise<void> {
      const row = await repo.findUserById(db, user.id);
      if (!row) throw new AppError('UNAUTHENTICATED');
      const errors = passwordErrors('newPassword', next);
      const ok = typeof current === 'string' && (await verifyPassword(row.password_hash, current));
      if (!ok) errors.unshift({ field: 'currentPassword', key: 'auth.wrong_password' });
      if (errors.length) throw validationError(errors);
      const hash = await hashPassword(next as string);
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: nowIso() });
        await repo.deleteUserSessions(trx, user.id, sessionId);
        await recordAudit(trx, actor, { action: 'user.change_password', entityType: 'user', entityId: user.id });
      });
    },

    /** Updates display name and preferred language. */
    async updateProfile(user: CurrentUser, input: { displayName: unknown; locale: unknown }, actor: Actor): Promise<CurrentUser> {
      const errors = displayNameErrors(input.displayName);
      const locale = input.locale === '' || input.locale === undefined ? null : parseLocale(String(input.locale));
      if (input.locale && !locale) errors.push({ field: 'locale', key: 'validation.choice' });
      if (errors.length) throw validationError(errors);
      return db.transaction().execute(async (trx) => {
        const before = await repo.findUserById(trx, user.id);
        if (!before) throw new AppError('UNAUTHENTICATED');
        const patch = { display_name: (input.displayName as string).normalize('NFC').trim(), locale, updated_at: nowIso() };
        await repo.updateUser(trx, user.id, patch);
        await recordAudit(trx, actor, {
          action: 'user.update_profile',
          entityType: 'user',
          entityId: user.id,
          before: { display_name: before.display_name, locale: before.locale },
          after: { display_name: patch.display_name, locale: patch.locale },
        });
        return { ...user, displayName: patch.display_name, locale };
      });
    },

    /**
     * Creates a platform administrator (setup page, `mosaic admin create`). The address is
     * taken as verified: the operator typed it. An existing account is promoted instead.
     */
    async createPlatformAdmin(input: { email: unknown; password: unknown; displayName?: unknown; locale?: Locale }, actor: Actor): Promise<CurrentUser> {
      const email = normaliseEmail(input.email);
      const displayName = typeof input.displayName === 'string' && input.displayName.trim() ? input.displayName : email?.split('@')[0];
      const errors: FieldError[] = [];
      if (!email) errors.push({ field: 'email', key: 'validation.email' });
      errors.push(...displayNameErrors(displayName), ...passwordErrors('password', input.password));
      if (errors.length) throw validationError(errors);
      const hash = await hashPassword(input.password as string);
      return db.transaction().execute(async (trx) => {
        const existing = await repo.findUserByEmail(trx, email!);
        const now = nowIso();
        if (existing) {
          await repo.updateUser(trx, existing.id, { is_platform_admin: 1, password_hash: hash, email_verified_at: existing.email_verified_at ?? now, updated_at: now });
          await recordAudit(trx, actor, {
            action: 'user.promote_platform_admin',
            entityType: 'user',
            entityId: existing.id,
            before: { is_platform_admin: existing.is_platform_admin },
            after: { is_platform_admin: 1 },
          });
          return { ...toCurrentUser(existing), isPlatformAdmin: true };
        }
        const row = newUserRow({ email: email!, displayName: String(displayName), passwordHash: hash, locale: input.locale ?? null, verified: true, platformAdmin: true });
        await repo.insertUser(trx, row);
        await recordAudit(trx, actor, { action: 'user.create_platform_admin', entityType: 'user', entityId: row.id, after: publicUser(row) });
        return toCurrentUser(row);
      });
    },

    /** Sets a new password for an account from the CLI (`mosaic user reset-password`). */
    async setPasswordByEmail(emailInput: unknown, password: unknown, actor: Actor): Promise<void> {
      const email = normaliseEmail(emailInput);
      if (!email) throw validationError([{ field: 'email', key: 'validation.email' }]);
      const errors = passwordErrors('password', password);
      if (errors.length) throw validationError(errors);
      const user = await repo.findUserByEmail(db, email);
      if (!user) throw new AppError('NOT_FOUND');
      const hash = await hashPassword(password as string);
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: nowIso() });
        await repo.deleteUserSessions(trx, user.id);
        await recordAudit(trx, actor, { action: 'user.reset_password', entityType: 'user', entityId: user.id });
      });
    },

    /** Invites someone by email to a space with a role (space admins). */
    async invite(principal: Principal, input: { email: unknown; spaceId: string; role: unknown; locale: Locale }, actor: Actor): Promise<void> {
      authorize(principal, 'space.invite', { spaceId: input.spaceId });
      const email = normaliseEmail(input.email);
      const errors: FieldError[] = [];
      if (!email) errors.push({ field: 'email', key: 'validation.email' });
      const role = String(input.role ?? '') as SpaceRole;
      if (!['member', 'editor', 'admin'].includes(role)) errors.push({ field: 'role', key: 'validation.choice' });
      if (errors.length) throw validationError(errors);
      const space = await findSpaceById(db, input.spaceId);
      if (!space) throw new AppError('NOT_FOUND');
      await db.transaction().execute(async (trx) => {
        const token = await createEmailToken(trx, 'invite', email!, null, INVITE_DAYS * 24, {
          spaceId: space.id,
          role,
          createdBy: principal.userId ?? undefined,
        });
        const { t } = translator(input.locale);
        const spaceName = space.name[input.locale]?.value ?? space.name.en?.value ?? space.code;
        await enqueueMail(trx, {
          to: email!,
          subject: t('mail.invite.subject', { space: spaceName }),
          text: t('mail.invite.body', {
            inviter: actor.label,
            space: spaceName,
            role: t(`role.${role}`),
            link: link(input.locale, `/invitation?token=${token}`),
            days: INVITE_DAYS,
          }),
        });
        await recordAudit(trx, actor, {
          action: 'invitation.create',
          entityType: 'invitation',
          entityId: null,
          spaceId: space.id,
          after: { email, role },
        });
      });
    },

    /** Looks at an invitation link: the email it is for and whether that account exists. */
    async inspectInvitation(token: unknown): Promise<{ email: string; role: string; spaceId: string; accountExists: boolean }> {
      const row = await peekToken(token, 'invite');
      const user = await repo.findUserByEmail(db, row.email);
      return { email: row.email, role: row.role ?? 'member', spaceId: row.space_id ?? '', accountExists: Boolean(user) };
    },

    /**
     * Accepts an invitation: creates the account (verified: the link reached the mailbox) or,
     * for an existing account, just adds the role.
     */
    async acceptInvitation(token: unknown, input: { displayName?: unknown; password?: unknown; locale: Locale }, actor: Actor): Promise<CurrentUser> {
      const peek = await peekToken(token, 'invite');
      const existing = await repo.findUserByEmail(db, peek.email);
      let hash: string | null = null;
      if (!existing) {
        const errors = [...displayNameErrors(input.displayName), ...passwordErrors('password', input.password)];
        if (errors.length) throw validationError(errors);
        hash = await hashPassword(input.password as string);
      }
      return db.transaction().execute(async (trx) => {
        const row = await consumeToken(trx, token, 'invite');
        let user = existing;
        if (!user) {
          user = newUserRow({ email: row.email, displayName: String(input.displayName), passwordHash: hash, locale: input.locale, verified: true });
          await repo.insertUser(trx, user);
          await recordAudit(trx, { ...actor, userId: user.id, label: user.email }, {
            action: 'user.accept_invitation',
            entityType: 'user',
            entityId: user.id,
            spaceId: row.space_id,
            after: publicUser(user),
          });
        }
        if (row.space_id && row.role) {
          await setRole(trx, { ...actor, userId: user.id, label: user.email }, null, row.space_id, user.id, row.role);
        }
        return toCurrentUser(user);
      });
    },

    /** Pending invitations the principal may see. */
    async pendingInvitations(principal: Principal) {
      const spaceIds = principal.isPlatformAdmin
        ? null
        : [...principal.roles.entries()].filter(([, r]) => r === 'admin').map(([id]) => id);
      return repo.listPendingInvitations(db, spaceIds, nowIso());
    },

    /** Creates an API token; the returned token is shown once and never stored in clear. */
    async createApiToken(user: CurrentUser, nameInput: unknown, actor: Actor): Promise<{ id: string; token: string; name: string }> {
      const name = typeof nameInput === 'string' ? nameInput.normalize('NFC').trim() : '';
      if (!name) throw validationError([{ field: 'name', key: 'validation.required' }]);
      if (name.length > 100) throw validationError([{ field: 'name', key: 'validation.too_long', values: { max: 100 } }]);
      const token = `mos_${randomToken(30)}`;
      const row: repo.ApiTokenRow = {
        id: newId(),
        user_id: user.id,
        name,
        token_hash: sha256(token),
        prefix: token.slice(0, 10),
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertApiToken(trx, row);
        await recordAudit(trx, actor, { action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { name, prefix: row.prefix } });
      });
      return { id: row.id, token, name };
    },

    /** The user's API tokens (never the tokens themselves). */
    async listApiTokens(user: CurrentUser) {
      return (await repo.listApiTokens(db, user.id)).map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }));
    },

    /** Revokes one of the user's tokens; NOT_FOUND if it is not theirs or already revoked. */
    async revokeApiToken(user: CurrentUser, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await repo.revokeApiToken(trx, user.id, id, nowIso());
        if (!row) throw new AppError('NOT_FOUND');
        await recordAudit(trx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: id, before: { name: row.name, prefix: row.prefix } });
      });
    },

    /** Resolves a bearer token; INVALID_TOKEN when malformed, unknown or revoked. */
    async userForApiToken(token: string): Promise<CurrentUser> {
      if (!/^mos_[A-Za-z0-9_-]{20,60}$/.test(token)) throw new AppError('INVALID_TOKEN');
      const row = await repo.findApiTokenByHash(db, sha256(token));
      if (!row || row.revoked_at) throw new AppError('INVALID_TOKEN');
      const user = await repo.findUserById(db, row.user_id);
      if (!user || user.status !== 'active') throw new AppError('INVALID_TOKEN');
      const now = new Date();
      // Record use at most once a minute: enough for "last used", without a write per request.
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) await repo.touchApiToken(db, row.id, nowIso(now));
      return toCurrentUser(user);
    },

    /** Users for the platform admin list. */
    async listUsers(principal: Principal, query: string, page: number) {
      authorize(principal, 'platform.users.manage');
      const size = 50;
      const { rows, total } = await repo.listUsers(db, query.trim(), size, (page - 1) * size);
      return { total, users: rows.map(toCurrentUser), pageSize: size };
    },

    /**
     * Creates a verified account without a password (demo data, imports) unless the address
     * already has one; runs inside the caller's transaction.
     */
    async ensureUser(trx: DbOrTrx, input: { email: string; displayName: string; locale: string | null }, actor: Actor): Promise<{ id: string; created: boolean }> {
      const email = normaliseEmail(input.email);
      if (!email) throw validationError([{ field: 'email', key: 'validation.email' }]);
      const existing = await repo.findUserByEmail(trx, email);
      if (existing) return { id: existing.id, created: false };
      const row = newUserRow({ email, displayName: input.displayName, passwordHash: null, locale: parseLocale(input.locale), verified: true });
      await repo.insertUser(trx, row);
      await recordAudit(trx, actor, { action: 'user.create', entityType: 'user', entityId: row.id, after: publicUser(row) });
      return { id: row.id, created: true };
    },

    /** Finds a user by id (to write to them from another module); pass the open transaction if any. */
    async findById(id: string, trx: DbOrTrx = db): Promise<CurrentUser | null> {
      const row = await repo.findUserById(trx, id);
      return row ? toCurrentUser(row) : null;
    },

    /** Finds a user by email (CLI, admin pages). */
    async findByEmail(emailInput: unknown): Promise<CurrentUser | null> {
      const email = normaliseEmail(emailInput);
      if (!email) return null;
      const row = await repo.findUserByEmail(db, email);
      return row ? toCurrentUser(row) : null;
    },
  };
}

/** The accounts service type. */
export type AccountsService = ReturnType<typeof createAccountsService>;

/** All supported locales, re-exported for the profile form. */
export const PROFILE_LOCALES = LOCALES;
