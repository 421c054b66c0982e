/**
 * Spreadsheet import of the directory. Every row goes through the directory service
 * (createOrganization / updateOrganization / createPerson / updatePerson, with the transaction
 * passed down), so a row is checked exactly like a form; a row's field errors become report
 * lines "row N, column, reason". Re-importing updates by external_id; a repeated external_id in
 * one file rejects the later row. Valid rows are written in transactions of `batchSize` rows;
 * `strict` writes everything in one transaction and keeps nothing when any row fails; `dryRun`
 * checks every row inside transactions that are rolled back.
 */
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { authorize, type Principal } from '../../../platform/auth/policy.js';
import type { Db, DbOrTrx } from '../../../platform/db/index.js';
import { fromJson } from '../../../platform/db/json.js';
import { AppError } from '../../../platform/http/errors.js';
import { batchIndexWrites, discardIndexWrites, flushIndexWrites } from '../../../platform/search/search.js';
import { textFor, type TranslatedText } from '../../../platform/i18n/content.js';
import { DEFAULT_LOCALE, parseLocale, type Locale } from '../../../platform/i18n/locales.js';
import type { Translator } from '../../../platform/i18n/messages.js';
import { newId, nowIso } from '../../../platform/ids.js';
import type { Space } from '../../spaces/spaces.service.js';
import type { Contact } from '../classification.js';
import type { OrganizationRow, PersonRow } from '../directory.repository.js';
import { ORGANIZATION, PERSON, type DirectoryService, type OrganizationInput, type PersonInput } from '../directory.service.js';
import { autoMapping, LANGUAGE_SUFFIXES, type ImportKind } from './columns.js';
import { toCsv } from './csv.js';
import * as repo from './import.repository.js';
import type { Sheet } from './parse.js';

/** A problem with one cell of one row; `key` and `values` make the localised reason. */
export interface ImportIssue {
  row: number;
  column: string;
  key: string;
  values?: Record<string, string | number>;
}

/** A row imported with a doubt: it looks like a record already in the directory. */
export interface ImportWarning extends ImportIssue {
  recordId: string;
}

/** What an import did (or, on a dry run, would do). */
export interface ImportResult {
  kind: ImportKind;
  spaceCode: string;
  /** Data rows read (empty rows are not counted). */
  total: number;
  imported: number;
  updated: number;
  rejected: number;
  issues: ImportIssue[];
  warnings: ImportWarning[];
  /** Columns of the file the import did not use, each named once. */
  ignoredColumns: string[];
  dryRun: boolean;
  strict: boolean;
  /** False on a dry run, and when --strict found a rejected row: nothing was written. */
  committed: boolean;
}

