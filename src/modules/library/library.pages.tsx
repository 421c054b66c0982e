/**
 * Library pages: the faceted listing and search /library, a resource's page, its form (new and
 * edit), deletion, relations, bookmarks ("my library"), collections, and the named groups of a
 * space. Plain links and forms with POST-redirect-GET: everything works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/policy.js';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { EMPTY_FORM, PostForm, type FormState } from '../../platform/views/components.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { first, localised, requireUser, type Query } from '../directory/views/common.js';
import { ChooseSpace } from '../directory/views/org-form.js';
import { findSpaceById, getSpace, listRegions, listSpaces, normaliseSpaceCode, type Space } from '../spaces/spaces.service.js';
import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../platform/views/context.js';
import type { PageOptions } from '../../platform/views/layout.js';
import { sendPageWithJsonLd } from '../directory/views/json-ld.js';
import { filesSectionFor, registerLibraryFiles } from './files.pages.js';
import { jsonLdOf, registerLibraryInterop } from './interop.routes.js';
import type { ResourceView } from './library.service.js';
import type { UploadFormState } from './views/files.js';
import { CollectionForm, CollectionPage, CollectionsPage } from './views/collections.js';
import { formFieldErrors, resourceFormValues, resourceIdFrom, resourceInput, resourceValues, type Values } from './views/form-input.js';
import { GroupPage, GroupsPage } from './views/groups.js';
import { LibraryListingPage, LibraryNav, ResourceItem } from './views/listing.js';
import { loadLibraryListing, parseLibraryQuery } from './views/listing-data.js';
import { ResourceForm } from './views/resource-form.js';
import { ResourcePage } from './views/resource.js';

type IdParams = { Params: { id: string }; Querystring: Query };
type SpaceQuery = { Querystring: Query };

const NOTICES: Record<string, string> = {
  created: 'library.notice.created',
  saved: 'library.notice.saved',
  deleted: 'library.notice.deleted',
  related: 'library.notice.related',
  bookmarked: 'library.notice.bookmarked',
  unbookmarked: 'library.notice.unbookmarked',
  collected: 'library.notice.collected',
  uploaded: 'library.notice.uploaded',
  retried: 'library.notice.retried',
  member: 'library.notice.member',
};


/** Registers the library pages, its files' routes among them. */
export function registerLibraryPages(app: FastifyInstance): void {
  const { db, library } = app.mosaic;
  const filesSection = filesSectionFor(app);

  async function spaceParam(query: Query): Promise<Space | null> {
    const code = first(query.space);
    if (!code) return null;
    if (!normaliseSpaceCode(code)) throw new AppError('NOT_FOUND');
    return getSpace(db, code);
  }

  function noticeOf(request: FastifyRequest<{ Querystring: Query }>): string | null {
    const key = first(request.query.notice);
    return key && NOTICES[key] ? request.i18n.t(NOTICES[key]!) : null;
  }

  async function regionNames(): Promise<Map<string, TranslatedText>> {
    const out = new Map<string, TranslatedText>();
    for (const s of await listSpaces(db)) for (const r of await listRegions(db, s.id)) out.set(r.code, r.name);
    return out;
  }

  // ---- Listing and search -------------------------------------------------------------------
  app.get<SpaceQuery>('/library', async (request, reply) => {
    const params = parseLibraryQuery(request.query);
    const listing = await loadLibraryListing(db, library, request.principal, params);
    const heading = request.i18n.t('library.title');
    const title = listing.space ? `${heading} — ${textFor(listing.space.name, request.locale, listing.space.code)}` : heading;
    const filtered = Boolean(params.q) || Object.keys(params.filters).length > 0 || params.page > 1;
    return sendPage(request, reply, { title, noindex: filtered }, (ctx) => <LibraryListingPage ctx={ctx} listing={listing} />);
  });

  // ---- Resource form ----------------------------------------------------------------------------
  const formPage = async (request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; cancel: string }) => {
    const regions = await listRegions(db, space.id);
    const groups = await library.groupChoices(request.principal, space.id);
    const publisher = can(request.principal, 'content.publish', { spaceId: space.id });
    return sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => (
      <ResourceForm ctx={ctx} form={form} space={space} regions={regions} groups={groups} publisher={publisher} {...options} />
    ));
  };

  /** Runs a service call for a form, with its field errors renamed to the form's fields. */
  async function formErrors<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION' && err.options.fields) throw validationError(formFieldErrors(err.options.fields));
      throw err;
    }
  }

  app.get<SpaceQuery>('/library/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    const title = request.i18n.t('library.new');
    if (!space) {
      const spaces = (await listSpaces(db)).filter((s) => can(request.principal, 'content.create', { spaceId: s.id }));
      if (!spaces.length) throw new AppError('FORBIDDEN');
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/library/new" />);
    }
    authorize(request.principal, 'content.create', { spaceId: space.id });
    const values: Values = { access: 'public', status: 'published', 'identifiers.0.scheme': 'isbn', 'identifiers.1.scheme': 'doi', 'identifiers.2.scheme': 'url' };
    return formPage(request, reply, space, { values, errors: [] }, 200, { action: `/library/new?space=${space.code}`, title, cancel: `/library?space=${space.code}` });
  });

  app.post<SpaceQuery>('/library/new', async (request, reply) => {
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    const values = resourceFormValues(request.body);
    const options = { action: `/library/new?space=${space.code}`, title: request.i18n.t('library.new'), cancel: `/library?space=${space.code}` };
    return withForm(request, reply, values, (form, status) => formPage(request, reply, space, form, status, options), async () => {
      const created = await formErrors(() => library.createResource(request.principal, space.id, resourceInput(values), actorOf(request)));
      return seeOther(request, reply, `/library/${created.id}?notice=created`);
    });
  });

  // ---- Resource page ---------------------------------------------------------------------------
  async function resourcePage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, resource: ResourceView, forms: { relation?: FormState; upload?: UploadFormState }, status: number) {
    const space = (await findSpaceById(db, resource.spaceId))!;
    const relations = await library.relationsOf(request.principal, resource.id);
    const collections = await library.collectionsOf(request.principal, resource.id);
    const bookmarked = await library.bookmarked(request.principal, [resource.id]);
    const files = await filesSection(request, resource, forms.upload);
    const regions = await regionNames();
    const editable = resource.canEdit ? (await library.listCollections(request.principal, [space.id])).filter((c) => c.canEdit) : [];
    const groupNames = new Map((await library.groupChoices(request.principal, space.id)).map((g) => [g.id, g.name]));
    const title = localised(request, resource.title, resource.id).value;
    const open = resource.status === 'published' && resource.access === 'public';
    // Structured data only for what anyone may see (crawlers are visitors).
    const data = open
      ? jsonLdOf(resource, `${app.mosaic.config.baseUrl}/library/${resource.id}`, (await app.mosaic.files.filesOf(request.principal, [resource])).get(resource.id) ?? [], (f) => `${app.mosaic.config.baseUrl}/library/${resource.id}/files/${f.id}`, request.locale)
      : null;
    const send = (options: PageOptions & { status?: number }, body: (ctx: ViewContext) => ComponentChildren) => (data ? sendPageWithJsonLd(request, reply, options, data, body) : sendPage(request, reply, options, body));
    return send({ title, status, noindex: !open }, (ctx) => (
      <ResourcePage
        ctx={ctx}
        resource={resource}
        space={space}
        regionNames={regions}
        relations={relations}
        collections={collections}
        editableCollections={editable}
        groupNames={groupNames}
        bookmarked={bookmarked.has(resource.id)}
        notice={noticeOf(request)}
        relationForm={forms.relation ?? EMPTY_FORM}
        files={files(ctx)}
      />
    ));
  }

  app.get<IdParams>('/library/:id', async (request, reply) => {
    const resource = await library.getResource(request.principal, request.params.id);
    return resourcePage(request, reply, resource, {}, 200);
  });

  const editOptions = (request: FastifyRequest, r: ResourceView) => ({
    action: `/library/${r.id}/edit`,
    title: request.i18n.t('library.edit_title', { title: localised(request, r.title, r.id).value }),
    cancel: `/library/${r.id}`,
  });

  app.get<IdParams>('/library/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const resource = await library.getResource(request.principal, request.params.id);
    if (!resource.canEdit) throw new AppError('FORBIDDEN');
    const space = (await findSpaceById(db, resource.spaceId))!;
    return formPage(request, reply, space, { values: resourceValues(resource), errors: [] }, 200, editOptions(request, resource));
  });

  app.post<IdParams>('/library/:id/edit', async (request, reply) => {
    const resource = await library.getResource(request.principal, request.params.id);
    if (!resource.canEdit) throw new AppError(request.user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const space = (await findSpaceById(db, resource.spaceId))!;
    const values = resourceFormValues(request.body);
    return withForm(request, reply, values, (form, status) => formPage(request, reply, space, form, status, editOptions(request, resource)), async () => {
      const input = resourceInput(values);
      // Only those who may publish change the status (the form shows it to them alone).
      if (!can(request.principal, 'content.publish', { spaceId: space.id })) delete input.status;
      await formErrors(() => library.updateResource(request.principal, resource.id, input, actorOf(request)));
      return seeOther(request, reply, `/library/${resource.id}?notice=saved`);
    });
  });

  app.get<IdParams>('/library/:id/delete', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const resource = await library.getResource(request.principal, request.params.id);
    if (!resource.canDelete) throw new AppError('FORBIDDEN');
    const title = localised(request, resource.title, resource.id);
    return sendPage(request, reply, { title: request.i18n.t('library.delete'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('library.delete_title', { title: title.value })}</h1>
        <p>{ctx.t('library.delete_explain')}</p>
        <PostForm ctx={ctx} action={`/library/${resource.id}/delete`} label={ctx.t('library.delete')}>
          <div>
            <button type="submit" class="danger">
              {ctx.t('library.delete')}
            </button>{' '}
            <a href={ctx.href(`/library/${resource.id}`)}>{ctx.t('dir.form.cancel')}</a>
          </div>
        </PostForm>
      </>
    ));
  });

  app.post<IdParams>('/library/:id/delete', async (request, reply) => {
    const resource = await library.getResource(request.principal, request.params.id);
    await library.deleteResource(request.principal, resource.id, actorOf(request));
    const space = await findSpaceById(db, resource.spaceId);
    return seeOther(request, reply, `/library?space=${space?.code ?? ''}&notice=deleted`);
  });

  // ---- Relations, bookmarks, adding to a collection ------------------------------------------------
  app.post<IdParams>('/library/:id/relations', async (request, reply) => {
    const resource = await library.getResource(request.principal, request.params.id);
    const values = formValues(request.body, ['kind', 'related']);
    return withForm(request, reply, values, (form, status) => resourcePage(request, reply, resource, { relation: form }, status), async () => {
      await library.addRelation(request.principal, resource.id, resourceIdFrom(values.related ?? ''), values.kind ?? '', actorOf(request));
      return seeOther(request, reply, `/library/${resource.id}?notice=related`);
    });
  });

  app.post<{ Params: { id: string; relation: string } }>('/library/:id/relations/:relation/delete', async (request, reply) => {
    await library.removeRelation(request.principal, request.params.id, request.params.relation, actorOf(request));
    return seeOther(request, reply, `/library/${request.params.id}?notice=saved`);
  });

  app.post<IdParams>('/library/:id/bookmark', async (request, reply) => {
    const on = (request.body as Record<string, unknown> | undefined)?.on === '1';
    await library.setBookmark(request.principal, request.params.id, on, actorOf(request));
    return seeOther(request, reply, `/library/${request.params.id}?notice=${on ? 'bookmarked' : 'unbookmarked'}`);
  });

  app.post<IdParams>('/library/:id/collections', async (request, reply) => {
    const collection = String((request.body as Record<string, unknown> | undefined)?.collection ?? '');
    await library.addToCollection(request.principal, collection, request.params.id, null, actorOf(request));
    return seeOther(request, reply, `/library/${request.params.id}?notice=collected`);
  });

  // ---- My library ----------------------------------------------------------------------------------
  app.get('/library/bookmarks', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const items = await library.myBookmarks(request.principal);
    return sendPage(request, reply, { title: request.i18n.t('library.bookmarks.title'), noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t('library.bookmarks.title')}</h1>
        <LibraryNav ctx={ctx} spaceCode={null} current="bookmarks" />
        {items.length ? (
          <ol class="results">
            {items.map((r) => (
              <ResourceItem ctx={ctx} resource={r} />
            ))}
          </ol>
        ) : (
          <p>{ctx.t('library.bookmarks.none')}</p>
        )}
      </>
    ));
  });

  // ---- Collections ---------------------------------------------------------------------------------
  app.get<SpaceQuery>('/library/collections', async (request, reply) => {
    const space = await spaceParam(request.query);
    const spaces = await listSpaces(db);
    const collections = await library.listCollections(request.principal, space ? [space.id] : null);
    return sendPage(request, reply, { title: request.i18n.t('library.collections.title') }, (ctx) => <CollectionsPage ctx={ctx} collections={collections} spaces={spaces} space={space} />);
  });

  const collectionFormPage = (request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; cancel: string; deletable: boolean }) =>
    sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => <CollectionForm ctx={ctx} form={form} space={space} {...options} />);

  const collectionValues = (body: unknown): Values => {
    const keys = ['status', ...['title', 'introduction'].flatMap((n) => ['en', 'fr', 'ru', 'lo', 'uz-Latn', 'uz-Cyrl', 'rw'].map((l) => `${n}.${l}`))];
    return formValues(body, keys);
  };
  const translatedOf = (values: Values, name: string) => Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith(`${name}.`)).map(([k, v]) => [k.slice(name.length + 1), v ?? '']));

  app.get<SpaceQuery>('/library/collections/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    const title = request.i18n.t('library.collections.new');
    if (!space) {
      const spaces = (await listSpaces(db)).filter((s) => can(request.principal, 'content.create', { spaceId: s.id }));
      if (!spaces.length) throw new AppError('FORBIDDEN');
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/library/collections/new" />);
    }
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return collectionFormPage(request, reply, space, { values: { status: 'published' }, errors: [] }, 200, { action: `/library/collections/new?space=${space.code}`, title, cancel: '/library/collections', deletable: false });
  });

  app.post<SpaceQuery>('/library/collections/new', async (request, reply) => {
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    const values = collectionValues(request.body);
    const options = { action: `/library/collections/new?space=${space.code}`, title: request.i18n.t('library.collections.new'), cancel: '/library/collections', deletable: false };
    return withForm(request, reply, values, (form, status) => collectionFormPage(request, reply, space, form, status, options), async () => {
      const created = await library.createCollection(request.principal, space.id, { title: translatedOf(values, 'title'), introduction: translatedOf(values, 'introduction'), status: values.status }, actorOf(request));
      return seeOther(request, reply, `/library/collections/${created.id}?notice=created`);
    });
  });

  app.get<IdParams>('/library/collections/:id', async (request, reply) => {
    const { collection, items } = await library.getCollection(request.principal, request.params.id);
    const title = localised(request, collection.title, collection.id).value;
    return sendPage(request, reply, { title, noindex: collection.status !== 'published' }, (ctx) => <CollectionPage ctx={ctx} collection={collection} items={items} notice={noticeOf(request)} />);
  });

  const collectionEdit = async (request: FastifyRequest, id: string) => {
    const { collection } = await library.getCollection(request.principal, id);
    if (!collection.canEdit) throw new AppError(request.user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const space = (await findSpaceById(db, collection.spaceId))!;
    const options = {
      action: `/library/collections/${collection.id}/edit`,
      title: request.i18n.t('library.collections.edit'),
      cancel: `/library/collections/${collection.id}`,
      deletable: true,
    };
    return { collection, space, options };
  };

  app.get<IdParams>('/library/collections/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { collection, space, options } = await collectionEdit(request, request.params.id);
    const values: Values = { status: collection.status };
    for (const [l, v] of Object.entries(collection.title)) values[`title.${l}`] = v?.value;
    for (const [l, v] of Object.entries(collection.introduction)) values[`introduction.${l}`] = v?.value;
    return collectionFormPage(request, reply, space, { values, errors: [] }, 200, options);
  });

  app.post<IdParams>('/library/collections/:id/edit', async (request, reply) => {
    const { collection, space, options } = await collectionEdit(request, request.params.id);
    const values = collectionValues(request.body);
    return withForm(request, reply, values, (form, status) => collectionFormPage(request, reply, space, form, status, options), async () => {
      await library.updateCollection(request.principal, collection.id, { title: translatedOf(values, 'title'), introduction: translatedOf(values, 'introduction'), status: values.status }, actorOf(request));
      return seeOther(request, reply, `/library/collections/${collection.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/library/collections/:id/delete', async (request, reply) => {
    await library.deleteCollection(request.principal, request.params.id, actorOf(request));
    return seeOther(request, reply, '/library/collections');
  });

  app.post<{ Params: { id: string; resource: string; action: string } }>('/library/collections/:id/items/:resource/:action', async (request, reply) => {
    const { id, resource, action } = request.params;
    if (action === 'up' || action === 'down') await library.moveInCollection(request.principal, id, resource, action === 'up' ? -1 : 1, actorOf(request));
    else if (action === 'remove') await library.removeFromCollection(request.principal, id, resource, actorOf(request));
    else throw new AppError('NOT_FOUND');
    return seeOther(request, reply, `/library/collections/${id}`);
  });

  // ---- Named groups (space administrators) ---------------------------------------------------------
  const groupsPage = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, space: Space, form: FormState, status: number) => {
    const groups = await library.listGroups(request.principal, space.id);
    return sendPage(request, reply, { title: request.i18n.t('library.groups.title'), status, noindex: true }, (ctx) => <GroupsPage ctx={ctx} space={space} groups={groups} form={form} notice={noticeOf(request)} />);
  };

  app.get<SpaceQuery>('/library/groups', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) {
      const spaces = (await listSpaces(db)).filter((s) => can(request.principal, 'space.members.manage', { spaceId: s.id }));
      if (!spaces.length) throw new AppError('FORBIDDEN');
      const title = request.i18n.t('library.groups.title');
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/library/groups" />);
    }
    return groupsPage(request, reply, space, EMPTY_FORM, 200);
  });

  app.post<SpaceQuery>('/library/groups', async (request, reply) => {
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const values = formValues(request.body, ['name', 'description']);
    return withForm(request, reply, values, (form, status) => groupsPage(request, reply, space, form, status), async () => {
      const group = await library.createGroup(request.principal, space.id, values, actorOf(request));
      return seeOther(request, reply, `/library/groups/${group.id}?notice=created`);
    });
  });

  const groupPage = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, id: string, forms: { rename?: FormState; member?: FormState }, status: number) => {
    const group = await library.getGroup(request.principal, id);
    const space = (await findSpaceById(db, group.spaceId))!;
    const rename = forms.rename ?? { values: { name: group.name, description: group.description ?? '' }, errors: [] };
    return sendPage(request, reply, { title: group.name, status, noindex: true }, (ctx) => (
      <GroupPage ctx={ctx} space={space} group={group} renameForm={rename} memberForm={forms.member ?? EMPTY_FORM} notice={noticeOf(request)} />
    ));
  };

  app.get<IdParams>('/library/groups/:id', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return groupPage(request, reply, request.params.id, {}, 200);
  });

  app.post<IdParams>('/library/groups/:id', async (request, reply) => {
    const values = formValues(request.body, ['name', 'description']);
    return withForm(request, reply, values, (form, status) => groupPage(request, reply, request.params.id, { rename: form }, status), async () => {
      await library.updateGroup(request.principal, request.params.id, values, actorOf(request));
      return seeOther(request, reply, `/library/groups/${request.params.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/library/groups/:id/members', async (request, reply) => {
    const values = formValues(request.body, ['email']);
    return withForm(request, reply, values, (form, status) => groupPage(request, reply, request.params.id, { member: form }, status), async () => {
      await library.addGroupMember(request.principal, request.params.id, values.email ?? '', actorOf(request));
      return seeOther(request, reply, `/library/groups/${request.params.id}?notice=member`);
    });
  });

  app.post<{ Params: { id: string; user: string } }>('/library/groups/:id/members/:user/remove', async (request, reply) => {
    await library.removeGroupMember(request.principal, request.params.id, request.params.user, actorOf(request));
    return seeOther(request, reply, `/library/groups/${request.params.id}?notice=saved`);
  });

  app.post<IdParams>('/library/groups/:id/delete', async (request, reply) => {
    const group = await library.getGroup(request.principal, request.params.id);
    await library.deleteGroup(request.principal, group.id, actorOf(request));
    const space = await findSpaceById(db, group.spaceId);
    return seeOther(request, reply, `/library/groups?space=${space?.code ?? ''}&notice=deleted`);
  });

  registerLibraryFiles(app, resourcePage);
  registerLibraryInterop(app);
}
