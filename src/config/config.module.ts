import { DynamicModule, Global, Module } from '@nestjs/common';
import { DatabaseLocation } from '../database/database.module';
import { AppConfig } from './app-config';

/** The validated configuration and where the database is, for every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, database: DatabaseLocation): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DatabaseLocation, useValue: database },
      ],
      exports: [AppConfig, DatabaseLocation],
    };
  }
}
