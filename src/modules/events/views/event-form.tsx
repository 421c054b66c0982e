/** The event form (new and edit): plain fields, repeated rows for sessions, questions and links. */
import { LINK_GROUP_LABELS, QUESTION_LABELS, STATUS_LABELS, TYPE_LABELS } from '../labels.js';
import { LOCALE_NAMES, LOCALES, parseLocale, type Locale } from '../../../platform/i18n/locales.js';
import { ErrorSummary, Field, fieldError, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised } from '../../directory/views/common.js';
import type { Region, Space } from '../../spaces/spaces.service.js';
import { EVENT_STATUSES, EVENT_TYPES, QUESTION_KINDS } from '../events.service.js';
import { EXTRA_LINKS, EXTRA_QUESTIONS, EXTRA_SESSIONS, rowCount } from './form-input.js';
import type { TranslatedText } from '../../../platform/i18n/content.js';

/** Languages offered for titles and descriptions: the space's, then English, then the rest on demand. */
function formLocales(space: Space, values: FormState['values']): Locale[] {
  const wanted = [...space.locales.map((l) => parseLocale(l)).filter((l): l is Locale => l !== null), 'en' as Locale];
  for (const l of LOCALES) if (values[`title.${l}`] || values[`description.${l}`]) wanted.push(l);
  return [...new Set(wanted)];
}

