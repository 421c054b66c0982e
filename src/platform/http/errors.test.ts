import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../i18n/locales.js';
import { readCatalogue } from '../i18n/messages.js';
import { toAppError } from './error-handler.js';
import { AppError, ERRORS } from './errors.js';

test('every catalogue error has a 4xx/5xx status and a unique message key', () => {
  const keys = new Set<string>();
  for (const [code, e] of Object.entries(ERRORS)) {
    assert.match(code, /^[A-Z_]+$/);
    assert.ok(e.status >= 400 && e.status < 600, code);
    assert.ok(!keys.has(e.key), `duplicate key ${e.key}`);
    keys.add(e.key);
  }
});

test('every error has a title and a help text in every language', () => {
  for (const locale of LOCALES) {
    const catalogue = readCatalogue(locale);
    for (const [code, e] of Object.entries(ERRORS)) {
      assert.ok(catalogue[e.key], `${locale}: ${code} title`);
      assert.ok(catalogue[`${e.key}.help`], `${locale}: ${code} help`);
    }
  }
});

test('framework errors map onto the catalogue; unknown errors do not', () => {
  assert.equal(toAppError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })?.code, 'PAYLOAD_TOO_LARGE');
  assert.equal(toAppError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })?.code, 'UNSUPPORTED_MEDIA_TYPE');
  assert.equal(toAppError({ code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 })?.code, 'CSRF');
  assert.equal(toAppError({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' })?.code, 'BAD_REQUEST');
  const validation = toAppError({ validation: [{ instancePath: '/name', keyword: 'minLength', message: 'too short' }] });
  assert.equal(validation?.code, 'VALIDATION');
  assert.equal(validation?.options.fields?.[0]?.field, 'name');
  assert.equal(toAppError(new TypeError('boom')), null);
  assert.equal(toAppError(new AppError('GONE'))?.status, 410);
});
