/** Schemas of the spaces API. */
import { Type } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';

export const SpaceSchema = Type.Object({
  code: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  name: TranslatedTextSchema,
  defaultLocale: Type.String(),
  locales: Type.Array(Type.String()),
});
export const RegionSchema = Type.Object({
  code: Type.String({ description: 'ISO 3166-2' }),
  type: Type.String(),
  name: TranslatedTextSchema,
});
export const AuditRowSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  spaceId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const listSpacesSchema = {
  summary: 'Country spaces of this installation',
  tags: ['spaces'],
  response: { 200: Type.Object({ items: Type.Array(SpaceSchema) }) },
};
export const getSpaceSchema = {
  summary: 'One space with its first-level regions; the code is case-insensitive',
  tags: ['spaces'],
  params: Type.Object({ code: Type.String({ pattern: '^[A-Za-z]{2}$' }) }),
  response: { 200: Type.Intersect([SpaceSchema, Type.Object({ regions: Type.Array(RegionSchema) })]), ...problems(400, 404) },
};
export const listAuditSchema = {
  summary: 'Audit log (space admins: their spaces; platform admins: everything), newest first',
  tags: ['audit'],
  security: [{ bearer: [] }],
  querystring: Type.Object({
    space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
    entityType: Type.Optional(Type.String({ maxLength: 60 })),
    entityId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  }),
  response: { 200: Type.Object({ items: Type.Array(AuditRowSchema), total: Type.Integer() }), ...problems(400, 401, 403) },
};
