import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveText, text } from './content.js';
import { negotiateAcceptLanguage, parseLocale, splitLocalePrefix } from './locales.js';
import { formatMessage, translator } from './messages.js';

test('locale tags are recognised in any case and common spellings', () => {
  assert.equal(parseLocale('LO'), 'lo');
  assert.equal(parseLocale('uz'), 'uz-Latn');
  assert.equal(parseLocale('uz-cyrl'), 'uz-Cyrl');
  assert.equal(parseLocale('uz_Cyrl_UZ'), 'uz-Cyrl');
  assert.equal(parseLocale('fr-CA'), 'fr');
  assert.equal(parseLocale('de'), null);
  assert.equal(parseLocale(''), null);
});

test('Accept-Language is negotiated by quality, skipping unsupported languages', () => {
  assert.equal(negotiateAcceptLanguage('de-DE,de;q=0.9,ru;q=0.8,en;q=0.7'), 'ru');
  assert.equal(negotiateAcceptLanguage('en;q=0.5, lo-LA'), 'lo');
  assert.equal(negotiateAcceptLanguage('uz-Cyrl-UZ'), 'uz-Cyrl');
  assert.equal(negotiateAcceptLanguage('de, it;q=0'), null);
  assert.equal(negotiateAcceptLanguage(undefined), null);
});

test('a URL language prefix is split off only when it is a supported language', () => {
  assert.deepEqual(splitLocalePrefix('/lo/spaces?x=1'), { locale: 'lo', rest: '/spaces?x=1' });
  assert.deepEqual(splitLocalePrefix('/uz-cyrl'), { locale: 'uz-Cyrl', rest: '/' });
  assert.deepEqual(splitLocalePrefix('/RW/login'), { locale: 'rw', rest: '/login' });
  assert.deepEqual(splitLocalePrefix('/login'), { locale: null, rest: '/login' });
  assert.deepEqual(splitLocalePrefix('/de/x'), { locale: null, rest: '/de/x' });
  assert.deepEqual(splitLocalePrefix('/api/v1/me'), { locale: null, rest: '/api/v1/me' });
});

test('translatable fields fall back along the chain and say which language they are in', () => {
  const field = text({ en: 'Silk weaving', 'uz-Latn': 'Ipak toʻqish', ru: 'Ткачество шёлка' });
  assert.deepEqual(resolveText(field, 'uz-Cyrl'), { value: 'Ipak toʻqish', locale: 'uz-Latn', provenance: 'human', isFallback: true });
  assert.equal(resolveText(field, 'ru')?.value, 'Ткачество шёлка');
  assert.equal(resolveText(field, 'lo')?.locale, 'en');
  const laoOnly = text({ lo: 'ຜ້າໄໝ' }, 'machine');
  assert.deepEqual(resolveText(laoOnly, 'rw'), { value: 'ຜ້າໄໝ', locale: 'lo', provenance: 'machine', isFallback: true });
  assert.equal(resolveText({}, 'en'), null);
  assert.throws(() => text({ xx: 'nope' }));
});

test('rw falls back to English before French', () => {
  const field = text({ fr: 'Bonjour', en: 'Hello' });
  assert.equal(resolveText(field, 'rw')?.value, 'Hello');
});

test('text() stores NFC, so Lao keeps its precomposed vowels', () => {
  const decomposed = 'ຄ\u0ECD\u0EB2'; // ຄ + NIGGAHITA + AA, what NFKC would produce for ຄຳ
  const field = text({ lo: 'ຄຳ' });
  assert.equal(field.lo?.value, 'ຄຳ');
  assert.notEqual(field.lo?.value, decomposed);
});

test('messages use ICU plurals per language', () => {
  assert.equal(formatMessage('en', 'spaces.regions', { count: 1 }), '1 region');
  assert.equal(formatMessage('en', 'spaces.regions', { count: 18 }), '18 regions');
  const ru5 = formatMessage('ru', 'spaces.regions', { count: 5 });
  const ru2 = formatMessage('ru', 'spaces.regions', { count: 2 });
  assert.match(ru5, /^5 /);
  assert.match(ru2, /^2 /);
});

test('an unknown key falls back to the key itself rather than failing', () => {
  assert.equal(formatMessage('fr', 'no.such.key'), 'no.such.key');
});

test('dates and numbers are formatted through Intl in the reader language', () => {
  const date = '2026-03-08T10:00:00.000Z';
  assert.match(translator('fr').date(date, 'long'), /mars/);
  assert.match(translator('ru').date(date, 'long'), /марта/);
  assert.equal(translator('fr').number(1234567.5), new Intl.NumberFormat('fr').format(1234567.5));
});
