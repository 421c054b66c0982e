/** The page shell: head, skip link, header with navigation and language switcher, footer. */
import type { ComponentChildren } from 'preact';
import { spacesWithRole } from '../auth/policy.js';
import { LOCALE_NAMES, LOCALES, localeSegment } from '../i18n/locales.js';
import type { ViewContext } from './context.js';

/** Options of one page. */
export interface PageOptions {
  title: string;
  /** Extra elements for <head> (feeds, JSON-LD, canonical). */
  head?: ComponentChildren;
  /** Marks the page non-indexable (account pages, admin). */
  noindex?: boolean;
}

function NavLink({ ctx, path, label }: { ctx: ViewContext; path: string; label: string }) {
  const current = path === '/' ? ctx.path === '/' : ctx.path === path || ctx.path.startsWith(path + '/');
  return (
    <li>
      <a href={ctx.href(path)} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}

/** The language switcher: plain links, so it works without JavaScript. */
function LanguageSwitcher({ ctx }: { ctx: ViewContext }) {
  const rest = ctx.path === '/' ? '' : ctx.path;
  return (
    <details class="lang">
      <summary>
        <span aria-hidden="true">🌐 </span>
        {LOCALE_NAMES[ctx.locale]}
        <span class="visually-hidden"> — {ctx.t('nav.language')}</span>
      </summary>
      <ul aria-label={ctx.t('nav.language')}>
        {LOCALES.map((l) => (
          <li>
            <a href={`/${localeSegment(l)}${rest}`} hreflang={l} lang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
              {LOCALE_NAMES[l]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Wraps page content in the site layout. */
export function Layout({ ctx, options, children }: { ctx: ViewContext; options: PageOptions; children: ComponentChildren }) {
  const { t } = ctx;
  const isAdmin = ctx.user && (ctx.principal.isPlatformAdmin || (spacesWithRole(ctx.principal, 'admin') ?? []).length > 0);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${options.title} · ${ctx.siteName}`}</title>
        {options.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="stylesheet" href={ctx.assets['app.css']} />
        <link rel="icon" href={ctx.assets['favicon.svg']} type="image/svg+xml" />
        <script src={ctx.assets['app.js']} defer />
        {options.head}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href={ctx.href('/')}>
              <img src={ctx.assets['favicon.svg']} alt="" width={22} height={22} />
              {ctx.siteName}
            </a>
            <nav class="main" aria-label={t('nav.main')}>
              <ul>
                <NavLink ctx={ctx} path="/" label={t('nav.home')} />
                <NavLink ctx={ctx} path="/spaces" label={t('nav.spaces')} />
                <NavLink ctx={ctx} path="/organizations" label={t('nav.directory')} />
                <NavLink ctx={ctx} path="/library" label={t('nav.library')} />
                <NavLink ctx={ctx} path="/groups" label={t('nav.groups')} />
                <NavLink ctx={ctx} path="/news" label={t('nav.news')} />
                <NavLink ctx={ctx} path="/opportunities" label={t('nav.opportunities')} />
                <NavLink ctx={ctx} path="/events" label={t('nav.events')} />
                <NavLink ctx={ctx} path="/search" label={t('nav.search')} />
                <NavLink ctx={ctx} path="/api" label={t('nav.api')} />
                {isAdmin ? <NavLink ctx={ctx} path="/admin" label={t('nav.admin')} /> : null}
              </ul>
            </nav>
            <nav class="user" aria-label={t('nav.account')}>
              <ul>
                {ctx.user ? (
                  <>
                    <li>
                      {/* The name is hidden text, not aria-label: a label that did not contain the visible count
                          failed "label in name" (WCAG 2.5.3) for speech users, in every language. */}
                      <a href={ctx.href('/notifications')} class="bell">
                        <span aria-hidden="true">🔔</span>
                        <span class="visually-hidden">{t('nav.notifications', { count: ctx.unreadNotifications })}</span>
                        {ctx.unreadNotifications ? <span class="count" aria-hidden="true">{ctx.unreadNotifications > 99 ? '99+' : ctx.unreadNotifications}</span> : null}
                      </a>
                    </li>
                    <li>
                      <a href={ctx.href('/messages')}>{t('nav.messages')}</a>
                    </li>
                    <li>
                      <a href={ctx.href('/account')}>{ctx.user.displayName}</a>
                    </li>
                    <li>
                      <form method="post" action={ctx.href('/logout')}>
                        <input type="hidden" name="_csrf" value={ctx.csrf()} />
                        <button type="submit" class="link">
                          {t('nav.sign_out')}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href={ctx.href('/login')}>{t('nav.sign_in')}</a>
                    </li>
                    <li>
                      <a href={ctx.href('/register')}>{t('nav.register')}</a>
                    </li>
                  </>
                )}
                <li>
                  <LanguageSwitcher ctx={ctx} />
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>{t('footer.tagline')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
