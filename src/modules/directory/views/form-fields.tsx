/**
 * Form controls of the directory's forms that the shared components do not cover: inputs marked
 * with the language they are typed in, text areas, checkbox groups in a fieldset, contact rows.
 * Every control keeps what was typed and shows its own error (ids `f-<field>`, which the error
 * summary links to).
 */
import type { ComponentChildren } from 'preact';
import { fieldError, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.js';
import { CONTACT_KINDS, VISIBILITIES } from '../classification.js';

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** A text input or text area whose label may carry markup (e.g. a language name in its own script). */
export function Input(props: {
  ctx: ViewContext;
  form: FormState;
  name: string;
  label: ComponentChildren;
  hint?: string;
  lang?: string;
  multiline?: boolean;
  required?: boolean;
  inputmode?: string;
  autocomplete?: string;
}) {
  const { ctx, form, name } = props;
  const error = fieldError(ctx, form, name);
  const id = `f-${name}`;
  const common = {
    id,
    name,
    lang: props.lang,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy(id, Boolean(props.hint), Boolean(error)),
  } as const;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={4}>
          {form.values[name] ?? ''}
        </textarea>
      ) : (
        <input {...common} type="text" value={form.values[name] ?? ''} required={props.required} inputMode={props.inputmode as 'numeric' | undefined} autocomplete={props.autocomplete} />
      )}
    </div>
  );
}

/** A language name in its own script, marked with its language. */
export function LanguageLabel({ locale }: { locale: Locale }) {
  return <span lang={locale}>{LOCALE_NAMES[locale]}</span>;
}

/**
 * A translatable field: one input per language. The languages of the country (and the reader's)
 * come first; the others sit in a <details> that opens when one of them holds text or an error.
 */
export function TranslatedFields(props: {
  ctx: ViewContext;
  form: FormState;
  name: string;
  legend: string;
  hint?: string;
  primary: readonly Locale[];
  others: readonly Locale[];
  multiline?: boolean;
}) {
  const { ctx, form, name } = props;
  const error = fieldError(ctx, form, name);
  const input = (l: Locale) => <Input ctx={ctx} form={form} name={`${name}.${l}`} label={<LanguageLabel locale={l} />} lang={l} multiline={props.multiline} />;
  const openOthers = props.others.some((l) => form.values[`${name}.${l}`] || form.errors.some((e) => e.field === `${name}.${l}`));
  return (
    <fieldset id={`f-${name}`} aria-describedby={describedBy(`f-${name}`, Boolean(props.hint), Boolean(error))}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <span class="hint" id={`f-${name}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`f-${name}-error`}>
          {error}
        </span>
      ) : null}
      {props.primary.map(input)}
      {props.others.length ? (
        <details open={openOthers || undefined}>
          <summary>{ctx.t('dir.form.other_languages')}</summary>
          {props.others.map(input)}
        </details>
      ) : null}
    </fieldset>
  );
}

/**
 * A group of checkboxes in a fieldset; the checked values are kept comma-joined in the form state.
 * An option's `lang` marks a label that fell back to another language.
 */
export function CheckboxGroup(props: { ctx: ViewContext; form: FormState; name: string; legend: string; options: { value: string; label: string; lang?: string }[] }) {
  const { ctx, form, name } = props;
  const error = fieldError(ctx, form, name);
  const checked = new Set((form.values[name] ?? '').split(',').filter(Boolean));
  return (
    <fieldset id={`f-${name}`} aria-describedby={error ? `f-${name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {error ? (
        <span class="error" id={`f-${name}-error`}>
          {error}
        </span>
      ) : null}
      {props.options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o.value} checked={checked.has(o.value)} />
          <span lang={o.lang}>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A single checkbox with its label. */
export function Checkbox(props: { ctx: ViewContext; form: FormState; name: string; label: string; hint?: string }) {
  const error = fieldError(props.ctx, props.form, props.name);
  const id = `f-${props.name}`;
  return (
    <div class="field">
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <label class="check" for={id}>
        <input type="checkbox" id={id} name={props.name} value="1" checked={props.form.values[props.name] === '1'} aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))} />
        <span>{props.label}</span>
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

/** How many contact rows a form shows: at least four, one empty row more than those filled. */
export function contactRowCount(form: FormState): number {
  let filled = 0;
  for (let i = 0; i < 20; i++) if (form.values[`contacts.${i}.value`]) filled = i + 1;
  return Math.min(20, Math.max(4, filled + 1));
}

/** Contact rows: kind, value and who may see it. Empty rows are ignored. */
export function ContactRows({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const rows = contactRowCount(form);
  return (
    <fieldset id="f-contacts">
      <legend>{ctx.t('dir.field.contacts')}</legend>
      <span class="hint">{ctx.t('dir.field.contacts_hint')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <fieldset class="row">
          <legend>{ctx.t('dir.field.contact_n', { n: i + 1 })}</legend>
          <SelectField
            ctx={ctx}
            form={form}
            name={`contacts.${i}.kind`}
            label={ctx.t('dir.field.contact_kind')}
            options={CONTACT_KINDS.map((k) => ({ value: k, label: ctx.t(`dir.contact.${k}`) }))}
          />
          <Input ctx={ctx} form={form} name={`contacts.${i}.value`} label={ctx.t('dir.field.contact_value')} />
          <SelectField
            ctx={ctx}
            form={form}
            name={`contacts.${i}.visibility`}
            label={ctx.t('dir.field.contact_visibility')}
            options={VISIBILITIES.map((v) => ({ value: v, label: ctx.t(`dir.visibility.${v}`) }))}
          />
        </fieldset>
      ))}
    </fieldset>
  );
}
