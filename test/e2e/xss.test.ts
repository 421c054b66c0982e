/**
 * The script-injection corpus in headless Chromium. Payloads sit in every text field of news,
 * events (questions, answers, links), opportunities, messages, the directory and the library
 * (test/fixtures/xss-content.ts); every page that shows them is opened as the readers who see
 * it, and nothing may run: no dialog, no alert/confirm/prompt/print call, no marker set by a
 * payload, no markup in the page that could run, and titles and names read as typed. Then the
 * real forms are filled with payloads: script addresses in link fields come back with the
 * localised error and what was typed, and the saved records are inert too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedXssContent, TITLE_GROUPS, XSS_EMAILS, XSS_PASSWORD, type XssPage, type XssReader } from '../fixtures/xss-content.js';
import { asShown, unsafeMarkup, XSS_GOOD_URLS, XSS_PAYLOADS, XSS_TEXT } from '../fixtures/xss-payloads.js';
import { e2eSuite, launchBrowser, startE2eApp, ui, waitVisible, type E2eApp } from './harness.js';

/** Script addresses a person can type into a one-line field. */
const TYPED_BAD_URLS = ['javascript:alert(1)', 'JaVaScRiPt:window.__xssMarker=1', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'vbscript:msgbox(1)'];

/**
 * What could run in the page, read from its DOM (attribute values as the browser decoded them).
 * A string, so the bundler adds no helpers of its own to code that runs in the page.
 */
const INERT_CHECK = `(() => {
  const site = /^\\/(?![/\\\\])/;
  const all = Array.from(document.querySelectorAll('*'));
  const short = (el) => el.outerHTML.slice(0, 160);
  const scriptUrl = (v) => /^(javascript|data|vbscript):/i.test((v || '').replace(/^[\\u0000-\\u0020]+/, '').replace(/[\\t\\n\\r]/g, ''));
  const jsonLd = Array.from(document.querySelectorAll('script[type="application/ld+json"]'));
  return {
    fired: window.__xss,
    marker: window.__xssMarker === undefined ? null : window.__xssMarker,
    handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on'))).map(short),
    scriptUrls: all.filter((el) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'].some((n) => scriptUrl(el.getAttribute(n)))).map(short),
    inlineScripts: Array.from(document.querySelectorAll('script:not([src])')).filter((s) => !jsonLd.includes(s)).map(short),
    brokenJsonLd: jsonLd.filter((s) => { try { JSON.parse(s.textContent || ''); return false; } catch { return true; } }).length,
    embedded: Array.from(document.querySelectorAll('iframe, frame, object, embed, math, base, foreignObject, meta[http-equiv]')).map(short),
    strangeSvg: Array.from(document.querySelectorAll('svg:not([viewBox])')).map(short),
    foreignImages: Array.from(document.images).filter((i) => !site.test(i.getAttribute('src') || '')).map(short),
  };
})()`;

