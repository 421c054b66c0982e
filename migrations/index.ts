// The ordered list of migrations. Add a new file and a line here; never edit a landed migration.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
