/**
 * Request and response schemas of the library API. They validate requests and feed the OpenAPI
 * document. Request bodies check shapes and types; codes, identifiers and access rules are
 * checked by the library service, which reports every wrong field at once with a localised
 * message.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';
import { ACCESS_LEVELS, CONVENTION_AREA_CODES, DOMAINS, IDENTIFIER_SCHEMES, LICENCES, RESOURCE_STATUSES, RESOURCE_TYPES } from './classification.js';

const list = (values: readonly string[]) => values.join(', ');

/** `type: [T, 'null']` rather than anyOf (see the directory schemas: coercion would turn null into ""). */
function nullable<T>(type: 'string' | 'number' | 'integer', options: Record<string, unknown> = {}) {
  return Type.Unsafe<T | null>({ type: [type, 'null'], ...options });
}

const UUID = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

/** A resource id in the path. */
export const ResourceParams = Type.Object({ id: Type.String({ pattern: UUID, description: 'Resource id (UUID)' }) });
/** A resource id and one of its files in the path. */
export const FileParams = Type.Object({
  id: Type.String({ pattern: UUID, description: 'Resource id (UUID)' }),
  fileId: Type.String({ pattern: UUID, description: 'File id (UUID)' }),
});

const NullableString = Type.Union([Type.String(), Type.Null()]);

const CreatorSchema = Type.Object({
  kind: Type.String({ description: 'person or organization (a record of the directory), or text (a name as typed)' }),
  id: Type.Optional(Type.String({ description: 'Id of the directory record' })),
  name: Type.String(),
});

const VersionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer({ description: '1 for the first upload' }),
  filename: Type.String(),
  mediaType: Type.String({ description: 'As sniffed from the content' }),
  size: Type.Integer({ description: 'Bytes' }),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
  uploadedBy: Type.Union([Type.String(), Type.Null()], { description: 'Who uploaded it (editors only)' }),
  extraction: Type.String({ description: 'Text extraction: none, pending, done or failed' }),
  extractionError: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed (editors only): corrupt, encrypted, unsupported, too_large, timeout, empty, missing' }),
  pages: Type.Union([Type.Integer(), Type.Null()]),
  truncated: Type.Boolean({ description: 'Only the beginning of the text is searchable' }),
  url: Type.String({ description: 'Download address of this version (API)' }),
});

/** A file of a resource: its current version and the history. */
export const FileSchema = Type.Object({
  id: Type.String(),
  label: NullableString,
  url: Type.String({ description: 'Download address of the current version (API)' }),
  current: VersionSchema,
  versions: Type.Array(VersionSchema, { description: 'Newest first; older versions stay downloadable' }),
});

