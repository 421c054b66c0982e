/**
 * Markdown of discussion posts, rendered for the page. Raw HTML is off (it shows as text), images
 * are off (a post costs no extra download on a paid connection), and a link may only go to
 * http(s), mailto or a path of this site; other links (javascript:, data:, vbscript:…) stay text.
 * Links out carry rel="nofollow ugc noopener"; links to the library are marked as such.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: true });
md.disable(['image']);

const SAFE_SCHEME = /^(https?:|mailto:)/i;
/** A path of this site ("/library/…"), never a protocol-relative "//host". */
const SITE_PATH = /^\/(?![/\\])/;
const LIBRARY_PATH = /^\/library\//;

md.validateLink = (url: string): boolean => {
  // markdown-it has already normalised the URL (entities decoded, percent-encoded); strip what a
  // browser would ignore before the scheme, then check it.
  const bare = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return SAFE_SCHEME.test(bare) || SITE_PATH.test(bare);
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (LIBRARY_PATH.test(href)) token.attrJoin('class', 'library-link');
  else if (!SITE_PATH.test(href)) token.attrSet('rel', 'nofollow ugc noopener');
  return self.renderToken(tokens, idx, options);
};

/** Largest post accepted, in characters. */
export const MAX_POST_LENGTH = 20_000;

/** The HTML of a post's Markdown: safe to insert as is. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Library resource ids a post links to, in order of first appearance. */
export function libraryLinks(source: string): string[] {
  const ids = new Set<string>();
  for (const m of source.matchAll(/\/library\/([0-9a-f-]{36})\b/gi)) ids.add(m[1]!.toLowerCase());
  return [...ids];
}

/**
 * Who a post mentions: `@` followed by a member's display name (as shown on the site, any case),
 * matched longest name first so "@Anna Lee" is not read as "@Anna". Names end at a character
 * that is not a letter or digit.
 */
export function mentionedIn(source: string, members: readonly { id: string; name: string }[]): string[] {
  const text = source.toLocaleLowerCase();
  const found = new Set<string>();
  const byLength = [...members].filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
  let taken = text;
  for (const m of byLength) {
    const needle = `@${m.name.trim().toLocaleLowerCase()}`;
    let at = taken.indexOf(needle);
    while (at >= 0) {
      const next = taken[at + needle.length];
      if (next === undefined || !/[\p{L}\p{N}\p{M}]/u.test(next)) {
        found.add(m.id);
        // Blank the match so a shorter name inside it does not count too.
        taken = taken.slice(0, at) + ' '.repeat(needle.length) + taken.slice(at + needle.length);
      }
      at = taken.indexOf(needle, at + 1);
    }
  }
  return [...found];
}
