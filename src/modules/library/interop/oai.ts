// OAI-PMH 2.0 data provider (https://www.openarchives.org/OAI/openarchivesprotocol.html) for the
// knowledge library, disseminating unqualified Dublin Core (oai_dc). Pure: the records come from
// an OaiSource the library implements; this file parses the request, applies the protocol's
// rules and writes the response.
//
// Choices a harvester can see:
// - deletedRecord=persistent, granularity YYYY-MM-DDThh:mm:ssZ; `from`/`until` accepted at day or
//   second granularity (both the same when both are given).
// - Resumption tokens are stateless: the keyset position (datestamp, id) of the last record sent,
//   the original arguments, the cursor, the list size and an expiry, signed with HMAC-SHA-256.
//   Paging by keyset means a record changed during a harvest moves to the end of the list and is
//   sent again; no record is skipped.
// - ListSets answers in one response (a library has few sets), so it never issues a token.
// - ListMetadataFormats for a deleted item answers noMetadataFormats: nothing can be
//   disseminated for it any more.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { XmlWriter, isLanguageTag, stripIllegalXmlChars } from './xml.js';

export const OAI_CONTENT_TYPE = 'text/xml; charset=utf-8';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * One Dublin Core value: a plain string, or a string with its language (BCP 47), written as
 * xml:lang. A language that is not a well-formed tag is left out rather than written invalid.
 */
export type DcValue = string | { value: string; lang?: string };

/** The fifteen elements of unqualified Dublin Core, each repeatable. Empty values are not written. */
export interface DublinCore {
  title: DcValue[];
  creator: DcValue[];
  subject: DcValue[];
  description: DcValue[];
  publisher: DcValue[];
  contributor: DcValue[];
  date: DcValue[];
  type: DcValue[];
  format: DcValue[];
  identifier: DcValue[];
  source: DcValue[];
  language: DcValue[];
  relation: DcValue[];
  coverage: DcValue[];
  rights: DcValue[];
}

/** The DC elements in the order the DCMI lists them; records are written in this order. */
export const DC_ELEMENTS = [
  'title', 'creator', 'subject', 'description', 'publisher', 'contributor', 'date', 'type',
  'format', 'identifier', 'source', 'language', 'relation', 'coverage', 'rights',
] as const satisfies readonly (keyof DublinCore)[];

export interface OaiRecord {
  /** Local id; the OAI identifier is identifierPrefix + id. */
  id: string;
  /** ISO 8601 UTC (e.g. Date.toISOString()); for a deleted record, when it was deleted. Written to the second. */
  datestamp: string;
  deleted: boolean;
  /** setSpecs the record belongs to; specs that do not match the OAI setSpec syntax are not written. */
  sets: string[];
  /** null when deleted. A live record with null is written as a header without metadata. */
  dc: DublinCore | null;
}

export interface OaiSet {
  /** OAI setSpec: [A-Za-z0-9-_.!~*'()] words joined by ':' for hierarchy. */
  spec: string;
  name: string;
  /** Plain text, written as an oai_dc description of the set. */
  description?: string;
}

export interface OaiListArgs {
  /**
   * Inclusive bounds, already widened from the request's granularity and written as
   * Date.toISOString() does ("2024-05-01T00:00:00.000Z", "2024-05-31T23:59:59.999Z"), so they
   * compare correctly as strings against timestamps stored in that form.
   */
  from?: string;
  until?: string;
  /** A setSpec; records in its sub-sets (spec + ':' + …) belong to it too. */
  set?: string;
}

export interface OaiSource {
  repositoryName: string;
  baseUrl: string;
  adminEmails: string[];
  /** e.g. "oai:mosaic.example.org:" */
  identifierPrefix: string;
  earliestDatestamp(): Promise<string>;
  listSets(): Promise<OaiSet[]>;
  /**
   * Records in (datestamp, id) ascending order strictly after `after`, at most `limit`,
   * optionally in a set and a datestamp range. Deleted records included. `after` carries the
   * datestamp and id exactly as this source returned them.
   */
  listRecords(args: OaiListArgs & { after?: { datestamp: string; id: string }; limit: number }): Promise<OaiRecord[]>;
  /** Count for completeListSize (may be approximate; return null to omit). */
  countRecords(args: OaiListArgs): Promise<number | null>;
  getRecord(id: string): Promise<OaiRecord | null>;
}

