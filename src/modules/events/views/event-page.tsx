/** The event page: when (in the event's zone), where, organisers, registration, and for organisers their tools. */
import { STATUS_LABELS, TYPE_LABELS } from '../labels.js';
import { textFor } from '../../../platform/i18n/content.js';
import { ErrorSummary, Field, fieldError, Notice, OutsideLink, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised, Text } from '../../directory/views/common.js';
import type { Region } from '../../spaces/spaces.service.js';
import { formatWhen, type EventView, type MaterialView, type Question, type RegistrationView } from '../events.service.js';
import { MaterialsSection } from './materials.js';

/** A session's or event's time, in the event's zone with the zone named. */
export function When({ ctx, startsAt, endsAt, zone }: { ctx: ViewContext; startsAt: string; endsAt: string; zone: string }) {
  return (
    <time dateTime={startsAt} title={zone}>
      {formatWhen(ctx.locale, startsAt, endsAt, zone)}
    </time>
  );
}

/** Places left, or the waitlist notice. */
export function Places({ ctx, event }: { ctx: ViewContext; event: EventView }) {
  if (event.capacity === null) return null;
  const left = Math.max(0, event.capacity - event.confirmedCount);
  return <span class={left ? 'badge ok' : 'badge'}>{left ? ctx.t('events.places_left', { count: left }) : ctx.t('events.full_waitlist')}</span>;
}

