/** The person form: /people/new (editors), /people/me (one's own profile), /people/:id/edit. */
import { ErrorSummary, Field, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { Region, Space } from '../../spaces/spaces.service.js';
import { AGE_BANDS, DOMAINS, SEXES } from '../classification.js';
import { Checkbox, CheckboxGroup, ContactRows, Input, TranslatedFields } from './form-fields.js';
import { ImageUpload } from '../images/images.pages.js';
import { DuplicateWarning, formLocales, regionOptions, statusOptions, type DuplicateItem, type ImageFormProps } from './org-form.js';

function ageLabel(ctx: ViewContext, band: string): string {
  return band === 'under-18' ? ctx.t('dir.age.under_18') : ctx.t('dir.age.years', { band });
}

/** How many portfolio inputs: at least three, one empty more than those filled. */
function portfolioRows(form: FormState): number {
  let filled = 0;
  for (let i = 0; i < 20; i++) if (form.values[`portfolio.${i}`]) filled = i + 1;
  return Math.min(20, Math.max(3, filled + 1));
}

/** Everything the person form needs. */
export interface PersonFormProps {
  ctx: ViewContext;
  form: FormState;
  space: Space;
  regions: Region[];
  action: string;
  title: string;
  intro?: string;
  moderator: boolean;
  /** Sex and age band (with consent): shown to the person themself and to editors. */
  demographics: boolean;
  duplicates?: DuplicateItem[];
  cancel: string;
  image?: ImageFormProps;
}

/** The person form. */
export function PersonForm(props: PersonFormProps) {
  const { ctx, form, space } = props;
  const langs = formLocales(ctx, space);
  const confirming = Boolean(props.duplicates?.length);
  return (
    <>
      <h1>{props.title}</h1>
      {props.intro ? <p>{props.intro}</p> : null}
      <DuplicateWarning ctx={ctx} duplicates={props.duplicates ?? []} base="/people" />
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={props.action} label={props.title}>
        {confirming ? <input type="hidden" name="confirm" value="1" /> : null}
        <TranslatedFields ctx={ctx} form={form} name="name" legend={ctx.t('dir.field.person_name')} hint={ctx.t('dir.field.name_hint')} primary={langs.primary} others={langs.others} />
        <Input ctx={ctx} form={form} name="professions" label={ctx.t('dir.field.professions')} hint={ctx.t('dir.field.comma_hint')} />
        <Input ctx={ctx} form={form} name="skills" label={ctx.t('dir.field.skills')} hint={ctx.t('dir.field.comma_hint')} />
        <CheckboxGroup ctx={ctx} form={form} name="domains" legend={ctx.t('dir.field.domains')} options={DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) }))} />
        <SelectField ctx={ctx} form={form} name="regionCode" label={ctx.t('dir.field.region')} options={regionOptions(ctx, props.regions)} />
        <TranslatedFields ctx={ctx} form={form} name="bio" legend={ctx.t('dir.field.bio')} primary={langs.primary} others={langs.others} multiline />
        <fieldset id="f-portfolio">
          <legend>{ctx.t('dir.field.portfolio')}</legend>
          <span class="hint">{ctx.t('dir.field.portfolio_hint')}</span>
          {Array.from({ length: portfolioRows(form) }, (_, i) => (
            <Input ctx={ctx} form={form} name={`portfolio.${i}`} label={ctx.t('dir.field.link_n', { n: i + 1 })} />
          ))}
        </fieldset>
        <ContactRows ctx={ctx} form={form} />
        <Input ctx={ctx} form={form} name="languages" label={ctx.t('dir.field.languages')} hint={ctx.t('dir.field.languages_hint')} />
        {props.demographics ? (
          <fieldset id="f-demographics">
            <legend>{ctx.t('dir.demo.legend')}</legend>
            <input type="hidden" name="demographics" value="1" />
            <p class="hint">{ctx.t('dir.demo.explain')}</p>
            <Checkbox ctx={ctx} form={form} name="demographicsConsent" label={ctx.t('dir.demo.consent')} hint={ctx.t('dir.demo.withdraw')} />
            <SelectField
              ctx={ctx}
              form={form}
              name="sex"
              label={ctx.t('dir.demo.sex')}
              options={[{ value: '', label: ctx.t('dir.form.none') }, ...SEXES.map((s) => ({ value: s, label: ctx.t(`dir.sex.${s}`) }))]}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="ageBand"
              label={ctx.t('dir.demo.age')}
              options={[{ value: '', label: ctx.t('dir.form.none') }, ...AGE_BANDS.map((a) => ({ value: a, label: ageLabel(ctx, a) }))]}
            />
          </fieldset>
        ) : null}
        {props.moderator ? (
          <>
            <SelectField ctx={ctx} form={form} name="status" label={ctx.t('dir.field.status')} options={statusOptions(ctx)} />
            <Field ctx={ctx} form={form} name="externalId" label={ctx.t('dir.field.external_id')} hint={ctx.t('dir.field.external_id_hint')} />
          </>
        ) : null}
        <div>
          <button type="submit">{confirming ? ctx.t('dir.dup.create_anyway') : ctx.t('form.save')}</button> <a href={ctx.href(props.cancel)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
      {props.image ? <ImageUpload ctx={ctx} {...props.image} /> : null}
    </>
  );
}
