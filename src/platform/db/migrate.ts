/** Runs the migration set (migrations/) on either dialect. */
import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import type { Db } from './index.js';

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return results ?? [];
}

/** Names of migrations known to the code and whether each has run. */
export async function migrationStatus(db: Db): Promise<{ name: string; executedAt: Date | undefined }[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const list = await migrator.getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
