/**
 * Event pages: /events (list and month calendar), event pages with schema.org/Event JSON-LD and
 * the registration form, the new/edit form, cancellation (signed in, or by the emailed secret
 * link), organisers' attendance list, check-in per session and walk-ins, attendance export,
 * "my events" with the personal calendar feed, the iCalendar feeds, series (list, page with
 * follow and feed, editors' form), and materials from the library (attach or upload). Plain links and forms
 * with POST-redirect-GET: everything works without JavaScript.
 */
import { REGISTRATION_LABELS } from './labels.js';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { toCsv, toXlsx } from '../../platform/export/spreadsheet.js';
import { filesDir, localFileStore } from '../../platform/files/store.js';
import { actorOf, hrefInLanguage, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { resolveText, textFor } from '../../platform/i18n/content.js';
import { EMPTY_FORM, Notice, PostForm, type FormState } from '../../platform/views/components.js';
import { withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { IMAGE_MIME, ImageError, processImage } from '../directory/images/images.service.js';
import { imageUrl } from '../directory/images/images.pages.js';
import { first, isId, pageNumber, requireUser, type Query } from '../directory/views/common.js';
import { isFollowing } from '../notifications/notifications.service.js';
import { sendPageWithJsonLd } from '../directory/views/json-ld.js';
import { findSpaceById, getSpace, listRegions, listSpaces, normaliseSpaceCode, type Region, type Space } from '../spaces/spaces.service.js';
import { isCheckinCode, normaliseCode } from './codes.js';
import { authorize, can } from '../../platform/auth/policy.js';
import { EVENT_SERIES, EVENT_TYPES, SPACE_TIME_ZONES, type EventView, type SeriesView } from './events.service.js';
import { monthBounds, zonedTime } from './time.js';
import { EventForm } from './views/event-form.js';
import { EventPage, When } from './views/event-page.js';
import { bodyValues, eventInput, eventValues } from './views/form-input.js';
import { EventCalendar, EventList, EVENTS_PAGE_SIZE, type ListingParams } from './views/listing.js';
import { AttendancePage, CheckinPage } from './views/organiser.js';
import { MaterialsPage } from './views/materials.js';
import { multipartOptions, uploadOf } from '../library/files.pages.js';
import { resourceIdFrom } from '../library/views/form-input.js';
import { SERIES_PAGE_SIZE, SeriesForm, seriesFormValues, seriesInput, SeriesList, SeriesPage, seriesValues } from './views/series.js';

type IdParams = { Params: { id: string }; Querystring: Query };

const NOTICES: Record<string, string> = {
  created: 'events.notice.created',
  saved: 'events.notice.saved',
  series_created: 'events.series.notice.created',
  registered: 'events.notice.registered',
  waitlisted: 'events.notice.waitlisted',
  cancelled: 'events.notice.cancelled',
  already: 'events.already_registered',
  walkin: 'events.notice.walk_in',
  material_added: 'events.materials.notice.added',
  material_removed: 'events.materials.notice.removed',
};

/** schema.org/Event of an event page. */
export function eventJsonLd(event: EventView, url: string, locale: string, spaceCode: string): Record<string, unknown> {
  const name = resolveText(event.title, locale as never);
  const description = resolveText(event.description, locale as never);
  const place = event.venueName || event.venueAddress ? { '@type': 'Place', name: event.venueName ?? undefined, address: { '@type': 'PostalAddress', streetAddress: event.venueAddress ?? undefined, addressRegion: event.regionCode ?? undefined, addressCountry: spaceCode } } : null;
  const virtual = event.onlineUrl ? { '@type': 'VirtualLocation', url: event.onlineUrl } : null;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    name: name?.value ?? '',
    ...(description ? { description: description.value } : {}),
    startDate: event.startsAt,
    endDate: event.endsAt,
    eventStatus: event.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: place && virtual ? 'https://schema.org/MixedEventAttendanceMode' : virtual ? 'https://schema.org/OnlineEventAttendanceMode' : 'https://schema.org/OfflineEventAttendanceMode',
    location: [place, virtual].filter(Boolean),
    ...(event.organizers.length ? { organizer: event.organizers.map((o) => ({ '@type': 'Organization', name: resolveText(o.name, locale as never)?.value ?? '', url: url.replace(/\/events\/.*$/, `/organizations/${o.id}`) })) } : {}),
    ...(event.capacity !== null ? { maximumAttendeeCapacity: event.capacity, remainingAttendeeCapacity: Math.max(0, event.capacity - event.confirmedCount) } : {}),
    ...(event.sessions.length > 1 ? { subEvent: event.sessions.map((s) => ({ '@type': 'Event', name: s.title ?? name?.value ?? '', startDate: s.startsAt, endDate: s.endsAt })) } : {}),
  };
}

/**
 * A `<link rel="alternate" type="text/calendar">` announcing a feed, in the page's language (a
 * calendar application subscribing to it sends no language cookie).
 */
function feedLink(request: FastifyRequest, path: string, title: string) {
  return <link rel="alternate" type="text/calendar" href={hrefInLanguage(request, path)} title={title} />;
}

/** Registers the event pages. */
export function registerEventPages(app: FastifyInstance): void {
  const { db, events, config } = app.mosaic;
  const store = localFileStore(filesDir(config.dataDir));

  async function spaceParam(query: Query): Promise<Space | null> {
    const code = first(query.space);
    if (!code) return null;
    if (!normaliseSpaceCode(code)) throw new AppError('NOT_FOUND');
    return getSpace(db, code);
  }

  async function eventOr404(request: FastifyRequest, id: string): Promise<EventView> {
    if (!isId(id)) throw new AppError('NOT_FOUND');
    return events.getEvent(request.principal, id);
  }

  async function spaceOf(event: EventView): Promise<Space> {
    const space = await findSpaceById(db, event.spaceId);
    if (!space) throw new AppError('NOT_FOUND');
    return space;
  }

  // ---- Listing and calendar ---------------------------------------------------------------------
  app.get<{ Querystring: Query }>('/events', async (request, reply) => {
    const q = request.query;
    const space = await spaceParam(q);
    const type = EVENT_TYPES.find((t) => t === first(q.type)) ?? null;
    const regions: Region[] = space ? await listRegions(db, space.id) : [];
    const region = regions.find((r) => r.code === first(q.region)?.toUpperCase())?.code ?? null;
    const monthRaw = first(q.month) ?? '';
    const bounds = monthBounds(monthRaw);
    const view = first(q.view) === 'calendar' ? 'calendar' : 'list';
    const pageN = Math.min(500, Math.max(1, Number.parseInt(first(q.page) ?? '1', 10) || 1));
    const p: ListingParams = { space, type, region, month: bounds ? monthRaw : null, view, past: first(q.past) === '1', page: pageN };
    const spaces = await listSpaces(db);
    const t = request.i18n.t;
    const spaceName = space ? textFor(space.name, request.locale, space.code) : null;
    const title = spaceName ? t('events.title_in', { space: spaceName }) : t('events.title');
    const feed = space ? `/events.ics?space=${space.code}` : '/events.ics';
    const head = feedLink(request, feed, title);
    const filter = { spaceIds: space ? [space.id] : undefined, types: type ? [type] : undefined, regions: region ? [region] : undefined };
    const noindex = Boolean(type || region || p.month || p.page > 1 || p.past || view === 'calendar');
    if (view === 'calendar') {
      const month = p.month ?? new Date().toISOString().slice(0, 7);
      const b = monthBounds(month)!;
      const { items } = await events.listEvents(request.principal, { ...filter, from: b.from, to: b.to }, 500, 0);
      return sendPage(request, reply, { title, head, noindex }, (ctx) => <EventCalendar ctx={ctx} p={{ ...p, month }} month={month} items={items} spaces={spaces} regions={regions} title={title} />);
    }
    const { items, total } = await events.listEvents(request.principal, { ...filter, ...(bounds ? { from: bounds.from, to: bounds.to } : {}), past: p.past && !bounds }, EVENTS_PAGE_SIZE, (p.page - 1) * EVENTS_PAGE_SIZE);
    const canCreate = space ? await events.mayCreate(request.principal, space.id) : false;
    return sendPage(request, reply, { title, head, noindex }, (ctx) => <EventList ctx={ctx} p={p} items={items} total={total} spaces={spaces} regions={regions} title={title} feed={ctx.feedHref(feed)} canCreate={canCreate} />);
  });

  // ---- Feeds ------------------------------------------------------------------------------------
  function sendCalendar(reply: FastifyReply, body: string, filename: string): FastifyReply {
    reply.header('Content-Disposition', `inline; filename="${filename}"`);
    reply.header('Cache-Control', 'public, max-age=300');
    return reply.type('text/calendar; charset=utf-8').send(body);
  }

  app.get<{ Querystring: Query }>('/events.ics', async (request, reply) => {
    const q = request.query;
    const space = await spaceParam(q);
    const org = first(q.organization);
    const eventId = first(q.event);
    const seriesId = first(q.series);
    if ((org && !isId(org)) || (eventId && !isId(eventId)) || (seriesId && !isId(seriesId))) throw new AppError('NOT_FOUND');
    if (eventId) await events.getEvent(request.principal, eventId);
    const series = seriesId ? await events.getSeries(request.principal, seriesId) : null;
    const name = series ? textFor(series.title, request.locale) : space ? textFor(space.name, request.locale, space.code) : request.i18n.t('events.title');
    const body = await events.feed({ spaceId: space?.id, organizationId: org, seriesId: series?.id, eventId }, request.locale, name);
    return sendCalendar(reply, body, 'events.ics');
  });

  app.get<{ Params: { file: string } }>('/events/feed/:file', async (request, reply) => {
    const token = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(request.params.file)?.[1];
    const userId = token ? await events.feedUser(token) : null;
    if (!userId) throw new AppError('NOT_FOUND');
    const body = await events.feed({ userId }, request.locale, request.i18n.t('events.my_events'));
    reply.header('Cache-Control', 'private, max-age=300');
    reply.header('X-Robots-Tag', 'noindex');
    return reply.type('text/calendar; charset=utf-8').send(body);
  });

  // ---- My events and the personal feed ------------------------------------------------------------
  app.get<{ Querystring: Query }>('/events/mine', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const mine = await events.myEvents(request.principal);
    const has = await events.hasFeedToken(request.user!.id);
    const token = first(request.query.feed);
    // In the page's language: the calendar application that subscribes sends no language cookie.
    const fresh = token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? `${config.baseUrl}${hrefInLanguage(request, `/events/feed/${token}.ics`)}` : null;
    const t = request.i18n.t;
    const head = fresh ? <link rel="alternate" type="text/calendar" href={fresh} title={t('events.my_events')} /> : undefined;
    return sendPage(request, reply, { title: t('events.my_events'), head, noindex: true }, (ctx) => (
      <>
        <h1>{t('events.my_events')}</h1>
        {mine.length ? (
          <ol class="results">
            {mine.map(({ event, registration }) => (
              <li>
                <h2>
                  <a href={ctx.href(`/events/${event.id}`)}>{textFor(event.title, ctx.locale)}</a>
                </h2>
                <p>
                  <When ctx={ctx} startsAt={event.startsAt} endsAt={event.endsAt} zone={event.timeZone} /> · {t(REGISTRATION_LABELS[registration.status] ?? registration.status)}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('events.none_mine')}</p>
        )}
        <h2>{t('events.personal_feed')}</h2>
        <p>{t('events.personal_feed_hint')}</p>
        {fresh ? (
          <Notice kind="good">
            <p>{t('events.personal_feed_new')}</p>
            <p class="token">{fresh}</p>
          </Notice>
        ) : has ? (
          <p>{t('events.personal_feed_exists')}</p>
        ) : null}
        <PostForm ctx={ctx} action="/events/mine/feed" class="inline">
          <button type="submit" class="secondary">
            {has ? t('events.personal_feed_regenerate') : t('events.personal_feed_create')}
          </button>
        </PostForm>
      </>
    ));
  });

  app.post('/events/mine/feed', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const token = await events.regenerateFeedToken(request.principal, actorOf(request));
    // Shown once, on the page the redirect leads to; only its hash is stored.
    return seeOther(request, reply, `/events/mine?feed=${token}`);
  });

  // ---- New and edit -----------------------------------------------------------------------------
  async function formPage(request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; cancel: string; image?: { action: string; sha256: string | null } }) {
    const regions = await listRegions(db, space.id);
    const own = await events.ownOrganizations(request.principal, space.id);
    // Only the space's editors put events in a series.
    const series = can(request.principal, 'content.edit', { spaceId: space.id }) ? (await events.listSeries(request.principal, [space.id], 200, 0)).items : null;
    return sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => <EventForm ctx={ctx} form={form} space={space} regions={regions} ownOrganizations={own} series={series} {...options} />);
  }

  /** Runs a form action; validation errors bring the form back with the typed values. */
  async function withEventForm(request: FastifyRequest, reply: FastifyReply, render: (form: FormState, status: number) => Promise<FastifyReply>, action: () => Promise<FastifyReply>) {
    try {
      return await action();
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION' || (err.code === 'CONFLICT' && err.options.fields))) {
        return render({ values: bodyValues(request.body), errors: err.options.fields ?? [{ field: '_form', key: err.key }] }, err.code === 'CONFLICT' ? 409 : 400);
      }
      throw err;
    }
  }

  app.get<{ Querystring: Query }>('/events/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    if (!(await events.mayCreate(request.principal, space.id))) throw new AppError('FORBIDDEN');
    const seriesId = first(request.query.series);
    const values = { timeZone: SPACE_TIME_ZONES[space.code] ?? 'UTC', registrationOpen: 'on', status: 'draft', seriesId: seriesId && isId(seriesId) ? seriesId : '' };
    return formPage(request, reply, space, { values, errors: [] }, 200, { action: `/events/new?space=${space.code}`, title: request.i18n.t('events.new'), cancel: `/events?space=${space.code}` });
  });

  app.post<{ Querystring: Query }>('/events/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const opts = { action: `/events/new?space=${space.code}`, title: request.i18n.t('events.new'), cancel: `/events?space=${space.code}` };
    return withEventForm(
      request,
      reply,
      (form, status) => formPage(request, reply, space, form, status, opts),
      async () => {
        const ev = await events.createEvent(request.principal, space.id, eventInput(bodyValues(request.body)), actorOf(request));
        return seeOther(request, reply, `/events/${ev.id}?notice=created`);
      },
    );
  });

  app.get<IdParams>('/events/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const event = await eventOr404(request, request.params.id);
    if (!event.canEdit) throw new AppError('FORBIDDEN');
    const space = await spaceOf(event);
    const page = await formPage(request, reply, space, { values: eventValues(event), errors: [] }, 200, { action: `/events/${event.id}/edit`, title: request.i18n.t('events.edit'), cancel: `/events/${event.id}`, image: { action: `/events/${event.id}/image`, sha256: event.imageSha256 } });
    return page;
  });

  app.post<IdParams>('/events/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const event = await eventOr404(request, request.params.id);
    const space = await spaceOf(event);
    const opts = { action: `/events/${event.id}/edit`, title: request.i18n.t('events.edit'), cancel: `/events/${event.id}` };
    return withEventForm(
      request,
      reply,
      (form, status) => formPage(request, reply, space, form, status, opts),
      async () => {
        await events.updateEvent(request.principal, event.id, eventInput(bodyValues(request.body)), actorOf(request));
        return seeOther(request, reply, `/events/${event.id}?notice=saved`);
      },
    );
  });

  // ---- Event page and registration ----------------------------------------------------------------
  async function eventPage(request: FastifyRequest<IdParams>, reply: FastifyReply, form: FormState, status: number) {
    const event = await eventOr404(request, request.params.id);
    const space = await spaceOf(event);
    const region = event.regionCode ? ((await listRegions(db, space.id)).find((r) => r.code === event.regionCode) ?? null) : null;
    const registration = await events.myRegistration(request.principal, event.id);
    const qrSvg = registration?.status === 'confirmed' ? await QRCode.toString(registration.code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null;
    const key = first(request.query.notice);
    const notice = key && NOTICES[key] ? request.i18n.t(NOTICES[key]!) : null;
    const title = textFor(event.title, request.locale);
    const url = `${config.baseUrl}/events/${event.id}`;
    // This event's own calendar, then its space's.
    const head = (
      <>
        {event.status === 'draft' ? null : feedLink(request, `/events.ics?event=${event.id}`, title)}
        {feedLink(request, `/events.ics?space=${space.code}`, textFor(space.name, request.locale, space.code))}
      </>
    );
    const values = form.values.name !== undefined ? form : { ...form, values: { name: request.user?.displayName ?? '', ...form.values } };
    const libraryMaterials = await events.materialsOf(request.principal, event.id);
    return sendPageWithJsonLd(request, reply, { title, head, status, noindex: event.status === 'draft' }, eventJsonLd(event, url, request.locale, space.code), (ctx) => (
      <EventPage
        ctx={ctx}
        event={event}
        spaceCode={space.code}
        region={region}
        registration={registration}
        qrSvg={qrSvg}
        cancelPath={registration ? events.cancelPath(registration.id) : null}
        form={values}
        notice={notice}
        imageUrl={event.imageSha256 ? imageUrl(event.imageSha256) : null}
        libraryMaterials={libraryMaterials}
      />
    ));
  }

  app.get<IdParams>('/events/:id', async (request, reply) => eventPage(request, reply, EMPTY_FORM, 200));

  app.post<IdParams>('/events/:id/register', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const values = bodyValues(request.body);
    try {
      const answers = Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('answers.')).map(([k, v]) => [k.slice(8), v]));
      const reg = await events.register(request.principal, request.params.id, { name: values.name, phone: values.phone, answers, locale: request.locale }, actorOf(request));
      return seeOther(request, reply, `/events/${request.params.id}?notice=${reg.status === 'confirmed' ? 'registered' : 'waitlisted'}`);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT' && err.options.fields) return seeOther(request, reply, `/events/${request.params.id}?notice=already`);
      if (err instanceof AppError && err.code === 'VALIDATION') return eventPage(request, reply, { values, errors: err.options.fields ?? [] }, 400);
      throw err;
    }
  });

  app.post<IdParams>('/events/:id/cancel', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const regId = bodyValues(request.body).registration;
    if (!isId(regId)) throw new AppError('BAD_REQUEST');
    await events.cancelRegistration(request.principal, regId, actorOf(request));
    return seeOther(request, reply, `/events/${request.params.id}?notice=cancelled`);
  });

  // ---- Cancel by the emailed link -----------------------------------------------------------------
  app.get<{ Params: { token: string }; Querystring: Query }>('/events/cancel/:token', async (request, reply) => {
    const found = await events.registrationByCancelToken(request.params.token);
    if (!found) throw new AppError('NOT_FOUND');
    const t = request.i18n.t;
    const done = found.registration.status === 'cancelled';
    return sendPage(request, reply, { title: t('events.cancel_registration'), noindex: true }, (ctx) => (
      <>
        <h1>{t('events.cancel_registration')}</h1>
        <p>
          <strong>{textFor(found.event.title, ctx.locale)}</strong> — {found.registration.name}
        </p>
        {done ? (
          <Notice kind="good">{t('events.notice.cancelled')}</Notice>
        ) : (
          <PostForm ctx={ctx} action={`/events/cancel/${request.params.token}`}>
            <p>{t('events.cancel_confirm')}</p>
            <p>
              <button type="submit" class="danger">
                {t('events.cancel_registration')}
              </button>
            </p>
          </PostForm>
        )}
        <p>
          <a href={ctx.href(`/events/${found.event.id}`)}>{t('events.back')}</a>
        </p>
      </>
    ));
  });

  app.post<{ Params: { token: string } }>('/events/cancel/:token', async (request, reply) => {
    await events.cancelByToken(request.params.token, actorOf(request));
    return seeOther(request, reply, `/events/cancel/${request.params.token}`);
  });

  // ---- Organisers: attendance, export, check-in, walk-ins ---------------------------------------
  app.get<IdParams>('/events/:id/attendance', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { event, rows } = await events.attendance(request.principal, request.params.id);
    return sendPage(request, reply, { title: request.i18n.t('events.attendance'), noindex: true }, (ctx) => <AttendancePage ctx={ctx} event={event} rows={rows} />);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get<IdParams>(`/events/:id/attendance.${format}`, async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
      const { event, rows } = await events.attendance(request.principal, request.params.id);
      const t = request.i18n.t;
      const header = [
        t('events.field.name'),
        t('events.field.email'),
        t('events.field.phone'),
        t('events.field.status'),
        t('events.field.code'),
        t('events.walk_in'),
        t('events.registered_at'),
        ...event.sessions.map((s, i) => `${s.title || t('events.session_n', { n: i + 1 })} (${s.startsAt.slice(0, 10)})`),
        ...event.questions.map((q) => q.label),
      ];
      const data = rows.map((r) => [
        r.name,
        r.email ?? '',
        r.phone ?? '',
        t(REGISTRATION_LABELS[r.status] ?? r.status),
        r.code,
        r.walkIn ? t('events.yes') : '',
        r.createdAt,
        ...event.sessions.map((s) => (r.checkins[s.id] ? `${zonedTime(r.checkins[s.id]!, event.timeZone)}` : '')),
        ...event.questions.map((q) => r.answers[q.id] ?? ''),
      ]);
      reply.header('Cache-Control', 'no-store');
      reply.header('Content-Disposition', `attachment; filename="attendance-${event.id}.${format}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(header, data));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx([{ name: t('events.attendance'), header, rows: data }]));
    });
  }

  async function checkinPage(request: FastifyRequest<IdParams>, reply: FastifyReply, form: FormState, walkForm: FormState, status: number) {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const { event, rows } = await events.attendance(request.principal, request.params.id);
    const t = request.i18n.t;
    const q = request.query;
    const sessionId = event.sessions.find((s) => s.id === (form.values.sessionId ?? walkForm.values.sessionId ?? first(q.session)))?.id ?? currentSession(event);
    let result: { kind: 'good' | 'bad' | 'info'; message: string } | null = null;
    const reg = rows.find((r) => r.id === first(q.reg));
    const at = reg?.checkins[sessionId];
    if (reg && at) {
      const time = zonedTime(at, event.timeZone);
      result = first(q.result) === 'already' ? { kind: 'bad', message: t('events.checkin.already', { name: reg.name, time }) } : { kind: 'good', message: t('events.checkin.done', { name: reg.name, time }) };
    } else if (reg && first(q.result) === 'walkin') result = { kind: 'good', message: t('events.notice.walk_in') };
    return sendPage(request, reply, { title: t('events.checkin'), noindex: true, status }, (ctx) => <CheckinPage ctx={ctx} event={event} sessionId={sessionId} form={form} walkForm={walkForm} result={result} />);
  }

  /** The session under way or next (the last one after the event). */
  function currentSession(event: EventView): string {
    const now = new Date().toISOString();
    return (event.sessions.find((s) => s.endsAt >= now) ?? event.sessions[event.sessions.length - 1])?.id ?? '';
  }

  app.get<IdParams>('/events/:id/checkin', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return checkinPage(request, reply, EMPTY_FORM, EMPTY_FORM, 200);
  });

  app.post<IdParams>('/events/:id/checkin', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const values = bodyValues(request.body);
    const code = normaliseCode(values.code ?? '');
    try {
      if (!isCheckinCode(code)) throw new AppError('VALIDATION', { fields: [{ field: 'code', key: 'events.checkin.unknown_code' }] });
      const sessionId = values.sessionId ?? '';
      if (!isId(sessionId)) throw new AppError('VALIDATION', { fields: [{ field: 'sessionId', key: 'validation.choice' }] });
      const r = await events.checkIn(request.principal, request.params.id, sessionId, code, actorOf(request));
      const { rows } = await events.attendance(request.principal, request.params.id);
      const reg = rows.find((x) => x.code === code);
      return seeOther(request, reply, `/events/${request.params.id}/checkin?session=${sessionId}&reg=${reg?.id ?? ''}&result=${r.result}`);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return checkinPage(request, reply, { values, errors: err.options.fields ?? [] }, EMPTY_FORM, 400);
      throw err;
    }
  });

  app.post<IdParams>('/events/:id/walkin', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const values = bodyValues(request.body);
    try {
      const sessionId = isId(values.sessionId) ? values.sessionId : undefined;
      const reg = await events.walkIn(request.principal, request.params.id, { name: values.name, email: values.email, phone: values.phone, override: values.override === 'on', sessionId, locale: request.locale }, actorOf(request));
      return seeOther(request, reply, `/events/${request.params.id}/checkin?session=${sessionId ?? ''}&reg=${reg.id}&result=walkin`);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION' || (err.code === 'CONFLICT' && err.options.fields))) {
        return checkinPage(request, reply, EMPTY_FORM, { values, errors: err.options.fields ?? [] }, err.code === 'CONFLICT' ? 409 : 400);
      }
      throw err;
    }
  });

  // ---- Materials from the library ----------------------------------------------------------------
  async function materialsPage(request: FastifyRequest<IdParams>, reply: FastifyReply, forms: { add?: FormState; upload?: FormState }, status: number) {
    const event = await eventOr404(request, request.params.id);
    if (!event.canEdit) throw new AppError(request.user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const materials = await events.materialsOf(request.principal, event.id);
    const key = first(request.query.notice);
    const notice = key && NOTICES[key] ? request.i18n.t(NOTICES[key]!) : null;
    const canUpload = can(request.principal, 'content.create', { spaceId: event.spaceId });
    return sendPage(request, reply, { title: request.i18n.t('events.materials.manage'), noindex: true, status }, (ctx) => (
      <MaterialsPage ctx={ctx} event={event} materials={materials} canUpload={canUpload} addForm={forms.add ?? EMPTY_FORM} uploadForm={forms.upload ?? { values: { type: 'training' }, errors: [] }} maxMb={config.libraryMaxUploadMb} notice={notice} />
    ));
  }

  app.get<IdParams>('/events/:id/materials', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return materialsPage(request, reply, {}, 200);
  });

  app.post<IdParams>('/events/:id/materials', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const values = bodyValues(request.body);
    return withForm(request, reply, { resource: values.resource }, (form, status) => materialsPage(request, reply, { add: form }, status), async () => {
      if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
      await events.addMaterial(request.principal, request.params.id, resourceIdFrom(values.resource ?? ''), actorOf(request));
      return seeOther(request, reply, `/events/${request.params.id}/materials?notice=material_added`);
    });
  });

  app.post<{ Params: { id: string; material: string } }>('/events/:id/materials/:material/delete', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id) || !isId(request.params.material)) throw new AppError('NOT_FOUND');
    await events.removeMaterial(request.principal, request.params.id, request.params.material, actorOf(request));
    return seeOther(request, reply, `/events/${request.params.id}/materials?notice=material_removed`);
  });

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, multipartOptions(config.libraryMaxUploadMb * 1024 * 1024));
    const fieldsOf = (body: unknown) => {
      const b = (body ?? {}) as Record<string, unknown>;
      return { title: typeof b.title === 'string' ? b.title.slice(0, 300) : undefined, type: typeof b.type === 'string' ? b.type.slice(0, 30) : undefined };
    };
    scope.setErrorHandler(async (error, request, reply) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        // Let the rest of the upload arrive (and be dropped) so the browser reads the answer.
        request.raw.resume();
        const form = { values: fieldsOf(request.body), errors: [{ field: 'file', key: 'library.file.too_large', values: { size: config.libraryMaxUploadMb } }] };
        return materialsPage(request as FastifyRequest<IdParams>, reply, { upload: form }, 413);
      }
      throw error;
    });
    scope.post<IdParams>('/events/:id/materials/upload', async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
      const values = fieldsOf(request.body);
      try {
        const upload = uploadOf(request.body);
        if (!upload) throw new AppError('VALIDATION', { fields: [{ field: 'file', key: 'library.file.none' }] });
        await events.uploadMaterial(request.principal, request.params.id, { upload: { ...upload, label: null }, title: values.title, type: values.type, locale: request.locale }, actorOf(request));
      } catch (err) {
        if (err instanceof AppError && (err.code === 'VALIDATION' || err.code === 'PAYLOAD_TOO_LARGE')) {
          return materialsPage(request, reply, { upload: { values, errors: err.options.fields ?? [{ field: 'file', key: err.key }] } }, err.status);
        }
        throw err;
      }
      return seeOther(request, reply, `/events/${request.params.id}/materials?notice=material_added`);
    });
  });

  // ---- Series -----------------------------------------------------------------------------------
  async function seriesOr404(request: FastifyRequest, id: string): Promise<{ series: SeriesView; space: Space }> {
    if (!isId(id)) throw new AppError('NOT_FOUND');
    const series = await events.getSeries(request.principal, id);
    const space = await findSpaceById(db, series.spaceId);
    if (!space) throw new AppError('NOT_FOUND');
    return { series, space };
  }

  app.get<{ Querystring: Query }>('/events/series', async (request, reply) => {
    const space = await spaceParam(request.query);
    const page = pageNumber(request.query.page);
    const { items, total } = await events.listSeries(request.principal, space ? [space.id] : null, SERIES_PAGE_SIZE, (page - 1) * SERIES_PAGE_SIZE);
    const spaces = new Map((await listSpaces(db)).map((s) => [s.id, s]));
    const title = space ? request.i18n.t('events.series.title_in', { space: textFor(space.name, request.locale, space.code) }) : request.i18n.t('events.series.title');
    const canCreate = space ? can(request.principal, 'content.create', { spaceId: space.id }) : false;
    return sendPage(request, reply, { title, noindex: page > 1 }, (ctx) => <SeriesList ctx={ctx} space={space} items={items} total={total} page={page} canCreate={canCreate} spaces={spaces} />);
  });

  function seriesForm(request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; cancel: string; deleteAction?: string }) {
    return sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => <SeriesForm ctx={ctx} form={form} space={space} {...options} />);
  }

  app.get<{ Querystring: Query }>('/events/series/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return seriesForm(request, reply, space, EMPTY_FORM, 200, { action: `/events/series/new?space=${space.code}`, title: request.i18n.t('events.series.new'), cancel: `/events/series?space=${space.code}` });
  });

  app.post<{ Querystring: Query }>('/events/series/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const values = seriesFormValues(request.body);
    const options = { action: `/events/series/new?space=${space.code}`, title: request.i18n.t('events.series.new'), cancel: `/events/series?space=${space.code}` };
    return withForm(request, reply, values, (form, status) => seriesForm(request, reply, space, form, status, options), async () => {
      const series = await events.createSeries(request.principal, space.id, seriesInput(values), actorOf(request));
      return seeOther(request, reply, `/events/series/${series.id}?notice=series_created`);
    });
  });

  app.get<IdParams>('/events/series/:id', async (request, reply) => {
    const { series, space } = await seriesOr404(request, request.params.id);
    const upcoming = await events.listEvents(request.principal, { seriesId: series.id }, 100, 0);
    const past = await events.listEvents(request.principal, { seriesId: series.id, past: true }, 50, 0);
    const following = await isFollowing(db, request.user?.id, { type: EVENT_SERIES, id: series.id });
    const title = textFor(series.title, request.locale);
    const feed = `/events.ics?series=${series.id}`;
    const key = first(request.query.notice);
    const notice = key && NOTICES[key] ? request.i18n.t(NOTICES[key]!) : null;
    const canCreateEvent = can(request.principal, 'content.create', { spaceId: space.id });
    return sendPage(request, reply, { title, head: feedLink(request, feed, title) }, (ctx) => (
      <SeriesPage ctx={ctx} series={series} space={space} upcoming={upcoming.items} past={past.items} following={following} feed={feed} notice={notice} canCreateEvent={canCreateEvent} />
    ));
  });

  const seriesEditOptions = (request: FastifyRequest, series: SeriesView) => ({
    action: `/events/series/${series.id}/edit`,
    title: request.i18n.t('events.series.edit'),
    cancel: `/events/series/${series.id}`,
    deleteAction: series.canDelete ? `/events/series/${series.id}/delete` : undefined,
  });

  app.get<IdParams>('/events/series/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { series, space } = await seriesOr404(request, request.params.id);
    if (!series.canEdit) throw new AppError('FORBIDDEN');
    return seriesForm(request, reply, space, { values: seriesValues(series), errors: [] }, 200, seriesEditOptions(request, series));
  });

  app.post<IdParams>('/events/series/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { series, space } = await seriesOr404(request, request.params.id);
    const values = seriesFormValues(request.body);
    return withForm(request, reply, values, (form, status) => seriesForm(request, reply, space, form, status, seriesEditOptions(request, series)), async () => {
      await events.updateSeries(request.principal, series.id, seriesInput(values), actorOf(request));
      return seeOther(request, reply, `/events/series/${series.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/events/series/:id/delete', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { series, space } = await seriesOr404(request, request.params.id);
    await events.deleteSeries(request.principal, series.id, actorOf(request));
    return seeOther(request, reply, `/events/series?space=${space.code}`);
  });

  // ---- Image ------------------------------------------------------------------------------------
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5, parts: 6, fieldSize: 1000 } });
    scope.post<IdParams>('/events/:id/image', async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
      await events.authoriseManage(request.principal, request.params.id);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = Buffer.isBuffer(body.image) ? body.image : null;
      try {
        if (!file || file.length === 0) throw new ImageError('images.error.no_file');
        const image = await processImage(file, 'photo');
        const blob = await store.put(image);
        await events.setImage(request.principal, request.params.id, { sha256: blob.sha256, size: blob.size, mime: IMAGE_MIME }, actorOf(request));
      } catch (err) {
        if (!(err instanceof ImageError)) throw err;
        throw new AppError('VALIDATION', { fields: [{ field: 'image', key: err.key }] });
      }
      return seeOther(request, reply, `/events/${request.params.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/events/:id/image/delete', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    await events.setImage(request.principal, request.params.id, null, actorOf(request));
    return seeOther(request, reply, `/events/${request.params.id}?notice=saved`);
  });

}
