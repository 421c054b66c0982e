/** Check-in codes: short, and without characters that are easily confused (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
import { randomInt } from 'node:crypto';

/** The characters of a check-in code. */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
/** Length of a check-in code. */
export const CODE_LENGTH = 6;

/** A new random check-in code. */
export function newCheckinCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** A typed or scanned code, normalised: upper case, spaces and dashes dropped. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').slice(0, 32);
}

/** True when `code` could be a check-in code. */
export function isCheckinCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}
