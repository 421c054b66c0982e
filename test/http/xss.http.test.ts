/**
 * The script-injection corpus without a browser: every page that shows a payload typed into a
 * news post, an event, an opportunity, a message, a directory record, a library resource or a
 * discussion is fetched as each kind of reader, and its HTML must hold no markup that could
 * run; titles and names read back as text. Then every link field of every form refuses script
 * and data addresses with a localised error and keeps what was typed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, csrfFrom, type TestApp } from '../helpers/app.js';
import { runDueJobs } from '../../src/platform/jobs/jobs.js';
import { jobHandlers } from '../../src/modules/jobs.js';
import { seedXssContent, XSS_EMAILS, XSS_PASSWORD, type XssPage, type XssReader } from '../fixtures/xss-content.js';
import { asShown, unsafeMarkup, visibleText, XSS_BAD_URLS, XSS_PAYLOADS, XSS_TEXT } from '../fixtures/xss-payloads.js';

let t: TestApp;
let pages: XssPage[];
let ids: Record<string, string>;
const clients = new Map<XssReader, Client>();

before(async () => {
  t = await createTestApp();
  ({ pages, ids } = await seedXssContent(t.app));
  clients.set('visitor', new Client(t.app));
  for (const reader of ['member', 'editor', 'root'] as const) {
    const client = new Client(t.app);
    const res = await client.submit('/login', { email: XSS_EMAILS[reader], password: XSS_PASSWORD });
    assert.equal(res.statusCode, 303, `${reader} signs in`);
    clients.set(reader, client);
  }
});
after(async () => t.close());

describe('every page showing a payload', () => {
  test('holds no markup that runs, and shows titles and names as text', async () => {
    const problems: string[] = [];
    for (const page of pages) {
      const res = await clients.get(page.as)!.get(page.path);
      const where = `${page.path} as ${page.as}`;
      if (res.statusCode !== 200) {
        problems.push(`${where}: status ${res.statusCode}`);
        continue;
      }
      for (const p of unsafeMarkup(res.body)) problems.push(`${where}: ${p}`);
      if (page.feed) {
        assert.match(String(res.headers['content-type']), /xml/, where);
        continue;
      }
      assert.match(String(res.headers['content-type']), /^text\/html/, where);
      const text = visibleText(res.body);
      for (const p of page.shows ?? []) if (!text.includes(asShown(p))) problems.push(`${where}: not shown as text: ${p}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(pages.length > 100, `${pages.length} pages checked`);
  });

  test('the confirmation of a merge, naming both records, holds no markup that runs', async () => {
    const editor = clients.get('editor')!;
    for (const [path, into] of [
      [`/organizations/${ids.org}`, ids.ownOrg],
      [`/people/${ids.person}`, ids.person2],
    ] as const) {
      const choose = await editor.get(`${path}/merge`);
      const res = await editor.post(`${path}/merge`, { _csrf: csrfFrom(choose.body), into: into! });
      assert.equal(res.statusCode, 200, path);
      assert.match(res.body, /name="confirm"/);
      assert.deepEqual(unsafeMarkup(res.body), [], path);
      assert.ok(visibleText(res.body).includes(asShown(XSS_PAYLOADS[0]!)), `${path}: the names read as text`);
    }
  });

  test('email sent about the content (newsletter, message and registration emails) holds no markup that runs', async () => {
    const editor = clients.get('editor')!;
    const page = await editor.get(`/news/${ids.news}/newsletter`);
    const sent = await editor.post(`/news/${ids.news}/newsletter`, { _csrf: csrfFrom(page.body), roles: 'member' });
    assert.equal(sent.statusCode, 303);
    // The worker writes the newsletter's emails (and those of the corpus's other sends).
    for (let n = -1; n !== 0; ) n = await runDueJobs(t.app.mosaic.db, jobHandlers(t.app.mosaic), 'test-worker');
    assert.ok((await t.app.mosaic.db.selectFrom('newsletter_sends').select('status').execute()).every((s) => s.status === 'sent'));
    const mail = await t.app.mosaic.db.selectFrom('outbox').select(['subject', 'html_body']).execute();
    assert.ok(mail.length > 0);
    const problems = mail.flatMap((m) => (m.html_body ? unsafeMarkup(m.html_body).map((p) => `${m.subject}: ${p}`) : []));
    assert.deepEqual(problems, []);
    assert.ok(mail.some((m) => m.html_body && visibleText(m.html_body).includes(asShown(XSS_PAYLOADS[0]!))), 'a payload reads as text in an email');
  });
});

const TAG = /<([a-z]+)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*"([^"]*)")?/g)) out.set(m[1]!, m[2] ?? '');
  return out;
}

function decode(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A form page, its CSRF token, and the fields to send with one bad address in `field`. */
interface LinkForm {
  name: string;
  as: XssReader;
  page: string;
  action?: string;
  field: string;
  fields: Record<string, string>;
  error: RegExp;
}

