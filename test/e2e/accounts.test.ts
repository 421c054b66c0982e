/**
 * End-to-end account flows in headless Chromium against the app on a real port, with mail
 * delivered over SMTP by the worker: register → verify from the email → sign in → switch to
 * Lao → sign out; a failed sign-in; and the same forms with JavaScript turned off.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { firstLink } from '../helpers/smtp.js';
import { escapeRegExp, htmlLang, e2eSuite, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitHidden, waitVisible, type E2eApp } from './harness.js';

const ADMIN = { email: 'root@example.org', password: 'root-password-123', displayName: 'Root Admin' };

e2eSuite('accounts in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'en-GB', ...options });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    // An installed site: without any account every page redirects to /setup.
    await app.t.app.mosaic.accounts.createPlatformAdmin(ADMIN, TEST_ACTOR);
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  test('register, verify by email, sign in, switch to Lao, sign out', async () => {
    const page = await newPage();
    const email = 'khamla.p@example.org';
    const password = 'sinh-silk-weaving-2026';

    await page.goto('/');
    await page.getByRole('navigation', { name: ui('en', 'nav.account') }).getByRole('link', { name: ui('en', 'nav.register') }).click();
    await page.waitForURL('**/register');
    await page.getByLabel(ui('en', 'field.display_name'), { exact: true }).fill('Khamla Phommachanh');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: ui('en', 'register.submit') }).click();
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('en', 'register.check_email_title') }), 'the "check your email" page');
    assert.match(await page.getByRole('main').innerText(), /khamla\.p@example\.org/);

    // The worker delivers the verification email to the SMTP server; its link opens in the browser.
    const mail = await app.smtp.waitFor((m) => m.to.includes(email));
    const link = firstLink(mail.text);
    assert.ok(link.startsWith(app.baseUrl + '/'), `the link points at the site (BASE_URL): ${link}`);
    await page.goto(link);
    await page.waitForURL(/\/login\?verified=1$/);
    await waitVisible(page.getByRole('status').filter({ hasText: ui('en', 'verify.done') }), 'the "email confirmed" notice');

    // Sign in.
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
    const account = page.getByRole('navigation', { name: ui('en', 'nav.account') });
    await waitVisible(account.getByRole('link', { name: 'Khamla Phommachanh' }), 'the signed-in user in the header');
    await waitVisible(account.getByRole('button', { name: ui('en', 'nav.sign_out') }), 'the sign-out button');
    assert.equal(await account.getByRole('link', { name: ui('en', 'nav.sign_in') }).count(), 0, 'no "Sign in" link once signed in');
    assert.equal(await htmlLang(page), 'en');

    // Switch the language with the switcher (a <details> of plain links).
    // The summary reads "English — Language" (its accessible name; the globe is aria-hidden).
    await account.getByRole('group').getByText(`English — ${ui('en', 'nav.language')}`).click();
    await page.getByRole('list', { name: ui('en', 'nav.language') }).getByRole('link', { name: 'ລາວ' }).click();
    await page.waitForURL(/\/lo$/);
    assert.equal(await htmlLang(page), 'lo');
    const accountLo = page.getByRole('navigation', { name: ui('lo', 'nav.account') });
    const signOutLo = accountLo.getByRole('button', { name: ui('lo', 'nav.sign_out') });
    await waitVisible(signOutLo, `the Lao sign-out button "${ui('lo', 'nav.sign_out')}"`);
    await waitVisible(page.getByRole('heading', { level: 2, name: ui('lo', 'home.spaces') }), 'a Lao heading on the home page');
    const langCookie = (await page.context().cookies()).find((c) => c.name === 'lang');
    assert.equal(langCookie?.value, 'lo', 'the choice is remembered in the lang cookie');

    // Sign out: back to the (Lao) home page, signed out, the session cookie gone.
    await signOutLo.click();
    await waitVisible(accountLo.getByRole('link', { name: ui('lo', 'nav.sign_in') }), 'the Lao "Sign in" link after signing out');
    await waitHidden(accountLo.getByRole('button', { name: ui('lo', 'nav.sign_out') }), 'the sign-out button');
    assert.equal(await htmlLang(page), 'lo');
    assert.equal(new URL(page.url()).pathname, '/lo');
    assert.equal((await page.context().cookies()).find((c) => c.name === 'mosaic_session'), undefined, 'no session cookie');
    // The account page now asks to sign in again.
    await page.goto('/lo/account');
    await page.waitForURL(/\/lo\/login\?next=/);
  });

  test('a failed sign-in keeps the email, empties the password and shows the error in the page language', async () => {
    const page = await newPage();
    await page.goto('/fr/login');
    assert.equal(await htmlLang(page), 'fr');
    const emailField = page.getByLabel(ui('fr', 'field.email'), { exact: true });
    const passwordField = page.getByLabel(ui('fr', 'field.password'), { exact: true });
    await emailField.fill(ADMIN.email);
    await passwordField.fill('not-the-password');
    await page.getByRole('button', { name: ui('fr', 'login.submit') }).click();

    const alert = page.getByRole('alert');
    await waitVisible(alert, 'the error summary');
    assert.match(await alert.innerText(), new RegExp(escapeRegExp(ui('fr', 'auth.invalid_credentials'))));
    assert.equal(new URL(page.url()).pathname, '/fr/login');
    assert.equal(await htmlLang(page), 'fr');
    assert.equal(await emailField.inputValue(), ADMIN.email, 'the typed email is kept');
    assert.equal(await passwordField.inputValue(), '', 'the password is never echoed back');
    assert.equal(await passwordField.getAttribute('aria-invalid'), 'true', 'the password field is marked invalid');
    const describedBy = (await passwordField.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes('f-password-error'), 'the field error is tied to the input');
    assert.equal((await page.context().cookies()).find((c) => c.name === 'mosaic_session'), undefined, 'not signed in');

    // The kept form works: the right password now signs in.
    await passwordField.fill(ADMIN.password);
    await page.getByRole('button', { name: ui('fr', 'login.submit') }).click();
    await waitVisible(page.getByRole('button', { name: ui('fr', 'nav.sign_out') }), 'the French sign-out button');
    assert.equal(await htmlLang(page), 'fr');
  });

  test('without JavaScript: register, verify and sign in with plain forms', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const email = 'aline.u@example.org';
    const password = 'imigongo-patterns-42';
    await page.goto('/register');

    await page.getByLabel(ui('en', 'field.display_name'), { exact: true }).fill('Aline Uwase');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: ui('en', 'register.submit') }).click();
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('en', 'register.check_email_title') }), 'the "check your email" page');
    const mail = await app.smtp.waitFor((m) => m.to.includes(email));
    await page.goto(firstLink(mail.text));
    await page.waitForURL(/\/login\?verified=1$/);

    // A protected page sends to sign-in and back (POST-redirect-GET with ?next=).
    await page.goto('/account');
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
    await page.waitForURL(/\/account$/);
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('en', 'profile.title') }), 'the account page');
    assert.match(await page.getByRole('main').innerText(), /aline\.u@example\.org/);

    // Sign out is a form too.
    await page.getByRole('button', { name: ui('en', 'nav.sign_out') }).click();
    await waitVisible(page.getByRole('link', { name: ui('en', 'nav.sign_in') }), 'the "Sign in" link after signing out');
  });
});
