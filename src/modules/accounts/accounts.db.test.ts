import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { listAudit } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/http/errors.js';
import { sha256 } from '../../platform/ids.js';
import { createAccountsService, type AccountsService } from './accounts.service.js';

const actor = { userId: null, label: 'test', ip: '203.0.113.9' };
let tdb: TestDatabase;
let accounts: AccountsService;

before(async () => {
  tdb = await createTestDatabase();
  accounts = createAccountsService({ db: tdb.handle.db, config: { baseUrl: 'http://localhost:3000' } });
});
after(async () => tdb.cleanup());

/** The token in the last email sent to `email`. */
async function tokenFromOutbox(email: string): Promise<string> {
  const mail = await tdb.handle.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text_body);
  assert.ok(match, mail.text_body);
  return match[1]!;
}

describe('registration and verification', () => {
  test('a new account must verify its email before signing in', async () => {
    const user = await accounts.register({ email: '  Noy.Weaver@Example.org ', password: 'silk-and-indigo-2026', displayName: 'ນ້ອຍ', locale: 'lo' }, actor, '198.51.100.1');
    assert.equal(user.email, 'noy.weaver@example.org');
    await assert.rejects(accounts.authenticate('noy.weaver@example.org', 'silk-and-indigo-2026', '198.51.100.1'), (e: AppError) => e.options.fields?.[0]?.key === 'auth.unverified');
    const mail = await tdb.handle.db.selectFrom('outbox').selectAll().where('to_address', '=', user.email).executeTakeFirstOrThrow();
    // The email is in the user's language (Lao) and carries a link with the Lao prefix.
    assert.match(mail.text_body, /http:\/\/localhost:3000\/lo\/verify\?token=/);
    const token = await tokenFromOutbox(user.email);
    await accounts.verifyEmail(token, actor);
    const signedIn = await accounts.authenticate('NOY.WEAVER@example.org', 'silk-and-indigo-2026', '198.51.100.1');
    assert.equal(signedIn.id, user.id);
    // A verification link works once.
    await assert.rejects(accounts.verifyEmail(token, actor), { code: 'GONE' });
  });

  test('invalid input is reported field by field', async () => {
    await assert.rejects(
      accounts.register({ email: 'not-an-email', password: 'short', displayName: '  ', locale: 'en' }, actor, '198.51.100.2'),
      (e: AppError) => {
        assert.equal(e.code, 'VALIDATION');
        assert.deepEqual(e.options.fields?.map((f) => f.field).sort(), ['displayName', 'email', 'password']);
        return true;
      },
    );
  });

  test('registering an address twice is refused on the email field', async () => {
    await accounts.register({ email: 'twice@example.org', password: 'a-long-password-1', displayName: 'One', locale: 'en' }, actor, '198.51.100.3');
    await assert.rejects(
      accounts.register({ email: 'TWICE@example.org', password: 'a-long-password-2', displayName: 'Two', locale: 'en' }, actor, '198.51.100.3'),
      (e: AppError) => e.options.fields?.[0]?.field === 'email' && e.options.fields[0].key === 'error.email_taken',
    );
  });

  test('registration writes an audit row without the password hash', async () => {
    const user = await accounts.register({ email: 'audited@example.org', password: 'a-long-password-3', displayName: 'Audited', locale: 'fr' }, actor, '198.51.100.4');
    const { rows } = await listAudit(tdb.handle.db, { entityId: user.id, action: 'user.register', limit: 5, offset: 0 });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.after?.email, 'audited@example.org');
    assert.equal(rows[0]!.after?.password_hash, undefined);
    assert.equal(JSON.stringify(rows[0]).includes('argon2'), false);
  });
});

describe('sign-in limits', () => {
  test('after five wrong passwords the account backs off with a wait time', async () => {
    const admin = await accounts.createPlatformAdmin({ email: 'target@example.org', password: 'correct horse battery', displayName: 'T' }, actor);
    assert.ok(admin.isPlatformAdmin);
    for (let i = 1; i <= 4; i++) {
      await assert.rejects(accounts.authenticate('target@example.org', `wrong-${i}`, `192.0.2.${i}`), { code: 'VALIDATION' });
    }
    await assert.rejects(accounts.authenticate('target@example.org', 'wrong-5', '192.0.2.5'), (e: AppError) => e.code === 'RATE_LIMITED' && e.options.retryAfterSeconds === 30);
    // Even the right password waits until the back-off ends.
    await assert.rejects(accounts.authenticate('target@example.org', 'correct horse battery', '192.0.2.6'), { code: 'RATE_LIMITED' });
  });

  test('many failures from one IP block that IP for every account', async () => {
    const ip = '192.0.2.200';
    let limited = false;
    for (let i = 0; i < 31 && !limited; i++) {
      try {
        await accounts.authenticate(`nobody${i}@example.org`, 'whatever-password', ip);
      } catch (e) {
        limited = (e as AppError).code === 'RATE_LIMITED';
      }
    }
    assert.ok(limited, 'the IP was never limited');
  });
});

