/**
 * Between the resource form and the library service: a posted body becomes the form's state
 * (shown again on error, exactly as typed) and the service input; a resource becomes the state of
 * its edit form; the service's field names become the form's.
 */
import { LOCALES } from '../../../platform/i18n/locales.js';
import type { FieldError } from '../../../platform/http/errors.js';
import { all, splitList } from '../../directory/views/common.js';
import type { Creator } from '../classification.js';
import type { ResourceInput, ResourceView } from '../library.service.js';

/** Form state values. */
export type Values = Record<string, string | undefined>;

/** Identifier rows the form shows at least. */
export const IDENTIFIER_ROWS = 3;
const MAX_ROWS = 20;

function str(body: Record<string, unknown>, key: string, max = 20_000): string | undefined {
  const v = body[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : undefined;
}

const SCALARS = ['type', 'creators', 'publisher', 'date', 'keywords', 'languages', 'format', 'source', 'countries', 'period', 'licence', 'rights', 'access', 'status', 'externalId'] as const;
const MULTI = ['domains', 'regions', 'sdgs', 'areas', 'groups'] as const;

/** The state of a posted resource form. */
export function resourceFormValues(body: unknown): Values {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Values = {};
  for (const name of ['title', 'abstract']) {
    for (const l of LOCALES) {
      const v = str(b, `${name}.${l}`);
      if (v !== undefined) out[`${name}.${l}`] = v;
    }
  }
  for (const k of SCALARS) {
    const v = str(b, k);
    if (v !== undefined) out[k] = v;
  }
  for (const k of MULTI) out[k] = all(b[k]).join(',');
  for (let i = 0; i < MAX_ROWS; i++) {
    for (const part of ['scheme', 'value']) {
      const v = str(b, `identifiers.${i}.${part}`, 1000);
      if (v !== undefined) out[`identifiers.${i}.${part}`] = v;
    }
  }
  return out;
}

const RESOURCE_LINK = /(?:^|\/library\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#].*)?$/i;

/** The resource id in what someone typed to name a resource: its id, or its page's address. */
export function resourceIdFrom(typed: string): string {
  const text = typed.trim();
  return RESOURCE_LINK.exec(text)?.[1]?.toLowerCase() ?? text;
}

const LINK = /(?:^|\/)(organizations|people)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;
const BARE_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * A creator typed on one line: a name, the address of a directory record (optionally after a
 * name and a dash), or a record id.
 */
export function parseCreatorLine(line: string): { kind?: string; id?: string; name?: string } | null {
  const text = line.trim();
  if (!text) return null;
  const link = LINK.exec(text);
  if (link) {
    const name = text.slice(0, link.index).replace(/\s*[—–-]\s*(?:https?:\/\/\S*)?$/, '').replace(/https?:\/\/\S*$/, '').trim();
    return { kind: link[1]!.toLowerCase() === 'people' ? 'person' : 'organization', id: link[2]!.toLowerCase(), ...(name ? { name } : {}) };
  }
  const bare = BARE_ID.exec(text);
  if (bare) return { id: bare[1]!.toLowerCase() };
  return { kind: 'text', name: text };
}

/** A creator as its form line: the name, and the record's address when it is linked. */
export function creatorLine(c: Creator): string {
  if (c.kind === 'organization' && c.id) return `${c.name} — /organizations/${c.id}`;
  if (c.kind === 'person' && c.id) return `${c.name} — /people/${c.id}`;
  return c.name;
}

const codes = (v: string | undefined) => (v ?? '').split(',').filter(Boolean);

function translated(values: Values, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LOCALES) out[l] = values[`${name}.${l}`] ?? '';
  return out;
}

/** The service input of a resource form. Status and external id only when the form had them. */
export function resourceInput(values: Values): ResourceInput {
  const identifiers: { scheme?: string; value?: string }[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    if (values[`identifiers.${i}.value`] === undefined && values[`identifiers.${i}.scheme`] === undefined) continue;
    identifiers[i] = { scheme: values[`identifiers.${i}.scheme`], value: values[`identifiers.${i}.value`] };
  }
  return {
    type: values.type ?? '',
    title: translated(values, 'title'),
    abstract: translated(values, 'abstract'),
    creators: (values.creators ?? '').split(/\r?\n/).map(parseCreatorLine).filter((c): c is NonNullable<typeof c> => c !== null),
    publisher: parseCreatorLine(values.publisher ?? ''),
    date: values.date ?? null,
    domains: codes(values.domains),
    keywords: splitList(values.keywords),
    format: values.format ?? null,
    identifiers: Array.from({ length: identifiers.length }, (_, i) => identifiers[i] ?? {}),
    source: values.source ?? null,
    languages: splitList(values.languages).flatMap((v) => v.split(/\s+/)),
    coverage: { countries: splitList(values.countries).flatMap((v) => v.split(/\s+/)), regions: codes(values.regions), period: values.period ?? null },
    rights: values.rights ?? null,
    licence: values.licence || null,
    sdgs: codes(values.sdgs),
    conventionAreas: codes(values.areas),
    access: values.access || 'public',
    groups: codes(values.groups),
    ...(values.externalId !== undefined ? { externalId: values.externalId } : {}),
    ...(values.status ? { status: values.status } : {}),
  };
}

/** The edit form's state of a resource. */
export function resourceValues(r: ResourceView): Values {
  const out: Values = {
    type: r.type,
    creators: r.creators.map(creatorLine).join('\n'),
    publisher: r.publisher ? creatorLine(r.publisher) : '',
    date: r.date ?? '',
    domains: r.domains.join(','),
    keywords: r.keywords.join(', '),
    languages: r.languages.join(', '),
    format: r.format ?? '',
    source: r.source ?? '',
    countries: r.coverage.countries.join(', '),
    regions: r.coverage.regions.join(','),
    period: r.coverage.period ?? '',
    licence: r.licence ?? '',
    rights: r.rights ?? '',
    sdgs: r.sdgs.join(','),
    areas: r.conventionAreas.join(','),
    access: r.access,
    groups: r.groups.join(','),
    status: r.status,
    externalId: r.externalId ?? '',
  };
  for (const name of ['title', 'abstract'] as const) for (const l of LOCALES) if (r[name][l]?.value) out[`${name}.${l}`] = r[name][l]!.value;
  r.identifiers.forEach((id, i) => {
    out[`identifiers.${i}.scheme`] = id.scheme;
    out[`identifiers.${i}.value`] = id.value;
  });
  return out;
}

const FIELD_NAMES: Record<string, string> = {
  'coverage.countries': 'countries',
  'coverage.regions': 'regions',
  conventionAreas: 'areas',
};

/** The service's field names as the form's (creators.3 → creators, coverage.regions → regions). */
export function formFieldErrors(fields: FieldError[]): FieldError[] {
  return fields.map((f) => {
    if (/^creators\.\d+$/.test(f.field)) return { ...f, field: 'creators' };
    return { ...f, field: FIELD_NAMES[f.field] ?? f.field };
  });
}