const resourceProperties = {
  id: Type.String(),
  space: Type.String({ description: 'Country space code' }),
  spaceId: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()], { description: 'Id in another catalogue (editors only)' }),
  type: Type.String({ description: `One of: ${list(RESOURCE_TYPES)}` }),
  title: TranslatedTextSchema,
  abstract: TranslatedTextSchema,
  creators: Type.Array(CreatorSchema),
  publisher: Type.Union([CreatorSchema, Type.Null()]),
  date: Type.Union([Type.String(), Type.Null()], { description: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
  year: Type.Union([Type.Integer(), Type.Null()]),
  domains: Type.Array(Type.String(), { description: `Cultural domains (UNESCO FCS 2009): ${list(DOMAINS)}` }),
  keywords: Type.Array(Type.String()),
  format: NullableString,
  identifiers: Type.Array(Type.Object({ scheme: Type.String({ description: list(IDENTIFIER_SCHEMES) }), value: Type.String() })),
  source: NullableString,
  languages: Type.Array(Type.String(), { description: 'BCP 47 language tags' }),
  coverage: Type.Object({
    countries: Type.Array(Type.String(), { description: 'ISO 3166-1 alpha-2' }),
    regions: Type.Array(Type.String(), { description: 'ISO 3166-2' }),
    period: NullableString,
  }),
  rights: NullableString,
  licence: Type.Union([Type.String(), Type.Null()], { description: list(LICENCES) }),
  sdgs: Type.Array(Type.String(), { description: 'SDG goals ("8") and culture-linked targets ("8.3")' }),
  conventionAreas: Type.Array(Type.String(), { description: `Areas of monitoring of the 2005 Convention: ${list(CONVENTION_AREA_CODES)}` }),
  access: Type.String({ description: `Who may see it: ${list(ACCESS_LEVELS)}` }),
  groups: Type.Array(Type.String(), { description: 'Named groups that may see it (editors only)' }),
  status: Type.String({ description: list(RESOURCE_STATUSES) }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  canEdit: Type.Boolean(),
  canDelete: Type.Boolean(),
  url: Type.String({ description: 'The resource’s page' }),
  files: Type.Array(FileSchema),
};

/** A resource as the caller may see it. */
export const ResourceViewSchema = Type.Object(resourceProperties, { description: 'A resource as the caller may see it' });

const Text = (max: number) => Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: max }), { maxProperties: 20, description: 'Text per language tag (en, fr, ru, lo, uz-Latn, uz-Cyrl, rw)' });
const Strings = (description: string, maxItems = 50, maxLength = 300) => Type.Array(Type.String({ maxLength }), { maxItems, description });
const CreatorInput = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20, description: 'person, organization or text' })),
    id: Type.Optional(nullable<string>('string', { maxLength: 40, description: 'Id of a directory record to link' })),
    name: Type.Optional(nullable<string>('string', { maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const resourceInput = {
  type: Type.Optional(Type.String({ maxLength: 40, description: `Required on creation. One of: ${list(RESOURCE_TYPES)}` })),
  title: Type.Optional(Text(2000)),
  abstract: Type.Optional(Text(40000)),
  creators: Type.Optional(Type.Array(CreatorInput, { maxItems: 100 })),
  publisher: Type.Optional(Type.Union([CreatorInput, Type.Null()])),
  date: Type.Optional(nullable<string>('string', { maxLength: 20, description: 'YYYY, YYYY-MM or YYYY-MM-DD' })),
  domains: Type.Optional(Strings(`Cultural domains: ${list(DOMAINS)}`, 20, 20)),
  keywords: Type.Optional(Strings('Up to 50', 100, 200)),
  format: Type.Optional(nullable<string>('string', { maxLength: 1000 })),
  identifiers: Type.Optional(
    Type.Array(Type.Object({ scheme: Type.String({ maxLength: 20, description: list(IDENTIFIER_SCHEMES) }), value: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), { maxItems: 20 }),
  ),
  source: Type.Optional(nullable<string>('string', { maxLength: 4000 })),
  languages: Type.Optional(Strings('BCP 47 language tags', 30, 40)),
  coverage: Type.Optional(
    Type.Object(
      {
        countries: Type.Optional(Strings('ISO 3166-1 alpha-2 codes', 50, 10)),
        regions: Type.Optional(Strings('ISO 3166-2 codes (the country is added)', 100, 10)),
        period: Type.Optional(nullable<string>('string', { maxLength: 400 })),
      },
      { additionalProperties: false },
    ),
  ),
  rights: Type.Optional(nullable<string>('string', { maxLength: 8000 })),
  licence: Type.Optional(nullable<string>('string', { maxLength: 40, description: list(LICENCES) })),
  sdgs: Type.Optional(Strings('SDG goals and culture-linked targets', 100, 10)),
  conventionAreas: Type.Optional(Strings(`Areas of monitoring: ${list(CONVENTION_AREA_CODES)}`, 20, 10)),
  access: Type.Optional(Type.String({ maxLength: 20, description: `${list(ACCESS_LEVELS)} (default public)` })),
  groups: Type.Optional(Strings('Ids of named groups of the space, when access is groups', 50, 40)),
  status: Type.Optional(Type.String({ maxLength: 20, description: `${list(RESOURCE_STATUSES)} (changing it needs the publish right)` })),
  externalId: Type.Optional(nullable<string>('string', { maxLength: 200 })),
};

/** What POST /resources receives. */
export const CreateResourceBody = Type.Object({ space: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Country space code' }), ...resourceInput }, { additionalProperties: false });
/** What PATCH /resources/{id} receives: only the fields to change. */
export const UpdateResourceBody = Type.Object(resourceInput, { additionalProperties: false });

const Multi = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20, description: `${description}; several values comma-separated (or the parameter repeated) match any of them` }));

/** The facets of a listing, as the API names them. */
export const RESOURCE_FACETS = ['type', 'domain', 'lang', 'year', 'region', 'sdg', 'area', 'access', 'status', 'space'] as const;

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

function listResponse(item: TSchema) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'Resources matching, within what the caller may see' }),
    facets: Type.Object(Object.fromEntries(RESOURCE_FACETS.map((f) => [f, FacetCounts])), { description: 'Counts per value of each filter over every match the caller may see; `space` values are codes' }),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  });
}

