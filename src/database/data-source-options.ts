import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one set of DataSource options, shared by the app, the migration runner and the
 * TypeORM CLI. The schema changes only through migrations; synchronize stays off.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    extra: { max: 10, options: '-c timezone=UTC' },
    ...extra,
  } as DataSourceOptions;
}
