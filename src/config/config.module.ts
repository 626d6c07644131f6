import { DynamicModule, Global, Module } from '@nestjs/common';
import { DatabaseLocation } from '../database/database.module';
import { AppConfig } from './app-config';
import { RedisLocation } from './local-redis';

/** The validated configuration and where the database and Redis are, for every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, database: DatabaseLocation, redis: RedisLocation): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DatabaseLocation, useValue: database },
        { provide: RedisLocation, useValue: redis },
      ],
      exports: [AppConfig, DatabaseLocation, RedisLocation],
    };
  }
}
