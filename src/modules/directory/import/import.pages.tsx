/**
 * Spreadsheet import and export pages of the directory, for organisations and people:
 *
 *   /<kind>/import            upload form (multipart, CSRF) → the file goes to the content-addressed
 *                             store and is referred to by its sha256 from then on, never a path;
 *                             each step marks the upload used, so the clean-up (uploads.ts) keeps it
 *   /<kind>/import/map        each column of the file with a select of target fields
 *   /<kind>/import/preview    a dry run: first rows, every rejected row with its localised reason
 *   /<kind>/import/run        the import → /<kind>/import/result/<id> (counts, rejected rows, report)
 *   /<kind>/import/template.csv|.xlsx   the empty template
 *   /<kind>/export.csv|.xlsx|.json      the listing's filters, as the reader may see the records
 *
 * Import is for the space's editors (content.create); export is for anyone, with the contacts
 * each reader may see. Everything works without JavaScript.
 */
import fastifyMultipart from '@fastify/multipart';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { authorize, can } from '../../../platform/auth/policy.js';
import { actorOf, hrefFor, seeOther } from '../../../platform/http/context.js';
import { AppError, type FieldError } from '../../../platform/http/errors.js';
import { textFor } from '../../../platform/i18n/content.js';
import { filesDir, localFileStore, type FileStore } from '../../../platform/files/store.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { ErrorSummary, Field, fieldError, Notice, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { formValues } from '../../../platform/views/forms.js';
import { sendPage } from '../../../platform/views/render.js';
import { getSpace, listRegions, listSpaces, type Space } from '../../spaces/spaces.service.js';
import { autoMapping, columnLabel, IMPORT_KINDS, LANGUAGE_SUFFIXES, targetColumns, type ImportKind } from './columns.js';
import { EXPORT_FORMATS, exportDirectory, filtersFromQuery, templateFile, type ExportFile } from './export.service.js';
import { reportCsv, runImport, type ImportIssue, type ImportResult, type ImportWarning } from './import.service.js';
import { ImportFileError, readSpreadsheet, type Sheet } from './parse.js';
import { finishUpload, recordUpload, touchUpload } from './uploads.js';

/** Largest upload, in bytes. */
export const UPLOAD_LIMIT_MB = 10;
const UPLOAD_LIMIT = UPLOAD_LIMIT_MB * 1024 * 1024;
/** Most columns a file may have (one select each on the mapping page). */
const MAX_COLUMNS = 200;
/** Rejected rows shown on a page (the report has them all). */
const SHOWN_ISSUES = 500;
const PREVIEW_ROWS = 10;
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1252'] as const;
const SHA = /^[0-9a-f]{64}$/;
const FORMAT_LABELS = { csv: 'import.format.csv', xlsx: 'import.format.xlsx', json: 'import.format.json' } as const;

type Query = Record<string, string | undefined>;

/** The upload as the step pages carry it: space, stored file, how to read it. */
interface Upload {
  space: string;
  file: string;
  encoding: string;
  sheet: string;
}

/** A finished import as kept in the file store for its result page and report. */
interface StoredResult {
  id: string;
  at: string;
  kind: ImportKind;
  space: string;
  result: ImportResult;
}

const TITLE: Record<ImportKind, string> = { organizations: 'import.title.organizations', people: 'import.title.people' };

