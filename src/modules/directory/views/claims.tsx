/** /admin/claims: requests to manage an organisation, waiting for an editor's decision. */
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { Notice, PostForm } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised } from './common.js';

/** A pending claim as the queue shows it. */
export interface ClaimItem {
  id: string;
  organizationId: string;
  organizationName: TranslatedText;
  claimant: string;
  email: string;
  message: string | null;
  createdAt: string;
}

/** The claims queue. */
export function ClaimsPage({ ctx, claims, done }: { ctx: ViewContext; claims: ClaimItem[]; done: string | undefined }) {
  return (
    <>
      <h1>{ctx.t('dir.claims.title')}</h1>
      {done === 'approve' ? <Notice kind="good">{ctx.t('dir.claims.approved')}</Notice> : null}
      {done === 'reject' ? <Notice kind="good">{ctx.t('dir.claims.rejected')}</Notice> : null}
      <p>{ctx.t('dir.claims.intro')}</p>
      {claims.length === 0 ? <p>{ctx.t('dir.claims.none')}</p> : null}
      <ul class="cards">
        {claims.map((c) => {
          const name = localised(ctx, c.organizationName, c.organizationId);
          return (
            <li class="card">
              <h2>
                <a href={ctx.href(`/organizations/${c.organizationId}`)} lang={name.lang}>
                  {name.value}
                </a>
              </h2>
              <p>
                {ctx.t('dir.claims.by', { name: c.claimant, email: c.email })}
                <br />
                <span class="muted">
                  <time datetime={c.createdAt}>{ctx.i18n.dateTime(c.createdAt)}</time>
                </span>
              </p>
              {c.message ? <blockquote>{c.message}</blockquote> : null}
              <PostForm ctx={ctx} action={`/admin/claims/${c.id}`} class="inline" label={ctx.t('dir.claims.decide', { organization: name.value })}>
                <button type="submit" name="decision" value="approve">
                  {ctx.t('dir.claims.approve')}
                </button>{' '}
                <button type="submit" name="decision" value="reject" class="secondary">
                  {ctx.t('dir.claims.reject')}
                </button>
              </PostForm>
            </li>
          );
        })}
      </ul>
    </>
  );
}
