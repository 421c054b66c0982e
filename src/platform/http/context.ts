/**
 * What every request carries once the platform hooks have run: its language (URL prefix →
 * cookie → Accept-Language), the signed-in user and their principal.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/audit.js';
import type { Principal } from '../auth/policy.js';
import type { Locale } from '../i18n/locales.js';
import type { Translator } from '../i18n/messages.js';

/** The signed-in user, as the platform sees it (the accounts module fills it in). */
export interface RequestUser {
  id: string;
  email: string;
  displayName: string;
  locale: Locale | null;
  isPlatformAdmin: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of the response. */
    locale: Locale;
    /** The language named in the URL prefix, if any (links keep it). */
    urlLocale: Locale | null;
    /** The path without the language prefix. */
    pathNoLocale: string;
    /** Translator for `locale`. */
    i18n: Translator;
    /** The signed-in user (session cookie for pages, bearer token for the API). */
    user: RequestUser | null;
    /** Hash of the session id when signed in through a session cookie. */
    sessionId: string | null;
    /** Roles of the user; anonymous when signed out. */
    principal: Principal;
  }
}

/** The audit actor for a request. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    label: request.user?.email ?? 'anonymous',
    ip: request.ip,
    requestId: request.id,
  };
}

/** A path with the request's URL language prefix kept, so navigation stays in that language. */
export function hrefFor(request: FastifyRequest, path: string): string {
  if (!request.urlLocale) return path;
  return `/${request.urlLocale.toLowerCase()}${path === '/' ? '' : path}` || '/';
}

/**
 * A path always prefixed with the language of the response, for links that programs follow
 * without our cookies (feed readers, calendar applications): unprefixed, they would get the
 * language of their own Accept-Language instead of the one the page was read in.
 */
export function hrefInLanguage(request: FastifyRequest, path: string): string {
  return `/${request.locale.toLowerCase()}${path === '/' ? '' : path}`;
}

/** Redirects after a successful POST (POST-redirect-GET, 303 so the browser GETs). */
export function seeOther(request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(hrefFor(request, path), 303);
}
