/**
 * Opportunity pages: the faceted listing /opportunities (type, domain, region, open/closed —
 * plain links, no JavaScript) with its Atom feed, an opportunity with its follow button, and the
 * editors' form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/policy.js';
import { actorOf, seeOther } from '../../platform/http/context.js';
import { AppError } from '../../platform/http/errors.js';
import { textFor } from '../../platform/i18n/content.js';
import { LOCALES, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import { ErrorSummary, Notice, OutsideLink, Pager, PostForm, SelectField, type FormState } from '../../platform/views/components.js';
import type { ViewContext } from '../../platform/views/context.js';
import { withForm } from '../../platform/views/forms.js';
import { sendPage } from '../../platform/views/render.js';
import { DOMAINS } from '../directory/classification.js';
import { all, first, isId, pageNumber, requireUser, Text, type Query } from '../directory/views/common.js';
import { CheckboxGroup, Input, TranslatedFields } from '../directory/views/form-fields.js';
import { xmlEscape } from '../news/news.feeds.js';
import { FollowButton } from '../notifications/notifications.pages.js';
import { isFollowing } from '../notifications/notifications.service.js';
import { findSpaceById, getSpace, listRegions, listSpaces, normaliseSpaceCode, type Region, type Space } from '../spaces/spaces.service.js';
import {
  createOpportunity,
  getOpportunity,
  listDrafts,
  listOpportunities,
  OPPORTUNITY,
  OPPORTUNITY_KINDS,
  SPACE_TIME_ZONES,
  updateOpportunity,
  type OpportunityFilters,
  type OpportunityInput,
  type OpportunityView,
} from './opportunities.service.js';

const PAGE_SIZE = 20;
const KIND_LABEL: Record<string, string> = { call: 'opp.kind.call', grant: 'opp.kind.grant', job: 'opp.kind.job', residency: 'opp.kind.residency', tender: 'opp.kind.tender' };
const STATE_LABEL: Record<string, string> = { open: 'opp.state.open', closed: 'opp.state.closed', draft: 'opp.state.draft' };
const NOTICES: Record<string, string> = { created: 'opp.notice.created', saved: 'opp.notice.saved' };

function filtersOf(query: Query): OpportunityFilters {
  const pick = (values: string[], allowed: readonly string[] | RegExp) => values.filter((v) => (Array.isArray(allowed) ? allowed.includes(v) : (allowed as RegExp).test(v))).slice(0, 20);
  return {
    kinds: pick(all(query.type), OPPORTUNITY_KINDS),
    domains: pick(all(query.domain), DOMAINS),
    regions: pick(all(query.region), /^[A-Z]{2}-[A-Z0-9]{1,3}$/),
    state: first(query.state) === 'closed' ? 'closed' : 'open',
  };
}

function queryString(space: Space | null, f: OpportunityFilters, change: { param: string; value: string } | null): string {
  const params = new URLSearchParams();
  if (space) params.set('space', space.code);
  const lists: [string, string[]][] = [['type', f.kinds], ['domain', f.domains], ['region', f.regions]];
  for (const [param, values] of lists) {
    let next = values;
    if (change?.param === param) next = values.includes(change.value) ? values.filter((v) => v !== change.value) : [...values, change.value];
    for (const v of next) params.append(param, v);
  }
  const state = change?.param === 'state' ? change.value : f.state;
  if (state === 'closed') params.set('state', 'closed');
  const s = params.toString();
  return s ? `?${s}` : '';
}

function Deadline({ ctx, o }: { ctx: ViewContext; o: OpportunityView }) {
  return (
    <time datetime={o.deadlineAt}>
      {ctx.i18n.dateTime(o.deadlineAt, o.timeZone)} ({o.timeZone})
    </time>
  );
}

/** Registers the pages. */
export function registerOpportunityPages(app: FastifyInstance): void {
  const { db, config } = app.mosaic;

  async function spaceParam(query: Query): Promise<Space | null> {
    const raw = first(query.space);
    if (!raw) return null;
    const code = normaliseSpaceCode(raw);
    if (!code) throw new AppError('NOT_FOUND');
    return getSpace(db, code);
  }

  app.get<{ Querystring: Query }>('/opportunities', async (request, reply) => {
    const space = await spaceParam(request.query);
    const filters = filtersOf(request.query);
    const page = pageNumber(request.query.page);
    const result = await listOpportunities(db, space ? [space.id] : null, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const regions: Region[] = space ? await listRegions(db, space.id) : [];
    const spaces = await listSpaces(db);
    const drafts = space ? await listDrafts(db, request.principal, space.id) : [];
    const feed = `/opportunities/feed.atom${space ? `?space=${space.code}` : ''}`;
    const title = request.i18n.t('opp.title');
    return sendPage(request, reply, { title, head: <link rel="alternate" type="application/atom+xml" title={`${title} (Atom)`} href={feed} /> }, (ctx) => {
      const facet = (param: string, label: string, values: { value: string; label: string }[], counts: Map<string, number>, chosen: string[]) => (
        <>
          <h3>{label}</h3>
          <ul class="facets">
            {values
              .filter((v) => counts.get(v.value) || chosen.includes(v.value))
              .map((v) => (
                <li>
                  <a href={ctx.href(`/opportunities${queryString(space, filters, { param, value: v.value })}`)} class={chosen.includes(v.value) ? 'on' : undefined}>
                    {v.label} <span>({counts.get(v.value) ?? 0})</span>
                  </a>
                </li>
              ))}
          </ul>
        </>
      );
      return (
        <>
          <h1>{title}</h1>
          <p>
            {spaces.map((s, i) => (
              <>
                {i ? ' · ' : ''}
                <a href={ctx.href(`/opportunities?space=${s.code}`)} aria-current={space?.id === s.id ? 'true' : undefined}><Text ctx={ctx} value={s.name} /></a>
              </>
            ))}
          </p>
          {space && can(ctx.principal, 'content.create', { spaceId: space.id }) ? (
            <p><a class="button" href={ctx.href(`/opportunities/new?space=${space.code}`)}>{ctx.t('opp.new')}</a></p>
          ) : null}
          <nav aria-labelledby="opp-refine">
            <h2 id="opp-refine" class="visually-hidden">{ctx.t('opp.refine')}</h2>
            <p>
              {(['open', 'closed'] as const).map((s, i) => (
                <>
                  {i ? ' · ' : ''}
                  <a href={ctx.href(`/opportunities${queryString(space, filters, { param: 'state', value: s })}`)} aria-current={filters.state === s ? 'true' : undefined}>
                    {ctx.t(STATE_LABEL[s]!)} ({result.facets.state.get(s) ?? 0})
                  </a>
                </>
              ))}
            </p>
            {facet('type', ctx.t('opp.field.kind'), OPPORTUNITY_KINDS.map((k) => ({ value: k, label: ctx.t(KIND_LABEL[k]!) })), result.facets.kind, filters.kinds)}
            {facet('domain', ctx.t('opp.field.domains'), DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) })), result.facets.domain, filters.domains)}
            {space ? facet('region', ctx.t('opp.field.regions'), regions.map((r) => ({ value: r.code, label: textFor(r.name, ctx.locale) })), result.facets.region, filters.regions) : null}
          </nav>
          <p>{ctx.t('opp.count', { count: result.total })}</p>
          <ol class="results">
            {result.items.map((o) => (
              <li>
                <h2><a href={ctx.href(`/opportunities/${o.id}`)}><Text ctx={ctx} value={o.title} /></a></h2>
                <p class="meta">
                  {ctx.t(KIND_LABEL[o.kind]!)} · {ctx.t('opp.deadline')}: <Deadline ctx={ctx} o={o} />
                  {o.state === 'closed' ? <> · <strong>{ctx.t('opp.state.closed')}</strong></> : null}
                </p>
              </li>
            ))}
          </ol>
          <Pager ctx={ctx} page={page} pageSize={PAGE_SIZE} total={result.total} link={(n) => ctx.href(`/opportunities${queryString(space, filters, null) || '?'}${queryString(space, filters, null) ? '&' : ''}page=${n}`)} />
          {drafts.length ? (
            <section>
              <h2>{ctx.t('opp.drafts')}</h2>
              <ul>{drafts.map((o) => <li><a href={ctx.href(`/opportunities/${o.id}`)}><Text ctx={ctx} value={o.title} /></a></li>)}</ul>
            </section>
          ) : null}
          <p><a href={feed}>Atom</a></p>
        </>
      );
    });
  });

  app.get<{ Querystring: Query }>('/opportunities/feed.atom', async (request, reply) => {
    const space = await spaceParam(request.query);
    const { items } = await listOpportunities(db, space ? [space.id] : null, { kinds: [], domains: [], regions: [], state: 'open' }, { limit: 50, offset: 0 });
    const locale = request.locale;
    const base = `${config.baseUrl}/${locale.toLowerCase()}`;
    const self = `${config.baseUrl}/opportunities/feed.atom${space ? `?space=${space.code}` : ''}`;
    const updated = items.reduce((m, o) => (o.updatedAt > m ? o.updatedAt : m), '1970-01-01T00:00:00.000Z');
    const entries = items.map((o) =>
      [
        '<entry>',
        `<id>urn:uuid:${o.id}</id>`,
        `<title>${xmlEscape(textFor(o.title, locale))}</title>`,
        `<link rel="alternate" type="text/html" href="${xmlEscape(`${base}/opportunities/${o.id}`)}"/>`,
        `<updated>${o.updatedAt}</updated>`,
        `<category term="${o.kind}"/>`,
        `<summary type="text">${xmlEscape(`${request.i18n.t('opp.deadline')}: ${o.deadlineLocal.replace('T', ' ')} (${o.timeZone}). ${textFor(o.description, locale).slice(0, 400)}`)}</summary>`,
        '</entry>',
      ].join(''),
    );
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
      `<id>${xmlEscape(self)}</id>`,
      `<title>${xmlEscape(`${request.i18n.t('opp.title')}${space ? ` · ${textFor(space.name, locale)}` : ''} · Mosaic`)}</title>`,
      `<updated>${updated}</updated>`,
      `<link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>`,
      `<link rel="alternate" type="text/html" href="${xmlEscape(`${base}/opportunities${space ? `?space=${space.code}` : ''}`)}"/>`,
      '<author><name>Mosaic</name></author>',
      ...entries,
      '</feed>',
    ].join('\n');
    reply.header('Cache-Control', 'public, max-age=300');
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  function values(o: OpportunityView | null, space: Space): Record<string, string | undefined> {
    if (!o) return { kind: 'call', status: 'open', timeZone: SPACE_TIME_ZONES[space.code] ?? 'UTC' };
    const out: Record<string, string | undefined> = {};
    for (const f of ['title', 'description', 'eligibility'] as const) for (const [l, v] of Object.entries(o[f])) out[`${f}.${l}`] = v?.value;
    return { ...out, kind: o.kind, domains: o.domains.join(','), regions: o.regions.join(','), deadline: o.deadlineLocal, timeZone: o.timeZone, applyUrl: o.applyUrl ?? '', applyContact: o.applyContact ?? '', status: o.status };
  }

  function bodyValues(body: unknown): Record<string, string | undefined> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const out: Record<string, string | undefined> = {};
    for (const n of ['kind', 'deadline', 'timeZone', 'applyUrl', 'applyContact', 'status', ...['title', 'description', 'eligibility'].flatMap((f) => LOCALES.map((l) => `${f}.${l}`))]) {
      const v = Array.isArray(b[n]) ? (b[n] as unknown[])[0] : b[n];
      if (typeof v === 'string') out[n] = v.slice(0, 25_000);
    }
    out.domains = all(b.domains).join(',');
    out.regions = all(b.regions).join(',');
    return out;
  }

  function inputOf(v: Record<string, string | undefined>): OpportunityInput {
    const field = (name: string) => Object.fromEntries(LOCALES.map((l) => [l, v[`${name}.${l}`] ?? '']));
    const list = (s: string | undefined) => (s ?? '').split(',').filter(Boolean);
    return { kind: v.kind, title: field('title'), description: field('description'), eligibility: field('eligibility'), domains: list(v.domains), regions: list(v.regions), deadline: v.deadline ?? '', timeZone: v.timeZone ?? '', applyUrl: v.applyUrl ?? '', applyContact: v.applyContact ?? '', status: v.status };
  }

  async function formPage(request: FastifyRequest, reply: FastifyReply, space: Space, form: FormState, status: number, action: string, title: string) {
    const regions = await listRegions(db, space.id);
    return sendPage(request, reply, { title, noindex: true, status }, (ctx) => {
      const primary = [...new Set([...space.locales.map((l) => parseLocale(l)).filter((l): l is Locale => l !== null), ctx.locale])];
      const langs = { primary, others: LOCALES.filter((l) => !primary.includes(l)) };
      return (
        <>
          <h1>{title}</h1>
          <ErrorSummary ctx={ctx} form={form} />
          <PostForm ctx={ctx} action={action}>
            <SelectField ctx={ctx} form={form} name="kind" label={ctx.t('opp.field.kind')} options={OPPORTUNITY_KINDS.map((k) => ({ value: k, label: ctx.t(KIND_LABEL[k]!) }))} />
            <TranslatedFields ctx={ctx} form={form} name="title" legend={ctx.t('opp.field.title')} {...langs} />
            <TranslatedFields ctx={ctx} form={form} name="description" legend={ctx.t('opp.field.description')} {...langs} multiline />
            <TranslatedFields ctx={ctx} form={form} name="eligibility" legend={ctx.t('opp.field.eligibility')} {...langs} multiline />
            <CheckboxGroup ctx={ctx} form={form} name="domains" legend={ctx.t('opp.field.domains')} options={DOMAINS.map((d) => ({ value: d, label: ctx.t(`domain.${d}`) }))} />
            <CheckboxGroup ctx={ctx} form={form} name="regions" legend={ctx.t('opp.field.regions')} options={regions.map((r) => ({ value: r.code, label: textFor(r.name, ctx.locale) }))} />
            <Input ctx={ctx} form={form} name="deadline" label={ctx.t('opp.field.deadline')} hint={ctx.t('opp.field.deadline_hint')} required />
            <Input ctx={ctx} form={form} name="timeZone" label={ctx.t('opp.field.time_zone')} hint={ctx.t('opp.field.time_zone_hint')} />
            <Input ctx={ctx} form={form} name="applyUrl" label={ctx.t('opp.field.apply_url')} />
            <Input ctx={ctx} form={form} name="applyContact" label={ctx.t('opp.field.apply_contact')} hint={ctx.t('opp.field.apply_hint')} />
            <SelectField ctx={ctx} form={form} name="status" label={ctx.t('opp.field.status')} options={['draft', 'open', 'closed'].map((s) => ({ value: s, label: ctx.t(STATE_LABEL[s]!) }))} />
            <button type="submit">{ctx.t('opp.save')}</button>
          </PostForm>
        </>
      );
    });
  }

  app.get<{ Querystring: Query }>('/opportunities/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return formPage(request, reply, space, { values: values(null, space), errors: [] }, 200, `/opportunities/new?space=${space.code}`, request.i18n.t('opp.new'));
  });

  app.post<{ Querystring: Query }>('/opportunities/new', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const space = await spaceParam(request.query);
    if (!space) throw new AppError('NOT_FOUND');
    const v = bodyValues(request.body);
    const action = `/opportunities/new?space=${space.code}`;
    return withForm(request, reply, v, (form, status) => formPage(request, reply, space, form, status, action, request.i18n.t('opp.new')), async () => {
      const o = await createOpportunity(db, request.principal, space, inputOf(v), actorOf(request));
      return seeOther(request, reply, `/opportunities/${o.id}?notice=created`);
    });
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/opportunities/:id', async (request, reply) => {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const o = await getOpportunity(db, request.principal, request.params.id);
    const space = (await findSpaceById(db, o.spaceId))!;
    const following = await isFollowing(db, request.user?.id, { type: OPPORTUNITY, id: o.id });
    const notice = NOTICES[first(request.query.notice) ?? ''];
    return sendPage(request, reply, { title: textFor(o.title, request.locale), noindex: o.state === 'draft' }, (ctx) => (
      <article>
        {notice ? <Notice kind="good">{ctx.t(notice)}</Notice> : null}
        <h1><Text ctx={ctx} value={o.title} /></h1>
        <p class="meta">
          {ctx.t(KIND_LABEL[o.kind]!)} · <a href={ctx.href(`/opportunities?space=${space.code}`)}><Text ctx={ctx} value={space.name} /></a> · <strong>{ctx.t(STATE_LABEL[o.state]!)}</strong>
        </p>
        <p>
          {ctx.t('opp.deadline')}: <Deadline ctx={ctx} o={o} />
        </p>
        {o.state !== 'draft' ? <FollowButton ctx={ctx} target={{ type: OPPORTUNITY, id: o.id }} following={following} /> : null}
        {textFor(o.description, ctx.locale).split(/\n{2,}/).filter(Boolean).map((p) => <p>{p}</p>)}
        {Object.keys(o.eligibility).length ? (
          <>
            <h2>{ctx.t('opp.field.eligibility')}</h2>
            <p><Text ctx={ctx} value={o.eligibility} /></p>
          </>
        ) : null}
        {o.domains.length ? <p>{ctx.t('opp.field.domains')}: {o.domains.map((d) => ctx.t(`domain.${d}`)).join(', ')}</p> : null}
        <h2>{ctx.t('opp.how_to_apply')}</h2>
        {o.applyUrl ? <p><OutsideLink href={o.applyUrl} /></p> : null}
        {o.applyContact ? <p>{o.applyContact}</p> : null}
        {can(ctx.principal, 'content.edit', { spaceId: o.spaceId }) ? <p><a href={ctx.href(`/opportunities/${o.id}/edit`)}>{ctx.t('opp.edit')}</a></p> : null}
      </article>
    ));
  });

  async function editable(request: FastifyRequest<{ Params: { id: string } }>) {
    if (!isId(request.params.id)) throw new AppError('NOT_FOUND');
    const o = await getOpportunity(db, request.principal, request.params.id);
    authorize(request.principal, 'content.edit', { spaceId: o.spaceId });
    return { o, space: (await findSpaceById(db, o.spaceId))! };
  }

  app.get<{ Params: { id: string } }>('/opportunities/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { o, space } = await editable(request);
    return formPage(request, reply, space, { values: values(o, space), errors: [] }, 200, `/opportunities/${o.id}/edit`, request.i18n.t('opp.edit'));
  });

  app.post<{ Params: { id: string } }>('/opportunities/:id/edit', async (request, reply) => {
    if (!requireUser(request, reply)) return reply;
    const { o, space } = await editable(request);
    const v = bodyValues(request.body);
    return withForm(request, reply, v, (form, status) => formPage(request, reply, space, form, status, `/opportunities/${o.id}/edit`, request.i18n.t('opp.edit')), async () => {
      await updateOpportunity(db, request.principal, o.id, inputOf(v), actorOf(request));
      return seeOther(request, reply, `/opportunities/${o.id}?notice=saved`);
    });
  });
}
