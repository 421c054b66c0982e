/**
 * The form round-trip used by every HTML form: on a validation or rate-limit error the same
 * form comes back with localised messages and everything the user typed (except passwords).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.js';
import type { FormState } from './components.js';

/** Picks string fields from a urlencoded body (arrays keep their first value). */
export function formValues<K extends string>(body: unknown, fields: readonly K[]): Record<K, string | undefined> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string | undefined>;
  for (const field of fields) {
    const raw = source[field];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') out[field] = value.slice(0, 10_000);
  }
  return out;
}

/**
 * Runs `action`; if it throws a VALIDATION or RATE_LIMITED error, renders the form again via
 * `render(form, status)` instead of failing. Other errors propagate to the error handler.
 */
export async function withForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, string | undefined>,
  render: (form: FormState, status: number) => FastifyReply | Promise<FastifyReply>,
  action: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') {
      return render({ values, errors: err.options.fields ?? [{ field: '_form', key: err.key }] }, 400);
    }
    if (err instanceof AppError && err.code === 'RATE_LIMITED') {
      const seconds = err.options.retryAfterSeconds ?? 60;
      reply.header('Retry-After', String(seconds));
      return render({ values, errors: [{ field: '_form', key: 'error.rate_limited.wait', values: { minutes: Math.ceil(seconds / 60) } }] }, 429);
    }
    throw err;
  }
}

/** A same-site path to return to after signing in; anything else becomes "/". */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/';
  // Only local absolute paths: "/x" but not "//evil.example" or "/\evil".
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}
