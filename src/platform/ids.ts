/** Identifiers and timestamps used across Mosaic. */
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** A new UUIDv7: time-ordered, so primary-key indexes stay compact. */
export function newId(): string {
  return uuidv7();
}

/** The current time as a UTC ISO-8601 string (the only timestamp format stored). */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}

/** A random URL-safe secret of `bytes` bytes (tokens, session ids). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** sha256 hex of a secret; secrets are stored only as hashes. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
