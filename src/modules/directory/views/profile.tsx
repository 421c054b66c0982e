/** Profile pages of organisations and people, with the actions the reader may take. */
import { RecordImage } from '../images/images.pages.js';
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { Notice, OutsideLink, PostForm } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { Space } from '../../spaces/spaces.service.js';
import type { OrganizationView, PersonView } from '../directory.service.js';
import { periodLabel } from './affiliations.js';
import { FollowButton } from '../../notifications/notifications.pages.js';
import { ContactList, languageName, localised, StatusBadge, Text, VerifiedBadge } from './common.js';
import { Input } from './form-fields.js';

/** An affiliation as a profile lists it. */
export interface AffiliationItem {
  id: string;
  name: TranslatedText;
  role: string | null;
  start: string | null;
  end: string | null;
}

function OtherNames({ ctx, name }: { ctx: ViewContext; name: TranslatedText }) {
  const shown = localised(ctx, name).value;
  const others = Object.entries(name).filter(([, v]) => v?.value && v.value !== shown);
  if (!others.length) return null;
  return (
    <p class="muted">
      {others.map(([l, v], i) => (
        <>
          {i ? ' · ' : ''}
          <span lang={l}>{v!.value}</span>
        </>
      ))}
    </p>
  );
}

function Description({ ctx, value }: { ctx: ViewContext; value: TranslatedText }) {
  const d = localised(ctx, value);
  if (!d.value) return null;
  return (
    <div lang={d.lang}>
      {d.value.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

function Affiliations({ ctx, items, base, heading }: { ctx: ViewContext; items: AffiliationItem[]; base: string; heading: string }) {
  if (!items.length) return null;
  return (
    <>
      <h2>{heading}</h2>
      <ul class="plain">
        {items.map((a) => {
          const name = localised(ctx, a.name, a.id);
          const dates = periodLabel(ctx, a.start, a.end);
          return (
            <li>
              <a href={ctx.href(`${base}/${a.id}`)} lang={name.lang}>
                {name.value}
              </a>
              {a.role || dates ? <span class="muted"> — {[a.role, dates].filter(Boolean).join(', ')}</span> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function StatusActions({ ctx, base, status }: { ctx: ViewContext; base: string; status: string }) {
  return (
    <>
      {status !== 'published' ? (
        <PostForm ctx={ctx} action={`${base}/status`} class="inline">
          <input type="hidden" name="status" value="published" />
          <button type="submit" class="secondary">
            {ctx.t('dir.action.publish')}
          </button>
        </PostForm>
      ) : null}{' '}
      {status !== 'archived' ? (
        <PostForm ctx={ctx} action={`${base}/status`} class="inline">
          <input type="hidden" name="status" value="archived" />
          <button type="submit" class="secondary">
            {ctx.t('dir.action.archive')}
          </button>
        </PostForm>
      ) : null}
    </>
  );
}

/** Everything an organisation's page shows. */
export interface OrganizationProfileProps {
  ctx: ViewContext;
  org: OrganizationView;
  space: Space;
  regionName: TranslatedText | null;
  people: AffiliationItem[];
  notice: string | null;
  /** Signed in and not managing it: may ask to. */
  canClaim: boolean;
  /** Whether the reader follows it (published records only can be followed). */
  following: boolean;
}

/** An organisation's page. */
export function OrganizationProfile(props: OrganizationProfileProps) {
  const { ctx, org, space } = props;
  const name = localised(ctx, org.name, org.id);
  const base = `/organizations/${org.id}`;
  const spaceName = localised(ctx, space.name, space.code);
  return (
    <>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <h1 lang={name.lang}>{name.value}</h1>
      <RecordImage sha256={org.logoSha256} name={name.value} lang={name.lang} />
      <OtherNames ctx={ctx} name={org.name} />
      <p>
        {ctx.t(`org_type.${org.type}`)} <VerifiedBadge ctx={ctx} verifiedAt={org.verifiedAt} withDate /> <StatusBadge ctx={ctx} status={org.status} />
      </p>
      {org.status === 'published' && !org.mergedInto ? <FollowButton ctx={ctx} target={{ type: 'organization', id: org.id }} following={props.following} /> : null}
      {org.status === 'published' && !org.mergedInto ? (
        <p>
          <a href={ctx.href(`/messages/new?organization=${org.id}`)}>{ctx.t('msg.contact_organization')}</a>
        </p>
      ) : null}
      {org.mergedInto ? (
        <Notice>
          <a href={ctx.href(`/organizations/${org.mergedInto}`)}>{ctx.t('dir.merged_into')}</a>
        </Notice>
      ) : null}
      <dl class="meta">
        <dt>{ctx.t('dir.field.country')}</dt>
        <dd>
          <a href={ctx.href(`/organizations?space=${space.code}`)} lang={spaceName.lang}>
            {spaceName.value}
          </a>
        </dd>
        {org.regionCode ? (
          <>
            <dt>{ctx.t('dir.field.region')}</dt>
            <dd>
              <a href={ctx.href(`/organizations?space=${space.code}&region=${org.regionCode}`)}>
                <Text ctx={ctx} value={props.regionName} fallback={org.regionCode} />
              </a>
            </dd>
          </>
        ) : null}
        {org.domains.length ? (
          <>
            <dt>{ctx.t('dir.field.domains')}</dt>
            <dd>{org.domains.map((d) => ctx.t(`domain.${d}`)).join(', ')}</dd>
          </>
        ) : null}
        {org.functions.length ? (
          <>
            <dt>{ctx.t('dir.field.functions')}</dt>
            <dd>{org.functions.map((f) => ctx.t(`cycle.${f}`)).join(', ')}</dd>
          </>
        ) : null}
        {org.address ? (
          <>
            <dt>{ctx.t('dir.field.address')}</dt>
            <dd>{org.address}</dd>
          </>
        ) : null}
        {org.latitude !== null && org.longitude !== null ? (
          <>
            <dt>{ctx.t('dir.field.coordinates')}</dt>
            <dd>
              {ctx.i18n.number(org.latitude, { maximumFractionDigits: 5 })}, {ctx.i18n.number(org.longitude, { maximumFractionDigits: 5 })}
            </dd>
          </>
        ) : null}
        {org.languages.length ? (
          <>
            <dt>{ctx.t('dir.field.languages')}</dt>
            <dd>{org.languages.map((l) => languageName(ctx, l)).join(', ')}</dd>
          </>
        ) : null}
        {org.foundedYear ? (
          <>
            <dt>{ctx.t('dir.field.founded')}</dt>
            <dd>{org.foundedYear}</dd>
          </>
        ) : null}
        {org.sizeBand ? (
          <>
            <dt>{ctx.t('dir.field.size')}</dt>
            <dd>{org.sizeBand === '1' ? ctx.t('dir.size.one') : ctx.t('dir.size.range', { band: org.sizeBand })}</dd>
          </>
        ) : null}
      </dl>
      <Description ctx={ctx} value={org.description} />
      {org.contacts.length ? (
        <>
          <h2>{ctx.t('dir.field.contacts')}</h2>
          <ContactList ctx={ctx} contacts={org.contacts} />
        </>
      ) : null}
      <Affiliations ctx={ctx} items={props.people} base="/people" heading={ctx.t('dir.profile.people')} />
      {org.canEdit || org.canModerate || props.canClaim ? <h2>{ctx.t('dir.profile.manage')}</h2> : null}
      {org.canEdit ? (
        <>
          <p>
            <a class="button secondary" href={ctx.href(`${base}/edit`)}>
              {ctx.t('dir.action.edit')}
            </a>
          </p>
          <p class="hint">{ctx.t('dir.aff.org_hint')}</p>
        </>
      ) : null}
      {org.canModerate ? (
        <div>
          <PostForm ctx={ctx} action={`${base}/verify`} class="inline">
            <input type="hidden" name="verified" value={org.verified ? '0' : '1'} />
            <button type="submit" class="secondary">
              {org.verified ? ctx.t('dir.action.unverify') : ctx.t('dir.action.verify')}
            </button>
          </PostForm>{' '}
          <StatusActions ctx={ctx} base={base} status={org.status} />
        </div>
      ) : null}
      {org.canModerate && !org.mergedInto ? (
        <p>
          <a href={ctx.href(`${base}/merge`)}>{ctx.t('dir.merge.link')}</a>
        </p>
      ) : null}
      {props.canClaim ? (
        <>
          <h3>{ctx.t('dir.claim.title')}</h3>
          <p>{ctx.t('dir.claim.intro')}</p>
          <PostForm ctx={ctx} action={`${base}/claim`} label={ctx.t('dir.claim.title')}>
            <Input ctx={ctx} form={{ values: {}, errors: [] }} name="message" label={ctx.t('dir.claim.message')} hint={ctx.t('dir.claim.message_hint')} multiline />
            <div>
              <button type="submit">{ctx.t('dir.claim.submit')}</button>
            </div>
          </PostForm>
        </>
      ) : null}
    </>
  );
}

/** Everything a person's page shows. */
export interface PersonProfileProps {
  ctx: ViewContext;
  person: PersonView;
  space: Space;
  regionName: TranslatedText | null;
  organizations: AffiliationItem[];
  notice: string | null;
  own: boolean;
  /** The reader may add or remove this person's organisations (themself, editors, organisations' editors). */
  canManageAffiliations: boolean;
  /** Whether the reader follows this person. */
  following: boolean;
}

function ageLabel(ctx: ViewContext, band: string): string {
  return band === 'under-18' ? ctx.t('dir.age.under_18') : ctx.t('dir.age.years', { band });
}

/** A person's page. */
export function PersonProfile(props: PersonProfileProps) {
  const { ctx, person, space } = props;
  const name = localised(ctx, person.name, person.id);
  const base = `/people/${person.id}`;
  const spaceName = localised(ctx, space.name, space.code);
  return (
    <>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <h1 lang={name.lang}>{name.value}</h1>
      <RecordImage sha256={person.photoSha256} name={name.value} lang={name.lang} />
      <OtherNames ctx={ctx} name={person.name} />
      <p>
        {person.professions.join(', ')} <VerifiedBadge ctx={ctx} verifiedAt={person.verifiedAt} withDate /> <StatusBadge ctx={ctx} status={person.status} />
      </p>
      {person.status === 'published' && !person.mergedInto && !props.own ? <FollowButton ctx={ctx} target={{ type: 'person', id: person.id }} following={props.following} /> : null}
      {person.mergedInto ? (
        <Notice>
          <a href={ctx.href(`/people/${person.mergedInto}`)}>{ctx.t('dir.merged_into')}</a>
        </Notice>
      ) : null}
      <dl class="meta">
        <dt>{ctx.t('dir.field.country')}</dt>
        <dd>
          <a href={ctx.href(`/people?space=${space.code}`)} lang={spaceName.lang}>
            {spaceName.value}
          </a>
        </dd>
        {person.regionCode ? (
          <>
            <dt>{ctx.t('dir.field.region')}</dt>
            <dd>
              <a href={ctx.href(`/people?space=${space.code}&region=${person.regionCode}`)}>
                <Text ctx={ctx} value={props.regionName} fallback={person.regionCode} />
              </a>
            </dd>
          </>
        ) : null}
        {person.domains.length ? (
          <>
            <dt>{ctx.t('dir.field.domains')}</dt>
            <dd>{person.domains.map((d) => ctx.t(`domain.${d}`)).join(', ')}</dd>
          </>
        ) : null}
        {person.skills.length ? (
          <>
            <dt>{ctx.t('dir.field.skills')}</dt>
            <dd>{person.skills.join(', ')}</dd>
          </>
        ) : null}
        {person.languages.length ? (
          <>
            <dt>{ctx.t('dir.field.languages')}</dt>
            <dd>{person.languages.map((l) => languageName(ctx, l)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <Description ctx={ctx} value={person.bio} />
      {person.portfolio.length ? (
        <>
          <h2>{ctx.t('dir.field.portfolio')}</h2>
          <ul class="plain">
            {person.portfolio.map((p) => (
              <li>
                <OutsideLink href={p} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {person.contacts.length ? (
        <>
          <h2>{ctx.t('dir.field.contacts')}</h2>
          <ContactList ctx={ctx} contacts={person.contacts} />
        </>
      ) : null}
      <Affiliations ctx={ctx} items={props.organizations} base="/organizations" heading={ctx.t('dir.profile.organizations')} />
      {person.demographics && (person.demographics.sex || person.demographics.ageBand) ? (
        <>
          <h2>{ctx.t('dir.demo.legend')}</h2>
          <p class="hint">{ctx.t('dir.demo.private')}</p>
          <dl class="meta">
            {person.demographics.sex ? (
              <>
                <dt>{ctx.t('dir.demo.sex')}</dt>
                <dd>{ctx.t(`dir.sex.${person.demographics.sex}`)}</dd>
              </>
            ) : null}
            {person.demographics.ageBand ? (
              <>
                <dt>{ctx.t('dir.demo.age')}</dt>
                <dd>{ageLabel(ctx, person.demographics.ageBand)}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : null}
      {person.canEdit || person.canModerate || props.canManageAffiliations ? <h2>{ctx.t('dir.profile.manage')}</h2> : null}
      {person.canEdit || props.canManageAffiliations ? (
        <p>
          {person.canEdit ? (
            <>
              <a class="button secondary" href={ctx.href(props.own ? `/people/me?space=${space.code}` : `${base}/edit`)}>
                {ctx.t('dir.action.edit')}
              </a>{' '}
            </>
          ) : null}
          {props.canManageAffiliations && !person.mergedInto ? (
            <a class="button secondary" href={ctx.href(`${base}/affiliations`)}>
              {ctx.t('dir.aff.link')}
            </a>
          ) : null}
        </p>
      ) : null}
      {person.canModerate ? (
        <div>
          <PostForm ctx={ctx} action={`${base}/verify`} class="inline">
            <input type="hidden" name="verified" value={person.verified ? '0' : '1'} />
            <button type="submit" class="secondary">
              {person.verified ? ctx.t('dir.action.unverify') : ctx.t('dir.action.verify')}
            </button>
          </PostForm>{' '}
          <StatusActions ctx={ctx} base={base} status={person.status} />
        </div>
      ) : null}
      {person.canModerate && !person.mergedInto ? (
        <p>
          <a href={ctx.href(`${base}/merge`)}>{ctx.t('dir.merge.link')}</a>
        </p>
      ) : null}
    </>
  );
}