/** One import. */
export interface ImportRequest {
  kind: ImportKind;
  space: Space;
  principal: Principal;
  actor: Actor;
  sheet: Sheet;
  /** Target column of each file column (null = ignored); by header names when absent. */
  mapping?: (string | null)[];
  strict?: boolean;
  dryRun?: boolean;
  /** Rows per transaction (default 500). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A data row with its mapped values: target column → cell text, and → the file's header. */
interface PreparedRow {
  row: number;
  values: Map<string, string>;
  headers: Map<string, string>;
  externalId: string | null;
  /** Mosaic's own id of the record (an exported row), when the file has an `id` column. */
  recordId: string | null;
}

const ROLLBACK = Symbol('rollback');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTACT_COLUMNS = ['email', 'phone', 'website'] as const;

/** Codes separated by ; , or | ("C;ICH"). */
function codeList(value: string): string[] {
  return value.split(/[;,|]/).map((v) => v.trim()).filter(Boolean);
}

/** Free text items separated by ; | or line breaks ("silk weaver; natural dyes"). */
function textList(value: string): string[] {
  return value.split(/[;|\n]/).map((v) => v.trim()).filter(Boolean);
}

function contactValues(kind: (typeof CONTACT_COLUMNS)[number], value: string): string[] {
  return (kind === 'phone' ? value.split(/[;,|\n]/) : value.split(/[;,|\s]+/)).map((v) => v.trim()).filter(Boolean);
}

/** True when an existing contact is the value a cell names again (case, scheme and spacing aside). */
function sameContact(c: Contact, kind: string, value: string): boolean {
  if (c.kind !== kind) return false;
  const norm = (v: string) =>
    kind === 'phone'
      ? v.replace(/\D/g, '')
      : v
          .toLowerCase()
          .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
          .replace(/\/+$/, '');
  return norm(c.value) === norm(value);
}

/** The service field a FieldError names → the file column to report. */
function columnFor(field: string, sources: Map<string, string>): string {
  const parts = field.split('.');
  while (parts.length) {
    const hit = sources.get(parts.join('.'));
    if (hit) return hit;
    parts.pop();
  }
  return field;
}

/** Prepares the rows: mapped values, external ids, repeated external ids rejected. */
function prepare(sheet: Sheet, mapping: (string | null)[], issues: ImportIssue[]): { rows: PreparedRow[]; rejectedRows: Set<number> } {
  const rows: PreparedRow[] = [];
  const rejectedRows = new Set<number>();
  const firstRow = new Map<string, number>();
  const firstRecordRow = new Map<string, number>();
  const headerOf = (target: string) => sheet.headers[mapping.indexOf(target)] || target;
  for (const r of sheet.rows) {
    const values = new Map<string, string>();
    const headers = new Map<string, string>();
    mapping.forEach((target, i) => {
      if (!target) return;
      values.set(target, r.cells[i] ?? '');
      headers.set(target, sheet.headers[i] || target);
    });
    const externalId = values.get('external_id')?.slice(0, 100) || null;
    const id = values.get('id')?.toLowerCase() ?? '';
    const recordId = UUID.test(id) ? id : null;
    // A record named twice in one file: the later row is rejected.
    const seen = externalId ? firstRow.get(externalId) : undefined;
    const seenId = recordId ? firstRecordRow.get(recordId) : undefined;
    if (seen !== undefined || seenId !== undefined) {
      const [column, value, row] = seen !== undefined ? [headerOf('external_id'), externalId!, seen] : [headerOf('id'), recordId!, seenId!];
      issues.push({ row: r.row, column, key: 'import.duplicate_in_file', values: { value, row } });
      rejectedRows.add(r.row);
      continue;
    }
    if (externalId) firstRow.set(externalId, r.row);
    if (recordId) firstRecordRow.set(recordId, r.row);
    rows.push({ row: r.row, values, headers, externalId, recordId });
  }
  return { rows, rejectedRows };
}

/**
 * A translatable field from its columns: `base` in the space's language, `base_xx` in language
 * xx (a filled `base_xx` wins over `base` for the same language). Languages without a column
 * keep their current value; a column left empty removes its language.
 */
function translatedFrom(row: PreparedRow, base: 'name' | 'description' | 'bio', field: string, defaultLocale: Locale, current: string | undefined, sources: Map<string, string>): Record<string, string> | undefined {
  const columns = [base, ...Object.keys(LANGUAGE_SUFFIXES).map((s) => `${base}_${s}`)].filter((c) => row.values.has(c));
  if (columns.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [l, v] of Object.entries(fromJson<TranslatedText>(current, {}))) if (v?.value) out[l] = v.value;
  sources.set(field, row.headers.get(row.values.has(base) ? base : columns[0]!)!);
  const byLocale = new Map<Locale, string[]>();
  for (const c of columns) {
    const locale = c === base ? defaultLocale : LANGUAGE_SUFFIXES[c.slice(base.length + 1)]!;
    // The language's own column first, then the default-language column.
    byLocale.set(locale, c === base ? [...(byLocale.get(locale) ?? []), c] : [c, ...(byLocale.get(locale) ?? [])]);
  }
  for (const [locale, cols] of byLocale) {
    const filled = cols.find((c) => row.values.get(c));
    if (filled) {
      out[locale] = row.values.get(filled)!;
      sources.set(`${field}.${locale}`, row.headers.get(filled)!);
    } else delete out[locale];
  }
  return out;
}

/** Contacts from the email, phone and website columns; other kinds of contact are kept. */
function contactsFrom(row: PreparedRow, kind: ImportKind, current: string | undefined, sources: Map<string, string>): OrganizationInput['contacts'] | undefined {
  const mapped = CONTACT_COLUMNS.filter((k) => row.values.has(k));
  if (mapped.length === 0) return undefined;
  const existing = fromJson<Contact[]>(current, []);
  const out: { kind: string; value: string; visibility: string }[] = existing.filter((c) => !(mapped as readonly string[]).includes(c.kind));
  for (const k of mapped) {
    const visibilityColumn = `${k}_visibility`;
    const chosen = row.values.get(visibilityColumn)?.toLowerCase() ?? '';
    for (const value of contactValues(k, row.values.get(k)!)) {
      const before = existing.find((c) => sameContact(c, k, value));
      // People's email and phone are for members unless the file says otherwise.
      const fallback = kind === 'people' && k !== 'website' ? 'members' : 'public';
      sources.set(`contacts.${out.length}`, row.headers.get(k)!);
      if (chosen) sources.set(`contacts.${out.length}.visibility`, row.headers.get(visibilityColumn)!);
      out.push({ kind: k, value, visibility: chosen || before?.visibility || fallback });
    }
  }
  return out;
}

/** Sets `input[key]` from a column when the file has it, recording which column it came from. */
function take<T>(row: PreparedRow, column: string, field: string, sources: Map<string, string>, convert: (v: string) => T): T | undefined {
  if (!row.values.has(column)) return undefined;
  sources.set(field, row.headers.get(column)!);
  return convert(row.values.get(column)!);
}

function organizationInput(row: PreparedRow, defaultLocale: Locale, current: OrganizationRow | undefined) {
  const sources = new Map<string, string>();
  const input: OrganizationInput = {
    externalId: take(row, 'external_id', 'externalId', sources, (v) => v || null),
    name: translatedFrom(row, 'name', 'name', defaultLocale, current?.name, sources),
    type: take(row, 'type', 'type', sources, (v) => v),
    domains: take(row, 'domains', 'domains', sources, codeList),
    functions: take(row, 'functions', 'functions', sources, codeList),
    regionCode: take(row, 'region', 'regionCode', sources, (v) => v || null),
    address: take(row, 'address', 'address', sources, (v) => v || null),
    contacts: contactsFrom(row, 'organizations', current?.contacts, sources),
    description: translatedFrom(row, 'description', 'description', defaultLocale, current?.description, sources),
    foundedYear: take(row, 'founded_year', 'foundedYear', sources, (v) => v || null),
    languages: take(row, 'languages', 'languages', sources, (v) => v.split(/[;,|\s]+/).filter(Boolean)),
  };
  if (!sources.has('name')) sources.set('name', 'name');
  for (const k of Object.keys(input) as (keyof OrganizationInput)[]) if (input[k] === undefined) delete input[k];
  // A new record needs its name and type checked even when the file has no such column.
  if (!current && input.name === undefined) input.name = {};
  return { input, sources };
}

function personInput(row: PreparedRow, defaultLocale: Locale, current: PersonRow | undefined) {
  const sources = new Map<string, string>();
  const input: PersonInput = {
    externalId: take(row, 'external_id', 'externalId', sources, (v) => v || null),
    name: translatedFrom(row, 'name', 'name', defaultLocale, current?.name, sources),
    professions: take(row, 'professions', 'professions', sources, textList),
    domains: take(row, 'domains', 'domains', sources, codeList),
    skills: take(row, 'skills', 'skills', sources, textList),
    regionCode: take(row, 'region', 'regionCode', sources, (v) => v || null),
    contacts: contactsFrom(row, 'people', current?.contacts, sources),
    bio: translatedFrom(row, 'bio', 'bio', defaultLocale, current?.bio, sources),
    languages: take(row, 'languages', 'languages', sources, (v) => v.split(/[;,|\s]+/).filter(Boolean)),
  };
  if (!sources.has('name')) sources.set('name', 'name');
  for (const k of Object.keys(input) as (keyof PersonInput)[]) if (input[k] === undefined) delete input[k];
  if (!current && input.name === undefined) input.name = {};
  return { input, sources };
}

/** What the import needs. */
export interface ImportDeps {
  db: Db;
  directory: DirectoryService;
}

/** Runs an import (see the file comment). */
export async function runImport(deps: ImportDeps, request: ImportRequest): Promise<ImportResult> {
  const { db, directory } = deps;
  const { kind, space, principal, actor, sheet } = request;
  authorize(principal, 'content.create', { spaceId: space.id });
  const strict = Boolean(request.strict);
  const dryRun = Boolean(request.dryRun);
  const batchSize = Math.max(1, request.batchSize ?? 500);
  const defaultLocale = parseLocale(space.defaultLocale) ?? DEFAULT_LOCALE;
  const auto = autoMapping(kind, sheet.headers);
  const mapping = request.mapping ?? auto.mapping;
  const ignoredColumns = request.mapping ? sheet.headers.filter((h, i) => h.trim() && !mapping[i]).map((h) => h.trim()) : auto.ignored;

  const issues: ImportIssue[] = [];
  const warnings: ImportWarning[] = [];
  const { rows, rejectedRows } = prepare(sheet, mapping, issues);
  const total = sheet.rows.length;
  let done = rejectedRows.size;
  let imported = 0;
  let updated = 0;
  const entity = kind === 'organizations' ? ORGANIZATION : PERSON;

  /** Writes one row through the directory service; returns the record id and whether it was new. */
  async function write(trx: DbOrTrx, current: OrganizationRow | PersonRow | undefined, input: OrganizationInput | PersonInput) {
    if (kind === 'organizations') {
      const view = current
        ? await directory.updateOrganization(principal, current.id, input as OrganizationInput, actor, trx)
        : await directory.createOrganization(principal, space.id, input as OrganizationInput, actor, trx);
      return { id: view.id, name: view.name, contacts: view.contacts };
    }
    const view = current
      ? await directory.updatePerson(principal, current.id, input as PersonInput, actor, trx)
      : await directory.createPerson(principal, space.id, input as PersonInput, actor, { trx });
    return { id: view.id, name: view.name, contacts: view.contacts };
  }

  /** Adds (or updates the role of) a person's affiliation named by organization_external_id. */
  async function affiliate(trx: DbOrTrx, row: PreparedRow, personId: string, organizationId: string) {
    const role = row.values.has('role') ? row.values.get('role')!.slice(0, 200) || null : undefined;
    const existing = await repo.findAffiliationOf(trx, personId, organizationId);
    if (!existing) {
      const affiliation = { id: newId(), person_id: personId, organization_id: organizationId, role: role ?? null, start_date: null, end_date: null, created_at: nowIso() };
      await repo.insertAffiliation(trx, affiliation);
      await recordAudit(trx, actor, { action: 'affiliation.create', entityType: 'affiliation', entityId: affiliation.id, spaceId: space.id, after: { ...affiliation } });
    } else if (role !== undefined && role !== existing.role) {
      await repo.updateAffiliationRole(trx, existing.id, role);
      await recordAudit(trx, actor, { action: 'affiliation.update', entityType: 'affiliation', entityId: existing.id, spaceId: space.id, before: { role: existing.role }, after: { role } });
    }
  }

  async function processRow(trx: DbOrTrx, row: PreparedRow, existing: Map<string, OrganizationRow | PersonRow>, byId: Map<string, OrganizationRow | PersonRow>, organizations: Map<string, string>) {
    const current = (row.externalId ? existing.get(row.externalId) : undefined) ?? (row.recordId ? byId.get(row.recordId) : undefined);
    const { input, sources } = kind === 'organizations' ? organizationInput(row, defaultLocale, current as OrganizationRow | undefined) : personInput(row, defaultLocale, current as PersonRow | undefined);
    const rowIssues: ImportIssue[] = [];
    const orgRef = kind === 'people' ? row.values.get('organization_external_id') ?? '' : '';
    const organizationId = orgRef ? organizations.get(orgRef) : undefined;
    if (orgRef && !organizationId) {
      rowIssues.push({ row: row.row, column: row.headers.get('organization_external_id')!, key: 'import.unknown_organization', values: { value: orgRef } });
    }
    const reject = (err: unknown) => {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      for (const f of err.options.fields ?? []) rowIssues.push({ row: row.row, column: columnFor(f.field, sources), key: f.key, ...(f.values ? { values: f.values } : {}) });
    };
    if (rowIssues.length) {
      // The row is rejected already; the service still checks it (then undone) so every problem is reported at once.
      // Index writes gathered so far go in before the savepoint; those of the undone write are dropped with it.
      await flushIndexWrites(trx);
      await repo.savepoint(trx, 'import_row');
      try {
        await write(trx, current, input);
      } catch (err) {
        reject(err);
      } finally {
        await repo.rollbackToSavepoint(trx, 'import_row');
        discardIndexWrites(trx);
      }
    } else {
      try {
        const saved = await write(trx, current, input);
        if (current) updated++;
        else imported++;
        if (organizationId) await affiliate(trx, row, saved.id, organizationId);
        if (!current && !row.externalId && !row.recordId) {
          const [twin] = await directory.findLikelyDuplicates(trx, entity, space.id, { name: saved.name, contacts: saved.contacts }, { excludeId: saved.id, limit: 1 });
          if (twin) warnings.push({ row: row.row, column: sources.get('name') ?? 'name', key: 'import.likely_duplicate', values: { name: textFor(twin.name, defaultLocale) }, recordId: twin.id });
        }
      } catch (err) {
        reject(err);
      }
    }
    if (rowIssues.length) {
      issues.push(...rowIssues);
      rejectedRows.add(row.row);
    }
    done++;
    request.onProgress?.(done, total);
  }

  async function processBatch(trx: DbOrTrx, batch: PreparedRow[]) {
    const ids = batch.map((r) => r.externalId).filter((v): v is string => v !== null);
    const found = kind === 'organizations' ? await repo.organizationsByExternalIds(trx, space.id, ids) : await repo.peopleByExternalIds(trx, space.id, ids);
    const existing = new Map<string, OrganizationRow | PersonRow>(found.map((r) => [r.external_id!, r]));
    const recordIds = batch.map((r) => r.recordId).filter((v): v is string => v !== null);
    const foundById = kind === 'organizations' ? await repo.organizationsByIds(trx, space.id, recordIds) : await repo.peopleByIds(trx, space.id, recordIds);
    const byId = new Map<string, OrganizationRow | PersonRow>(foundById.map((r) => [r.id, r]));
    const refs = kind === 'people' ? [...new Set(batch.map((r) => r.values.get('organization_external_id') ?? '').filter(Boolean))] : [];
    const organizations = await repo.organizationIdsByExternalIds(trx, space.id, refs);
    // The batch's search index rows are written together (a search in between still sees them).
    await batchIndexWrites(trx, async () => {
      for (const row of batch) await processRow(trx, row, existing, byId, organizations);
    });
  }

  /** Runs `fn` in a transaction that is rolled back when `rollback()` says so. */
  async function inTransaction(fn: (trx: DbOrTrx) => Promise<void>, rollback: () => boolean) {
    try {
      await db.transaction().execute(async (trx) => {
        await fn(trx);
        if (rollback()) throw ROLLBACK;
      });
    } catch (err) {
      if (err !== ROLLBACK) throw err;
    }
  }

  request.onProgress?.(done, total);
  if (strict) {
    await inTransaction(
      async (trx) => {
        for (let i = 0; i < rows.length; i += batchSize) await processBatch(trx, rows.slice(i, i + batchSize));
      },
      () => dryRun || rejectedRows.size > 0,
    );
    if (rejectedRows.size > 0) {
      imported = 0;
      updated = 0;
    }
  } else {
    for (let i = 0; i < rows.length; i += batchSize) {
      await inTransaction((trx) => processBatch(trx, rows.slice(i, i + batchSize)), () => dryRun);
    }
  }
  issues.sort((a, b) => a.row - b.row);
  warnings.sort((a, b) => a.row - b.row);
  return {
    kind,
    spaceCode: space.code,
    total,
    imported,
    updated,
    rejected: rejectedRows.size,
    issues,
    warnings,
    ignoredColumns,
    dryRun,
    strict,
    committed: !dryRun && !(strict && rejectedRows.size > 0),
  };
}

/** The closing summary line: exactly `imported N, updated U, rejected R`. */
export function summaryLine(result: Pick<ImportResult, 'imported' | 'updated' | 'rejected'>): string {
  return `imported ${result.imported}, updated ${result.updated}, rejected ${result.rejected}`;
}

/** The report as CSV (row, column, reason), reasons in the translator's language; warnings included. */
export function reportCsv(result: Pick<ImportResult, 'issues' | 'warnings'>, t: Translator['t']): string {
  const lines = [...result.issues, ...result.warnings]
    .sort((a, b) => a.row - b.row)
    .map((i) => [String(i.row), i.column, t(i.key, i.values)]);
  return toCsv(['row', 'column', 'reason'], lines);
}
