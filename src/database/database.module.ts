import { DynamicModule, Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './run-migrations';

/** Holds the embedded Postgres when there is no DATABASE_URL, and stops it last. */
export class DatabaseLocation implements OnApplicationShutdown {
  constructor(
    readonly url: string,
    private readonly embedded?: EmbeddedDatabase,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}

/** The DataSource for every module, on the database the entry point resolved; migrations applied before use. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(location: DatabaseLocation): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(location.url), autoLoadEntities: true }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
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

export async function resolveDatabaseLocation(config: AppConfig): Promise<DatabaseLocation> {
  if (config.DATABASE_URL) return new DatabaseLocation(config.DATABASE_URL);
  const logger = new Logger('Database');
  logger.log(`No DATABASE_URL: starting the embedded Postgres in ${config.DATA_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  const embedded = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT);
  return new DatabaseLocation(embedded.url, embedded);
}
