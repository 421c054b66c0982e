/**
 * Communication end to end in headless Chromium, with mail over real SMTP:
 *
 * - a member who reads Lao chooses a daily digest on the preferences page and follows an
 *   organisation with its Follow button; an editor publishes an event that organisation
 *   organises; the digest job runs past the member's hour and the digest arrives in Lao (plain
 *   text and light HTML, at most 20 KB, List-Unsubscribe headers); its unsubscribe link, opened
 *   signed out in a browser that asks for English, unsubscribes in Lao;
 * - the calendar feeds an event page and the events page announce in their head parse with
 *   ical.js and hold the event as created;
 * - the Atom and RSS feeds /news and /opportunities announce are well-formed XML that
 *   rss-parser reads, with what was published and nothing that was not.
 *
 * Feeds are fetched as a feed reader or calendar application does: without the browser's
 * cookies (so without its language cookie).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import Parser from 'rss-parser';
import type { Principal } from '../../src/platform/auth/policy.js';
import { htmlLang as htmlLangOf, type Locale } from '../../src/platform/i18n/locales.js';
import { formatMessage } from '../../src/platform/i18n/messages.js';
import { formatWhen } from '../../src/modules/events/events.service.js';
import { createPost } from '../../src/modules/news/news.service.js';
import { MAX_EMAIL_BYTES } from '../../src/modules/notifications/notifications.email.js';
import { digestTimeOf, preferencesOf, sendDueEmails } from '../../src/modules/notifications/notifications.service.js';
import { createOpportunity } from '../../src/modules/opportunities/opportunities.service.js';
import { getSpace, setRole } from '../../src/modules/spaces/spaces.service.js';
import { wellFormednessErrors } from '../fixtures/oai/validate.js';
import type { ReceivedMail } from '../helpers/smtp.js';
import { axeViolations, e2eSuite, formatViolations, htmlLang, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitVisible, type E2eApp } from './harness.js';

const PASSWORD = 'communication-e2e-password';
const MEMBER = { email: 'kham@example.org', name: 'Kham Phommachanh' };
const ORG_NAME = { en: 'Khene Ensemble of Vientiane', lo: 'ວົງແຄນວຽງຈັນ' };
const EVENT_TITLE = { en: 'Khene evening at the river', lo: 'ຄ່ຳຄືນແຄນລິມແມ່ນ້ຳ' };
const VENUE = { name: 'Chao Anouvong Park', address: 'Fa Ngum Road, Vientiane' };
/**
 * The member's digest hour (UTC), chosen on the preferences page: half a day away, so the worker's
 * own hourly run never reaches it during the test, and never the default (06:00).
 */
const DIGEST_HOUR = [12, 13].map((h) => (new Date().getUTCHours() + h) % 24).find((h) => h !== 6)!;

