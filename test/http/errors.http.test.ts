/** Unexpected errors: a localised 500 with a reference id; nothing internal is echoed. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let app: FastifyInstance;
let database: TestDatabase;
let dataDir: string;
before(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-errors-'));
  app = await buildApp(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'e'.repeat(40), LOG_LEVEL: 'silent', ...database.env }), { database: database.handle, logger: false });
  await app.mosaic.accounts.createPlatformAdmin({ email: 'ops@example.org', password: 'ops-password-123' }, { userId: null, label: 'test' });
  app.get('/boom', async () => {
    throw new TypeError('secret internal detail: connection string postgres://admin:hunter2@db');
  });
  app.get('/api/v1/boom', async () => {
    throw new Error('secret internal detail');
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await database.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a page that fails shows a localised 500 with the request id and no internals', async () => {
  const res = await app.inject({ url: '/lo/boom', headers: { 'x-request-id': 'trace-500-lo' } });
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /<html lang="lo"/);
  assert.match(res.body, /trace-500-lo/);
  assert.doesNotMatch(res.body, /secret internal detail|hunter2|TypeError/);
});

test('an API call that fails gets a problem+json INTERNAL without internals', async () => {
  const res = await app.inject({ url: '/api/v1/boom' });
  assert.equal(res.statusCode, 500);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'INTERNAL');
  assert.equal(body.instance, res.headers['x-request-id']);
  assert.doesNotMatch(res.body, /secret internal detail/);
});
