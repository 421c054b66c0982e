/**
 * Between the directory's HTML forms and its service: a posted body becomes the form's state
 * (what is shown again on error) and the service input; a record becomes the state of its
 * edit form. Checking is the service's job; here values are only picked and shaped.
 */
import { LOCALES } from '../../../platform/i18n/locales.js';
import type { OrganizationInput, OrganizationView, PersonInput, PersonView } from '../directory.service.js';
import { all, splitList } from './common.js';

/** Form state values. */
export type Values = Record<string, string | undefined>;

const MAX_ROWS = 20;

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, 10_000) : undefined;
}

function source(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

const ORG_SCALARS = ['type', 'regionCode', 'address', 'latitude', 'longitude', 'languages', 'foundedYear', 'sizeBand', 'externalId', 'status'] as const;
const PERSON_SCALARS = ['regionCode', 'professions', 'skills', 'languages', 'sex', 'ageBand', 'demographicsConsent', 'demographics', 'externalId', 'status'] as const;

function translatedValues(body: Record<string, unknown>, name: string, out: Values): void {
  for (const l of LOCALES) {
    const v = str(body, `${name}.${l}`);
    if (v !== undefined) out[`${name}.${l}`] = v;
  }
}

function contactValues(body: Record<string, unknown>, out: Values): void {
  for (let i = 0; i < MAX_ROWS; i++) {
    for (const part of ['kind', 'value', 'visibility']) {
      const v = str(body, `contacts.${i}.${part}`);
      if (v !== undefined) out[`contacts.${i}.${part}`] = v;
    }
  }
}

/** The state of a posted organisation form. */
export function organizationFormValues(body: unknown): Values {
  const b = source(body);
  const out: Values = {};
  translatedValues(b, 'name', out);
  translatedValues(b, 'description', out);
  for (const k of ORG_SCALARS) {
    const v = str(b, k);
    if (v !== undefined) out[k] = v;
  }
  out.domains = all(b.domains).join(',');
  out.functions = all(b.functions).join(',');
  contactValues(b, out);
  if (str(b, 'confirm') === '1') out.confirm = '1';
  return out;
}

/** The state of a posted person form. */
export function personFormValues(body: unknown): Values {
  const b = source(body);
  const out: Values = {};
  translatedValues(b, 'name', out);
  translatedValues(b, 'bio', out);
  for (const k of PERSON_SCALARS) {
    const v = str(b, k);
    if (v !== undefined) out[k] = v;
  }
  out.domains = all(b.domains).join(',');
  for (let i = 0; i < MAX_ROWS; i++) {
    const v = str(b, `portfolio.${i}`);
    if (v !== undefined) out[`portfolio.${i}`] = v;
  }
  contactValues(b, out);
  if (str(b, 'confirm') === '1') out.confirm = '1';
  return out;
}

function translated(values: Values, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LOCALES) out[l] = values[`${name}.${l}`] ?? '';
  return out;
}

/** Every contact row in order (empty rows too, so error indices match the rows on the page). */
function contacts(values: Values) {
  let last = -1;
  for (let i = 0; i < MAX_ROWS; i++) if (values[`contacts.${i}.value`] !== undefined || values[`contacts.${i}.kind`] !== undefined) last = i;
  return Array.from({ length: last + 1 }, (_, i) => ({
    kind: values[`contacts.${i}.kind`],
    value: values[`contacts.${i}.value`],
    visibility: values[`contacts.${i}.visibility`],
  }));
}

const codes = (v: string | undefined) => (v ?? '').split(',').filter(Boolean);

/** The service input of an organisation form. Status and external id only when the form had them. */
export function organizationInput(values: Values): OrganizationInput {
  return {
    name: translated(values, 'name'),
    type: values.type ?? '',
    domains: codes(values.domains),
    functions: codes(values.functions),
    regionCode: values.regionCode || null,
    address: values.address ?? null,
    latitude: values.latitude ?? null,
    longitude: values.longitude ?? null,
    contacts: contacts(values),
    languages: splitList(values.languages).flatMap((v) => v.split(/\s+/)),
    foundedYear: values.foundedYear ?? null,
    sizeBand: values.sizeBand ?? null,
    description: translated(values, 'description'),
    ...(values.externalId !== undefined ? { externalId: values.externalId } : {}),
    ...(values.status ? { status: values.status } : {}),
  };
}

/** The service input of a person form. Demographics only when the form showed them. */
export function personInput(values: Values): PersonInput {
  // Every row up to the last one filled, so an error names the row it was typed in.
  const portfolio: string[] = [];
  for (let i = 0; i < MAX_ROWS; i++) if (values[`portfolio.${i}`]?.trim()) portfolio.length = i + 1;
  for (let i = 0; i < portfolio.length; i++) portfolio[i] = values[`portfolio.${i}`] ?? '';
  return {
    name: translated(values, 'name'),
    professions: splitList(values.professions),
    skills: splitList(values.skills),
    domains: codes(values.domains),
    regionCode: values.regionCode || null,
    bio: translated(values, 'bio'),
    portfolio,
    contacts: contacts(values),
    languages: splitList(values.languages).flatMap((v) => v.split(/\s+/)),
    ...(values.demographics === '1' ? { demographicsConsent: values.demographicsConsent === '1', sex: values.sex || null, ageBand: values.ageBand || null } : {}),
    ...(values.externalId !== undefined ? { externalId: values.externalId } : {}),
    ...(values.status ? { status: values.status } : {}),
  };
}

function fromTranslated(out: Values, name: string, field: Record<string, { value: string } | undefined>): void {
  for (const l of LOCALES) if (field[l]?.value) out[`${name}.${l}`] = field[l]!.value;
}

function fromContacts(out: Values, list: { kind: string; value: string; visibility: string }[]): void {
  list.forEach((c, i) => {
    out[`contacts.${i}.kind`] = c.kind;
    out[`contacts.${i}.value`] = c.value;
    out[`contacts.${i}.visibility`] = c.visibility;
  });
}

/** The edit form's state of an organisation. */
export function organizationValues(org: OrganizationView): Values {
  const out: Values = {
    type: org.type,
    regionCode: org.regionCode ?? '',
    address: org.address ?? '',
    latitude: org.latitude?.toString() ?? '',
    longitude: org.longitude?.toString() ?? '',
    languages: org.languages.join(', '),
    foundedYear: org.foundedYear?.toString() ?? '',
    sizeBand: org.sizeBand ?? '',
    domains: org.domains.join(','),
    functions: org.functions.join(','),
    status: org.status,
    externalId: org.externalId ?? '',
  };
  fromTranslated(out, 'name', org.name);
  fromTranslated(out, 'description', org.description);
  fromContacts(out, org.contacts);
  return out;
}

/** The edit form's state of a person. */
export function personValues(person: PersonView): Values {
  const out: Values = {
    regionCode: person.regionCode ?? '',
    professions: person.professions.join(', '),
    skills: person.skills.join(', '),
    languages: person.languages.join(', '),
    domains: person.domains.join(','),
    status: person.status,
    externalId: person.externalId ?? '',
  };
  if (person.demographics) {
    out.sex = person.demographics.sex ?? '';
    out.ageBand = person.demographics.ageBand ?? '';
    if (person.demographics.sex || person.demographics.ageBand) out.demographicsConsent = '1';
  }
  fromTranslated(out, 'name', person.name);
  fromTranslated(out, 'bio', person.bio);
  person.portfolio.forEach((p, i) => (out[`portfolio.${i}`] = p));
  fromContacts(out, person.contacts);
  return out;
}
