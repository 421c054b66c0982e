/** The checker the script-injection tests rely on: it must see what a browser would run, and pass the site's own markup. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { payloadGroups, unsafeMarkup, visibleText, XSS_PAYLOADS } from '../fixtures/xss-payloads.js';

test('every payload, were it inserted as HTML, is reported', () => {
  // The Markdown-only ones need a renderer to become markup; the escaped ones stay text.
  const markup = XSS_PAYLOADS.filter((p) => /<[a-z]/i.test(p) && !p.startsWith('`') && !p.startsWith('<https:') && !p.startsWith('<!--') && !p.startsWith('![') && !p.startsWith("' "));
  assert.ok(markup.length >= 15);
  for (const p of markup) assert.notDeepEqual(unsafeMarkup(`<p>${p}</p>`), [], p);
  for (const html of [
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<a href='vbscript:x'>x</a>",
    '<a href=javascript:alert(1)>x</a>',
    '<svg/onload=alert(1)>',
    '<img src="//evil.example/x.png">',
    '<img src="/media/a.webp" srcset="javascript:alert(1) 1x">',
    '<script type="application/ld+json">{"name":"</script><script>alert(1)</script>"}</script>',
    '<input autofocus onfocus=alert(1)>',
  ])
    assert.notDeepEqual(unsafeMarkup(html), [], html);
});

test("the site's own markup passes", () => {
  const html = [
    '<script src="/static/app.123.js" defer></script>',
    '<script type="application/ld+json">{"name":"\\u003cscript\\u003e"}</script>',
    '<img src="/static/favicon.1.svg" alt="">',
    '<img class="news-image" src="/news/images/abc/480.webp" srcset="/news/images/abc/480.webp 480w, /media/abc.webp 960w" alt="&lt;script>alert(1)&lt;/script>">',
    '<svg viewBox="0 0 10 10"><path d="M0 0h10"/><a href="/organizations?region=LA-VT"><title>Vientiane</title></a></svg>',
    '<a href="https://example.org/&quot;onmouseover=&quot;alert(1)" rel="nofollow noopener">x</a>',
    '<p>&lt;img src=x onerror=alert(1)> [x](javascript:alert(1))</p>',
    '<input name="title.en" value="&quot;>&lt;svg onload=alert(1)>">',
    '<textarea name="body">&lt;/textarea>&lt;script>alert(1)&lt;/script></textarea>',
  ].join('\n');
  assert.deepEqual(unsafeMarkup(html), []);
  assert.match(visibleText(html), /<img src=x onerror=alert\(1\)> \[x\]\(javascript:alert\(1\)\)/);
});

test('payload groups hold every payload once, each group within its length', () => {
  const groups = payloadGroups(200);
  assert.ok(groups.every((g) => g.length <= 200));
  assert.equal(groups.join(' '), XSS_PAYLOADS.join(' '));
});
