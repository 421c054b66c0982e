/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on every page built so far, signed out and signed in,
 * in English and with language prefixes (Lao, Uzbek Cyrillic, Kinyarwanda), plus the states a
 * person meets on the way: forms with errors and the open language menu. Each page is checked
 * under the site's real Content-Security-Policy, and a CSP violation or a request to another
 * origin fails the page too.
 * (The first-run /setup page is checked on a fresh database in setup.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { principalFor } from '../../src/modules/accounts/accounts.service.js';
import { loadDemoData } from '../../src/modules/demo/demo.service.js';
import { getSpace } from '../../src/modules/spaces/spaces.service.js';
import { axeViolations, formatViolations, e2eSuite, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitVisible, type E2eApp } from './harness.js';

const ADMIN = { email: 'root@example.org', password: 'root-password-123', displayName: 'Root Admin' };

/** Pages anyone can see. */
const PUBLIC_PAGES: { path: string; status?: number }[] = [
  { path: '/' },
  { path: '/spaces' },
  { path: '/spaces/LA' },
  { path: '/login' },
  { path: '/register' },
  { path: '/password/forgot' },
  { path: '/verify/resend' },
  { path: '/api' },
  { path: '/search' },
  { path: '/search?q=Vientiane' },
  { path: '/no-such-page', status: 404 },
  { path: '/lo/' },
  { path: '/lo/spaces/LA' },
  { path: '/uz-cyrl/login' },
  { path: '/uz-cyrl/spaces/UZ' },
  { path: '/rw/' },
  { path: '/lo/search?q=%E0%BA%A7%E0%BA%BD%E0%BA%87%E0%BA%88%E0%BA%B1%E0%BA%99' },
  { path: '/organizations' },
  { path: '/organizations?space=LA&domain=C' },
  { path: '/lo/organizations?space=LA' },
  { path: '/uz-cyrl/organizations?space=UZ' },
  { path: '/people?space=RW' },
  { path: '/organizations/map?space=LA' },
  { path: '/organizations/map?space=RW' },
];

/** Pages of a signed-in platform administrator. */
const SIGNED_IN_PAGES = [
  '/en/account',
  '/account/tokens',
  '/admin',
  '/admin/audit',
  '/admin/users',
  '/admin/outbox',
  '/admin/spaces/LA/members',
  '/lo/account',
  '/lo/admin/spaces/LA/members',
  '/uz-cyrl/admin/audit',
  '/admin/claims',
  '/organizations/new?space=LA',
  '/people/me?space=LA',
  '/people/new?space=RW',
  '/organizations/import?space=LA',
];

e2eSuite('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let app: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspErrors: string[] = [];
  const offsite: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    const { accounts, db } = app.t.app.mosaic;
    const admin = await accounts.createPlatformAdmin(ADMIN, TEST_ACTOR);
    // Content for the lists and tables: demo people, an API token, a pending invitation, an email.
    await loadDemoData(db, accounts, TEST_ACTOR);
    // A profile of each kind, with its edit form for the administrator.
    const org = await db.selectFrom('organizations').select('id').where('status', '=', 'published').orderBy('name_sort').executeTakeFirstOrThrow();
    const person = await db.selectFrom('people').select('id').where('status', '=', 'published').orderBy('name_sort').executeTakeFirstOrThrow();
    PUBLIC_PAGES.push({ path: `/organizations/${org.id}` }, { path: `/lo/people/${person.id}` });
    SIGNED_IN_PAGES.push(`/organizations/${org.id}`, `/organizations/${org.id}/edit`, `/people/${person.id}/edit`);
    await accounts.createApiToken(admin, 'reporting script', TEST_ACTOR);
    const la = await getSpace(db, 'LA');
    await accounts.invite(await principalFor(db, admin), { email: 'invitee@example.org', role: 'editor', spaceId: la.id, locale: 'lo' }, TEST_ACTOR);
    context = await browser.newContext({ baseURL: app.baseUrl, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    // Everything a page loads comes from the site itself (no CDN, fonts or analytics elsewhere).
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(app.baseUrl + '/') && !url.startsWith('data:')) offsite.push(`${page.url()}: ${url}`);
    });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspErrors.push(`${page.url()}: ${msg.text()}`);
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  /** Checks the page as it is now; `label` names it in the report. */
  async function check(label: string): Promise<void> {
    const seen = cspErrors.length;
    const violations = await axeViolations(page);
    assert.deepEqual(violations.map((v) => v.id), [], `axe found ${violations.length} violation(s):\n${formatViolations(label, violations)}`);
    assert.deepEqual(cspErrors.slice(seen), [], 'the page breaks its Content-Security-Policy');
    assert.deepEqual(offsite, [], 'requests left the site');
  }

  async function visit(t: TestContext, path: string, status = 200): Promise<void> {
    await t.test(path, async () => {
      const response = await page.goto(path);
      assert.equal(response?.status(), status, `GET ${path}`);
      await check(path);
    });
  }

  test('public pages, signed out', async (t) => {
    for (const p of PUBLIC_PAGES) await visit(t, p.path, p.status);
  });

  // The language prefix also sets the lang cookie, so the English checks name /en/ explicitly.
  test('forms showing errors, and the open language menu', async (t) => {
    await t.test('/login with a wrong password', async () => {
      await page.goto('/en/login');
      await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(ADMIN.email);
      await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
      await waitVisible(page.getByRole('alert'), 'the error summary');
      await check('/login (error)');
    });
    await t.test('/register with invalid fields', async () => {
      await page.goto('/en/register');
      await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill('not-an-email');
      await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill('short');
      await page.getByRole('button', { name: ui('en', 'register.submit') }).click();
      await waitVisible(page.getByRole('alert'), 'the error summary');
      assert.equal(await page.locator('[aria-invalid=true]').count(), 3, 'name, email and password are marked invalid');
      await check('/register (errors)');
    });
    await t.test('/lo/ with the language menu open', async () => {
      await page.goto('/lo/');
      await page.getByRole('group').getByText(`ລາວ — ${ui('lo', 'nav.language')}`).click();
      await waitVisible(page.getByRole('link', { name: 'Ўзбекча' }), 'the language menu');
      await check('/lo/ (language menu open)');
    });
  });

  test('pages of a signed-in administrator', async (t) => {
    await page.goto('/en/login');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(ADMIN.email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
    await waitVisible(page.getByRole('button', { name: ui('en', 'nav.sign_out') }), 'signed in');
    for (const p of SIGNED_IN_PAGES) await visit(t, p);
    await t.test('/account/tokens with a new token shown', async () => {
      await page.goto('/en/account/tokens');
      await page.getByLabel(ui('en', 'tokens.name'), { exact: true }).fill('e2e token');
      await page.getByRole('button', { name: ui('en', 'tokens.create') }).click();
      await waitVisible(page.getByRole('status'), 'the new token');
      await check('/account/tokens (created)');
    });
  });
});