e2eSuite('script-injection payloads in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  let pages: XssPage[];
  let ids: Record<string, string>;
  const contexts: BrowserContext[] = [];
  const readers = new Map<XssReader, Page>();
  const dialogs: string[] = [];

  /** A page (signed in unless a visitor) on which every dialog and alert-like call is recorded. */
  async function readerPage(reader: XssReader): Promise<Page> {
    const existing = readers.get(reader);
    if (existing) return existing;
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
      window.print = record;
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${reader}: ${d.message()}`);
      void d.dismiss();
    });
    if (reader !== 'visitor') {
      await page.goto('/en/login');
      await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(XSS_EMAILS[reader]);
      await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(XSS_PASSWORD);
      await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
      await waitVisible(page.getByRole('button', { name: ui('en', 'nav.sign_out') }), `${reader} signed in`);
    }
    readers.set(reader, page);
    return page;
  }

  /** Nothing ran, the page holds nothing that could run, and `shows` read as text in <main>. */
  async function assertInert(page: Page, where: string, shows: readonly string[] = []): Promise<void> {
    const state = await page.evaluate(INERT_CHECK);
    assert.deepEqual(state, { fired: 0, marker: null, handlers: [], scriptUrls: [], inlineScripts: [], brokenJsonLd: 0, embedded: [], strangeSvg: [], foreignImages: [] }, where);
    assert.deepEqual(dialogs, [], `no dialog on ${where}`);
    assert.deepEqual(unsafeMarkup(await page.content()), [], `the markup of ${where}`);
    if (shows.length) {
      const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      for (const p of shows) assert.ok(text.includes(asShown(p)), `${where} shows as text: ${p}`);
    }
  }

  /** Submits the form holding `field` and returns the status of the answer. */
  async function submit(page: Page, button: string): Promise<number> {
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'), page.getByRole('button', { name: button, exact: true }).click()]);
    await page.waitForLoadState();
    return res.status();
  }

  /**
   * Types each script address into a link field and sends the form: it comes back (400) with the
   * localised error beside the field, the address as typed, and nothing running.
   */
  async function refusesScriptAddresses(page: Page, field: string, button: string, errorKey: string, where: string): Promise<void> {
    for (const bad of TYPED_BAD_URLS) {
      await page.locator(`[name="${field}"]`).fill(bad);
      assert.equal(await submit(page, button), 400, `${where}: ${bad} refused`);
      await waitVisible(page.locator(`[id="f-${field}-error"]`).filter({ hasText: ui('en', errorKey) }), `${where}: the error beside ${field}`);
      assert.equal(await page.locator(`[name="${field}"]`).inputValue(), bad, `${where}: ${field} keeps what was typed`);
      await assertInert(page, `${where} with ${bad}`);
    }
  }

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    ({ pages, ids } = await seedXssContent(app.t.app));
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  test('every page showing the payloads: nothing runs, titles and names read as text', async () => {
    // Each page once, as the reader who sees most of it (the HTTP test reads it as every reader).
    const rank: Record<XssReader, number> = { root: 0, editor: 1, member: 2, visitor: 3 };
    const opened = [...new Map(pages.filter((p) => !p.feed).sort((a, b) => rank[b.as] - rank[a.as]).map((p) => [p.path, p])).values()];
    assert.ok(opened.length > 80, `${opened.length} pages`);
    for (const p of opened) {
      const page = await readerPage(p.as);
      const res = await page.goto(`/en${p.path}`);
      assert.equal(res?.status(), 200, `${p.path} as ${p.as}`);
      await assertInert(page, `${p.path} as ${p.as}`, p.shows);
    }
  });

  test('news, event, opportunity, directory and library forms: payloads typed in, script addresses refused with the typed value kept', async () => {
    const editor = await readerPage('editor');
    const title = TITLE_GROUPS[0]!;

    // A news post through its form.
    await editor.goto('/en/news/new?space=LA');
    await editor.locator('[name="title.en"]').fill(title);
    await editor.locator('[name="summary.en"]').fill(XSS_PAYLOADS.slice(0, 10).join(' '));
    await editor.locator('[name="body.en"]').fill(XSS_TEXT);
    await editor.locator('[name="imageAlt.en"]').fill(TITLE_GROUPS[1]!);
    await editor.locator('[name="status"]').selectOption('published');
    assert.equal(await submit(editor, ui('en', 'news.save')), 303);
    await assertInert(editor, 'the new news post', [XSS_PAYLOADS[0]!, XSS_PAYLOADS[13]!]);

    // An event with a question and links: script addresses refused in every link field.
    await editor.goto('/en/events/new?space=LA');
    await editor.locator('[name="title.en"]').fill(title);
    await editor.locator('[name="description.en"]').fill(XSS_TEXT);
    const day = new Date(Date.now() + 6 * 86400_000).toISOString().slice(0, 10);
    await editor.locator('[name="sessions.0.start"]').fill(`${day}T09:00`);
    await editor.locator('[name="sessions.0.end"]').fill(`${day}T12:00`);
    await editor.locator('[name="sessions.0.title"]').fill(XSS_PAYLOADS[21]!);
    await editor.locator('[name="venueName"]').fill(TITLE_GROUPS[1]!);
    await editor.locator('[name="venueAddress"]').fill(TITLE_GROUPS[2]!);
    await editor.locator('[name="questions.0.label"]').fill(XSS_PAYLOADS[7]!);
    await editor.locator('[name="resources.0.title"]').fill(XSS_PAYLOADS[20]!);
    await editor.locator('[name="materials.0.title"]').fill(XSS_PAYLOADS[22]!);
    await editor.locator('[name="materials.0.url"]').fill(XSS_GOOD_URLS[1]!);
    await editor.locator('[name="status"]').selectOption('published');
    await refusesScriptAddresses(editor, 'onlineUrl', ui('en', 'events.save'), 'events.invalid_url', 'the event form');
    await editor.locator('[name="onlineUrl"]').fill(XSS_GOOD_URLS[0]!);
    await refusesScriptAddresses(editor, 'resources.0.url', ui('en', 'events.save'), 'events.invalid_url', 'the event form');
    await editor.locator('[name="resources.0.url"]').fill(XSS_GOOD_URLS[2]!);
    assert.equal(await submit(editor, ui('en', 'events.save')), 303);
    await assertInert(editor, 'the new event', [XSS_PAYLOADS[0]!, XSS_PAYLOADS[20]!, XSS_PAYLOADS[22]!]);
    const eventPath = new URL(editor.url()).pathname;

    // A member answers its question with payloads; the organisers' attendance list stays inert.
    const member = await readerPage('member');
    await member.goto(eventPath);
    await member.locator('[name^="answers."]').first().fill(XSS_PAYLOADS.slice(20, 26).join(' '));
    assert.equal(await submit(member, ui('en', 'events.register')), 303);
    await assertInert(member, 'the event after registering (with its QR code)');
    // Answers go to the attendance export only; the list shows the member's name (a payload).
    await editor.goto(`${eventPath}/attendance`);
    await assertInert(editor, 'the attendance list', [XSS_PAYLOADS[1]!]);

    // An opportunity: the link to apply refuses script addresses.
    await editor.goto('/en/opportunities/new?space=LA');
    await editor.locator('[name="title.en"]').fill(title);
    await editor.locator('[name="description.en"]').fill(XSS_TEXT);
    await editor.locator('[name="eligibility.en"]').fill(XSS_TEXT);
    await editor.locator('[name="deadline"]').fill('2099-03-01T17:00');
    await editor.locator('[name="applyContact"]').fill(TITLE_GROUPS[1]!);
    await refusesScriptAddresses(editor, 'applyUrl', ui('en', 'opp.save'), 'opp.error.url', 'the opportunity form');
    await editor.locator('[name="applyUrl"]').fill(XSS_GOOD_URLS[0]!);
    assert.equal(await submit(editor, ui('en', 'opp.save')), 303);
    await assertInert(editor, 'the new opportunity', [XSS_PAYLOADS[0]!]);

    // An organisation: its website refuses script addresses.
    await editor.goto('/en/organizations/new?space=LA');
    await editor.locator('[name="name.en"]').fill(`Atelier ${XSS_PAYLOADS[24]}`);
    await editor.locator('[name="type"]').selectOption('private');
    await editor.locator('[name="description.en"]').fill(XSS_TEXT);
    await editor.locator('[name="address"]').fill(TITLE_GROUPS[2]!);
    await editor.locator('[name="contacts.0.kind"]').selectOption('website');
    await refusesScriptAddresses(editor, 'contacts.0.value', ui('en', 'form.save'), 'directory.invalid_url', 'the organisation form');
    await editor.locator('[name="contacts.0.value"]').fill(XSS_GOOD_URLS[0]!);
    // A name like the corpus's may be offered as a duplicate first.
    if ((await submit(editor, ui('en', 'form.save'))) === 200) assert.equal(await submit(editor, ui('en', 'dir.dup.create_anyway')), 303);
    await assertInert(editor, 'the new organisation', [XSS_PAYLOADS[24]!]);

    // A person: portfolio links refuse script addresses.
    await editor.goto('/en/people/new?space=LA');
    await editor.locator('[name="name.en"]').fill(`Noy ${XSS_PAYLOADS[25]}`);
    await editor.locator('[name="bio.en"]').fill(XSS_TEXT);
    await refusesScriptAddresses(editor, 'portfolio.0', ui('en', 'form.save'), 'directory.invalid_url', 'the person form');
    await editor.locator('[name="portfolio.0"]').fill(XSS_GOOD_URLS[1]!);
    if ((await submit(editor, ui('en', 'form.save'))) === 200) assert.equal(await submit(editor, ui('en', 'dir.dup.create_anyway')), 303);
    await assertInert(editor, 'the new person', [XSS_PAYLOADS[25]!]);

    // A library resource: a web address identifier refuses script addresses.
    await editor.goto('/en/library/new?space=LA');
    await editor.locator('[name="type"]').selectOption('report');
    await editor.locator('[name="title.en"]').fill(title);
    await editor.locator('[name="abstract.en"]').fill(XSS_TEXT);
    await editor.locator('[name="creators"]').fill(XSS_PAYLOADS.slice(20, 24).join('\n'));
    await editor.locator('[name="identifiers.0.scheme"]').selectOption('url');
    await refusesScriptAddresses(editor, 'identifiers.0.value', ui('en', 'form.save'), 'library.invalid_url', 'the library form');
    await editor.locator('[name="identifiers.0.value"]').fill(XSS_GOOD_URLS[2]!);
    assert.equal(await submit(editor, ui('en', 'form.save')), 303);
    await assertInert(editor, 'the new resource', [XSS_PAYLOADS[0]!]);
  });

  test('messages typed with payloads (to an organisation, and the answer) stay text for both sides', async () => {
    const editor = await readerPage('editor');
    await editor.goto(`/en/messages/new?organization=${ids.ownOrg}`);
    await assertInert(editor, 'the form to write to an organisation');
    await editor.locator('[name="subject"]').fill(TITLE_GROUPS[2]!);
    await editor.locator('[name="body"]').fill(XSS_TEXT);
    assert.equal(await submit(editor, ui('en', 'msg.send')), 303);
    await assertInert(editor, 'the conversation with the organisation', [XSS_PAYLOADS[0]!, XSS_PAYLOADS[22]!]);
    const member = await readerPage('member');
    await member.goto('/en/messages');
    await assertInert(member, 'the inbox of the organisation’s editor');
    await member.goto(new URL(editor.url()).pathname);
    await assertInert(member, 'the message received by the organisation', [XSS_PAYLOADS[22]!]);
    await member.locator('[name="body"]').fill(XSS_TEXT);
    assert.equal(await submit(member, ui('en', 'msg.send')), 303);
    await assertInert(member, 'the conversation after answering');
    await editor.reload();
    await assertInert(editor, 'the answer as the writer reads it');
  });
});
