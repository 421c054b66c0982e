/**
 * Request and response schemas of the directory API. They validate requests and feed the OpenAPI
 * document.
 *
 * Request bodies check shapes and types only; allowed codes (types, domains, regions…) are
 * checked by the directory service, which reports every wrong field at once with a localised
 * message (schema validation stops at the first error).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';
import { AGE_BANDS, CONTACT_KINDS, CULTURE_CYCLE, DOMAINS, ORG_TYPES, SEXES, SIZE_BANDS, STATUSES, VISIBILITIES } from './classification.js';

const list = (values: readonly string[]) => values.join(', ');

/**
 * `type: [T, 'null']` rather than anyOf: with the server's type coercion an anyOf would turn
 * `null` into `""` or `0` in its first branch.
 */
function nullable<T>(type: 'string' | 'number' | 'integer', options: Record<string, unknown> = {}) {
  return Type.Unsafe<T | null>({ type: [type, 'null'], ...options });
}

/** A UUID path parameter (anything else is a 400, never a database lookup). */
export const IdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$', description: 'Record id (UUID)' }),
});

const SpaceCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Country space code, ISO 3166-1 alpha-2 (any case)' });

// ---------------------------------------------------------------------------------------------
// Views

const ContactSchema = Type.Object({
  kind: Type.String({ description: `One of: ${list(CONTACT_KINDS)}` }),
  value: Type.String(),
  visibility: Type.String({ description: `Who may see it: ${list(VISIBILITIES)}` }),
});

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const recordCommon = {
  id: Type.String(),
  space: Type.String({ description: 'Country space code' }),
  spaceId: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()], { description: 'Id in an external register; shown to editors only' }),
  domains: Type.Array(Type.String(), { description: `Cultural domains (UNESCO FCS 2009): ${list(DOMAINS)}` }),
  regionCode: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166-2 region code' }),
  contacts: Type.Array(ContactSchema, { description: 'Only the contacts the caller may see' }),
  languages: Type.Array(Type.String(), { description: 'BCP 47 language tags' }),
  status: Type.String({ description: `One of: ${list(STATUSES)}` }),
  verified: Type.Boolean(),
  verifiedAt: NullableDate,
  mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'Set when this record was merged into another' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  canEdit: Type.Boolean({ description: 'Whether the caller may change it' }),
  canModerate: Type.Boolean({ description: 'Whether the caller may verify, merge or decide claims' }),
};

const organizationProperties = {
  ...recordCommon,
  name: TranslatedTextSchema,
  type: Type.String({ description: `One of: ${list(ORG_TYPES)}` }),
  functions: Type.Array(Type.String(), { description: `Culture-cycle functions: ${list(CULTURE_CYCLE)}` }),
  address: NullableString,
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  foundedYear: Type.Union([Type.Integer(), Type.Null()]),
  sizeBand: Type.Union([Type.String(), Type.Null()], { description: `Staff size band: ${list(SIZE_BANDS)}` }),
  description: TranslatedTextSchema,
  logoSha256: NullableString,
};

/** An organisation as the caller may see it. */
export const OrganizationViewSchema = Type.Object(organizationProperties, { description: 'An organisation as the caller may see it' });

const personProperties = {
  ...recordCommon,
  userId: Type.Union([Type.String(), Type.Null()], { description: 'The account this profile belongs to, if any' }),
  name: TranslatedTextSchema,
  professions: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  bio: TranslatedTextSchema,
  portfolio: Type.Array(Type.String({ description: 'URL' })),
  photoSha256: Type.Union([Type.String(), Type.Null()], { description: 'sha256 of the photo; the image is at /media/{sha256}.webp' }),
  demographics: Type.Union(
    [
      Type.Object({
        sex: Type.Union([Type.String(), Type.Null()], { description: `One of: ${list(SEXES)}` }),
        ageBand: Type.Union([Type.String(), Type.Null()], { description: `One of: ${list(AGE_BANDS)}` }),
      }),
      Type.Null(),
    ],
    { description: 'Kept only with the person’s consent; shown only to the person and the space’s editors' },
  ),
};

/** A person as the caller may see them. */
export const PersonViewSchema = Type.Object(personProperties, { description: 'A person as the caller may see them' });

const DuplicateSchema = Type.Object({
  id: Type.String(),
  name: TranslatedTextSchema,
  status: Type.String(),
  nameSimilarity: Type.Number({ description: '0…1, similarity of the closest pair of names across scripts' }),
  sharedContacts: Type.Array(Type.String(), { description: 'Contacts both records share, e.g. email:info@example.org' }),
});
const duplicates = Type.Array(DuplicateSchema, { description: 'Existing records that look like the same one (visible to the caller)' });

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

function listResponse(item: TSchema, facetNames: string[]) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'Records matching, within what the caller may see' }),
    facets: Type.Object(Object.fromEntries(facetNames.map((f) => [f, FacetCounts])), {
      description: 'Counts per value of each filter, over every match the caller may see; `verified` values are true/false, `space` values are codes',
    }),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  });
}

