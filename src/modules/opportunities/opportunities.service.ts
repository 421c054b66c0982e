/**
 * Opportunities: calls for proposals, grants, jobs, residencies and tenders. The deadline is
 * written as the publisher sees it (local date and time in an IANA time zone) and kept as a UTC
 * instant, so "open" is a comparison with the clock: a listing never shows a past deadline as
 * open even before the hourly job has marked it closed. The same job reminds followers
 * REMINDER_DAYS before the deadline (through notify()).
 */
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { authorize, can, type Principal } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson, toJson } from '../../platform/db/json.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { TranslatedText } from '../../platform/i18n/content.js';
import { parseLocale } from '../../platform/i18n/locales.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { indexEntity, LEVEL } from '../../platform/search/search.js';
import { webAddress } from '../../platform/validation.js';
import { DOMAINS } from '../directory/classification.js';
import { translated } from '../news/news.service.js';
import { followersOf, notify, registerFollowTargetType, registerNotificationCategory } from '../notifications/notifications.service.js';
import * as repo from './opportunities.repository.js';

/** Entity type in the search index and follow target type. */
export const OPPORTUNITY = 'opportunity';
export const OPPORTUNITY_KINDS = ['call', 'grant', 'job', 'residency', 'tender'] as const;
export const OPPORTUNITY_STATUSES = ['draft', 'open', 'closed'] as const;
/** Job type: close overdue opportunities and send deadline reminders (hourly). */
export const OPPORTUNITIES_JOB = 'opportunities.deadlines';
/** Followers are reminded this many days before a deadline. */
export const REMINDER_DAYS = 3;
/** Notification category of the reminders. */
export const DEADLINE_CATEGORY = 'opportunity_deadline';
/** The zone offered first for each space. */
export const SPACE_TIME_ZONES: Record<string, string> = { LA: 'Asia/Vientiane', UZ: 'Asia/Tashkent', RW: 'Africa/Kigali' };

registerNotificationCategory({ key: DEADLINE_CATEGORY, labelKey: 'opp.category.deadline', modes: ['immediate', 'daily', 'weekly', 'off'], defaultMode: 'immediate' });
registerFollowTargetType({
  type: OPPORTUNITY,
  async describe(db, ids) {
    const rows = (await repo.findOpportunities(db, ids)).filter((r) => r.status !== 'draft');
    return new Map(rows.map((r) => [r.id, { title: fromJson<TranslatedText>(r.title, {}), url: `/opportunities/${r.id}` }]));
  },
});

/** What a publisher sends. */
export interface OpportunityInput {
  kind?: string;
  title?: Record<string, string | undefined>;
  description?: Record<string, string | undefined>;
  eligibility?: Record<string, string | undefined>;
  domains?: string[];
  regions?: string[];
  /** "YYYY-MM-DDTHH:MM" (or a date alone: end of that day) in `timeZone`. */
  deadline?: string;
  timeZone?: string;
  applyUrl?: string;
  applyContact?: string;
  status?: string;
}

/** An opportunity as pages and the API show it. */
export interface OpportunityView {
  id: string;
  spaceId: string;
  kind: string;
  title: TranslatedText;
  description: TranslatedText;
  eligibility: TranslatedText;
  domains: string[];
  regions: string[];
  deadlineLocal: string;
  timeZone: string;
  deadlineAt: string;
  applyUrl: string | null;
  applyContact: string | null;
  status: string;
  /** open, closed or draft, as of now (a past deadline is closed even before the job runs). */
  state: 'open' | 'closed' | 'draft';
  updatedAt: string;
}

export function toView(row: repo.OpportunityRow, now = nowIso()): OpportunityView {
  return {
    id: row.id,
    spaceId: row.space_id,
    kind: row.kind,
    title: fromJson<TranslatedText>(row.title, {}),
    description: fromJson<TranslatedText>(row.description, {}),
    eligibility: fromJson<TranslatedText>(row.eligibility, {}),
    domains: fromJson<string[]>(row.domains, []),
    regions: fromJson<string[]>(row.regions, []),
    deadlineLocal: row.deadline_local,
    timeZone: row.time_zone,
    deadlineAt: row.deadline_at,
    applyUrl: row.apply_url,
    applyContact: row.apply_contact,
    status: row.status,
    state: stateOf(row, now),
    updatedAt: row.updated_at,
  };
}

