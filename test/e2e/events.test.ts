/**
 * Events end to end in headless Chromium, with mail delivered over SMTP by the worker: an editor
 * creates an event with one place → two members register (the second is waitlisted) → the first
 * cancels → the second is promoted and receives the email → check-in by code → the attendance
 * is downloaded as CSV; then a series is created and followed, and a file uploaded as the
 * event's material from the library.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setRole, getSpace } from '../../src/modules/spaces/spaces.service.js';
import { axeViolations, e2eSuite, formatViolations, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitVisible, type E2eApp } from './harness.js';

const PASSWORD = 'events-e2e-password-1';

e2eSuite('events in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'en-GB', acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel(ui('en', 'field.email'), { exact: true }).fill(email);
    await page.getByLabel(ui('en', 'field.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: ui('en', 'login.submit') }).click();
    await waitVisible(page.getByRole('navigation', { name: ui('en', 'nav.account') }).getByRole('button', { name: ui('en', 'nav.sign_out') }), `${email} signed in`);
    return page;
  }

  before(async () => {
    browser = await launchBrowser();
    app = await startE2eApp();
    const { accounts, db } = app.t.app.mosaic;
    await accounts.createPlatformAdmin({ email: 'root@example.org', password: PASSWORD, displayName: 'Root' }, TEST_ACTOR);
    const la = await getSpace(db, 'LA');
    for (const [email, name, role] of [
      ['editor@example.org', 'Vilayphone Editor', 'editor'],
      ['noy@example.org', 'Noy Sisouk', 'member'],
      ['bee@example.org', 'Bee Vongsa', 'member'],
    ] as const) {
      const { id } = await db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: name, locale: 'en' }, TEST_ACTOR));
      await accounts.setPasswordByEmail(email, PASSWORD, TEST_ACTOR);
      await db.transaction().execute((trx) => setRole(trx, TEST_ACTOR, null, la.id, id, role));
    }
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  test('create, register, waitlist, cancel, promotion email, check-in by code, CSV export', async () => {
    // The editor creates an event with one place.
    const editor = await signedIn('editor@example.org');
    await editor.goto('/events?space=LA');
    await editor.getByRole('link', { name: ui('en', 'events.new') }).click();
    await editor.waitForURL(/\/events\/new\?space=LA$/);
    await editor.getByLabel(ui('en', 'events.field.type')).selectOption('workshop');
    await editor.locator('[name="title.en"]').fill('Indigo dyeing workshop');
    const day = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    await editor.locator('[name="sessions.0.start"]').fill(`${day}T09:00`);
    await editor.locator('[name="sessions.0.end"]').fill(`${day}T12:00`);
    await editor.getByLabel(ui('en', 'events.field.venue')).fill('Ock Pop Tok centre');
    await editor.getByLabel(ui('en', 'events.field.capacity')).fill('1');
    await editor.getByLabel(ui('en', 'events.field.status')).selectOption('published');
    await editor.getByRole('button', { name: ui('en', 'events.save') }).click();
    await waitVisible(editor.getByRole('heading', { level: 1, name: 'Indigo dyeing workshop' }), 'the new event page');
    const eventPath = new URL(editor.url()).pathname;
    assert.match(await editor.getByRole('main').innerText(), /09:00–12:00 \(Asia\/Vientiane\)/);

    // Two members register: the first gets the place, the second the waitlist.
    const noy = await signedIn('noy@example.org');
    await noy.goto(eventPath);
    await noy.getByRole('button', { name: ui('en', 'events.register') }).click();
    await waitVisible(noy.getByText(ui('en', 'events.you_are_registered'), { exact: true }), 'Noy registered');
    const bee = await signedIn('bee@example.org');
    await bee.goto(eventPath);
    await bee.getByRole('button', { name: ui('en', 'events.register') }).click();
    await waitVisible(bee.getByText(ui('en', 'events.you_are_waitlisted'), { exact: true }), 'Bee waitlisted');
    await app.smtp.waitFor((m) => m.to.includes('bee@example.org') && m.subject.startsWith('Waitlist'));

    // The first cancels; the second is promoted and told by email, with the calendar invitation.
    await noy.getByRole('button', { name: ui('en', 'events.cancel_registration') }).click();
    await waitVisible(noy.getByRole('status').filter({ hasText: ui('en', 'events.notice.cancelled') }), 'the cancellation notice');
    const promoted = await app.smtp.waitFor((m) => m.to.includes('bee@example.org') && m.subject.startsWith('A place is yours'));
    assert.ok(promoted.raw.attachments.some((a) => a.filename === 'event.ics' && /BEGIN:VCALENDAR/.test(a.content.toString('utf8'))));
    const mailCode = /check-in code: ([A-Z0-9]{6})/.exec(promoted.text)?.[1];
    assert.ok(mailCode, 'the promotion email carries the check-in code');
    await bee.reload();
    await waitVisible(bee.getByText(ui('en', 'events.you_are_registered'), { exact: true }), 'Bee now registered');
    const code = (await bee.locator('.token').innerText()).trim();
    assert.equal(code, mailCode);
    assert.equal(await bee.locator('.qr svg').count(), 1, 'QR code drawn as inline SVG');

    // Check-in by code at the door, once per session.
    await editor.goto(`${eventPath}/checkin`);
    await editor.getByLabel(ui('en', 'events.field.code')).fill(code.toLowerCase());
    await editor.getByRole('button', { name: ui('en', 'events.checkin_button'), exact: true }).click();
    await waitVisible(editor.getByRole('status').filter({ hasText: /Bee Vongsa checked in at \d\d:\d\d/ }), 'the check-in notice');
    await editor.getByLabel(ui('en', 'events.field.code')).fill(code);
    await editor.getByRole('button', { name: ui('en', 'events.checkin_button'), exact: true }).click();
    await waitVisible(editor.getByRole('alert').filter({ hasText: /already checked in at \d\d:\d\d/ }), 'the second scan is refused with the time');

    // Attendance downloaded as CSV.
    await editor.goto(`${eventPath}/attendance`);
    const [download] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('link', { name: ui('en', 'events.export_csv') }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith('Bee Vongsa'));
    assert.ok(line, csv);
    assert.match(line, new RegExp(`,${code},`));
    assert.match(line, /,Confirmed,/);
    assert.match(line, /,\d\d:\d\d(,|$)/, 'the check-in time of the session');
    assert.ok(csv.split('\r\n').some((l) => l.startsWith('Noy Sisouk') && l.includes('Cancelled')));

    // A series: created by the editor, followed by a member from its page.
    await editor.goto('/events/series/new?space=LA');
    await editor.locator('[name="title.en"]').fill('Vientiane Film Week');
    await editor.getByRole('button', { name: ui('en', 'events.save') }).click();
    await waitVisible(editor.getByRole('heading', { level: 1, name: 'Vientiane Film Week' }), 'the series page');
    const seriesPath = new URL(editor.url()).pathname;
    await bee.goto(seriesPath);
    await bee.getByRole('button', { name: ui('en', 'notif.follow.follow') }).click();
    await waitVisible(bee.getByRole('button', { name: ui('en', 'notif.follow.unfollow') }), 'Bee follows the series');

    // A handout uploaded as the event's material becomes a library resource Bee can download.
    await editor.goto(`${eventPath}/materials`);
    await editor.getByLabel(ui('en', 'events.materials.file_title')).fill('Indigo handout');
    await editor.locator('input[type="file"][name="file"]').setInputFiles({ name: 'handout.txt', mimeType: 'text/plain', buffer: Buffer.from('Indigo vat: water, lime, indigo paste.\n') });
    await editor.getByRole('button', { name: ui('en', 'events.materials.upload_button') }).click();
    await waitVisible(editor.getByRole('status').filter({ hasText: ui('en', 'events.materials.notice.added') }), 'the material notice');
    await bee.goto(eventPath);
    await waitVisible(bee.getByRole('link', { name: 'handout.txt' }), 'the download link on the event page');
    assert.match(await bee.getByRole('main').innerText(), /Indigo handout[\s\S]*\(TXT, \d+ bytes\)/);

    // The event pages pass the WCAG 2.1 A/AA rules of axe-core, in English and Lao.
    const month = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 7);
    const report: string[] = [];
    for (const [page, path] of [
      [editor, '/events?space=LA'],
      [editor, `/events?space=LA&view=calendar&month=${month}`],
      [editor, `/lo${eventPath}`],
      [editor, `${eventPath}/edit`],
      [editor, `${eventPath}/checkin`],
      [editor, `${eventPath}/attendance`],
      [editor, `${eventPath}/materials`],
      [editor, `${seriesPath}/edit`],
      [editor, '/events/series?space=LA'],
      [bee, seriesPath],
      [bee, `/lo${seriesPath.replace(/^\/[a-z]{2}(-[a-z]+)?\//, '/')}`],
      [bee, eventPath],
      [bee, '/events/mine'],
    ] as const) {
      await page.goto(path);
      const violations = await axeViolations(page);
      if (violations.length) report.push(formatViolations(path, violations));
    }
    assert.equal(report.length, 0, report.join('\n'));
  });
});
