/**
 * Events: what each reader may see, who may organise, sessions in the event's time zone,
 * registration with capacity and a waitlist promoted automatically, cancellation, check-in per
 * session, walk-ins, attendance, calendar feeds, reminders and the search rows. No HTTP, no SQL.
 */
import { CHECKIN_REFUSED, MAIL_KEYS } from './labels.js';
import { createHmac } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { authorize, can, levelIn, type Principal } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson, toJson } from '../../platform/db/json.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { text, textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { LOCALES, localeSegment, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/messages.js';
import { newId, nowIso, randomToken, sha256 } from '../../platform/ids.js';
import { recordFile } from '../../platform/files/store.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { indexEntity, LEVEL, removeEntity, type IndexVariant } from '../../platform/search/search.js';
import type { FilesService, Upload } from '../library/files.service.js';
import type { LibraryService } from '../library/library.service.js';
import { followersOf, notify, registerFollowTargetType, registerNotificationCategory } from '../notifications/notifications.service.js';
import { findSpaceById, listRegions } from '../spaces/spaces.service.js';
import { newCheckinCode } from './codes.js';
import * as repo from './events.repository.js';
import { buildCalendar, sessionUid, type IcsEntry } from './ics.js';
import { isTimeZone, utcToZonedInput, zonedDate, zonedToUtc } from './time.js';
import { cleanText as clean, translated, webAddress } from '../../platform/validation.js';

/** Entity type of events in the search index and the audit log. */
export const EVENT = 'event';
/** Kinds of event. */
export const EVENT_TYPES = ['workshop', 'training', 'festival', 'screening', 'conference', 'exhibition', 'market', 'meeting'] as const;
/** Statuses of an event. */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
/** Kinds of registration question. */
export const QUESTION_KINDS = ['text', 'choice', 'yesno'] as const;
/** Statuses of a registration. */
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
/** Job type: the reminder the day before an event. */
export const REMINDER_JOB = 'events.remind';
/** Library resource types an uploaded material may take: training material, or a report. */
export const MATERIAL_TYPES = ['training', 'report'] as const;
/** Entity type of event series in the audit log, and their follow target type. */
export const EVENT_SERIES = 'event_series';
/** Notification category: a new event in a followed series. */
export const SERIES_CATEGORY = 'event_series';

registerNotificationCategory({ key: SERIES_CATEGORY, labelKey: 'events.series.category', modes: ['immediate', 'daily', 'weekly', 'off'], defaultMode: 'daily' });
registerFollowTargetType({
  type: EVENT_SERIES,
  async describe(db, ids) {
    const rows = await repo.findSeriesMany(db, ids);
    return new Map(rows.map((r) => [r.id, { title: fromJson<TranslatedText>(r.title, {}), url: `/events/series/${r.id}` }]));
  },
});

/** The time zone offered by default for a new event of a space. */
export const SPACE_TIME_ZONES: Record<string, string> = { LA: 'Asia/Vientiane', UZ: 'Asia/Tashkent', RW: 'Africa/Kigali' };

/** A custom registration question. */
export interface Question {
  id: string;
  label: string;
  kind: (typeof QUESTION_KINDS)[number];
  options: string[];
  required: boolean;
}

/** A titled link (related resources, post-event material). */
export interface Link {
  title: string;
  url: string;
}

/** What a form or the API sends for an event. Every field is checked here. */
export interface EventInput {
  type?: string;
  title?: Record<string, string | undefined>;
  description?: Record<string, string | undefined>;
  status?: string;
  timeZone?: string;
  venueName?: string | null;
  venueAddress?: string | null;
  regionCode?: string | null;
  onlineUrl?: string | null;
  capacity?: number | string | null;
  registrationOpen?: boolean;
  organizers?: string[];
  sessions?: { id?: string; title?: string | null; start?: string; end?: string }[];
  questions?: { id?: string; label?: string; kind?: string; options?: string[] | string; required?: boolean }[];
  resources?: { title?: string; url?: string }[];
  materials?: { title?: string; url?: string }[];
  /** The series the event belongs to (null: none). Only the space's editors choose it. */
  seriesId?: string | null;
}

/** What a form sends for a series. */
export interface SeriesInput {
  title?: Record<string, string | undefined>;
  description?: Record<string, string | undefined>;
}

/** A series as anyone may see it. */
export interface SeriesView {
  id: string;
  spaceId: string;
  title: TranslatedText;
  description: TranslatedText;
  createdAt: string;
  updatedAt: string;
  canEdit: boolean;
  canDelete: boolean;
}

/** A session as shown. */
export interface SessionView {
  id: string;
  title: string | null;
  startsAt: string;
  endsAt: string;
}

/** An event as one reader may see it. */
export interface EventView {
  id: string;
  spaceId: string;
  type: string;
  title: TranslatedText;
  description: TranslatedText;
  status: string;
  timeZone: string;
  venueName: string | null;
  venueAddress: string | null;
  regionCode: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  confirmedCount: number;
  registrationOpen: boolean;
  questions: Question[];
  resources: Link[];
  materials: Link[];
  imageSha256: string | null;
  startsAt: string;
  endsAt: string;
  sessions: SessionView[];
  organizers: { id: string; name: TranslatedText }[];
  series: { id: string; title: TranslatedText } | null;
  createdAt: string;
  updatedAt: string;
  /** What this reader may do with it. */
  canEdit: boolean;
}

/** A library resource attached to an event, as one reader may see it, with its files' current versions. */
export interface MaterialView {
  id: string;
  resource: { id: string; title: TranslatedText; type: string; access: string };
  files: { id: string; label: string | null; filename: string; mediaType: string; size: number }[];
}

/** A registration as its participant or the organisers see it. */
export interface RegistrationView {
  id: string;
  eventId: string;
  userId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  status: string;
  answers: Record<string, string>;
  code: string;
  walkIn: boolean;
  promotedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
}

/** One person's attendance: their registration and check-in time per session id. */
export interface AttendanceRow extends RegistrationView {
  checkins: Record<string, string>;
}

/** Outcome of a check-in. */
export interface CheckinResult {
  result: 'checked_in' | 'already';
  name: string;
  at: string;
}

