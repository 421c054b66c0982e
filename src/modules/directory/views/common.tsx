/** Small pieces shared by the directory's pages: names in the reader's language, badges, lists. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hrefFor } from '../../../platform/http/context.js';
import { resolveText, type TranslatedText } from '../../../platform/i18n/content.js';
import type { Locale } from '../../../platform/i18n/locales.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { isUrl } from '../../../platform/validation.js';
import type { Contact } from '../classification.js';

/** Query string values as Fastify gives them: a string, repeated keys as an array. */
export type QueryValue = string | string[] | undefined;
/** A parsed query string. */
export type Query = Record<string, QueryValue>;

/** The first value of a query parameter. */
export function first(value: QueryValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a query or form parameter, trimmed, without empties. */
export function all(value: QueryValue | unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

/** Splits a comma-separated field ("lo, en; fr") into its items. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A page number from the query: 1…500. */
export function pageNumber(value: QueryValue): number {
  const n = Number(first(value));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 500) : 1;
}

/** True when the string looks like one of our record ids (UUID). */
export function isId(value: string | undefined): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Sends a signed-out visitor to the sign-in page, coming back here afterwards. */
export function requireUser(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.user) return true;
  reply.redirect(hrefFor(request, `/login?next=${encodeURIComponent(request.url)}`), 303);
  return false;
}

/** A translatable value in the reader's language, with the `lang` to mark when it is another. */
export function localised(ctx: { locale: Locale }, field: TranslatedText | null | undefined, fallback = ''): { value: string; lang: string | undefined } {
  const r = resolveText(field, ctx.locale);
  return { value: r?.value ?? fallback, lang: r?.isFallback ? r.locale : undefined };
}

/** A translatable value as inline text, marked with its language when not the reader's. */
export function Text({ ctx, value, fallback }: { ctx: ViewContext; value: TranslatedText | null | undefined; fallback?: string }) {
  const r = localised(ctx, value, fallback);
  return r.lang ? <span lang={r.lang}>{r.value}</span> : <>{r.value}</>;
}

/** Names of other languages, e.g. "lo" → "Lao" in English, "лаосский" in Russian. */
export function languageName(ctx: ViewContext, tag: string): string {
  try {
    return new Intl.DisplayNames([ctx.locale, 'en'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** "Verified" badge with the date, when verified. */
export function VerifiedBadge({ ctx, verifiedAt, withDate }: { ctx: ViewContext; verifiedAt: string | null; withDate?: boolean }) {
  if (!verifiedAt) return null;
  return (
    <span class="badge ok">
      <span aria-hidden="true">✓ </span>
      {withDate ? (
        <>
          {ctx.t('dir.verified_on')} <time datetime={verifiedAt}>{ctx.i18n.date(verifiedAt, 'long')}</time>
        </>
      ) : (
        ctx.t('dir.verified')
      )}
    </span>
  );
}

/** A badge for drafts and archived records (editors see them). */
export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: string }) {
  if (status === 'published') return null;
  return <span class="badge">{ctx.t(`dir.status.${status}`)}</span>;
}

/** A safe link target for a contact, or null to show it as text. */
export function contactHref(contact: Contact): string | null {
  if (contact.kind === 'email') return `mailto:${contact.value}`;
  if (contact.kind === 'phone') return `tel:${contact.value.replace(/[^0-9+]/g, '')}`;
  if (isUrl(contact.value)) return contact.value;
  return null;
}

/** The list of contacts of a record. */
export function ContactList({ ctx, contacts }: { ctx: ViewContext; contacts: Contact[] }) {
  return (
    <ul class="plain">
      {contacts.map((c) => {
        const href = contactHref(c);
        return (
          <li>
            {ctx.t(`dir.contact.${c.kind}`)}: {href ? <a href={href}>{c.value}</a> : c.value}
            {c.visibility !== 'public' ? <span class="muted"> ({ctx.t(`dir.visibility.${c.visibility}`)})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
