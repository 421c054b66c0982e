/**
 * Post-event materials that are library resources: the list on the event page (each file with
 * its format, size and download link) and the organisers' page that attaches a resource by its
 * address or uploads a file as a new one.
 */
import { textFor } from '../../../platform/i18n/content.js';
import { ErrorSummary, Field, fieldError, Notice, OutsideLink, PostForm, SelectField, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { Text } from '../../directory/views/common.js';
import { fileSize } from '../../library/views/common.js';
import { formatName } from '../../library/views/files.js';
import { MATERIAL_TYPES, type EventView, type MaterialView } from '../events.service.js';

const TYPE_KEYS: Record<(typeof MATERIAL_TYPES)[number], string> = { training: 'library.type.training', report: 'library.type.report' };

/** One library material: its resource, and each file with format, size and download link. */
function MaterialItem({ ctx, m }: { ctx: ViewContext; m: MaterialView }) {
  return (
    <li>
      <a href={ctx.href(`/library/${m.resource.id}`)}>
        <Text ctx={ctx} value={m.resource.title} />
      </a>
      {m.files.length ? (
        <ul class="plain">
          {m.files.map((f) => (
            <li>
              <a href={`/library/${m.resource.id}/files/${f.id}`} type={f.mediaType}>
                {f.label ?? f.filename}
              </a>{' '}
              <span class="muted">
                ({formatName(f)}, {fileSize(ctx, f.size)})
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The event page's materials: titled links and library resources; nothing when there are none. */
export function MaterialsSection({ ctx, links, library }: { ctx: ViewContext; links: readonly { title: string; url: string }[]; library: MaterialView[] }) {
  if (!links.length && !library.length) return null;
  return (
    <section>
      <h2>{ctx.t('events.materials')}</h2>
      <ul>
        {library.map((m) => (
          <MaterialItem ctx={ctx} m={m} />
        ))}
        {links.map((r) => (
          <li>
            <OutsideLink href={r.url}>{r.title}</OutsideLink>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The organisers' page of an event's library materials. */
export function MaterialsPage(props: { ctx: ViewContext; event: EventView; materials: MaterialView[]; canUpload: boolean; addForm: FormState; uploadForm: FormState; maxMb: number; notice: string | null }) {
  const { ctx, event } = props;
  const t = ctx.t;
  const base = `/events/${event.id}/materials`;
  const fileError = fieldError(ctx, props.uploadForm, 'file');
  return (
    <>
      <h1>{t('events.materials.title', { event: textFor(event.title, ctx.locale) })}</h1>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <p class="hint">{t('events.materials.hint')}</p>
      {props.materials.length ? (
        <ul class="results">
          {props.materials.map((m) => (
            <li>
              <a href={ctx.href(`/library/${m.resource.id}`)}>
                <Text ctx={ctx} value={m.resource.title} />
              </a>{' '}
              <span class="muted">
                {m.files.map((f) => `${formatName(f)}, ${fileSize(ctx, f.size)}`).join(' · ')}
              </span>
              <PostForm ctx={ctx} action={`${base}/${m.id}/delete`} class="inline">
                <button type="submit" class="secondary">
                  {t('events.materials.remove')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('events.materials.none')}</p>
      )}

      <section aria-labelledby="add-title">
        <h2 id="add-title">{t('events.materials.add')}</h2>
        <ErrorSummary ctx={ctx} form={props.addForm} />
        <PostForm ctx={ctx} action={base} label={t('events.materials.add')}>
          <Field ctx={ctx} form={props.addForm} name="resource" label={t('events.materials.resource')} hint={t('events.materials.resource_hint')} />
          <p>
            <button type="submit">{t('events.materials.add_button')}</button>
          </p>
        </PostForm>
      </section>

      {props.canUpload ? (
        <section aria-labelledby="upload-title">
          <h2 id="upload-title">{t('events.materials.upload')}</h2>
          <p class="hint">{t(event.status === 'draft' ? 'events.materials.upload_hint_draft' : 'events.materials.upload_hint')}</p>
          <ErrorSummary ctx={ctx} form={props.uploadForm} />
          <form method="post" action={ctx.href(`${base}/upload`)} enctype="multipart/form-data" class="stack" aria-label={t('events.materials.upload')}>
            <input type="hidden" name="_csrf" value={ctx.csrf()} />
            <Field ctx={ctx} form={props.uploadForm} name="title" label={t('events.materials.file_title')} hint={t('events.materials.file_title_hint')} />
            <SelectField ctx={ctx} form={props.uploadForm} name="type" label={t('events.materials.type')} options={MATERIAL_TYPES.map((v) => ({ value: v, label: t(TYPE_KEYS[v]) }))} />
            <div class="field">
              <label for="f-file">{t('library.files.choose')}</label>
              <span class="hint" id="f-file-hint">
                {t('library.files.hint', { size: props.maxMb })}
              </span>
              {fileError ? (
                <span class="error" id="f-file-error" role="alert">
                  {fileError}
                </span>
              ) : null}
              <input id="f-file" name="file" type="file" required aria-invalid={fileError ? 'true' : undefined} aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'} />
            </div>
            <div>
              <button type="submit">{t('events.materials.upload_button')}</button>
            </div>
          </form>
        </section>
      ) : null}
      <p>
        <a href={ctx.href(`/events/${event.id}`)}>{t('events.back')}</a>
      </p>
    </>
  );
}
