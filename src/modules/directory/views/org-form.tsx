/** The organisation form (new and edit), and the likely-duplicates step shared with people. */
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { LOCALES, parseLocale, type Locale } from '../../../platform/i18n/locales.js';
import { ErrorSummary, Field, Notice, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { Region, Space } from '../../spaces/spaces.service.js';
import { CULTURE_CYCLE, DOMAINS, ORG_TYPES, SIZE_BANDS, STATUSES } from '../classification.js';
import { ImageUpload } from '../images/images.pages.js';
import type { ImageKind } from '../images/images.service.js';
import { localised } from './common.js';
import { CheckboxGroup, ContactRows, Input, TranslatedFields } from './form-fields.js';

/** A likely duplicate as the warning step shows it. */
export interface DuplicateItem {
  id: string;
  name: TranslatedText;
  sharedContacts: number;
}

/** The languages a country's forms show first: the country's own, then the reader's. */
export function formLocales(ctx: ViewContext, space: Space): { primary: Locale[]; others: Locale[] } {
  const primary: Locale[] = [];
  for (const tag of [...space.locales, ctx.locale]) {
    const l = parseLocale(tag);
    if (l && !primary.includes(l)) primary.push(l);
  }
  return { primary, others: LOCALES.filter((l) => !primary.includes(l)) };
}

/** Options of a region select, in the reader's language. */
export function regionOptions(ctx: ViewContext, regions: Region[]) {
  return [
    { value: '', label: ctx.t('dir.form.none') },
    ...regions.map((r) => {
      const name = localised(ctx, r.name, r.code);
      return { value: r.code, label: name.value, lang: name.lang };
    }),
  ];
}

/** Options of a record status select (editors). */
export function statusOptions(ctx: ViewContext) {
  return STATUSES.map((s) => ({ value: s, label: ctx.t(`dir.status.${s}`) }));
}

function sizeLabel(ctx: ViewContext, band: string): string {
  return band === '1' ? ctx.t('dir.size.one') : ctx.t('dir.size.range', { band });
}

/** The warning shown before creating a record that looks like one already there. */
export function DuplicateWarning({ ctx, duplicates, base }: { ctx: ViewContext; duplicates: DuplicateItem[]; base: string }) {
  if (!duplicates.length) return null;
  return (
    <div class="notice bad" role="alert" aria-labelledby="dup-title">
      <p id="dup-title">
        <strong>{ctx.t('dir.dup.title', { count: duplicates.length })}</strong>
      </p>
      <ul>
        {duplicates.map((d) => {
          const name = localised(ctx, d.name, d.id);
          return (
            <li>
              <a href={ctx.href(`${base}/${d.id}`)} lang={name.lang}>
                {name.value}
              </a>
              {d.sharedContacts ? <span class="muted"> — {ctx.t('dir.dup.shared_contact')}</span> : null}
            </li>
          );
        })}
      </ul>
      <p>{ctx.t('dir.dup.explain')}</p>
    </div>
  );
}

/** The logo/photo upload shown on an edit page (a separate form after the record's form). */
export interface ImageFormProps {
  kind: ImageKind;
  id: string;
  sha256: string | null;
  form?: FormState;
}

/** Everything the organisation form needs. */
export interface OrganizationFormProps {
  ctx: ViewContext;
  form: FormState;
  space: Space;
  regions: Region[];
  action: string;
  title: string;
  /** Editors choose the status and see the external identifier. */
  moderator: boolean;
  duplicates?: DuplicateItem[];
  cancel: string;
  image?: ImageFormProps;
}

/** The organisation form. */
export function OrganizationForm(props: OrganizationFormProps) {
  const { ctx, form, space } = props;
  const langs = formLocales(ctx, space);
  const confirming = Boolean(props.duplicates?.length);
  return (
    <>
      <h1>{props.title}</h1>
      <DuplicateWarning ctx={ctx} duplicates={props.duplicates ?? []} base="/organizations" />
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={props.action} label={props.title}>
        {confirming ? <input type="hidden" name="confirm" value="1" /> : null}
        <TranslatedFields ctx={ctx} form={form} name="name" legend={ctx.t('dir.field.name')} hint={ctx.t('dir.field.name_hint')} primary={langs.primary} others={langs.others} />
        <SelectField
          ctx={ctx}
          form={form}
          name="type"
          label={ctx.t('dir.field.type')}
          options={[{ value: '', label: ctx.t('dir.form.choose') }, ...ORG_TYPES.map((t) => ({ value: t, label: ctx.t(`org_type.${t}`) }))]}
        />
        <CheckboxGroup ctx={ctx} form={form} name="domains" legend={ctx.t('dir.field.domains')} options={DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) }))} />
        <CheckboxGroup ctx={ctx} form={form} name="functions" legend={ctx.t('dir.field.functions')} options={CULTURE_CYCLE.map((c) => ({ value: c, label: ctx.t(`cycle.${c}`) }))} />
        <SelectField ctx={ctx} form={form} name="regionCode" label={ctx.t('dir.field.region')} options={regionOptions(ctx, props.regions)} />
        <Input ctx={ctx} form={form} name="address" label={ctx.t('dir.field.address')} multiline />
        <fieldset id="f-coordinates">
          <legend>{ctx.t('dir.field.coordinates')}</legend>
          <span class="hint">{ctx.t('dir.field.coordinates_hint')}</span>
          <Input ctx={ctx} form={form} name="latitude" label={ctx.t('dir.field.latitude')} inputmode="decimal" />
          <Input ctx={ctx} form={form} name="longitude" label={ctx.t('dir.field.longitude')} inputmode="decimal" />
        </fieldset>
        <ContactRows ctx={ctx} form={form} />
        <Input ctx={ctx} form={form} name="languages" label={ctx.t('dir.field.languages')} hint={ctx.t('dir.field.languages_hint')} />
        <Input ctx={ctx} form={form} name="foundedYear" label={ctx.t('dir.field.founded')} inputmode="numeric" />
        <SelectField
          ctx={ctx}
          form={form}
          name="sizeBand"
          label={ctx.t('dir.field.size')}
          options={[{ value: '', label: ctx.t('dir.form.none') }, ...SIZE_BANDS.map((b) => ({ value: b, label: sizeLabel(ctx, b) }))]}
        />
        <TranslatedFields ctx={ctx} form={form} name="description" legend={ctx.t('dir.field.description')} primary={langs.primary} others={langs.others} multiline />
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

/** Shown on /organizations/new and /people/new before a country is chosen. */
export function ChooseSpace({ ctx, title, spaces, path }: { ctx: ViewContext; title: string; spaces: Space[]; path: string }) {
  return (
    <>
      <h1>{title}</h1>
      <Notice>{ctx.t('dir.form.choose_space')}</Notice>
      <ul>
        {spaces.map((s) => {
          const name = localised(ctx, s.name, s.code);
          return (
            <li>
              <a href={ctx.href(`${path}?space=${s.code}`)} lang={name.lang}>
                {name.value}
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}
