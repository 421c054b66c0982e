/** The data every view gets: translator, user, links in the current language, CSRF token. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/policy.js';
import type { RequestUser } from '../http/context.js';
import { hrefFor, hrefInLanguage } from '../http/context.js';
import type { AssetUrls } from '../http/static.js';
import type { Locale } from '../i18n/locales.js';
import type { Translator } from '../i18n/messages.js';

/** Context passed to every page component. */
export interface ViewContext {
  t: Translator['t'];
  i18n: Translator;
  locale: Locale;
  user: RequestUser | null;
  principal: Principal;
  /** The current path without language prefix (for the language switcher and nav state). */
  path: string;
  /** Builds a link that keeps the URL language prefix. */
  href(path: string): string;
  /** A link always in the page's language (feeds: their readers send no language cookie). */
  feedHref(path: string): string;
  /** A CSRF token for forms on this page. */
  csrf(): string;
  assets: AssetUrls;
  siteName: string;
  /** Unread notifications of the signed-in user (the bell in the header). */
  unreadNotifications: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    assetUrls: AssetUrls;
  }
  interface FastifyRequest {
    /** Set for signed-in page views by the notifications module. */
    unreadNotifications?: number;
  }
}

/** Builds the view context of a request. */
export function viewContext(request: FastifyRequest, reply: FastifyReply): ViewContext {
  let token: string | null = null;
  return {
    t: request.i18n.t,
    i18n: request.i18n,
    locale: request.locale,
    user: request.user,
    principal: request.principal,
    path: request.pathNoLocale,
    href: (path) => hrefFor(request, path),
    feedHref: (path) => hrefInLanguage(request, path),
    csrf: () => (token ??= reply.generateCsrf()),
    assets: request.server.assetUrls,
    siteName: 'Mosaic',
    unreadNotifications: request.unreadNotifications ?? 0,
  };
}
