import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { firstLink, startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { createTransport, deliverDueMail } from '../../platform/mail/outbox.js';
import { runDueJobs } from '../../platform/jobs/jobs.js';
import { jobHandlers } from '../jobs.js';
import { getSpace, setRole } from '../spaces/spaces.service.js';

let t: TestApp;
let smtp: TestSmtp;
const actor = { userId: null, label: 'test' };

async function userWithRole(email: string, space: string | null, role: 'member' | 'editor' | 'admin' | null): Promise<Client> {
  const accounts = t.app.mosaic.accounts;
  const { id } = await t.app.mosaic.db.transaction().execute((trx) => accounts.ensureUser(trx, { email, displayName: email.split('@')[0]!, locale: 'en' }, actor));
  await accounts.setPasswordByEmail(email, 'role-test-password', actor);
  if (space && role) {
    const s = await getSpace(t.app.mosaic.db, space);
    await t.app.mosaic.db.transaction().execute((trx) => setRole(trx, actor, null, s.id, id, role));
  }
  const client = new Client(t.app);
  const res = await client.submit('/login', { email, password: 'role-test-password' });
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return client;
}

let root: Client;
before(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url });
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, actor);
  root = new Client(t.app);
  await root.submit('/login', { email: 'root@example.org', password: 'root-password-123' });
});
after(async () => {
  await t.close();
  await smtp.close();
});

describe('who may open the administration pages', () => {
  // page → [visitor, member of LA, editor of LA, admin of LA, platform admin]
  const TABLE: Record<string, [number, number, number, number, number]> = {
    '/admin': [303, 403, 403, 200, 200],
    '/admin/audit': [303, 403, 403, 200, 200],
    '/admin/users': [303, 403, 403, 403, 200],
    '/admin/outbox': [303, 403, 403, 403, 200],
    '/admin/spaces/LA/members': [303, 403, 403, 200, 200],
    '/admin/spaces/UZ/members': [303, 403, 403, 403, 200],
  };
  test('the role × page table holds', async () => {
    const clients = [
      new Client(t.app),
      await userWithRole('m@example.org', 'LA', 'member'),
      await userWithRole('e@example.org', 'LA', 'editor'),
      await userWithRole('a@example.org', 'LA', 'admin'),
      root,
    ];
    for (const [page, expected] of Object.entries(TABLE)) {
      const got = [];
      for (const c of clients) got.push((await c.get(page)).statusCode);
      assert.deepEqual(got, expected, page);
    }
  });
});

describe('audit log', () => {
  test('every change is listed with who, what and before/after, and can be filtered', async () => {
    const admin = await userWithRole('la-admin@example.org', 'LA', 'admin');
    const members = await admin.get('/admin/spaces/LA/members');
    const memberId = /action="\/admin\/spaces\/LA\/members\/([^"]+)"/.exec(members.body)?.[1];
    assert.ok(memberId);
    const changed = await admin.submit('/admin/spaces/LA/members', { role: 'editor' }, `/admin/spaces/LA/members/${memberId}`);
    assert.equal(changed.statusCode, 303);
    const page = await admin.get('/admin/audit?action=membership.set_role&space=la');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /la-admin@example\.org/);
    assert.match(page.body, /membership\.set_role/);
    assert.match(page.body, /&quot;role&quot;: &quot;editor&quot;/);
    // A space admin sees only their space's entries: nothing from UZ.
    const uz = await admin.get('/admin/audit?space=UZ');
    assert.match(uz.body, /<p>0 entries<\/p>/);
    const api = await t.app.inject({ url: '/api/v1/audit?action=membership.set_role&space=LA', headers: { authorization: `Bearer ${(await t.app.mosaic.accounts.createApiToken((await t.app.mosaic.accounts.findByEmail('root@example.org'))!, 'audit', actor)).token}` } });
    assert.equal(api.statusCode, 200);
    assert.ok(api.json().items.some((r: { after: { role: string } }) => r.after.role === 'editor'));
  });

  test('audit rows cannot be changed through the application: there is no route that writes them', async () => {
    const routes = t.app.printRoutes({ commonPrefix: false });
    assert.doesNotMatch(routes, /audit.*\((POST|PUT|PATCH|DELETE)/);
  });
});