// ---------------------------------------------------------------------------------------------
// Requests

const Text = (max: number) => Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: max }), { maxProperties: 20, description: 'Text per language tag (en, fr, ru, lo, uz-Latn, uz-Cyrl, rw)' });
const Codes = (description: string, maxItems = 20) => Type.Array(Type.String({ maxLength: 100 }), { maxItems, description });
const ContactInput = Type.Object(
  {
    kind: Type.String({ maxLength: 30, description: `One of: ${list(CONTACT_KINDS)}` }),
    value: Type.String({ maxLength: 1000 }),
    visibility: Type.Optional(Type.String({ maxLength: 30, description: `One of: ${list(VISIBILITIES)} (default public)` })),
  },
  { additionalProperties: false },
);

const organizationInput = {
  name: Type.Optional(Text(2000)),
  type: Type.Optional(Type.String({ maxLength: 100, description: `Required on creation. One of: ${list(ORG_TYPES)}` })),
  domains: Type.Optional(Codes(`Cultural domains: ${list(DOMAINS)}`)),
  functions: Type.Optional(Codes(`Culture-cycle functions: ${list(CULTURE_CYCLE)}`)),
  regionCode: Type.Optional(nullable<string>('string', { maxLength: 20, description: 'ISO 3166-2 code of a region of the space' })),
  address: Type.Optional(nullable<string>('string', { maxLength: 2000 })),
  latitude: Type.Optional(nullable<number>('number')),
  longitude: Type.Optional(nullable<number>('number')),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50 })),
  languages: Type.Optional(Codes('BCP 47 language tags')),
  foundedYear: Type.Optional(nullable<number>('integer')),
  sizeBand: Type.Optional(nullable<string>('string', { maxLength: 20, description: `One of: ${list(SIZE_BANDS)}` })),
  description: Type.Optional(Text(20000)),
  externalId: Type.Optional(nullable<string>('string', { maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20, description: `One of: ${list(STATUSES)}; only editors may choose another than published` })),
};

const personInput = {
  name: Type.Optional(Text(2000)),
  professions: Type.Optional(Codes('Free text, up to 20', 100)),
  domains: Type.Optional(Codes(`Cultural domains: ${list(DOMAINS)}`)),
  skills: Type.Optional(Codes('Free text, up to 50', 200)),
  regionCode: Type.Optional(nullable<string>('string', { maxLength: 20, description: 'ISO 3166-2 code of a region of the space' })),
  bio: Type.Optional(Text(20000)),
  portfolio: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 50, description: 'Links to work' })),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50 })),
  languages: Type.Optional(Codes('BCP 47 language tags')),
  sex: Type.Optional(nullable<string>('string', { maxLength: 30, description: `One of: ${list(SEXES)}; kept only with demographicsConsent` })),
  ageBand: Type.Optional(nullable<string>('string', { maxLength: 30, description: `One of: ${list(AGE_BANDS)}; kept only with demographicsConsent` })),
  demographicsConsent: Type.Optional(Type.Boolean({ description: 'Consent to keep sex and age band; false erases them' })),
  externalId: Type.Optional(nullable<string>('string', { maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20, description: `One of: ${list(STATUSES)}` })),
};

/** What POST /organizations receives. */
export const CreateOrganizationBody = Type.Object({ space: SpaceCode, ...organizationInput }, { additionalProperties: false });
/** What PATCH /organizations/{id} receives: only the fields to change. */
export const UpdateOrganizationBody = Type.Object(organizationInput, { additionalProperties: false });
/** What POST /people and /people/me receive. */
export const CreatePersonBody = Type.Object({ space: SpaceCode, ...personInput }, { additionalProperties: false });
/** What PATCH /people/{id} receives. */
export const UpdatePersonBody = Type.Object(personInput, { additionalProperties: false });

const Multi = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20, description: `${description}; several values comma-separated (or the parameter repeated) match any of them` }));

const commonQuery = {
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words in any language or script; empty lists everything' })),
  space: Multi('Country space codes (any case)'),
  domain: Multi(`Cultural domains: ${list(DOMAINS)}`),
  region: Multi('ISO 3166-2 region codes'),
  verified: Type.Optional(Type.Boolean({ description: 'Only verified (true) or unverified (false) records' })),
  lang: Multi('Language tags of the record'),
  status: Multi(`${list(STATUSES)} (editors); by default draft and published`),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page' })),
};

export const ORGANIZATION_FACETS = ['org_type', 'domain', 'region', 'verified', 'lang', 'space', 'status'] as const;
export const PERSON_FACETS = ['domain', 'region', 'verified', 'lang', 'space', 'status'] as const;

const tags = ['directory'];
const bearer: Record<string, string[]>[] = [{ bearer: [] }];
/** Reading works without a token; with one, the caller sees what their roles allow. */
const optionalBearer: Record<string, string[]>[] = [{}, { bearer: [] }];