/** The listing's query string. */
export const ListResourcesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words in any language or script, searched in the metadata and the files’ text; empty lists everything' })),
  space: Multi('Country space codes'),
  type: Multi(`Resource types: ${list(RESOURCE_TYPES)}`),
  domain: Multi(`Cultural domains: ${list(DOMAINS)}`),
  lang: Multi('Language tags'),
  year: Multi('Years of publication'),
  region: Multi('ISO 3166-2 codes of regions covered'),
  sdg: Multi('SDG goals (1–17)'),
  area: Multi('Areas of monitoring of the 2005 Convention'),
  access: Multi(list(ACCESS_LEVELS)),
  status: Multi(`${list(RESOURCE_STATUSES)} (editors)`),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('date')], { description: 'Default: relevance with words, date (newest first) without' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page' })),
});

const tags = ['library'];
const bearer: Record<string, string[]>[] = [{ bearer: [] }];
const optionalBearer: Record<string, string[]>[] = [{}, { bearer: [] }];

export const listResourcesSchema = {
  summary: 'List or search resources (metadata and text inside their files), with filters, facet counts and cursor pagination; only what the caller may see',
  tags,
  security: optionalBearer,
  querystring: ListResourcesQuery,
  response: { 200: listResponse(ResourceViewSchema), ...problems(400, 401) },
};
export const createResourceSchema = {
  summary: 'Add a resource to a space (editors)',
  tags,
  security: bearer,
  body: CreateResourceBody,
  response: { 201: ResourceViewSchema, ...problems(400, 401, 403) },
};
export const getResourceSchema = {
  summary: 'One resource with its files, as the caller may see it (410 once deleted)',
  tags,
  security: optionalBearer,
  params: ResourceParams,
  response: { 200: ResourceViewSchema, ...problems(400, 401, 404, 410) },
};
export const updateResourceSchema = {
  summary: 'Change the fields sent (editors; status needs the publish right)',
  tags,
  security: bearer,
  params: ResourceParams,
  body: UpdateResourceBody,
  response: { 200: ResourceViewSchema, ...problems(400, 401, 403, 404) },
};
export const deleteResourceSchema = {
  summary: 'Delete a resource (space administrators); it stays as a tombstone for harvesters',
  tags,
  security: bearer,
  params: ResourceParams,
  response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
};
export const uploadFileSchema = {
  summary: 'Add a file to a resource (editors): multipart/form-data with the part "file" and an optional "label"; the type is sniffed from the content, programs and macro documents are refused, 413 above the size limit; its text is extracted in the background',
  tags,
  security: bearer,
  consumes: ['multipart/form-data'],
  params: ResourceParams,
  response: { 201: FileSchema, ...problems(400, 401, 403, 404, 413) },
};
export const uploadVersionSchema = {
  summary: 'Upload a new version of a file (editors): multipart/form-data with the part "file"; older versions stay downloadable',
  tags,
  security: bearer,
  consumes: ['multipart/form-data'],
  params: FileParams,
  response: { 201: FileSchema, ...problems(400, 401, 403, 404, 413) },
};
export const downloadFileSchema = {
  summary: 'Download a file: its current version, or the version named by ?version=; the bytes with their sniffed type',
  tags,
  security: optionalBearer,
  params: FileParams,
  querystring: Type.Object({ version: Type.Optional(Type.String({ pattern: UUID, description: 'Id of an older version' })) }),
  response: { 200: Type.Unsafe({ description: 'The file', type: 'string', format: 'binary' }), ...problems(400, 401, 404) },
};