describe('link fields', () => {
  const forms = (): LinkForm[] => [
    { name: 'event online address', as: 'editor', page: `/events/${ids.event}/edit`, field: 'onlineUrl', fields: {}, error: /Enter a web address/ },
    { name: 'event resource link', as: 'editor', page: `/events/${ids.event}/edit`, field: 'resources.0.url', fields: { 'resources.0.title': 'Programme' }, error: /Enter a web address/ },
    { name: 'event material link', as: 'editor', page: `/events/${ids.event}/edit`, field: 'materials.0.url', fields: { 'materials.0.title': 'Slides' }, error: /Enter a web address/ },
    { name: 'opportunity link to apply', as: 'editor', page: `/opportunities/${ids.opportunity}/edit`, field: 'applyUrl', fields: {}, error: /Enter a web address/ },
    { name: 'organisation website', as: 'editor', page: `/organizations/${ids.org}/edit`, field: 'contacts.0.value', fields: { 'contacts.0.kind': 'website', 'contacts.0.visibility': 'public' }, error: /Enter a web address/ },
    { name: 'organisation Facebook page', as: 'editor', page: `/organizations/${ids.org}/edit`, field: 'contacts.0.value', fields: { 'contacts.0.kind': 'facebook', 'contacts.0.visibility': 'public' }, error: /Enter a web address/ },
    { name: 'person website', as: 'editor', page: `/people/${ids.person}/edit`, field: 'contacts.0.value', fields: { 'contacts.0.kind': 'website', 'contacts.0.visibility': 'public' }, error: /Enter a web address/ },
    { name: 'person portfolio', as: 'editor', page: `/people/${ids.person}/edit`, field: 'portfolio.0', fields: {}, error: /Enter a web address/ },
    { name: 'library web address', as: 'editor', page: `/library/${ids.resource}/edit`, field: 'identifiers.0.value', fields: { 'identifiers.0.scheme': 'url' }, error: /Not a web address/ },
  ];

  /** The fields of the form posting to `action` (default: the first form with fields), as a browser would send them. */
  function formFields(html: string, action?: string): Record<string, string> {
    const tags = [...html.matchAll(TAG)];
    const opening = tags.findIndex((m) => m[1] === 'form' && (action ? attributes(m[2]!).get('action') === action : attributes(m[2]!).get('novalidate') !== undefined && attributes(m[2]!).get('action') !== '/logout'));
    if (opening < 0) return {};
    const from = tags[opening]!.index!;
    const body = html.slice(from, html.indexOf('</form>', from));
    const out: Record<string, string> = {};
    for (const m of body.matchAll(TAG)) {
      const a = attributes(m[2]!);
      const name = a.get('name');
      if (!name) continue;
      if (m[1] === 'input') {
        const type = a.get('type') ?? 'text';
        if ((type === 'checkbox' || type === 'radio') && a.get('checked') === undefined) continue;
        if (type === 'file' || type === 'submit') continue;
        out[name] = decode(a.get('value') ?? (type === 'checkbox' ? 'on' : ''));
      } else if (m[1] === 'textarea') {
        const end = body.indexOf('</textarea>', m.index!);
        out[name] = decode(body.slice(m.index! + m[0].length, end));
      } else if (m[1] === 'select') {
        const end = body.indexOf('</select>', m.index!);
        const options = [...body.slice(m.index!, end).matchAll(TAG)].filter((o) => o[1] === 'option').map((o) => attributes(o[2]!));
        out[name] = decode((options.find((o) => o.get('selected') !== undefined) ?? options[0])?.get('value') ?? '');
      }
    }
    return out;
  }

  test('refuse script and data addresses with a localised error, keeping what was typed', async () => {
    const problems: string[] = [];
    for (const form of forms()) {
      const client = clients.get(form.as)!;
      const page = await client.get(form.page);
      assert.equal(page.statusCode, 200, form.page);
      const base = formFields(page.body, form.action ?? form.page);
      for (const bad of XSS_BAD_URLS) {
        const res = await client.post(form.action ?? form.page, { ...base, ...form.fields, [form.field]: bad, _csrf: csrfFrom(page.body) });
        const where = `${form.name} ← ${JSON.stringify(bad)}`;
        if (res.statusCode !== 400) {
          problems.push(`${where}: status ${res.statusCode}`);
          continue;
        }
        if (!form.error.test(res.body)) problems.push(`${where}: no localised error`);
        const kept = formFields(res.body, form.action ?? form.page)[form.field];
        // What was typed comes back (cleaned as every text is: trimmed).
        if (kept !== bad.trim()) problems.push(`${where}: the field holds ${JSON.stringify(kept)}`);
        for (const p of unsafeMarkup(res.body)) problems.push(`${where}: ${p}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('a form sent back with payloads in every field shows them as typed and holds no markup that runs', async () => {
    const editor = clients.get('editor')!;
    const problems: string[] = [];
    for (const path of [`/events/${ids.event}/edit`, `/opportunities/${ids.opportunity}/edit`, `/organizations/${ids.org}/edit`, `/people/${ids.person}/edit`, `/library/${ids.resource}/edit`, `/news/${ids.news}/edit`]) {
      const page = await editor.get(path);
      const fields = formFields(page.body, path);
      const filled = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === '_csrf' || /^(type|kind|status|access|timeZone|regionCode|licence)$|\.(kind|scheme|visibility|id)$/.test(k) ? v : XSS_TEXT.slice(0, 150)]));
      // One wrong date makes the form come back instead of saving.
      const res = await editor.post(path, { ...filled, publishAt: 'soon', deadline: 'soon', 'sessions.0.start': 'soon', date: 'soon', foundedYear: 'soon', latitude: 'soon' });
      if (res.statusCode !== 400) problems.push(`${path}: status ${res.statusCode}`);
      for (const p of unsafeMarkup(res.body)) problems.push(`${path}: ${p}`);
    }
    assert.deepEqual(problems, []);
  });
});
