/** Password hashing with argon2id (OWASP Password Storage Cheat Sheet parameters or stronger). */
import argon2 from 'argon2';

// 19 MiB, 2 passes, 1 lane is OWASP's minimum for argon2id; we use 19 MiB / 3 passes so a small
// server (2 cores) still signs a user in within ~50 ms while brute force stays expensive.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 3, parallelism: 1 } as const;

/** Hashes a password; the encoded result carries its own parameters and salt. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password.normalize('NFC'), OPTIONS);
}

/** Checks a password against a stored hash; false for a malformed hash rather than throwing. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend comparable time when there is no account, so timing does not reveal which emails exist.
    await argon2.hash(password.normalize('NFC'), OPTIONS);
    return false;
  }
  try {
    return await argon2.verify(hash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** Minimum password length (NIST SP 800-63B: at least 8, no composition rules). */
export const MIN_PASSWORD_LENGTH = 10;
/** Maximum accepted length, bounding hashing cost. */
export const MAX_PASSWORD_LENGTH = 200;
