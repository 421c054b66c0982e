/** /events: the list (upcoming first) and the month calendar, with filters in a plain GET form. */
import { STATUS_LABELS, TYPE_LABELS } from '../labels.js';
import { textFor } from '../../../platform/i18n/content.js';
import { Pager } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised, Text } from '../../directory/views/common.js';
import type { Region, Space } from '../../spaces/spaces.service.js';
import { EVENT_TYPES, type EventView } from '../events.service.js';
import { zonedDate } from '../time.js';
import { Places, When } from './event-page.js';

/** The listing's parsed query. */
export interface ListingParams {
  space: Space | null;
  type: string | null;
  region: string | null;
  month: string | null;
  view: 'list' | 'calendar';
  past: boolean;
  page: number;
}

/** Page size of the list. */
export const EVENTS_PAGE_SIZE = 20;

/** The query string of a listing, with some parameters changed. */
export function listingHref(ctx: ViewContext, p: ListingParams, change: Partial<Record<'space' | 'type' | 'region' | 'month' | 'view' | 'past' | 'page', string | null>>): string {
  const q = new URLSearchParams();
  const base: Record<string, string | null> = {
    space: p.space?.code ?? null,
    type: p.type,
    region: p.region,
    month: p.month,
    view: p.view === 'calendar' ? 'calendar' : null,
    past: p.past ? '1' : null,
    page: p.page > 1 ? String(p.page) : null,
  };
  for (const [k, v] of Object.entries({ ...base, ...change })) if (v) q.set(k, v);
  const s = q.toString();
  return ctx.href(`/events${s ? `?${s}` : ''}`);
}

