/**
 * Page weight of a first visit (empty cache, no cookies): for each public page, the compressed
 * bytes of the HTML plus every stylesheet and script it references, against the budgets
 * (HTML ≤ 14 KB — about what fits in the first round trips of a new connection — and
 * HTML+CSS+JS ≤ 30 KB). Fonts and images are excluded from the total; whether the Lao web
 * font would be fetched (it is only referenced through an @font-face unicode-range) is reported
 * separately with its size.
 *
 * The app runs in-process on a temporary SQLite DATA_DIR with the demo data, listening on
 * loopback; the pages are fetched over real HTTP with `Accept-Encoding: br, gzip`, and the body
 * bytes are counted as they come off the wire (headers not included).
 *
 * Run: npx tsx bench/page-weight.ts (exit status 1 when a page is over budget), or npm run bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadDemoData } from '../src/modules/demo/demo.service.js';
import { CLI_ACTOR } from '../src/platform/audit/audit.js';
import { getSpace } from '../src/modules/spaces/spaces.service.js';

/** Budgets in bytes (compressed). */
export const BUDGET = { html: 14 * 1024, total: 30 * 1024 } as const;

/** The pages measured, with the status each must answer. */
export const PAGES: { path: string; status: number }[] = [
  { path: '/', status: 200 },
  { path: '/spaces', status: 200 },
  { path: '/spaces/LA', status: 200 },
  { path: '/spaces/UZ', status: 200 },
  { path: '/spaces/RW', status: 200 },
  { path: '/login', status: 200 },
  { path: '/register', status: 200 },
  { path: '/password/forgot', status: 200 },
  { path: '/search', status: 200 },
  { path: '/api', status: 200 },
  { path: '/organizations?space=LA', status: 200 },
  { path: '/lo/organizations?space=LA', status: 200 },
  { path: '/organizations/map?space=LA', status: 200 },
  { path: '/uz-cyrl/organizations?space=UZ', status: 200 },
  { path: '/people?space=RW', status: 200 },
  { path: '/search?q=silk', status: 200 },
  { path: '/this-page-does-not-exist', status: 404 },
  { path: '/lo/', status: 200 },
  { path: '/lo/spaces/LA', status: 200 },
  { path: '/uz-cyrl/spaces/UZ', status: 200 },
  { path: '/rw/', status: 200 },
  { path: '/events?space=LA', status: 200 },
  { path: '/lo/events?space=LA', status: 200 },
  { path: '/events?space=UZ&view=calendar', status: 200 },
  // `{event}`: the first upcoming demo event of Lao PDR (ids differ on every run).
  { path: '/events/{event}', status: 200 },
  { path: '/lo/events/{event}', status: 200 },
  { path: '/library?space=LA', status: 200 },
  { path: '/lo/library?space=LA&q=ຜ້າ', status: 200 },
  { path: '/news?space=LA', status: 200 },
  { path: '/opportunities?space=RW', status: 200 },
  { path: '/groups?space=UZ', status: 200 },
];

const ACCEPT_ENCODING = 'br, gzip';

interface Fetched {
  status: number;
  encoding: string;
  /** Body bytes as sent (compressed when an encoding was applied). */
  wire: Buffer;
  /** The decoded body. */
  body: Buffer;
}

function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { 'accept-encoding': ACCEPT_ENCODING, 'accept-language': 'en-GB,en;q=0.9', accept: '*/*' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'identity');
        const body = encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, encoding, wire, body });
      });
    });
    req.on('error', reject);
  });
}

/** Attributes of every `<tag …>` in the HTML. */
function tags(html: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      attrs[a[1]!.toLowerCase()] = (a[2] ?? a[3] ?? a[4] ?? '').replace(/&amp;/g, '&');
    }
    out.push(attrs);
  }
  return out;
}

/** URLs of the stylesheets and scripts a page loads. */
function referencedAssets(html: string): { css: string[]; js: string[] } {
  const css = tags(html, 'link')
    .filter((a) => (a.rel ?? '').toLowerCase().split(/\s+/).includes('stylesheet') && a.href)
    .map((a) => a.href!);
  const js = tags(html, 'script')
    .filter((a) => a.src)
    .map((a) => a.src!);
  return { css: [...new Set(css)], js: [...new Set(js)] };
}

/** A web font declared with a unicode-range. */
export interface RangedFont {
  family: string;
  weight: number;
  url: string;
  ranges: [number, number][];
  bytes: number;
}

function parseRanges(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from!.replace(/\?/g, '0'), 16);
    const end = to ? parseInt(to, 16) : parseInt(from!.replace(/\?/g, 'F'), 16);
    return [start, end];
  });
}

