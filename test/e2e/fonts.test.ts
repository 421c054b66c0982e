/**
 * The Lao web font is referenced only through an @font-face unicode-range, so a browser with no
 * Lao font of its own downloads it for pages that show Lao text and for nothing else. The
 * browser here runs with a fontconfig that hides the system's Lao fonts (local() would match
 * them and nothing would be fetched).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { e2eSuite, launchBrowser, startE2eApp, TEST_ACTOR, ui, waitVisible, type E2eApp } from './harness.js';

e2eSuite('the Lao web font', () => {
  let app: E2eApp;
  let browser: Browser;
  let fontDir: string;

  before(async () => {
    fontDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-fontconfig-'));
    // Only DejaVu (no Lao glyphs), when present; otherwise no system fonts at all.
    const dejavu = '/usr/share/fonts/truetype/dejavu';
    writeFileSync(
      path.join(fontDir, 'fonts.conf'),
      `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${existsSync(dejavu) ? `<dir>${dejavu}</dir>` : ''}<cachedir>${fontDir}/cache</cachedir></fontconfig>`,
    );
    browser = await launchBrowser({ FONTCONFIG_FILE: path.join(fontDir, 'fonts.conf') });
    app = await startE2eApp();
    await app.t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, TEST_ACTOR);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (fontDir) rmSync(fontDir, { recursive: true, force: true });
  });

  /** Opens a page in a fresh context (empty cache) and returns the font files it downloads. */
  async function fontsFetched(pathname: string, act?: (page: Page) => Promise<void>): Promise<string[]> {
    const context = await browser.newContext({ baseURL: app.baseUrl });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      const fonts: string[] = [];
      page.on('requestfinished', (r) => {
        if (r.resourceType() === 'font') fonts.push(new URL(r.url()).pathname.replace(/^\/static\/([a-z0-9-]+)\.[0-9a-f]+\.woff2$/, '$1'));
      });
      await page.goto(pathname);
      await act?.(page);
      // Fonts load after layout; wait until the document's fonts are settled and the network is idle.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.waitForLoadState('networkidle');
      return fonts.sort();
    } finally {
      await context.close();
    }
  }

  test('English pages fetch no font', async () => {
    assert.deepEqual(await fontsFetched('/en/'), []);
    assert.deepEqual(await fontsFetched('/en/login'), []);
  });

  test('Lao pages fetch the regular and bold Lao faces', async () => {
    assert.deepEqual(await fontsFetched('/lo/'), ['lao-400', 'lao-700']);
  });

  test('opening the language menu (which names Lao in Lao script) fetches the regular face', async () => {
    const fonts = await fontsFetched('/en/', async (page) => {
      await page.getByRole('group').getByText(`English — ${ui('en', 'nav.language')}`).click();
      await waitVisible(page.getByRole('link', { name: 'ລາວ' }), 'the Lao entry of the language menu');
    });
    assert.deepEqual(fonts, ['lao-400']);
  });
});
