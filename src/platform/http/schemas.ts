/** Schemas shared by every API module (they feed both validation and the OpenAPI document). */
import { Type, type TSchema } from '@sinclair/typebox';

/** RFC 9457 problem details, as every API error is sent. */
export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code from the error catalogue' }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
    instance: Type.String({ description: 'Request id, for support' }),
  },
  { $id: undefined, description: 'Problem details (RFC 9457), media type application/problem+json' },
);

/** Standard error responses to merge into a route's `response`. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, Problem]));
}

/** A translatable field as returned by the API. */
export const TranslatedTextSchema = Type.Record(
  Type.String({ description: 'BCP 47 language tag' }),
  Type.Object({ value: Type.String(), provenance: Type.Union([Type.Literal('human'), Type.Literal('machine'), Type.Literal('reviewed')]) }),
  { description: 'A text in several languages, each with who translated it' },
);