/** Filters of an event listing. */
export interface EventListFilter {
  spaceIds?: string[];
  types?: string[];
  regions?: string[];
  /** Month "YYYY-MM": events overlapping it. */
  from?: string;
  to?: string;
  past?: boolean;
  organizationId?: string;
  seriesId?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{6,25}$/;
const MAX_SESSIONS = 60;
const MAX_QUESTIONS = 20;
const MAX_LINKS = 30;

function links(field: string, values: EventInput['resources'], errors: FieldError[]): Link[] {
  const out: Link[] = [];
  (values ?? []).slice(0, MAX_LINKS).forEach((l, i) => {
    const title = clean(l?.title, 200);
    const raw = clean(l?.url, 2000);
    if (!title && !raw) return;
    const url = raw ? webAddress(raw) : null;
    if (!url) errors.push({ field: `${field}.${i}.url`, key: 'events.invalid_url' });
    else out.push({ title: title || url, url });
  });
  return out;
}

/** The columns of an event checked from input (`current` keeps fields not sent). */
async function checkEvent(db: DbOrTrx, spaceId: string, input: EventInput, current: repo.EventRow | null, currentSessions: repo.SessionRow[]) {
  const errors: FieldError[] = [];
  const has = (k: keyof EventInput) => input[k] !== undefined || !current;
  const columns: Partial<repo.EventRow> = {};
  if (has('type')) {
    const type = EVENT_TYPES.find((t) => t === clean(input.type, 30).toLowerCase());
    if (!type) errors.push({ field: 'type', key: 'validation.choice' });
    else columns.type = type;
  }
  if (has('title')) columns.title = toJson(translated('title', input.title, true, 200, errors))!;
  if (has('description')) columns.description = toJson(translated('description', input.description, false, 10_000, errors))!;
  if (has('status')) {
    const status = EVENT_STATUSES.find((s) => s === (clean(input.status, 20) || 'draft'));
    if (!status) errors.push({ field: 'status', key: 'validation.choice' });
    else columns.status = status;
  }
  const zone = has('timeZone') ? clean(input.timeZone, 64) : current!.time_zone;
  if (!isTimeZone(zone)) errors.push({ field: 'timeZone', key: 'events.invalid_time_zone' });
  else columns.time_zone = zone;
  if (has('venueName')) columns.venue_name = clean(input.venueName, 300) || null;
  if (has('venueAddress')) columns.venue_address = clean(input.venueAddress, 1000) || null;
  if (has('regionCode')) {
    const code = clean(input.regionCode, 10).toUpperCase();
    if (!code) columns.region_code = null;
    else {
      const regions = await listRegions(db, spaceId);
      if (!regions.some((r) => r.code === code)) errors.push({ field: 'regionCode', key: 'events.invalid_region', values: { value: code } });
      else columns.region_code = code;
    }
  }
  if (has('onlineUrl')) {
    const raw = clean(input.onlineUrl, 2000);
    const url = raw ? webAddress(raw) : null;
    if (raw && !url) errors.push({ field: 'onlineUrl', key: 'events.invalid_url' });
    else columns.online_url = url || null;
  }
  if (has('capacity')) {
    const raw = input.capacity;
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) columns.capacity = null;
    else {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000) errors.push({ field: 'capacity', key: 'events.invalid_capacity' });
      else columns.capacity = n;
    }
  }
  if (has('registrationOpen')) columns.registration_open = input.registrationOpen === false ? 0 : 1;
  if (has('questions')) {
    const questions: Question[] = [];
    (input.questions ?? []).slice(0, MAX_QUESTIONS).forEach((q, i) => {
      const label = clean(q?.label, 300);
      if (!label) return;
      const kind = QUESTION_KINDS.find((k) => k === (clean(q?.kind, 20) || 'text'));
      const options = (Array.isArray(q?.options) ? q.options : String(q?.options ?? '').split('\n'))
        .map((o) => clean(o, 200))
        .filter(Boolean)
        .slice(0, 30);
      if (!kind) errors.push({ field: `questions.${i}.kind`, key: 'validation.choice' });
      else if (kind === 'choice' && options.length < 2) errors.push({ field: `questions.${i}.options`, key: 'events.question_options' });
      else questions.push({ id: clean(q?.id, 40) || `q${i + 1}-${newId().slice(-6)}`, label, kind, options: kind === 'choice' ? [...new Set(options)] : [], required: q?.required === true });
    });
    columns.questions = toJson(questions)!;
  }
  if (has('resources')) columns.resources = toJson(links('resources', input.resources, errors))!;
  if (has('materials')) columns.materials = toJson(links('materials', input.materials, errors))!;
  if (has('seriesId')) {
    const id = clean(input.seriesId, 40).toLowerCase();
    const series = id ? await repo.findSeries(db, id) : undefined;
    if (id && (!series || series.space_id !== spaceId)) errors.push({ field: 'seriesId', key: 'events.invalid_series' });
    else columns.series_id = series?.id ?? null;
  }

  // Sessions: typed in the event's zone, stored in UTC; ids kept so check-ins stay attached.
  let sessions: { id: string | null; title: string | null; starts_at: string; ends_at: string }[] | null = null;
  if (has('sessions') || (current && input.timeZone !== undefined && zone !== current.time_zone)) {
    const source =
      input.sessions ??
      currentSessions.map((s) => ({ id: s.id, title: s.title, start: s.starts_at, end: s.ends_at }));
    sessions = [];
    source.slice(0, MAX_SESSIONS).forEach((s, i) => {
      const start = clean(s?.start, 40);
      const end = clean(s?.end, 40);
      if (!start && !end) return;
      const startsAt = isTimeZone(zone) ? zonedToUtc(start, zone) : null;
      const endsAt = isTimeZone(zone) ? zonedToUtc(end, zone) : null;
      if (!startsAt) errors.push({ field: `sessions.${i}.start`, key: 'events.invalid_time' });
      if (!endsAt) errors.push({ field: `sessions.${i}.end`, key: 'events.invalid_time' });
      if (startsAt && endsAt && endsAt <= startsAt) errors.push({ field: `sessions.${i}.end`, key: 'events.end_before_start' });
      const id = clean(s?.id, 40);
      sessions!.push({ id: id && currentSessions.some((c) => c.id === id) ? id : null, title: clean(s?.title, 200) || null, starts_at: startsAt ?? '', ends_at: endsAt ?? '' });
    });
    if (sessions.length === 0) errors.push({ field: 'sessions.0.start', key: 'events.session_required' });
    sessions.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    if (sessions.length && !errors.length) {
      columns.starts_at = sessions[0]!.starts_at;
      columns.ends_at = sessions.reduce((m, s) => (s.ends_at > m ? s.ends_at : m), sessions[0]!.ends_at);
    }
  }
  let organizers: string[] | null = null;
  if (has('organizers')) {
    const ids = [...new Set((input.organizers ?? []).map((o) => clean(o, 40)).filter(Boolean))].slice(0, 20);
    const found = await repo.organizationNames(db, ids);
    for (const id of ids) {
      const org = found.find((f) => f.id === id);
      if (!org || org.space_id !== spaceId) errors.push({ field: 'organizers', key: 'events.invalid_organizer' });
    }
    organizers = ids.filter((id) => found.some((f) => f.id === id && f.space_id === spaceId));
  }
  const venue = columns.venue_name !== undefined ? columns.venue_name : (current?.venue_name ?? null);
  const online = columns.online_url !== undefined ? columns.online_url : (current?.online_url ?? null);
  if (!venue && !online && (has('venueName') || has('onlineUrl'))) errors.push({ field: 'venueName', key: 'events.venue_or_online' });
  return { errors, columns, sessions, organizers };
}

function allValues(field: TranslatedText): string[] {
  return Object.values(field).map((v) => v?.value ?? '').filter(Boolean);
}

/** The search rows of an event: published and cancelled for everyone, drafts for editors. */
export function eventIndexEntry(row: repo.EventRow) {
  const title = fromJson<TranslatedText>(row.title, {});
  const description = fromJson<TranslatedText>(row.description, {});
  const variants: IndexVariant[] = [
    {
      levelLo: row.status === 'draft' ? LEVEL.editor : LEVEL.visitor,
      levelHi: LEVEL.admin,
      title,
      body: [...allValues(description), row.venue_name ?? '', row.venue_address ?? ''].filter(Boolean).join('\n'),
      facets: {
        event_type: [row.type],
        region: row.region_code ? [row.region_code] : [],
        status: [row.status],
        month: [row.starts_at.slice(0, 7)],
      },
    },
  ];
  return { entityType: EVENT, entityId: row.id, spaceId: row.space_id, url: `/events/${row.id}`, variants };
}

/** Indexer for `mosaic reindex`. */
export const EVENT_INDEXERS: Indexer[] = [
  {
    entityType: EVENT,
    async reindexAll(trx) {
      let n = 0;
      for await (const rows of repo.allEvents(trx)) for (const row of rows) {
        await indexEntity(trx, eventIndexEntry(row));
        n++;
      }
      return n;
    },
  },
];

function toRegistrationView(r: repo.RegistrationRow): RegistrationView {
  return {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    status: r.status,
    answers: fromJson<Record<string, string>>(r.answers, {}),
    code: r.code,
    walkIn: Number(r.walk_in) === 1,
    promotedAt: r.promoted_at,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
  };
}

