/**
 * News and announcements of a space: translatable posts with an optional picture, published
 * from `publish_at` on (a listing compares with the clock, so no job is needed for visibility;
 * one job per scheduled post only opens its search rows to visitors when it is due), and the
 * newsletter: a post emailed to a segment of the space's members, each in their language,
 * only to those whose "newsletter" preference is on, with one-click unsubscribe. The request
 * records a send and queues a job; the job writes the emails in batches, one transaction each,
 * claiming each recipient's row as it queues their email, so a retry never writes twice.
 */
import sharp from 'sharp';
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { authorize, can, type Principal } from '../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../platform/db/index.js';
import { fromJson, toJson } from '../../platform/db/json.js';
import { recordFile, type FileStore } from '../../platform/files/store.js';
import { AppError, validationError, type FieldError } from '../../platform/http/errors.js';
import { newId, nowIso, randomToken } from '../../platform/ids.js';
import { text, type TranslatedText } from '../../platform/i18n/content.js';
import { DEFAULT_LOCALE, localeSegment, parseLocale, type Locale } from '../../platform/i18n/locales.js';
import type { Indexer } from '../../platform/search/indexers.js';
import { indexEntity, LEVEL, type IndexVariant } from '../../platform/search/search.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { DOMAINS, ORG_TYPES } from '../directory/classification.js';
import { modesFor, NEWSLETTER_CATEGORY, unsubscribeHeaders, unsubscribeToken, type MailSettings } from '../notifications/notifications.service.js';
import { renderNewsletter } from './news.email.js';
import * as repo from './news.repository.js';

/** Entity type in the search index. */
export const NEWS_POST = 'news_post';
/** Job type: a scheduled post became due (its search rows open to visitors). */
export const NEWS_PUBLISH_JOB = 'news.publish';
/** Job type: write the emails of a newsletter send (payload `{ sendId }`). */
export const NEWSLETTER_JOB = 'news.newsletter';
/** Attempts of a newsletter job before its send is marked failed. */
export const NEWSLETTER_ATTEMPTS = 5;
/** Recipients written to per transaction. */
export const NEWSLETTER_BATCH = 200;
/** Statuses of a newsletter send. */
export const SEND_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export const NEWS_STATUSES = ['draft', 'published', 'archived'] as const;
/** Widths of the stored picture and of its smaller variant, in pixels. */
export const IMAGE_WIDTH = 960;
export const IMAGE_SMALL_WIDTH = 480;
const MAX_PIXELS = 40_000_000;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif']);
const ROLES = ['member', 'editor', 'admin'] as const;

/** What an author sends. */
export interface NewsPostInput {
  title?: Record<string, string | undefined>;
  summary?: Record<string, string | undefined>;
  body?: Record<string, string | undefined>;
  imageAlt?: Record<string, string | undefined>;
  status?: string;
  /** ISO instant or "YYYY-MM-DDTHH:MM" (UTC); empty = now. */
  publishAt?: string;
}

/** A post as pages and the API show it. */
export interface NewsPostView {
  id: string;
  spaceId: string;
  title: TranslatedText;
  summary: TranslatedText;
  body: TranslatedText;
  imageSha256: string | null;
  imageAlt: TranslatedText;
  status: string;
  publishAt: string;
  published: boolean;
  newsletterSentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toView(row: repo.NewsPostRow, now = nowIso()): NewsPostView {
  return {
    id: row.id,
    spaceId: row.space_id,
    title: fromJson<TranslatedText>(row.title, {}),
    summary: fromJson<TranslatedText>(row.summary, {}),
    body: fromJson<TranslatedText>(row.body, {}),
    imageSha256: row.image_sha256,
    imageAlt: fromJson<TranslatedText>(row.image_alt, {}),
    status: row.status,
    publishAt: row.publish_at,
    published: row.status === 'published' && row.publish_at <= now,
    newsletterSentAt: row.newsletter_sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function clean(value: unknown, max: number): string {
  return typeof value === 'string' ? value.normalize('NFC').replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
}

/** Checks a translatable field whose keys are language tags. */
export function translated(field: string, value: Record<string, string | undefined> | undefined, required: boolean, max: number, errors: FieldError[]): TranslatedText {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value ?? {})) {
    const locale = parseLocale(key);
    const v = clean(raw, max);
    if (!v) continue;
    if (!locale) {
      errors.push({ field: `${field}.${key}`.slice(0, 80), key: 'validation.choice' });
      continue;
    }
    if (v.length > max) errors.push({ field: `${field}.${locale}`, key: 'validation.too_long', values: { max } });
    out[locale] = v.slice(0, max);
  }
  if (required && Object.keys(out).length === 0) errors.push({ field, key: 'validation.required' });
  return text(out);
}

/** Parses an instant typed as ISO or "YYYY-MM-DDTHH:MM" (UTC); null when not a date. */
export function parseInstant(value: string | undefined): Date | null {
  const v = (value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v)) return null;
  const d = new Date(/T/.test(v) && !/(Z|[+-]\d{2}:\d{2})$/.test(v) ? `${v}Z` : v);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100 ? null : d;
}