describe('invitations', () => {
  test('an admin invites by email; the invitee creates an account and holds the role', async () => {
    const res = await root.submit('/admin/spaces/RW/members', { email: 'trainer@example.org', role: 'editor' }, '/admin/spaces/RW/invitations');
    assert.equal(res.statusCode, 303);
    const pending = await root.get('/admin/spaces/RW/members');
    assert.match(pending.body, /trainer@example\.org/);
    await deliverDueMail(t.app.mosaic.db, createTransport(smtp.url), t.config.mailFrom);
    const mail = await smtp.waitFor((m) => m.to.includes('trainer@example.org'));
    const link = new URL(firstLink(mail.text));
    const invitee = new Client(t.app);
    const form = await invitee.get(link.pathname + link.search);
    assert.equal(form.statusCode, 200);
    const bad = await invitee.submit(link.pathname + link.search, { token: link.searchParams.get('token')!, displayName: '', password: 'x' }, '/invitation');
    assert.equal(bad.statusCode, 400);
    const accepted = await invitee.submit(link.pathname + link.search, { token: link.searchParams.get('token')!, displayName: 'Eric Habimana', password: 'ubuhanzi-2026-rw' }, '/invitation');
    assert.equal(accepted.statusCode, 303);
    const me = await invitee.get('/admin/spaces/RW/members');
    assert.equal(me.statusCode, 403, 'an editor does not manage members');
    const user = await t.app.mosaic.accounts.findByEmail('trainer@example.org');
    const rw = await getSpace(t.app.mosaic.db, 'RW');
    const roles = (await import('../spaces/spaces.service.js')).rolesOfUser;
    assert.equal((await roles(t.app.mosaic.db, user!.id)).get(rw.id), 'editor');
    assert.equal((await invitee.get(link.pathname + link.search)).statusCode, 410, 'an invitation works once');
  });

  test('an invitation with a bad address comes back with the error and the typed values', async () => {
    const res = await root.submit('/admin/spaces/RW/members', { email: 'nope', role: 'member' }, '/admin/spaces/RW/invitations');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /value="nope"/);
  });
});

describe('setup', () => {
  test('a fresh installation leads every page to /setup, which creates the first admin and loads the demo', async () => {
    const fresh = await createTestApp();
    try {
      const browser = new Client(fresh.app);
      const home = await browser.get('/');
      assert.equal(home.statusCode, 303);
      assert.equal(home.headers.location, '/setup');
      const res = await browser.submit('/setup', { displayName: 'Minister’s IT officer', email: 'it@mict.gov.rw', password: 'first-admin-password', demo: '1' });
      assert.equal(res.statusCode, 303);
      const after = await browser.get('/');
      assert.equal(after.statusCode, 200);
      assert.match(after.body, /Minister’s IT officer/);
      assert.equal((await browser.get('/setup')).statusCode, 303, 'setup is closed once an account exists');
      // The demo is loaded by the worker; the home page says so meanwhile.
      assert.match(after.body, /demo data is being loaded/);
      assert.equal(await runDueJobs(fresh.app.mosaic.db, jobHandlers(fresh.app.mosaic), 'test-worker'), 1);
      assert.doesNotMatch((await browser.get('/')).body, /demo data is being loaded/);
      const demo = await fresh.app.mosaic.accounts.findByEmail('dilnoza.r@demo.example.org');
      assert.equal(demo?.displayName, 'Dilnoza Rahimova');
      // A second setup attempt after installation changes nothing.
      const again = await new Client(fresh.app).submit('/login', { email: 'it@mict.gov.rw', password: 'first-admin-password' });
      assert.equal(again.statusCode, 303);
    } finally {
      await fresh.close();
    }
  });
});
