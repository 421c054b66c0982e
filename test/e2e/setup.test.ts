/**
 * First run in the browser: on an empty database every page leads to /setup, which creates the
 * first platform administrator (optionally with the demo data) and signs them in.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, htmlLang, e2eSuite, launchBrowser, startE2eApp, ui, waitVisible, type E2eApp } from './harness.js';

e2eSuite('first-run setup in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function assertNoAxeViolations(page: Page, label: string): Promise<void> {
    const violations = await axeViolations(page);
    assert.deepEqual(violations.map((v) => v.id), [], `axe found ${violations.length} violation(s):\n${formatViolations(label, violations)}`);
  }

  before(async () => {
    browser = await launchBrowser();
    // A fresh database with no account at all.
    app = await startE2eApp();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  test('every page leads to /setup, in the URL language, and the setup page passes axe', async () => {
    const page = await newPage();
    await page.goto('/spaces');
    await page.waitForURL(/\/setup$/);
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('en', 'setup.title') }), 'the setup page');
    await assertNoAxeViolations(page, '/setup');

    await page.goto('/uz-cyrl/');
    await page.waitForURL(/\/uz-cyrl\/setup$/);
    assert.equal(await htmlLang(page), 'uz-Cyrl');
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('uz-Cyrl', 'setup.title') }), 'the Uzbek (Cyrillic) setup page');
    await assertNoAxeViolations(page, '/uz-cyrl/setup');

    // Sending the form empty shows every problem and keeps the site uninstalled.
    await page.goto('/en/setup');
    await page.getByRole('button', { name: ui('en', 'setup.submit') }).click();
    await waitVisible(page.getByRole('alert'), 'the error summary');
    assert.equal(await page.locator('[aria-invalid=true]').count(), 3, 'name, email and password are marked invalid');
    await assertNoAxeViolations(page, '/setup (errors)');
    assert.equal(await app.t.app.mosaic.accounts.countUsers(), 0);
  });

  test('creates the first administrator with the demo data and signs them in on the home page', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.waitForURL(/\/setup$/);
    await page.getByLabel(ui('en', 'field.display_name'), { exact: true }).fill('Dilnoza Rahimova');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill('dilnoza@example.org');
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill('samarkand-blue-tiles');
    const demo = page.getByRole('checkbox', { name: ui('en', 'setup.demo') });
    await demo.check();
    assert.equal(await demo.isChecked(), true);
    // Hashing the password (argon2id) and queueing the demo take a while when other browser tests
    // run beside this one on two cores: a longer wait than the default for this one step.
    await page.getByRole('button', { name: ui('en', 'setup.submit') }).click({ timeout: 45_000 });

    // Home page, signed in as the new administrator.
    await page.waitForURL((url) => url.pathname === '/', { timeout: 45_000 });
    await waitVisible(page.getByRole('heading', { level: 1, name: ui('en', 'home.title') }), 'the home page');
    const account = page.getByRole('navigation', { name: ui('en', 'nav.account') });
    await waitVisible(account.getByRole('link', { name: 'Dilnoza Rahimova' }), 'the administrator in the header');
    await waitVisible(account.getByRole('button', { name: ui('en', 'nav.sign_out') }), 'the sign-out button');

    // An administrator: the Administration link leads to the users, which include the demo people.
    await page.getByRole('navigation', { name: ui('en', 'nav.main') }).getByRole('link', { name: ui('en', 'nav.admin') }).click();
    await page.getByRole('link', { name: ui('en', 'admin.users') }).click();
    await page.waitForURL(/\/admin\/users$/);
    await waitVisible(page.getByRole('cell', { name: 'dilnoza@example.org' }), 'the administrator in the user list');
    // The worker loads the demo in the background: reload until its people are there (bounded).
    const demoPerson = page.getByRole('cell', { name: 'Aline Uwase' });
    for (let i = 0; i < 60 && !(await demoPerson.isVisible()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await waitVisible(demoPerson, 'a demo person (the demo box was ticked)');
    await waitVisible(page.getByRole('cell', { name: 'ສົມພອນ ແກ້ວມະນີ' }), 'a demo person with a Lao name');

    // Setup is over: the page now sends to the home page.
    await page.goto('/setup');
    await page.waitForURL((url) => url.pathname === '/');
  });
});
