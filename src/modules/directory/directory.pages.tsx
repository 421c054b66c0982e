/**
 * Directory pages: the faceted listings /organizations and /people, profiles with JSON-LD,
 * forms (new, edit, one's own profile) with a likely-duplicates step, editors' actions (verify,
 * publish, archive, merge — chosen, then confirmed with both records side by side), claims and their queue, and
 * the region map. Plain links and forms with POST-redirect-GET: everything works without
 * JavaScript. A person's organisations are managed in affiliations.pages.tsx.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/policy.js';
import { fromJson } from '../../platform/db/json.js';
import { actorOf, hrefFor, seeOther } from '../../platform/http/context.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { EMPTY_FORM, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { findSpaceById, getSpace, listRegions, listSpaces, normaliseSpaceCode, type Space } from '../spaces/spaces.service.js';
import { registerAffiliationPages } from './affiliations.pages.js';
import { ORGANIZATION, PERSON, type DuplicateCandidate, type OrganizationView, type PersonView } from './directory.service.js';
import { registerDirectoryImages } from './images/images.pages.js';
import { imagesOf } from './images/images.repository.js';
import { RegionMap } from './map/region-map.js';
import { ClaimsPage } from './views/claims.js';
import { first, isId, localised, requireUser, type Query } from './views/common.js';
import { organizationFormValues, organizationInput, organizationValues, personFormValues, personInput, personValues, type Values } from './views/form-input.js';
import { organizationJsonLd, personJsonLd, sendPageWithJsonLd } from './views/json-ld.js';
import { ListingPage } from './views/listing.js';
import { loadListing, parseListingQuery } from './views/listing-data.js';
import { ChooseSpace, OrganizationForm, type DuplicateItem, type ImageFormProps } from './views/org-form.js';
import { PersonForm } from './views/person-form.js';
import { MergeChoose, MergeConfirm, organizationMoves, organizationSide, personMoves, personSide, type MergeKind, type MergeSide } from './views/merge.js';
import { OrganizationProfile, PersonProfile } from './views/profile.js';
import { isFollowing } from '../notifications/notifications.service.js';

type IdParams = { Params: { id: string }; Querystring: Query };
type SpaceQuery = { Querystring: Query };

/** Thrown inside a create transaction to roll it back and show the likely duplicates first. */
class DuplicatesFound extends Error {
  constructor(readonly candidates: DuplicateCandidate[]) {
    super('likely duplicates');
  }
}

/**
 * The record to keep in a merge form: typed (an id, or the address of its page) or chosen from
 * the likely duplicates; a field error when neither names a record.
 */
