/**
 * Merging an organisation or a person listed twice, in two steps: choose the record to keep (a
 * likely duplicate, or its address or id), then confirm after seeing both records side by side
 * and what moves. The confirmation carries a token made for these two records as they were
 * shown, so no single request merges without that page.
 */
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { ErrorSummary, Field, Notice, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { OrganizationView, PersonView } from '../directory.service.js';
import { localised, StatusBadge, Text, VerifiedBadge } from './common.js';
import type { DuplicateItem } from './org-form.js';

/** What differs between merging organisations and merging people. */
const KINDS = {
  organization: { path: '/organizations', intro: 'dir.merge.org_intro', byIdHint: 'dir.merge.by_id_hint', confirmIntro: 'dir.merge.org_confirm_intro' },
  person: { path: '/people', intro: 'dir.merge.person_intro', byIdHint: 'dir.merge.person_by_id_hint', confirmIntro: 'dir.merge.confirm_intro' },
} as const;

/** The kind of record merged. */
export type MergeKind = keyof typeof KINDS;

/** Step 1: the record to keep. */
export function MergeChoose(props: { ctx: ViewContext; kind: MergeKind; id: string; name: TranslatedText; duplicates: DuplicateItem[]; form: FormState }) {
  const { ctx, form } = props;
  const kind = KINDS[props.kind];
  const base = `${kind.path}/${props.id}`;
  return (
    <>
      <h1>{ctx.t('dir.merge.choose_title', { name: localised(ctx, props.name, props.id).value })}</h1>
      <p>{ctx.t(kind.intro)}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={`${base}/merge`} label={ctx.t('dir.merge.title')}>
        {props.duplicates.length ? (
          <fieldset id="f-into">
            <legend>{ctx.t('dir.merge.candidates')}</legend>
            {props.duplicates.map((d) => {
              const n = localised(ctx, d.name, d.id);
              return (
                <label class="check">
                  <input type="radio" name="into" value={d.id} checked={form.values.into === d.id} />
                  <span lang={n.lang}>{n.value}</span>{' '}
                  <a href={ctx.href(`${kind.path}/${d.id}`)} class="muted">
                    {ctx.t('dir.merge.open')}
                  </a>
                </label>
              );
            })}
          </fieldset>
        ) : (
          <p class="muted">{ctx.t('dir.merge.no_candidates')}</p>
        )}
        <Field ctx={ctx} form={form} name="intoId" label={ctx.t('dir.merge.by_id')} hint={ctx.t(kind.byIdHint)} />
        <div>
          <button type="submit">{ctx.t('dir.merge.next')}</button> <a href={ctx.href(base)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
    </>
  );
}

/** One record as the confirmation shows it. */
export interface MergeSide {
  id: string;
  name: TranslatedText;
  status: string;
  verifiedAt: string | null;
  /** What identifies it and what it holds, in the reader's language (type, region, counts). */
  facts: string[];
}

/** An organisation as the confirmation shows it: type, region, people, managers, contacts. */
export function organizationSide(ctx: ViewContext, side: { organization: OrganizationView; people: number; managers: number }, regionName: TranslatedText | null): MergeSide {
  const o = side.organization;
  return {
    id: o.id,
    name: o.name,
    status: o.status,
    verifiedAt: o.verifiedAt,
    facts: [
      ctx.t(`org_type.${o.type}`),
      ...(o.regionCode ? [localised(ctx, regionName, o.regionCode).value] : []),
      ctx.t('dir.merge.people', { count: side.people }),
      ctx.t('dir.merge.managers', { count: side.managers }),
      ctx.t('dir.merge.contacts', { count: o.contacts.length }),
    ],
  };
}

/** A person as the confirmation shows them: professions, region, organisations, contacts, account. */
export function personSide(ctx: ViewContext, person: PersonView, affiliations: number, regionName: TranslatedText | null): MergeSide {
  return {
    id: person.id,
    name: person.name,
    status: person.status,
    verifiedAt: person.verifiedAt,
    facts: [
      ...(person.professions.length ? [person.professions.join(', ')] : []),
      ...(person.regionCode ? [localised(ctx, regionName, person.regionCode).value] : []),
      ctx.t('dir.merge.organizations', { count: affiliations }),
      ctx.t('dir.merge.contacts', { count: person.contacts.length }),
      ...(person.userId ? [ctx.t('dir.merge.has_account')] : []),
    ],
  };
}

function Side({ ctx, path, side, heading }: { ctx: ViewContext; path: string; side: MergeSide; heading: string }) {
  return (
    <section class="card">
      <h2>{heading}</h2>
      <p>
        <a href={ctx.href(`${path}/${side.id}`)}>
          <strong>
            <Text ctx={ctx} value={side.name} fallback={side.id} />
          </strong>
        </a>{' '}
        <StatusBadge ctx={ctx} status={side.status} />
      </p>
      <ul class="plain">
        <li>{side.verifiedAt ? <VerifiedBadge ctx={ctx} verifiedAt={side.verifiedAt} withDate /> : ctx.t('dir.facet.verified_no')}</li>
        {side.facts.map((f) => (
          <li>{f}</li>
        ))}
      </ul>
    </section>
  );
}

/** What moves from the archived record to the kept one. */
export function organizationMoves(ctx: ViewContext, drop: { people: number; managers: number }): string[] {
  return [ctx.t('dir.merge.people', { count: drop.people }), ctx.t('dir.merge.managers', { count: drop.managers }), ctx.t('dir.merge.org_rest'), ctx.t('dir.merge.followers')];
}

/** What moves from the archived person record to the kept one. */
export function personMoves(ctx: ViewContext, drop: PersonView, affiliations: number): string[] {
  return [ctx.t('dir.merge.organizations', { count: affiliations }), ctx.t('dir.merge.person_rest'), ctx.t('dir.merge.followers'), ...(drop.userId ? [ctx.t('dir.merge.account_moves')] : [])];
}

/**
 * Step 2: both records side by side, what moves, and the button that merges them. `stale` says
 * the confirmation sent was not for these records as they are now.
 */
export function MergeConfirm(props: { ctx: ViewContext; kind: MergeKind; keep: MergeSide; drop: MergeSide; moves: string[]; token: string; stale?: boolean }) {
  const { ctx, keep, drop } = props;
  const kind = KINDS[props.kind];
  const base = `${kind.path}/${drop.id}`;
  return (
    <>
      <h1>{ctx.t('dir.merge.confirm_title')}</h1>
      {props.stale ? <Notice kind="bad">{ctx.t('dir.merge.confirm_again')}</Notice> : null}
      <Notice>{ctx.t(kind.confirmIntro)}</Notice>
      <div class="cards">
        <Side ctx={ctx} path={kind.path} side={drop} heading={ctx.t('dir.merge.drop_heading')} />
        <Side ctx={ctx} path={kind.path} side={keep} heading={ctx.t('dir.merge.keep_heading')} />
      </div>
      <h2>{ctx.t('dir.merge.moves_title')}</h2>
      <ul>
        {props.moves.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
      <p>{ctx.t('dir.merge.archived_note')}</p>
      <PostForm ctx={ctx} action={`${base}/merge`} label={ctx.t('dir.merge.confirm_title')}>
        <input type="hidden" name="into" value={keep.id} />
        <input type="hidden" name="confirm" value={props.token} />
        <div>
          <button type="submit" class="danger">
            {ctx.t('dir.merge.confirm_submit')}
          </button>{' '}
          <a href={ctx.href(`${base}/merge`)}>{ctx.t('dir.merge.choose_other')}</a> · <a href={ctx.href(base)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
    </>
  );
}
