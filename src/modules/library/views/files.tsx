/** The files section of a resource's page: downloads, previews, version history, uploads. */
import { fieldError, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { extensionOf } from '../extract/sniff.js';
import type { FileView, VersionView } from '../files.service.js';
import type { ResourceView } from '../library.service.js';
import { fileSize } from './common.js';

/** Which upload form an error belongs to: the new-file form, or a file's new-version form. */
export interface UploadFormState {
  form: FormState;
  fileId: string | null;
}

/** Message keys of the reasons a file gave no text. */
export const EXTRACTION_REASON_KEYS: Record<string, string> = {
  corrupt: 'library.extract.reason.corrupt',
  encrypted: 'library.extract.reason.encrypted',
  unsupported: 'library.extract.reason.unsupported',
  too_large: 'library.extract.reason.too_large',
  timeout: 'library.extract.reason.timeout',
  empty: 'library.extract.reason.empty',
  missing: 'library.extract.reason.missing',
};

/** The address of a version's download. */
export function versionHref(resourceId: string, fileId: string, v: VersionView, current: boolean): string {
  return current ? `/library/${resourceId}/files/${fileId}` : `/library/${resourceId}/files/${fileId}/versions/${v.id}`;
}

/** The short name of a file's format shown beside it ("PDF", "DOCX"). */
export function formatName(v: Pick<VersionView, 'filename' | 'mediaType'>): string {
  return (extensionOf(v.filename) || v.mediaType.split('/')[1] || '').toUpperCase();
}

function UploadField({ ctx, form, id, maxMb }: { ctx: ViewContext; form: FormState; id: string; maxMb: number }) {
  const error = fieldError(ctx, form, 'file');
  return (
    <div class="field">
      <label for={id}>{ctx.t('library.files.choose')}</label>
      <span class="hint" id={`${id}-hint`}>
        {ctx.t('library.files.hint', { size: maxMb })}
      </span>
      {error ? (
        <span class="error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
      <input id={id} name="file" type="file" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} />
    </div>
  );
}

function Extraction({ ctx, resourceId, fileId, v }: { ctx: ViewContext; resourceId: string; fileId: string; v: VersionView }) {
  if (v.extraction === 'pending') return <p class="muted">{ctx.t('library.extract.pending')}</p>;
  if (v.extraction === 'failed') {
    const reason = v.extractionError && EXTRACTION_REASON_KEYS[v.extractionError] ? ctx.t(EXTRACTION_REASON_KEYS[v.extractionError]!) : v.extractionError ?? '';
    return (
      <div class="notice bad" role="status">
        <p>
          {ctx.t('library.extract.failed')} {reason}
        </p>
        <PostForm ctx={ctx} action={`/library/${resourceId}/files/${fileId}/versions/${v.id}/retry`} class="inline">
          <button type="submit" class="secondary">
            {ctx.t('library.extract.retry')}
          </button>
        </PostForm>
        {v.jobId ? <p class="muted">{ctx.t('library.extract.job', { id: v.jobId })}</p> : null}
      </div>
    );
  }
  if (v.extraction === 'done' && v.truncated) return <p class="muted">{ctx.t('library.extract.truncated')}</p>;
  return null;
}

/** The files of a resource, with the forms its editors use. */
export function FilesSection({ ctx, resource, files, upload, maxMb }: { ctx: ViewContext; resource: ResourceView; files: FileView[]; upload?: UploadFormState; maxMb: number }) {
  if (!files.length && !resource.canEdit) return null;
  const base = `/library/${resource.id}/files`;
  const formFor = (fileId: string | null) => (upload && upload.fileId === fileId ? upload.form : { values: {}, errors: [] });
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">{ctx.t('library.files.title')}</h2>
      {files.length ? (
        <ul class="plain files">
          {files.map((f) => {
            const v = f.current;
            return (
              <li>
                {v.hasThumbnail ? <img class="record-thumb" src={ctx.href(`${base}/${f.id}/versions/${v.id}/preview.webp`)} alt="" loading="lazy" decoding="async" /> : null}
                <p>
                  <a href={ctx.href(versionHref(resource.id, f.id, v, true))}>{f.label || v.filename}</a>{' '}
                  <span class="muted">
                    ({[formatName(v), fileSize(ctx, v.size), v.pages ? ctx.t('library.files.pages', { count: v.pages }) : ''].filter(Boolean).join(', ')})
                  </span>
                </p>
                {resource.canEdit ? <Extraction ctx={ctx} resourceId={resource.id} fileId={f.id} v={v} /> : null}
                <details open={upload?.fileId === f.id || undefined}>
                  <summary>{ctx.t('library.files.versions', { count: f.versions.length })}</summary>
                  <ol class="plain">
                    {f.versions.map((ver) => (
                      <li>
                        <a href={ctx.href(versionHref(resource.id, f.id, ver, ver.id === v.id))}>{ctx.t('library.files.version', { n: ver.version })}</a>
                        {' — '}
                        <time datetime={ver.uploadedAt}>{ctx.i18n.dateTime(ver.uploadedAt)}</time>
                        {' — '}
                        {ver.filename}, {fileSize(ctx, ver.size)}
                        {ver.uploadedBy ? <span class="muted"> — {ctx.t('library.files.by', { who: ver.uploadedBy })}</span> : null}
                        {ver.id === v.id ? <span class="badge">{ctx.t('library.files.current')}</span> : null}
                      </li>
                    ))}
                  </ol>
                  {resource.canEdit ? (
                    <>
                      <form method="post" action={ctx.href(`${base}/${f.id}/versions`)} enctype="multipart/form-data" class="stack" aria-label={ctx.t('library.files.new_version')}>
                        <input type="hidden" name="_csrf" value={ctx.csrf()} />
                        <UploadField ctx={ctx} form={formFor(f.id)} id={`f-file-${f.id}`} maxMb={maxMb} />
                        <div>
                          <button type="submit" class="secondary">
                            {ctx.t('library.files.new_version')}
                          </button>
                        </div>
                      </form>
                      <PostForm ctx={ctx} action={`${base}/${f.id}/delete`} class="inline">
                        <button type="submit" class="link">
                          {ctx.t('library.files.delete')}
                        </button>
                      </PostForm>
                    </>
                  ) : null}
                </details>
              </li>
            );
          })}
        </ul>
      ) : null}
      {resource.canEdit ? (
        <form method="post" action={ctx.href(base)} enctype="multipart/form-data" class="stack" aria-label={ctx.t('library.files.add')}>
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <div class="field">
            <label for="f-label">{ctx.t('library.files.label')}</label>
            <span class="hint" id="f-label-hint">
              {ctx.t('library.files.label_hint')}
            </span>
            <input id="f-label" name="label" type="text" value={formFor(null).values.label ?? ''} aria-describedby="f-label-hint" />
          </div>
          <UploadField ctx={ctx} form={formFor(null)} id="f-file" maxMb={maxMb} />
          <div>
            <button type="submit">{ctx.t('library.files.add')}</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
