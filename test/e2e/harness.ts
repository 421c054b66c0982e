/**
 * Shared pieces of the end-to-end tests: finding and launching Debian's Chromium through
 * playwright-core, running the app in-process on a real loopback port with a real SMTP server
 * and the worker loop, and running axe-core on a page.
 *
 * Browser: MOSAIC_CHROMIUM, else /usr/bin/chromium. When it is missing the e2e tests are skipped
 * with a message on a developer machine, and fail with a clear message under CI=true.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { describe, test } from 'node:test';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Locale } from '../../src/platform/i18n/locales.js';
import { readCatalogue } from '../../src/platform/i18n/messages.js';
import { startWorker } from '../../src/platform/jobs/worker.js';
import { jobHandlers } from '../../src/modules/jobs.js';
import { createTransport } from '../../src/platform/mail/outbox.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

/** Where the browser is expected. */
export const CHROMIUM_PATH = process.env.MOSAIC_CHROMIUM?.trim() || '/usr/bin/chromium';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const browserFound = isExecutable(CHROMIUM_PATH);
const inCi = process.env.CI === 'true';

/**
 * The reason to skip the e2e tests, or false to run them. Under CI=true a missing browser is
 * never skipped: `launchBrowser()` then fails with a message saying what to install.
 */
export const SKIP_E2E: string | false =
  browserFound || inCi ? false : `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set MOSAIC_CHROMIUM to run the browser tests`;

/**
 * Declares a suite of browser tests. Without a browser (and not under CI) it becomes one skipped
 * test carrying the reason, so the skip shows in the counts of scripts/test.mjs.
 */
export function e2eSuite(name: string, fn: () => void): void {
  if (SKIP_E2E) {
    test(name, { skip: SKIP_E2E }, () => {});
    return;
  }
  describe(name, fn);
}

/** Launches headless Chromium with no network services of its own (loopback traffic only). */
export async function launchBrowser(env: Record<string, string> = {}): Promise<Browser> {
  if (!browserFound) {
    throw new Error(
      `E2E: no Chromium executable at ${CHROMIUM_PATH}${inCi ? ' and CI=true, so the browser tests cannot be skipped' : ''}. ` +
        'Install it with "apt-get install -y chromium fonts-noto-core fonts-lao" or set MOSAIC_CHROMIUM to its path.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...(Object.keys(env).length ? { env: { ...process.env, ...env } as Record<string, string> } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A free TCP port on loopback (asked from the OS, then released for the app to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The app listening on loopback, with its SMTP server and worker. */
export interface E2eApp {
  t: TestApp;
  smtp: TestSmtp;
  /** http://127.0.0.1:PORT, also the app's BASE_URL, so links in emails open in the browser. */
  baseUrl: string;
  /** Absolute URL of a path. */
  url(path: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the app on a fresh test database (SQLite or PostgreSQL, as for every test) on a free
 * port, with a real SMTP server and the worker loop delivering the outbox every 200 ms.
 */
export async function startE2eApp(): Promise<E2eApp> {
  const smtp = await startSmtp();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ SMTP_URL: smtp.url, BASE_URL: baseUrl });
  await t.app.listen({ port, host: '127.0.0.1' });
  const stopWorker = startWorker({
    db: t.app.mosaic.db,
    transport: createTransport(smtp.url),
    mailFrom: t.config.mailFrom,
    handlers: jobHandlers(t.app.mosaic),
    log: t.app.log,
    intervalMs: 200,
  });
  return {
    t,
    smtp,
    baseUrl,
    url: (path) => baseUrl + path,
    async stop() {
      await stopWorker();
      await t.close();
      await smtp.close();
    },
  };
}

/** An actor for records the tests create through the services. */
export const TEST_ACTOR = { userId: null, label: 'e2e-test' };

/** Waits until `locator` is visible; fails with `what` after the timeout. */
export async function waitVisible(locator: Locator, what: string, timeout = 10_000): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`not visible after ${timeout} ms: ${what}`);
  }
}

/** Waits until `locator` matches nothing visible. */
export async function waitHidden(locator: Locator, what: string, timeout = 10_000): Promise<void> {
  try {
    await locator.waitFor({ state: 'hidden', timeout });
  } catch {
    throw new Error(`still visible after ${timeout} ms: ${what}`);
  }
}

/**
 * A plain (placeholder-free) string of a UI catalogue (locales/<tag>.json merged with the module
 * catalogues), so the tests look for what a reader of that language sees without copying it.
 */
export function ui(locale: Locale, key: string): string {
  const value = readCatalogue(locale)[key];
  if (!value || value.includes('{')) throw new Error(`the ${locale} catalogue has no plain string for ${key}`);
  return value;
}

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The `lang` attribute of the page's <html>. */
export function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

// ---- axe-core --------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');

/** The WCAG 2.0/2.1 A and AA rules. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the current page and returns its violations.
 *
 * The axe source goes in with page.evaluate, which runs in the page but is not subject to the
 * page's Content-Security-Policy (an inline <script> from addScriptTag would be refused by
 * `script-src 'self'`). We deliberately do not use bypassCSP: the pages are checked under the
 * same CSP real visitors get, so a style or script the CSP blocks would show in the result.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations;
}

/** A readable report of violations: rule id, help, impact and each node's target and summary. */
export function formatViolations(label: string, violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${JSON.stringify(n.target)}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      return `  ${label}: [${v.impact ?? 'n/a'}] ${v.id} — ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}
