/**
 * Merging a person listed twice, in two steps: choose the record to keep (a likely duplicate, or
 * its address or id), then confirm after seeing both records side by side.
 */
import { ErrorSummary, Field, Notice, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import type { PersonView } from '../directory.service.js';
import { localised, VerifiedBadge } from './common.js';
import type { DuplicateItem } from './org-form.js';

/** Step 1: the record to keep. */
export function PersonMergeChoose({ ctx, person, duplicates, form }: { ctx: ViewContext; person: PersonView; duplicates: DuplicateItem[]; form: FormState }) {
  const name = localised(ctx, person.name, person.id);
  const base = `/people/${person.id}`;
  return (
    <>
      <h1>{ctx.t('dir.merge.person_title', { name: name.value })}</h1>
      <p>{ctx.t('dir.merge.person_intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={`${base}/merge`} label={ctx.t('dir.merge.title')}>
        {duplicates.length ? (
          <fieldset id="f-into">
            <legend>{ctx.t('dir.merge.candidates')}</legend>
            {duplicates.map((d) => {
              const n = localised(ctx, d.name, d.id);
              return (
                <label class="check">
                  <input type="radio" name="into" value={d.id} checked={form.values.into === d.id} />
                  <span lang={n.lang}>{n.value}</span>{' '}
                  <a href={ctx.href(`/people/${d.id}`)} class="muted">
                    {ctx.t('dir.merge.open')}
                  </a>
                </label>
              );
            })}
          </fieldset>
        ) : (
          <p class="muted">{ctx.t('dir.merge.no_candidates')}</p>
        )}
        <Field ctx={ctx} form={form} name="intoId" label={ctx.t('dir.merge.by_id')} hint={ctx.t('dir.merge.person_by_id_hint')} />
        <div>
          <button type="submit">{ctx.t('dir.merge.next')}</button> <a href={ctx.href(base)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
    </>
  );
}

/** What the confirmation shows of each record. */
export interface MergeSide {
  person: PersonView;
  affiliations: number;
}

function Side({ ctx, side, heading }: { ctx: ViewContext; side: MergeSide; heading: string }) {
  const p = side.person;
  const name = localised(ctx, p.name, p.id);
  return (
    <section class="card">
      <h2>{heading}</h2>
      <p>
        <a href={ctx.href(`/people/${p.id}`)} lang={name.lang}>
          <strong>{name.value}</strong>
        </a>{' '}
        <VerifiedBadge ctx={ctx} verifiedAt={p.verifiedAt} />
      </p>
      <ul class="plain">
        {p.professions.length ? <li>{p.professions.join(', ')}</li> : null}
        <li>{ctx.t('dir.merge.organizations', { count: side.affiliations })}</li>
        <li>{ctx.t('dir.merge.contacts', { count: p.contacts.length })}</li>
        {p.userId ? <li>{ctx.t('dir.merge.has_account')}</li> : null}
      </ul>
    </section>
  );
}

/** Step 2: both records, and the button that merges them. */
export function PersonMergeConfirm({ ctx, keep, drop }: { ctx: ViewContext; keep: MergeSide; drop: MergeSide }) {
  const base = `/people/${drop.person.id}`;
  return (
    <>
      <h1>{ctx.t('dir.merge.confirm_title')}</h1>
      <Notice>{ctx.t('dir.merge.confirm_intro')}</Notice>
      <div class="cards">
        <Side ctx={ctx} side={drop} heading={ctx.t('dir.merge.drop_heading')} />
        <Side ctx={ctx} side={keep} heading={ctx.t('dir.merge.keep_heading')} />
      </div>
      <PostForm ctx={ctx} action={`${base}/merge`} label={ctx.t('dir.merge.confirm_title')}>
        <input type="hidden" name="into" value={keep.person.id} />
        <input type="hidden" name="confirm" value="1" />
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
