/**
 * A person's organisations, by hand:
 *
 *   GET  /people/:id/affiliations[?q=…]          the list, a search for the organisation, the form
 *   POST /people/:id/affiliations                adds one (organisation, role, start and end)
 *   POST /people/:id/affiliations/:aid/delete    removes one
 *
 * Open to the person themself and the space's editors (any organisation of the space), and to
 * the editors of an organisation (their own organisations only). A rejected form comes back with
 * its errors and what was typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, hrefFor, seeOther } from '../../platform/http/context.js';
import { AppError, validationError } from '../../platform/http/errors.js';
import { EMPTY_FORM, type FormState } from '../../platform/views/components.js';
import { formValues, withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { findSpaceById } from '../spaces/spaces.service.js';
import { AffiliationsPage } from './views/affiliations.js';
import { first, isId, localised, requireUser, type Query } from './views/common.js';

type Params = { Params: { id: string }; Querystring: Query };

const NOTICES: Record<string, string> = { added: 'dir.notice.aff_added', removed: 'dir.notice.aff_removed' };
const FIELDS = ['q', 'organizationId', 'role', 'startDate', 'endDate'] as const;

/** The words searched for, bounded. */
function searchWords(value: string | undefined): string {
  return (value ?? '').trim().slice(0, 200);
}

/** Registers the routes. */
export function registerAffiliationPages(app: FastifyInstance): void {
  const { db, directory } = app.mosaic;

  async function page(request: FastifyRequest<Params>, reply: FastifyReply, q: string, form: FormState, status: number) {
    const access = await directory.affiliationAccess(request.principal, request.params.id);
    const { person } = access;
    // Affiliations of a merged record moved to the kept one.
    if (person.mergedInto) return reply.redirect(hrefFor(request, `/people/${person.mergedInto}/affiliations`), 303);
    const space = (await findSpaceById(db, person.spaceId))!;
    const results = access.all && q ? await directory.organizationChoices(request.principal, space.id, q) : null;
    const items = access.affiliations.map((a) => ({
      id: a.id,
      organizationId: a.organization_id,
      name: a.organization_name,
      role: a.role,
      start: a.start_date,
      end: a.end_date,
      canRemove: a.canRemove,
    }));
    const notice = first(request.query.notice);
    const title = request.i18n.t('dir.aff.title', { name: localised(request, person.name, person.id).value });
    return sendPage(request, reply, { title, status, noindex: true }, (ctx) => (
      <AffiliationsPage
        ctx={ctx}
        person={person}
        space={space}
        all={access.all}
        items={items}
        own={access.organizations}
        results={results}
        q={q}
        form={form}
        notice={notice && NOTICES[notice] ? ctx.t(NOTICES[notice]!) : null}
      />
    ));
  }

  app.get<Params>('/people/:id/affiliations', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    return page(request, reply, searchWords(first(request.query.q)), EMPTY_FORM, 200);
  });

  app.post<Params>('/people/:id/affiliations', async (request, reply) => {
    // Refuses (401/403) before anything is read from the form.
    await directory.affiliationAccess(request.principal, request.params.id);
    const values = formValues(request.body, FIELDS);
    const q = searchWords(values.q);
    return withForm(request, reply, values, (form, status) => page(request, reply, q, form, status), async () => {
      const organizationId = values.organizationId?.toLowerCase();
      if (!isId(organizationId)) throw validationError([{ field: 'organizationId', key: 'dir.aff.pick' }]);
      try {
        await directory.addAffiliation(
          request.principal,
          { personId: request.params.id, organizationId, role: values.role, startDate: values.startDate, endDate: values.endDate },
          actorOf(request),
        );
      } catch (err) {
        // The organisation chosen: gone since the search, or not one this reader may name.
        if (err instanceof AppError && err.code === 'NOT_FOUND') throw validationError([{ field: 'organizationId', key: 'dir.aff.not_found' }]);
        if (err instanceof AppError && err.code === 'FORBIDDEN') throw validationError([{ field: 'organizationId', key: 'dir.aff.not_yours' }]);
        throw err;
      }
      return seeOther(request, reply, `/people/${request.params.id}/affiliations?notice=added`);
    });
  });

  app.post<{ Params: { id: string; affiliationId: string } }>('/people/:id/affiliations/:affiliationId/delete', async (request, reply) => {
    if (!isId(request.params.affiliationId)) throw new AppError('NOT_FOUND');
    await directory.removeAffiliation(request.principal, request.params.id, request.params.affiliationId, actorOf(request));
    return seeOther(request, reply, `/people/${request.params.id}/affiliations?notice=removed`);
  });
}
