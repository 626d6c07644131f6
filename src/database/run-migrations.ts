import { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same for every instance of the service. */
const MIGRATION_LOCK = 0x6d696772;

/**
 * Applies pending migrations under a session advisory lock, so replicas starting
 * together do not race each other through the same migration.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