describe('sessions, passwords and tokens', () => {
  test('a session resolves to its user and ends at sign-out; only its hash is stored', async () => {
    const user = await accounts.createPlatformAdmin({ email: 'sess@example.org', password: 'session-password-1', displayName: 'S' }, actor);
    const token = await accounts.openSession(user, { ip: '127.0.0.1', userAgent: 'test' }, actor);
    const found = await accounts.userForSession(token);
    assert.equal(found?.user.id, user.id);
    const stored = await tdb.handle.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    assert.deepEqual(stored.map((s) => s.id), [sha256(token)]);
    await accounts.closeSession(found!.sessionId, user, actor);
    assert.equal(await accounts.userForSession(token), null);
    assert.equal(await accounts.userForSession('forged-token'), null);
  });

  test('a password reset link sets a new password once and ends every session', async () => {
    const user = await accounts.createPlatformAdmin({ email: 'reset@example.org', password: 'old-password-123', displayName: 'R' }, actor);
    const session = await accounts.openSession(user, { ip: '127.0.0.1', userAgent: null }, actor);
    await accounts.requestPasswordReset('reset@example.org', 'en', '198.51.100.10');
    const token = await tokenFromOutbox('reset@example.org');
    await accounts.checkResetToken(token);
    await assert.rejects(accounts.resetPassword(token, 'short', actor), { code: 'VALIDATION' });
    await accounts.resetPassword(token, 'new-password-456', actor);
    assert.equal(await accounts.userForSession(session), null);
    await accounts.authenticate('reset@example.org', 'new-password-456', '198.51.100.10');
    await assert.rejects(accounts.resetPassword(token, 'another-password-789', actor), { code: 'GONE' });
  });

  test('a reset request for an unknown address sends nothing and says nothing', async () => {
    const before = await tdb.handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await accounts.requestPasswordReset('ghost@example.org', 'en', '198.51.100.11');
    const after = await tdb.handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('API tokens are shown once, stored hashed, listed with last use and revocable', async () => {
    const user = await accounts.createPlatformAdmin({ email: 'tokens@example.org', password: 'token-password-1', displayName: 'K' }, actor);
    const created = await accounts.createApiToken(user, 'statistics export', actor);
    assert.match(created.token, /^mos_[A-Za-z0-9_-]{40}$/);
    const row = await tdb.handle.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, sha256(created.token));
    assert.equal(JSON.stringify(row).includes(created.token), false);
    assert.equal((await accounts.userForApiToken(created.token)).id, user.id);
    const [listed] = await accounts.listApiTokens(user);
    assert.equal(listed?.name, 'statistics export');
    assert.ok(listed?.lastUsedAt);
    await accounts.revokeApiToken(user, created.id, actor);
    await assert.rejects(accounts.userForApiToken(created.token), { code: 'INVALID_TOKEN' });
    await assert.rejects(accounts.userForApiToken('mos_garbage'), { code: 'INVALID_TOKEN' });
    await assert.rejects(accounts.revokeApiToken(user, created.id, actor), { code: 'NOT_FOUND' });
  });

  test('profile changes are saved and audited with before/after', async () => {
    const user = await accounts.createPlatformAdmin({ email: 'profile@example.org', password: 'profile-password-1', displayName: 'Before' }, actor);
    const updated = await accounts.updateProfile(user, { displayName: 'Ўзбек Номи', locale: 'uz-cyrl' }, actor);
    assert.equal(updated.locale, 'uz-Cyrl');
    const { rows } = await listAudit(tdb.handle.db, { entityId: user.id, action: 'user.update_profile', limit: 5, offset: 0 });
    assert.deepEqual(rows[0]?.before, { display_name: 'Before', locale: null });
    assert.deepEqual(rows[0]?.after, { display_name: 'Ўзбек Номи', locale: 'uz-Cyrl' });
    await assert.rejects(accounts.updateProfile(user, { displayName: 'x', locale: 'klingon' }, actor), { code: 'VALIDATION' });
  });
});

describe('audit atomicity', () => {
  test('a change that rolls back leaves no audit row', async () => {
    const user = await accounts.createPlatformAdmin({ email: 'atomic@example.org', password: 'atomic-password-1', displayName: 'A' }, actor);
    const before = await listAudit(tdb.handle.db, { entityId: user.id, limit: 100, offset: 0 });
    // Revoking a token that is not the user's fails inside the transaction after nothing was written.
    await assert.rejects(accounts.revokeApiToken(user, 'no-such-token', actor), { code: 'NOT_FOUND' });
    await assert.rejects(
      tdb.handle.db.transaction().execute(async (trx) => {
        const { recordAudit } = await import('../../platform/audit/audit.js');
        await recordAudit(trx, actor, { action: 'test.rollback', entityType: 'user', entityId: user.id });
        throw new Error('fail after audit');
      }),
    );
    const afterRows = await listAudit(tdb.handle.db, { entityId: user.id, limit: 100, offset: 0 });
    assert.equal(afterRows.total, before.total);
  });
});
