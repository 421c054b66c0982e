/** The resource form (new and edit): Dublin Core fields, classifications, access and status. */
import { ErrorSummary, fieldError, Field, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised } from '../../directory/views/common.js';
import { CheckboxGroup, Input, TranslatedFields } from '../../directory/views/form-fields.js';
import { formLocales } from '../../directory/views/org-form.js';
import type { Region, Space } from '../../spaces/spaces.service.js';
import { ACCESS_LEVELS, CONVENTION_AREAS, DOMAINS, IDENTIFIER_SCHEMES, LICENCES, RESOURCE_STATUSES, RESOURCE_TYPES, SDG_GOALS, SDG_TARGETS, labelFor } from '../classification.js';
import type { GroupView } from '../library.service.js';
import { accessLabel, licenceLabel, schemeLabel, typeLabel } from './common.js';
import { IDENTIFIER_ROWS } from './form-input.js';

/** Everything the resource form needs. */
export interface ResourceFormProps {
  ctx: ViewContext;
  form: FormState;
  space: Space;
  regions: Region[];
  groups: GroupView[];
  action: string;
  title: string;
  cancel: string;
  /** Editors who may publish choose the status. */
  publisher: boolean;
}

/** How many identifier rows to show: at least three, one empty row more than those filled. */
function identifierRows(form: FormState): number {
  let filled = 0;
  for (let i = 0; i < 20; i++) if (form.values[`identifiers.${i}.value`]) filled = i + 1;
  return Math.min(20, Math.max(IDENTIFIER_ROWS, filled + 1));
}

