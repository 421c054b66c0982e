import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, createTestApp, type TestApp } from '../test/helpers/app.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // An installed site: without an account every page leads to /setup.
  await t.app.mosaic.accounts.createPlatformAdmin({ email: 'root@example.org', password: 'root-password-123', displayName: 'Root' }, { userId: null, label: 'test' });
});
after(async () => t.close());

describe('headers and operations', () => {
  test('every response carries the security headers; the CSP never allows inline code', async () => {
    for (const url of ['/', '/no-such-page', '/api/v1/spaces', '/healthz']) {
      const res = await t.app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
      assert.ok(res.headers['x-request-id'], url);
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    }
  });

  test('HSTS is sent when the request came over TLS (behind a trusted proxy)', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      await proxied.app.mosaic.accounts.createPlatformAdmin({ email: 'p@example.org', password: 'proxy-password-1', displayName: 'P' }, { userId: null, label: 'test' });
      const res = await proxied.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    } finally {
      await proxied.close();
    }
  });

  test('/healthz checks the database', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.database.status, 'ok');
    assert.ok(['sqlite', 'postgres'].includes(body.database.dialect));
  });

  test('/metrics serves Prometheus text to loopback with request counters', async () => {
    await t.app.inject({ url: '/spaces' });
    const res = await t.app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/plain/);
    assert.match(res.body, /mosaic_http_requests_total\{method="GET",route="\/spaces",status="200"\} \d+/);
    assert.match(res.body, /mosaic_process_cpu_seconds_total/);
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.5' });
    assert.equal(remote.statusCode, 403);
  });

  test('an incoming X-Request-Id is kept; a hostile one is replaced', async () => {
    assert.equal((await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'edge-42.a' } })).headers['x-request-id'], 'edge-42.a');
    assert.notEqual((await t.app.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } })).headers['x-request-id'], '<script>');
  });

  test('pages are compressed for clients that accept it', async () => {
    const res = await t.app.inject({ url: '/api', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.headers['content-encoding'], 'br');
  });

  test('static files have hashed names, a one-year immutable cache, an ETag and brotli', async () => {
    const home = await t.app.inject({ url: '/' });
    const css = /href="(\/static\/app\.[0-9a-f]{10}\.css)"/.exec(home.body)?.[1];
    assert.ok(css, 'stylesheet link with a hashed name');
    const res = await t.app.inject({ url: css, headers: { 'accept-encoding': 'br' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'br');
    const again = await t.app.inject({ url: css, headers: { 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal((await t.app.inject({ url: '/static/app.0000000000.css' })).statusCode, 404);
  });
});

describe('languages', () => {
  test('the URL prefix wins over the cookie, which wins over Accept-Language', async () => {
    const byHeader = await t.app.inject({ url: '/login', headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    assert.match(byHeader.body, /<html lang="ru"/);
    const byCookie = await t.app.inject({ url: '/login', headers: { 'accept-language': 'ru', cookie: 'lang=fr' } });
    assert.match(byCookie.body, /<html lang="fr"/);
    const byUrl = await t.app.inject({ url: '/lo/login', headers: { 'accept-language': 'ru', cookie: 'lang=fr' } });
    assert.match(byUrl.body, /<html lang="lo"/);
    // Choosing a language in the URL remembers it.
    assert.ok(byUrl.cookies.some((c) => c.name === 'lang' && c.value === 'lo'));
  });

  test('links keep the language prefix and the switcher offers all seven languages', async () => {
    const res = await t.app.inject({ url: '/uz-cyrl/spaces' });
    assert.match(res.body, /<html lang="uz-Cyrl"/);
    assert.match(res.body, /href="\/uz-cyrl\/spaces\/UZ"/);
    for (const seg of ['en', 'fr', 'ru', 'lo', 'uz-latn', 'uz-cyrl', 'rw']) assert.match(res.body, new RegExp(`href="/${seg}/spaces"`));
    assert.match(res.body, /Ўзбекистон/);
  });

  test('an unknown page is a localised 404, in HTML for pages and problem+json for the API', async () => {
    const page = await t.app.inject({ url: '/lo/nowhere' });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /<html lang="lo"/);
    const api = await t.app.inject({ url: '/api/v1/nowhere', headers: { 'accept-language': 'fr' } });
    assert.equal(api.statusCode, 404);
    assert.match(String(api.headers['content-type']), /application\/problem\+json/);
    assert.equal(api.json().code, 'NOT_FOUND');
  });
});

describe('bad input never produces a 500', () => {
  test('a body over the limit gets 413', async () => {
    const small = await createTestApp({ BODY_LIMIT: '2048' });
    try {
      await small.app.mosaic.accounts.createPlatformAdmin({ email: 's@example.org', password: 'small-password-1', displayName: 'S' }, { userId: null, label: 'test' });
      const res = await small.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=' + 'a'.repeat(5000) });
      assert.equal(res.statusCode, 413);
      const api = await small.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(5000) }) });
      assert.equal(api.statusCode, 413);
      assert.equal(api.json().code, 'PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  const nasty = [
    { method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' },
    { method: 'POST', url: '/login', headers: { 'content-type': 'text/xml' }, payload: '<x/>' },
    { method: 'POST', url: '/register', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email[]=a&email[]=b&password[x]=1' },
    { method: 'GET', url: '/spaces/%E0%A4%A' },
    { method: 'GET', url: '/spaces/' + 'x'.repeat(300) },
    { method: 'GET', url: '/verify?token=' + encodeURIComponent('\' OR 1=1 --') },
    { method: 'GET', url: '/reset?token[]=1' },
    { method: 'GET', url: '/invitation' },
    { method: 'GET', url: '/admin/audit?page=-1&from=notadate' },
    { method: 'POST', url: '/api/v1/tokens', headers: { 'content-type': 'application/json', authorization: 'Bearer mos_' + 'x'.repeat(40) }, payload: '{}' },
    { method: 'POST', url: '/api/v1/tokens', headers: { 'content-type': 'application/json', authorization: 'Basic Zm9vOmJhcg==' }, payload: '{}' },
    { method: 'GET', url: '/api/v1/spaces/l%00' },
    { method: 'GET', url: '/api/v1/audit?limit=abc' },
    { method: 'DELETE', url: '/account' },
    { method: 'PUT', url: '/' },
  ] as const;
  for (const req of nasty) {
    test(`${req.method} ${req.url.slice(0, 50)} → a 4xx`, async () => {
      const res = await t.app.inject(req as never);
      assert.ok(res.statusCode >= 300 && res.statusCode < 500, `got ${res.statusCode}: ${res.body.slice(0, 200)}`);
    });
  }
});

describe('the API conventions', () => {
  test('the OpenAPI 3.1 document lists the API and only the API', async () => {
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/me']?.get);
    assert.ok(doc.paths['/api/v1/tokens']?.post?.requestBody);
    assert.ok(doc.paths['/api/v1/spaces/{code}']?.get);
    assert.equal(Object.keys(doc.paths).some((p) => !p.startsWith('/api/v1')), false);
    assert.equal(doc.paths['/api/v1/openapi.json'], undefined);
    assert.ok(doc.paths['/api/v1/me'].get.responses['401']);
  });

  test('the human-readable API page lists the endpoints and every error code', async () => {
    const res = await t.app.inject({ url: '/api' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /GET \/api\/v1\/me/);
    assert.match(res.body, /id="problem-invalid_token"/);
  });

  test('no token → 401 problem+json; a malformed token → 401 invalid_token', async () => {
    const none = await t.app.inject({ url: '/api/v1/me' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'UNAUTHENTICATED');
    const bad = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer nope' } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().code, 'INVALID_TOKEN');
    assert.match(String(bad.headers['www-authenticate']), /invalid_token/);
  });

  test('schema validation errors are 400 problem+json with the field named, in the reader’s language', async () => {
    const user = await t.app.mosaic.accounts.findByEmail('root@example.org');
    const { token } = await t.app.mosaic.accounts.createApiToken(user!, 'validation test', { userId: user!.id, label: 'test' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr' }, payload: { name: '' } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION');
    assert.equal(body.errors[0].field, 'name');
    assert.equal(body.title, JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('locales/fr.json', 'utf8')))['error.validation']);
  });

  test('spaces are public and their codes case-insensitive', async () => {
    const res = await t.app.inject({ url: '/api/v1/spaces/uz' });
    assert.equal(res.statusCode, 200);
    const uz = res.json();
    assert.equal(uz.code, 'UZ');
    assert.equal(uz.regions.length, 14);
    assert.equal(uz.regions.find((r: { code: string }) => r.code === 'UZ-TK').name['uz-Cyrl'].value, 'Тошкент шаҳри');
    assert.equal((await t.app.inject({ url: '/api/v1/spaces/zz' })).statusCode, 404);
  });

  test('space pages redirect any case to the canonical code', async () => {
    const res = await new Client(t.app).get('/spaces/la');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/spaces/LA');
  });
});

describe('input no database can store', () => {
  test('a NUL character anywhere in a form, a JSON body or a query string is a 400, never a 500', async () => {
    const form = await new Client(t.app).submit('/register', { displayName: 'A\u0000B', email: 'nul@example.org', password: 'long-enough-password' });
    assert.equal(form.statusCode, 400);
    const query = await t.app.inject({ url: '/api/v1/search?q=' + encodeURIComponent('a\u0000') });
    assert.equal(query.statusCode, 400);
    assert.equal(query.json().errors[0].field, 'q');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: 'Bearer mos_' + 'x'.repeat(40), 'content-type': 'application/json' }, payload: '{"name":"a\\u0000"}' });
    assert.ok(json.statusCode === 400 || json.statusCode === 401);
    const root = await t.app.mosaic.accounts.findByEmail('root@example.org');
    const { token } = await t.app.mosaic.accounts.createApiToken(root!, 'limits', { userId: root!.id, label: 'test' });
    const huge = await t.app.inject({ url: '/api/v1/audit?limit=1e400&offset=1e400', headers: { authorization: `Bearer ${token}` } });
    assert.ok(huge.statusCode === 200 || huge.statusCode === 400, `got ${huge.statusCode}`);
  });

  test('a URL that cannot be decoded is a 400 problem', async () => {
    const res = await t.app.inject({ url: '/api/v1/spaces/%E0%A4%A' });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  });
});
