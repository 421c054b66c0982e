/**
 * The one error catalogue: a stable code, an HTTP status and a message key per error.
 * API clients get RFC 9457 problem+json; browsers get a localised page. Anything not in the
 * catalogue becomes a generic 500 with a correlation id, and its details go only to the log.
 */

/** Every error a client can be told about. Codes are stable: clients may match on them. */
export const ERRORS = {
  BAD_REQUEST: { status: 400, key: 'error.bad_request' },
  VALIDATION: { status: 400, key: 'error.validation' },
  UNAUTHENTICATED: { status: 401, key: 'error.unauthenticated' },
  INVALID_TOKEN: { status: 401, key: 'error.invalid_token' },
  CSRF: { status: 403, key: 'error.csrf' },
  FORBIDDEN: { status: 403, key: 'error.forbidden' },
  NOT_FOUND: { status: 404, key: 'error.not_found' },
  METHOD_NOT_ALLOWED: { status: 405, key: 'error.method_not_allowed' },
  CONFLICT: { status: 409, key: 'error.conflict' },
  EMAIL_TAKEN: { status: 409, key: 'error.email_taken' },
  GONE: { status: 410, key: 'error.gone' },
  PAYLOAD_TOO_LARGE: { status: 413, key: 'error.payload_too_large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, key: 'error.unsupported_media_type' },
  RATE_LIMITED: { status: 429, key: 'error.rate_limited' },
  INTERNAL: { status: 500, key: 'error.internal' },
  UNAVAILABLE: { status: 503, key: 'error.unavailable' },
} as const satisfies Record<string, { status: number; key: string }>;

/** A catalogue code. */
export type ErrorCode = keyof typeof ERRORS;

/** A field-level problem, e.g. `{ field: 'email', key: 'validation.email' }`. */
export interface FieldError {
  field: string;
  /** Message key in the catalogues. */
  key: string;
  values?: Record<string, string | number>;
}

/** An error from the catalogue, thrown by services and handlers. */
export class AppError extends Error {
  readonly status: number;
  readonly key: string;
  constructor(
    readonly code: ErrorCode,
    readonly options: { fields?: FieldError[]; retryAfterSeconds?: number; detail?: string } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
    this.key = ERRORS[code].key;
  }
}

/** Shorthand for a validation error carrying field errors. */
export function validationError(fields: FieldError[]): AppError {
  return new AppError('VALIDATION', { fields });
}
