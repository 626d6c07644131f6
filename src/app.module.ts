import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AgreementsModule } from './agreements/agreements.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { RedisLocation } from './config/local-redis';
import { ContractEndModule } from './contract-end/contract-end.module';
import { redisOptionsFromUrl } from './config/redis-options';
import { DatabaseLocation, DatabaseModule } from './database/database.module';
import { DataControllersModule } from './data-controllers/data-controllers.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { IncidentsModule } from './incidents/incidents.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ObservabilityModule } from './observability/observability.module';
import { ProcessorsModule } from './processors/processors.module';
import { RetentionModule } from './retention/retention.module';
import { SubProcessorsModule } from './sub-processors/sub-processors.module';

export interface AppModuleOptions {
  config: AppConfig;
  database: DatabaseLocation;
  redis: RedisLocation;
  /** Run the BullMQ workers in this process. */
  workers: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, options.database, options.redis),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers["idempotency-key"]'],
            autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
          },
        }),
        DatabaseModule,
        BullModule.forRoot({
          connection: { ...redisOptionsFromUrl(options.redis.url), maxRetriesPerRequest: null },
          prefix: config.QUEUE_PREFIX,
        }),
        CommonModule,
        ObservabilityModule,
        AuditModule,
        ApiKeysModule,
        DeadlinesModule.register({ workers: options.workers }),
        NotificationsModule,
        IncidentsModule,
        ProcessorsModule,
        DataControllersModule,
        AgreementsModule,
        SubProcessorsModule,
        RetentionModule,
        ContractEndModule,
      ],
    };
  }
}