function checkInput(input: NewsPostInput, partial: NewsPostView | null) {
  const errors: FieldError[] = [];
  const title = translated('title', input.title, !partial, 200, errors);
  const summary = translated('summary', input.summary, false, 500, errors);
  const body = translated('body', input.body, false, 20_000, errors);
  const imageAlt = translated('imageAlt', input.imageAlt, false, 300, errors);
  const status = input.status === undefined || input.status === '' ? (partial?.status ?? 'draft') : input.status;
  if (!(NEWS_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', key: 'validation.choice' });
  let publishAt = partial?.publishAt ?? nowIso();
  if (input.publishAt !== undefined && input.publishAt.trim() !== '') {
    const d = parseInstant(input.publishAt);
    if (!d) errors.push({ field: 'publishAt', key: 'news.error.publish_at' });
    else publishAt = nowIso(d);
  } else if (input.publishAt !== undefined && !partial) {
    publishAt = nowIso();
  }
  if (errors.length) throw validationError(errors);
  // Values given replace those languages; others are kept (a translation is added by editing).
  const merge = (before: TranslatedText | undefined, given: TranslatedText, raw: Record<string, string | undefined> | undefined): TranslatedText => {
    if (!before) return given;
    const out: TranslatedText = { ...before };
    for (const key of Object.keys(raw ?? {})) {
      const l = parseLocale(key);
      if (l) delete out[l];
    }
    return { ...out, ...given };
  };
  const merged = {
    title: merge(partial?.title, title, input.title),
    summary: merge(partial?.summary, summary, input.summary),
    body: merge(partial?.body, body, input.body),
    imageAlt: merge(partial?.imageAlt, imageAlt, input.imageAlt),
    status,
    publishAt,
  };
  if (Object.keys(merged.title).length === 0) throw validationError([{ field: 'title', key: 'validation.required' }]);
  return merged;
}

/** The search rows of a post: visitors once it is published and due, editors always. */
export function indexEntry(row: repo.NewsPostRow, now = nowIso()) {
  const v = toView(row, now);
  const body = [...Object.values(v.summary), ...Object.values(v.body)].map((t) => t?.value ?? '').filter(Boolean).join('\n');
  const variant = (lo: number): IndexVariant => ({ levelLo: lo, levelHi: LEVEL.admin, title: v.title, body, facets: { status: [v.published ? 'published' : 'draft'] } });
  const variants = row.status === 'archived' ? [] : [variant(v.published ? LEVEL.visitor : LEVEL.editor)];
  return { entityType: NEWS_POST, entityId: row.id, spaceId: row.space_id, url: `/news/${row.id}`, variants };
}

/** Indexer for `mosaic reindex`. */
export const NEWS_INDEXER: Indexer = {
  entityType: NEWS_POST,
  async reindexAll(trx) {
    let n = 0;
    for await (const rows of repo.allPosts(trx)) for (const row of rows) {
      await indexEntity(trx, indexEntry(row));
      n++;
    }
    return n;
  },
};

async function afterWrite(trx: DbOrTrx, row: repo.NewsPostRow): Promise<void> {
  await indexEntity(trx, indexEntry(row));
  if (row.status === 'published' && row.publish_at > nowIso()) await enqueueJob(trx, NEWS_PUBLISH_JOB, { id: row.id }, { runAt: new Date(row.publish_at) });
}

/** Job: a scheduled post is due; its search rows are rewritten. */
export async function publishDue(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.findPost(trx, id);
    if (row) await indexEntity(trx, indexEntry(row));
  });
}

