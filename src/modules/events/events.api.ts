/** /api/v1 routes of events: list, create, read, change, delete, registrations; series (read). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { requireApiUser } from '../accounts/accounts.api.js';
import { listRegions, listSpaces, type Space } from '../spaces/spaces.service.js';
import {
  createEventSchema,
  deleteEventSchema,
  getEventSchema,
  getSeriesSchema,
  listEventsSchema,
  listSeriesSchema,
  listRegistrationsSchema,
  registerSchema,
  updateEventSchema,
  type CreateEventBody,
  type ListQuery,
  type RegisterBody,
  type SeriesListQuery,
  type UpdateEventBody,
} from './events.schema.js';
import { EVENT_TYPES, type EventView, type SeriesView } from './events.service.js';
import { monthBounds } from './time.js';

type IdParams = { Params: { id: string } };

async function writeGuard(request: FastifyRequest): Promise<void> {
  requireApiUser(request);
}

/** Registers the routes (inside the /api/v1 prefix). */
export function registerEventsApi(api: FastifyInstance): void {
  const { db, events, config } = api.mosaic;

  function present(view: EventView, spaces: Space[]) {
    const { spaceId, imageSha256: _image, ...rest } = view;
    return { ...rest, space: spaces.find((s) => s.id === spaceId)?.code ?? '', url: `${config.baseUrl}/events/${view.id}` };
  }

  function spaceOf(code: string | undefined, spaces: Space[]): Space | null {
    if (!code) return null;
    const space = spaces.find((s) => s.code === code.toUpperCase());
    if (!space) throw new AppError('VALIDATION', { fields: [{ field: 'space', key: 'validation.choice' }] });
    return space;
  }

  api.get<{ Querystring: ListQuery }>('/events', { schema: listEventsSchema }, async (request) => {
    const q = request.query;
    const spaces = await listSpaces(db);
    const space = spaceOf(q.space, spaces);
    const fields = [];
    if (q.type && !EVENT_TYPES.includes(q.type as never)) fields.push({ field: 'type', key: 'validation.choice' });
    const month = q.month ? monthBounds(q.month) : null;
    if (q.month && !month) fields.push({ field: 'month', key: 'validation.invalid', values: { detail: 'YYYY-MM' } });
    if (q.region && (!space || !(await listRegions(db, space.id)).some((r) => r.code === q.region!.toUpperCase()))) fields.push({ field: 'region', key: 'validation.choice' });
    if (q.organization && !/^[0-9a-f-]{36}$/i.test(q.organization)) fields.push({ field: 'organization', key: 'validation.choice' });
    if (q.series && !/^[0-9a-f-]{36}$/i.test(q.series)) fields.push({ field: 'series', key: 'validation.choice' });
    if (fields.length) throw new AppError('VALIDATION', { fields });
    const { items, total } = await events.listEvents(
      request.principal,
      { spaceIds: space ? [space.id] : undefined, types: q.type ? [q.type] : undefined, regions: q.region ? [q.region.toUpperCase()] : undefined, organizationId: q.organization?.toLowerCase(), seriesId: q.series?.toLowerCase(), past: q.past === true && !month, ...(month ? { from: month.from, to: month.to } : {}) },
      q.limit ?? 20,
      q.offset ?? 0,
    );
    return { total, items: items.map((e) => present(e, spaces)) };
  });

  function presentSeries(view: SeriesView, spaces: Space[]) {
    return {
      id: view.id,
      space: spaces.find((s) => s.id === view.spaceId)?.code ?? '',
      title: view.title,
      description: view.description,
      url: `${config.baseUrl}/events/series/${view.id}`,
      calendar: `${config.baseUrl}/events.ics?series=${view.id}`,
      createdAt: view.createdAt,
      updatedAt: view.updatedAt,
    };
  }

  api.get<{ Querystring: SeriesListQuery }>('/event-series', { schema: listSeriesSchema }, async (request) => {
    const spaces = await listSpaces(db);
    const space = spaceOf(request.query.space, spaces);
    const { items, total } = await events.listSeries(request.principal, space ? [space.id] : null, request.query.limit ?? 20, request.query.offset ?? 0);
    return { total, items: items.map((s) => presentSeries(s, spaces)) };
  });

  api.get<IdParams>('/event-series/:id', { schema: getSeriesSchema }, async (request) => {
    const series = await events.getSeries(request.principal, request.params.id);
    const brief = (e: EventView) => ({ id: e.id, title: e.title, status: e.status, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone, url: `${config.baseUrl}/events/${e.id}` });
    const upcoming = await events.listEvents(request.principal, { seriesId: series.id }, 100, 0);
    const past = await events.listEvents(request.principal, { seriesId: series.id, past: true }, 100, 0);
    return { ...presentSeries(series, await listSpaces(db)), upcoming: upcoming.items.map(brief), past: past.items.map(brief) };
  });

  api.post<{ Body: CreateEventBody }>('/events', { schema: createEventSchema, preValidation: writeGuard }, async (request, reply) => {
    const { space: code, ...input } = request.body;
    const spaces = await listSpaces(db);
    const space = spaceOf(code, spaces)!;
    const view = await events.createEvent(request.principal, space.id, input, actorOf(request));
    return reply.code(201).header('Location', `/api/v1/events/${view.id}`).send(present(view, spaces));
  });

  api.get<IdParams>('/events/:id', { schema: getEventSchema }, async (request) => present(await events.getEvent(request.principal, request.params.id.toLowerCase()), await listSpaces(db)));

  api.patch<IdParams & { Body: UpdateEventBody }>('/events/:id', { schema: updateEventSchema, preValidation: writeGuard }, async (request) =>
    present(await events.updateEvent(request.principal, request.params.id.toLowerCase(), request.body, actorOf(request)), await listSpaces(db)),
  );

  api.delete<IdParams>('/events/:id', { schema: deleteEventSchema, preValidation: writeGuard }, async (request, reply) => {
    const id = request.params.id.toLowerCase();
    await events.getEvent(request.principal, id);
    await events.deleteEvent(request.principal, id, actorOf(request));
    return reply.code(204).send();
  });

  api.get<IdParams>('/events/:id/registrations', { schema: listRegistrationsSchema, preValidation: writeGuard }, async (request) => {
    const { rows } = await events.attendance(request.principal, request.params.id.toLowerCase());
    return { items: rows };
  });

  api.post<IdParams & { Body: RegisterBody }>('/events/:id/registrations', { schema: registerSchema, preValidation: writeGuard }, async (request, reply) => {
    const reg = await events.register(request.principal, request.params.id.toLowerCase(), { ...request.body, locale: request.body.locale ?? request.user?.locale ?? request.locale }, actorOf(request));
    return reply.code(201).send(reg);
  });
}
