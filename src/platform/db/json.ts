/**
 * JSON columns are stored as text on both dialects so that values read back identically
 * (PostgreSQL jsonb would reorder keys and return objects where SQLite returns strings).
 */

/** Serialises a value for a JSON text column. */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Parses a JSON text column, returning `fallback` for null or unparsable text. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
