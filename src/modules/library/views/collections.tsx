/** Collections: the list, a collection's page (ordered items), and its form. */
import { ErrorSummary, Notice, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised } from '../../directory/views/common.js';
import { TranslatedFields } from '../../directory/views/form-fields.js';
import { formLocales } from '../../directory/views/org-form.js';
import type { Space } from '../../spaces/spaces.service.js';
import type { CollectionView, ResourceView } from '../library.service.js';
import { LibraryNav, ResourceItem } from './listing.js';

/** The list of collections. */
export function CollectionsPage({ ctx, collections, spaces, space }: { ctx: ViewContext; collections: CollectionView[]; spaces: Space[]; space: Space | null }) {
  const spaceName = space ? localised(ctx, space.name, space.code) : null;
  return (
    <>
      <h1>
        {ctx.t('library.collections.title')}
        {spaceName ? <> — {spaceName.value}</> : null}
      </h1>
      <LibraryNav ctx={ctx} spaceCode={space?.code ?? null} current="collections" />
      {collections.length ? (
        <ul class="cards">
          {collections.map((c) => {
            const title = localised(ctx, c.title, c.id);
            const intro = localised(ctx, c.introduction);
            const s = spaces.find((x) => x.id === c.spaceId);
            return (
              <li class="card">
                <h2>
                  <a href={ctx.href(`/library/collections/${c.id}`)} lang={title.lang}>
                    {title.value}
                  </a>{' '}
                  {c.status === 'draft' ? <span class="badge">{ctx.t('library.status.draft')}</span> : null}
                </h2>
                <p class="muted">
                  {s ? localised(ctx, s.name, s.code).value : ''} · {ctx.t('library.collections.count', { count: c.itemCount })}
                </p>
                {intro.value ? <p lang={intro.lang}>{intro.value.length > 200 ? `${intro.value.slice(0, 200)}…` : intro.value}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{ctx.t('library.collections.none')}</p>
      )}
      {space && ctx.user ? (
        <p>
          <a href={ctx.href(`/library/collections/new?space=${space.code}`)}>{ctx.t('library.collections.new')}</a>
        </p>
      ) : null}
    </>
  );
}

/** A collection's page: introduction and items in order; editors move and remove them. */
export function CollectionPage({ ctx, collection, items, notice }: { ctx: ViewContext; collection: CollectionView; items: { resource: ResourceView; note: string | null }[]; notice: string | null }) {
  const title = localised(ctx, collection.title, collection.id);
  const intro = localised(ctx, collection.introduction);
  const base = `/library/collections/${collection.id}`;
  return (
    <>
      {notice ? <Notice kind="good">{notice}</Notice> : null}
      <p class="muted">
        <a href={ctx.href('/library/collections')}>{ctx.t('library.collections.title')}</a>
      </p>
      <h1 lang={title.lang}>
        {title.value} {collection.status === 'draft' ? <span class="badge">{ctx.t('library.status.draft')}</span> : null}
      </h1>
      {intro.value ? (
        <div lang={intro.lang}>
          {intro.value.split(/\n{2,}/).map((p) => (
            <p>{p}</p>
          ))}
        </div>
      ) : null}
      {collection.canEdit ? (
        <p>
          <a class="button secondary" href={ctx.href(`${base}/edit`)}>
            {ctx.t('library.collections.edit')}
          </a>
        </p>
      ) : null}
      <p role="status">{ctx.t('library.collections.count', { count: items.length })}</p>
      <ol class="results">
        {items.map((item, i) => (
          <ResourceItem ctx={ctx} resource={item.resource}>
            {item.note ? <p class="muted">{item.note}</p> : null}
            {collection.canEdit ? (
              <p>
                {i > 0 ? (
                  <PostForm ctx={ctx} action={`${base}/items/${item.resource.id}/up`} class="inline">
                    <button type="submit" class="link">
                      {ctx.t('library.collections.up')}
                    </button>
                  </PostForm>
                ) : null}{' '}
                {i < items.length - 1 ? (
                  <PostForm ctx={ctx} action={`${base}/items/${item.resource.id}/down`} class="inline">
                    <button type="submit" class="link">
                      {ctx.t('library.collections.down')}
                    </button>
                  </PostForm>
                ) : null}{' '}
                <PostForm ctx={ctx} action={`${base}/items/${item.resource.id}/remove`} class="inline">
                  <button type="submit" class="link">
                    {ctx.t('library.collections.remove')}
                  </button>
                </PostForm>
              </p>
            ) : null}
          </ResourceItem>
        ))}
      </ol>
    </>
  );
}

/** The collection form (new and edit). */
export function CollectionForm({ ctx, form, space, action, title, cancel, deletable }: { ctx: ViewContext; form: FormState; space: Space; action: string; title: string; cancel: string; deletable: boolean }) {
  const langs = formLocales(ctx, space);
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={action} label={title}>
        <TranslatedFields ctx={ctx} form={form} name="title" legend={ctx.t('library.field.title')} primary={langs.primary} others={langs.others} />
        <TranslatedFields ctx={ctx} form={form} name="introduction" legend={ctx.t('library.collections.introduction')} primary={langs.primary} others={langs.others} multiline />
        <SelectField
          ctx={ctx}
          form={form}
          name="status"
          label={ctx.t('library.field.status')}
          options={[
            { value: 'published', label: ctx.t('library.status.published') },
            { value: 'draft', label: ctx.t('library.status.draft') },
          ]}
        />
        <div>
          <button type="submit">{ctx.t('form.save')}</button> <a href={ctx.href(cancel)}>{ctx.t('dir.form.cancel')}</a>
        </div>
      </PostForm>
      {deletable ? (
        <PostForm ctx={ctx} action={action.replace(/\/edit$/, '/delete')} label={ctx.t('library.collections.delete')}>
          <button type="submit" class="danger">
            {ctx.t('library.collections.delete')}
          </button>
        </PostForm>
      ) : null}
    </>
  );
}
