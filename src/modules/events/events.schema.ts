/**
 * Request and response schemas of the events API (validation and the OpenAPI document). Bodies
 * check shapes and types; allowed values are checked by the events service, which reports every
 * wrong field at once with a localised message.
 */
import { Type, type Static } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';
import { EVENT_STATUSES, EVENT_TYPES, QUESTION_KINDS } from './events.service.js';

const list = (values: readonly string[]) => values.join(', ');
const tags = ['events'];
const bearer: Record<string, string[]>[] = [{ bearer: [] }];
const optionalBearer: Record<string, string[]>[] = [{}, { bearer: [] }];
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A UUID path parameter. */
export const IdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$', description: 'Event id (UUID)' }),
});

const LinkSchema = Type.Object({ title: Type.String(), url: Type.String() });
const QuestionSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  kind: Type.String({ description: `One of: ${list(QUESTION_KINDS)}` }),
  options: Type.Array(Type.String()),
  required: Type.Boolean(),
});
const SessionSchema = Type.Object({ id: Type.String(), title: NullableString, startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }) });

export const EventViewSchema = Type.Object({
  id: Type.String(),
  space: Type.String({ description: 'Country space code' }),
  type: Type.String({ description: `One of: ${list(EVENT_TYPES)}` }),
  title: TranslatedTextSchema,
  description: TranslatedTextSchema,
  status: Type.String({ description: `One of: ${list(EVENT_STATUSES)}` }),
  timeZone: Type.String({ description: 'IANA time zone the event’s times are shown in' }),
  venueName: NullableString,
  venueAddress: NullableString,
  regionCode: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166-2 region code' }),
  onlineUrl: NullableString,
  capacity: Type.Union([Type.Integer(), Type.Null()], { description: 'Confirmed places; null = no limit' }),
  confirmedCount: Type.Integer(),
  registrationOpen: Type.Boolean(),
  questions: Type.Array(QuestionSchema),
  resources: Type.Array(LinkSchema),
  materials: Type.Array(LinkSchema),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  sessions: Type.Array(SessionSchema),
  organizers: Type.Array(Type.Object({ id: Type.String(), name: TranslatedTextSchema })),
  series: Type.Union([Type.Object({ id: Type.String(), title: TranslatedTextSchema }), Type.Null()], { description: 'The series the event belongs to' }),
  url: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  canEdit: Type.Boolean(),
});

const inputProperties = {
  type: Type.Optional(Type.String({ description: `One of: ${list(EVENT_TYPES)}` })),
  title: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Title by language tag' })),
  description: Type.Optional(Type.Record(Type.String(), Type.String())),
  status: Type.Optional(Type.String({ description: `One of: ${list(EVENT_STATUSES)} (default draft)` })),
  timeZone: Type.Optional(Type.String({ description: 'IANA time zone (default: the space’s)' })),
  venueName: Type.Optional(NullableString),
  venueAddress: Type.Optional(NullableString),
  regionCode: Type.Optional(NullableString),
  onlineUrl: Type.Optional(NullableString),
  capacity: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  registrationOpen: Type.Optional(Type.Boolean()),
  organizers: Type.Optional(Type.Array(Type.String(), { description: 'Organisation ids of the space’s directory', maxItems: 20 })),
  sessions: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(Type.String({ description: 'Keep an existing session (and its check-ins)' })),
        title: Type.Optional(NullableString),
        start: Type.String({ description: 'Wall-clock time in the event’s zone (2026-03-14T09:30), or an instant with offset' }),
        end: Type.String(),
      }),
      { maxItems: 60 },
    ),
  ),
  questions: Type.Optional(Type.Array(Type.Object({ id: Type.Optional(Type.String()), label: Type.String(), kind: Type.String(), options: Type.Optional(Type.Array(Type.String())), required: Type.Optional(Type.Boolean()) }), { maxItems: 20 })),
  resources: Type.Optional(Type.Array(LinkSchema, { maxItems: 30 })),
  materials: Type.Optional(Type.Array(LinkSchema, { maxItems: 30 })),
  seriesId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Id of a series of the same space (editors of the space only); null takes it out' })),
};

