/** Schemas of the global search API. */
import { Type } from '@sinclair/typebox';
import { problems, TranslatedTextSchema } from '../../platform/http/schemas.js';

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const searchSchema = {
  summary: 'Search every kind of record at once (ranked), with facet counts; results respect the caller’s access',
  tags: ['search'],
  querystring: Type.Object({
    q: Type.Optional(Type.String({ maxLength: 500, description: 'Words in any language or script; the last word matches as a prefix' })),
    type: Type.Optional(Type.String({ maxLength: 200, description: 'Entity types, comma-separated' })),
    space: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Country space code (any case)' })),
    lang: Type.Optional(Type.String({ maxLength: 20, description: 'Only records with content in this language' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, default: 0 })),
  }),
  response: {
    200: Type.Object({
      items: Type.Array(
        Type.Object({
          type: Type.String(),
          id: Type.String(),
          space: Type.Union([Type.String(), Type.Null()]),
          url: Type.String(),
          title: TranslatedTextSchema,
          snippet: Type.String({ description: 'HTML-escaped text with <mark> around matching words' }),
          score: Type.Number(),
        }),
      ),
      total: Type.Integer(),
      facets: Type.Record(Type.String(), FacetCounts),
    }),
    ...problems(400, 401),
  },
};