function QuestionField({ ctx, form, q }: { ctx: ViewContext; form: FormState; q: Question }) {
  const name = `answers.${q.id}`;
  const label = q.required ? `${q.label} *` : q.label;
  const error = fieldError(ctx, form, name);
  if (q.kind === 'text') return <Field ctx={ctx} form={form} name={name} label={label} />;
  const options = q.kind === 'yesno' ? [{ value: 'yes', label: ctx.t('events.yes') }, { value: 'no', label: ctx.t('events.no') }] : q.options.map((o) => ({ value: o, label: o }));
  return (
    <fieldset id={`f-${name}`}>
      <legend>{label}</legend>
      {error ? <span class="error">{error}</span> : null}
      {options.map((o) => (
        <label class="check">
          <input type="radio" name={name} value={o.value} checked={form.values[name] === o.value} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The page's props. */
export interface EventPageProps {
  ctx: ViewContext;
  event: EventView;
  spaceCode: string;
  region: Region | null;
  registration: RegistrationView | null;
  qrSvg: string | null;
  cancelPath: string | null;
  form: FormState;
  notice: string | null;
  imageUrl: string | null;
  /** Library resources attached as materials, those this reader may see. */
  libraryMaterials: MaterialView[];
}

/** The event page. */
export function EventPage(props: EventPageProps) {
  const { ctx, event, registration } = props;
  const t = ctx.t;
  const base = `/events/${event.id}`;
  const ended = event.endsAt <= new Date().toISOString();
  return (
    <article>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <p class="muted">
        {t(TYPE_LABELS[event.type] ?? event.type)}
        {event.status !== 'published' ? (
          <>
            {' '}
            <span class="badge">{t(STATUS_LABELS[event.status] ?? event.status)}</span>
          </>
        ) : null}
      </p>
      <h1>
        <Text ctx={ctx} value={event.title} />
      </h1>
      {props.imageUrl ? <img class="record-image" src={props.imageUrl} alt="" width={256} height={256} /> : null}
      <dl class="meta">
        <dt>{t('events.when')}</dt>
        <dd>
          <ul class="plain">
            {event.sessions.map((s) => (
              <li>
                {s.title ? `${s.title}: ` : ''}
                <When ctx={ctx} startsAt={s.startsAt} endsAt={s.endsAt} zone={event.timeZone} />
              </li>
            ))}
          </ul>
        </dd>
        {event.venueName || event.venueAddress ? (
          <>
            <dt>{t('events.where')}</dt>
            <dd>
              {[event.venueName, event.venueAddress].filter(Boolean).join(', ')}
              {props.region ? ` — ${localised(ctx, props.region.name, props.region.code).value}` : ''}
            </dd>
          </>
        ) : null}
        {event.onlineUrl ? (
          <>
            <dt>{t('events.online')}</dt>
            <dd>
              <OutsideLink href={event.onlineUrl} />
            </dd>
          </>
        ) : null}
        {event.series ? (
          <>
            <dt>{t('events.series.part_of')}</dt>
            <dd>
              <a href={ctx.href(`/events/series/${event.series.id}`)}>
                <Text ctx={ctx} value={event.series.title} />
              </a>
            </dd>
          </>
        ) : null}
        {event.organizers.length ? (
          <>
            <dt>{t('events.organizers')}</dt>
            <dd>
              {event.organizers.map((o, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={ctx.href(`/organizations/${o.id}`)}>
                    <Text ctx={ctx} value={o.name} />
                  </a>
                </>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {textFor(event.description, ctx.locale) ? (
        <p class="description">
          <Text ctx={ctx} value={event.description} />
        </p>
      ) : null}
      <LinkList title={t('events.resources')} links={event.resources} />
      <MaterialsSection ctx={ctx} links={event.materials} library={props.libraryMaterials} />

      <section aria-labelledby="reg-title">
        <h2 id="reg-title">{t('events.registration')}</h2>
        {event.status === 'cancelled' ? (
          <Notice kind="bad">{t('events.cancelled_notice')}</Notice>
        ) : registration ? (
          <>
            <p>
              <strong>{registration.status === 'confirmed' ? t('events.you_are_registered') : t('events.you_are_waitlisted')}</strong>
            </p>
            {registration.status === 'confirmed' ? (
              <div class="card">
                <p>{t('events.your_code')}</p>
                <p class="token">{registration.code}</p>
                {props.qrSvg ? <div class="qr" role="img" aria-label={t('events.qr_label', { code: registration.code })} dangerouslySetInnerHTML={{ __html: props.qrSvg }} /> : null}
              </div>
            ) : null}
            <PostForm ctx={ctx} action={`${base}/cancel`} class="inline">
              <input type="hidden" name="registration" value={registration.id} />
              <button type="submit" class="secondary">
                {t('events.cancel_registration')}
              </button>
            </PostForm>
          </>
        ) : ended || !event.registrationOpen || event.status !== 'published' ? (
          <p>{t('events.registration_closed')}</p>
        ) : !ctx.user ? (
          <p>
            <Places ctx={ctx} event={event} /> <a href={ctx.href(`/login?next=${encodeURIComponent(base)}`)}>{t('events.sign_in_to_register')}</a>
          </p>
        ) : (
          <>
            <p>
              <Places ctx={ctx} event={event} />
            </p>
            <ErrorSummary ctx={ctx} form={props.form} />
            <PostForm ctx={ctx} action={`${base}/register`} label={t('events.register')}>
              <Field ctx={ctx} form={props.form} name="name" label={t('events.field.name')} autocomplete="name" />
              <Field ctx={ctx} form={props.form} name="phone" type="tel" label={t('events.field.phone')} autocomplete="tel" />
              {event.questions.map((q) => (
                <QuestionField ctx={ctx} form={props.form} q={q} />
              ))}
              <p>
                <button type="submit">{t('events.register')}</button>
              </p>
            </PostForm>
          </>
        )}
      </section>

      {event.canEdit ? (
        <section aria-labelledby="org-tools">
          <h2 id="org-tools">{t('events.organiser_tools')}</h2>
          <p>
            <a class="button secondary" href={ctx.href(`${base}/edit`)}>
              {t('events.edit')}
            </a>{' '}
            <a class="button secondary" href={ctx.href(`${base}/attendance`)}>
              {t('events.attendance')}
            </a>{' '}
            <a class="button secondary" href={ctx.href(`${base}/checkin`)}>
              {t('events.checkin')}
            </a>{' '}
            <a class="button secondary" href={ctx.href(`${base}/materials`)}>
              {t('events.materials.manage')}
            </a>
          </p>
        </section>
      ) : null}
      <p>
        <a href={ctx.feedHref(`/events.ics?event=${event.id}`)} type="text/calendar">
          {t('events.add_to_calendar')}
        </a>{' '}
        · <a href={ctx.href(`/events?space=${props.spaceCode}`)}>{t('events.all_events')}</a>
      </p>
    </article>
  );
}

/** A titled list of outside links (related resources); nothing when empty. */
function LinkList({ title, links }: { title: string; links: readonly { title: string; url: string }[] }) {
  if (!links.length) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {links.map((r) => (
          <li>
            <OutsideLink href={r.url}>{r.title}</OutsideLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