e2eSuite('communication in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const readers: APIRequestContext[] = [];
  let laId = '';
  let editorP: Principal;
  let memberId = '';
  let orgId = '';
  let eventId = '';
  let draftEventId = '';
  let eventDay = '';

  async function newPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signedIn(email: string, locale: Locale): Promise<Page> {
    const page = await newPage(locale === 'lo' ? 'lo-LA' : 'en-GB');
    await page.goto(`/${locale}/login`);
    await page.getByLabel(ui(locale, 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui(locale, 'field.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: ui(locale, 'login.submit') }).click();
    await waitVisible(page.getByRole('navigation', { name: ui(locale, 'nav.account') }).getByRole('button', { name: ui(locale, 'nav.sign_out') }), `${email} signed in`);
    return page;
  }

  /** A client with no cookies and an English Accept-Language, as a feed reader or calendar application. */
  async function feedReader(): Promise<APIRequestContext> {
    const reader = await playwrightRequest.newContext({ extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.8' } });
    readers.push(reader);
    return reader;
  }

  /** The absolute URLs of the page's `<link rel="alternate">` of the given types, in order. */
  async function announcedFeeds(page: Page, types: string[]): Promise<{ type: string; url: string }[]> {
    const links = page.locator(types.map((t) => `head link[rel="alternate"][type="${t}"]`).join(', '));
    const out: { type: string; url: string }[] = [];
    for (const link of await links.all()) {
      out.push({ type: (await link.getAttribute('type'))!, url: new URL((await link.getAttribute('href'))!, page.url()).href });
    }
    return out;
  }

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    const { accounts, db, directory, events } = app.t.app.mosaic;
    await accounts.createPlatformAdmin({ email: 'root@example.org', password: PASSWORD, displayName: 'Root' }, TEST_ACTOR);
    laId = (await getSpace(db, 'LA')).id;
    const ids: Record<string, string> = {};
    for (const [email, name, role, locale] of [
      ['editor@example.org', 'Vilayphone Editor', 'editor', 'en'],
      [MEMBER.email, MEMBER.name, 'member', 'lo'],
    ] as const) {
      const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: name, locale }, TEST_ACTOR));
      await accounts.setPasswordByEmail(email, PASSWORD, TEST_ACTOR);
      await db.transaction().execute((trx) => setRole(trx, TEST_ACTOR, null, laId, id, role));
      ids[email] = id;
    }
    memberId = ids[MEMBER.email]!;
    editorP = { userId: ids['editor@example.org']!, isPlatformAdmin: false, roles: new Map([[laId, 'editor']]) };
    orgId = (await directory.createOrganization(editorP, laId, { name: ORG_NAME, type: 'civil_society' }, TEST_ACTOR)).id;
    // A draft of the same organisation: in no feed, and nobody's news.
    draftEventId = (
      await events.createEvent(editorP, laId, { type: 'screening', title: { en: 'Unannounced screening draft' }, venueName: VENUE.name, status: 'draft', organizers: [orgId], sessions: [{ start: '2031-01-10T18:00', end: '2031-01-10T20:00' }] }, TEST_ACTOR)
    ).id;
  });

  after(async () => {
    for (const r of readers) await r.dispose();
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  describe('a digest by email in the reader’s language', () => {
    test('preferences and Follow button → an event is published → the daily digest in Lao → unsubscribe signed out', async () => {
      // The member (Lao) chooses a daily digest, at their own hour, for what they follow.
      const member = await signedIn(MEMBER.email, 'lo');
      await member.goto('/lo/notifications/preferences');
      assert.equal(await htmlLang(member), 'lo');
      const followed = member.getByRole('group', { name: ui('lo', 'notif.category.followed_activity') });
      await followed.getByRole('radio', { name: ui('lo', 'notif.mode.daily') }).check();
      await member.getByLabel(ui('lo', 'notif.prefs.hour')).selectOption(String(DIGEST_HOUR));
      await member.getByRole('button', { name: ui('lo', 'notif.prefs.save') }).click();
      await waitVisible(member.getByRole('status').filter({ hasText: ui('lo', 'notif.notice.saved') }), 'the saved notice');
      assert.equal(await followed.getByRole('radio', { name: ui('lo', 'notif.mode.daily') }).isChecked(), true);
      assert.equal((await preferencesOf(app.t.app.mosaic.db, memberId)).followed_activity, 'daily');
      assert.equal((await digestTimeOf(app.t.app.mosaic.db, memberId)).hourUtc, DIGEST_HOUR);
      const prefsViolations = await axeViolations(member);
      assert.equal(prefsViolations.length, 0, formatViolations('/lo/notifications/preferences', prefsViolations));

      // … and follows the organisation from its page.
      await member.goto(`/lo/organizations/${orgId}`);
      await member.getByRole('button', { name: ui('lo', 'notif.follow.follow') }).click();
      const unfollow = member.getByRole('button', { name: ui('lo', 'notif.follow.unfollow') });
      await waitVisible(unfollow, 'the Unfollow button');
      assert.equal(await unfollow.getAttribute('aria-pressed'), 'true');

      // The editor (English) publishes an event organised by that organisation.
      const editor = await signedIn('editor@example.org', 'en');
      await editor.goto('/events?space=LA');
      await editor.getByRole('link', { name: ui('en', 'events.new') }).click();
      await editor.waitForURL(/\/events\/new\?space=LA$/);
      await editor.getByLabel(ui('en', 'events.field.type')).selectOption('festival');
      await editor.locator('[name="title.en"]').fill(EVENT_TITLE.en);
      await editor.locator('[name="title.lo"]').fill(EVENT_TITLE.lo);
      eventDay = new Date(Date.now() + 9 * 86400_000).toISOString().slice(0, 10);
      await editor.locator('[name="sessions.0.start"]').fill(`${eventDay}T19:00`);
      await editor.locator('[name="sessions.0.end"]').fill(`${eventDay}T22:00`);
      await editor.getByLabel(ui('en', 'events.field.venue')).fill(VENUE.name);
      await editor.getByLabel(ui('en', 'events.field.address'), { exact: true }).fill(VENUE.address);
      await editor.getByLabel(ui('en', 'events.field.organizer_links')).fill(app.url(`/organizations/${orgId}`));
      await editor.getByLabel(ui('en', 'events.field.status')).selectOption('published');
      await editor.getByRole('button', { name: ui('en', 'events.save') }).click();
      await waitVisible(editor.getByRole('heading', { level: 1, name: EVENT_TITLE.en }), 'the new event page');
      eventId = /\/events\/([0-9a-f-]{36})$/.exec(new URL(editor.url()).pathname)![1]!;

      // The member sees it at once on the site, in Lao.
      const when = formatWhen('lo', `${eventDay}T12:00:00.000Z`, `${eventDay}T15:00:00.000Z`, 'Asia/Vientiane');
      const itemText = formatMessage('lo', 'events.notif.published', { organization: ORG_NAME.lo, event: EVENT_TITLE.lo, when });
      await member.goto('/lo/notifications');
      await waitVisible(member.getByRole('link', { name: itemText }), 'the notification in Lao');
      assert.equal(await member.getByRole('link', { name: formatMessage('lo', 'nav.notifications', { count: 1 }), exact: true }).count(), 1, 'the bell names the unread count');
      const listViolations = await axeViolations(member);
      assert.equal(listViolations.length, 0, formatViolations('/lo/notifications', listViolations));

      // Not by email yet: the digest waits for the member's hour, then arrives once.
      const settings = { baseUrl: app.baseUrl, secretKey: app.t.config.secretKey };
      const slot = new Date();
      slot.setUTCHours(DIGEST_HOUR, 0, 0, 0);
      if (slot.getTime() <= Date.now()) slot.setUTCDate(slot.getUTCDate() + 1);
      assert.deepEqual(await sendDueEmails(app.t.app.mosaic.db, settings, new Date(slot.getTime() - 60_000)), { immediate: 0, digests: 0 }, 'one minute before the hour');
      assert.deepEqual(await sendDueEmails(app.t.app.mosaic.db, settings, new Date(slot.getTime() + 60_000)), { immediate: 0, digests: 1 });
      const subject = formatMessage('lo', 'notif.email.subject_daily', { count: 1 });
      const mail = await app.smtp.waitFor((m) => m.to.includes(MEMBER.email) && m.subject === subject);

      // In Lao, plain text and light HTML, under 20 KB, with the unsubscribe headers.
      assert.equal((mail.raw.headers.get('content-type') as { value: string } | undefined)?.value, 'multipart/alternative', 'text and HTML');
      assert.equal(MAX_EMAIL_BYTES, 20 * 1024);
      assert.ok(mail.size <= 20 * 1024, `the digest is ${mail.size} bytes on the wire`);
      const eventUrl = app.url(`/lo/events/${eventId}`);
      const lines = mail.text.split('\n');
      assert.equal(lines[0], formatMessage('lo', 'notif.email.greeting', { name: MEMBER.name }));
      assert.ok(lines.includes(`- ${itemText}`), mail.text);
      assert.ok(lines.includes(`  ${eventUrl}`), mail.text);
      assert.ok(lines.includes(`${ui('lo', 'notif.email.preferences')}: ${app.url('/lo/notifications/preferences')}`), mail.text);
      const textUnsubscribe = lines.find((l) => l.startsWith(`${ui('lo', 'notif.email.unsubscribe')}: `))?.split(': ')[1];
      assert.ok(textUnsubscribe, mail.text);
      assertLightHtml(mail, app.baseUrl);
      assert.match(mail.html!, new RegExp(`<html lang="${htmlLangOf('lo')}"`));
      assert.ok(mail.html!.includes(`<a href="${eventUrl}">${itemText}</a>`), 'the item links to the event, in Lao');
      const header = (name: string) => mail.raw.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '') ?? '';
      const listUnsubscribe = /^<([^>]+)>$/.exec(header('list-unsubscribe'))?.[1];
      assert.ok(listUnsubscribe, `List-Unsubscribe: ${header('list-unsubscribe')}`);
      assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.equal(textUnsubscribe, listUnsubscribe, 'the same link in the body and the header');
      assert.ok(mail.html!.includes(`href="${listUnsubscribe}"`), 'and in the HTML');
      assert.deepEqual(await sendDueEmails(app.t.app.mosaic.db, settings, new Date(slot.getTime() + 120_000)), { immediate: 0, digests: 0 }, 'nothing twice');

      // The link works signed out, in a browser asking for English: the page is in Lao.
      const visitor = await newPage('en-GB');
      await visitor.goto(listUnsubscribe);
      assert.equal(await htmlLang(visitor), 'lo');
      await waitVisible(visitor.getByRole('heading', { level: 1, name: ui('lo', 'notif.unsub.title') }), 'the unsubscribe page');
      assert.equal(await visitor.getByRole('button', { name: ui('lo', 'nav.sign_out') }).count(), 0, 'not signed in');
      await visitor.getByRole('button', { name: ui('lo', 'notif.unsub.button') }).click();
      await waitVisible(visitor.getByRole('status').filter({ hasText: ui('lo', 'notif.unsub.done') }), 'the unsubscribed notice');
      const unsubViolations = await axeViolations(visitor);
      assert.equal(unsubViolations.length, 0, formatViolations('unsubscribe page', unsubViolations));
      assert.equal((await preferencesOf(app.t.app.mosaic.db, memberId)).followed_activity, 'off');
      await member.goto('/lo/notifications/preferences');
      assert.equal(await followed.getByRole('radio', { name: ui('lo', 'notif.mode.off') }).isChecked(), true, 'the member’s own page shows it off');

      // The draft of the same organisation told nobody.
      const draftNotes = await app.t.app.mosaic.db.selectFrom('notifications').select('id').where('subject_id', '=', draftEventId).execute();
      assert.equal(draftNotes.length, 0);
    });
  });

  describe('calendar feeds', () => {
    test('the feeds an event page and the events page announce parse with ical.js and hold the event', async () => {
      assert.ok(eventId, 'the event of the digest test');
      const reader = await feedReader();
      const page = await newPage('en-GB');
      const checked: string[] = [];
      // The last visit is unprefixed after a Lao one: the language cookie shows it in Lao.
      for (const [path, locale] of [
        [`/events/${eventId}`, 'en'],
        ['/events?space=LA', 'en'],
        [`/lo/events/${eventId}`, 'lo'],
        ['/lo/events', 'lo'],
        [`/events/${eventId}`, 'lo'],
      ] as const) {
        await page.goto(path);
        assert.equal(await htmlLang(page), locale, path);
        const feeds = await announcedFeeds(page, ['text/calendar']);
        assert.ok(feeds.length >= 1, `${path} announces a calendar`);
        assert.ok(feeds.every((f) => new URL(f.url).pathname.startsWith(`/${locale}/`)), `${path} announces its language’s calendars`);
        if (path.includes(eventId)) assert.ok(feeds.some((f) => f.url.endsWith(`/events.ics?event=${eventId}`)), `${path} announces the event’s own calendar`);
        for (const { url } of feeds) {
          const res = await reader.get(url);
          assert.equal(res.status(), 200, url);
          assert.match(res.headers()['content-type'] ?? '', /^text\/calendar; charset=utf-8/);
          const cal = new ICAL.Component(ICAL.parse(await res.text()));
          assert.equal(cal.name, 'vcalendar');
          assert.equal(cal.getFirstPropertyValue('version'), '2.0');
          const vevents = cal.getAllSubcomponents('vevent');
          assert.ok(vevents.every((v) => v.getFirstPropertyValue('url') !== app.url(`/events/${draftEventId}`)), `no draft in ${url}`);
          const ours = vevents.filter((v) => v.getFirstPropertyValue('url') === app.url(`/events/${eventId}`));
          assert.equal(ours.length, 1, `${url} holds the event once (one session)`);
          const ev = ours[0]!;
          // The feed is in the language of the page that announced it, whatever the reader's headers.
          assert.equal(ev.getFirstPropertyValue('summary'), EVENT_TITLE[locale], url);
          assert.equal(ev.getFirstPropertyValue('location'), `${VENUE.name}, ${VENUE.address}`);
          assert.equal(ev.getFirstPropertyValue('status'), 'CONFIRMED');
          // 19:00–22:00 in Vientiane (UTC+7), written as UTC times.
          const start = ev.getFirstPropertyValue('dtstart') as ICAL.Time;
          const end = ev.getFirstPropertyValue('dtend') as ICAL.Time;
          assert.equal(start.zone?.tzid, 'UTC');
          assert.equal(start.toJSDate().toISOString(), `${eventDay}T12:00:00.000Z`);
          assert.equal(end.toJSDate().toISOString(), `${eventDay}T15:00:00.000Z`);
          const vientiane = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Vientiane', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
          assert.equal(vientiane.format(start.toJSDate()), `${eventDay.split('-').reverse().join('/')}, 19:00`);
          assert.equal(vientiane.format(end.toJSDate()), `${eventDay.split('-').reverse().join('/')}, 22:00`);
          assert.ok(ev.getFirstPropertyValue('uid'));
          checked.push(url);
        }
      }
      assert.ok(checked.length >= 8, checked.join('\n'));
    });
  });

  describe('news and opportunity feeds', () => {
    test('the Atom and RSS feeds /news and /opportunities announce are well-formed, parse, and hold only what is published', async () => {
      const { db } = app.t.app.mosaic;
      // The editor publishes a post through the form.
      const editor = await signedIn('editor@example.org', 'en');
      const title = { en: 'Khene & voice: the <river> programme', lo: 'ແຄນ ແລະ ສຽງ: ລາຍການລິມນ້ຳ' };
      await editor.goto('/news?space=LA');
      await editor.getByRole('link', { name: ui('en', 'news.new') }).click();
      await editor.locator('[name="title.en"]').fill(title.en);
      await editor.locator('[name="title.lo"]').fill(title.lo);
      await editor.locator('[name="summary.en"]').fill('Three evenings of khene music by the Mekong.');
      await editor.locator('[name="body.en"]').fill('The programme, evening by evening.');
      await editor.getByLabel(ui('en', 'news.field.status')).selectOption('published');
      await editor.getByRole('button', { name: ui('en', 'news.save') }).click();
      await waitVisible(editor.getByRole('heading', { level: 1, name: title.en }), 'the new post');
      const postId = /\/news\/([0-9a-f-]{36})$/.exec(new URL(editor.url()).pathname)![1]!;
      // What must stay out of every feed: a draft, a post scheduled for later, an archived post.
      const hidden = [
        { en: 'Draft: not for readers', lo: 'ຮ່າງບົດຂ່າວທີ່ຍັງບໍ່ເຜີຍແຜ່', status: 'draft', publishAt: new Date().toISOString() },
        { en: 'Scheduled: next year', lo: 'ຂ່າວທີ່ກຳນົດໄວ້ປີໜ້າ', status: 'published', publishAt: new Date(Date.now() + 365 * 86400_000).toISOString() },
        { en: 'Archived: last season', lo: 'ຂ່າວເກັບມ້ຽນລະດູທີ່ແລ້ວ', status: 'archived', publishAt: new Date(Date.now() - 86400_000).toISOString() },
      ];
      for (const h of hidden) await createPost(db, editorP, laId, { title: { en: h.en, lo: h.lo }, summary: { en: h.en }, status: h.status, publishAt: h.publishAt }, TEST_ACTOR);
      // An open call and a draft one.
      const la = { id: laId, code: 'LA' };
      const deadline = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 16);
      const call = { en: 'Call for khene makers', lo: 'ເຊີນຊ່າງເຮັດແຄນ' };
      const open = await createOpportunity(db, editorP, la, { kind: 'call', title: call, description: { en: 'Makers of the khene.' }, deadline, timeZone: 'Asia/Vientiane', applyUrl: 'https://apply.example.org/khene', status: 'open' }, TEST_ACTOR);
      await createOpportunity(db, editorP, la, { kind: 'grant', title: { en: 'Draft grant not for readers', lo: 'ທຶນຮ່າງທີ່ຍັງບໍ່ເປີດ' }, description: { en: 'x' }, deadline, timeZone: 'Asia/Vientiane', applyUrl: 'https://apply.example.org/draft', status: 'draft' }, TEST_ACTOR);

      const reader = await feedReader();
      const parser = new Parser();
      const page = await newPage('en-GB');
      const expected: Record<string, { id: string; title: Record<'en' | 'lo', string>; path: string; hidden: string[] }> = {
        news: { id: postId, title, path: `/news/${postId}`, hidden: hidden.flatMap((h) => [h.en, h.lo]) },
        opportunities: { id: open.id, title: call, path: `/opportunities/${open.id}`, hidden: ['Draft grant not for readers', 'ທຶນຮ່າງທີ່ຍັງບໍ່ເປີດ'] },
      };
      const seen: string[] = [];
      for (const [section, locale] of [
        ['news', 'en'],
        ['news', 'lo'],
        ['opportunities', 'en'],
        ['opportunities', 'lo'],
      ] as const) {
        const want = expected[section]!;
        await page.goto(`/${locale}/${section}?space=LA`);
        const feeds = await announcedFeeds(page, ['application/atom+xml', 'application/rss+xml']);
        assert.ok(feeds.length >= 1, `/${locale}/${section} announces a feed`);
        if (section === 'news') assert.deepEqual(feeds.map((f) => f.type).sort(), ['application/atom+xml', 'application/rss+xml']);
        for (const feed of feeds) {
          const res = await reader.get(feed.url);
          assert.equal(res.status(), 200, feed.url);
          assert.equal((res.headers()['content-type'] ?? '').split(';')[0], feed.type, `${feed.url} is served as announced`);
          const xml = await res.text();
          assert.deepEqual(await wellFormednessErrors(xml), [], `${feed.url} is well-formed XML`);
          const parsed = await parser.parseString(xml);
          const item = parsed.items.find((i) => (i.guid ?? i.id) === `urn:uuid:${want.id}`);
          assert.ok(item, `${feed.url} holds the ${section} item`);
          // In the language of the page that announced it, linking to that language's page.
          assert.equal(item.title, want.title[locale], feed.url);
          assert.equal(item.link, app.url(`/${locale}${want.path}`), feed.url);
          for (const text of want.hidden) assert.ok(!xml.includes(text), `${feed.url} leaves out “${text}”`);
          assert.ok(parsed.items.every((i) => i.title && i.link?.startsWith(`${app.baseUrl}/${locale}/${section}/`)), feed.url);
          seen.push(feed.url);
        }
      }
      assert.equal(seen.length, 6, seen.join('\n'));

      // The links of the feed lead to the item's page, in the feed's language, for a visitor.
      const laoAtom = await parser.parseString(await (await reader.get(app.url('/lo/news/feed.atom?space=LA'))).text());
      await page.goto(laoAtom.items.find((i) => i.id === `urn:uuid:${postId}`)!.link!);
      assert.equal(await htmlLang(page), 'lo');
      await waitVisible(page.getByRole('heading', { level: 1, name: title.lo }), 'the post from the feed link');
    });
  });
});

/** Light HTML: no script, style sheet, image or form, and links only to the site itself. */
function assertLightHtml(mail: ReceivedMail, baseUrl: string): void {
  const html = mail.html;
  assert.ok(html, 'an HTML part');
  assert.ok(mail.text.trim().length > 0, 'a plain-text part');
  assert.doesNotMatch(html, /<(script|style|link|img|iframe|form|object|embed)\b/i);
  const hrefs = [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1]!);
  assert.ok(hrefs.length >= 3, html);
  for (const href of hrefs) assert.ok(href.startsWith(`${baseUrl}/`), `a link off the site: ${href}`);
  assert.doesNotMatch(html, /\bsrc=/i);
}