/** SDG goals, each with its culture-linked targets in a fold that opens when one is chosen. */
function SdgFields({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const error = fieldError(ctx, form, 'sdgs');
  const checked = new Set((form.values.sdgs ?? '').split(',').filter(Boolean));
  const label = (l: ReturnType<typeof labelFor>) => (l.lang !== ctx.locale ? l.lang : undefined);
  return (
    <fieldset id="f-sdgs" aria-describedby={error ? 'f-sdgs-error' : 'f-sdgs-hint'}>
      <legend>{ctx.t('library.field.sdgs')}</legend>
      <span class="hint" id="f-sdgs-hint">
        {ctx.t('library.field.sdgs_hint')}
      </span>
      {error ? (
        <span class="error" id="f-sdgs-error">
          {error}
        </span>
      ) : null}
      {SDG_GOALS.map((goal) => {
        const g = labelFor(goal.label, ctx.locale);
        const targets = SDG_TARGETS.filter((t) => t.goal === goal.code);
        return (
          <div>
            <label class="check">
              <input type="checkbox" name="sdgs" value={goal.code} checked={checked.has(goal.code)} />
              <span>
                {ctx.t('library.sdg_code', { code: goal.code })} — <span lang={label(g)}>{g.value}</span>
              </span>
            </label>
            {targets.length ? (
              <details open={targets.some((t) => checked.has(t.code)) || undefined}>
                <summary>{ctx.t('library.field.sdg_targets', { count: targets.length })}</summary>
                {targets.map((t) => {
                  const l = labelFor(t.label, ctx.locale);
                  return (
                    <label class="check">
                      <input type="checkbox" name="sdgs" value={t.code} checked={checked.has(t.code)} />
                      <span>
                        {t.code} — <span lang={label(l)}>{l.value}</span>
                      </span>
                    </label>
                  );
                })}
              </details>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The resource form. */
export function ResourceForm(props: ResourceFormProps) {
  const { ctx, form, space } = props;
  const langs = formLocales(ctx, space);
  const rows = identifierRows(form);
  return (
    <>
      <h1>{props.title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={props.action} label={props.title}>
        <SelectField
          ctx={ctx}
          form={form}
          name="type"
          label={ctx.t('library.field.type')}
          options={[{ value: '', label: ctx.t('dir.form.choose') }, ...RESOURCE_TYPES.map((t) => ({ value: t, label: typeLabel(ctx, t) }))]}
        />
        <TranslatedFields ctx={ctx} form={form} name="title" legend={ctx.t('library.field.title')} hint={ctx.t('library.field.title_hint')} primary={langs.primary} others={langs.others} />
        <TranslatedFields ctx={ctx} form={form} name="abstract" legend={ctx.t('library.field.abstract')} primary={langs.primary} others={langs.others} multiline />
        <Input ctx={ctx} form={form} name="creators" label={ctx.t('library.field.creators')} hint={ctx.t('library.field.creators_hint')} multiline />
        <Input ctx={ctx} form={form} name="publisher" label={ctx.t('library.field.publisher')} hint={ctx.t('library.field.publisher_hint')} />
        <Input ctx={ctx} form={form} name="date" label={ctx.t('library.field.date')} hint={ctx.t('library.field.date_hint')} inputmode="numeric" />
        <CheckboxGroup ctx={ctx} form={form} name="domains" legend={ctx.t('library.field.domains')} options={DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) }))} />
        <Input ctx={ctx} form={form} name="keywords" label={ctx.t('library.field.keywords')} hint={ctx.t('library.field.keywords_hint')} />
        <Input ctx={ctx} form={form} name="languages" label={ctx.t('library.field.languages')} hint={ctx.t('library.field.languages_hint')} />
        <fieldset id="f-identifiers">
          <legend>{ctx.t('library.field.identifiers')}</legend>
          <span class="hint">{ctx.t('library.field.identifiers_hint')}</span>
          {Array.from({ length: rows }, (_, i) => (
            <fieldset class="row">
              <legend>{ctx.t('library.field.identifier_n', { n: i + 1 })}</legend>
              <SelectField
                ctx={ctx}
                form={form}
                name={`identifiers.${i}.scheme`}
                label={ctx.t('library.field.identifier_scheme')}
                options={IDENTIFIER_SCHEMES.map((s) => ({ value: s, label: schemeLabel(ctx, s) }))}
              />
              <Input ctx={ctx} form={form} name={`identifiers.${i}.value`} label={ctx.t('library.field.identifier_value')} />
            </fieldset>
          ))}
        </fieldset>
        <Input ctx={ctx} form={form} name="source" label={ctx.t('library.field.source')} hint={ctx.t('library.field.source_hint')} />
        <Input ctx={ctx} form={form} name="format" label={ctx.t('library.field.format')} hint={ctx.t('library.field.format_hint')} />
        <fieldset id="f-coverage">
          <legend>{ctx.t('library.field.coverage')}</legend>
          <Input ctx={ctx} form={form} name="countries" label={ctx.t('library.field.countries')} hint={ctx.t('library.field.countries_hint')} />
          {props.regions.length ? (
            <CheckboxGroup
              ctx={ctx}
              form={form}
              name="regions"
              legend={ctx.t('library.field.regions')}
              options={props.regions.map((r) => {
                const name = localised(ctx, r.name, r.code);
                return { value: r.code, label: name.value, lang: name.lang };
              })}
            />
          ) : null}
          <Input ctx={ctx} form={form} name="period" label={ctx.t('library.field.period')} hint={ctx.t('library.field.period_hint')} />
        </fieldset>
        <SelectField
          ctx={ctx}
          form={form}
          name="licence"
          label={ctx.t('library.field.licence')}
          options={[{ value: '', label: ctx.t('dir.form.none') }, ...LICENCES.map((l) => ({ value: l, label: licenceLabel(ctx, l) }))]}
        />
        <Input ctx={ctx} form={form} name="rights" label={ctx.t('library.field.rights')} hint={ctx.t('library.field.rights_hint')} multiline />
        <SdgFields ctx={ctx} form={form} />
        <CheckboxGroup
          ctx={ctx}
          form={form}
          name="areas"
          legend={ctx.t('library.field.areas')}
          options={CONVENTION_AREAS.map((a) => {
            const l = labelFor(a.label, ctx.locale);
            return { value: a.code, label: `${a.code} — ${l.value}`, lang: l.lang !== ctx.locale ? l.lang : undefined };
          })}
        />
        <fieldset id="f-access">
          <legend>{ctx.t('library.field.access')}</legend>
          {fieldError(ctx, form, 'access') ? <span class="error">{fieldError(ctx, form, 'access')}</span> : null}
          {ACCESS_LEVELS.filter((a) => a !== 'groups' || props.groups.length).map((a) => (
            <label class="check">
              <input type="radio" name="access" value={a} checked={(form.values.access || 'public') === a} />
              <span>{accessLabel(ctx, a)}</span>
            </label>
          ))}
          {props.groups.length ? (
            <CheckboxGroup ctx={ctx} form={form} name="groups" legend={ctx.t('library.field.groups')} options={props.groups.map((g) => ({ value: g.id, label: g.name }))} />
          ) : null}
        </fieldset>
        {props.publisher ? (
          <>
            <SelectField
              ctx={ctx}
              form={form}
              name="status"
              label={ctx.t('library.field.status')}
              options={RESOURCE_STATUSES.map((s) => ({ value: s, label: s === 'draft' ? ctx.t('library.status.draft') : ctx.t('library.status.published') }))}
            />
            <Field ctx={ctx} form={form} name="externalId" label={ctx.t('library.field.external_id')} hint={ctx.t('library.field.external_id_hint')} />
          </>
        ) : null}
        <div>
          <button type="submit">{ctx.t('form.save')}</button> <a href={ctx.href(props.cancel)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
    </>
  );
}