export const listOrganizationsSchema = {
  summary: 'List or search organisations, with filters, facet counts and cursor pagination; only what the caller may see',
  tags,
  security: optionalBearer,
  querystring: Type.Object({ ...commonQuery, type: Multi(`Organisation types: ${list(ORG_TYPES)}`) }),
  response: { 200: listResponse(OrganizationViewSchema, [...ORGANIZATION_FACETS]), ...problems(400, 401) },
};
export const createOrganizationSchema = {
  summary: 'Add an organisation to a space; a member’s organisation is published unverified and they become one of its editors',
  tags,
  security: bearer,
  body: CreateOrganizationBody,
  response: { 201: Type.Object({ ...organizationProperties, duplicates }), ...problems(400, 401, 403) },
};
export const getOrganizationSchema = {
  summary: 'One organisation as the caller may see it',
  tags,
  security: optionalBearer,
  params: IdParams,
  response: { 200: OrganizationViewSchema, ...problems(400, 401, 404) },
};
export const updateOrganizationSchema = {
  summary: 'Change the fields sent (the organisation’s own editors and the space’s editors; status needs an editor)',
  tags,
  security: bearer,
  params: IdParams,
  body: UpdateOrganizationBody,
  response: { 200: OrganizationViewSchema, ...problems(400, 401, 403, 404) },
};
export const deleteOrganizationSchema = {
  summary: 'Archive an organisation (space administrators)',
  tags,
  security: bearer,
  params: IdParams,
  response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
};

export const listPeopleSchema = {
  summary: 'List or search people, with filters, facet counts and cursor pagination; only what the caller may see',
  tags,
  security: optionalBearer,
  querystring: Type.Object(commonQuery),
  response: { 200: listResponse(PersonViewSchema, [...PERSON_FACETS]), ...problems(400, 401) },
};
export const createPersonSchema = {
  summary: 'Add a person to a space (editors)',
  tags,
  security: bearer,
  body: CreatePersonBody,
  response: { 201: Type.Object({ ...personProperties, duplicates }), ...problems(400, 401, 403) },
};
export const createMyProfileSchema = {
  summary: 'Create the caller’s own profile in a space (joins the space as a member if needed)',
  tags,
  security: bearer,
  body: CreatePersonBody,
  response: { 201: Type.Object({ ...personProperties, duplicates }), ...problems(400, 401, 409) },
};
export const getMyProfileSchema = {
  summary: 'The caller’s own profile in a space',
  tags,
  security: bearer,
  querystring: Type.Object({ space: SpaceCode }),
  response: { 200: PersonViewSchema, ...problems(400, 401, 404) },
};
export const getPersonSchema = {
  summary: 'One person as the caller may see them',
  tags,
  security: optionalBearer,
  params: IdParams,
  response: { 200: PersonViewSchema, ...problems(400, 401, 404) },
};
export const updatePersonSchema = {
  summary: 'Change the fields sent (the person themself and the space’s editors; status needs an editor)',
  tags,
  security: bearer,
  params: IdParams,
  body: UpdatePersonBody,
  response: { 200: PersonViewSchema, ...problems(400, 401, 403, 404) },
};
export const deletePersonSchema = {
  summary: 'Archive a person’s record (space administrators)',
  tags,
  security: bearer,
  params: IdParams,
  response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
};

export const VerifyBody = Type.Object({ verified: Type.Boolean({ description: 'true to mark verified, false to withdraw it' }) }, { additionalProperties: false });
export const MergeBody = Type.Object(
  { into: Type.String({ pattern: '^[0-9a-fA-F-]{36}$', description: 'Id of the record that is kept; the one in the path is archived and points to it' }) },
  { additionalProperties: false },
);

export const verifyOrganizationSchema = {
  summary: 'Mark an organisation verified, or withdraw it (editors of its space); who and when are recorded',
  tags,
  security: bearer,
  params: IdParams,
  body: VerifyBody,
  response: { 200: OrganizationViewSchema, ...problems(400, 401, 403, 404) },
};
export const mergeOrganizationSchema = {
  summary: 'Merge this organisation into another of the same space (editors): affiliations, editors, names and contacts move over',
  tags,
  security: bearer,
  params: IdParams,
  body: MergeBody,
  response: { 200: OrganizationViewSchema, ...problems(400, 401, 403, 404, 409) },
};
export const verifyPersonSchema = {
  summary: 'Mark a person verified, or withdraw it (editors of the space)',
  tags,
  security: bearer,
  params: IdParams,
  body: VerifyBody,
  response: { 200: PersonViewSchema, ...problems(400, 401, 403, 404) },
};
export const mergePersonSchema = {
  summary: 'Merge this person into another of the same space (editors); refused when each has its own account',
  tags,
  security: bearer,
  params: IdParams,
  body: MergeBody,
  response: { 200: PersonViewSchema, ...problems(400, 401, 403, 404, 409) },
};
