/** A resource's page: its metadata, files, relations and collections, and the actions the reader may take. */
import type { ComponentChildren } from 'preact';
import type { TranslatedText } from '../../../platform/i18n/content.js';
import { ErrorSummary, fieldError, Notice, PostForm, type FormState } from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { isUrl } from '../../../platform/validation.js';
import { languageName, localised } from '../../directory/views/common.js';
import type { Space } from '../../spaces/spaces.service.js';
import { RELATION_KINDS } from '../classification.js';
import type { CollectionView, RelationView, ResourceView } from '../library.service.js';
import { AccessBadges, accessLabel, areaText, countryName, Labelled, licenceLabel, licenceUrl, RELATION_KEYS, schemeLabel, sdgText, typeLabel } from './common.js';

/** Everything a resource's page shows. */
export interface ResourcePageProps {
  ctx: ViewContext;
  resource: ResourceView;
  space: Space;
  regionNames: Map<string, TranslatedText>;
  relations: RelationView[];
  collections: CollectionView[];
  /** Collections of the space an editor may add the resource to. */
  editableCollections: CollectionView[];
  /** Group names, for editors. */
  groupNames: Map<string, string>;
  bookmarked: boolean;
  notice: string | null;
  relationForm: FormState;
  /** The files section (rendered by the files pages). */
  files?: ComponentChildren;
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Paragraphs({ ctx, value }: { ctx: ViewContext; value: TranslatedText }) {
  const d = localised(ctx, value);
  if (!d.value) return null;
  return (
    <div lang={d.lang}>
      {d.value.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

/** The other languages a title or abstract is written in. */
function OtherLanguages({ ctx, value, summary }: { ctx: ViewContext; value: TranslatedText; summary: string }) {
  const shown = localised(ctx, value).value;
  const others = Object.entries(value).filter(([, v]) => v?.value && v.value !== shown);
  if (!others.length) return null;
  return (
    <details>
      <summary>{summary}</summary>
      {others.map(([l, v]) => (
        <div lang={l}>
          <p class="muted">{languageName(ctx, l)}</p>
          {v!.value.split(/\n{2,}/).map((p) => (
            <p>{p}</p>
          ))}
        </div>
      ))}
    </details>
  );
}

function identifierHref(scheme: string, value: string): string | null {
  if (scheme === 'url') return isUrl(value) ? value : null;
  if (scheme === 'doi') return `https://doi.org/${value}`;
  if (scheme === 'handle') return `https://hdl.handle.net/${value}`;
  return null;
}

function CreatorLink({ ctx, c }: { ctx: ViewContext; c: ResourceView['creators'][number] }) {
  if (c.kind === 'organization' && c.id) return <a href={ctx.href(`/organizations/${c.id}`)}>{c.name}</a>;
  if (c.kind === 'person' && c.id) return <a href={ctx.href(`/people/${c.id}`)}>{c.name}</a>;
  return <>{c.name}</>;
}

function Metadata({ ctx, r, regionNames, groupNames }: { ctx: ViewContext; r: ResourceView; regionNames: Map<string, TranslatedText>; groupNames: Map<string, string> }) {
  const list = <T,>(items: T[], render: (item: T) => ComponentChildren) =>
    items.map((item, i) => (
      <>
        {i ? '; ' : ''}
        {render(item)}
      </>
    ));
  const licence = r.licence ? licenceUrl(r.licence) : null;
  return (
    <dl class="meta">
      <Row label={ctx.t('library.field.type')}>{typeLabel(ctx, r.type)}</Row>
      {r.creators.length ? <Row label={ctx.t('library.field.creators')}>{list(r.creators, (c) => <CreatorLink ctx={ctx} c={c} />)}</Row> : null}
      {r.publisher ? (
        <Row label={ctx.t('library.field.publisher')}>
          <CreatorLink ctx={ctx} c={r.publisher} />
        </Row>
      ) : null}
      {r.date ? (
        <Row label={ctx.t('library.field.date')}>
          <time datetime={r.date}>{r.date.length === 10 ? ctx.i18n.date(r.date, 'long') : r.date}</time>
        </Row>
      ) : null}
      {r.languages.length ? <Row label={ctx.t('library.field.languages')}>{r.languages.map((l) => languageName(ctx, l)).join(', ')}</Row> : null}
      {r.domains.length ? <Row label={ctx.t('library.field.domains')}>{r.domains.map((d) => ctx.t(`domain.${d}`)).join('; ')}</Row> : null}
      {r.keywords.length ? (
        <Row label={ctx.t('library.field.keywords')}>{list(r.keywords, (k) => <a href={ctx.href(`/library?q=${encodeURIComponent(k)}`)}>{k}</a>)}</Row>
      ) : null}
      {r.identifiers.length ? (
        <Row label={ctx.t('library.field.identifiers')}>
          <ul class="plain">
            {r.identifiers.map((id) => {
              const href = identifierHref(id.scheme, id.value);
              return (
                <li>
                  {schemeLabel(ctx, id.scheme)}: {href ? <a href={href}>{id.value}</a> : id.value}
                </li>
              );
            })}
          </ul>
        </Row>
      ) : null}
      {r.source ? <Row label={ctx.t('library.field.source')}>{r.source}</Row> : null}
      {r.format ? <Row label={ctx.t('library.field.format')}>{r.format}</Row> : null}
      {r.coverage.countries.length || r.coverage.regions.length || r.coverage.period ? (
        <Row label={ctx.t('library.field.coverage')}>
          {[
            ...r.coverage.countries.filter((c) => !r.coverage.regions.some((reg) => reg.startsWith(`${c}-`))).map((c) => <>{countryName(ctx, c)}</>),
            ...r.coverage.regions.map((code) => {
              const name = regionNames.get(code);
              const l = name ? localised(ctx, name, code) : { value: code, lang: undefined };
              return (
                <>
                  <span lang={l.lang}>{l.value}</span> ({countryName(ctx, code.slice(0, 2))})
                </>
              );
            }),
            ...(r.coverage.period ? [<>{r.coverage.period}</>] : []),
          ].map((part, i) => (
            <>
              {i ? '; ' : ''}
              {part}
            </>
          ))}
        </Row>
      ) : null}
      {r.licence || r.rights ? (
        <Row label={ctx.t('library.field.rights')}>
          {r.licence ? licence ? <a href={licence} rel="license">{licenceLabel(ctx, r.licence)}</a> : licenceLabel(ctx, r.licence) : null}
          {r.licence && r.rights ? '. ' : null}
          {r.rights}
        </Row>
      ) : null}
      {r.sdgs.length ? (
        <Row label={ctx.t('library.field.sdgs')}>
          <ul class="plain">
            {r.sdgs.map((code) => (
              <li>
                <a href={ctx.href(`/library?sdg=${encodeURIComponent(code.split('.')[0]!)}`)}>
                  <Labelled value={sdgText(ctx, code)} />
                </a>
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
      {r.conventionAreas.length ? (
        <Row label={ctx.t('library.field.areas')}>
          <ul class="plain">
            {r.conventionAreas.map((code) => (
              <li>
                <Labelled value={areaText(ctx, code)} />
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
      {r.access !== 'public' ? (
        <Row label={ctx.t('library.field.access')}>
          {accessLabel(ctx, r.access)}
          {r.access === 'groups' && r.groups.length ? `: ${r.groups.map((g) => groupNames.get(g) ?? g).join(', ')}` : null}
        </Row>
      ) : null}
      {r.externalId ? <Row label={ctx.t('library.field.external_id')}>{r.externalId}</Row> : null}
    </dl>
  );
}

function Relations({ ctx, r, relations, form }: { ctx: ViewContext; r: ResourceView; relations: RelationView[]; form: FormState }) {
  if (!relations.length && !r.canEdit) return null;
  const error = fieldError(ctx, form, 'related');
  return (
    <section aria-labelledby="rel-title">
      <h2 id="rel-title">{ctx.t('library.relations.title')}</h2>
      {relations.length ? (
        <ul class="plain">
          {relations.map((rel) => {
            const title = localised(ctx, rel.other.title, rel.other.id);
            return (
              <li>
                {ctx.t(RELATION_KEYS[rel.kind])}:{' '}
                <a href={ctx.href(`/library/${rel.other.id}`)} lang={title.lang}>
                  {title.value}
                </a>{' '}
                <span class="muted">({typeLabel(ctx, rel.other.type)})</span>
                {r.canEdit ? (
                  <>
                    {' '}
                    <PostForm ctx={ctx} action={`/library/${r.id}/relations/${rel.id}/delete`} class="inline">
                      <button type="submit" class="link">
                        {ctx.t('library.relations.remove')}
                      </button>
                    </PostForm>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {r.canEdit ? (
        <PostForm ctx={ctx} action={`/library/${r.id}/relations`} label={ctx.t('library.relations.add')}>
          <div class="field">
            <label for="f-kind">{ctx.t('library.relations.kind')}</label>
            <select id="f-kind" name="kind">
              {RELATION_KINDS.map((k) => (
                <option value={k} selected={form.values.kind === k}>
                  {ctx.t(RELATION_KEYS[k])}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-related">{ctx.t('library.relations.other')}</label>
            <span class="hint" id="f-related-hint">
              {ctx.t('library.relations.other_hint')}
            </span>
            {error ? (
              <span class="error" id="f-related-error">
                {error}
              </span>
            ) : null}
            <input id="f-related" name="related" type="text" value={form.values.related ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-related-hint f-related-error' : 'f-related-hint'} />
          </div>
          <div>
            <button type="submit" class="secondary">
              {ctx.t('library.relations.add')}
            </button>
          </div>
        </PostForm>
      ) : null}
    </section>
  );
}

function Collections({ ctx, r, collections, editable }: { ctx: ViewContext; r: ResourceView; collections: CollectionView[]; editable: CollectionView[] }) {
  const addable = editable.filter((c) => !collections.some((x) => x.id === c.id));
  if (!collections.length && !addable.length) return null;
  return (
    <section aria-labelledby="col-title">
      <h2 id="col-title">{ctx.t('library.collections.in')}</h2>
      {collections.length ? (
        <ul class="plain">
          {collections.map((c) => {
            const title = localised(ctx, c.title, c.id);
            return (
              <li>
                <a href={ctx.href(`/library/collections/${c.id}`)} lang={title.lang}>
                  {title.value}
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
      {addable.length ? (
        <PostForm ctx={ctx} action={`/library/${r.id}/collections`} class="inline" label={ctx.t('library.collections.add_to')}>
          <label for="f-collection">{ctx.t('library.collections.add_to')}</label>{' '}
          <select id="f-collection" name="collection">
            {addable.map((c) => (
              <option value={c.id}>{localised(ctx, c.title, c.id).value}</option>
            ))}
          </select>{' '}
          <button type="submit" class="secondary">
            {ctx.t('library.collections.add')}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}

/** A resource's page. */
export function ResourcePage(props: ResourcePageProps) {
  const { ctx, resource: r, space } = props;
  const title = localised(ctx, r.title, r.id);
  const spaceName = localised(ctx, space.name, space.code);
  return (
    <>
      {props.notice ? <Notice kind="good">{props.notice}</Notice> : null}
      <p class="muted">
        <a href={ctx.href(`/library?space=${space.code}`)}>
          {ctx.t('library.title')} — <span lang={spaceName.lang}>{spaceName.value}</span>
        </a>
      </p>
      <h1 lang={title.lang}>{title.value}</h1>
      <p>
        <span class="badge">{typeLabel(ctx, r.type)}</span> <AccessBadges ctx={ctx} access={r.access} status={r.status} />
      </p>
      <OtherLanguages ctx={ctx} value={r.title} summary={ctx.t('library.other_titles')} />
      <Paragraphs ctx={ctx} value={r.abstract} />
      <OtherLanguages ctx={ctx} value={r.abstract} summary={ctx.t('library.other_abstracts')} />
      {ctx.user || r.canEdit ? (
        <div class="actions">
          {ctx.user ? (
            <PostForm ctx={ctx} action={`/library/${r.id}/bookmark`} class="inline">
              <input type="hidden" name="on" value={props.bookmarked ? '0' : '1'} />
              <button type="submit" class="secondary">
                {props.bookmarked ? ctx.t('library.bookmarks.remove') : ctx.t('library.bookmarks.add')}
              </button>
            </PostForm>
          ) : null}{' '}
          {r.canEdit ? (
            <a class="button secondary" href={ctx.href(`/library/${r.id}/edit`)}>
              {ctx.t('library.edit')}
            </a>
          ) : null}{' '}
          {r.canDelete ? (
            <a class="button secondary" href={ctx.href(`/library/${r.id}/delete`)}>
              {ctx.t('library.delete')}
            </a>
          ) : null}
        </div>
      ) : null}
      {props.files}
      <h2>{ctx.t('library.about')}</h2>
      <Metadata ctx={ctx} r={r} regionNames={props.regionNames} groupNames={props.groupNames} />
      <ErrorSummary ctx={ctx} form={props.relationForm} />
      <Relations ctx={ctx} r={r} relations={props.relations} form={props.relationForm} />
      <Collections ctx={ctx} r={r} collections={props.collections} editable={props.editableCollections} />
    </>
  );
}