/** Creates a post in a space (editors). */
export async function createPost(db: Db, principal: Principal, spaceId: string, input: NewsPostInput, actor: Actor): Promise<NewsPostView> {
  authorize(principal, 'content.create', { spaceId });
  const v = checkInput(input, null);
  if (v.status === 'published') authorize(principal, 'content.publish', { spaceId });
  const now = nowIso();
  const row: repo.NewsPostRow = {
    id: newId(),
    space_id: spaceId,
    title: toJson(v.title)!,
    summary: toJson(v.summary)!,
    body: toJson(v.body)!,
    image_sha256: null,
    image_alt: toJson(v.imageAlt)!,
    status: v.status,
    publish_at: v.publishAt,
    newsletter_sent_at: null,
    created_by: principal.userId,
    created_at: now,
    updated_at: now,
  };
  return db.transaction().execute(async (trx) => {
    await repo.insertPost(trx, row);
    await recordAudit(trx, actor, { action: 'news.create', entityType: NEWS_POST, entityId: row.id, spaceId, after: row });
    await afterWrite(trx, row);
    return toView(row);
  });
}

/** Changes a post (editors of its space). */
export async function updatePost(db: Db, principal: Principal, id: string, input: NewsPostInput, actor: Actor): Promise<NewsPostView> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findPost(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    authorize(principal, 'content.edit', { spaceId: before.space_id });
    const v = checkInput(input, toView(before));
    if (v.status === 'published' && before.status !== 'published') authorize(principal, 'content.publish', { spaceId: before.space_id });
    const patch = { title: toJson(v.title)!, summary: toJson(v.summary)!, body: toJson(v.body)!, image_alt: toJson(v.imageAlt)!, status: v.status, publish_at: v.publishAt, updated_at: nowIso() };
    await repo.updatePost(trx, id, patch);
    const row = { ...before, ...patch };
    await recordAudit(trx, actor, { action: 'news.update', entityType: NEWS_POST, entityId: id, spaceId: before.space_id, before, after: row });
    await afterWrite(trx, row);
    return toView(row);
  });
}

/** A post for a reader: published and due, or any state for the space's editors; else NOT_FOUND. */
export async function getPost(db: DbOrTrx, principal: Principal, id: string): Promise<NewsPostView> {
  const row = await repo.findPost(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const view = toView(row);
  if (!view.published && !can(principal, 'content.view_drafts', { spaceId: row.space_id })) throw new AppError('NOT_FOUND');
  return view;
}

/** Published, due posts, newest first. */
export async function listPosts(db: DbOrTrx, spaceIds: string[] | null, options: { limit: number; offset: number }) {
  const now = nowIso();
  const { rows, total } = await repo.listPublished(db, spaceIds, now, options.limit, options.offset);
  return { items: rows.map((r) => toView(r, now)), total };
}

/** Drafts and scheduled posts (editors of the space only; empty for others). */
export async function listUnpublished(db: DbOrTrx, principal: Principal, spaceId: string): Promise<NewsPostView[]> {
  if (!can(principal, 'content.view_drafts', { spaceId })) return [];
  const now = nowIso();
  return (await repo.listUnpublished(db, spaceId, now)).map((r) => toView(r, now));
}

// ---------------------------------------------------------------- picture

/** An upload refused, with the message key to show. */
export class NewsImageError extends Error {
  constructor(readonly key: 'news.error.image_unsupported' | 'news.error.image_missing') {
    super(key);
  }
}

/** Decodes an upload, drops its metadata and stores it as a WebP at most IMAGE_WIDTH wide. */
export async function processPicture(bytes: Buffer, width = IMAGE_WIDTH): Promise<Buffer> {
  if (bytes.length === 0) throw new NewsImageError('news.error.image_missing');
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    if (!meta.format || !ACCEPTED.has(meta.format)) throw new Error('format');
    return await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, pages: 1 }).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
  } catch {
    throw new NewsImageError('news.error.image_unsupported');
  }
}

