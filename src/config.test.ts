import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, parseDatabaseUrl } from './config.js';

const base = { SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/mosaic-config-test' };

test('defaults give a SQLite database in the data directory on port 3000', () => {
  const config = loadConfig(base);
  assert.equal(config.port, 3000);
  assert.deepEqual(config.database, { dialect: 'sqlite', file: '/tmp/mosaic-config-test/mosaic.sqlite' });
  assert.equal(config.baseUrl, 'http://localhost:3000');
  assert.deepEqual(config.roles, ['web', 'worker']);
  assert.equal(config.smtpUrl, null);
  assert.equal(config.importUploadMaxAgeHours, 24);
  assert.equal(loadConfig({ ...base, IMPORT_UPLOAD_MAX_AGE_HOURS: '72' }).importUploadMaxAgeHours, 72);
});

test('DATABASE_URL accepts postgres://, sqlite: URLs and plain paths', () => {
  assert.equal(parseDatabaseUrl('postgres://u@h:5432/db', '/d').dialect, 'postgres');
  assert.equal(parseDatabaseUrl('postgresql://u@h/db', '/d').dialect, 'postgres');
  assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/m.db', '/d'), { dialect: 'sqlite', file: '/var/lib/m.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/d'), { dialect: 'sqlite', file: ':memory:' });
  assert.deepEqual(parseDatabaseUrl('/srv/mosaic.sqlite', '/d'), { dialect: 'sqlite', file: '/srv/mosaic.sqlite' });
});

for (const [variable, value, fragment] of [
  ['PORT', 'eighty', 'whole number'],
  ['PORT', '70000', 'between'],
  ['DATABASE_URL', 'mysql://localhost/x', 'unsupported database'],
  ['BASE_URL', 'ftp://example.org', 'http(s) URL'],
  ['SMTP_URL', 'http://mail', 'smtp://'],
  ['SECRET_KEY', 'short', '32 characters'],
  ['LOG_LEVEL', 'loud', 'one of'],
  ['ROLES', 'web,cron', 'unknown role'],
  ['TRUST_PROXY', 'maybe', 'true or false'],
  ['NODE_ENV', 'staging', 'production'],
  ['IMPORT_UPLOAD_MAX_AGE_HOURS', '0', 'between'],
] as const) {
  test(`a bad ${variable} is rejected with a message naming it`, () => {
    assert.throws(
      () => loadConfig({ ...base, [variable]: value }),
      (err: unknown) => err instanceof ConfigError && err.variable === variable && err.message.startsWith(`${variable}:`) && err.message.includes(fragment),
    );
  });
}

test('BASE_URL loses a trailing slash; a postgres DATABASE_URL is kept verbatim', () => {
  const config = loadConfig({ ...base, BASE_URL: 'https://culture.gov.la/', DATABASE_URL: 'postgres://app@db/mosaic' });
  assert.equal(config.baseUrl, 'https://culture.gov.la');
  assert.deepEqual(config.database, { dialect: 'postgres', url: 'postgres://app@db/mosaic' });
});