/** The @font-face rules of a stylesheet that carry a unicode-range and a url() source. */
function rangedFontFaces(css: string): Omit<RangedFont, 'bytes'>[] {
  const out: Omit<RangedFont, 'bytes'>[] = [];
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const block = m[1] ?? '';
    const range = /unicode-range\s*:\s*([^;]+)/i.exec(block)?.[1];
    const url = /url\(\s*["']?([^"')]+)["']?\s*\)/i.exec(block)?.[1];
    if (!range || !url) continue;
    out.push({
      family: (/font-family\s*:\s*["']?([^;"']+)/i.exec(block)?.[1] ?? '').trim(),
      weight: Number(/font-weight\s*:\s*(\d+)/i.exec(block)?.[1] ?? 400),
      url,
      ranges: parseRanges(range),
    });
  }
  return out;
}

/**
 * Text a first view of the page renders, split into regular and bold: the <head>, scripts and
 * the content of closed <details> (the language menu) are not rendered, so they need no font.
 * Bold: headings, strong/b, table headers, labels, buttons, <dt>, the current main-menu link,
 * .brand and .error (all 600–700 in app.css, which picks the 700 face). An estimate from the
 * markup, not a layout engine, but it follows app.css.
 */
function renderedText(html: string): { regular: string; bold: string } {
  let body = html.replace(/<head\b[\s\S]*?<\/head>/i, '').replace(/<script\b[\s\S]*?<\/script>/gi, '');
  body = body.replace(/<details\b([^>]*)>([\s\S]*?)<\/details>/gi, (all, attrs: string, inner: string) =>
    /\bopen\b/.test(attrs) ? all : (/<summary\b[\s\S]*?<\/summary>/i.exec(inner)?.[0] ?? ''),
  );
  const bold: string[] = [];
  const take = (re: RegExp, group: number) => {
    body = body.replace(re, (...m: string[]) => {
      bold.push(m[group] ?? '');
      return ' ';
    });
  };
  take(/<(h[1-6]|strong|b|th|label|button|dt)\b[^>]*>([\s\S]*?)<\/\1>/gi, 2);
  take(/<a\b[^>]*aria-current="page"[^>]*>([\s\S]*?)<\/a>/gi, 1);
  take(/<(\w+)\b[^>]*class="[^"]*\b(?:brand|error)\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/gi, 2);
  const strip = (s: string) => s.replace(/<[^>]*>/g, ' ');
  return { regular: strip(body), bold: strip(bold.join(' ')) };
}

function usesRange(text: string, ranges: [number, number][]): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ranges.some(([a, b]) => cp >= a && cp <= b)) return true;
  }
  return false;
}

/** One measured page. */
export interface PageRow {
  path: string;
  status: number;
  encoding: string;
  htmlBytes: number;
  assetBytes: number;
  total: number;
  assets: string[];
  htmlOk: boolean;
  totalOk: boolean;
  /** The unicode-range fonts a browser without a matching local font would fetch. */
  rangedFonts: RangedFont[];
}

/** The whole measurement. */
export interface PageWeightReport {
  rows: PageRow[];
  fonts: RangedFont[];
  ok: boolean;
}

