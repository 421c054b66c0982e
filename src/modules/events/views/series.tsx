/** Event series: the list of a space's series, a series page (its events, follow, feed) and the editors' form. */
import { STATUS_LABELS } from '../labels.js';
import { textFor } from '../../../platform/i18n/content.js';
import { LOCALES, parseLocale, type Locale } from '../../../platform/i18n/locales.js';
import { ErrorSummary, Notice, Pager, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { Text } from '../../directory/views/common.js';
import { TranslatedFields } from '../../directory/views/form-fields.js';
import { FollowButton } from '../../notifications/notifications.pages.js';
import type { Space } from '../../spaces/spaces.service.js';
import { EVENT_SERIES, type EventView, type SeriesInput, type SeriesView } from '../events.service.js';
import { When } from './event-page.js';

/** Page size of the series list. */
export const SERIES_PAGE_SIZE = 30;

/** Flat form values of a series (`title.lo`, `description.en`…). */
export function seriesValues(series: SeriesView | null): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!series) return out;
  for (const field of ['title', 'description'] as const) for (const [l, v] of Object.entries(series[field])) out[`${field}.${l}`] = v?.value;
  return out;
}

/** The form values of a posted body (first of repeated keys, strings only). */
export function seriesFormValues(body: unknown): Record<string, string | undefined> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const name of ['title', 'description'].flatMap((f) => LOCALES.map((l) => `${f}.${l}`))) {
    const v = Array.isArray(b[name]) ? (b[name] as unknown[])[0] : b[name];
    if (typeof v === 'string') out[name] = v.slice(0, 6000);
  }
  return out;
}

/** The service input of the form's values. */
export function seriesInput(values: Record<string, string | undefined>): SeriesInput {
  const field = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, values[`${name}.${l}`] ?? '']));
  return { title: field('title'), description: field('description') };
}

/** The series form (new and edit). */
export function SeriesForm({ ctx, form, space, action, title, cancel, deleteAction }: { ctx: ViewContext; form: FormState; space: Space; action: string; title: string; cancel: string; deleteAction?: string }) {
  const primary = [...new Set([...space.locales.map((l) => parseLocale(l)).filter((l): l is Locale => l !== null), ctx.locale, 'en' as Locale])];
  const others = LOCALES.filter((l) => !primary.includes(l));
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={action}>
        <TranslatedFields ctx={ctx} form={form} name="title" legend={ctx.t('events.series.field.title')} hint={ctx.t('events.series.field.title_hint')} primary={primary} others={others} />
        <TranslatedFields ctx={ctx} form={form} name="description" legend={ctx.t('events.field.description')} primary={primary} others={others} multiline />
        <p>
          <button type="submit">{ctx.t('events.save')}</button> <a href={ctx.href(cancel)}>{ctx.t('events.back')}</a>
        </p>
      </PostForm>
      {deleteAction ? (
        <PostForm ctx={ctx} action={deleteAction} label={ctx.t('events.series.delete')}>
          <p class="hint">{ctx.t('events.series.delete_hint')}</p>
          <button type="submit" class="danger">
            {ctx.t('events.series.delete')}
          </button>
        </PostForm>
      ) : null}
    </>
  );
}

/** The series of a space (or of every space). */
export function SeriesList(props: { ctx: ViewContext; space: Space | null; items: SeriesView[]; total: number; page: number; canCreate: boolean; spaces: Map<string, Space> }) {
  const { ctx, space } = props;
  const t = ctx.t;
  const q = space ? `space=${space.code}` : '';
  return (
    <>
      <h1>{space ? t('events.series.title_in', { space: textFor(space.name, ctx.locale, space.code) }) : t('events.series.title')}</h1>
      <p>
        <a href={ctx.href(`/events${q ? `?${q}` : ''}`)}>{t('events.all_events')}</a>
        {props.canCreate && space ? (
          <>
            {' · '}
            <a href={ctx.href(`/events/series/new?space=${space.code}`)}>{t('events.series.new')}</a>
          </>
        ) : null}
      </p>
      {props.items.length ? (
        <ul class="results">
          {props.items.map((s) => (
            <li>
              <h2>
                <a href={ctx.href(`/events/series/${s.id}`)}>
                  <Text ctx={ctx} value={s.title} />
                </a>
              </h2>
              {space ? null : <p class="muted">{textFor(props.spaces.get(s.spaceId)?.name ?? {}, ctx.locale, props.spaces.get(s.spaceId)?.code ?? '')}</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('events.series.none')}</p>
      )}
      <Pager ctx={ctx} page={props.page} pageSize={SERIES_PAGE_SIZE} total={props.total} link={(n) => ctx.href(`/events/series?${q ? `${q}&` : ''}page=${n}`)} />
    </>
  );
}

function EventLines({ ctx, items }: { ctx: ViewContext; items: EventView[] }) {
  return (
    <ol class="results">
      {items.map((e) => (
        <li>
          <a href={ctx.href(`/events/${e.id}`)}>
            <Text ctx={ctx} value={e.title} />
          </a>{' '}
          — <When ctx={ctx} startsAt={e.startsAt} endsAt={e.endsAt} zone={e.timeZone} />
          {e.status !== 'published' ? (
            <>
              {' '}
              <span class="badge">{ctx.t(STATUS_LABELS[e.status] ?? e.status)}</span>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A series page: what it is, follow, its upcoming and past events, its calendar feed. */
export function SeriesPage(props: { ctx: ViewContext; series: SeriesView; space: Space; upcoming: EventView[]; past: EventView[]; following: boolean; feed: string; notice: string | null; canCreateEvent: boolean }) {
  const { ctx, series, space } = props;
  const t = ctx.t;
  return (
    <article>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <p class="muted">
        {t('events.series.kicker')} · <a href={ctx.href(`/events/series?space=${space.code}`)}>{textFor(space.name, ctx.locale, space.code)}</a>
      </p>
      <h1>
        <Text ctx={ctx} value={series.title} />
      </h1>
      {textFor(series.description, ctx.locale) ? (
        <p class="description">
          <Text ctx={ctx} value={series.description} />
        </p>
      ) : null}
      <FollowButton ctx={ctx} target={{ type: EVENT_SERIES, id: series.id }} following={props.following} />
      <h2>{t('events.upcoming')}</h2>
      {props.upcoming.length ? <EventLines ctx={ctx} items={props.upcoming} /> : <p>{t('events.series.no_upcoming')}</p>}
      {props.past.length ? (
        <>
          <h2>{t('events.past')}</h2>
          <EventLines ctx={ctx} items={props.past} />
        </>
      ) : null}
      <p>
        <a href={ctx.href(props.feed)} type="text/calendar">
          {t('events.subscribe')}
        </a>
        {series.canEdit ? (
          <>
            {' · '}
            <a href={ctx.href(`/events/series/${series.id}/edit`)}>{t('events.series.edit')}</a>
          </>
        ) : null}
        {props.canCreateEvent ? (
          <>
            {' · '}
            <a href={ctx.href(`/events/new?space=${space.code}&series=${series.id}`)}>{t('events.new')}</a>
          </>
        ) : null}
      </p>
    </article>
  );
}
