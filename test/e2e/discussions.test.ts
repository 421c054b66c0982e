/**
 * Discussions and messages in headless Chromium: script-injection payloads typed into every
 * field (group name and description, thread title, posts, message subject and body) render as
 * text on every page and nothing runs (alert/confirm/prompt and dialogs are watched); hidden
 * posts, locked threads, blocked senders and message flooding, as a reader meets them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Principal } from '../../src/platform/auth/policy.js';
import { createDiscussionsService } from '../../src/modules/discussions/discussions.service.js';
import { createMessagesService, FIRST_CONTACT_LIMIT } from '../../src/modules/messages/messages.service.js';
import { getSpace } from '../../src/modules/spaces/spaces.service.js';
import { XSS_PAYLOADS, XSS_TEXT } from '../fixtures/xss-payloads.js';
import { e2eSuite, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitVisible, type E2eApp } from './harness.js';

const PASSWORD = 'discussion-e2e-password';

e2eSuite('discussions and messages in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  const ids: Record<string, string> = {};
  let groupId = '';

  /** A signed-in page whose every dialog and alert() call is recorded. */
  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__xss = 0;
      const record = () => {
        w.__xss = (w.__xss as number) + 1;
      };
      window.alert = record;
      window.confirm = () => (record(), false);
      window.prompt = () => (record(), null);
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto('/en/login');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
    await waitVisible(page.getByRole('button', { name: ui('en', 'nav.sign_out') }), `${email} signed in`);
    return page;
  }

  /** Nothing ran, and the page holds no markup that could run. */
  async function assertInert(page: Page, where: string): Promise<void> {
    const state = await page.evaluate(() => {
      const main = document.querySelector('main') ?? document.body;
      const handlers = Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on'))).length;
      const scriptLinks = Array.from(document.querySelectorAll('[href],[src],[action]')).filter((el) => /^\s*(javascript|data|vbscript):/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? '')).length;
      return {
        fired: (window as unknown as { __xss: number }).__xss,
        inlineScripts: document.querySelectorAll('script:not([src])').length,
        embedded: main.querySelectorAll('img, svg, iframe, object, embed').length,
        handlers,
        scriptLinks,
      };
    });
    assert.deepEqual(state, { fired: 0, inlineScripts: 0, embedded: 0, handlers: 0, scriptLinks: 0 }, where);
    assert.deepEqual(dialogs, [], `no dialog on ${where}`);
  }

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    const { accounts, db } = app.t.app.mosaic;
    ids.root = (await accounts.createPlatformAdmin({ email: 'root@example.org', password: PASSWORD, displayName: 'Root Admin' }, TEST_ACTOR)).id;
    for (const [key, name] of [
      ['member', 'Kham Member'],
      ['outsider', XSS_PAYLOADS[1]!],
      ['spammer', 'Spam Sender'],
    ] as const) {
      const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `${key}@example.org`, displayName: name, locale: 'en' }, TEST_ACTOR));
      await accounts.setPasswordByEmail(`${key}@example.org`, PASSWORD, TEST_ACTOR);
      ids[key] = id;
    }
    const la = await getSpace(db, 'LA');
    const platform: Principal = { userId: ids.root, isPlatformAdmin: true, roles: new Map() };
    const disc = createDiscussionsService(db);
    groupId = await disc.createGroup(platform, { spaceId: la.id, name: `Weavers ${XSS_PAYLOADS[7]}`, about: XSS_TEXT, locale: 'en', joinPolicy: 'open', visibility: 'public' }, TEST_ACTOR);
    await disc.join({ userId: ids.member!, isPlatformAdmin: false, roles: new Map() }, groupId, undefined, TEST_ACTOR);
    // A message full of payloads from a sender whose display name is one too.
    await createMessagesService(db).writeTo({ userId: ids.outsider!, isPlatformAdmin: false, roles: new Map() }, ids.member!, { subject: XSS_PAYLOADS[0], body: XSS_TEXT }, TEST_ACTOR, 'en');
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  test('payloads typed into a thread and a reply render as text; nothing runs on any page', async () => {
    const page = await signedInPage('member@example.org');
    await page.goto(`/en/groups/${groupId}`);
    await assertInert(page, 'the group page');
    assert.ok((await page.getByRole('main').innerText()).includes('<script>alert(1)</script>'), 'the description shows the payload as text');
    await page.getByLabel(ui('en', 'disc.field.title'), { exact: true }).fill(XSS_PAYLOADS[7]!);
    await page.getByLabel(ui('en', 'disc.field.body'), { exact: true }).fill(XSS_TEXT);
    await page.getByRole('button', { name: ui('en', 'disc.threads.post') }).click();
    await page.waitForURL(/\/threads\//);
    ids.thread = /\/threads\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await assertInert(page, 'the new thread');
    await page.getByLabel(ui('en', 'disc.field.body'), { exact: true }).fill(XSS_TEXT);
    await page.getByRole('button', { name: ui('en', 'disc.reply.send') }).click();
    await page.waitForURL(/#p-/);
    await assertInert(page, 'the thread with a reply');
    const text = await page.getByRole('main').innerText();
    for (const p of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>']) assert.ok(text.includes(p), `shown as text: ${p}`);
    for (const path of ['/en/groups', `/en/groups/${groupId}/members`, '/en/messages', '/en/search?q=alert']) {
      await page.goto(path);
      await assertInert(page, path);
    }
    await page.goto('/en/messages');
    await page.getByRole('main').getByRole('link').first().click();
    await page.waitForURL(/\/messages\/[0-9a-f-]{36}/);
    await assertInert(page, 'the conversation');
    assert.ok((await page.getByRole('main').innerText()).includes('<iframe src="javascript:alert(1)"></iframe>'));
    // An answer with the payloads goes back as text too.
    await page.getByLabel(ui('en', 'msg.field.reply'), { exact: true }).fill(XSS_TEXT);
    await page.getByRole('button', { name: ui('en', 'msg.send') }).click();
    await page.waitForLoadState();
    await assertInert(page, 'the conversation after answering');
  });

  test('a hidden post is gone for members and marked for moderators; a locked thread has no reply form', async () => {
    const moderator = await signedInPage('root@example.org');
    await moderator.goto(`/en/threads/${ids.thread}`);
    await moderator.getByRole('button', { name: ui('en', 'disc.post.hide') }).last().click();
    await moderator.waitForURL(/notice=saved/);
    await waitVisible(moderator.getByText(ui('en', 'disc.post.hidden')), 'the moderator sees the hidden post, marked');
    await moderator.getByRole('button', { name: ui('en', 'disc.thread.lock') }).click();
    await moderator.waitForURL(/notice=saved/);
    await assertInert(moderator, 'the moderated thread');

    const member = await signedInPage('member@example.org');
    await member.goto(`/en/threads/${ids.thread}`);
    assert.equal(await member.locator('article.post').count(), 1, 'the member sees only the opening post');
    await waitVisible(member.getByText(ui('en', 'disc.thread.locked_notice')), 'the locked notice');
    assert.equal(await member.locator('textarea[name="body"]').count(), 0, 'no reply form');
  });

  test('a blocked sender is told neutrally; flooding strangers gets 429', async () => {
    const member = await signedInPage('member@example.org');
    await member.goto('/en/messages');
    await member.getByRole('main').getByRole('link').first().click();
    await member.locator('summary', { hasText: ui('en', 'msg.block.title') }).click();
    await member.getByRole('main').getByRole('button', { name: /Block/ }).first().click();
    await member.waitForURL(/notice=blocked/);

    const outsider = await signedInPage('outsider@example.org');
    await outsider.goto(`/en/messages/new?to=${ids.member}`);
    await outsider.getByLabel(ui('en', 'msg.field.body'), { exact: true }).fill('Still there?');
    const [refused] = await Promise.all([outsider.waitForResponse((r) => r.request().method() === 'POST'), outsider.getByRole('button', { name: ui('en', 'msg.send') }).click()]);
    assert.equal(refused.status(), 400);
    await waitVisible(outsider.getByText(ui('en', 'msg.error.cannot_send')).first(), 'the neutral refusal');

    const spammer = await signedInPage('spammer@example.org');
    const { accounts, db } = app.t.app.mosaic;
    let status = 0;
    for (let i = 0; i <= FIRST_CONTACT_LIMIT.max; i++) {
      const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email: `stranger${i}@example.org`, displayName: `Stranger ${i}`, locale: 'en' }, TEST_ACTOR));
      await spammer.goto(`/en/messages/new?to=${id}`);
      await spammer.getByLabel(ui('en', 'msg.field.body'), { exact: true }).fill('Cheap followers!');
      const [res] = await Promise.all([spammer.waitForResponse((r) => r.request().method() === 'POST'), spammer.getByRole('button', { name: ui('en', 'msg.send') }).click()]);
      status = res.status();
    }
    assert.equal(status, 429);
    await waitVisible(spammer.getByRole('alert'), 'the localised limit message');
  });
});