export interface OaiOptions {
  /** Records (or headers) per response, e.g. 100. */
  pageSize: number;
  /** Key for signing resumption tokens; changing it invalidates the tokens in circulation. */
  tokenSecret: string;
  now?: () => Date;
  /** How long a resumption token stays valid; 24 hours by default. */
  tokenTtlHours?: number;
}

export type OaiErrorCode =
  | 'badArgument' | 'badResumptionToken' | 'badVerb' | 'cannotDisseminateFormat'
  | 'idDoesNotExist' | 'noRecordsMatch' | 'noMetadataFormats' | 'noSetHierarchy';

type Verb = 'Identify' | 'ListMetadataFormats' | 'ListSets' | 'GetRecord' | 'ListIdentifiers' | 'ListRecords';
type ListVerb = 'ListIdentifiers' | 'ListRecords';

interface VerbArgs {
  required: readonly string[];
  optional: readonly string[];
  /** An argument that, when present, must be the only one besides the verb. */
  exclusive?: string;
}

const VERBS: Record<Verb, VerbArgs> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

// The patterns of metadataPrefixType and setSpecType in OAI-PMH.xsd.
const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*$/;
// emailType in OAI-PMH.xsd.
const EMAIL = /^\S+@(?:\S+\.)+\S+$/;
// Loose URI syntax: a scheme, then no whitespace, controls or characters URIs never contain.
const URI_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[^\s\u0000-\u001F\u007F"<>\\^`{|}%]|%[0-9A-Fa-f]{2})+$/;

export function isValidSetSpec(spec: string): boolean {
  return SET_SPEC.test(spec);
}

interface OaiError {
  code: OaiErrorCode;
  message: string;
}

class Failure {
  constructor(readonly errors: OaiError[], readonly echo: boolean) {}
}

function fail(code: OaiErrorCode, message: string, echo = true): Failure {
  return new Failure([{ code, message }], echo);
}

/** A granularity-checked `from`/`until` value. */
interface DateArg {
  granularity: 'day' | 'second';
  /** The bound as Date.toISOString() writes it: start of the day or second for from, end for until. */
  bound: string;
}

function parseDateArg(value: string, side: 'from' | 'until'): DateArg | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const second = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  const m = day ?? second;
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  // Reject dates that Date silently rolls over (2024-02-30, 25:00:00).
  if (
    date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) || date.getUTCMinutes() !== Number(mi) || date.getUTCSeconds() !== Number(s)
  ) return null;
  if (day) {
    if (side === 'until') date.setUTCHours(23, 59, 59, 999);
    return { granularity: 'day', bound: date.toISOString() };
  }
  if (side === 'until') date.setUTCMilliseconds(999);
  return { granularity: 'second', bound: date.toISOString() };
}