function stateOf(row: { status: string; deadline_at: string }, now: string): 'open' | 'closed' | 'draft' {
  if (row.status === 'draft') return 'draft';
  return row.status === 'open' && row.deadline_at > now ? 'open' : 'closed';
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function offsetMinutes(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant) / 60_000);
}

/** The UTC instant of a local "YYYY-MM-DDTHH:MM" in `zone`, or null when it is not one. */
export function localToInstant(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(local.trim());
  if (!m || !isTimeZone(zone)) return null;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 23 : Number(m[4]), m[5] === undefined ? 59 : Number(m[5])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 2000 || y > 2100) return null;
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(guess).getUTCDate() !== d) return null;
  let instant = guess - offsetMinutes(guess, zone) * 60_000;
  instant = guess - offsetMinutes(instant, zone) * 60_000;
  return new Date(instant);
}

function clean(value: unknown, max: number): string {
  return typeof value === 'string' ? value.normalize('NFC').trim().slice(0, max) : '';
}

function checkInput(input: OpportunityInput, before: OpportunityView | null, defaultZone: string) {
  const errors: FieldError[] = [];
  const kind = input.kind ?? before?.kind ?? '';
  if (!(OPPORTUNITY_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', key: 'validation.choice' });
  const title = translated('title', input.title, !before, 200, errors);
  const description = translated('description', input.description, false, 20_000, errors);
  const eligibility = translated('eligibility', input.eligibility, false, 5_000, errors);
  const domains = input.domains ?? before?.domains ?? [];
  if (domains.some((d) => !(DOMAINS as readonly string[]).includes(d))) errors.push({ field: 'domains', key: 'validation.choice' });
  const regions = input.regions ?? before?.regions ?? [];
  if (regions.some((r) => !/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(r))) errors.push({ field: 'regions', key: 'validation.choice' });
  const timeZone = clean(input.timeZone, 64) || before?.timeZone || defaultZone;
  if (!isTimeZone(timeZone)) errors.push({ field: 'timeZone', key: 'opp.error.time_zone' });
  const deadlineLocal = clean(input.deadline, 20) || before?.deadlineLocal || '';
  const deadlineAt = isTimeZone(timeZone) ? localToInstant(deadlineLocal, timeZone) : null;
  if (!deadlineAt && isTimeZone(timeZone)) errors.push({ field: 'deadline', key: deadlineLocal ? 'opp.error.deadline' : 'validation.required' });
  const typedUrl = input.applyUrl === undefined ? (before?.applyUrl ?? '') : clean(input.applyUrl, 500);
  const applyUrl = typedUrl ? webAddress(typedUrl) : null;
  if (typedUrl && !applyUrl) errors.push({ field: 'applyUrl', key: 'opp.error.url' });
  const applyContact = input.applyContact === undefined ? (before?.applyContact ?? '') : clean(input.applyContact, 300);
  if (!typedUrl && !applyContact) errors.push({ field: 'applyUrl', key: 'opp.error.how_to_apply' });
  const status = input.status || before?.status || 'open';
  if (!(OPPORTUNITY_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', key: 'validation.choice' });
  if (errors.length) throw validationError(errors);
  // Languages sent replace (or, when empty, remove) those languages; others are kept.
  const keep = (b: TranslatedText | undefined, given: TranslatedText, raw: Record<string, string | undefined> | undefined): TranslatedText => {
    if (!b) return given;
    const out: TranslatedText = { ...b };
    for (const key of Object.keys(raw ?? {})) {
      const l = parseLocale(key);
      if (l) delete out[l];
    }
    return { ...out, ...given };
  };
  const mergedTitle = keep(before?.title, title, input.title);
  if (Object.keys(mergedTitle).length === 0) throw validationError([{ field: 'title', key: 'validation.required' }]);
  return {
    kind,
    title: mergedTitle,
    description: keep(before?.description, description, input.description),
    eligibility: keep(before?.eligibility, eligibility, input.eligibility),
    domains: [...new Set(domains)],
    regions: [...new Set(regions)],
    timeZone,
    deadlineLocal: deadlineLocal.replace(' ', 'T'),
    deadlineAt: nowIso(deadlineAt!),
    applyUrl: applyUrl || null,
    applyContact: applyContact || null,
    status,
  };
}

/** The search rows of an opportunity (drafts: editors only). */
export function indexEntry(row: repo.OpportunityRow, now = nowIso()) {
  const v = toView(row, now);
  const body = [...Object.values(v.description), ...Object.values(v.eligibility)].map((t) => t?.value ?? '').join('\n');
  return {
    entityType: OPPORTUNITY,
    entityId: row.id,
    spaceId: row.space_id,
    url: `/opportunities/${row.id}`,
    variants: [{ levelLo: v.state === 'draft' ? LEVEL.editor : LEVEL.visitor, levelHi: LEVEL.admin, title: v.title, body, facets: { opp_kind: [v.kind], domain: v.domains, region: v.regions, state: [v.state] } }],
  };
}

/** Indexer for `mosaic reindex`. */
export const OPPORTUNITIES_INDEXER: Indexer = {
  entityType: OPPORTUNITY,
  async reindexAll(trx) {
    let n = 0;
    for await (const rows of repo.allOpportunities(trx)) for (const row of rows) {
      await indexEntity(trx, indexEntry(row));
      n++;
    }
    return n;
  },
};

/** Creates an opportunity in a space (editors). */
export async function createOpportunity(db: Db, principal: Principal, space: { id: string; code: string }, input: OpportunityInput, actor: Actor): Promise<OpportunityView> {
  authorize(principal, 'content.create', { spaceId: space.id });
  const v = checkInput(input, null, SPACE_TIME_ZONES[space.code] ?? 'UTC');
  if (v.status !== 'draft') authorize(principal, 'content.publish', { spaceId: space.id });
  const now = nowIso();
  const row: repo.OpportunityRow = {
    id: newId(),
    space_id: space.id,
    kind: v.kind,
    title: toJson(v.title)!,
    description: toJson(v.description)!,
    eligibility: toJson(v.eligibility)!,
    domains: toJson(v.domains)!,
    regions: toJson(v.regions)!,
    deadline_local: v.deadlineLocal,
    time_zone: v.timeZone,
    deadline_at: v.deadlineAt,
    apply_url: v.applyUrl,
    apply_contact: v.applyContact,
    status: v.status,
    reminder_sent_at: null,
    closed_at: null,
    created_by: principal.userId,
    created_at: now,
    updated_at: now,
  };
  return db.transaction().execute(async (trx) => {
    await repo.insertOpportunity(trx, row);
    await recordAudit(trx, actor, { action: 'opportunity.create', entityType: OPPORTUNITY, entityId: row.id, spaceId: space.id, after: row });
    await indexEntity(trx, indexEntry(row));
    return toView(row);
  });
}

/** Changes an opportunity (editors of its space). A later deadline reopens it and re-arms the reminder. */
export async function updateOpportunity(db: Db, principal: Principal, id: string, input: OpportunityInput, actor: Actor): Promise<OpportunityView> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findOpportunity(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    authorize(principal, 'content.edit', { spaceId: before.space_id });
    const v = checkInput(input, toView(before), 'UTC');
    if (v.status !== 'draft' && before.status === 'draft') authorize(principal, 'content.publish', { spaceId: before.space_id });
    const now = nowIso();
    const moved = v.deadlineAt !== before.deadline_at;
    const status = moved && before.status === 'closed' && v.deadlineAt > now && input.status === undefined ? 'open' : v.status;
    const patch = {
      kind: v.kind,
      title: toJson(v.title)!,
      description: toJson(v.description)!,
      eligibility: toJson(v.eligibility)!,
      domains: toJson(v.domains)!,
      regions: toJson(v.regions)!,
      deadline_local: v.deadlineLocal,
      time_zone: v.timeZone,
      deadline_at: v.deadlineAt,
      apply_url: v.applyUrl,
      apply_contact: v.applyContact,
      status,
      reminder_sent_at: moved ? null : before.reminder_sent_at,
      closed_at: status === 'closed' ? (before.closed_at ?? now) : null,
      updated_at: now,
    };
    await repo.updateOpportunity(trx, id, patch);
    const row = { ...before, ...patch };
    await recordAudit(trx, actor, { action: 'opportunity.update', entityType: OPPORTUNITY, entityId: id, spaceId: before.space_id, before, after: row });
    await indexEntity(trx, indexEntry(row));
    return toView(row);
  });
}

/** An opportunity for a reader (drafts: editors of the space only). */
export async function getOpportunity(db: DbOrTrx, principal: Principal, id: string): Promise<OpportunityView> {
  const row = await repo.findOpportunity(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status === 'draft' && !can(principal, 'content.view_drafts', { spaceId: row.space_id })) throw new AppError('NOT_FOUND');
  return toView(row);
}

/** Listing filters: AND between facets, OR within one. */
export interface OpportunityFilters {
  kinds: string[];
  domains: string[];
  regions: string[];
  /** open (default) or closed. */
  state: 'open' | 'closed';
}

/**
 * A faceted listing: the page of matches (soonest deadline first when open, latest first when
 * closed) and, for each facet, the counts within the other facets' filters.
 */
export async function listOpportunities(db: DbOrTrx, spaceIds: string[] | null, filters: OpportunityFilters, page: { limit: number; offset: number }) {
  const now = nowIso();
  const facts = (await repo.listingFacts(db, spaceIds)).map((r) => ({ ...r, domainList: fromJson<string[]>(r.domains, []), regionList: fromJson<string[]>(r.regions, []), state: stateOf(r, now) }));
  type Fact = (typeof facts)[number];
  const tests: Record<'kind' | 'domain' | 'region' | 'state', (f: Fact) => boolean> = {
    kind: (f) => filters.kinds.length === 0 || filters.kinds.includes(f.kind),
    domain: (f) => filters.domains.length === 0 || filters.domains.some((d) => f.domainList.includes(d)),
    region: (f) => filters.regions.length === 0 || filters.regions.some((r) => f.regionList.includes(r)),
    state: (f) => f.state === filters.state,
  };
  const except = (skip: keyof typeof tests) => facts.filter((f) => (Object.keys(tests) as (keyof typeof tests)[]).every((k) => k === skip || tests[k](f)));
  const count = (rows: Fact[], values: (f: Fact) => string[]) => {
    const m = new Map<string, number>();
    for (const f of rows) for (const v of values(f)) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const matches = facts.filter((f) => Object.values(tests).every((ok) => ok(f))).sort((a, b) => (filters.state === 'open' ? a.deadline_at.localeCompare(b.deadline_at) : b.deadline_at.localeCompare(a.deadline_at)));
  const pageIds = matches.slice(page.offset, page.offset + page.limit).map((f) => f.id);
  const rows = new Map((await repo.findOpportunities(db, pageIds)).map((r) => [r.id, r]));
  return {
    items: pageIds.map((id) => toView(rows.get(id)!, now)),
    total: matches.length,
    facets: {
      kind: count(except('kind'), (f) => [f.kind]),
      domain: count(except('domain'), (f) => f.domainList),
      region: count(except('region'), (f) => f.regionList),
      state: count(except('state'), (f) => [f.state]),
    },
  };
}

/** Drafts of a space for its editors (empty for others). */
export async function listDrafts(db: DbOrTrx, principal: Principal, spaceId: string): Promise<OpportunityView[]> {
  if (!can(principal, 'content.view_drafts', { spaceId })) return [];
  return (await repo.drafts(db, spaceId)).map((r) => toView(r));
}

/**
 * The hourly job: closes open opportunities whose deadline has passed and reminds followers of
 * those due within REMINDER_DAYS. Each change in its own transaction, each audited.
 */
export async function runDeadlines(db: Db, now = new Date()): Promise<{ closed: number; reminded: number }> {
  const nowText = nowIso(now);
  let closed = 0;
  let reminded = 0;
  for (const row of await repo.overdue(db, nowText)) {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.closeIfOpen(trx, row.id, nowText))) return;
      const after = { ...row, status: 'closed', closed_at: nowText, updated_at: nowText };
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'opportunity.close', entityType: OPPORTUNITY, entityId: row.id, spaceId: row.space_id, before: { status: 'open' }, after: { status: 'closed' } });
      await indexEntity(trx, indexEntry(after, nowText));
      closed++;
    });
  }
  const until = nowIso(new Date(now.getTime() + REMINDER_DAYS * 86_400_000));
  for (const row of await repo.dueForReminder(db, nowText, until)) {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.markReminded(trx, row.id, nowText))) return;
      const followers = await followersOf(trx, { type: OPPORTUNITY, id: row.id });
      const days = Math.max(1, Math.ceil((Date.parse(row.deadline_at) - now.getTime()) / 86_400_000));
      await notify(trx, {
        recipients: followers,
        category: DEADLINE_CATEGORY,
        subject: { type: OPPORTUNITY, id: row.id },
        message: { key: 'opp.notify.deadline', values: { title: fromJson<TranslatedText>(row.title, {}), days, deadline: `${row.deadline_local.replace('T', ' ')} (${row.time_zone})` } },
        url: `/opportunities/${row.id}`,
      });
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'opportunity.remind', entityType: OPPORTUNITY, entityId: row.id, spaceId: row.space_id, after: { followers: followers.length } });
      reminded++;
    });
  }
  return { closed, reminded };
}
