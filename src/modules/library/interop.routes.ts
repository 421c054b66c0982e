/**
 * The library for machines, over the serialisers of interop/:
 *
 *   GET|POST /oai                 OAI-PMH 2.0 (oai_dc); sets by country (country:LA) and type (type:report)
 *   GET /library/feed.atom        the latest public resources (?space=LA for one country)
 *   GET /library/dcat.jsonld      public statistics and datasets as a DCAT-AP catalogue
 *   GET /sitemap.xml              the library's public pages in every interface language
 *
 * Everything here is what an anonymous visitor may see: a resource that is deleted, a draft or
 * not public is reported to harvesters as deleted and is left out of feeds and sitemaps.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '../../platform/auth/policy.js';
import { textFor, type TranslatedText } from '../../platform/i18n/content.js';
import { LOCALES, localeSegment } from '../../platform/i18n/locales.js';
import { formatMessage } from '../../platform/i18n/messages.js';
import { listSpaces, type Space } from '../spaces/spaces.service.js';
import { LICENCE_URLS, RESOURCE_TYPES, type Licence } from './classification.js';
import type { FileView } from './files.service.js';
import { ATOM_CONTENT_TYPE, renderAtomFeed } from './interop/atom.js';
import { DCAT_CONTENT_TYPE, renderDcatCatalog } from './interop/dcat.js';
import { resourceJsonLd, type ResourceKind } from './interop/jsonld.js';
import { handleOai, OAI_CONTENT_TYPE, type DcValue, type DublinCore, type OaiRecord, type OaiSource } from './interop/oai.js';
import { renderSitemap, SITEMAP_CONTENT_TYPE } from './interop/sitemap.js';
import type { HarvestRecord, LibraryService, ResourceView } from './library.service.js';
import { TYPE_KEYS } from './views/common.js';

/** schema.org kinds of the interop serialisers, by resource type. */
const KIND: Record<string, ResourceKind> = { statistics: 'dataset', news: 'clipping' };
/** DCMI Type Vocabulary terms, by resource type. */
const DCMI_TYPE: Record<string, string> = { statistics: 'Dataset', media: 'MovingImage', link: 'Text' };

const all = (field: TranslatedText): DcValue[] => Object.entries(field).flatMap(([lang, v]) => (v?.value ? [{ value: v.value, lang }] : []));

function licenceUrl(licence: string | null): string | undefined {
  return licence ? LICENCE_URLS[licence as Licence] : undefined;
}

/** The oai_dc description of a resource (what a visitor may see of it). */
export function dublinCore(r: ResourceView, pageUrl: string, files: FileView[], spaces: Space[]): DublinCore {
  const en = (key: string) => formatMessage('en', key);
  const identifiers = r.identifiers.map((i) => (i.scheme === 'doi' ? `https://doi.org/${i.value}` : i.scheme === 'url' ? i.value : `${i.scheme.toUpperCase()}:${i.value}`));
  const rights = [licenceUrl(r.licence) ?? r.licence ?? '', r.rights ?? ''].filter(Boolean);
  return {
    title: all(r.title),
    creator: r.creators.map((c) => c.name),
    subject: [...r.keywords, ...r.domains.map((d) => en(`domain.${d}`)), ...r.sdgs.map((s) => `SDG ${s}`)],
    description: all(r.abstract),
    publisher: r.publisher ? [r.publisher.name] : [],
    contributor: [],
    date: r.date ? [r.date] : [],
    type: [DCMI_TYPE[r.type] ?? 'Text', en(TYPE_KEYS[r.type] ?? 'library.type.link')],
    format: [...new Set(files.map((f) => f.current.mediaType))],
    identifier: [pageUrl, ...identifiers],
    source: r.source ? [r.source] : [],
    language: r.languages,
    relation: [],
    coverage: [
      ...r.coverage.countries.map((c) => {
        const space = spaces.find((s) => s.code === c);
        return space ? textFor(space.name, 'en', c) : c;
      }),
      ...r.coverage.regions,
      ...(r.coverage.period ? [r.coverage.period] : []),
    ],
    rights,
  };
}

