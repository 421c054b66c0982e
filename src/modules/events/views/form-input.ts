/**
 * The event form's flat fields (`title.en`, `sessions.0.start`…) to and from the service's input.
 * The field names are the ones the service reports errors for, so each error lands by its field.
 */
import { LOCALES } from '../../../platform/i18n/locales.js';
import type { EventInput, EventView } from '../events.service.js';
import { utcToZonedInput } from '../time.js';

/** Flat form values. */
export type Values = Record<string, string | undefined>;

/** Rows of repeated groups shown on the form (besides those already filled). */
export const EXTRA_SESSIONS = 2;
export const EXTRA_QUESTIONS = 2;
export const EXTRA_LINKS = 2;
const MAX_ROWS = 60;

/** Values of a urlencoded body: strings, and the first of repeated keys. */
export function bodyValues(body: unknown): Values {
  const out: Values = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    const value = Array.isArray(v) ? v : [v];
    const strings = value.filter((x): x is string => typeof x === 'string');
    if (k === 'organizers') out[k] = strings.join('\n').slice(0, 20_000);
    else if (strings[0] !== undefined) out[k] = strings[0].slice(0, 20_000);
  }
  return out;
}

function rows(values: Values, prefix: string): number[] {
  const idx = new Set<number>();
  for (const k of Object.keys(values)) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(k);
    if (m && Number(m[1]) < MAX_ROWS) idx.add(Number(m[1]));
  }
  return [...idx].sort((a, b) => a - b);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The service input from a submitted form. Rows left empty are dropped by the service. */
export function eventInput(values: Values): EventInput {
  const translated = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, values[`${name}.${l}`]]).filter(([, v]) => v !== undefined));
  return {
    type: values.type,
    title: translated('title'),
    description: translated('description'),
    status: values.status,
    timeZone: values.timeZone,
    venueName: values.venueName ?? null,
    venueAddress: values.venueAddress ?? null,
    regionCode: values.regionCode ?? null,
    onlineUrl: values.onlineUrl ?? null,
    capacity: values.capacity ?? null,
    registrationOpen: values.registrationOpen === 'on' || values.registrationOpen === '1',
    // Organisers by id, or by a pasted link to their page.
    organizers: [...new Set((values.organizers ?? '').match(UUID) ?? [])].map((id) => id.toLowerCase()),
    sessions: rows(values, 'sessions').map((i) => ({ id: values[`sessions.${i}.id`], title: values[`sessions.${i}.title`], start: values[`sessions.${i}.start`], end: values[`sessions.${i}.end`] })),
    questions: rows(values, 'questions').map((i) => ({
      id: values[`questions.${i}.id`],
      label: values[`questions.${i}.label`],
      kind: values[`questions.${i}.kind`],
      options: values[`questions.${i}.options`] ?? '',
      required: values[`questions.${i}.required`] === 'on',
    })),
    resources: rows(values, 'resources').map((i) => ({ title: values[`resources.${i}.title`], url: values[`resources.${i}.url`] })),
    materials: rows(values, 'materials').map((i) => ({ title: values[`materials.${i}.title`], url: values[`materials.${i}.url`] })),
    // Sent only by the space's editors' form, which shows the choice.
    ...(values.seriesId !== undefined ? { seriesId: values.seriesId || null } : {}),
  };
}

/** Form values of an existing event (times in its zone). */
export function eventValues(e: EventView): Values {
  const v: Values = {
    type: e.type,
    status: e.status,
    timeZone: e.timeZone,
    venueName: e.venueName ?? '',
    venueAddress: e.venueAddress ?? '',
    regionCode: e.regionCode ?? '',
    onlineUrl: e.onlineUrl ?? '',
    capacity: e.capacity === null ? '' : String(e.capacity),
    registrationOpen: e.registrationOpen ? 'on' : undefined,
    organizers: e.organizers.map((o) => o.id).join('\n'),
    seriesId: e.series?.id ?? '',
  };
  for (const [l, t] of Object.entries(e.title)) v[`title.${l}`] = t?.value;
  for (const [l, t] of Object.entries(e.description)) v[`description.${l}`] = t?.value;
  e.sessions.forEach((s, i) => {
    v[`sessions.${i}.id`] = s.id;
    v[`sessions.${i}.title`] = s.title ?? '';
    v[`sessions.${i}.start`] = utcToZonedInput(s.startsAt, e.timeZone);
    v[`sessions.${i}.end`] = utcToZonedInput(s.endsAt, e.timeZone);
  });
  e.questions.forEach((q, i) => {
    v[`questions.${i}.id`] = q.id;
    v[`questions.${i}.label`] = q.label;
    v[`questions.${i}.kind`] = q.kind;
    v[`questions.${i}.options`] = q.options.join('\n');
    v[`questions.${i}.required`] = q.required ? 'on' : undefined;
  });
  e.resources.forEach((r, i) => {
    v[`resources.${i}.title`] = r.title;
    v[`resources.${i}.url`] = r.url;
  });
  e.materials.forEach((r, i) => {
    v[`materials.${i}.title`] = r.title;
    v[`materials.${i}.url`] = r.url;
  });
  return v;
}

/** How many rows of a repeated group the form shows: those filled, plus a few empty ones. */
export function rowCount(values: Values, prefix: string, extra: number): number {
  const filled = rows(values, prefix);
  return Math.min(MAX_ROWS, (filled.length ? filled[filled.length - 1]! + 1 : 0) + extra);
}