async function readBlob(store: FileStore, sha: string): Promise<Buffer | null> {
  if (!SHA.test(sha)) return null;
  const stream: Readable | null = await store.open(sha);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function uploadQuery(u: Upload): string {
  return new URLSearchParams({ space: u.space, file: u.file, encoding: u.encoding, sheet: u.sheet }).toString();
}

function HiddenUpload({ upload }: { upload: Upload }) {
  return (
    <>
      <input type="hidden" name="space" value={upload.space} />
      <input type="hidden" name="file" value={upload.file} />
      <input type="hidden" name="encoding" value={upload.encoding} />
      <input type="hidden" name="sheet" value={upload.sheet} />
    </>
  );
}

function IssueTable({ ctx, kind, issues, caption }: { ctx: ViewContext; kind: ImportKind; issues: (ImportIssue | ImportWarning)[]; caption: string }) {
  const shown = issues.slice(0, SHOWN_ISSUES);
  return (
    <>
      <div class="table">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('import.table.row')}</th>
              <th scope="col">{ctx.t('import.table.column')}</th>
              <th scope="col">{ctx.t('import.table.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr>
                <td>{i.row}</td>
                <td>{i.column}</td>
                <td>
                  {ctx.t(i.key, i.values)}
                  {'recordId' in i ? (
                    <>
                      {' '}
                      <a href={ctx.href(`/${kind}/${i.recordId}`)}>{ctx.t('import.table.open_record')}</a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {issues.length > shown.length ? <p class="muted">{ctx.t('import.more_rows', { shown: shown.length, count: issues.length })}</p> : null}
    </>
  );
}

function Counts({ ctx, result }: { ctx: ViewContext; result: ImportResult }) {
  return (
    <ul class="import-counts">
      <li>{ctx.t('import.count.total', { count: result.total })}</li>
      <li>{ctx.t('import.count.imported', { count: result.imported })}</li>
      <li>{ctx.t('import.count.updated', { count: result.updated })}</li>
      <li>{ctx.t('import.count.rejected', { count: result.rejected })}</li>
    </ul>
  );
}

/** Registers the import and export routes. */
export function registerImport(app: FastifyInstance): void {
  const { db, directory, config } = app.mosaic;
  const store = localFileStore(filesDir(config.dataDir));

  async function editableSpaces(request: FastifyRequest): Promise<Space[]> {
    return (await listSpaces(db)).filter((s) => can(request.principal, 'content.create', { spaceId: s.id }));
  }

  /** The space named by code, which the reader must be allowed to import into. */
  async function importSpace(request: FastifyRequest, code: string | undefined): Promise<Space> {
    if (!request.user) throw new AppError('UNAUTHENTICATED');
    const space = await getSpace(db, code ?? '');
    authorize(request.principal, 'content.create', { spaceId: space.id });
    return space;
  }

  function targetOptions(ctx: ViewContext, kind: ImportKind) {
    return [
      { value: '', label: ctx.t('import.mapping.ignore') },
      ...targetColumns(kind).map((c) => {
        const label = columnLabel(c);
        return { value: c, label: `${ctx.t(label.key, label.values)} (${c})` };
      }),
    ];
  }

  // ---- Step 1: upload --------------------------------------------------------------------------
  async function uploadPage(request: FastifyRequest, reply: FastifyReply, kind: ImportKind, form: FormState, status = 200) {
    const spaces = request.user ? await editableSpaces(request) : [];
    if (request.user && spaces.length === 0) throw new AppError('FORBIDDEN');
    const chosen = spaces.find((s) => s.code === (form.values.space ?? '').toUpperCase());
    return sendPage(request, reply, { title: request.i18n.t(TITLE[kind]), status, noindex: true }, (ctx) => (
      <>
        <h1>{ctx.t(TITLE[kind])}</h1>
        <p>{ctx.t('import.intro')}</p>
        <p>
          {ctx.t('import.template_intro')}{' '}
          <a href={ctx.href(`/${kind}/import/template.xlsx${chosen ? `?space=${chosen.code}` : ''}`)}>{ctx.t('import.template_xlsx')}</a>
          {' · '}
          <a href={ctx.href(`/${kind}/import/template.csv`)}>{ctx.t('import.template_csv')}</a>
        </p>
        <ErrorSummary ctx={ctx} form={form} />
        <form method="post" action={ctx.href(`/${kind}/import`)} enctype="multipart/form-data" class="stack" aria-label={ctx.t(TITLE[kind])} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <SelectField
            ctx={ctx}
            form={{ ...form, values: { ...form.values, space: chosen?.code ?? '' } }}
            name="space"
            label={ctx.t('import.field.space')}
            options={[...(spaces.length > 1 ? [{ value: '', label: ctx.t('import.choose_space') }] : []), ...spaces.map((s) => ({ value: s.code, label: textFor(s.name, ctx.locale, s.code) }))]}
          />
          <FileField ctx={ctx} form={form} />
          <SelectField
            ctx={ctx}
            form={form}
            name="encoding"
            label={ctx.t('import.field.encoding')}
            options={[{ value: '', label: ctx.t('import.encoding.auto') }, ...ENCODINGS.map((e) => ({ value: e, label: e.toUpperCase() }))]}
          />
          <Field ctx={ctx} form={form} name="sheet" label={ctx.t('import.field.sheet')} hint={ctx.t('import.field.sheet_hint')} />
          <div>
            <button type="submit">{ctx.t('import.upload')}</button>
          </div>
        </form>
        <h2>{ctx.t('import.export.title')}</h2>
        <p>{ctx.t('import.export.intro')}</p>
        <ul>
          {spaces.map((s) => (
            <li>
              {textFor(s.name, ctx.locale, s.code)}:{' '}
              {EXPORT_FORMATS.map((f, i) => (
                <>
                  {i ? ' · ' : ''}
                  <a href={ctx.href(`/${kind}/export.${f}?space=${s.code}`)}>{ctx.t(FORMAT_LABELS[f])}</a>
                </>
              ))}
            </li>
          ))}
        </ul>
      </>
    ));
  }

  function FileField({ ctx, form }: { ctx: ViewContext; form: FormState }) {
    const error = fieldError(ctx, form, 'file');
    return (
      <div class="field">
        <label for="f-file">{ctx.t('import.field.file')}</label>
        <span class="hint" id="f-file-hint">
          {ctx.t('import.field.file_hint', { size: UPLOAD_LIMIT_MB })}
        </span>
        {error ? (
          <span class="error" id="f-file-error">
            {error}
          </span>
        ) : null}
        <input
          id="f-file"
          name="file"
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'f-file-hint f-file-error' : 'f-file-hint'}
        />
      </div>
    );
  }

  /** Reads the stored upload; a FormState error when it cannot be read any more. */
  async function loadUpload(upload: Upload): Promise<Sheet> {
    const bytes = await readBlob(store, upload.file);
    if (!bytes) throw new ImportFileError('import.error.expired');
    return readSpreadsheet(bytes, { encoding: upload.encoding || undefined, sheet: upload.sheet || undefined });
  }

  function uploadFrom(values: Record<string, string | undefined>): Upload {
    const encoding = values.encoding ?? '';
    return {
      space: (values.space ?? '').toUpperCase().slice(0, 2),
      file: SHA.test(values.file ?? '') ? values.file! : '',
      encoding: (ENCODINGS as readonly string[]).includes(encoding) ? encoding : '',
      sheet: (values.sheet ?? '').slice(0, 100),
    };
  }

  // ---- Step 2: column mapping ------------------------------------------------------------------
  function mappingPage(request: FastifyRequest, reply: FastifyReply, kind: ImportKind, space: Space, upload: Upload, sheet: Sheet, mapping: (string | null)[], errors: FieldError[], status = 200) {
    const form: FormState = { values: Object.fromEntries(mapping.map((m, i) => [`map_${i}`, m ?? ''])), errors };
    const sample = (i: number) => sheet.rows.find((r) => (r.cells[i] ?? '') !== '')?.cells[i]?.slice(0, 60) ?? '';
    return sendPage(request, reply, { title: request.i18n.t('import.mapping.title'), status, noindex: true }, (ctx) => {
      const options = targetOptions(ctx, kind);
      return (
        <>
          <h1>{ctx.t('import.mapping.title')}</h1>
          <p>{ctx.t('import.mapping.file', { rows: sheet.rows.length, columns: sheet.headers.length, space: textFor(space.name, ctx.locale, space.code) })}</p>
          <p>{ctx.t('import.mapping.intro')}</p>
          <ErrorSummary ctx={ctx} form={form} />
          <PostForm ctx={ctx} action={`/${kind}/import/preview`} class="import" label={ctx.t('import.mapping.title')}>
            <HiddenUpload upload={upload} />
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('import.mapping.column')}</th>
                    <th scope="col">{ctx.t('import.mapping.sample')}</th>
                    <th scope="col">{ctx.t('import.mapping.target')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sheet.headers.map((h, i) => {
                    const error = fieldError(ctx, form, `map_${i}`);
                    return (
                      <tr>
                        <th scope="row">{h || ctx.t('import.mapping.no_header', { number: i + 1 })}</th>
                        <td>{sample(i)}</td>
                        <td>
                          <label class="visually-hidden" for={`f-map_${i}`}>
                            {ctx.t('import.mapping.select_label', { column: h || String(i + 1) })}
                          </label>
                          {error ? (
                            <span class="error" id={`f-map_${i}-error`}>
                              {error}
                            </span>
                          ) : null}
                          <select id={`f-map_${i}`} name={`map_${i}`} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-map_${i}-error` : undefined}>
                            {options.map((o) => (
                              <option value={o.value} selected={(form.values[`map_${i}`] ?? '') === o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div>
              <button type="submit">{ctx.t('import.preview_button')}</button>
            </div>
          </PostForm>
          <p>
            <a href={ctx.href(`/${kind}/import?space=${space.code}`)}>{ctx.t('import.other_file')}</a>
          </p>
        </>
      );
    });
  }

  /** The mapping posted with a step form, and what is wrong with it. */
  function postedMapping(kind: ImportKind, body: unknown, sheet: Sheet): { mapping: (string | null)[]; errors: FieldError[] } {
    const fields = sheet.headers.map((_, i) => `map_${i}`);
    const values = formValues(body, fields);
    const allowed = new Set(targetColumns(kind));
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const mapping = sheet.headers.map((_, i) => {
      const v = values[`map_${i}`] ?? '';
      if (!v) return null;
      if (!allowed.has(v)) {
        errors.push({ field: `map_${i}`, key: 'validation.choice' });
        return null;
      }
      if (seen.has(v)) errors.push({ field: `map_${i}`, key: 'import.mapping.duplicate', values: { field: v } });
      else seen.set(v, i);
      return v;
    });
    const names = ['name', ...Object.keys(LANGUAGE_SUFFIXES).map((s) => `name_${s}`)];
    if (!mapping.some((m) => m && names.includes(m))) errors.push({ field: '_form', key: 'import.mapping.name_required' });
    return { mapping, errors };
  }

  async function storeResult(kind: ImportKind, space: Space, result: ImportResult): Promise<string> {
    const stored: StoredResult = { id: newId(), at: nowIso(), kind, space: space.code, result };
    return (await store.put(Buffer.from(JSON.stringify(stored)))).sha256;
  }

  async function loadResult(request: FastifyRequest, kind: ImportKind, id: string): Promise<{ stored: StoredResult; space: Space }> {
    const bytes = await readBlob(store, id);
    let stored: StoredResult | null = null;
    try {
      stored = bytes ? (JSON.parse(bytes.toString('utf8')) as StoredResult) : null;
    } catch {
      stored = null;
    }
    if (!stored || stored.kind !== kind || !stored.result) throw new AppError('NOT_FOUND');
    const space = await importSpace(request, stored.space);
    return { stored, space };
  }

  const requireSignIn = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.user) return false;
    reply.redirect(hrefFor(request, `/login?next=${encodeURIComponent(request.url)}`), 303);
    return true;
  };

  app.register(async (scope) => {
    // Multipart only here, with its own size limit; every other route keeps refusing it.
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 20, parts: 25, fieldSize: 10_000 },
    });

    scope.setErrorHandler(async (error, request, reply) => {
      const code = (error as { code?: string }).code;
      const kind = IMPORT_KINDS.find((k) => request.pathNoLocale === `/${k}/import`);
      if (kind && request.method === 'POST' && code === 'FST_REQ_FILE_TOO_LARGE') {
        // Let the rest of the upload arrive (and be dropped) so the browser reads the answer.
        request.raw.resume();
        return uploadPage(request, reply, kind, { values: {}, errors: [{ field: 'file', key: 'import.error.too_large', values: { size: UPLOAD_LIMIT_MB } }] }, 413);
      }
      throw error;
    });

    for (const kind of IMPORT_KINDS) {
      scope.get<{ Querystring: Query }>(`/${kind}/import`, async (request, reply) => {
        if (requireSignIn(request, reply)) return reply;
        return uploadPage(request, reply, kind, { values: { space: request.query.space ?? '' }, errors: [] });
      });

      scope.post(`/${kind}/import`, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const values = formValues(body, ['space', 'encoding', 'sheet']);
        const upload = uploadFrom(values);
        const errors: FieldError[] = [];
        const space = await importSpace(request, upload.space).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
          throw err;
        });
        if (!space) errors.push({ field: 'space', key: 'validation.required' });
        if ((values.encoding ?? '') !== upload.encoding) errors.push({ field: 'encoding', key: 'validation.choice' });
        const file = Buffer.isBuffer(body.file) ? body.file : null;
        if (!file || file.length === 0) errors.push({ field: 'file', key: 'import.error.no_file' });
        else if (errors.length === 0) {
          try {
            const sheet = await readSpreadsheet(file, { encoding: upload.encoding || undefined, sheet: upload.sheet || undefined });
            if (sheet.headers.length > MAX_COLUMNS) errors.push({ field: 'file', key: 'import.error.too_many_columns', values: { max: MAX_COLUMNS } });
          } catch (err) {
            if (!(err instanceof ImportFileError)) throw err;
            errors.push({ field: err.key === 'import.error.sheet' ? 'sheet' : 'file', key: err.key, values: err.values });
          }
        }
        if (errors.length) return uploadPage(request, reply, kind, { values, errors }, 400);
        const sha256 = createHash('sha256').update(file!).digest('hex');
        await recordUpload(db, { sha256, kind, spaceId: space!.id, userId: request.user!.id });
        await store.put(file!);
        return seeOther(request, reply, `/${kind}/import/map?${uploadQuery({ ...upload, file: sha256 })}`);
      });

      scope.get<{ Querystring: Query }>(`/${kind}/import/map`, async (request, reply) => {
        if (requireSignIn(request, reply)) return reply;
        const upload = uploadFrom(request.query);
        const space = await importSpace(request, upload.space);
        await touchUpload(db, upload.file, request.user!.id);
        let sheet: Sheet;
        try {
          sheet = await loadUpload(upload);
        } catch (err) {
          if (!(err instanceof ImportFileError)) throw err;
          return uploadPage(request, reply, kind, { values: { space: space.code }, errors: [{ field: 'file', key: err.key, values: err.values }] }, 400);
        }
        return mappingPage(request, reply, kind, space, upload, sheet, autoMapping(kind, sheet.headers).mapping, []);
      });

      /** Parses a step form (preview or run): the upload, its sheet and the chosen mapping. */
      async function stepForm(request: FastifyRequest, reply: FastifyReply): Promise<{ space: Space; upload: Upload; sheet: Sheet; mapping: (string | null)[] } | FastifyReply> {
        const upload = uploadFrom(formValues(request.body, ['space', 'file', 'encoding', 'sheet']));
        const space = await importSpace(request, upload.space);
        await touchUpload(db, upload.file, request.user!.id);
        let sheet: Sheet;
        try {
          sheet = await loadUpload(upload);
        } catch (err) {
          if (!(err instanceof ImportFileError)) throw err;
          return uploadPage(request, reply, kind, { values: { space: space.code }, errors: [{ field: 'file', key: err.key, values: err.values }] }, 400);
        }
        const { mapping, errors } = postedMapping(kind, request.body, sheet);
        if (errors.length) return mappingPage(request, reply, kind, space, upload, sheet, mapping, errors, 400);
        return { space, upload, sheet, mapping };
      }

      scope.post(`/${kind}/import/preview`, async (request, reply) => {
        const step = await stepForm(request, reply);
        if ('sent' in step) return step;
        const { space, upload, sheet, mapping } = step;
        const result = await runImport({ db, directory }, { kind, space, principal: request.principal, actor: actorOf(request), sheet, mapping, dryRun: true });
        const reportId = result.issues.length || result.warnings.length ? await storeResult(kind, space, result) : null;
        const columns = mapping.map((m, i) => ({ m, i })).filter((c): c is { m: string; i: number } => c.m !== null);
        return sendPage(request, reply, { title: request.i18n.t('import.preview.title'), noindex: true }, (ctx) => (
          <>
            <h1>{ctx.t('import.preview.title')}</h1>
            <p>{ctx.t('import.preview.would')}</p>
            <Counts ctx={ctx} result={result} />
            {result.ignoredColumns.length ? <p>{ctx.t('import.ignored_columns', { columns: result.ignoredColumns.join(', ') })}</p> : null}
            <h2>{ctx.t('import.preview.first_rows')}</h2>
            <div class="table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('import.table.row')}</th>
                    {columns.map((c) => (
                      <th scope="col">
                        {sheet.headers[c.i]} <span class="muted">({c.m})</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {sheet.rows.slice(0, PREVIEW_ROWS).map((r) => (
                    <tr>
                      <td>{r.row}</td>
                      {columns.map((c) => (
                        <td>{(r.cells[c.i] ?? '').slice(0, 120)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2>{ctx.t('import.preview.rejected')}</h2>
            {result.issues.length ? <IssueTable ctx={ctx} kind={kind} issues={result.issues} caption={ctx.t('import.count.rejected', { count: result.rejected })} /> : <Notice kind="good">{ctx.t('import.preview.none_rejected')}</Notice>}
            {result.warnings.length ? (
              <>
                <h2>{ctx.t('import.warnings')}</h2>
                <p>{ctx.t('import.warnings.intro_preview')}</p>
                <IssueTable ctx={ctx} kind={kind} issues={result.warnings} caption={ctx.t('import.warnings')} />
              </>
            ) : null}
            {reportId ? (
              <p>
                <a href={ctx.href(`/${kind}/import/result/${reportId}/report.csv`)} download>
                  {ctx.t('import.result.download_report')}
                </a>
              </p>
            ) : null}
            <PostForm ctx={ctx} action={`/${kind}/import/run`} label={ctx.t('import.run_button')}>
              <HiddenUpload upload={upload} />
              {mapping.map((m, i) => (
                <input type="hidden" name={`map_${i}`} value={m ?? ''} />
              ))}
              <div class="field">
                <label>
                  <input type="checkbox" name="strict" value="1" /> {ctx.t('import.strict_label')}
                </label>
              </div>
              <div>
                <button type="submit">{ctx.t('import.run_button')}</button>
              </div>
            </PostForm>
            <p>
              <a href={ctx.href(`/${kind}/import/map?${uploadQuery(upload)}`)}>{ctx.t('import.back_to_mapping')}</a>
            </p>
          </>
        ));
      });

      scope.post(`/${kind}/import/run`, async (request, reply) => {
        const step = await stepForm(request, reply);
        if ('sent' in step) return step;
        const { space, upload, sheet, mapping } = step;
        const strict = formValues(request.body, ['strict']).strict === '1';
        const result = await runImport({ db, directory }, { kind, space, principal: request.principal, actor: actorOf(request), sheet, mapping, strict });
        await finishUpload(db, upload.file, request.user!.id);
        const id = await storeResult(kind, space, result);
        return seeOther(request, reply, `/${kind}/import/result/${id}`);
      });

      scope.get<{ Params: { id: string } }>(`/${kind}/import/result/:id`, async (request, reply) => {
        if (requireSignIn(request, reply)) return reply;
        const { stored, space } = await loadResult(request, kind, request.params.id);
        const result = stored.result;
        return sendPage(request, reply, { title: request.i18n.t('import.result.title'), noindex: true }, (ctx) => (
          <>
            <h1>{ctx.t('import.result.title')}</h1>
            {result.committed ? null : <Notice kind="bad">{ctx.t('import.result.strict_failed')}</Notice>}
            <Counts ctx={ctx} result={result} />
            {result.ignoredColumns.length ? <p>{ctx.t('import.ignored_columns', { columns: result.ignoredColumns.join(', ') })}</p> : null}
            {result.issues.length ? (
              <>
                <h2>{ctx.t('import.preview.rejected')}</h2>
                <IssueTable ctx={ctx} kind={kind} issues={result.issues} caption={ctx.t('import.count.rejected', { count: result.rejected })} />
              </>
            ) : null}
            {result.warnings.length ? (
              <>
                <h2>{ctx.t('import.warnings')}</h2>
                <p>{ctx.t('import.warnings.intro')}</p>
                <IssueTable ctx={ctx} kind={kind} issues={result.warnings} caption={ctx.t('import.warnings')} />
              </>
            ) : null}
            {result.issues.length || result.warnings.length ? (
              <p>
                <a href={ctx.href(`/${kind}/import/result/${request.params.id}/report.csv`)} download>
                  {ctx.t('import.result.download_report')}
                </a>
              </p>
            ) : null}
            <p>
              <a href={ctx.href(`/${kind}/import?space=${space.code}`)}>{ctx.t('import.result.again')}</a>
            </p>
          </>
        ));
      });

      scope.get<{ Params: { id: string } }>(`/${kind}/import/result/:id/report.csv`, async (request, reply) => {
        const { stored } = await loadResult(request, kind, request.params.id);
        return sendFile(reply, { body: reportCsv(stored.result, request.i18n.t), contentType: 'text/csv; charset=utf-8', filename: `${kind}-import-report.csv`, count: 0 });
      });

      for (const format of ['csv', 'xlsx'] as const) {
        scope.get<{ Querystring: Query }>(`/${kind}/import/template.${format}`, async (request, reply) => {
          const space = request.query.space ? await getSpace(db, request.query.space).catch(() => null) : null;
          const regions = space ? await listRegions(db, space.id) : undefined;
          return sendFile(reply, await templateFile(kind, format, { t: request.i18n.t, locale: request.locale, regions }));
        });
      }

      for (const format of EXPORT_FORMATS) {
        scope.get<{ Querystring: Record<string, string | string[] | undefined> }>(`/${kind}/export.${format}`, async (request, reply) => {
          const code = typeof request.query.space === 'string' ? request.query.space : '';
          const space = await getSpace(db, code);
          const file = await exportDirectory({ db, directory, baseUrl: config.baseUrl }, { kind, space, reader: request.principal, filters: filtersFromQuery(request.query), format });
          reply.header('Vary', 'Cookie');
          return sendFile(reply, file);
        });
      }
    }
  });
}

/** Sends a file for download (never cached: its content depends on who asks). */
function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  reply.header('Cache-Control', 'no-store');
  reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
  return reply.type(file.contentType).send(file.body);
}