/** The schema.org description of a resource for its page. */
export function jsonLdOf(r: ResourceView, pageUrl: string, files: FileView[], fileUrl: (f: FileView) => string, locale: (typeof LOCALES)[number]): Record<string, unknown> {
  const title = textFor(r.title, locale);
  return resourceJsonLd({
    kind: KIND[r.type] ?? (r.type as ResourceKind),
    url: pageUrl,
    title,
    alternateTitles: Object.values(r.title).map((v) => v?.value ?? '').filter((v) => v && v !== title),
    description: textFor(r.abstract, locale) || undefined,
    languages: r.languages,
    datePublished: r.date ?? undefined,
    dateModified: r.updatedAt,
    authors: r.creators.map((c) => ({ name: c.name, kind: c.kind === 'person' ? 'person' : 'organization' })),
    publisher: r.publisher ? { name: r.publisher.name, kind: r.publisher.kind === 'person' ? 'person' : 'organization' } : undefined,
    keywords: r.keywords,
    places: [...r.coverage.countries, ...r.coverage.regions],
    license: licenceUrl(r.licence),
    files: files.map((f) => ({ url: fileUrl(f), mediaType: f.current.mediaType, name: f.label ?? f.current.filename, byteSize: f.current.size })),
    identifiers: r.identifiers.map((i) => `${i.scheme}:${i.value}`),
    sourceUrl: r.identifiers.find((i) => i.scheme === 'url')?.value,
    isAccessibleForFree: true,
  });
}

