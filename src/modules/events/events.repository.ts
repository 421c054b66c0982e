/** SQL of events. Every function takes the database or a transaction first. */
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.js';
import type { EventCheckinsTable, EventMaterialsTable, EventRegistrationsTable, EventSeriesTable, EventSessionsTable, EventsTable } from './events.table.js';

export type EventRow = Selectable<EventsTable>;
export type SessionRow = Selectable<EventSessionsTable>;
export type RegistrationRow = Selectable<EventRegistrationsTable>;
export type CheckinRow = Selectable<EventCheckinsTable>;
export type SeriesRow = Selectable<EventSeriesTable>;
export type MaterialRow = Selectable<EventMaterialsTable>;

export async function findEvent(db: DbOrTrx, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findEvents(db: DbOrTrx, ids: string[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('events').selectAll().where('id', 'in', ids).execute();
}

export async function insertEvent(db: DbOrTrx, row: Omit<EventRow, 'confirmed_count'>): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

export async function updateEvent(db: DbOrTrx, id: string, patch: Partial<Omit<EventRow, 'id' | 'confirmed_count'>>): Promise<void> {
  await db.updateTable('events').set(patch).where('id', '=', id).execute();
}

export async function deleteEvent(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('events').where('id', '=', id).execute();
}

/** Filters of a listing. */
export interface EventFilter {
  spaceIds?: string[];
  types?: string[];
  regions?: string[];
  /** Statuses visible everywhere, plus spaces where drafts are visible too. */
  statuses: string[];
  draftSpaces?: string[] | null;
  /** Events that end at or after / start before these instants. */
  endsAfter?: string;
  startsBefore?: string;
  organizationId?: string;
  seriesId?: string;
  ids?: string[];
  past?: boolean;
}

function filtered(db: DbOrTrx, f: EventFilter) {
  let q = db.selectFrom('events');
  if (f.spaceIds?.length) q = q.where('space_id', 'in', f.spaceIds);
  if (f.types?.length) q = q.where('type', 'in', f.types);
  if (f.regions?.length) q = q.where('region_code', 'in', f.regions);
  if (f.endsAfter) q = q.where('ends_at', '>=', f.endsAfter);
  if (f.startsBefore) q = q.where('starts_at', '<', f.startsBefore);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['-']);
  if (f.seriesId) q = q.where('series_id', '=', f.seriesId);
  if (f.organizationId) q = q.where('id', 'in', db.selectFrom('event_organizers').select('event_id').where('organization_id', '=', f.organizationId!));
  const draftSpaces = f.draftSpaces;
  q = q.where((eb) => {
    const ors = [eb('status', 'in', f.statuses)];
    if (draftSpaces === null) ors.push(eb('status', 'in', ['draft', 'published', 'cancelled']));
    else if (draftSpaces && draftSpaces.length) ors.push(eb('space_id', 'in', draftSpaces));
    return eb.or(ors);
  });
  return q;
}

/** A page of events, soonest first (latest first for past events), and the total. */
export async function listEvents(db: DbOrTrx, f: EventFilter, limit: number, offset: number): Promise<{ rows: EventRow[]; total: number }> {
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('starts_at', f.past ? 'desc' : 'asc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const count = await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

/** Every event, in pages (reindex). */
export async function* allEvents(db: DbOrTrx, batch = 500): AsyncGenerator<EventRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

// ---- Series ------------------------------------------------------------------------------------

export async function findSeries(db: DbOrTrx, id: string): Promise<SeriesRow | undefined> {
  return db.selectFrom('event_series').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSeriesMany(db: DbOrTrx, ids: string[]): Promise<SeriesRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('event_series').selectAll().where('id', 'in', ids).execute();
}

/** Series of some spaces (every space when `spaceIds` is null), newest first, and the total. */
export async function listSeries(db: DbOrTrx, spaceIds: string[] | null, limit: number, offset: number): Promise<{ rows: SeriesRow[]; total: number }> {
  let q = db.selectFrom('event_series');
  if (spaceIds) q = q.where('space_id', 'in', spaceIds.length ? spaceIds : ['-']);
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  const count = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

export async function insertSeries(db: DbOrTrx, row: SeriesRow): Promise<void> {
  await db.insertInto('event_series').values(row).execute();
}

export async function updateSeries(db: DbOrTrx, id: string, patch: Partial<Omit<SeriesRow, 'id' | 'space_id'>>): Promise<void> {
  await db.updateTable('event_series').set(patch).where('id', '=', id).execute();
}

/** Deletes a series; its events stay, outside any series. */
export async function deleteSeries(db: DbOrTrx, id: string): Promise<string[]> {
  const events = await db.selectFrom('events').select('id').where('series_id', '=', id).execute();
  await db.updateTable('events').set({ series_id: null }).where('series_id', '=', id).execute();
  await db.deleteFrom('event_series').where('id', '=', id).execute();
  return events.map((e) => e.id);
}

// ---- Organisers ---------------------------------------------------------------------------------

export async function organizerIds(db: DbOrTrx, eventId: string): Promise<string[]> {
  const rows = await db.selectFrom('event_organizers').select('organization_id').where('event_id', '=', eventId).orderBy('id').execute();
  return rows.map((r) => r.organization_id);
}

export async function organizersByEvent(db: DbOrTrx, eventIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(eventIds.map((id) => [id, []]));
  if (!eventIds.length) return out;
  const rows = await db.selectFrom('event_organizers').select(['event_id', 'organization_id']).where('event_id', 'in', eventIds).orderBy('id').execute();
  for (const r of rows) out.get(r.event_id)?.push(r.organization_id);
  return out;
}

export async function replaceOrganizers(db: DbOrTrx, eventId: string, rows: { id: string; organization_id: string }[]): Promise<void> {
  await db.deleteFrom('event_organizers').where('event_id', '=', eventId).execute();
  if (rows.length) await db.insertInto('event_organizers').values(rows.map((r) => ({ ...r, event_id: eventId }))).execute();
}

/** Users who may act for an event's organisers (the organisations' own editors). */
export async function organizerEditors(db: DbOrTrx, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organization_editors')
    .innerJoin('event_organizers', 'event_organizers.organization_id', 'organization_editors.organization_id')
    .select('organization_editors.user_id')
    .where('event_organizers.event_id', '=', eventId)
    .execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

/** The organisations of a space a user edits (they may organise events for them). */
export async function organizationsEditedBy(db: DbOrTrx, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('organization_editors').select('organization_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.organization_id);
}

/** Organisations (id, name JSON, space) by id. */
export async function organizationNames(db: DbOrTrx, ids: string[]): Promise<{ id: string; name: string; space_id: string; status: string }[]> {
  if (!ids.length) return [];
  return db.selectFrom('organizations').select(['id', 'name', 'space_id', 'status']).where('id', 'in', ids).execute();
}

// ---- Sessions -----------------------------------------------------------------------------------

export async function sessionsOf(db: DbOrTrx, eventId: string): Promise<SessionRow[]> {
  return db.selectFrom('event_sessions').selectAll().where('event_id', '=', eventId).orderBy('position').execute();
}

export async function sessionsByEvent(db: DbOrTrx, eventIds: string[]): Promise<Map<string, SessionRow[]>> {
  const out = new Map<string, SessionRow[]>(eventIds.map((id) => [id, []]));
  if (!eventIds.length) return out;
  const rows = await db.selectFrom('event_sessions').selectAll().where('event_id', 'in', eventIds).orderBy('event_id').orderBy('position').execute();
  for (const r of rows) out.get(r.event_id)?.push(r);
  return out;
}

export async function findSession(db: DbOrTrx, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('event_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: DbOrTrx, row: SessionRow): Promise<void> {
  await db.insertInto('event_sessions').values(row).execute();
}

export async function updateSession(db: DbOrTrx, id: string, patch: Partial<Omit<SessionRow, 'id' | 'event_id'>>): Promise<void> {
  await db.updateTable('event_sessions').set(patch).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('event_sessions').where('id', '=', id).execute();
}

/** Sessions starting in [from, to) of published events (reminders). */
export async function sessionsStartingBetween(db: DbOrTrx, from: string, to: string): Promise<SessionRow[]> {
  return db
    .selectFrom('event_sessions')
    .innerJoin('events', 'events.id', 'event_sessions.event_id')
    .selectAll('event_sessions')
    .where('events.status', '=', 'published')
    .where('event_sessions.starts_at', '>=', from)
    .where('event_sessions.starts_at', '<', to)
    .execute();
}

// ---- Capacity (race-safe) -----------------------------------------------------------------------

/**
 * Takes one confirmed place if one is free: a conditional update, atomic on both dialects (on
 * PostgreSQL a concurrent update waits for the row lock and re-checks the condition). Returns
 * true when the place was taken. `force` takes it even when the event is full (door override).
 */
export async function takePlace(db: DbOrTrx, eventId: string, force = false): Promise<boolean> {
  let q = db
    .updateTable('events')
    .set({ confirmed_count: sql`confirmed_count + 1` })
    .where('id', '=', eventId);
  if (!force) q = q.where((eb) => eb.or([eb('capacity', 'is', null), eb('confirmed_count', '<', eb.ref('capacity'))]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives one confirmed place back (and locks the event row until the transaction ends). */
export async function releasePlace(db: DbOrTrx, eventId: string): Promise<void> {
  await db
    .updateTable('events')
    .set({ confirmed_count: sql`case when confirmed_count > 0 then confirmed_count - 1 else 0 end` })
    .where('id', '=', eventId)
    .execute();
}

/** Locks the event row for the rest of the transaction (a no-op update; SQLite has one writer anyway). */
export async function lockEvent(db: DbOrTrx, eventId: string): Promise<void> {
  await db.updateTable('events').set({ confirmed_count: sql`confirmed_count` }).where('id', '=', eventId).execute();
}

export async function confirmedCount(db: DbOrTrx, eventId: string): Promise<number> {
  const r = await db.selectFrom('events').select('confirmed_count').where('id', '=', eventId).executeTakeFirst();
  return Number(r?.confirmed_count ?? 0);
}

// ---- Registrations ------------------------------------------------------------------------------

export async function insertRegistration(db: DbOrTrx, row: Omit<RegistrationRow, 'walk_in'> & { walk_in?: number }): Promise<void> {
  await db.insertInto('event_registrations').values(row).execute();
}

export async function findRegistration(db: DbOrTrx, id: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function registrationByToken(db: DbOrTrx, tokenHash: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('cancel_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function registrationByCode(db: DbOrTrx, eventId: string, code: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
}

/** The live (not cancelled) registration of a user or an address at an event. */
export async function liveRegistration(db: DbOrTrx, eventId: string, who: { userId?: string | null; email?: string | null }): Promise<RegistrationRow | undefined> {
  if (!who.userId && !who.email) return undefined;
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '<>', 'cancelled')
    .where((eb) => {
      const ors = [];
      if (who.userId) ors.push(eb('user_id', '=', who.userId));
      if (who.email) ors.push(eb('email', '=', who.email));
      return eb.or(ors);
    })
    .executeTakeFirst();
}

export async function registrationsOf(db: DbOrTrx, eventId: string): Promise<RegistrationRow[]> {
  return db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();
}

/** A user's live registrations (personal feed, "my events"). */
export async function registrationsOfUser(db: DbOrTrx, userId: string): Promise<RegistrationRow[]> {
  return db.selectFrom('event_registrations').selectAll().where('user_id', '=', userId).where('status', '<>', 'cancelled').execute();
}

/** The first on the waitlist, by arrival. */
export async function firstWaitlisted(db: DbOrTrx, eventId: string): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Changes a registration's status only if it still has `from`; true when it did. */
export async function moveRegistration(db: DbOrTrx, id: string, from: string, patch: Partial<Omit<RegistrationRow, 'id' | 'event_id'>>): Promise<boolean> {
  const r = await db.updateTable('event_registrations').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markReminded(db: DbOrTrx, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('event_registrations').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- Check-in -----------------------------------------------------------------------------------

export async function findCheckin(db: DbOrTrx, registrationId: string, sessionId: string): Promise<CheckinRow | undefined> {
  return db.selectFrom('event_checkins').selectAll().where('registration_id', '=', registrationId).where('session_id', '=', sessionId).executeTakeFirst();
}

export async function insertCheckin(db: DbOrTrx, row: CheckinRow): Promise<void> {
  await db.insertInto('event_checkins').values(row).execute();
}

export async function checkinsOf(db: DbOrTrx, eventId: string): Promise<CheckinRow[]> {
  return db
    .selectFrom('event_checkins')
    .innerJoin('event_sessions', 'event_sessions.id', 'event_checkins.session_id')
    .selectAll('event_checkins')
    .where('event_sessions.event_id', '=', eventId)
    .execute();
}

// ---- Library materials ---------------------------------------------------------------------------

export async function materialsOf(db: DbOrTrx, eventId: string): Promise<MaterialRow[]> {
  return db.selectFrom('event_materials').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

export async function findMaterial(db: DbOrTrx, id: string): Promise<MaterialRow | undefined> {
  return db.selectFrom('event_materials').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a resource at the end of an event's materials; false when it is there already. */
export async function insertMaterial(db: DbOrTrx, row: Omit<MaterialRow, 'position'>): Promise<boolean> {
  const last = await db.selectFrom('event_materials').select((eb) => eb.fn.max('position').as('p')).where('event_id', '=', row.event_id).executeTakeFirst();
  const result = await db
    .insertInto('event_materials')
    .values({ ...row, position: Number(last?.p ?? -1) + 1 })
    .onConflict((oc) => oc.columns(['event_id', 'resource_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteMaterial(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('event_materials').where('id', '=', id).execute();
}

// ---- Personal feed tokens -----------------------------------------------------------------------

export async function calendarTokenUser(db: DbOrTrx, tokenHash: string): Promise<string | null> {
  const r = await db.selectFrom('calendar_tokens').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return r?.user_id ?? null;
}

export async function hasCalendarToken(db: DbOrTrx, userId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('calendar_tokens').select('id').where('user_id', '=', userId).executeTakeFirst());
}

export async function replaceCalendarToken(db: DbOrTrx, row: { id: string; user_id: string; token_hash: string; created_at: string }): Promise<void> {
  await db.deleteFrom('calendar_tokens').where('user_id', '=', row.user_id).execute();
  await db.insertInto('calendar_tokens').values(row).execute();
}
