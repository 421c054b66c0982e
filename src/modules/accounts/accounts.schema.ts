/** Request and response schemas of the accounts API. */
import { Type } from '@sinclair/typebox';
import { problems } from '../../platform/http/schemas.js';

export const Me = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  locale: Type.Union([Type.String(), Type.Null()]),
  isPlatformAdmin: Type.Boolean(),
  roles: Type.Record(Type.String({ description: 'Space code' }), Type.String({ description: 'member, editor or admin' })),
});

export const TokenInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const CreatedToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'Shown only in this response' }),
});

export const getMeSchema = {
  summary: 'The account the token belongs to, with its roles per space',
  tags: ['accounts'],
  security: [{ bearer: [] }],
  response: { 200: Me, ...problems(401) },
};
export const listTokensSchema = {
  summary: 'API tokens of the account (never the tokens themselves)',
  tags: ['accounts'],
  security: [{ bearer: [] }],
  response: { 200: Type.Object({ items: Type.Array(TokenInfo) }), ...problems(401) },
};
export const createTokenSchema = {
  summary: 'Create an API token; the token is returned once',
  tags: ['accounts'],
  security: [{ bearer: [] }],
  body: CreateTokenBody,
  response: { 201: CreatedToken, ...problems(400, 401) },
};
export const revokeTokenSchema = {
  summary: 'Revoke an API token',
  tags: ['accounts'],
  security: [{ bearer: [] }],
  params: Type.Object({ id: Type.String() }),
  response: { 204: Type.Null(), ...problems(401, 404) },
};
