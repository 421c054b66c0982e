/**
 * Graceful shutdown: closing the app (what SIGTERM does in `mosaic serve`) lets a request in
 * flight finish, while the server stops accepting new connections.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../helpers/db.js';

test('a request in flight completes when the server is closed; new ones are refused', async () => {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-shutdown-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 's'.repeat(40), LOG_LEVEL: 'silent', ...database.env });
    const app = await buildApp(config, { database: database.handle, logger: false });
    // An installed site (otherwise every GET is sent to /setup).
    await app.mosaic.accounts.createPlatformAdmin({ email: 'ops@example.org', password: 'ops-password-123' }, { userId: null, label: 'test' });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    // A deliberately slow route standing in for a long report or upload.
    app.get('/slow', async () => {
      entered();
      await held;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await inside;
    const closing = app.close();
    // New connections are refused while the old request is still running.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    release();
    const res = await inFlight;
    assert.equal(res.status, 200);
    // The keep-alive socket ends with this response, so shutdown does not wait for its idle timeout.
    assert.equal(res.headers.get('connection'), 'close');
    assert.deepEqual(await res.json(), { done: true });
    await closing;
  } finally {
    await database.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