function Filters({ ctx, p, spaces, regions }: { ctx: ViewContext; p: ListingParams; spaces: Space[]; regions: Region[] }) {
  const t = ctx.t;
  return (
    <form method="get" action={ctx.href('/events')} class="filters" aria-label={t('events.filters')}>
      <div class="field">
        <label for="f-space">{t('events.filter.space')}</label>
        <select id="f-space" name="space">
          <option value="">{t('events.filter.all')}</option>
          {spaces.map((s) => (
            <option value={s.code} selected={p.space?.code === s.code}>
              {textFor(s.name, ctx.locale, s.code)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-type">{t('events.field.type')}</label>
        <select id="f-type" name="type">
          <option value="">{t('events.filter.all')}</option>
          {EVENT_TYPES.map((v) => (
            <option value={v} selected={p.type === v}>
              {t(TYPE_LABELS[v]!)}
            </option>
          ))}
        </select>
      </div>
      {regions.length ? (
        <div class="field">
          <label for="f-region">{t('events.field.region')}</label>
          <select id="f-region" name="region">
            <option value="">{t('events.filter.all')}</option>
            {regions.map((r) => (
              <option value={r.code} selected={p.region === r.code}>
                {localised(ctx, r.name, r.code).value}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for="f-month">{t('events.filter.month')}</label>
        <input id="f-month" name="month" type="month" value={p.month ?? ''} />
      </div>
      {p.view === 'calendar' ? <input type="hidden" name="view" value="calendar" /> : null}
      <div class="field">
        <button type="submit">{t('events.filter.apply')}</button>
      </div>
    </form>
  );
}

function EventItem({ ctx, e }: { ctx: ViewContext; e: EventView }) {
  const first = e.sessions[0];
  return (
    <li>
      <h2>
        <a href={ctx.href(`/events/${e.id}`)}>
          <Text ctx={ctx} value={e.title} />
        </a>
      </h2>
      <p>
        {ctx.t(TYPE_LABELS[e.type] ?? e.type)}
        {e.status !== 'published' ? <> · <span class="badge">{ctx.t(STATUS_LABELS[e.status] ?? e.status)}</span></> : null}
        {first ? (
          <>
            {' · '}
            <When ctx={ctx} startsAt={first.startsAt} endsAt={first.endsAt} zone={e.timeZone} />
            {e.sessions.length > 1 ? ` ${ctx.t('events.more_sessions', { count: e.sessions.length - 1 })}` : ''}
          </>
        ) : null}
      </p>
      <p class="muted">
        {[e.venueName, e.onlineUrl ? ctx.t('events.online') : null].filter(Boolean).join(' · ')} <Places ctx={ctx} event={e} />
      </p>
    </li>
  );
}

/** The list view. */
export function EventList(props: { ctx: ViewContext; p: ListingParams; items: EventView[]; total: number; spaces: Space[]; regions: Region[]; title: string; feed: string | null; canCreate: boolean }) {
  const { ctx, p } = props;
  const t = ctx.t;
  return (
    <>
      <h1>{props.title}</h1>
      <p>
        {p.past ? <a href={listingHref(ctx, p, { past: null, page: null })}>{t('events.upcoming')}</a> : <a href={listingHref(ctx, p, { past: '1', page: null })}>{t('events.past')}</a>}
        {' · '}
        <a href={listingHref(ctx, p, { view: 'calendar', page: null, past: null })}>{t('events.calendar_view')}</a>
        {' · '}
        <a href={ctx.href(`/events/series${p.space ? `?space=${p.space.code}` : ''}`)}>{t('events.series.title')}</a>
        {props.feed ? (
          <>
            {' · '}
            <a href={props.feed} type="text/calendar">
              {t('events.subscribe')}
            </a>
          </>
        ) : null}
        {props.canCreate && p.space ? (
          <>
            {' · '}
            <a href={ctx.href(`/events/new?space=${p.space.code}`)}>{t('events.new')}</a>
          </>
        ) : null}
      </p>
      <Filters ctx={ctx} p={p} spaces={props.spaces} regions={props.regions} />
      {props.items.length ? (
        <ol class="results">
          {props.items.map((e) => (
            <EventItem ctx={ctx} e={e} />
          ))}
        </ol>
      ) : (
        <p>{t('events.none')}</p>
      )}
      <Pager ctx={ctx} page={p.page} pageSize={EVENTS_PAGE_SIZE} total={props.total} link={(page) => listingHref(ctx, p, { page: String(page) })} />
    </>
  );
}

/** The month calendar: a table of weeks (Monday first); each event on its days in its own zone. */
export function EventCalendar(props: { ctx: ViewContext; p: ListingParams; month: string; items: EventView[]; spaces: Space[]; regions: Region[]; title: string }) {
  const { ctx, p, month } = props;
  const t = ctx.t;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const byDay = new Map<number, EventView[]>();
  for (const e of props.items) {
    for (const s of e.sessions) {
      const d = zonedDate(s.startsAt, e.timeZone);
      if (d.slice(0, 7) !== month) continue;
      const day = Number(d.slice(8, 10));
      const list = byDay.get(day) ?? [];
      if (!list.includes(e)) list.push(e);
      byDay.set(day, list);
    }
  }
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const weekday = new Intl.DateTimeFormat(ctx.locale, { weekday: 'short', timeZone: 'UTC' });
  const monthName = new Intl.DateTimeFormat(ctx.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first);
  const shift = (delta: number) => {
    const d = new Date(Date.UTC(y, m - 1 + delta, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  return (
    <>
      <h1>{props.title}</h1>
      <p>
        <a href={listingHref(ctx, p, { view: null, month: null })}>{t('events.list_view')}</a>
      </p>
      <Filters ctx={ctx} p={p} spaces={props.spaces} regions={props.regions} />
      <nav class="pager" aria-label={t('events.filter.month')}>
        <a href={listingHref(ctx, p, { month: shift(-1) })} rel="prev">
          {t('pager.previous')}
        </a>
        <span>{monthName}</span>
        <a href={listingHref(ctx, p, { month: shift(1) })} rel="next">
          {t('pager.next')}
        </a>
      </nav>
      <div class="table">
        <table class="calendar">
          <caption class="visually-hidden">{monthName}</caption>
          <thead>
            <tr>
              {Array.from({ length: 7 }, (_, i) => (
                <th scope="col">{weekday.format(new Date(Date.UTC(2024, 0, 1 + i)))}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr>
                {w.map((day) => (
                  <td>
                    {day ? (
                      <>
                        <strong>{day}</strong>
                        {(byDay.get(day) ?? []).map((e) => (
                          <div>
                            <a href={ctx.href(`/events/${e.id}`)}>
                              <Text ctx={ctx} value={e.title} />
                            </a>
                          </div>
                        ))}
                      </>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
