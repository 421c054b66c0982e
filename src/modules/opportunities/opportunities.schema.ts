/** Schemas of the opportunities API. */
import { Type } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';

const PlainTexts = Type.Record(Type.String({ description: 'BCP 47 language tag' }), Type.String());
const Kind = Type.String({ enum: ['call', 'grant', 'job', 'residency', 'tender'] });

export const OpportunitySchema = Type.Object({
  id: Type.String(),
  space: Type.String(),
  kind: Kind,
  title: TranslatedTextSchema,
  description: TranslatedTextSchema,
  eligibility: TranslatedTextSchema,
  domains: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  deadline: Type.Object({
    local: Type.String({ description: 'Local date and time, YYYY-MM-DDTHH:MM' }),
    timeZone: Type.String({ description: 'IANA time zone' }),
    at: Type.String({ format: 'date-time', description: 'The same instant in UTC' }),
  }),
  applyUrl: Type.Union([Type.String(), Type.Null()]),
  applyContact: Type.Union([Type.String(), Type.Null()]),
  state: Type.String({ enum: ['open', 'closed', 'draft'] }),
  url: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const listOpportunitiesSchema = {
  summary: 'Opportunities, faceted: open ones (soonest deadline first) or closed ones',
  tags: ['opportunities'],
  querystring: Type.Object({
    space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    type: Type.Optional(Type.Array(Kind, { maxItems: 5 })),
    domain: Type.Optional(Type.Array(Type.String({ enum: ['A', 'B', 'C', 'D', 'E', 'F', 'ICH'] }), { maxItems: 7 })),
    region: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' }), { maxItems: 50 })),
    state: Type.Optional(Type.String({ enum: ['open', 'closed'], default: 'open' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  }),
  response: {
    200: Type.Object({ items: Type.Array(OpportunitySchema), total: Type.Integer(), facets: Type.Object({ type: Facet, domain: Facet, region: Facet, state: Facet }) }),
    ...problems(400, 404),
  },
};

export const getOpportunitySchema = {
  summary: 'One opportunity (drafts: editors of the space only)',
  tags: ['opportunities'],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  response: { 200: OpportunitySchema, ...problems(400, 404) },
};

const Input = Type.Object({
  kind: Type.Optional(Kind),
  title: Type.Optional(PlainTexts),
  description: Type.Optional(PlainTexts),
  eligibility: Type.Optional(PlainTexts),
  domains: Type.Optional(Type.Array(Type.String(), { maxItems: 7 })),
  regions: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
  deadline: Type.Optional(Type.String({ description: 'Local YYYY-MM-DDTHH:MM (or a date: end of that day) in timeZone' })),
  timeZone: Type.Optional(Type.String({ description: 'IANA time zone; default: the space’s' })),
  applyUrl: Type.Optional(Type.String({ maxLength: 500 })),
  applyContact: Type.Optional(Type.String({ maxLength: 300 })),
  status: Type.Optional(Type.String({ enum: ['draft', 'open', 'closed'] })),
});

export const createOpportunitySchema = {
  summary: 'Creates an opportunity (editors of the space)',
  tags: ['opportunities'],
  security: [{ bearer: [] }],
  body: Type.Intersect([Type.Object({ space: Type.String({ pattern: '^[A-Za-z]{2}$' }) }), Input]),
  response: { 201: OpportunitySchema, ...problems(400, 401, 403, 404) },
};

export const updateOpportunitySchema = {
  summary: 'Changes an opportunity; a later deadline reopens a closed one',
  tags: ['opportunities'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  body: Input,
  response: { 200: OpportunitySchema, ...problems(400, 401, 403, 404) },
};
