/** Organisers' pages: the printable attendance list, check-in by code per session, walk-ins. */
import { REGISTRATION_LABELS } from '../labels.js';
import { ErrorSummary, Field, Notice, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { Text } from '../../directory/views/common.js';
import type { AttendanceRow, EventView } from '../events.service.js';
import { zonedTime } from '../time.js';
import { When } from './event-page.js';

/** The attendance list: one row per registration, a column per session; prints cleanly. */
export function AttendancePage({ ctx, event, rows }: { ctx: ViewContext; event: EventView; rows: AttendanceRow[] }) {
  const t = ctx.t;
  const base = `/events/${event.id}`;
  const live = rows.filter((r) => r.status !== 'cancelled');
  return (
    <>
      <h1>
        {t('events.attendance')}: <Text ctx={ctx} value={event.title} />
      </h1>
      <p class="no-print">
        <a href={ctx.href(base)}>{t('events.back')}</a> · <a href={ctx.href(`${base}/checkin`)}>{t('events.checkin')}</a> ·{' '}
        <a href={ctx.href(`${base}/attendance.csv`)} download>
          {t('events.export_csv')}
        </a>{' '}
        ·{' '}
        <a href={ctx.href(`${base}/attendance.xlsx`)} download>
          {t('events.export_xlsx')}
        </a>
      </p>
      <p>
        {t('events.counts', {
          confirmed: live.filter((r) => r.status === 'confirmed').length,
          waitlisted: live.filter((r) => r.status === 'waitlisted').length,
        })}
      </p>
      <div class="table">
        <table class="attendance">
          <thead>
            <tr>
              <th scope="col">{t('events.field.name')}</th>
              <th scope="col">{t('events.field.code')}</th>
              <th scope="col">{t('events.field.status')}</th>
              {event.sessions.map((s, i) => (
                <th scope="col">
                  {s.title || t('events.session_n', { n: i + 1 })}
                  <br />
                  <small>
                    <When ctx={ctx} startsAt={s.startsAt} endsAt={s.endsAt} zone={event.timeZone} />
                  </small>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {live.map((r) => (
              <tr>
                <td>
                  {r.name}
                  {r.walkIn ? <span class="muted"> ({t('events.walk_in')})</span> : null}
                </td>
                <td>
                  <code>{r.code}</code>
                </td>
                <td>{t(REGISTRATION_LABELS[r.status] ?? r.status)}</td>
                {event.sessions.map((s) => (
                  <td>{r.checkins[s.id] ? `✓ ${zonedTime(r.checkins[s.id]!, event.timeZone)}` : '☐'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The check-in page: pick the session, type or scan the code; walk-ins below. */
export function CheckinPage(props: { ctx: ViewContext; event: EventView; sessionId: string; form: FormState; walkForm: FormState; result: { kind: 'good' | 'bad' | 'info'; message: string } | null }) {
  const { ctx, event } = props;
  const t = ctx.t;
  const base = `/events/${event.id}`;
  const sessions = event.sessions.map((s, i) => ({ value: s.id, label: `${s.title || t('events.session_n', { n: i + 1 })} — ${zonedTime(s.startsAt, event.timeZone)}` }));
  const form: FormState = { ...props.form, values: { sessionId: props.sessionId, ...props.form.values } };
  const walk: FormState = { ...props.walkForm, values: { sessionId: props.sessionId, ...props.walkForm.values } };
  return (
    <>
      <h1>
        {t('events.checkin')}: <Text ctx={ctx} value={event.title} />
      </h1>
      <p>
        <a href={ctx.href(base)}>{t('events.back')}</a> · <a href={ctx.href(`${base}/attendance`)}>{t('events.attendance')}</a>
      </p>
      {props.result ? <Notice kind={props.result.kind}>{props.result.message}</Notice> : null}
      <ErrorSummary ctx={ctx} form={props.form} />
      <PostForm ctx={ctx} action={`${base}/checkin`} label={t('events.checkin')}>
        <SelectField ctx={ctx} form={form} name="sessionId" label={t('events.session')} options={sessions} />
        <Field ctx={ctx} form={{ ...form, values: { ...form.values, code: '' } }} name="code" label={t('events.field.code')} hint={t('events.code_hint')} autocomplete="off" />
        <p>
          <button type="submit">{t('events.checkin_button')}</button>
        </p>
      </PostForm>
      <h2>{t('events.walk_in_title')}</h2>
      <ErrorSummary ctx={ctx} form={props.walkForm} />
      <PostForm ctx={ctx} action={`${base}/walkin`} label={t('events.walk_in_title')}>
        <input type="hidden" name="sessionId" value={props.sessionId} />
        <Field ctx={ctx} form={walk} name="name" label={t('events.field.name')} />
        <Field ctx={ctx} form={walk} name="email" type="email" label={t('events.field.email_optional')} />
        <Field ctx={ctx} form={walk} name="phone" type="tel" label={t('events.field.phone')} />
        <label class="check">
          <input type="checkbox" name="override" checked={walk.values.override === 'on'} /> {t('events.override')}
        </label>
        <p>
          <button type="submit">{t('events.walk_in_button')}</button>
        </p>
      </PostForm>
    </>
  );
}
