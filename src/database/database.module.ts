import { DynamicModule, Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ShutdownSteps } from '../config/shutdown';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './run-migrations';

/** Holds the embedded Postgres when there is no DATABASE_URL, and stops it last. */
export class DatabaseLocation implements OnApplicationShutdown {
  constructor(
    readonly url: string,
    private readonly embedded?: EmbeddedDatabase,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}

/**
 * TypeORM's module destroys the DataSource on shutdown, and the pool's end waits for every
 * client to come back: one held by a job the workers' stop cut short, or a socket to a
 * Postgres that went away, must not hold the process. Past its step the pool is left to
 * the process' exit.
 */
class ShutdownBoundDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly shutdown: ShutdownSteps,
  ) {
    super(options);
  }

  override destroy(): Promise<void> {
    return this.shutdown.within(
      'the Postgres pool',
      () => super.destroy(),
      () => undefined,
    );
  }
}

/** The DataSource for every module, on the database the entry point resolved; migrations applied before use. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(location: DatabaseLocation, shutdown: ShutdownSteps): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(location.url), autoLoadEntities: true }),
          dataSourceFactory: async (options) => {
            const dataSource = await new ShutdownBoundDataSource(options!, shutdown).initialize();
            const applied = await runMigrationsLocked(dataSource);
            if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
            return dataSource;
          },
        }),
      ],
      providers: [{ provide: DatabaseLocation, useValue: location }],
      exports: [DatabaseLocation],
    };
  }
}

export async function resolveDatabaseLocation(config: AppConfig, shutdown: ShutdownSteps): Promise<DatabaseLocation> {
  if (config.DATABASE_URL) return new DatabaseLocation(config.DATABASE_URL);
  const logger = new Logger('Database');
  logger.log(`No DATABASE_URL: starting the embedded Postgres in ${config.DATA_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  const embedded = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, shutdown);
  return new DatabaseLocation(embedded.url, embedded);
}