function TextArea({ ctx, form, name, label, rows }: { ctx: ViewContext; form: FormState; name: string; label: string; rows?: number }) {
  const error = fieldError(ctx, form, name);
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {error ? (
        <span class="error" id={`f-${name}-error`}>
          {error}
        </span>
      ) : null}
      <textarea id={`f-${name}`} name={name} rows={rows ?? 4} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${name}-error` : undefined}>
        {form.values[name] ?? ''}
      </textarea>
    </div>
  );
}

function Check({ form, name, label }: { form: FormState; name: string; label: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={name} checked={form.values[name] === 'on'} /> {label}
    </label>
  );
}

/** The form's props. */
export interface EventFormProps {
  ctx: ViewContext;
  form: FormState;
  space: Space;
  regions: Region[];
  action: string;
  title: string;
  /** Organisations the author edits (null: an editor, who may name any of the space's). */
  ownOrganizations: { id: string; name: TranslatedText }[] | null;
  cancel: string;
  /** The image upload of an existing event. */
  image?: { action: string; sha256: string | null };
  /** The space's series to choose from (null: the author may not choose one). */
  series: { id: string; title: TranslatedText }[] | null;
}

/** The event form. */
export function EventForm(props: EventFormProps) {
  const { ctx, form, space, regions } = props;
  const t = ctx.t;
  const locales = formLocales(space, form.values);
  const sessions = rowCount(form.values, 'sessions', EXTRA_SESSIONS);
  const questions = rowCount(form.values, 'questions', EXTRA_QUESTIONS);
  return (
    <>
      <h1>{props.title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={props.action}>
        <SelectField ctx={ctx} form={form} name="type" label={t('events.field.type')} options={EVENT_TYPES.map((v) => ({ value: v, label: t(TYPE_LABELS[v]!) }))} />
        <fieldset>
          <legend>{t('events.field.title')}</legend>
          {locales.map((l) => (
            <Field ctx={ctx} form={form} name={`title.${l}`} label={LOCALE_NAMES[l]} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('events.field.description')}</legend>
          {locales.map((l) => (
            <TextArea ctx={ctx} form={form} name={`description.${l}`} label={LOCALE_NAMES[l]} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('events.field.sessions')}</legend>
          <p class="hint">{t('events.field.sessions_hint', { zone: form.values.timeZone ?? '' })}</p>
          <Field ctx={ctx} form={form} name="timeZone" label={t('events.field.time_zone')} hint={t('events.field.time_zone_hint')} />
          {Array.from({ length: sessions }, (_, i) => (
            <div class="filters">
              <input type="hidden" name={`sessions.${i}.id`} value={form.values[`sessions.${i}.id`] ?? ''} />
              <Field ctx={ctx} form={form} name={`sessions.${i}.start`} type="datetime-local" label={t('events.field.start', { n: i + 1 })} />
              <Field ctx={ctx} form={form} name={`sessions.${i}.end`} type="datetime-local" label={t('events.field.end', { n: i + 1 })} />
              <Field ctx={ctx} form={form} name={`sessions.${i}.title`} label={t('events.field.session_title', { n: i + 1 })} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('events.field.place')}</legend>
          <Field ctx={ctx} form={form} name="venueName" label={t('events.field.venue')} />
          <Field ctx={ctx} form={form} name="venueAddress" label={t('events.field.address')} />
          <SelectField
            ctx={ctx}
            form={form}
            name="regionCode"
            label={t('events.field.region')}
            options={[{ value: '', label: t('events.field.none') }, ...regions.map((r) => ({ value: r.code, label: `${localised(ctx, r.name, r.code).value} (${r.code})` }))]}
          />
          <Field ctx={ctx} form={form} name="onlineUrl" type="url" label={t('events.field.online')} />
        </fieldset>
        <fieldset>
          <legend>{t('events.field.organizers')}</legend>
          {props.ownOrganizations ? (
            <div class="field">
              {fieldError(ctx, form, 'organizers') ? <span class="error">{fieldError(ctx, form, 'organizers')}</span> : null}
              {props.ownOrganizations.map((o) => (
                <label class="check">
                  <input type="checkbox" name="organizers" value={o.id} checked={(form.values.organizers ?? '').includes(o.id)} /> {localised(ctx, o.name, o.id).value}
                </label>
              ))}
            </div>
          ) : (
            <TextArea ctx={ctx} form={form} name="organizers" label={t('events.field.organizer_links')} rows={2} />
          )}
        </fieldset>
        <fieldset>
          <legend>{t('events.field.registration')}</legend>
          <Field ctx={ctx} form={form} name="capacity" type="number" label={t('events.field.capacity')} hint={t('events.field.capacity_hint')} />
          <Check form={form} name="registrationOpen" label={t('events.field.registration_open')} />
          {Array.from({ length: questions }, (_, i) => (
            <div class="filters">
              <input type="hidden" name={`questions.${i}.id`} value={form.values[`questions.${i}.id`] ?? ''} />
              <Field ctx={ctx} form={form} name={`questions.${i}.label`} label={t('events.field.question', { n: i + 1 })} />
              <SelectField ctx={ctx} form={form} name={`questions.${i}.kind`} label={t('events.field.question_kind')} options={QUESTION_KINDS.map((k) => ({ value: k, label: t(QUESTION_LABELS[k]!) }))} />
              <TextArea ctx={ctx} form={form} name={`questions.${i}.options`} label={t('events.field.question_options')} rows={2} />
              <Check form={form} name={`questions.${i}.required`} label={t('events.field.required')} />
            </div>
          ))}
        </fieldset>
        {(['resources', 'materials'] as const).map((group) => (
          <fieldset>
            <legend>{t(LINK_GROUP_LABELS[group])}</legend>
            {Array.from({ length: rowCount(form.values, group, EXTRA_LINKS) }, (_, i) => (
              <div class="filters">
                <Field ctx={ctx} form={form} name={`${group}.${i}.title`} label={t('events.field.link_title')} />
                <Field ctx={ctx} form={form} name={`${group}.${i}.url`} type="url" label={t('events.field.link_url')} />
              </div>
            ))}
          </fieldset>
        ))}
        {props.series && props.series.length ? (
          <SelectField
            ctx={ctx}
            form={form}
            name="seriesId"
            label={t('events.field.series')}
            options={[{ value: '', label: t('events.field.none') }, ...props.series.map((s) => ({ value: s.id, label: localised(ctx, s.title, s.id).value }))]}
          />
        ) : null}
        <SelectField ctx={ctx} form={form} name="status" label={t('events.field.status')} options={EVENT_STATUSES.map((s) => ({ value: s, label: t(STATUS_LABELS[s]!) }))} />
        <p>
          <button type="submit">{t('events.save')}</button> <a href={ctx.href(props.cancel)}>{t('events.back')}</a>
        </p>
      </PostForm>
      {props.image ? (
        <section aria-labelledby="image-title">
          <h2 id="image-title">{t('events.image')}</h2>
          {props.image.sha256 ? <img src={`/media/${props.image.sha256}/64.webp`} width={64} height={64} alt={t('images.current')} /> : null}
          <form method="post" action={ctx.href(props.image.action)} enctype="multipart/form-data" class="stack" aria-label={t('events.image')}>
            <input type="hidden" name="_csrf" value={ctx.csrf()} />
            <div class="field">
              <label for="f-image">{t('images.field')}</label>
              <input id="f-image" name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/heic,image/avif" required />
            </div>
            <div>
              <button type="submit">{t('images.upload')}</button>
            </div>
          </form>
          {props.image.sha256 ? (
            <PostForm ctx={ctx} action={`${props.image.action}/delete`} label={t('images.remove')}>
              <button type="submit" class="secondary">
                {t('images.remove')}
              </button>
            </PostForm>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