/** Starts the app with demo data on a temp DATA_DIR, measures every page, stops the app. */
export async function measurePageWeight(pages = PAGES): Promise<PageWeightReport> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0' });
  const app = await buildApp(config, { logger: false });
  try {
    // The demo data creates accounts, so the site counts as installed (no /setup redirect).
    await loadDemoData(app.mosaic.db, app.mosaic.accounts, CLI_ACTOR, { files: app.mosaic.files });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const assetCache = new Map<string, Fetched>();
    const fetchAsset = async (url: string): Promise<Fetched> => {
      let hit = assetCache.get(url);
      if (!hit) {
        hit = await get(url);
        if (hit.status !== 200) throw new Error(`GET ${url} answered ${hit.status}`);
        assetCache.set(url, hit);
      }
      return hit;
    };

    const fonts: RangedFont[] = [];
    const rows: PageRow[] = [];
    const { items: upcoming } = await app.mosaic.events.listEvents({ userId: null, isPlatformAdmin: false, roles: new Map() }, { spaceIds: [(await getSpace(app.mosaic.db, 'LA')).id] }, 1, 0);
    for (const page of pages) {
      const url = new URL(page.path.replace('{event}', upcoming[0]?.id ?? 'none'), origin).href;
      const res = await get(url);
      if (res.status !== page.status) throw new Error(`GET ${page.path} answered ${res.status}, expected ${page.status}`);
      const html = res.body.toString('utf8');
      const { css, js } = referencedAssets(html);
      let assetBytes = 0;
      const pageFonts: RangedFont[] = [];
      for (const href of [...css, ...js]) {
        const asset = await fetchAsset(new URL(href, url).href);
        assetBytes += asset.wire.length;
        if (css.includes(href)) {
          for (const face of rangedFontFaces(asset.body.toString('utf8'))) {
            const fontUrl = new URL(face.url, new URL(href, url)).href;
            let font = fonts.find((f) => f.url === fontUrl);
            if (!font) {
              font = { ...face, url: fontUrl, bytes: (await fetchAsset(fontUrl)).wire.length };
              fonts.push(font);
            }
            pageFonts.push(font);
          }
        }
      }
      const text = renderedText(html);
      const rangedFonts = pageFonts.filter((f) => usesRange(f.weight >= 600 ? text.bold : text.regular, f.ranges));
      const total = res.wire.length + assetBytes;
      rows.push({
        path: page.path,
        status: res.status,
        encoding: res.encoding,
        htmlBytes: res.wire.length,
        assetBytes,
        total,
        assets: [...css, ...js],
        htmlOk: res.wire.length <= BUDGET.html,
        totalOk: total <= BUDGET.total,
        rangedFonts,
      });
    }
    return { rows, fonts, ok: rows.every((r) => r.htmlOk && r.totalOk) };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pad(value: string | number, width: number, right = false): string {
  const s = String(value);
  return right ? s.padStart(width) : s.padEnd(width);
}

/** Prints the table and the font note. */
export function printPageWeight(report: PageWeightReport, out: (line: string) => void = console.log): void {
  const lao = report.fonts.filter((f) => /lao/i.test(f.family));
  out(`Page weight, first visit (empty cache, no cookies), Accept-Encoding: ${ACCEPT_ENCODING}`);
  out(`Compressed body bytes of the HTML and of every stylesheet and script it references; fonts and images excluded.`);
  out(`Budgets: HTML <= ${BUDGET.html} bytes (14 KB), HTML + CSS + JS <= ${BUDGET.total} bytes (30 KB).`);
  out('');
  const w = Math.max(4, ...report.rows.map((r) => r.path.length));
  out(`${pad('Page', w)}  ${pad('Status', 6, true)}  ${pad('Encoding', 8)}  ${pad('HTML', 6, true)}  ${pad('CSS+JS', 6, true)}  ${pad('Total', 6, true)}  ${pad('Result', 19)}  Lao font fetched`);
  out('-'.repeat(w + 81));
  for (const r of report.rows) {
    const result = r.htmlOk && r.totalOk ? 'PASS' : `FAIL${!r.htmlOk ? ' (HTML)' : ''}${!r.totalOk ? ' (total)' : ''}`;
    const font = r.rangedFonts.filter((f) => lao.includes(f));
    const fontText = font.length ? `yes: ${font.map((f) => `${f.weight} (${f.bytes} B)`).join(' + ')} = ${font.reduce((n, f) => n + f.bytes, 0)} bytes` : 'no';
    out(`${pad(r.path, w)}  ${pad(r.status, 6, true)}  ${pad(r.encoding, 8)}  ${pad(r.htmlBytes, 6, true)}  ${pad(r.assetBytes, 6, true)}  ${pad(r.total, 6, true)}  ${pad(result, 19)}  ${fontText}`);
  }
  out('');
  const largest = report.rows.reduce((a, b) => (b.total > a.total ? b : a));
  const largestHtml = report.rows.reduce((a, b) => (b.htmlBytes > a.htmlBytes ? b : a));
  out(`Largest total: ${largest.total} bytes (${largest.path}); largest HTML: ${largestHtml.htmlBytes} bytes (${largestHtml.path}).`);
  if (lao.length) {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    const ranges = lao[0]!.ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ');
    out(
      `Lao web font (woff2, not counted above): ${lao.map((f) => `weight ${f.weight} = ${f.bytes} bytes`).join(', ')}. ` +
        `Declared with unicode-range ${ranges}, so a browser downloads it only for pages that render Lao text, ` +
        `and only when no local Lao font (Noto Sans Lao, Phetsarath OT) is installed. The Lao name in the closed language menu of every page does not trigger it; ` +
        `opening the menu fetches the regular face (${lao.find((f) => f.weight < 600)?.bytes ?? '?'} bytes).`,
    );
  }
  out(`Result: ${report.ok ? 'all pages within budget' : 'OVER BUDGET: ' + report.rows.filter((r) => !r.htmlOk || !r.totalOk).map((r) => r.path).join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const report = await measurePageWeight();
  printPageWeight(report);
  process.exit(report.ok ? 0 : 1);
}