/** Registers the machine-readable routes. */
export function registerLibraryInterop(app: FastifyInstance): void {
  const { library, files, config } = app.mosaic;
  const base = config.baseUrl;
  const host = new URL(base).hostname;
  const tokenSecret = createHmac('sha256', config.secretKey).update('oai-pmh resumption tokens').digest('base64url');
  // The sender address of the site's mail; a host without a dot (localhost) cannot be one OAI-PMH accepts.
  const mailFrom = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
  const adminEmail = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom) ? mailFrom : `${mailFrom.split('@')[0]}@${host}.localdomain`;
  const pageUrl = (id: string) => `${base}/library/${id}`;
  const fileUrl = (resourceId: string) => (f: FileView) => `${base}/library/${resourceId}/files/${f.id}`;

  async function records(list: HarvestRecord[], spaces: Space[]): Promise<OaiRecord[]> {
    const views = list.flatMap((h) => (h.resource ? [h.resource] : []));
    const filesById = await files.filesOf(ANONYMOUS, views);
    return list.map((h) => {
      const code = spaces.find((s) => s.id === h.spaceId)?.code;
      const sets = [...(code ? [`country:${code}`] : []), ...(h.resource ? [`type:${h.resource.type}`] : [])];
      return { id: h.id, datestamp: h.datestamp, deleted: h.deleted, sets, dc: h.resource ? dublinCore(h.resource, pageUrl(h.id), filesById.get(h.id) ?? [], spaces) : null };
    });
  }

  const source = (lib: LibraryService): OaiSource => ({
    repositoryName: 'Mosaic — knowledge library',
    baseUrl: `${base}/oai`,
    adminEmails: [adminEmail],
    identifierPrefix: `oai:${host}:`,
    earliestDatestamp: async () => (await lib.earliestDatestamp()) ?? new Date().toISOString(),
    async listSets() {
      const spaces = await listSpaces(app.mosaic.db);
      return [
        { spec: 'country', name: 'Countries' },
        ...spaces.map((s) => ({ spec: `country:${s.code}`, name: textFor(s.name, 'en', s.code) })),
        { spec: 'type', name: 'Types of resource' },
        ...RESOURCE_TYPES.map((t) => ({ spec: `type:${t}`, name: formatMessage('en', TYPE_KEYS[t]) })),
      ];
    },
    async listRecords(args) {
      const spaces = await listSpaces(app.mosaic.db);
      const [facet, value] = (args.set ?? '').split(':');
      const spaceIds = facet === 'country' && value ? spaces.filter((s) => s.code === value).map((s) => s.id) : undefined;
      const out: OaiRecord[] = [];
      let after = args.after ? { updatedAt: args.after.datestamp, id: args.after.id } : undefined;
      // A set by type is filtered here, so pages are read until one is full.
      for (let rounds = 0; out.length < args.limit && rounds < 50; rounds++) {
        const page = await lib.harvest({ from: args.from, until: args.until, after, spaceIds, limit: args.limit * 2 });
        if (!page.length) break;
        for (const r of await records(page, spaces)) {
          if (facet === 'type' && value && !r.sets.includes(`type:${value}`)) continue;
          if (facet === 'type' && !value && !r.sets.some((s) => s.startsWith('type:'))) continue;
          if (out.length < args.limit) out.push(r);
        }
        const last = page[page.length - 1]!;
        after = { updatedAt: last.datestamp, id: last.id };
        if (page.length < args.limit * 2) break;
      }
      return out;
    },
    countRecords: async () => null,
    async getRecord(id) {
      const found = await lib.harvestOne(id);
      return found ? ((await records([found], await listSpaces(app.mosaic.db)))[0] ?? null) : null;
    },
  });
  const oai = source(library);

  const answerOai = async (params: Record<string, string | string[] | undefined>) => handleOai(params, oai, { pageSize: 100, tokenSecret });
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/oai', async (request, reply) => reply.type(OAI_CONTENT_TYPE).send(await answerOai(request.query)));
  app.post('/oai', async (request, reply) => reply.type(OAI_CONTENT_TYPE).send(await answerOai((request.body ?? {}) as Record<string, string | string[] | undefined>)));

  /** The newest public resources (of one space when asked), newest first. */
  async function latest(request: FastifyRequest, limit: number, filter: (r: ResourceView) => boolean = () => true) {
    const code = typeof (request.query as Record<string, unknown>).space === 'string' ? String((request.query as Record<string, unknown>).space).toUpperCase() : null;
    const spaces = await listSpaces(app.mosaic.db);
    const space = code ? spaces.find((s) => s.code === code) : undefined;
    const views = (await library.publicResources({ spaceIds: space ? [space.id] : undefined, limit })).filter(filter);
    return { views, space, spaces };
  }

  app.get('/library/feed.atom', async (request, reply) => {
    const { views, space } = await latest(request, 50);
    const self = `${base}/library/feed.atom${space ? `?space=${space.code}` : ''}`;
    const xml = renderAtomFeed({
      id: self,
      title: space ? `Mosaic library — ${textFor(space.name, 'en', space.code)}` : 'Mosaic library',
      selfUrl: self,
      alternateUrl: `${base}/library${space ? `?space=${space.code}` : ''}`,
      updated: views[0]?.updatedAt ?? new Date(0).toISOString(),
      lang: 'en',
      entries: views.map((r) => ({
        id: pageUrl(r.id),
        title: textFor(r.title, 'en'),
        summary: textFor(r.abstract, 'en') || undefined,
        url: pageUrl(r.id),
        updated: r.updatedAt,
        published: r.createdAt,
        authors: r.creators.map((c) => c.name),
        categories: [formatMessage('en', TYPE_KEYS[r.type])],
      })),
    });
    return reply.type(ATOM_CONTENT_TYPE).header('Cache-Control', 'public, max-age=600').send(xml);
  });

  app.get('/library/dcat.jsonld', async (request, reply) => {
    const { views } = await latest(request, 1000, (r) => r.type === 'statistics');
    const filesById = await files.filesOf(ANONYMOUS, views);
    const catalog = renderDcatCatalog({
      url: `${base}/library`,
      title: 'Mosaic knowledge library — datasets',
      description: 'Statistics and datasets on the cultural and creative industries.',
      publisher: 'Mosaic',
      language: [...LOCALES],
      contactPoint: { name: 'Mosaic', email: adminEmail },
      datasets: views.map((r) => ({
        url: pageUrl(r.id),
        title: textFor(r.title, 'en'),
        description: textFor(r.abstract, 'en') || textFor(r.title, 'en'),
        issued: r.date && /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? r.date : r.createdAt,
        modified: r.updatedAt,
        keywords: r.keywords,
        themes: r.domains.map((d) => formatMessage('en', `domain.${d}`)),
        license: licenceUrl(r.licence),
        language: r.languages,
        spatial: r.coverage.countries,
        distributions: (filesById.get(r.id) ?? []).map((f) => ({ url: fileUrl(r.id)(f), mediaType: f.current.mediaType, title: f.label ?? f.current.filename, byteSize: f.current.size })),
      })),
    });
    return reply.type(DCAT_CONTENT_TYPE).header('Cache-Control', 'public, max-age=600').send(JSON.stringify(catalog));
  });

  app.get('/sitemap.xml', async (_request, reply) => {
    const views = await library.publicResources({ limit: 40_000 });
    const alternates = (path: string) => [...LOCALES.map((l) => ({ hreflang: l, href: `${base}/${localeSegment(l)}${path}` })), { hreflang: 'x-default', href: `${base}${path}` }];
    const xml = renderSitemap([
      { loc: `${base}/library`, alternates: alternates('/library') },
      ...views.map((r) => ({ loc: pageUrl(r.id), lastmod: r.updatedAt, alternates: alternates(`/library/${r.id}`) })),
    ]);
    return reply.type(SITEMAP_CONTENT_TYPE).header('Cache-Control', 'public, max-age=3600').send(xml);
  });
}