function mergeChoice(values: Values): string {
  const typed = values.intoId?.trim();
  const id = typed ? (/([0-9a-f-]{36})\/?(?:[?#].*)?$/i.exec(typed)?.[1] ?? typed) : values.into;
  if (!isId(id)) throw validationError([{ field: typed ? 'intoId' : 'into', key: 'dir.merge.pick' }]);
  return id.toLowerCase();
}

/** The merge form's fields from a posted body. */
function mergeValues(body: unknown): Values {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    into: typeof b.into === 'string' ? b.into.slice(0, 100) : undefined,
    intoId: typeof b.intoId === 'string' ? b.intoId.slice(0, 300) : undefined,
    confirm: typeof b.confirm === 'string' ? b.confirm : undefined,
  };
}

const NOTICES: Record<string, string> = {
  created: 'dir.notice.created',
  saved: 'dir.notice.saved',
  sent: 'dir.notice.claim_sent',
  pending: 'dir.notice.claim_pending',
  verified: 'dir.notice.verified',
  unverified: 'dir.notice.unverified',
  status: 'dir.notice.status',
  merged: 'dir.notice.merged',
};

/** Registers the directory pages. */
export function registerDirectoryPages(app: FastifyInstance): void {
  const { db, directory } = app.mosaic;

  /** The space named by `?space=`, or null when none is named; NOT_FOUND for an unknown one. */
  async function spaceParam(query: Query): Promise<Space | null> {
    const code = first(query.space);
    if (!code) return null;
    if (!normaliseSpaceCode(code)) throw new AppError('NOT_FOUND');
    return getSpace(db, code);
  }

  async function regionName(spaceId: string, code: string | null): Promise<TranslatedText | null> {
    if (!code) return null;
    return (await listRegions(db, spaceId)).find((r) => r.code === code)?.name ?? null;
  }

  function noticeOf(request: FastifyRequest<{ Querystring: Query }>): string | null {
    const q = request.query;
    const key = first(q.notice);
    return key && NOTICES[key] ? request.i18n.t(NOTICES[key]!) : null;
  }

  /** Likely duplicates the reader may see (the check itself looks at every record of the space). */
  async function visibleDuplicates(request: FastifyRequest, kind: typeof ORGANIZATION | typeof PERSON, found: DuplicateCandidate[]): Promise<DuplicateItem[]> {
    const out: DuplicateItem[] = [];
    for (const d of found) {
      try {
        const view = kind === ORGANIZATION ? await directory.getOrganization(request.principal, d.id) : await directory.getPerson(request.principal, d.id);
        out.push({ id: view.id, name: view.name, sharedContacts: d.sharedContacts.length });
      } catch {
        // Not visible to this reader (a draft): not shown.
      }
    }
    return out;
  }

  // ---- Listings ---------------------------------------------------------------------------------
  for (const [path, kind] of [
    ['/organizations', ORGANIZATION],
    ['/people', PERSON],
  ] as const) {
    app.get<SpaceQuery>(path, async (request, reply) => {
      const params = parseListingQuery(request.query);
      const listing = await loadListing(db, directory, request.principal, kind, params);
      const images = await imagesOf(db, kind === ORGANIZATION ? 'organizations' : 'people', listing.items.map((i) => i.id));
      const heading = kind === ORGANIZATION ? request.i18n.t('dir.orgs.title') : request.i18n.t('dir.people.title');
      const title = listing.space ? `${heading} — ${textFor(listing.space.name, request.locale, listing.space.code)}` : heading;
      const filtered = Boolean(params.q) || Object.keys(params.filters).length > 0 || params.page > 1;
      return sendPage(request, reply, { title, noindex: filtered }, (ctx) => <ListingPage ctx={ctx} kind={kind} listing={listing} images={images} />);
    });
  }

  // ---- Map --------------------------------------------------------------------------------------
  app.get<SpaceQuery>('/organizations/map', async (request, reply) => {
    const space = await spaceParam(request.query);
    const t = request.i18n.t;
    if (!space) {
      const spaces = await listSpaces(db);
      return sendPage(request, reply, { title: t('dir.map.link') }, (ctx) => <ChooseSpace ctx={ctx} title={ctx.t('dir.map.link')} spaces={spaces} path="/organizations/map" />);
    }
    const regions = await listRegions(db, space.id);
    const counts = await directory.countByRegion(space.id);
    const spaceName = textFor(space.name, request.locale, space.code);
    return sendPage(request, reply, { title: t('dir.map.title', { space: spaceName }) }, (ctx) => (
      <>
        <h1>{ctx.t('dir.map.title', { space: spaceName })}</h1>
        <p>
          <a href={ctx.href(`/organizations?space=${space.code}`)}>{ctx.t('dir.map.back')}</a>
        </p>
        <RegionMap
          ctx={ctx}
          spaceCode={space.code}
          spaceName={spaceName}
          regions={regions}
          counts={counts}
          link={(code) => ctx.href(`/organizations?space=${space.code}&region=${encodeURIComponent(code)}`)}
        />
      </>
    ));
  });

  // ---- Organisation: new ------------------------------------------------------------------------
  const orgFormPage = async (request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, options: { action: string; title: string; moderator: boolean; cancel: string; duplicates?: DuplicateItem[]; image?: ImageFormProps }) => {
    const regions = await listRegions(db, space.id);
    return sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => (
      <OrganizationForm ctx={ctx} form={form} space={space} regions={regions} {...options} />
    ));
  };

  app.get<SpaceQuery>('/organizations/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    const title = request.i18n.t('dir.orgs.new');
    if (!space) {
      const spaces = await listSpaces(db);
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/organizations/new" />);
    }
    const moderator = can(request.principal, 'content.create', { spaceId: space.id });
    const form: FormState = { values: { status: 'published', 'contacts.0.kind': 'email', 'contacts.1.kind': 'phone', 'contacts.2.kind': 'website' }, errors: [] };
    return orgFormPage(request, reply, space, form, 200, { action: `/organizations/new?space=${space.code}`, title, moderator, cancel: `/organizations?space=${space.code}` });
  });

  app.post<SpaceQuery>('/organizations/new', async (request, reply) => {
    if (!request.user) throw new AppError('UNAUTHENTICATED');
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const values = organizationFormValues(request.body);
    const options = {
      action: `/organizations/new?space=${space.code}`,
      title: request.i18n.t('dir.orgs.new'),
      moderator: can(request.principal, 'content.create', { spaceId: space.id }),
      cancel: `/organizations?space=${space.code}`,
    };
    const create = (check: boolean) =>
      db.transaction().execute(async (trx) => {
        const org = await directory.createOrganization(request.principal, space.id, organizationInput(values), actorOf(request), trx);
        if (check) {
          const found = await directory.findLikelyDuplicates(trx, ORGANIZATION, space.id, { name: org.name, contacts: org.contacts }, { excludeId: org.id });
          if (found.length) throw new DuplicatesFound(found);
        }
        return org;
      });
    return withForm(request, reply, values, (form, status) => orgFormPage(request, reply, space, form, status, options), async () => {
      let org: OrganizationView;
      try {
        org = await create(values.confirm !== '1');
      } catch (err) {
        if (!(err instanceof DuplicatesFound)) throw err;
        const duplicates = await visibleDuplicates(request, ORGANIZATION, err.candidates);
        if (duplicates.length) return orgFormPage(request, reply, space, { values, errors: [] }, 200, { ...options, duplicates });
        org = await create(false);
      }
      return seeOther(request, reply, `/organizations/${org.id}?notice=created`);
    });
  });

  // ---- Organisation: profile and actions ---------------------------------------------------------
  const orgPage = async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, org: OrganizationView) => {
    const space = (await findSpaceById(db, org.spaceId))!;
    const region = await regionName(space.id, org.regionCode);
    const people = (await directory.affiliationsOfOrganization(request.principal, org.id)).map((a) => ({
      id: a.person_id,
      name: a.person_name,
      role: a.role,
      start: a.start_date,
      end: a.end_date,
    }));
    const name = localised(request, org.name, org.id).value;
    const data = organizationJsonLd(org, {
      baseUrl: app.mosaic.config.baseUrl,
      locale: request.locale,
      regionName: region ? textFor(region, request.locale) : null,
      spaceCode: space.code,
      members: people.map((p) => ({ id: p.id, name: p.name })),
    });
    const canClaim = Boolean(request.user) && !org.canEdit && org.status === 'published' && !org.mergedInto;
    const following = await isFollowing(db, request.user?.id, { type: ORGANIZATION, id: org.id });
    const head = <link rel="alternate" type="text/calendar" href={`/events.ics?organization=${org.id}`} title={name} />;
    return sendPageWithJsonLd(request, reply, { title: name, head, noindex: org.status !== 'published' }, data, (ctx) => (
      <OrganizationProfile ctx={ctx} org={org} space={space} regionName={region} people={people} notice={noticeOf(request)} canClaim={canClaim} following={following} />
    ));
  };

  app.get<IdParams>('/organizations/:id', async (request, reply) => {
    // A merged record sends old links to the record it was merged into; its space's editors may still open it.
    const target = await directory.mergedTarget(ORGANIZATION, request.params.id);
    const org = await directory.getOrganization(request.principal, request.params.id).catch((err: unknown) => {
      if (target && err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (target && !org?.canModerate) return reply.redirect(hrefFor(request, `/organizations/${target}`), 301);
    return orgPage(request, reply, org!);
  });

  const orgEditPage = async (request: FastifyRequest, reply: FastifyReply, id: string, imageForm: FormState, status: number) => {
    const org = await directory.getOrganization(request.principal, id);
    if (!org.canEdit) throw new AppError('FORBIDDEN');
    const space = (await findSpaceById(db, org.spaceId))!;
    const title = request.i18n.t('dir.orgs.edit', { name: localised(request, org.name, org.id).value });
    return orgFormPage(request, reply, space, { values: organizationValues(org), errors: [] }, status, {
      action: `/organizations/${org.id}/edit`,
      title,
      moderator: org.canModerate,
      cancel: `/organizations/${org.id}`,
      image: { kind: 'logo', id: org.id, sha256: org.logoSha256, form: imageForm },
    });
  };

  app.get<IdParams>('/organizations/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return orgEditPage(request, reply, request.params.id, EMPTY_FORM, 200);
  });

  app.post<IdParams>('/organizations/:id/edit', async (request, reply) => {
    const org = await directory.getOrganization(request.principal, request.params.id);
    if (!org.canEdit) throw new AppError(request.user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const space = (await findSpaceById(db, org.spaceId))!;
    const values = organizationFormValues(request.body);
    const options = {
      action: `/organizations/${org.id}/edit`,
      title: request.i18n.t('dir.orgs.edit', { name: localised(request, org.name, org.id).value }),
      moderator: org.canModerate,
      cancel: `/organizations/${org.id}`,
    };
    return withForm(request, reply, values, (form, status) => orgFormPage(request, reply, space, form, status, options), async () => {
      await directory.updateOrganization(request.principal, org.id, organizationInput(values), actorOf(request));
      return seeOther(request, reply, `/organizations/${org.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/organizations/:id/verify', async (request, reply) => {
    const verified = (request.body as Record<string, unknown> | undefined)?.verified === '1';
    await directory.verifyOrganization(request.principal, request.params.id, verified, actorOf(request));
    return seeOther(request, reply, `/organizations/${request.params.id}?notice=${verified ? 'verified' : 'unverified'}`);
  });

  app.post<IdParams>('/organizations/:id/status', async (request, reply) => {
    const status = String((request.body as Record<string, unknown> | undefined)?.status ?? '');
    await directory.updateOrganization(request.principal, request.params.id, { status }, actorOf(request));
    return seeOther(request, reply, `/organizations/${request.params.id}?notice=status`);
  });

  app.post<IdParams>('/organizations/:id/claim', async (request, reply) => {
    const message = String((request.body as Record<string, unknown> | undefined)?.message ?? '');
    try {
      await directory.claimOrganization(request.principal, request.params.id, message, actorOf(request));
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') return seeOther(request, reply, `/organizations/${request.params.id}?notice=pending`);
      throw err;
    }
    return seeOther(request, reply, `/organizations/${request.params.id}?notice=sent`);
  });

  // ---- People: new (editors), own profile, edit ------------------------------------------------------
  const personFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    space: Space,
    form: FormState,
    status: number,
    options: { action: string; title: string; intro?: string; moderator: boolean; demographics: boolean; cancel: string; duplicates?: DuplicateItem[]; image?: ImageFormProps },
  ) => {
    const regions = await listRegions(db, space.id);
    return sendPage(request, reply, { title: options.title, status, noindex: true }, (ctx) => <PersonForm ctx={ctx} form={form} space={space} regions={regions} {...options} />);
  };

  app.get<SpaceQuery>('/people/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const title = request.i18n.t('dir.people.new');
    const space = await spaceParam(request.query);
    if (!space) {
      const spaces = (await listSpaces(db)).filter((s) => can(request.principal, 'content.create', { spaceId: s.id }));
      if (!spaces.length) throw new AppError('FORBIDDEN');
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/people/new" />);
    }
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return personFormPage(request, reply, space, { values: { status: 'published', 'contacts.0.kind': 'email', 'contacts.1.kind': 'phone', 'contacts.2.kind': 'website' }, errors: [] }, 200, {
      action: `/people/new?space=${space.code}`,
      title,
      moderator: true,
      demographics: true,
      cancel: `/people?space=${space.code}`,
    });
  });

  app.post<SpaceQuery>('/people/new', async (request, reply) => {
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    const values = personFormValues(request.body);
    const options = { action: `/people/new?space=${space.code}`, title: request.i18n.t('dir.people.new'), moderator: true, demographics: true, cancel: `/people?space=${space.code}` };
    const create = (check: boolean) =>
      db.transaction().execute(async (trx) => {
        const person = await directory.createPerson(request.principal, space.id, personInput(values), actorOf(request), { trx });
        if (check) {
          const found = await directory.findLikelyDuplicates(trx, PERSON, space.id, { name: person.name, contacts: person.contacts }, { excludeId: person.id });
          if (found.length) throw new DuplicatesFound(found);
        }
        return person;
      });
    return withForm(request, reply, values, (form, status) => personFormPage(request, reply, space, form, status, options), async () => {
      let person: PersonView;
      try {
        person = await create(values.confirm !== '1');
      } catch (err) {
        if (!(err instanceof DuplicatesFound)) throw err;
        const duplicates = await visibleDuplicates(request, PERSON, err.candidates);
        if (duplicates.length) return personFormPage(request, reply, space, { values, errors: [] }, 200, { ...options, duplicates });
        person = await create(false);
      }
      return seeOther(request, reply, `/people/${person.id}?notice=created`);
    });
  });

  const ownProfileOptions = (request: FastifyRequest, space: Space, existing: PersonView | null) => ({
    action: `/people/me?space=${space.code}`,
    title: request.i18n.t('dir.people.my_profile'),
    intro: existing ? undefined : request.i18n.t('dir.people.my_profile_intro'),
    moderator: false,
    demographics: true,
    cancel: existing ? `/people/${existing.id}` : `/people?space=${space.code}`,
  });

  app.get<SpaceQuery>('/people/me', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) {
      const spaces = await listSpaces(db);
      const title = request.i18n.t('dir.people.my_profile');
      return sendPage(request, reply, { title, noindex: true }, (ctx) => <ChooseSpace ctx={ctx} title={title} spaces={spaces} path="/people/me" />);
    }
    const existing = await directory.myProfile(request.principal, space.id);
    const values: Values = existing
      ? personValues(existing)
      : { [`name.${request.locale}`]: request.user!.displayName, 'contacts.0.kind': 'email', 'contacts.0.value': request.user!.email, 'contacts.0.visibility': 'members', 'contacts.1.kind': 'phone', 'contacts.2.kind': 'website' };
    const image: ImageFormProps | undefined = existing ? { kind: 'photo', id: existing.id, sha256: existing.photoSha256 } : undefined;
    return personFormPage(request, reply, space, { values, errors: [] }, 200, { ...ownProfileOptions(request, space, existing), image });
  });

  app.post<SpaceQuery>('/people/me', async (request, reply) => {
    if (!request.user) throw new AppError('UNAUTHENTICATED');
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const existing = await directory.myProfile(request.principal, space.id);
    const values = personFormValues(request.body);
    return withForm(request, reply, values, (form, status) => personFormPage(request, reply, space, form, status, ownProfileOptions(request, space, existing)), async () => {
      const input = personInput(values);
      const person = existing
        ? await directory.updatePerson(request.principal, existing.id, input, actorOf(request))
        : await directory.createPerson(request.principal, space.id, input, actorOf(request), { self: true });
      return seeOther(request, reply, `/people/${person.id}?notice=${existing ? 'saved' : 'created'}`);
    });
  });

  app.get<IdParams>('/people/:id', async (request, reply) => {
    // A merged record sends old links to the record it was merged into; its space's editors may still open it.
    const target = await directory.mergedTarget(PERSON, request.params.id);
    const found = await directory.getPerson(request.principal, request.params.id).catch((err: unknown) => {
      if (target && err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (target && !found?.canModerate) return reply.redirect(hrefFor(request, `/people/${target}`), 301);
    const person = found!;
    const space = (await findSpaceById(db, person.spaceId))!;
    const region = await regionName(space.id, person.regionCode);
    const organizations = (await directory.affiliationsOfPerson(request.principal, person.id)).map((a) => ({
      id: a.organization_id,
      name: a.organization_name,
      role: a.role,
      start: a.start_date,
      end: a.end_date,
    }));
    const data = personJsonLd(person, {
      baseUrl: app.mosaic.config.baseUrl,
      locale: request.locale,
      regionName: region ? textFor(region, request.locale) : null,
      spaceCode: space.code,
      organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
    });
    const own = Boolean(request.user && person.userId === request.user.id);
    const canManageAffiliations = await directory.mayManageAffiliations(request.principal, person);
    const following = await isFollowing(db, request.user?.id, { type: PERSON, id: person.id });
    return sendPageWithJsonLd(request, reply, { title: localised(request, person.name, person.id).value, noindex: person.status !== 'published' }, data, (ctx) => (
      <PersonProfile ctx={ctx} person={person} space={space} regionName={region} organizations={organizations} notice={noticeOf(request)} own={own} canManageAffiliations={canManageAffiliations} following={following} />
    ));
  });

  const personEditOptions = (request: FastifyRequest, person: PersonView) => ({
    action: `/people/${person.id}/edit`,
    title: request.i18n.t('dir.people.edit', { name: localised(request, person.name, person.id).value }),
    moderator: person.canModerate,
    demographics: person.demographics !== null,
    cancel: `/people/${person.id}`,
  });

  const personEditPage = async (request: FastifyRequest, reply: FastifyReply, id: string, imageForm: FormState, status: number) => {
    const person = await directory.getPerson(request.principal, id);
    if (!person.canEdit) throw new AppError('FORBIDDEN');
    const space = (await findSpaceById(db, person.spaceId))!;
    const image: ImageFormProps = { kind: 'photo', id: person.id, sha256: person.photoSha256, form: imageForm };
    return personFormPage(request, reply, space, { values: personValues(person), errors: [] }, status, { ...personEditOptions(request, person), image });
  };

  app.get<IdParams>('/people/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return personEditPage(request, reply, request.params.id, EMPTY_FORM, 200);
  });

  // ---- Logos and photos (upload errors come back on the edit pages) -------------------------------
  registerDirectoryImages(app, (request, reply, kind, id, imageForm, status) =>
    kind === 'logo' ? orgEditPage(request, reply, id, imageForm, status) : personEditPage(request, reply, id, imageForm, status),
  );

  app.post<IdParams>('/people/:id/edit', async (request, reply) => {
    const person = await directory.getPerson(request.principal, request.params.id);
    if (!person.canEdit) throw new AppError(request.user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const space = (await findSpaceById(db, person.spaceId))!;
    const values = personFormValues(request.body);
    return withForm(request, reply, values, (form, status) => personFormPage(request, reply, space, form, status, personEditOptions(request, person)), async () => {
      await directory.updatePerson(request.principal, person.id, personInput(values), actorOf(request));
      return seeOther(request, reply, `/people/${person.id}?notice=saved`);
    });
  });

  app.post<IdParams>('/people/:id/status', async (request, reply) => {
    const status = String((request.body as Record<string, unknown> | undefined)?.status ?? '');
    await directory.updatePerson(request.principal, request.params.id, { status }, actorOf(request));
    return seeOther(request, reply, `/people/${request.params.id}?notice=status`);
  });

  app.post<IdParams>('/people/:id/verify', async (request, reply) => {
    const verified = (request.body as Record<string, unknown> | undefined)?.verified === '1';
    await directory.verifyPerson(request.principal, request.params.id, verified, actorOf(request));
    return seeOther(request, reply, `/people/${request.params.id}?notice=${verified ? 'verified' : 'unverified'}`);
  });

  // ---- Merge (organisations and people): choose the record to keep, then confirm --------------------
  /** A merge as the pages need it, for each kind of record. */
  interface MergeFlow {
    path: string;
    entity: typeof ORGANIZATION | typeof PERSON;
    /** The message when the record to keep does not exist (or is of the other kind). */
    notFound: string;
    get(request: FastifyRequest, id: string): Promise<OrganizationView | PersonView>;
    /** Both records as they are now, and how the confirmation shows them; field errors when they cannot be merged. */
    preview(request: FastifyRequest, keepId: string, dropId: string): Promise<{ keep: { id: string; updatedAt: string }; drop: { id: string; updatedAt: string }; view(ctx: ViewContext): { keep: MergeSide; drop: MergeSide; moves: string[] } }>;
    merge(request: FastifyRequest, keepId: string, dropId: string): Promise<unknown>;
  }
  const flows: Record<MergeKind, MergeFlow> = {
    organization: {
      path: '/organizations',
      entity: ORGANIZATION,
      notFound: 'dir.merge.not_found',
      get: (request, id) => directory.getOrganization(request.principal, id),
      async preview(request, keepId, dropId) {
        const p = await directory.previewOrganizationMerge(request.principal, keepId, dropId);
        const regions = [await regionName(p.keep.organization.spaceId, p.keep.organization.regionCode), await regionName(p.drop.organization.spaceId, p.drop.organization.regionCode)] as const;
        return {
          keep: p.keep.organization,
          drop: p.drop.organization,
          view: (ctx) => ({ keep: organizationSide(ctx, p.keep, regions[0]), drop: organizationSide(ctx, p.drop, regions[1]), moves: organizationMoves(ctx, p.drop) }),
        };
      },
      merge: (request, keepId, dropId) => directory.mergeOrganizations(request.principal, keepId, dropId, actorOf(request)),
    },
    person: {
      path: '/people',
      entity: PERSON,
      notFound: 'dir.merge.person_not_found',
      get: (request, id) => directory.getPerson(request.principal, id),
      async preview(request, keepId, dropId) {
        const p = await directory.previewPersonMerge(request.principal, keepId, dropId);
        const regions = [await regionName(p.keep.spaceId, p.keep.regionCode), await regionName(p.drop.spaceId, p.drop.regionCode)] as const;
        return {
          keep: p.keep,
          drop: p.drop,
          view: (ctx) => ({ keep: personSide(ctx, p.keep, p.keepAffiliations, regions[0]), drop: personSide(ctx, p.drop, p.dropAffiliations, regions[1]), moves: personMoves(ctx, p.drop, p.dropAffiliations) }),
        };
      },
      merge: (request, keepId, dropId) => directory.mergePeople(request.principal, keepId, dropId, actorOf(request)),
    },
  };

  // The confirmation token names both records as the editor saw them (their last change) and the
  // editor: a merge needs the confirmation page, and one changed since then is shown again.
  const mergeKey = createHmac('sha256', app.mosaic.config.secretKey).update('mosaic.directory.merge-confirmation.v1').digest();
  const mergeToken = (request: FastifyRequest, kind: MergeKind, drop: { id: string; updatedAt: string }, keep: { id: string; updatedAt: string }) =>
    createHmac('sha256', mergeKey)
      .update([kind, drop.id, drop.updatedAt, keep.id, keep.updatedAt, request.user?.id ?? ''].join('\n'))
      .digest('base64url');
  const sameToken = (sent: string | undefined, expected: string) => sent !== undefined && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));

  for (const kind of ['organization', 'person'] as const) {
    const flow = flows[kind];

    /** The record to merge, for an editor of its space. */
    const toMerge = async (request: FastifyRequest<IdParams>) => {
      const record = await flow.get(request, request.params.id);
      authorize(request.principal, 'content.verify', { spaceId: record.spaceId });
      return record;
    };

    const choosePage = async (request: FastifyRequest, reply: FastifyReply, record: OrganizationView | PersonView, form: FormState, status: number) => {
      const found = await directory.findLikelyDuplicates(db, flow.entity, record.spaceId, { name: record.name, contacts: record.contacts }, { excludeId: record.id });
      const duplicates = await visibleDuplicates(request, flow.entity, found);
      const title = request.i18n.t('dir.merge.choose_title', { name: localised(request, record.name, record.id).value });
      return sendPage(request, reply, { title, status, noindex: true }, (ctx) => <MergeChoose ctx={ctx} kind={kind} id={record.id} name={record.name} duplicates={duplicates} form={form} />);
    };

    app.get<IdParams>(`${flow.path}/:id/merge`, async (request, reply) => {
      if (!requireUser(request, reply)) return reply;
      const record = await toMerge(request);
      if (record.mergedInto) return seeOther(request, reply, `${flow.path}/${record.id}`);
      return choosePage(request, reply, record, EMPTY_FORM, 200);
    });

    app.post<IdParams>(`${flow.path}/:id/merge`, async (request, reply) => {
      const record = await toMerge(request);
      const values = mergeValues(request.body);
      return withForm(request, reply, values, (form, status) => choosePage(request, reply, record, form, status), async () => {
        const keepId = mergeChoice(values);
        const field = values.intoId?.trim() ? 'intoId' : 'into';
        // Errors name the field the record was chosen with.
        const onField = (err: unknown): never => {
          if (err instanceof AppError && err.code === 'NOT_FOUND') throw validationError([{ field, key: flow.notFound }]);
          if (err instanceof AppError && err.code === 'VALIDATION') throw validationError((err.options.fields ?? []).map((f) => ({ ...f, field })));
          throw err;
        };
        const preview = await flow.preview(request, keepId, record.id).catch(onField);
        const token = mergeToken(request, kind, preview.drop, preview.keep);
        if (!sameToken(values.confirm, token)) {
          // The first step, or a confirmation that is not for these records as they are now: merge nothing, show them.
          const stale = values.confirm !== undefined;
          return sendPage(request, reply, { title: request.i18n.t('dir.merge.confirm_title'), noindex: true, status: stale ? 400 : 200 }, (ctx) => (
            <MergeConfirm ctx={ctx} kind={kind} {...preview.view(ctx)} token={token} stale={stale} />
          ));
        }
        try {
          await flow.merge(request, keepId, record.id);
        } catch (err) {
          // Changed since the confirmation (merged meanwhile, or an account attached): say why.
          if (err instanceof AppError && err.code === 'CONFLICT') await flow.preview(request, keepId, record.id).catch(onField);
          onField(err);
        }
        return seeOther(request, reply, `${flow.path}/${keepId}?notice=merged`);
      });
    });
  }

  // ---- A person's organisations ------------------------------------------------------------------
  registerAffiliationPages(app);

  // ---- Claims queue -----------------------------------------------------------------------------
  app.get<SpaceQuery>('/admin/claims', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    authorize(request.principal, 'content.verify');
    const rows = await directory.pendingClaims(request.principal);
    const claims = rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      organizationName: fromJson<TranslatedText>(r.organization_name, {}),
      claimant: r.display_name,
      email: r.email,
      message: r.message,
      createdAt: r.created_at,
    }));
    return sendPage(request, reply, { title: request.i18n.t('dir.claims.title'), noindex: true }, (ctx) => <ClaimsPage ctx={ctx} claims={claims} done={first(request.query.done)} />);
  });

  app.post<IdParams>('/admin/claims/:id', async (request, reply) => {
    const decision = (request.body as Record<string, unknown> | undefined)?.decision;
    if (decision !== 'approve' && decision !== 'reject') throw new AppError('BAD_REQUEST');
    await directory.decideClaim(request.principal, request.params.id, decision === 'approve', actorOf(request));
    return seeOther(request, reply, `/admin/claims?done=${decision}`);
  });
}
