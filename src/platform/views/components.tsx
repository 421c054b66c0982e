/** Small building blocks shared by every page: form fields, error summary, notices, pager. */
import type { ComponentChildren } from 'preact';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { FieldError } from '../http/errors.js';
import { isUrl } from '../validation.js';
import type { ViewContext } from './context.js';

/** A form's state when shown again: what the user typed and what was wrong. */
export interface FormState {
  values: Record<string, string | undefined>;
  errors: FieldError[];
}

/** An empty form state. */
export const EMPTY_FORM: FormState = { values: {}, errors: [] };

/** The message of the first error for `field`, localised. */
export function fieldError(ctx: ViewContext, form: FormState, field: string): string | null {
  const err = form.errors.find((e) => e.field === field);
  return err ? ctx.t(err.key, err.values) : null;
}

/** Lists every error at the top of a form, each linking to its field (WCAG 3.3.1). */
export function ErrorSummary({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  if (form.errors.length === 0) return null;
  return (
    <div class="notice bad" role="alert" aria-labelledby="error-summary-title">
      <p id="error-summary-title">
        <strong>{ctx.t('form.error_summary', { count: form.errors.length })}</strong>
      </p>
      <ul>
        {form.errors.map((e) => (
          <li>{e.field === '_form' ? ctx.t(e.key, e.values) : <a href={`#f-${e.field}`}>{ctx.t(e.key, e.values)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled input with its hint and error, keeping the typed value. */
export function Field(props: {
  ctx: ViewContext;
  form: FormState;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  /** Never echo passwords back into the page. */
  keepValue?: boolean;
}) {
  const { ctx, form, name } = props;
  const error = fieldError(ctx, form, name);
  const id = `f-${name}`;
  const described = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const keep = props.keepValue ?? props.type !== 'password';
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
      <input
        id={id}
        name={name}
        type={props.type ?? 'text'}
        value={keep ? (form.values[name] ?? '') : ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

/** The "choose a password" field: length hint, browser password-manager hints, never echoed. */
export function NewPasswordField(props: { ctx: ViewContext; form: FormState; name?: string; label?: string }) {
  return (
    <Field
      ctx={props.ctx}
      form={props.form}
      name={props.name ?? 'password'}
      type="password"
      label={props.label ?? props.ctx.t('field.password')}
      hint={props.ctx.t('field.password_hint', { min: MIN_PASSWORD_LENGTH })}
      autocomplete="new-password"
      required
    />
  );
}

/** A labelled select. */
export function SelectField(props: {
  ctx: ViewContext;
  form: FormState;
  name: string;
  label: string;
  options: { value: string; label: string; lang?: string }[];
}) {
  const { ctx, form, name } = props;
  const error = fieldError(ctx, form, name);
  const id = `f-${name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={form.values[name] === o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A link out of the site to an address someone typed (a website, a link to apply, an online
 * event): only an http(s) address becomes a link; anything else is shown as text, so a script
 * address that slipped past a check (an old record, an import) can never be followed.
 */
export function OutsideLink(props: { href: string; rel?: string; children?: ComponentChildren }) {
  const label = props.children ?? props.href;
  if (!isUrl(props.href)) return <>{label}</>;
  return (
    <a href={props.href} rel={props.rel ?? 'nofollow noopener'}>
      {label}
    </a>
  );
}

/** A form that posts with its CSRF token. */
export function PostForm(props: { ctx: ViewContext; action: string; class?: string; children: ComponentChildren; label?: string }) {
  return (
    <form method="post" action={props.ctx.href(props.action)} class={props.class ?? 'stack'} aria-label={props.label} novalidate>
      <input type="hidden" name="_csrf" value={props.ctx.csrf()} />
      {props.children}
    </form>
  );
}

/** A highlighted message (success, problem, information). */
export function Notice(props: { kind?: 'good' | 'bad' | 'info'; children: ComponentChildren }) {
  const cls = props.kind === 'good' ? 'notice good' : props.kind === 'bad' ? 'notice bad' : 'notice';
  return (
    <div class={cls} role={props.kind === 'bad' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** Previous/next links for a paged list; `link(page)` builds each URL. */
export function Pager(props: { ctx: ViewContext; page: number; pageSize: number; total: number; link: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={props.ctx.t('pager.label')}>
      {props.page > 1 ? (
        <a href={props.link(props.page - 1)} rel="prev">
          {props.ctx.t('pager.previous')}
        </a>
      ) : null}
      <span>{props.ctx.t('pager.position', { page: props.page, pages })}</span>
      {props.page < pages ? (
        <a href={props.link(props.page + 1)} rel="next">
          {props.ctx.t('pager.next')}
        </a>
      ) : null}
    </nav>
  );
}