/** An ISO 8601 timestamp at the protocol's granularity, "YYYY-MM-DDThh:mm:ssZ". */
export function toOaiDatestamp(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new TypeError(`OAI-PMH: not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

// ---------------------------------------------------------------------------------------------
// Resumption tokens: base64url(JSON state) "." base64url(HMAC-SHA-256(secret, context + state)).

interface TokenState {
  v: 1;
  verb: ListVerb;
  from?: string;
  until?: string;
  set?: string;
  /** Keyset position: datestamp and id of the last record sent. */
  after: { datestamp: string; id: string };
  /** Number of items sent before the next page (the next page's cursor). */
  cursor: number;
  size: number | null;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
}

const TOKEN_CONTEXT = 'mosaic-oai-pmh-resumption-v1.';

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(TOKEN_CONTEXT + payload).digest();
}

function encodeToken(state: TokenState, secret: string): string {
  const payload = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

function isOptionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

/** The state carried by a token, or why it is refused. Refuses anything not signed with `secret`. */
function decodeToken(token: string, secret: string, nowMs: number): TokenState | string {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) {
    return 'The resumption token is malformed.';
  }
  const [payload, mac] = parts as [string, string];
  const expected = sign(secret, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'The resumption token is not one this repository issued.';
  }
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'The resumption token is malformed.';
  }
  // Signed tokens were written by encodeToken; the shape check guards against an old format.
  const s = state as Partial<TokenState> | null;
  if (
    !s || s.v !== 1 || (s.verb !== 'ListRecords' && s.verb !== 'ListIdentifiers') ||
    !isOptionalString(s.from) || !isOptionalString(s.until) || !isOptionalString(s.set) ||
    !s.after || typeof s.after.datestamp !== 'string' || typeof s.after.id !== 'string' ||
    !Number.isSafeInteger(s.cursor) || (s.size !== null && !Number.isSafeInteger(s.size)) ||
    typeof s.exp !== 'number'
  ) {
    return 'The resumption token is malformed.';
  }
  if (s.exp <= nowMs) return 'The resumption token has expired; start the list again.';
  return s as TokenState;
}

// ---------------------------------------------------------------------------------------------
// Request parsing

interface ParsedRequest {
  verb: Verb;
  args: Map<string, string>;
}

function single(value: string | string[] | undefined): { value?: string; repeated: boolean } {
  if (value === undefined) return { repeated: false };
  if (Array.isArray(value)) {
    if (value.length === 0) return { repeated: false };
    if (value.length > 1) return { value: value[0], repeated: true };
    return { value: value[0], repeated: false };
  }
  return { value, repeated: false };
}

function parseRequest(params: Record<string, string | string[] | undefined>): ParsedRequest | Failure {
  const verbParam = single(params.verb);
  if (verbParam.value === undefined) return fail('badVerb', 'The verb argument is missing.', false);
  if (verbParam.repeated) return fail('badVerb', 'The verb argument is repeated.', false);
  if (!Object.hasOwn(VERBS, verbParam.value)) return fail('badVerb', 'The value of the verb argument is not an OAI-PMH verb.', false);
  const verb = verbParam.value as Verb;
  const spec = VERBS[verb];

  const problems: string[] = [];
  const args = new Map<string, string>();
  for (const [name, raw] of Object.entries(params)) {
    if (name === 'verb') continue;
    const p = single(raw);
    if (p.value === undefined) continue;
    if (!spec.required.includes(name) && !spec.optional.includes(name) && spec.exclusive !== name) {
      problems.push(`The argument ${JSON.stringify(stripIllegalXmlChars(name))} is not allowed with ${verb}.`);
    } else if (p.repeated) {
      problems.push(`The argument ${name} is repeated.`);
    } else if (p.value === '') {
      problems.push(`The argument ${name} is empty.`);
    } else {
      args.set(name, p.value);
    }
  }
  if (problems.length === 0) {
    if (spec.exclusive && args.has(spec.exclusive)) {
      if (args.size > 1) problems.push(`The argument ${spec.exclusive} is exclusive: no other argument may accompany it.`);
    } else {
      for (const name of spec.required) if (!args.has(name)) problems.push(`The required argument ${name} is missing.`);
    }
  }
  const prefix = args.get('metadataPrefix');
  if (prefix !== undefined && !METADATA_PREFIX.test(prefix)) problems.push('The value of metadataPrefix has an illegal syntax.');
  const set = args.get('set');
  if (set !== undefined && !SET_SPEC.test(set)) problems.push('The value of set has an illegal syntax.');
  const from = args.has('from') ? parseDateArg(args.get('from')!, 'from') : undefined;
  const until = args.has('until') ? parseDateArg(args.get('until')!, 'until') : undefined;
  if (from === null) problems.push('The value of from is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ).');
  if (until === null) problems.push('The value of until is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ).');
  if (from && until) {
    if (from.granularity !== until.granularity) problems.push('The from and until arguments have different granularities.');
    else if (from.bound > until.bound) problems.push('The from argument is later than the until argument.');
  }
  if (problems.length > 0) return new Failure(problems.map((message) => ({ code: 'badArgument', message })), false);
  return { verb, args };
}

// ---------------------------------------------------------------------------------------------
// Response writing

function startResponse(source: OaiSource, now: Date, request: ParsedRequest | null, echo: boolean): XmlWriter {
  const w = new XmlWriter();
  w.open('OAI-PMH', { xmlns: OAI_NS, 'xmlns:xsi': XSI_NS, 'xsi:schemaLocation': `${OAI_NS} ${OAI_SCHEMA}` });
  w.leaf('responseDate', toOaiDatestamp(now));
  const attrs: Record<string, string> = {};
  if (request && echo) {
    attrs.verb = request.verb;
    for (const [name, value] of request.args) {
      // The request element echoes only values its schema type accepts.
      if (name === 'identifier' && !URI_LIKE.test(value)) continue;
      attrs[name] = value;
    }
  }
  w.leaf('request', source.baseUrl, attrs);
  return w;
}

function errorResponse(source: OaiSource, now: Date, request: ParsedRequest | null, failure: Failure): string {
  const w = startResponse(source, now, request, failure.echo);
  for (const e of failure.errors) w.leaf('error', e.message, { code: e.code });
  return w.close('OAI-PMH').toString();
}

function dcValue(v: DcValue): { value: string; lang?: string } {
  return typeof v === 'string' ? { value: v } : v;
}

function writeDc(w: XmlWriter, dc: Partial<DublinCore>): void {
  w.open('oai_dc:dc', { 'xmlns:oai_dc': OAI_DC_NS, 'xmlns:dc': DC_NS, 'xsi:schemaLocation': `${OAI_DC_NS} ${OAI_DC_SCHEMA}` });
  for (const element of DC_ELEMENTS) {
    for (const raw of dc[element] ?? []) {
      const { value, lang } = dcValue(raw);
      if (typeof value !== 'string' || stripIllegalXmlChars(value).trim() === '') continue;
      w.leaf(`dc:${element}`, value, { 'xml:lang': lang && isLanguageTag(lang) ? lang : undefined });
    }
  }
  w.close('oai_dc:dc');
}

function writeHeader(w: XmlWriter, source: OaiSource, r: OaiRecord): void {
  w.open('header', r.deleted ? { status: 'deleted' } : undefined);
  w.leaf('identifier', oaiIdentifier(source, r.id));
  w.leaf('datestamp', toOaiDatestamp(r.datestamp));
  for (const spec of r.sets) if (SET_SPEC.test(spec)) w.leaf('setSpec', spec);
  w.close('header');
}

function writeRecord(w: XmlWriter, source: OaiSource, r: OaiRecord): void {
  w.open('record');
  writeHeader(w, source, r);
  if (!r.deleted && r.dc) {
    w.open('metadata');
    writeDc(w, r.dc);
    w.close('metadata');
  }
  w.close('record');
}

// Local ids are percent-encoded outside the URI characters, so that any id gives a valid
// identifier (xs:anyURI); the decoding below is its exact inverse.
function oaiIdentifier(source: OaiSource, id: string): string {
  return source.identifierPrefix + id.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

function localId(source: OaiSource, identifier: string): string | null {
  const prefix = source.identifierPrefix;
  if (!identifier.startsWith(prefix) || identifier.length === prefix.length) return null;
  try {
    return decodeURIComponent(identifier.slice(prefix.length));
  } catch {
    return null;
  }
}

const unknownId = (): Failure => fail('idDoesNotExist', 'The identifier is unknown in this repository.');
const unknownFormat = (): Failure => fail('cannotDisseminateFormat', 'This repository disseminates oai_dc only.');

// ---------------------------------------------------------------------------------------------
// Verbs

interface Context {
  source: OaiSource;
  options: Required<Pick<OaiOptions, 'pageSize' | 'tokenSecret'>> & { ttlMs: number };
  now: Date;
  request: ParsedRequest;
}

async function identify(ctx: Context): Promise<string> {
  const { source } = ctx;
  const emails = source.adminEmails.filter((e) => EMAIL.test(e));
  if (emails.length === 0) throw new Error('OAI-PMH: the repository needs at least one valid admin email address');
  const w = startResponse(source, ctx.now, ctx.request, true);
  w.open('Identify');
  w.leaf('repositoryName', source.repositoryName);
  w.leaf('baseURL', source.baseUrl);
  w.leaf('protocolVersion', '2.0');
  for (const e of emails) w.leaf('adminEmail', e);
  w.leaf('earliestDatestamp', toOaiDatestamp(await source.earliestDatestamp()));
  w.leaf('deletedRecord', 'persistent');
  w.leaf('granularity', 'YYYY-MM-DDThh:mm:ssZ');
  w.close('Identify');
  return w.close('OAI-PMH').toString();
}

async function listMetadataFormats(ctx: Context): Promise<string | Failure> {
  const identifier = ctx.request.args.get('identifier');
  if (identifier !== undefined) {
    const id = localId(ctx.source, identifier);
    const record = id === null ? null : await ctx.source.getRecord(id);
    if (!record) return unknownId();
    if (record.deleted || !record.dc) return fail('noMetadataFormats', 'The item is deleted: no metadata format is available for it.');
  }
  const w = startResponse(ctx.source, ctx.now, ctx.request, true);
  w.open('ListMetadataFormats');
  w.open('metadataFormat');
  w.leaf('metadataPrefix', 'oai_dc');
  w.leaf('schema', OAI_DC_SCHEMA);
  w.leaf('metadataNamespace', OAI_DC_NS);
  w.close('metadataFormat');
  w.close('ListMetadataFormats');
  return w.close('OAI-PMH').toString();
}

async function listSets(ctx: Context): Promise<string | Failure> {
  // No token is ever issued for ListSets, so any token given is not ours.
  if (ctx.request.args.has('resumptionToken')) return fail('badResumptionToken', 'This repository issues no resumption tokens for ListSets.');
  const sets = (await ctx.source.listSets()).filter((s) => SET_SPEC.test(s.spec));
  if (sets.length === 0) return fail('noSetHierarchy', 'This repository does not support sets.');
  const w = startResponse(ctx.source, ctx.now, ctx.request, true);
  w.open('ListSets');
  for (const s of sets) {
    w.open('set');
    w.leaf('setSpec', s.spec);
    w.leaf('setName', s.name);
    if (s.description && stripIllegalXmlChars(s.description).trim() !== '') {
      w.open('setDescription');
      writeDc(w, { description: [s.description] });
      w.close('setDescription');
    }
    w.close('set');
  }
  w.close('ListSets');
  return w.close('OAI-PMH').toString();
}

async function getRecord(ctx: Context): Promise<string | Failure> {
  const { args } = ctx.request;
  const errors: OaiError[] = [];
  if (args.get('metadataPrefix') !== 'oai_dc') errors.push(...unknownFormat().errors);
  const id = localId(ctx.source, args.get('identifier')!);
  const record = id === null ? null : await ctx.source.getRecord(id);
  if (!record) errors.push(...unknownId().errors);
  if (errors.length > 0 || !record) return new Failure(errors, true);
  const w = startResponse(ctx.source, ctx.now, ctx.request, true);
  w.open('GetRecord');
  writeRecord(w, ctx.source, record);
  w.close('GetRecord');
  return w.close('OAI-PMH').toString();
}

async function list(ctx: Context, verb: ListVerb): Promise<string | Failure> {
  const { source, options, request } = ctx;
  const { args } = request;
  const token = args.get('resumptionToken');
  let filter: OaiListArgs;
  let after: { datestamp: string; id: string } | undefined;
  let cursor = 0;
  let size: number | null;
  let rows: OaiRecord[];

  if (token !== undefined) {
    const state = decodeToken(token, options.tokenSecret, ctx.now.getTime());
    if (typeof state === 'string') return fail('badResumptionToken', state);
    if (state.verb !== verb) return fail('badResumptionToken', `The resumption token belongs to a ${state.verb} list.`);
    filter = { from: state.from, until: state.until, set: state.set };
    after = state.after;
    cursor = state.cursor;
    size = state.size;
    rows = await source.listRecords({ ...filter, after, limit: options.pageSize + 1 });
  } else {
    filter = {
      from: args.has('from') ? parseDateArg(args.get('from')!, 'from')!.bound : undefined,
      until: args.has('until') ? parseDateArg(args.get('until')!, 'until')!.bound : undefined,
      set: args.get('set'),
    };
    const errors: OaiError[] = [];
    if (args.get('metadataPrefix') !== 'oai_dc') errors.push(...unknownFormat().errors);
    if (filter.set !== undefined) {
      const sets = await source.listSets();
      if (sets.length === 0) errors.push({ code: 'noSetHierarchy', message: 'This repository does not support sets.' });
      else if (errors.length === 0 && !sets.some((s) => s.spec === filter.set)) {
        return fail('noRecordsMatch', 'There is no such set in this repository.');
      }
    }
    if (errors.length > 0) return new Failure(errors, true);
    [rows, size] = await Promise.all([
      source.listRecords({ ...filter, limit: options.pageSize + 1 }),
      source.countRecords(filter),
    ]);
  }

  if (rows.length === 0) return fail('noRecordsMatch', 'No record matches the arguments.');
  const page = rows.slice(0, options.pageSize);
  const more = rows.length > options.pageSize;
  // An approximate count must not contradict what has been sent.
  const listSize = size === null ? null : Math.max(size, cursor + page.length + (more ? 1 : 0));

  const w = startResponse(source, ctx.now, request, true);
  w.open(verb);
  for (const r of page) {
    if (verb === 'ListRecords') writeRecord(w, source, r);
    else writeHeader(w, source, r);
  }
  if (more) {
    const last = page[page.length - 1]!;
    const exp = ctx.now.getTime() + options.ttlMs;
    const next: TokenState = {
      v: 1, verb, ...filter, after: { datestamp: last.datestamp, id: last.id },
      cursor: cursor + page.length, size: listSize, exp,
    };
    w.leaf('resumptionToken', encodeToken(next, options.tokenSecret), {
      expirationDate: toOaiDatestamp(new Date(exp)),
      completeListSize: listSize ?? undefined,
      cursor,
    });
  } else if (token !== undefined) {
    // The last page of a list sent in parts carries an empty token (section 3.5).
    w.leaf('resumptionToken', '', { completeListSize: listSize ?? undefined, cursor });
  }
  w.close(verb);
  return w.close('OAI-PMH').toString();
}

/**
 * Answers one OAI-PMH request (GET query or POST form, already parsed into a record of
 * strings/arrays; a repeated argument is an array). Protocol errors are OAI error elements, so
 * the caller always answers 200 with OAI_CONTENT_TYPE. Throws only when the source throws or
 * breaks its contract (an invalid datestamp, no valid admin email).
 */
export async function handleOai(
  params: Record<string, string | string[] | undefined>,
  source: OaiSource,
  options: OaiOptions,
): Promise<string> {
  if (!options.tokenSecret) throw new TypeError('OAI-PMH: tokenSecret must not be empty');
  if (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1) throw new TypeError('OAI-PMH: pageSize must be a positive integer');
  const now = options.now?.() ?? new Date();
  const parsed = parseRequest(params);
  if (parsed instanceof Failure) return errorResponse(source, now, null, parsed);
  const ctx: Context = {
    source,
    options: { pageSize: options.pageSize, tokenSecret: options.tokenSecret, ttlMs: (options.tokenTtlHours ?? 24) * 3_600_000 },
    now,
    request: parsed,
  };
  let result: string | Failure;
  switch (parsed.verb) {
    case 'Identify': result = await identify(ctx); break;
    case 'ListMetadataFormats': result = await listMetadataFormats(ctx); break;
    case 'ListSets': result = await listSets(ctx); break;
    case 'GetRecord': result = await getRecord(ctx); break;
    case 'ListIdentifiers': result = await list(ctx, 'ListIdentifiers'); break;
    case 'ListRecords': result = await list(ctx, 'ListRecords'); break;
  }
  return result instanceof Failure ? errorResponse(source, now, parsed, result) : result;
}
