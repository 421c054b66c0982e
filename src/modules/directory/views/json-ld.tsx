/**
 * schema.org JSON-LD for profile pages. JSON-LD is data, not script: browsers do not run a
 * `<script type="application/ld+json">`, so the CSP's script-src does not concern it. Preact
 * would HTML-escape the JSON's quotes inside <script> (a raw-text element, where entities are
 * not decoded), so the page is rendered with an empty data element which is then filled with
 * JSON whose `<`, `>`, `&`, U+2028 and U+2029 are \u-escaped: no value can close the element.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { LOCALES } from '../../../platform/i18n/locales.js';
import { resolveText, type TranslatedText } from '../../../platform/i18n/content.js';
import { viewContext, type ViewContext } from '../../../platform/views/context.js';
import { Layout, type PageOptions } from '../../../platform/views/layout.js';
import type { OrganizationView, PersonView } from '../directory.service.js';

const PLACEHOLDER = '<script type="application/ld+json"></script>';

/** JSON text that is safe inside an HTML <script> element. */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Like sendPage, with a JSON-LD data block in <head>. */
export function sendPageWithJsonLd(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions & { status?: number },
  data: unknown,
  body: (ctx: ViewContext) => ComponentChildren,
): FastifyReply {
  const ctx = viewContext(request, reply);
  const html = renderToString(
    <Layout
      ctx={ctx}
      options={{
        ...options,
        head: (
          <>
            {options.head}
            <script type="application/ld+json" />
          </>
        ),
      }}
    >
      {body(ctx)}
    </Layout>,
  );
  // The head comes before any content, and content can never contain the placeholder unescaped,
  // so the first occurrence is ours. A function replacement keeps `$` in the JSON literal.
  const page = html.replace(PLACEHOLDER, () => `<script type="application/ld+json">${jsonForScript(data)}</script>`);
  reply.code(options.status ?? 200);
  reply.header('Cache-Control', 'no-store');
  reply.header('Content-Language', ctx.locale);
  reply.header('Vary', 'Cookie, Accept-Language');
  return reply.type('text/html; charset=utf-8').send('<!doctype html>' + page);
}

function names(field: TranslatedText, locale: (typeof LOCALES)[number]): { name: string; alternateName?: string[] } {
  const main = resolveText(field, locale)?.value ?? '';
  const others = [...new Set(LOCALES.map((l) => field[l]?.value).filter((v): v is string => Boolean(v) && v !== main))];
  return others.length ? { name: main, alternateName: others } : { name: main };
}

function localisedText(field: TranslatedText, locale: (typeof LOCALES)[number]): string | undefined {
  return resolveText(field, locale)?.value;
}

const SOCIAL = new Set(['website', 'facebook', 'instagram', 'youtube', 'telegram']);

/** Only the contacts anyone may see go into structured data (crawlers are visitors). */
function publicContacts(contacts: OrganizationView['contacts']) {
  const pub = contacts.filter((c) => c.visibility === 'public');
  const email = pub.filter((c) => c.kind === 'email').map((c) => c.value);
  const telephone = pub.filter((c) => c.kind === 'phone').map((c) => c.value);
  const links = pub.filter((c) => SOCIAL.has(c.kind) && /^https?:\/\//i.test(c.value)).map((c) => c.value);
  return { email, telephone, links };
}

function one<T>(list: T[]): T | T[] | undefined {
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : list;
}

/** schema.org Organization of a profile. */
export function organizationJsonLd(
  org: OrganizationView,
  context: { baseUrl: string; locale: (typeof LOCALES)[number]; regionName: string | null; spaceCode: string; members: { id: string; name: TranslatedText }[] },
): Record<string, unknown> {
  const url = `${context.baseUrl}/organizations/${org.id}`;
  const { email, telephone, links } = publicContacts(org.contacts);
  const website = links[0];
  return {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    '@id': url,
    ...names(org.name, context.locale),
    url: website ?? url,
    mainEntityOfPage: url,
    description: localisedText(org.description, context.locale),
    email: one(email),
    telephone: one(telephone),
    sameAs: one(links),
    foundingDate: org.foundedYear ? String(org.foundedYear) : undefined,
    knowsLanguage: one(org.languages),
    address: {
      '@type': 'PostalAddress',
      streetAddress: org.address ?? undefined,
      addressRegion: context.regionName ?? undefined,
      addressCountry: context.spaceCode,
    },
    geo: org.latitude !== null && org.longitude !== null ? { '@type': 'GeoCoordinates', latitude: org.latitude, longitude: org.longitude } : undefined,
    member: one(context.members.map((m) => ({ '@type': 'Person', '@id': `${context.baseUrl}/people/${m.id}`, name: resolveText(m.name, context.locale)?.value }))),
  };
}

/** schema.org Person of a profile (never sex or age). */
export function personJsonLd(
  person: PersonView,
  context: { baseUrl: string; locale: (typeof LOCALES)[number]; regionName: string | null; spaceCode: string; organizations: { id: string; name: TranslatedText }[] },
): Record<string, unknown> {
  const url = `${context.baseUrl}/people/${person.id}`;
  const { email, telephone, links } = publicContacts(person.contacts);
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    '@id': url,
    ...names(person.name, context.locale),
    url,
    description: localisedText(person.bio, context.locale),
    jobTitle: one(person.professions),
    knowsAbout: one(person.skills),
    knowsLanguage: one(person.languages),
    email: one(email),
    telephone: one(telephone),
    sameAs: one([...links, ...person.portfolio.filter((p) => /^https?:\/\//i.test(p))]),
    homeLocation: context.regionName ? { '@type': 'Place', name: context.regionName, address: { '@type': 'PostalAddress', addressRegion: context.regionName, addressCountry: context.spaceCode } } : undefined,
    affiliation: one(context.organizations.map((o) => ({ '@type': 'Organization', '@id': `${context.baseUrl}/organizations/${o.id}`, name: resolveText(o.name, context.locale)?.value }))),
  };
}
