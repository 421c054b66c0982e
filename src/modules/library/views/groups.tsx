/** Named groups of a space: the list with a create form, and a group's page with its members. */
import { ErrorSummary, Field, Notice, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { localised } from '../../directory/views/common.js';
import type { Space } from '../../spaces/spaces.service.js';
import type { GroupView } from '../library.service.js';
import { LibraryNav } from './listing.js';

/** The groups of one space. */
export function GroupsPage({ ctx, space, groups, form, notice }: { ctx: ViewContext; space: Space; groups: GroupView[]; form: FormState; notice: string | null }) {
  const spaceName = localised(ctx, space.name, space.code);
  return (
    <>
      {notice ? <Notice kind="good">{notice}</Notice> : null}
      <h1>
        {ctx.t('library.groups.title')} — <span lang={spaceName.lang}>{spaceName.value}</span>
      </h1>
      <LibraryNav ctx={ctx} spaceCode={space.code} current="groups" />
      <p>{ctx.t('library.groups.intro')}</p>
      {groups.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('library.groups.name')}</th>
              <th scope="col">{ctx.t('library.groups.members')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr>
                <td>
                  <a href={ctx.href(`/library/groups/${g.id}`)}>{g.name}</a>
                  {g.description ? <span class="muted"> — {g.description}</span> : null}
                </td>
                <td>{ctx.i18n.number(g.members)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{ctx.t('library.groups.none')}</p>
      )}
      <h2>{ctx.t('library.groups.new')}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <PostForm ctx={ctx} action={`/library/groups?space=${space.code}`} label={ctx.t('library.groups.new')}>
        <Field ctx={ctx} form={form} name="name" label={ctx.t('library.groups.name')} required />
        <Field ctx={ctx} form={form} name="description" label={ctx.t('library.groups.description')} />
        <div>
          <button type="submit">{ctx.t('library.groups.create')}</button>
        </div>
      </PostForm>
    </>
  );
}

/** One group: rename, members (add by email, remove), delete. */
export function GroupPage(props: {
  ctx: ViewContext;
  space: Space;
  group: { id: string; name: string; description: string | null; members: { id: string; email: string; display_name: string }[] };
  renameForm: FormState;
  memberForm: FormState;
  notice: string | null;
}) {
  const { ctx, group } = props;
  const base = `/library/groups/${group.id}`;
  return (
    <>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <p class="muted">
        <a href={ctx.href(`/library/groups?space=${props.space.code}`)}>{ctx.t('library.groups.title')}</a>
      </p>
      <h1>{group.name}</h1>
      {group.description ? <p>{group.description}</p> : null}
      <h2>{ctx.t('library.groups.members')}</h2>
      {group.members.length ? (
        <ul class="plain">
          {group.members.map((m) => (
            <li>
              {m.display_name} <span class="muted">&lt;{m.email}&gt;</span>{' '}
              <PostForm ctx={ctx} action={`${base}/members/${m.id}/remove`} class="inline">
                <button type="submit" class="link">
                  {ctx.t('library.groups.remove_member')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      ) : (
        <p>{ctx.t('library.groups.no_members')}</p>
      )}
      <ErrorSummary ctx={ctx} form={props.memberForm} />
      <PostForm ctx={ctx} action={`${base}/members`} label={ctx.t('library.groups.add_member')}>
        <Field ctx={ctx} form={props.memberForm} name="email" type="email" label={ctx.t('library.groups.member_email')} hint={ctx.t('library.groups.member_email_hint')} required />
        <div>
          <button type="submit">{ctx.t('library.groups.add_member')}</button>
        </div>
      </PostForm>
      <h2>{ctx.t('library.groups.rename')}</h2>
      <ErrorSummary ctx={ctx} form={props.renameForm} />
      <PostForm ctx={ctx} action={base} label={ctx.t('library.groups.rename')}>
        <Field ctx={ctx} form={props.renameForm} name="name" label={ctx.t('library.groups.name')} required />
        <Field ctx={ctx} form={props.renameForm} name="description" label={ctx.t('library.groups.description')} />
        <div>
          <button type="submit" class="secondary">
            {ctx.t('form.save')}
          </button>
        </div>
      </PostForm>
      <PostForm ctx={ctx} action={`${base}/delete`} label={ctx.t('library.groups.delete')}>
        <p class="hint">{ctx.t('library.groups.delete_hint')}</p>
        <button type="submit" class="danger">
          {ctx.t('library.groups.delete')}
        </button>
      </PostForm>
    </>
  );
}
