/**
 * The page where a person's organisations are listed, added and removed. The organisation is
 * found with a plain GET search form (no script): its matches come back as choices of the
 * adding form, beside the organisations the reader manages.
 */
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { ErrorSummary, Field, fieldError, Notice, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { Space } from '../../spaces/spaces.service.js';
import type { OrganizationView, PersonView } from '../directory.service.js';
import { localised, StatusBadge } from './common.js';

/** One listed affiliation. */
export interface ManagedAffiliation {
  id: string;
  organizationId: string;
  name: TranslatedText;
  role: string | null;
  start: string | null;
  end: string | null;
  canRemove: boolean;
}

/** Everything the page shows. */
export interface AffiliationsPageProps {
  ctx: ViewContext;
  person: PersonView;
  space: Space;
  /** True for the person themself and the space's editors: any organisation of the space. */
  all: boolean;
  items: ManagedAffiliation[];
  /** Organisations the reader manages (always offered). */
  own: OrganizationView[];
  /** Matches of the search typed; null when nothing was searched. */
  results: OrganizationView[] | null;
  q: string;
  form: FormState;
  notice: string | null;
}

/** "2019 – 2021", "since May 2019", "until 2021": the span of an affiliation in the reader's language. */
export function periodLabel(ctx: ViewContext, start: string | null, end: string | null): string {
  const show = (value: string) => {
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    if (!m) return value;
    try {
      return new Intl.DateTimeFormat(ctx.locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
    } catch {
      return value;
    }
  };
  if (start && end) return ctx.t('dir.aff.period', { start: show(start), end: show(end) });
  if (start) return ctx.t('dir.aff.since', { start: show(start) });
  if (end) return ctx.t('dir.aff.until', { end: show(end) });
  return '';
}

/** The page of a person's organisations. */
export function AffiliationsPage(props: AffiliationsPageProps) {
  const { ctx, person, form } = props;
  const name = localised(ctx, person.name, person.id);
  const base = `/people/${person.id}/affiliations`;
  const spaceName = localised(ctx, props.space.name, props.space.code);
  // Organisations the reader manages first, then the matches of the search, each once.
  const choices: OrganizationView[] = [...props.own];
  if (props.all) for (const o of props.results ?? []) if (!choices.some((c) => c.id === o.id)) choices.push(o);
  const orgError = fieldError(ctx, form, 'organizationId');
  return (
    <>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <h1>{ctx.t('dir.aff.title', { name: name.value })}</h1>
      <p>
        <a href={ctx.href(`/people/${person.id}`)}>{ctx.t('dir.aff.back')}</a>
      </p>

      <h2>{ctx.t('dir.profile.organizations')}</h2>
      {props.items.length ? (
        <ul class="plain">
          {props.items.map((a) => {
            const org = localised(ctx, a.name, a.organizationId);
            const details = [a.role, periodLabel(ctx, a.start, a.end)].filter(Boolean).join(', ');
            return (
              <li>
                <a href={ctx.href(`/organizations/${a.organizationId}`)} lang={org.lang}>
                  {org.value}
                </a>
                {details ? <span class="muted"> — {details}</span> : null}{' '}
                {a.canRemove ? (
                  <PostForm ctx={ctx} action={`${base}/${a.id}/delete`} class="inline" label={ctx.t('dir.aff.remove_label', { organization: org.value })}>
                    <button type="submit" class="link">
                      {ctx.t('dir.aff.remove')}
                    </button>
                  </PostForm>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">{ctx.t('dir.aff.none')}</p>
      )}

      <h2 id="add">{ctx.t('dir.aff.add')}</h2>
      {props.all ? (
        <form method="get" action={ctx.href(`${base}#add`)} class="stack" role="search">
          <div class="field">
            <label for="f-q">{ctx.t('dir.aff.search_label')}</label>
            <span class="hint" id="f-q-hint">
              {ctx.t('dir.aff.search_hint', { space: spaceName.value })}
            </span>
            <input id="f-q" name="q" type="search" value={props.q} aria-describedby="f-q-hint" />
          </div>
          <div>
            <button type="submit" class="secondary">
              {ctx.t('dir.aff.search')}
            </button>
          </div>
        </form>
      ) : (
        <p>{ctx.t('dir.aff.only_own')}</p>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={base} label={ctx.t('dir.aff.add')}>
        <input type="hidden" name="q" value={props.q} />
        <fieldset id="f-organizationId" aria-describedby={orgError ? 'f-organizationId-error' : undefined}>
          <legend>{ctx.t('dir.aff.organization')}</legend>
          {orgError ? (
            <span class="error" id="f-organizationId-error">
              {orgError}
            </span>
          ) : null}
          {choices.map((o) => {
            const n = localised(ctx, o.name, o.id);
            return (
              <label class="check">
                <input type="radio" name="organizationId" value={o.id} checked={form.values.organizationId === o.id} />
                <span lang={n.lang}>{n.value}</span> <StatusBadge ctx={ctx} status={o.status} />
              </label>
            );
          })}
          {props.results !== null && props.results.length === 0 ? <p class="muted">{ctx.t('dir.aff.no_match', { q: props.q, space: spaceName.value })}</p> : null}
          {choices.length === 0 && props.results === null ? <p class="muted">{ctx.t('dir.aff.search_first')}</p> : null}
        </fieldset>
        <Field ctx={ctx} form={form} name="role" label={ctx.t('dir.aff.role')} hint={ctx.t('dir.aff.role_hint')} />
        <Field ctx={ctx} form={form} name="startDate" label={ctx.t('dir.aff.start')} hint={ctx.t('dir.aff.date_hint')} />
        <Field ctx={ctx} form={form} name="endDate" label={ctx.t('dir.aff.end')} hint={ctx.t('dir.aff.end_hint')} />
        <div>
          <button type="submit">{ctx.t('dir.aff.submit')}</button>
        </div>
      </PostForm>
    </>
  );
}
