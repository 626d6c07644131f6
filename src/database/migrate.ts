import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { resolveAuditChainKeys } from '../config/audit-chain-keys';
import { ShutdownSteps } from '../config/shutdown';
import { dataSourceOptions } from './data-source-options';
import { resolveDatabaseLocation } from './database.module';
import { runMigrationsLocked } from './run-migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Refuses to go on without a key where the service would, and generates the embedded default's before a migration re-signs the chain with it.
  resolveAuditChainKeys(config);
  const location = await resolveDatabaseLocation(config, new ShutdownSteps(config.SHUTDOWN_TIMEOUT_MS));
  const dataSource = await new DataSource(dataSourceOptions(location.url)).initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations\n');
  } finally {
    await dataSource.destroy();
    await location.onApplicationShutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
