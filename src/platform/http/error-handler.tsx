/**
 * Turns every error into a catalogue response: problem+json (RFC 9457) under /api, a localised
 * page elsewhere. Unknown errors are logged with the request id and never echoed to clients.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../views/render.js';
import { AppError, ERRORS, type ErrorCode, type FieldError } from './errors.js';

/** True for requests answered with JSON (the API and machine endpoints). */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.pathNoLocale.startsWith('/api/v1') || request.url.startsWith('/api/v1');
}

/** Maps framework and library errors to catalogue codes. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; keyword?: string; message?: string }[] };
  if (e && Array.isArray(e.validation)) {
    const fields: FieldError[] = e.validation.map((v) => {
      const missing = v.keyword === 'required' ? String(v.params?.missingProperty ?? '') : '';
      const field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || missing || 'body';
      return { field: missing && !v.instancePath ? missing : field, key: 'validation.invalid', values: { detail: v.message ?? '' } };
    });
    return new AppError('VALIDATION', { fields });
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return new AppError('CSRF');
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST');
  return null;
}

/** Sends an AppError as problem+json. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.options.retryAfterSeconds) reply.header('Retry-After', String(error.options.retryAfterSeconds));
  if (error.status === 401) reply.header('WWW-Authenticate', `Bearer realm="mosaic"${error.code === 'INVALID_TOKEN' ? ', error="invalid_token"' : ''}`);
  const t = request.i18n.t;
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `${request.protocol}://${request.host}/api#problem-${error.code.toLowerCase()}`,
      title: t(error.key),
      status: error.status,
      code: error.code,
      ...(error.options.detail ? { detail: error.options.detail } : {}),
      ...(error.options.fields
        ? { errors: error.options.fields.map((f) => ({ field: f.field, code: f.key, message: t(f.key, f.values) })) }
        : {}),
      instance: request.id,
    });
}

/** Sends an error page in the reader's language. */
export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, retryAfter?: number): FastifyReply {
  const { status, key } = ERRORS[code];
  if (retryAfter) reply.header('Retry-After', String(retryAfter));
  return sendPage(request, reply, { title: request.i18n.t(key), status, noindex: true }, (ctx) => (
    <>
      <h1>{ctx.t(key)}</h1>
      <p>{ctx.t(`${key}.help`)}</p>
      {status >= 500 ? (
        <p class="muted">
          {ctx.t('error.reference')} <code>{request.id}</code>
        </p>
      ) : null}
      <p>
        <a href={ctx.href('/')}>{ctx.t('error.go_home')}</a>
      </p>
    </>
  ));
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    let appError = toAppError(error);
    if (!appError) {
      request.log.error({ err: error, reqId: request.id }, 'unhandled error');
      appError = new AppError('INTERNAL');
    } else if (appError.status >= 500) {
      request.log.error({ err: error }, 'server error');
    }
    if (isApiRequest(request) || !request.i18n) {
      if (!request.i18n) {
        // Errors raised before the request hooks ran (e.g. a body that failed to parse).
        return reply.code(appError.status).type('application/problem+json').send({ title: appError.code, status: appError.status, code: appError.code, instance: request.id });
      }
      return sendProblem(request, reply, appError);
    }
    return sendErrorPage(request, reply, appError.code, appError.options.retryAfterSeconds);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (isApiRequest(request)) return sendProblem(request, reply, new AppError('NOT_FOUND'));
    return sendErrorPage(request, reply, 'NOT_FOUND');
  });
}
