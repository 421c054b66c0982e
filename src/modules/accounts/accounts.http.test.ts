import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../../../test/helpers/app.js';
import { firstLink, startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { createTransport, deliverDueMail } from '../../platform/mail/outbox.js';

let t: TestApp;
let smtp: TestSmtp;
const actor = { userId: null, label: 'test' };

before(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
});
after(async () => {
  await t.close();
  await smtp.close();
});

/** Sends whatever is in the outbox to the in-process SMTP server. */
async function flushMail() {
  await deliverDueMail(t.app.mosaic.db, createTransport(smtp.url), t.config.mailFrom);
}

/** A relative URL from a link in an email. */
function pathOf(link: string): string {
  const u = new URL(link);
  return u.pathname + u.search;
}

describe('registration, verification and sign-in through the pages', () => {
  test('the full flow works with plain forms and real email', async () => {
    const browser = new Client(t.app, { 'accept-language': 'fr' });
    const res = await browser.submit('/register', { displayName: 'Jean-Paul Niyonzima', email: 'jp@example.org', password: 'imigongo-art-2026' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /jp@example\.org/);
    await flushMail();
    const mail = await smtp.waitFor((m) => m.to.includes('jp@example.org'));
    assert.match(mail.subject, /Mosaic/);
    assert.notEqual(mail.subject, 'Confirm your email address for Mosaic', 'the email is in French, the language of registration');
    const verify = await browser.get(pathOf(firstLink(mail.text)));
    assert.equal(verify.statusCode, 303);
    assert.match(String(verify.headers.location), /\/login\?verified=1$/);
    const login = await browser.submit('/login', { email: 'JP@example.org', password: 'imigongo-art-2026', next: '/account' });
    assert.equal(login.statusCode, 303);
    const session = login.cookies.find((c) => c.name === 'mosaic_session');
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const account = await browser.get(String(login.headers.location));
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Jean-Paul Niyonzima/);
    // Sign out ends the session on the server too.
    const page = await browser.get('/account');
    const out = await browser.post('/logout', { _csrf: csrfFrom(page.body) });
    assert.equal(out.statusCode, 303);
    assert.equal((await browser.get('/account')).statusCode, 303, 'signed out: /account redirects to sign-in');
    assert.equal(await t.app.mosaic.accounts.userForSession(session.value), null);
  });

  test('a rejected registration comes back with field errors and the typed values (never the password)', async () => {
    const browser = new Client(t.app);
    const res = await browser.submit('/register', { displayName: 'Ипак Йўли', email: 'not-an-address', password: 'short' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /value="Ипак Йўли"/);
    assert.match(res.body, /value="not-an-address"/);
    assert.doesNotMatch(res.body, /value="short"/);
    assert.match(res.body, /aria-invalid="true"/);
    assert.match(res.body, /href="#f-email"/);
  });

  test('a failed sign-in keeps the typed email and says why, in the reader’s language', async () => {
    const browser = new Client(t.app, { 'accept-language': 'ru' });
    const res = await browser.submit('/login', { email: 'root@example.org', password: 'wrong-password' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<html lang="ru"/);
    assert.match(res.body, /value="root@example\.org"/);
    assert.doesNotMatch(res.body, /value="wrong-password"/);
  });

  test('a form without a CSRF token is refused with 403 and nothing happens', async () => {
    const browser = new Client(t.app);
    await browser.get('/register');
    const res = await browser.post('/register', { displayName: 'X', email: 'csrf@example.org', password: 'long-enough-password' });
    assert.equal(res.statusCode, 403);
    assert.equal(await t.app.mosaic.accounts.findByEmail('csrf@example.org'), null);
    const forged = await browser.post('/register', { displayName: 'X', email: 'csrf@example.org', password: 'long-enough-password', _csrf: 'forged' });
    assert.equal(forged.statusCode, 403);
  });

  test('repeated wrong passwords get 429 with Retry-After, and the form keeps the email', async () => {
    await t.app.mosaic.accounts.createPlatformAdmin({ email: 'victim@example.org', password: 'victim-password-1', displayName: 'V' }, actor);
    const browser = new Client(t.app);
    let last;
    for (let i = 0; i < 5; i++) last = await browser.submit('/login', { email: 'victim@example.org', password: `guess-${i}` });
    assert.equal(last!.statusCode, 429);
    assert.equal(last!.headers['retry-after'], '30');
    assert.match(last!.body, /value="victim@example\.org"/);
  });

  test('signing in rotates the session: a cookie from before is not the one after', async () => {
    const browser = new Client(t.app);
    await browser.submit('/login', { email: 'root@example.org', password: 'root-password-123' });
    const first = browser.cookies.get('mosaic_session');
    // Signing in again while signed in (e.g. another account on a shared computer) replaces the session.
    const page = await browser.get('/account');
    await browser.post('/login', { email: 'root@example.org', password: 'root-password-123', _csrf: csrfFrom(page.body) });
    const second = browser.cookies.get('mosaic_session');
    assert.ok(first && second && first !== second);
    assert.equal(await t.app.mosaic.accounts.userForSession(first), null);
  });
});

describe('password reset by email', () => {
  test('forgot → email → new password → sign in with it', async () => {
    await t.app.mosaic.accounts.createPlatformAdmin({ email: 'forgetful@example.org', password: 'forgotten-password', displayName: 'F', locale: 'lo' }, actor);
    const browser = new Client(t.app);
    const sent = await browser.submit('/password/forgot', { email: 'forgetful@example.org' });
    assert.equal(sent.statusCode, 200);
    await flushMail();
    const mail = await smtp.waitFor((m) => m.to.includes('forgetful@example.org'));
    const link = pathOf(firstLink(mail.text));
    assert.match(link, /^\/lo\/reset\?token=/, 'the link is in the account’s language');
    const form = await browser.get(link);
    assert.equal(form.statusCode, 200);
    const token = new URL(firstLink(mail.text)).searchParams.get('token')!;
    const done = await browser.post('/reset', { token, password: 'a-brand-new-password', _csrf: csrfFrom(form.body) });
    assert.equal(done.statusCode, 303);
    const login = await browser.submit('/login', { email: 'forgetful@example.org', password: 'a-brand-new-password' });
    assert.equal(login.statusCode, 303);
    const reused = await browser.get(link);
    assert.equal(reused.statusCode, 410);
  });

  test('an unknown address gets the same answer and no email', async () => {
    const before = smtp.messages.length;
    const res = await new Client(t.app).submit('/password/forgot', { email: 'nobody@example.org' });
    assert.equal(res.statusCode, 200);
    await flushMail();
    assert.equal(smtp.messages.length, before);
  });
});

describe('profile and API tokens', () => {
  test('the profile saves name and preferred language, and the next page is in that language', async () => {
    const browser = new Client(t.app);
    await t.app.mosaic.accounts.createPlatformAdmin({ email: 'prof@example.org', password: 'profile-password-9', displayName: 'P' }, actor);
    await browser.submit('/login', { email: 'prof@example.org', password: 'profile-password-9' });
    const saved = await browser.submit('/account', { displayName: 'Claudine Mukamana', locale: 'rw' });
    assert.equal(saved.statusCode, 303);
    assert.match(String(saved.headers.location), /^\/rw\/account/);
    const page = await browser.get(String(saved.headers.location));
    assert.match(page.body, /<html lang="rw"/);
    assert.match(page.body, /Claudine Mukamana/);
    const bad = await browser.submit('/account', { displayName: '', locale: 'xx' });
    assert.equal(bad.statusCode, 400);
  });

  test('changing the password needs the current one and keeps the current session', async () => {
    const browser = new Client(t.app);
    await t.app.mosaic.accounts.createPlatformAdmin({ email: 'pw@example.org', password: 'first-password-1', displayName: 'W' }, actor);
    await browser.submit('/login', { email: 'pw@example.org', password: 'first-password-1' });
    const wrong = await browser.submit('/account', { currentPassword: 'nope', newPassword: 'second-password-2' }, '/account/password');
    assert.equal(wrong.statusCode, 400);
    const ok = await browser.submit('/account', { currentPassword: 'first-password-1', newPassword: 'second-password-2' }, '/account/password');
    assert.equal(ok.statusCode, 303);
    assert.equal((await browser.get('/account')).statusCode, 200);
  });

  test('a token created on the page is shown once and works on the API until revoked', async () => {
    const browser = new Client(t.app);
    await browser.submit('/login', { email: 'root@example.org', password: 'root-password-123' });
    const created = await browser.submit('/account/tokens', { name: 'ministry dashboard' });
    assert.equal(created.statusCode, 201);
    const token = /(mos_[A-Za-z0-9_-]{40})/.exec(created.body)?.[1];
    assert.ok(token);
    const listed = await browser.get('/account/tokens');
    assert.doesNotMatch(listed.body, new RegExp(token));
    assert.match(listed.body, /ministry dashboard/);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, 'root@example.org');
    assert.equal(me.json().isPlatformAdmin, true);
    const list = await t.app.inject({ url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}` } });
    const item = list.json().items.find((i: { name: string }) => i.name === 'ministry dashboard');
    assert.ok(item.lastUsedAt);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoke.statusCode, 204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().code, 'INVALID_TOKEN');
  });

  test('the API creates tokens and refuses bad bodies with problem+json', async () => {
    const user = await t.app.mosaic.accounts.findByEmail('root@example.org');
    const { token } = await t.app.mosaic.accounts.createApiToken(user!, 'bootstrap', actor);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'second' } });
    assert.equal(res.statusCode, 201);
    assert.match(res.json().token, /^mos_/);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x'.repeat(101) } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'VALIDATION');
  });
});
