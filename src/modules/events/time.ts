/**
 * Times of events: stored in UTC, typed and shown in the event's IANA time zone. Conversions use
 * the runtime's time zone data (Intl), so no table of offsets is kept here.
 */

/** True for a time zone name the runtime knows (e.g. Asia/Vientiane). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const parts = new Map<string, Intl.DateTimeFormat>();
function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = parts.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    parts.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(partsFormat(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time typed in a zone ("2026-03-14T09:30") as a UTC ISO string; null when it is
 * not such a time. A time with an explicit offset or Z is taken as it is.
 */
export function zonedToUtc(local: string, zone: string): string | null {
  const value = local.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(asUtc).getUTCDate() !== d) return null;
  // Two passes settle the offset around a daylight-saving change.
  let ms = asUtc - offsetAt(asUtc, zone);
  ms = asUtc - offsetAt(ms, zone);
  return new Date(ms).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC instant as the zone's wall-clock time for a form field ("2026-03-14T09:30"). */
export function utcToZonedInput(iso: string, zone: string): string {
  const w = wallClock(Date.parse(iso), zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** The zone's calendar date of an instant ("2026-03-14"). */
export function zonedDate(iso: string, zone: string): string {
  return utcToZonedInput(iso, zone).slice(0, 10);
}

/** "HH:MM" of an instant in a zone. */
export function zonedTime(iso: string, zone: string): string {
  return utcToZonedInput(iso, zone).slice(11, 16);
}

/** The first instant of a calendar month ("2026-03") in UTC, and of the next month. */
export function monthBounds(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12 || y < 1970 || y > 9999) return null;
  // A day either side: an event is listed in the month of its own zone's dates.
  return { from: new Date(Date.UTC(y, mo - 1, 1) - 14 * 3600_000).toISOString(), to: new Date(Date.UTC(y, mo, 1) + 14 * 3600_000).toISOString() };
}
