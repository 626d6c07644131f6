import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { AuditChainKeys } from './audit-chain-keys';
import { RedisLocation } from './local-redis';
import { ShutdownSteps } from './shutdown';

/** Whether this process runs the queue workers: the entry point decides (worker.ts always does). */
export const WORKERS_ENABLED = Symbol('WORKERS_ENABLED');

/** The validated configuration, where Redis is, the audit chain's keys, the process's role and how it stops, for every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, options: { redis: RedisLocation; auditChainKeys: AuditChainKeys; workers: boolean; shutdown: ShutdownSteps }): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: RedisLocation, useValue: options.redis },
        { provide: AuditChainKeys, useValue: options.auditChainKeys },
        { provide: WORKERS_ENABLED, useValue: options.workers },
        { provide: ShutdownSteps, useValue: options.shutdown },
      ],
      exports: [AppConfig, RedisLocation, AuditChainKeys, WORKERS_ENABLED, ShutdownSteps],
    };
  }
}
