/** Small pieces shared by the library's pages: labels of its vocabularies, badges, sizes. */
import type { ViewContext } from '../../../platform/views/context.js';
import {
  conventionLabel,
  labelFor,
  LICENCE_URLS,
  sdgLabel,
  type AccessLevel,
  type Licence,
  type RelationKind,
  type ResourceType,
} from '../classification.js';

/** Message keys of the resource types (literal, so the catalogue check sees them). */
export const TYPE_KEYS: Record<ResourceType, string> = {
  policy: 'library.type.policy',
  law: 'library.type.law',
  strategy: 'library.type.strategy',
  report: 'library.type.report',
  statistics: 'library.type.statistics',
  toolkit: 'library.type.toolkit',
  training: 'library.type.training',
  media: 'library.type.media',
  news: 'library.type.news',
  link: 'library.type.link',
};

/** Message keys of the access levels. */
export const ACCESS_KEYS: Record<AccessLevel, string> = {
  public: 'library.access.public',
  members: 'library.access.members',
  editors: 'library.access.editors',
  groups: 'library.access.groups',
};

/** Message keys of the relation kinds, as read from the resource that shows them. */
export const RELATION_KEYS: Record<RelationKind, string> = {
  related: 'library.relation.related',
  is_part_of: 'library.relation.is_part_of',
  has_part: 'library.relation.has_part',
  is_version_of: 'library.relation.is_version_of',
  has_version: 'library.relation.has_version',
  replaces: 'library.relation.replaces',
  is_replaced_by: 'library.relation.is_replaced_by',
  references: 'library.relation.references',
  is_referenced_by: 'library.relation.is_referenced_by',
};

/** Message keys of the identifier schemes that need words (the others are acronyms). */
const SCHEME_KEYS: Record<string, string> = { url: 'library.scheme.url', other: 'library.scheme.other' };

/** Label of an identifier scheme. */
export function schemeLabel(ctx: ViewContext, scheme: string): string {
  return SCHEME_KEYS[scheme] ? ctx.t(SCHEME_KEYS[scheme]) : scheme.toUpperCase().replace('HANDLE', 'Handle');
}

/** Label of a resource type. */
export function typeLabel(ctx: ViewContext, type: string): string {
  const key = TYPE_KEYS[type as ResourceType];
  return key ? ctx.t(key) : type;
}

/** Label of an access level. */
export function accessLabel(ctx: ViewContext, access: string): string {
  const key = ACCESS_KEYS[access as AccessLevel];
  return key ? ctx.t(key) : access;
}

/** Label of a licence: the licence's own name, or words for the others. */
export function licenceLabel(ctx: ViewContext, licence: string): string {
  if (licence === 'public-domain') return ctx.t('library.licence.public_domain');
  if (licence === 'copyright') return ctx.t('library.licence.copyright');
  if (licence === 'other') return ctx.t('library.licence.other');
  return licence.replace(/^CC0-1\.0$/, 'CC0 1.0').replace(/^CC-(.+)-(\d\.\d)$/, (_, parts: string, v: string) => `CC ${parts.replace(/-/g, '-')} ${v}`);
}

/** The canonical address of a licence, if it has one. */
export function licenceUrl(licence: string): string | null {
  return LICENCE_URLS[licence as Licence] ?? null;
}

/** A coded label: the code in the page's language, the label marked when it is in another. */
export interface CodedLabel {
  prefix: string;
  value: string;
  lang: string | undefined;
}

/** "SDG 8.3 — Promote development-oriented policies…", in the reader's language where it exists. */
export function sdgText(ctx: ViewContext, code: string): CodedLabel {
  const label = sdgLabel(code);
  const prefix = ctx.t('library.sdg_code', { code });
  if (!label) return { prefix, value: '', lang: undefined };
  const l = labelFor(label, ctx.locale);
  return { prefix, value: l.value, lang: l.lang !== ctx.locale ? l.lang : undefined };
}

/** "1.2 — Media diversity" for an area of monitoring of the 2005 Convention. */
export function areaText(ctx: ViewContext, code: string): CodedLabel {
  const label = conventionLabel(code);
  if (!label) return { prefix: code, value: '', lang: undefined };
  const l = labelFor(label, ctx.locale);
  return { prefix: code, value: l.value, lang: l.lang !== ctx.locale ? l.lang : undefined };
}

/** A coded label as text: "SDG 8 — <span lang=en>Decent work…</span>". */
export function Labelled({ value }: { value: CodedLabel }) {
  if (!value.value) return <>{value.prefix}</>;
  return (
    <>
      {value.prefix} — {value.lang ? <span lang={value.lang}>{value.value}</span> : value.value}
    </>
  );
}

/** A file size in the reader's units: 820 KB, 12.4 MB. */
export function fileSize(ctx: ViewContext, bytes: number): string {
  if (bytes < 1024) return ctx.t('library.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return ctx.t('library.size.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return ctx.t('library.size.mb', { n: Math.round((bytes / 1024 / 1024) * 10) / 10 });
}

/** A country's name in the reader's language (ISO 3166-1 code otherwise). */
export function countryName(ctx: ViewContext, code: string): string {
  try {
    return new Intl.DisplayNames([ctx.locale, 'en'], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A badge for drafts and for resources that are not public. */
export function AccessBadges({ ctx, access, status }: { ctx: ViewContext; access: string; status: string }) {
  return (
    <>
      {status === 'draft' ? <span class="badge">{ctx.t('library.status.draft')}</span> : null}
      {access !== 'public' ? (
        <>
          {' '}
          <span class="badge">{accessLabel(ctx, access)}</span>
        </>
      ) : null}
    </>
  );
}