/** Sets (or clears, with null) a post's picture. */
export async function setPicture(db: Db, store: FileStore, principal: Principal, id: string, bytes: Buffer | null, actor: Actor): Promise<void> {
  const before = await repo.findPost(db, id);
  if (!before) throw new AppError('NOT_FOUND');
  authorize(principal, 'content.edit', { spaceId: before.space_id });
  let sha: string | null = null;
  if (bytes) {
    const webp = await processPicture(bytes);
    const stored = await store.put(webp);
    sha = stored.sha256;
    await recordFile(db, { sha256: sha, size: stored.size, mime: 'image/webp' });
  }
  await db.transaction().execute(async (trx) => {
    await repo.updatePost(trx, id, { image_sha256: sha, updated_at: nowIso() });
    await recordAudit(trx, actor, { action: 'news.image', entityType: NEWS_POST, entityId: id, spaceId: before.space_id, before: { image_sha256: before.image_sha256 }, after: { image_sha256: sha } });
  });
}

// ---------------------------------------------------------------- newsletter

/** Who a newsletter goes to; empty lists do not narrow. AND between lists, OR within one. */
export interface NewsletterSegment {
  domains: string[];
  regions: string[];
  orgTypes: string[];
  roles: string[];
}

/** Checks a segment typed in a form or sent to the API. */
export function checkSegment(input: Partial<Record<keyof NewsletterSegment, unknown>>): NewsletterSegment {
  const errors: FieldError[] = [];
  const list = (field: keyof NewsletterSegment, allowed: readonly string[] | RegExp): string[] => {
    const raw = input[field];
    const values = (Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
    const bad = values.filter((v) => (Array.isArray(allowed) ? !allowed.includes(v) : !(allowed as RegExp).test(v)));
    if (bad.length) errors.push({ field, key: 'validation.choice' });
    return [...new Set(values)];
  };
  const segment = { domains: list('domains', DOMAINS), regions: list('regions', /^[A-Z]{2}-[A-Z0-9]{1,3}$/), orgTypes: list('orgTypes', ORG_TYPES), roles: list('roles', ROLES) };
  if (errors.length) throw validationError(errors);
  return segment;
}

/** The members of a space in the segment (before their newsletter preference is applied). */
export async function segmentMembers(db: DbOrTrx, spaceId: string, segment: NewsletterSegment) {
  const members = await repo.spaceMembers(db, spaceId, segment.roles.length ? segment.roles : null);
  if (!segment.domains.length && !segment.regions.length && !segment.orgTypes.length) return members;
  const ids = members.map((m) => m.id);
  const facts = new Map<string, { domains: Set<string>; regions: Set<string>; types: Set<string> }>();
  const factsOf = (userId: string) => {
    let f = facts.get(userId);
    if (!f) facts.set(userId, (f = { domains: new Set(), regions: new Set(), types: new Set() }));
    return f;
  };
  for (const p of await repo.profilesOfUsers(db, spaceId, ids)) {
    if (!p.user_id) continue;
    const f = factsOf(p.user_id);
    for (const d of fromJson<string[]>(p.domains, [])) f.domains.add(d);
    if (p.region_code) f.regions.add(p.region_code);
  }
  for (const o of await repo.organizationsOfUsers(db, spaceId, ids)) {
    if (!o.user_id) continue;
    const f = factsOf(o.user_id);
    for (const d of fromJson<string[]>(o.domains, [])) f.domains.add(d);
    if (o.region_code) f.regions.add(o.region_code);
    f.types.add(o.type);
  }
  const any = (wanted: string[], have: Set<string>) => wanted.length === 0 || wanted.some((w) => have.has(w));
  return members.filter((m) => {
    const f = facts.get(m.id);
    return f !== undefined && any(segment.domains, f.domains) && any(segment.regions, f.regions) && any(segment.orgTypes, f.types);
  });
}

/** The recipients: segment members with a verified address whose newsletter preference is on. */
export async function newsletterRecipients(db: DbOrTrx, spaceId: string, segment: NewsletterSegment) {
  const members = (await segmentMembers(db, spaceId, segment)).filter((m) => m.email_verified_at);
  const modes = await modesFor(db, members.map((m) => m.id), NEWSLETTER_CATEGORY);
  return members.filter((m) => modes.get(m.id) !== 'off');
}

/** A newsletter send as its post's editors see it. */
export interface NewsletterSendView {
  id: string;
  postId: string;
  segment: NewsletterSegment;
  status: (typeof SEND_STATUSES)[number];
  /** Null until the job has resolved the segment. */
  recipients: number | null;
  sent: number;
  skipped: number;
  requestedBy: string;
  error: string | null;
  /** The background job (to retry a failed send with `mosaic jobs retry`). */
  jobId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function sendView(row: repo.SendRow): NewsletterSendView {
  return {
    id: row.id,
    postId: row.post_id,
    segment: fromJson<NewsletterSegment>(row.segment, { domains: [], regions: [], orgTypes: [], roles: [] }),
    status: (SEND_STATUSES as readonly string[]).includes(row.status) ? (row.status as NewsletterSendView['status']) : 'failed',
    recipients: row.recipients === null ? null : Number(row.recipients),
    sent: Number(row.sent),
    skipped: Number(row.skipped),
    requestedBy: row.requested_by_label,
    error: row.error,
    jobId: row.job_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Asks for a published post to be sent to a segment: records the send and queues the job that
 * writes the emails. One send of a post at a time (CONFLICT while one is waiting or under way).
 */
export async function sendNewsletter(db: Db, principal: Principal, id: string, segment: NewsletterSegment, actor: Actor): Promise<NewsletterSendView> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findPost(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    authorize(principal, 'newsletter.send', { spaceId: row.space_id });
    if (!toView(row).published) throw validationError([{ field: '_form', key: 'news.error.not_published' }]);
    if (await repo.activeSend(trx, id)) throw new AppError('CONFLICT', { fields: [{ field: '_form', key: 'news.error.newsletter_active' }] });
    const sendId = newId();
    const jobId = await enqueueJob(trx, NEWSLETTER_JOB, { sendId }, { maxAttempts: NEWSLETTER_ATTEMPTS });
    const send = {
      id: sendId,
      post_id: id,
      space_id: row.space_id,
      segment: toJson(segment)!,
      requested_by: principal.userId,
      requested_by_label: actor.label,
      status: 'queued',
      recipients: null,
      job_id: jobId,
      error: null,
      created_at: nowIso(),
      started_at: null,
      finished_at: null,
    };
    await repo.insertSend(trx, send);
    await recordAudit(trx, actor, { action: 'news.newsletter', entityType: NEWS_POST, entityId: id, spaceId: row.space_id, after: { send_id: sendId, segment, job_id: jobId } });
    return sendView({ ...send, sent: 0, skipped: 0 });
  });
}

/** The newsletter sends of a post, newest first (those who may send it). */
export async function newsletterSends(db: DbOrTrx, principal: Principal, postId: string): Promise<NewsletterSendView[]> {
  const row = await repo.findPost(db, postId);
  if (!row) throw new AppError('NOT_FOUND');
  if (!can(principal, 'newsletter.send', { spaceId: row.space_id })) return [];
  return (await repo.sendsOf(db, postId)).map(sendView);
}

/** How a newsletter job runs; the limits are there for tests that stop it part-way, as a crash would. */
export interface DeliveryOptions {
  batchSize?: number;
  /** Stop after this many batches, leaving the send under way. */
  maxBatches?: number;
  /** Called after each email is queued, inside its batch's transaction (a throw rolls the batch back). */
  afterEmail?: (userId: string) => void;
}

/**
 * The job of a send: resolves the segment into recipient rows once, then writes to the queued
 * recipients in batches. Each batch is one transaction that claims each recipient's row and queues
 * their email together, so a crash loses a whole batch or none of it and a retry (or a second
 * worker) never writes to anyone twice. Preferences are read again at sending: someone who
 * turned newsletters off since the request is skipped. Returns what this run did.
 */
export async function deliverNewsletter(db: Db, sendId: string, settings: MailSettings, options: DeliveryOptions = {}): Promise<{ sent: number; skipped: number; done: boolean }> {
  const first = await repo.findSend(db, sendId);
  if (!first || first.status === 'sent') return { sent: 0, skipped: 0, done: true };
  const postRow = await repo.findPost(db, first.post_id);
  if (!postRow || !toView(postRow).published) {
    await repo.moveSend(db, sendId, ['queued', 'sending'], { status: 'failed', error: 'news.error.not_published', finished_at: nowIso() });
    return { sent: 0, skipped: 0, done: true };
  }
  const post = toView(postRow);
  // A failed send whose job is retried by hand (`mosaic jobs retry`) goes on where it stopped.
  await repo.moveSend(db, sendId, ['queued', 'failed'], { status: 'sending', started_at: first.started_at ?? nowIso(), error: null, finished_at: null });
  if (first.recipients === null) {
    await db.transaction().execute(async (trx) => {
      const segment = fromJson<NewsletterSegment>(first.segment, { domains: [], regions: [], orgTypes: [], roles: [] });
      const recipients = await newsletterRecipients(trx, first.space_id, segment);
      await repo.addRecipients(trx, sendId, recipients.map((r) => r.id));
      await repo.moveSend(trx, sendId, ['sending'], { recipients: await repo.countRecipients(trx, sendId) });
    });
  }
  // The post's part of the email, rendered once per language; each recipient's own unsubscribe
  // token replaces a placeholder no text can contain (it changes with every run).
  const placeholder = `u${randomToken(12).replace(/[^A-Za-z0-9]/g, '')}`;
  const rendered = new Map<Locale, { subject: string; text: string; html: string }>();
  const mailIn = (locale: Locale) => {
    let mail = rendered.get(locale);
    if (!mail) rendered.set(locale, (mail = renderNewsletter(post, locale, settings, `${settings.baseUrl}/${localeSegment(locale)}/unsubscribe/${placeholder}`)));
    return mail;
  };
  const batchSize = options.batchSize ?? NEWSLETTER_BATCH;
  let sent = 0;
  let skipped = 0;
  for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
    const progress = await db.transaction().execute(async (trx) => {
      const rows = await repo.queuedRecipients(trx, sendId, batchSize);
      if (rows.length === 0) return null;
      const modes = await modesFor(trx, rows.map((r) => r.id), NEWSLETTER_CATEGORY);
      const now = nowIso();
      let n = 0;
      let k = 0;
      for (const r of rows) {
        const wanted = r.status === 'active' && r.email_verified_at !== null && modes.get(r.id) !== 'off';
        if (!(await repo.claimRecipient(trx, sendId, r.id, wanted ? 'sent' : 'skipped', now))) continue;
        if (!wanted) {
          k++;
          continue;
        }
        const token = unsubscribeToken(settings.secretKey, r.id, NEWSLETTER_CATEGORY);
        const locale = parseLocale(r.locale) ?? DEFAULT_LOCALE;
        const mail = mailIn(locale);
        const own = (v: string) => v.split(placeholder).join(token);
        // The unsubscribe link in the reader's language, as in the body.
        await enqueueMail(trx, { to: r.email, subject: mail.subject, text: own(mail.text), html: own(mail.html), headers: unsubscribeHeaders(settings.baseUrl, settings.secretKey, r.id, NEWSLETTER_CATEGORY, locale) });
        options.afterEmail?.(r.id);
        n++;
      }
      await repo.countProgress(trx, sendId, n, k);
      return { n, k };
    });
    if (!progress) {
      await finishSend(db, sendId);
      return { sent, skipped, done: true };
    }
    sent += progress.n;
    skipped += progress.k;
  }
  return { sent, skipped, done: false };
}

/** Marks a send sent once no recipient is left (the first run to see it does). */
async function finishSend(db: Db, sendId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (!(await repo.moveSend(trx, sendId, ['sending'], { status: 'sent', finished_at: now }))) return;
    const send = (await repo.findSend(trx, sendId))!;
    await repo.updatePost(trx, send.post_id, { newsletter_sent_at: now });
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: 'news.newsletter.sent',
      entityType: NEWS_POST,
      entityId: send.post_id,
      spaceId: send.space_id,
      after: { send_id: sendId, recipients: Number(send.recipients ?? 0), sent: Number(send.sent), skipped: Number(send.skipped) },
    });
  });
}

/** The job handler's work: deliver, and on the last attempt mark the send failed with the reason. */
export async function runNewsletterJob(db: Db, sendId: string, settings: MailSettings, attempt: number, options: DeliveryOptions = {}): Promise<void> {
  try {
    await deliverNewsletter(db, sendId, settings, options);
  } catch (err) {
    if (attempt >= NEWSLETTER_ATTEMPTS) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      await repo.moveSend(db, sendId, ['queued', 'sending'], { status: 'failed', error: reason, finished_at: nowIso() });
    }
    throw err;
  }
}
