import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webAddress } from './validation.js';

test('webAddress: websites typed with or without a scheme become http(s) addresses', () => {
  assert.equal(webAddress('example.org'), 'https://example.org');
  assert.equal(webAddress('  www.example.org/about  '), 'https://www.example.org/about');
  assert.equal(webAddress('example.org:8080/x'), 'https://example.org:8080/x');
  assert.equal(webAddress('//example.org/x'), 'https://example.org/x');
  assert.equal(webAddress('http://example.org'), 'http://example.org');
  assert.equal(webAddress('HTTPS://EXAMPLE.ORG/A'), 'HTTPS://EXAMPLE.ORG/A');
});

test('webAddress: script, data and other schemes are refused in every spelling, never read as a host', () => {
  for (const typed of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'javascript://example.org/%0Aalert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'mailto:someone@example.org',
    'ftp://example.org',
    'https://',
    'localhost',
    '',
  ])
    assert.equal(webAddress(typed), null, JSON.stringify(typed));
});