export const CreateEventBody = Type.Object({ space: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Country space code' }), ...inputProperties }, { additionalProperties: false });
export type CreateEventBody = Static<typeof CreateEventBody>;
export const UpdateEventBody = Type.Object(inputProperties, { additionalProperties: false });
export type UpdateEventBody = Static<typeof UpdateEventBody>;

const ListQuery = Type.Object({
  space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  type: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Events during this month (YYYY-MM)' })),
  organization: Type.Optional(Type.String()),
  series: Type.Optional(Type.String({ description: 'Events of this series (id)' })),
  past: Type.Optional(Type.Boolean({ description: 'Past events, latest first' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
export type ListQuery = Static<typeof ListQuery>;

export const RegistrationViewSchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  userId: NullableString,
  name: Type.String(),
  email: NullableString,
  phone: NullableString,
  status: Type.String({ description: 'confirmed, waitlisted or cancelled' }),
  answers: Type.Record(Type.String(), Type.String()),
  code: Type.String({ description: 'Check-in code' }),
  walkIn: Type.Boolean(),
  promotedAt: NullableString,
  cancelledAt: NullableString,
  createdAt: Type.String(),
  checkins: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Check-in time by session id' })),
});

export const RegisterBody = Type.Object(
  { name: Type.Optional(Type.String({ maxLength: 200 })), phone: Type.Optional(Type.String({ maxLength: 40 })), answers: Type.Optional(Type.Record(Type.String(), Type.String())), locale: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const listEventsSchema = {
  summary: 'Upcoming events (or past ones), with filters; drafts only for those who may see them',
  tags,
  security: optionalBearer,
  querystring: ListQuery,
  response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(EventViewSchema) }), ...problems(400, 401) },
};
export const createEventSchema = { summary: 'Create an event (editors of the space, or editors of an organising organisation)', tags, security: bearer, body: CreateEventBody, response: { 201: EventViewSchema, ...problems(400, 401, 403, 404) } };
export const getEventSchema = { summary: 'One event as the caller may see it', tags, security: optionalBearer, params: IdParams, response: { 200: EventViewSchema, ...problems(400, 401, 404) } };
export const updateEventSchema = { summary: 'Change the fields sent; raising the capacity promotes from the waitlist', tags, security: bearer, params: IdParams, body: UpdateEventBody, response: { 200: EventViewSchema, ...problems(400, 401, 403, 404) } };
export const deleteEventSchema = { summary: 'Delete an event and its registrations (space administrators)', tags, security: bearer, params: IdParams, response: { 204: Type.Null(), ...problems(400, 401, 403, 404) } };
export const listRegistrationsSchema = { summary: 'Registrations and check-ins (the event’s organisers)', tags, security: bearer, params: IdParams, response: { 200: Type.Object({ items: Type.Array(RegistrationViewSchema) }), ...problems(400, 401, 403, 404) } };
export const registerSchema = {
  summary: 'Register the caller: a confirmed place while places are free, else the waitlist; a second registration is refused (409)',
  tags,
  security: bearer,
  params: IdParams,
  body: RegisterBody,
  response: { 201: RegistrationViewSchema, ...problems(400, 401, 404, 409) },
};

const SeriesEventSchema = Type.Object({
  id: Type.String(),
  title: TranslatedTextSchema,
  status: Type.String({ description: `One of: ${list(EVENT_STATUSES)}` }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  url: Type.String(),
});

export const SeriesViewSchema = Type.Object({
  id: Type.String(),
  space: Type.String({ description: 'Country space code' }),
  title: TranslatedTextSchema,
  description: TranslatedTextSchema,
  url: Type.String({ description: 'The series page' }),
  calendar: Type.String({ description: 'iCalendar feed of the series’ events' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const SeriesListQuery = Type.Object({
  space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
export type SeriesListQuery = Static<typeof SeriesListQuery>;

const seriesTags = ['event series'];
export const listSeriesSchema = {
  summary: 'Series of events (a festival’s editions, a monthly meetup), newest first',
  tags: seriesTags,
  security: optionalBearer,
  querystring: SeriesListQuery,
  response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(SeriesViewSchema) }), ...problems(400, 401) },
};
export const getSeriesSchema = {
  summary: 'One series with its upcoming and past events (at most 100 of each)',
  tags: seriesTags,
  security: optionalBearer,
  params: Type.Object({ id: Type.String({ pattern: IdParams.properties.id.pattern, description: 'Series id (UUID)' }) }),
  response: { 200: Type.Object({ ...SeriesViewSchema.properties, upcoming: Type.Array(SeriesEventSchema), past: Type.Array(SeriesEventSchema) }), ...problems(400, 401, 404) },
};