function auditEvent(row: repo.EventRow): Record<string, unknown> {
  return { ...row, title: fromJson(row.title, {}), description: fromJson(row.description, {}), questions: fromJson(row.questions, []), resources: fromJson(row.resources, []), materials: fromJson(row.materials, []) };
}

function auditRegistration(r: repo.RegistrationRow): Record<string, unknown> {
  const { cancel_token_hash: _hash, ...rest } = r;
  return { ...rest, answers: fromJson(r.answers, {}) };
}

/** A PostgreSQL or SQLite unique-constraint violation. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Formats a session's time in the event's zone, naming the zone ("Sat 14 Mar 2026, 09:30–12:00 (Asia/Vientiane)"). */
export function formatWhen(locale: Locale, startsAt: string, endsAt: string, zone: string): string {
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const sameDay = day.format(s) === day.format(e);
  const range = sameDay ? `${day.format(s)}, ${time.format(s)}–${time.format(e)}` : `${day.format(s)}, ${time.format(s)} – ${day.format(e)}, ${time.format(e)}`;
  return `${range} (${zone})`;
}

/** What the service needs. */
export interface EventsDeps {
  db: Db;
  config: { baseUrl: string; secretKey: string };
  /** The library, for materials that are library resources (the demo loader goes without). */
  library?: LibraryService;
  files?: FilesService;
}

