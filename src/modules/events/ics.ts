/**
 * iCalendar (RFC 5545) documents of events, built with ical.js: feeds (METHOD:PUBLISH) and the
 * invitation attached to emails. Times are written in UTC, so no VTIMEZONE is needed; the UID
 * is stable per session, so a calendar updates its entry instead of duplicating it.
 */
import ICAL from 'ical.js';

/** One session as a calendar entry. */
export interface IcsEntry {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  url: string;
  startsAt: string;
  endsAt: string;
  /** CANCELLED for a cancelled event. */
  cancelled: boolean;
  /** Last change of the event (SEQUENCE is derived from it). */
  updatedAt: string;
}

/** The UID of a session's calendar entry. */
export function sessionUid(sessionId: string, host: string): string {
  return `${sessionId}@${host}`;
}

/** A VCALENDAR with one VEVENT per entry. */
export function buildCalendar(entries: IcsEntry[], options: { name?: string; method?: 'PUBLISH' | 'REQUEST' } = {}): string {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.addPropertyWithValue('prodid', '-//Mosaic//Events//EN');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addPropertyWithValue('method', options.method ?? 'PUBLISH');
  if (options.name) cal.addPropertyWithValue('x-wr-calname', options.name);
  const stamp = ICAL.Time.fromJSDate(new Date(), true);
  for (const e of entries) {
    const ev = new ICAL.Component('vevent');
    ev.addPropertyWithValue('uid', e.uid);
    ev.addPropertyWithValue('dtstamp', stamp);
    ev.addPropertyWithValue('dtstart', ICAL.Time.fromJSDate(new Date(e.startsAt), true));
    ev.addPropertyWithValue('dtend', ICAL.Time.fromJSDate(new Date(e.endsAt), true));
    ev.addPropertyWithValue('summary', e.summary);
    if (e.description) ev.addPropertyWithValue('description', e.description);
    if (e.location) ev.addPropertyWithValue('location', e.location);
    ev.addPropertyWithValue('url', e.url);
    ev.addPropertyWithValue('status', e.cancelled ? 'CANCELLED' : 'CONFIRMED');
    // Seconds since 2020 of the last change: grows with every edit, as SEQUENCE must.
    ev.addPropertyWithValue('sequence', Math.max(0, Math.floor((Date.parse(e.updatedAt) - Date.UTC(2020, 0, 1)) / 1000)));
    ev.addPropertyWithValue('last-modified', ICAL.Time.fromJSDate(new Date(e.updatedAt), true));
    cal.addSubcomponent(ev);
  }
  return cal.toString().replace(/\r?\n/g, '\r\n') + '\r\n';
}