/** The events service bound to its dependencies. */
export function createEventsService(deps: EventsDeps) {
  const { db, config } = deps;
  function libraryOf(): { library: LibraryService; files: FilesService } {
    if (!deps.library || !deps.files) throw new Error('the events service was built without the library');
    return { library: deps.library, files: deps.files };
  }
  const host = (() => {
    try {
      return new URL(config.baseUrl).hostname || 'mosaic';
    } catch {
      return 'mosaic';
    }
  })();

  /** The cancel link's secret: derived from the registration id, stored only as a hash. */
  function cancelToken(registrationId: string): string {
    return createHmac('sha256', config.secretKey).update(`event-cancel:${registrationId}`).digest('base64url');
  }

  async function editorsOf(trx: DbOrTrx, eventId: string): Promise<string[]> {
    return repo.organizerEditors(trx, eventId);
  }

  function mayManage(principal: Principal, row: repo.EventRow, orgEditors: string[]): boolean {
    return can(principal, 'content.edit', { spaceId: row.space_id, editors: orgEditors });
  }

  async function toView(trx: DbOrTrx, row: repo.EventRow, principal: Principal, orgEditors: string[]): Promise<EventView> {
    const sessions = await repo.sessionsOf(trx, row.id);
    const orgIds = await repo.organizerIds(trx, row.id);
    const names = await repo.organizationNames(trx, orgIds);
    const series = row.series_id ? await repo.findSeries(trx, row.series_id) : undefined;
    return viewOf(row, sessions, orgIds.map((id) => names.find((n) => n.id === id)).filter((n) => n !== undefined).map((n) => ({ id: n.id, name: fromJson<TranslatedText>(n.name, {}) })), mayManage(principal, row, orgEditors), series);
  }

  function viewOf(row: repo.EventRow, sessions: repo.SessionRow[], organizers: { id: string; name: TranslatedText }[], canEdit: boolean, series: repo.SeriesRow | undefined): EventView {
    return {
      id: row.id,
      spaceId: row.space_id,
      type: row.type,
      title: fromJson(row.title, {}),
      description: fromJson(row.description, {}),
      status: row.status,
      timeZone: row.time_zone,
      venueName: row.venue_name,
      venueAddress: row.venue_address,
      regionCode: row.region_code,
      onlineUrl: row.online_url,
      capacity: row.capacity === null ? null : Number(row.capacity),
      confirmedCount: Number(row.confirmed_count),
      registrationOpen: Number(row.registration_open) === 1,
      questions: fromJson(row.questions, []),
      resources: fromJson(row.resources, []),
      materials: fromJson(row.materials, []),
      imageSha256: row.image_sha256,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at })),
      organizers,
      series: series ? { id: series.id, title: fromJson<TranslatedText>(series.title, {}) } : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit,
    };
  }

  async function eventForWrite(trx: DbOrTrx, principal: Principal, id: string): Promise<{ row: repo.EventRow; editors: string[] }> {
    const row = await repo.findEvent(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    const editors = await editorsOf(trx, id);
    if (!mayManage(principal, row, editors)) {
      // Drafts stay hidden from those who may not see them.
      if (row.status === 'draft') throw new AppError('NOT_FOUND');
      authorize(principal, 'content.edit', { spaceId: row.space_id, editors });
    }
    return { row, editors };
  }

  async function writeSessions(trx: DbOrTrx, eventId: string, current: repo.SessionRow[], sessions: NonNullable<Awaited<ReturnType<typeof checkEvent>>['sessions']>): Promise<void> {
    const kept = new Set(sessions.map((s) => s.id).filter(Boolean));
    for (const old of current) if (!kept.has(old.id)) await repo.deleteSession(trx, old.id);
    let position = 0;
    for (const s of sessions) {
      if (s.id) await repo.updateSession(trx, s.id, { position, title: s.title, starts_at: s.starts_at, ends_at: s.ends_at });
      else await repo.insertSession(trx, { id: newId(), event_id: eventId, position, title: s.title, starts_at: s.starts_at, ends_at: s.ends_at });
      position++;
    }
  }

  /** Queues the reminder of a published event for the day before its first session. */
  async function scheduleReminder(trx: DbOrTrx, row: repo.EventRow): Promise<void> {
    if (row.status !== 'published') return;
    const start = Date.parse(row.starts_at);
    if (start <= Date.now()) return;
    const runAt = new Date(Math.max(Date.now(), start - 24 * 3600_000));
    await enqueueJob(trx, REMINDER_JOB, { eventId: row.id, startsAt: row.starts_at }, { runAt });
  }

  /**
   * Tells the followers of the organising organisations that an event is published, once per
   * follower however many of its organisers they follow ("followed_activity").
   */
  async function notifyFollowers(trx: DbOrTrx, row: repo.EventRow, actorId: string | null): Promise<void> {
    const orgIds = await repo.organizerIds(trx, row.id);
    if (orgIds.length === 0) return;
    const names = await repo.organizationNames(trx, orgIds);
    // The time is written in every language now, so each reader sees it in theirs.
    const when = Object.fromEntries(LOCALES.map((l) => [l, formatWhen(l, row.starts_at, row.ends_at, row.time_zone)]));
    const told = new Set<string>();
    for (const id of orgIds) {
      const org = names.find((n) => n.id === id);
      if (!org) continue;
      const recipients = (await followersOf(trx, { type: 'organization', id })).filter((u) => !told.has(u));
      recipients.forEach((u) => told.add(u));
      if (recipients.length === 0) continue;
      await notify(trx, {
        recipients,
        category: 'followed_activity',
        subject: { type: EVENT, id: row.id },
        message: { key: 'events.notif.published', values: { organization: fromJson<TranslatedText>(org.name, {}), event: fromJson<TranslatedText>(row.title, {}), when } },
        url: `/events/${row.id}`,
        actorId,
      });
    }
  }

  function link(locale: Locale, path: string): string {
    return `${config.baseUrl}/${localeSegment(locale)}${path}`;
  }

  function icsEntries(row: repo.EventRow, sessions: repo.SessionRow[], locale: Locale): IcsEntry[] {
    const title = textFor(fromJson<TranslatedText>(row.title, {}), locale);
    const description = textFor(fromJson<TranslatedText>(row.description, {}), locale);
    const location = [row.venue_name, row.venue_address].filter(Boolean).join(', ') || row.online_url || null;
    return sessions.map((s) => ({
      uid: sessionUid(s.id, host),
      summary: s.title ? `${title} — ${s.title}` : title,
      description: [description, row.online_url ?? ''].filter(Boolean).join('\n\n'),
      location,
      url: `${config.baseUrl}/events/${row.id}`,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      cancelled: row.status === 'cancelled',
      updatedAt: row.updated_at,
    }));
  }

  /** Queues an email about a registration, in the participant's language, with the invitation when confirmed. */
  async function mailParticipant(trx: DbOrTrx, kind: keyof typeof MAIL_KEYS, reg: repo.RegistrationRow, row: repo.EventRow): Promise<void> {
    if (!reg.email) return;
    const locale = parseLocale(reg.locale) ?? 'en';
    const { t } = translator(locale);
    const sessions = await repo.sessionsOf(trx, row.id);
    const title = textFor(fromJson<TranslatedText>(row.title, {}), locale);
    const when = sessions.map((s) => `- ${s.title ? `${s.title}: ` : ''}${formatWhen(locale, s.starts_at, s.ends_at, row.time_zone)}`).join('\n');
    const where = [row.venue_name, row.venue_address, row.online_url].filter(Boolean).join(', ');
    const values = {
      name: reg.name,
      event: title,
      when,
      where,
      code: reg.code,
      link: link(locale, `/events/${row.id}`),
      cancel: link(locale, `/events/cancel/${cancelToken(reg.id)}`),
    };
    const withInvitation = kind !== 'waitlisted';
    await enqueueMail(trx, {
      to: reg.email,
      subject: t(MAIL_KEYS[kind].subject, values),
      text: t(MAIL_KEYS[kind].body, values),
      ...(withInvitation
        ? { attachments: [{ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: buildCalendar(icsEntries(row, sessions, locale), { method: 'PUBLISH' }) }] }
        : {}),
    });
  }

  /** Moves people from the waitlist to free places, first come first served (caller holds the event row). */
  async function promoteWaitlist(trx: DbOrTrx, row: repo.EventRow, actor: Actor): Promise<number> {
    let promoted = 0;
    for (;;) {
      const next = await repo.firstWaitlisted(trx, row.id);
      if (!next) break;
      if (!(await repo.takePlace(trx, row.id))) break;
      const now = nowIso();
      if (!(await repo.moveRegistration(trx, next.id, 'waitlisted', { status: 'confirmed', promoted_at: now, updated_at: now }))) {
        await repo.releasePlace(trx, row.id);
        continue;
      }
      await recordAudit(trx, actor, { action: 'event.registration.promote', entityType: EVENT, entityId: row.id, spaceId: row.space_id, before: { registration: next.id, status: 'waitlisted' }, after: { registration: next.id, status: 'confirmed' } });
      await mailParticipant(trx, 'promoted', { ...next, status: 'confirmed', promoted_at: now }, row);
      promoted++;
    }
    return promoted;
  }

  /** Cancels a registration inside `trx`: frees its place and promotes from the waitlist. */
  async function cancelInside(trx: DbOrTrx, registrationId: string, actor: Actor): Promise<RegistrationView> {
    const first = await repo.findRegistration(trx, registrationId);
    if (!first) throw new AppError('NOT_FOUND');
    // Every change of places holds the event row until commit, so promotions never race.
    await repo.lockEvent(trx, first.event_id);
    const reg = (await repo.findRegistration(trx, registrationId))!;
    if (reg.status === 'cancelled') return toRegistrationView(reg);
    const now = nowIso();
    if (!(await repo.moveRegistration(trx, reg.id, reg.status, { status: 'cancelled', cancelled_at: now, updated_at: now }))) throw new AppError('CONFLICT');
    const row = (await repo.findEvent(trx, reg.event_id))!;
    await recordAudit(trx, actor, { action: 'event.registration.cancel', entityType: EVENT, entityId: row.id, spaceId: row.space_id, before: auditRegistration(reg), after: { status: 'cancelled' } });
    if (reg.status === 'confirmed') {
      await repo.releasePlace(trx, row.id);
      await promoteWaitlist(trx, row, actor);
    }
    return toRegistrationView({ ...reg, status: 'cancelled', cancelled_at: now });
  }

  function checkAnswers(questions: Question[], answers: Record<string, unknown> | undefined, errors: FieldError[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const q of questions) {
      const raw = clean(answers?.[q.id], 1000);
      const field = `answers.${q.id}`;
      if (!raw) {
        if (q.required) errors.push({ field, key: 'validation.required' });
        continue;
      }
      if (q.kind === 'choice' && !q.options.includes(raw)) errors.push({ field, key: 'validation.choice' });
      else if (q.kind === 'yesno' && raw !== 'yes' && raw !== 'no') errors.push({ field, key: 'validation.choice' });
      else out[q.id] = raw;
    }
    return out;
  }

  async function uniqueCode(trx: DbOrTrx, eventId: string): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const code = newCheckinCode();
      if (!(await repo.registrationByCode(trx, eventId, code))) return code;
    }
    throw new AppError('CONFLICT');
  }

  /** Inserts a registration: a confirmed place if one is free (or `force`d), else the waitlist. */
  async function addRegistration(
    trx: DbOrTrx,
    row: repo.EventRow,
    person: { userId: string | null; name: string; email: string | null; phone: string | null; locale: string; answers: Record<string, string>; walkIn: boolean },
    options: { force: boolean; waitlist: boolean },
    actor: Actor,
  ): Promise<repo.RegistrationRow> {
    if (await repo.liveRegistration(trx, row.id, { userId: person.userId, email: person.email })) {
      throw new AppError('CONFLICT', { fields: [{ field: '_form', key: 'events.already_registered' }] });
    }
    let confirmed = await repo.takePlace(trx, row.id);
    if (!confirmed) {
      // Full at first sight: wait for any cancellation under way (it holds the event row), then
      // look again, so nobody lands on the waitlist while a place is free; holding the row until
      // commit also lets a later cancellation see this registration when it promotes.
      await repo.lockEvent(trx, row.id);
      confirmed = await repo.takePlace(trx, row.id);
    }
    if (!confirmed && options.force) confirmed = await repo.takePlace(trx, row.id, true);
    if (!confirmed && !options.waitlist) throw validationError([{ field: '_form', key: 'events.full' }]);
    const now = nowIso();
    const id = newId();
    const reg: repo.RegistrationRow = {
      id,
      event_id: row.id,
      user_id: person.userId,
      name: person.name,
      email: person.email,
      phone: person.phone,
      locale: person.locale,
      status: confirmed ? 'confirmed' : 'waitlisted',
      answers: toJson(person.answers)!,
      code: await uniqueCode(trx, row.id),
      cancel_token_hash: sha256(cancelToken(id)),
      walk_in: person.walkIn ? 1 : 0,
      promoted_at: null,
      cancelled_at: null,
      reminded_at: null,
      created_at: now,
      updated_at: now,
    };
    await repo.insertRegistration(trx, reg);
    await recordAudit(trx, actor, { action: person.walkIn ? 'event.registration.walk_in' : 'event.registration.create', entityType: EVENT, entityId: row.id, spaceId: row.space_id, after: auditRegistration(reg) });
    return reg;
  }

  /** Runs a registration transaction; a double registration that slipped past the check is refused the same way. */
  async function registering<T>(work: (trx: DbOrTrx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { fields: [{ field: '_form', key: 'events.already_registered' }] });
      throw err;
    }
  }

  function visibleTo(principal: Principal, row: repo.EventRow, orgEditors: string[]): boolean {
    return row.status !== 'draft' || mayManage(principal, row, orgEditors);
  }

  /**
   * Tells the followers of its series about an event published in it: once per event and series
   * (moving it to another series tells that series' followers), and only while it is to come.
   */
  async function announceInSeries(trx: DbOrTrx, row: repo.EventRow, actorId: string | null): Promise<void> {
    if (row.status !== 'published' || !row.series_id || row.announced_series_id === row.series_id || row.ends_at <= nowIso()) return;
    const series = await repo.findSeries(trx, row.series_id);
    if (!series) return;
    await repo.updateEvent(trx, row.id, { announced_series_id: series.id });
    const when = `${utcToZonedInput(row.starts_at, row.time_zone).replace('T', ' ')} (${row.time_zone})`;
    await notify(trx, {
      recipients: await followersOf(trx, { type: EVENT_SERIES, id: series.id }),
      category: SERIES_CATEGORY,
      subject: { type: EVENT_SERIES, id: series.id },
      message: { key: 'events.series.notify.new', values: { series: fromJson<TranslatedText>(series.title, {}), event: fromJson<TranslatedText>(row.title, {}), when } },
      url: `/events/${row.id}`,
      actorId,
    });
  }

  /** A series as anyone sees it, with what the reader may do. */
  function seriesView(row: repo.SeriesRow, principal: Principal): SeriesView {
    return {
      id: row.id,
      spaceId: row.space_id,
      title: fromJson(row.title, {}),
      description: fromJson(row.description, {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      canEdit: can(principal, 'content.edit', { spaceId: row.space_id }),
      canDelete: can(principal, 'content.delete', { spaceId: row.space_id }),
    };
  }

  function checkSeries(input: SeriesInput, current: repo.SeriesRow | null): Partial<repo.SeriesRow> {
    const errors: FieldError[] = [];
    const out: Partial<repo.SeriesRow> = {};
    if (input.title !== undefined || !current) out.title = toJson(translated('title', input.title, true, 200, errors))!;
    if (input.description !== undefined || !current) out.description = toJson(translated('description', input.description, false, 5000, errors))!;
    if (errors.length) throw validationError(errors);
    return out;
  }

  function auditSeries(row: repo.SeriesRow): Record<string, unknown> {
    return { ...row, title: fromJson(row.title, {}), description: fromJson(row.description, {}) };
  }

  /** Only the space's editors put an event in a series or take it out (its followers are told). */
  function checkSeriesChoice(principal: Principal, spaceId: string, columns: Partial<repo.EventRow>, current: repo.EventRow | null, errors: FieldError[]): void {
    if (columns.series_id === undefined || can(principal, 'content.edit', { spaceId })) return;
    if (columns.series_id !== (current?.series_id ?? null)) errors.push({ field: 'seriesId', key: 'events.series_editors_only' });
    delete columns.series_id;
  }

  const service = {
    /** May this principal create events in the space (as an editor, or for an organisation they edit)? */
    async mayCreate(principal: Principal, spaceId: string): Promise<boolean> {
      if (can(principal, 'content.create', { spaceId })) return true;
      if (!principal.userId || !can(principal, 'content.create_own', { spaceId })) return false;
      const orgs = await repo.organizationNames(db, await repo.organizationsEditedBy(db, principal.userId));
      return orgs.some((o) => o.space_id === spaceId);
    },

    /** Organisations a non-editor may organise for in the space (all for editors: null). */
    async ownOrganizations(principal: Principal, spaceId: string): Promise<{ id: string; name: TranslatedText }[] | null> {
      if (can(principal, 'content.create', { spaceId })) return null;
      if (!principal.userId) return [];
      const orgs = await repo.organizationNames(db, await repo.organizationsEditedBy(db, principal.userId));
      return orgs.filter((o) => o.space_id === spaceId).map((o) => ({ id: o.id, name: fromJson<TranslatedText>(o.name, {}) }));
    },

    /** Creates an event. An organisation's own editors may, for events their organisation organises. */
    async createEvent(principal: Principal, spaceId: string, input: EventInput, actor: Actor, trxIn?: DbOrTrx): Promise<EventView> {
      const run = async (trx: DbOrTrx) => {
        const space = await findSpaceById(trx, spaceId);
        if (!space) throw new AppError('NOT_FOUND');
        const editor = can(principal, 'content.create', { spaceId });
        if (!editor) authorize(principal, 'content.create_own', { spaceId });
        const zone = input.timeZone || SPACE_TIME_ZONES[space.code] || 'UTC';
        const { errors, columns, sessions, organizers } = await checkEvent(trx, spaceId, { ...input, timeZone: zone }, null, []);
        checkSeriesChoice(principal, spaceId, columns, null, errors);
        if (!editor) {
          const own = principal.userId ? await repo.organizationsEditedBy(trx, principal.userId) : [];
          if (!(organizers ?? []).some((o) => own.includes(o))) {
            if (own.length === 0) throw new AppError('FORBIDDEN');
            errors.push({ field: 'organizers', key: 'events.organizer_required' });
          }
        }
        if (errors.length) throw validationError(errors);
        const now = nowIso();
        const row = {
          id: newId(),
          space_id: spaceId,
          image_sha256: null,
          series_id: null,
          announced_series_id: null,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
          ...columns,
        } as repo.EventRow;
        await repo.insertEvent(trx, row);
        await writeSessions(trx, row.id, [], sessions!);
        await repo.replaceOrganizers(trx, row.id, (organizers ?? []).map((o) => ({ id: newId(), organization_id: o })));
        const stored = (await repo.findEvent(trx, row.id))!;
        await recordAudit(trx, actor, { action: 'event.create', entityType: EVENT, entityId: row.id, spaceId, after: { ...auditEvent(stored), organizers, sessions } });
        await indexEntity(trx, eventIndexEntry(stored));
        await scheduleReminder(trx, stored);
        if (stored.status === 'published') await notifyFollowers(trx, stored, principal.userId);
        await announceInSeries(trx, stored, principal.userId);
        return toView(trx, stored, principal, await editorsOf(trx, row.id));
      };
      return trxIn ? run(trxIn) : db.transaction().execute(run);
    },

    /** Changes the fields sent. Raising the capacity promotes people from the waitlist. */
    async updateEvent(principal: Principal, id: string, input: EventInput, actor: Actor): Promise<EventView> {
      return db.transaction().execute(async (trx) => {
        await repo.lockEvent(trx, id);
        const { row, editors } = await eventForWrite(trx, principal, id);
        const current = await repo.sessionsOf(trx, id);
        const { errors, columns, sessions, organizers } = await checkEvent(trx, row.space_id, input, row, current);
        checkSeriesChoice(principal, row.space_id, columns, row, errors);
        const editor = can(principal, 'content.edit', { spaceId: row.space_id });
        if (!editor && organizers) {
          const own = principal.userId ? await repo.organizationsEditedBy(trx, principal.userId) : [];
          if (!organizers.some((o) => own.includes(o))) errors.push({ field: 'organizers', key: 'events.organizer_required' });
        }
        if (errors.length) throw validationError(errors);
        const patch = { ...columns, updated_at: nowIso() };
        await repo.updateEvent(trx, id, patch);
        if (sessions) await writeSessions(trx, id, current, sessions);
        if (organizers) await repo.replaceOrganizers(trx, id, organizers.map((o) => ({ id: newId(), organization_id: o })));
        const after = (await repo.findEvent(trx, id))!;
        await recordAudit(trx, actor, { action: 'event.update', entityType: EVENT, entityId: id, spaceId: row.space_id, before: auditEvent(row), after: { ...auditEvent(after), ...(organizers ? { organizers } : {}), ...(sessions ? { sessions } : {}) } });
        if (after.status === 'cancelled' && row.status !== 'cancelled') {
          // Everyone still registered or waiting is told, with the entry marked cancelled for their calendar.
          for (const reg of await repo.registrationsOf(trx, id)) if (reg.status !== 'cancelled') await mailParticipant(trx, 'cancelled', reg, after);
        }
        if (after.capacity === null || (row.capacity !== null && Number(after.capacity) > Number(row.capacity))) await promoteWaitlist(trx, after, actor);
        await indexEntity(trx, eventIndexEntry(after));
        if (after.starts_at !== row.starts_at || (after.status === 'published' && row.status !== 'published')) await scheduleReminder(trx, after);
        // A draft made public is news to the organisers' followers (a cancelled one brought back is not).
        if (after.status === 'published' && row.status === 'draft') await notifyFollowers(trx, after, principal.userId);
        await announceInSeries(trx, after, principal.userId);
        return toView(trx, (await repo.findEvent(trx, id))!, principal, editors);
      });
    },

    /** Sets the event's image (already processed and stored) or removes it. */
    async setImage(principal: Principal, id: string, blob: { sha256: string; size: number; mime: string } | null, actor: Actor): Promise<void> {
      const sha = blob?.sha256 ?? null;
      await db.transaction().execute(async (trx) => {
        const { row } = await eventForWrite(trx, principal, id);
        if (blob) await recordFile(trx, blob);
        await repo.updateEvent(trx, id, { image_sha256: sha, updated_at: nowIso() });
        await recordAudit(trx, actor, { action: sha ? 'event.image.set' : 'event.image.remove', entityType: EVENT, entityId: id, spaceId: row.space_id, before: { image_sha256: row.image_sha256 }, after: { image_sha256: sha } });
      });
    },

    /** Throws unless the principal may manage the event (before a slow upload is processed). */
    async authoriseManage(principal: Principal, id: string): Promise<void> {
      await eventForWrite(db, principal, id);
    },

    /** Deletes an event and its registrations (space admins). */
    async deleteEvent(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await repo.findEvent(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.delete', { spaceId: row.space_id });
        await repo.deleteEvent(trx, id);
        await recordAudit(trx, actor, { action: 'event.delete', entityType: EVENT, entityId: id, spaceId: row.space_id, before: auditEvent(row) });
        await removeEntity(trx, EVENT, id);
      });
    },

    /** An event as the reader may see it; NOT_FOUND for a draft they may not see. */
    async getEvent(principal: Principal, id: string): Promise<EventView> {
      const row = await repo.findEvent(db, id);
      if (!row) throw new AppError('NOT_FOUND');
      const editors = await editorsOf(db, id);
      if (!visibleTo(principal, row, editors)) throw new AppError('NOT_FOUND');
      return toView(db, row, principal, editors);
    },

    /** A page of events the reader may see, upcoming first (or the past, latest first). */
    async listEvents(principal: Principal, f: EventListFilter, limit: number, offset: number): Promise<{ items: EventView[]; total: number }> {
      const { rows, total } = await repo.listEvents(
        db,
        {
          spaceIds: f.spaceIds,
          types: f.types,
          regions: f.regions,
          statuses: ['published', 'cancelled'],
          draftSpaces: principal.isPlatformAdmin ? null : [...principal.roles.entries()].filter(([s]) => can(principal, 'content.view_drafts', { spaceId: s })).map(([s]) => s),
          endsAfter: f.from ?? (f.past ? undefined : nowIso()),
          startsBefore: f.to ?? (f.past ? nowIso() : undefined),
          organizationId: f.organizationId,
          seriesId: f.seriesId,
          past: f.past,
        },
        limit,
        offset,
      );
      const ids = rows.map((r) => r.id);
      const sessions = await repo.sessionsByEvent(db, ids);
      const orgs = await repo.organizersByEvent(db, ids);
      const names = await repo.organizationNames(db, [...new Set([...orgs.values()].flat())]);
      const series = await repo.findSeriesMany(db, [...new Set(rows.map((r) => r.series_id).filter((s): s is string => s !== null))]);
      const items = rows.map((r) =>
        viewOf(
          r,
          sessions.get(r.id) ?? [],
          (orgs.get(r.id) ?? []).flatMap((o) => {
            const n = names.find((x) => x.id === o);
            return n ? [{ id: n.id, name: fromJson<TranslatedText>(n.name, {}) }] : [];
          }),
          can(principal, 'content.edit', { spaceId: r.space_id }),
          series.find((x) => x.id === r.series_id),
        ),
      );
      return { items, total };
    },

    /** The reader's live registration at an event, if any. */
    async myRegistration(principal: Principal, eventId: string): Promise<RegistrationView | null> {
      if (!principal.userId) return null;
      const r = await repo.liveRegistration(db, eventId, { userId: principal.userId });
      return r ? toRegistrationView(r) : null;
    },

    /**
     * Registers the signed-in user: a confirmed place while places are free, else the waitlist.
     * A second registration of the same person is refused (CONFLICT).
     */
    async register(principal: Principal, eventId: string, input: { name?: string; email?: string; phone?: string; answers?: Record<string, unknown>; locale: string }, actor: Actor): Promise<RegistrationView> {
      if (!principal.userId) throw new AppError('UNAUTHENTICATED');
      return registering(async (trx) => {
        const row = await repo.findEvent(trx, eventId);
        if (!row || !visibleTo(principal, row, await editorsOf(trx, eventId))) throw new AppError('NOT_FOUND');
        const errors: FieldError[] = [];
        if (row.status !== 'published' || Number(row.registration_open) !== 1 || row.ends_at <= nowIso()) throw validationError([{ field: '_form', key: 'events.registration_closed' }]);
        const user = await trx.selectFrom('users').select(['email', 'display_name']).where('id', '=', principal.userId!).executeTakeFirst();
        const name = clean(input.name, 200) || user?.display_name || '';
        if (!name) errors.push({ field: 'name', key: 'validation.required' });
        const phone = clean(input.phone, 40) || null;
        if (phone && !PHONE.test(phone)) errors.push({ field: 'phone', key: 'events.invalid_phone' });
        const answers = checkAnswers(fromJson<Question[]>(row.questions, []), input.answers, errors);
        if (errors.length) throw validationError(errors);
        const reg = await addRegistration(trx, row, { userId: principal.userId, name, email: user?.email?.toLowerCase() ?? null, phone, locale: parseLocale(input.locale) ?? 'en', answers, walkIn: false }, { force: false, waitlist: true }, actor);
        await mailParticipant(trx, reg.status === 'confirmed' ? 'confirmed' : 'waitlisted', reg, row);
        return toRegistrationView(reg);
      });
    },

    /** Registers someone at the door; counts against capacity unless the organiser overrides. */
    async walkIn(principal: Principal, eventId: string, input: { name?: string; email?: string; phone?: string; override?: boolean; sessionId?: string; locale: string }, actor: Actor): Promise<RegistrationView> {
      return registering(async (trx) => {
        const { row } = await eventForWrite(trx, principal, eventId);
        const errors: FieldError[] = [];
        const name = clean(input.name, 200);
        if (!name) errors.push({ field: 'name', key: 'validation.required' });
        const email = clean(input.email, 320).toLowerCase() || null;
        if (email && !EMAIL.test(email)) errors.push({ field: 'email', key: 'validation.email' });
        const phone = clean(input.phone, 40) || null;
        if (phone && !PHONE.test(phone)) errors.push({ field: 'phone', key: 'events.invalid_phone' });
        const session = input.sessionId ? await repo.findSession(trx, input.sessionId) : undefined;
        if (input.sessionId && (!session || session.event_id !== eventId)) errors.push({ field: 'sessionId', key: 'validation.choice' });
        if (errors.length) throw validationError(errors);
        const reg = await addRegistration(trx, row, { userId: null, name, email, phone, locale: parseLocale(input.locale) ?? 'en', answers: {}, walkIn: true }, { force: input.override === true, waitlist: false }, actor);
        if (session) await repo.insertCheckin(trx, { id: newId(), registration_id: reg.id, session_id: session.id, checked_in_at: nowIso(), checked_in_by: principal.userId });
        return toRegistrationView(reg);
      });
    },

    /** Cancels a registration: its participant, or the event's organisers. */
    async cancelRegistration(principal: Principal, registrationId: string, actor: Actor): Promise<RegistrationView> {
      return db.transaction().execute(async (trx) => {
        const reg = await repo.findRegistration(trx, registrationId);
        if (!reg) throw new AppError('NOT_FOUND');
        if (!principal.userId || reg.user_id !== principal.userId) await eventForWrite(trx, principal, reg.event_id);
        return cancelInside(trx, registrationId, actor);
      });
    },

    /** The registration a secret cancel link points to (null when the link is wrong). */
    async registrationByCancelToken(token: string): Promise<{ registration: RegistrationView; event: EventView } | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const reg = await repo.registrationByToken(db, sha256(token));
      if (!reg) return null;
      const row = (await repo.findEvent(db, reg.event_id))!;
      return { registration: toRegistrationView(reg), event: await toView(db, row, { userId: null, isPlatformAdmin: false, roles: new Map() }, []) };
    },

    /** Cancels by the secret link of the email (no sign-in needed). */
    async cancelByToken(token: string, actor: Actor): Promise<RegistrationView> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('NOT_FOUND');
      return db.transaction().execute(async (trx) => {
        const reg = await repo.registrationByToken(trx, sha256(token));
        if (!reg) throw new AppError('NOT_FOUND');
        return cancelInside(trx, reg.id, actor);
      });
    },

    /** The secret cancel link path of a registration (shown to its participant). */
    cancelPath(registrationId: string): string {
      return `/events/cancel/${cancelToken(registrationId)}`;
    },

    /** Marks attendance at one session by check-in code; a code works once per session. */
    async checkIn(principal: Principal, eventId: string, sessionId: string, code: string, actor: Actor): Promise<CheckinResult> {
      const attempt = () =>
        db.transaction().execute(async (trx): Promise<CheckinResult> => {
          const { row } = await eventForWrite(trx, principal, eventId);
          const session = await repo.findSession(trx, sessionId);
          if (!session || session.event_id !== eventId) throw validationError([{ field: 'sessionId', key: 'validation.choice' }]);
          const reg = code ? await repo.registrationByCode(trx, eventId, code) : undefined;
          if (!reg) throw validationError([{ field: 'code', key: 'events.checkin.unknown_code' }]);
          if (reg.status !== 'confirmed') throw validationError([{ field: 'code', key: CHECKIN_REFUSED[reg.status] ?? 'events.checkin.unknown_code' }]);
          const existing = await repo.findCheckin(trx, reg.id, sessionId);
          if (existing) return { result: 'already', name: reg.name, at: existing.checked_in_at };
          const at = nowIso();
          await repo.insertCheckin(trx, { id: newId(), registration_id: reg.id, session_id: sessionId, checked_in_at: at, checked_in_by: principal.userId });
          await recordAudit(trx, actor, { action: 'event.checkin', entityType: EVENT, entityId: eventId, spaceId: row.space_id, after: { registration: reg.id, session: sessionId } });
          return { result: 'checked_in', name: reg.name, at };
        });
      try {
        return await attempt();
      } catch (err) {
        // Two scans of one code at once: the second finds the first's check-in.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },

    /** Registrations with their check-ins (organisers). */
    async attendance(principal: Principal, eventId: string): Promise<{ event: EventView; rows: AttendanceRow[] }> {
      const row = await repo.findEvent(db, eventId);
      if (!row) throw new AppError('NOT_FOUND');
      const editors = await editorsOf(db, eventId);
      if (!mayManage(principal, row, editors)) {
        if (row.status === 'draft') throw new AppError('NOT_FOUND');
        authorize(principal, 'content.edit', { spaceId: row.space_id, editors });
      }
      const regs = await repo.registrationsOf(db, eventId);
      const checkins = await repo.checkinsOf(db, eventId);
      const rows = regs.map((r) => ({
        ...toRegistrationView(r),
        checkins: Object.fromEntries(checkins.filter((c) => c.registration_id === r.id).map((c) => [c.session_id, c.checked_in_at])),
      }));
      return { event: await toView(db, row, principal, editors), rows };
    },

    /** An iCalendar feed of the events a filter selects (published and cancelled only). */
    async feed(f: { spaceId?: string; organizationId?: string; seriesId?: string; userId?: string; eventId?: string }, locale: Locale, name: string): Promise<string> {
      let ids: string[] | undefined;
      if (f.eventId) ids = [f.eventId];
      if (f.userId) ids = (await repo.registrationsOfUser(db, f.userId)).map((r) => r.event_id);
      const since = new Date(Date.now() - 90 * 24 * 3600_000).toISOString();
      const { rows } = await repo.listEvents(db, { spaceIds: f.spaceId ? [f.spaceId] : undefined, organizationId: f.organizationId, seriesId: f.seriesId, ids, statuses: ['published', 'cancelled'], draftSpaces: [], endsAfter: since }, 500, 0);
      const sessions = await repo.sessionsByEvent(db, rows.map((r) => r.id));
      return buildCalendar(rows.flatMap((r) => icsEntries(r, sessions.get(r.id) ?? [], locale)), { name });
    },

    /** The user whose personal feed a secret token opens (null when none). */
    async feedUser(token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      return repo.calendarTokenUser(db, sha256(token));
    },

    /** Whether the user has a personal feed link. */
    async hasFeedToken(userId: string): Promise<boolean> {
      return repo.hasCalendarToken(db, userId);
    },

    /** Creates (or replaces, ending the old link) the user's personal feed secret; returns it once. */
    async regenerateFeedToken(principal: Principal, actor: Actor): Promise<string> {
      authorize(principal, 'account.edit_self');
      const token = randomToken(24);
      await db.transaction().execute(async (trx) => {
        await repo.replaceCalendarToken(trx, { id: newId(), user_id: principal.userId!, token_hash: sha256(token), created_at: nowIso() });
        await recordAudit(trx, actor, { action: 'event.feed_token.regenerate', entityType: 'user', entityId: principal.userId });
      });
      return token;
    },

    /** The reader's live registrations with their events (their own page). */
    async myEvents(principal: Principal): Promise<{ registration: RegistrationView; event: EventView }[]> {
      if (!principal.userId) return [];
      const regs = await repo.registrationsOfUser(db, principal.userId);
      const rows = await repo.findEvents(db, regs.map((r) => r.event_id));
      const out: { registration: RegistrationView; event: EventView }[] = [];
      for (const r of regs) {
        const row = rows.find((e) => e.id === r.event_id);
        if (row) out.push({ registration: toRegistrationView(r), event: await toView(db, row, principal, []) });
      }
      return out.sort((a, b) => a.event.startsAt.localeCompare(b.event.startsAt));
    },

    /**
     * Sends the reminder of an event to its confirmed participants (the job of the day before).
     * Skipped when the event moved (a newer job exists) or is no longer published.
     */
    async sendReminders(eventId: string, startsAt: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findEvent(trx, eventId);
        if (!row || row.status !== 'published' || row.starts_at !== startsAt) return 0;
        if (Date.parse(row.starts_at) < Date.now()) return 0;
        let sent = 0;
        for (const reg of await repo.registrationsOf(trx, eventId)) {
          if (reg.status !== 'confirmed' || reg.reminded_at) continue;
          if (!(await repo.markReminded(trx, reg.id, nowIso()))) continue;
          await mailParticipant(trx, 'reminder', reg, row);
          sent++;
        }
        if (sent) await recordAudit(trx, { userId: null, label: 'system' }, { action: 'event.remind', entityType: EVENT, entityId: eventId, spaceId: row.space_id, after: { sent } });
        return sent;
      });
    },

    // ---- Library materials ---------------------------------------------------------------------------

    /**
     * The library resources attached to an event that the reader may see (a members-only resource
     * is left out for visitors, exactly as the library would), with their files.
     */
    async materialsOf(principal: Principal, eventId: string): Promise<MaterialView[]> {
      const row = await repo.findEvent(db, eventId);
      if (!row || !visibleTo(principal, row, await editorsOf(db, eventId))) throw new AppError('NOT_FOUND');
      const rows = await repo.materialsOf(db, eventId);
      if (!rows.length) return [];
      const { library, files } = libraryOf();
      const resources = await library.getResources(principal, rows.map((r) => r.resource_id));
      const filesBy = await files.filesOf(principal, resources);
      return rows.flatMap((m) => {
        const r = resources.find((x) => x.id === m.resource_id);
        if (!r) return [];
        const list = (filesBy.get(r.id) ?? []).map((f) => ({ id: f.id, label: f.label, filename: f.current.filename, mediaType: f.current.mediaType, size: f.current.size }));
        return [{ id: m.id, resource: { id: r.id, title: r.title, type: r.type, access: r.access }, files: list }];
      });
    },

    /** Attaches an existing library resource (by id) that the event's editor may see. */
    async addMaterial(principal: Principal, eventId: string, resourceId: string, actor: Actor): Promise<void> {
      const { library } = libraryOf();
      await db.transaction().execute(async (trx) => {
        const { row } = await eventForWrite(trx, principal, eventId);
        const id = clean(resourceId, 40).toLowerCase();
        if (!(await library.canRead(principal, id, trx))) throw validationError([{ field: 'resource', key: 'library.relation_not_found' }]);
        const material = { id: newId(), event_id: row.id, resource_id: id, created_by: principal.userId, created_at: nowIso() };
        if (await repo.insertMaterial(trx, material)) {
          await recordAudit(trx, actor, { action: 'event.material.add', entityType: EVENT, entityId: row.id, spaceId: row.space_id, after: { material: material.id, resource_id: id } });
        }
      });
    },

    /**
     * Uploads a file as a new library resource of the event's space (training material or a
     * report, seen by whom the event is: everyone once published, editors while a draft) and
     * attaches it. The file goes through the library: sniffed, stored as a version, its text
     * extracted by the library's job. Creating a resource is the space's editors' right.
     */
    async uploadMaterial(principal: Principal, eventId: string, input: { upload: Upload; title?: string; type?: string; locale: string }, actor: Actor): Promise<{ resourceId: string }> {
      const { library, files } = libraryOf();
      const { row: first } = await eventForWrite(db, principal, eventId);
      // Checked before the bytes are stored: the library's own rule for new resources.
      authorize(principal, 'content.create', { spaceId: first.space_id });
      const type = MATERIAL_TYPES.find((t) => t === clean(input.type, 30));
      if (!type) throw validationError([{ field: 'type', key: 'validation.choice' }]);
      const accepted = await files.acceptUpload(input.upload);
      const title = clean(input.title, 300) || accepted.filename.replace(/\.[^.]*$/, '') || accepted.filename;
      const locale = parseLocale(input.locale) ?? 'en';
      return db.transaction().execute(async (trx) => {
        const { row } = await eventForWrite(trx, principal, eventId);
        const day = zonedDate(row.starts_at, row.time_zone);
        const resource = await library.createResource(
          principal,
          row.space_id,
          {
            type,
            title: { [locale]: title },
            access: row.status === 'draft' ? 'editors' : 'public',
            status: 'published',
            source: `${config.baseUrl}/events/${row.id}`,
            // The event's day, unless it lies beyond what the library accepts as a date.
            date: Number(day.slice(0, 4)) <= new Date().getUTCFullYear() ? day : null,
          },
          actor,
          trx,
        );
        const file = await files.addFileInside(trx, principal, actor, resource, accepted);
        const material = { id: newId(), event_id: row.id, resource_id: resource.id, created_by: principal.userId, created_at: nowIso() };
        await repo.insertMaterial(trx, material);
        await recordAudit(trx, actor, { action: 'event.material.upload', entityType: EVENT, entityId: row.id, spaceId: row.space_id, after: { material: material.id, resource_id: resource.id, file_id: file.fileId, version_id: file.versionId } });
        return { resourceId: resource.id };
      });
    },

    /** Takes a library resource off the event's materials (the resource stays in the library). */
    async removeMaterial(principal: Principal, eventId: string, materialId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { row } = await eventForWrite(trx, principal, eventId);
        const material = await repo.findMaterial(trx, materialId);
        if (!material || material.event_id !== row.id) throw new AppError('NOT_FOUND');
        await repo.deleteMaterial(trx, material.id);
        await recordAudit(trx, actor, { action: 'event.material.remove', entityType: EVENT, entityId: row.id, spaceId: row.space_id, before: { material: material.id, resource_id: material.resource_id } });
      });
    },

    // ---- Series ------------------------------------------------------------------------------------

    /** Creates a series (editors of the space). */
    async createSeries(principal: Principal, spaceId: string, input: SeriesInput, actor: Actor): Promise<SeriesView> {
      return db.transaction().execute(async (trx) => {
        if (!(await findSpaceById(trx, spaceId))) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.create', { spaceId });
        const now = nowIso();
        const row = { id: newId(), space_id: spaceId, created_by: principal.userId, created_at: now, updated_at: now, ...checkSeries(input, null) } as repo.SeriesRow;
        await repo.insertSeries(trx, row);
        await recordAudit(trx, actor, { action: 'event_series.create', entityType: EVENT_SERIES, entityId: row.id, spaceId, after: auditSeries(row) });
        return seriesView(row, principal);
      });
    },

    /** Changes a series' title or description (editors of its space). */
    async updateSeries(principal: Principal, id: string, input: SeriesInput, actor: Actor): Promise<SeriesView> {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findSeries(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.edit', { spaceId: row.space_id });
        const after = { ...row, ...checkSeries(input, row), updated_at: nowIso() };
        await repo.updateSeries(trx, id, { title: after.title, description: after.description, updated_at: after.updated_at });
        await recordAudit(trx, actor, { action: 'event_series.update', entityType: EVENT_SERIES, entityId: id, spaceId: row.space_id, before: auditSeries(row), after: auditSeries(after) });
        return seriesView(after, principal);
      });
    },

    /** Deletes a series (space administrators); its events stay, in no series. */
    async deleteSeries(principal: Principal, id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await repo.findSeries(trx, id);
        if (!row) throw new AppError('NOT_FOUND');
        authorize(principal, 'content.delete', { spaceId: row.space_id });
        const events = await repo.deleteSeries(trx, id);
        await recordAudit(trx, actor, { action: 'event_series.delete', entityType: EVENT_SERIES, entityId: id, spaceId: row.space_id, before: { ...auditSeries(row), events } });
      });
    },

    /** A series (anyone may see one). */
    async getSeries(principal: Principal, id: string): Promise<SeriesView> {
      const row = await repo.findSeries(db, id.toLowerCase());
      if (!row) throw new AppError('NOT_FOUND');
      return seriesView(row, principal);
    },

    /** A page of the series of some spaces (all when null), newest first. */
    async listSeries(principal: Principal, spaceIds: string[] | null, limit: number, offset: number): Promise<{ items: SeriesView[]; total: number }> {
      const { rows, total } = await repo.listSeries(db, spaceIds, limit, offset);
      return { items: rows.map((r) => seriesView(r, principal)), total };
    },

    /** Level of the reader in a space (for search and listings). */
    levelIn,
  };
  return service;
}

/** The events service. */
export type EventsService = ReturnType<typeof createEventsService>;
