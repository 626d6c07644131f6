import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AgreementsModule } from './agreements/agreements.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { AuditChainKeys } from './config/audit-chain-keys';
import { ConfigModule } from './config/config.module';
import { RedisLocation } from './config/local-redis';
import { ShutdownSteps } from './config/shutdown';
import { ContractEndModule } from './contract-end/contract-end.module';
import { DatabaseLocation, DatabaseModule } from './database/database.module';
import { DataControllersModule } from './data-controllers/data-controllers.module';
import { DataSubjectRequestsModule } from './data-subject-requests/data-subject-requests.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { IncidentsModule } from './incidents/incidents.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { pinoHttpOptions, prettyLogs } from './observability/log-options';
import { ObservabilityModule } from './observability/observability.module';
import { ProcessorsModule } from './processors/processors.module';
import { RecordsOfProcessingModule } from './records-of-processing/records-of-processing.module';
import { RetentionModule } from './retention/retention.module';
import { SubProcessorsModule } from './sub-processors/sub-processors.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  config: AppConfig;
  database: DatabaseLocation;
  redis: RedisLocation;
  /** Resolved before the database starts: a migration may need them. */
  auditChainKeys: AuditChainKeys;
  /** Run the BullMQ workers in this process. */
  workers: boolean;
  /** The steps an entry point's SignalShutdown reads; tests and benches, which stop with app.close(), get their own. */
  shutdown?: ShutdownSteps;
}

/** The composition root: the platform, then every feature. A new feature is one line here. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const shutdown = options.shutdown ?? new ShutdownSteps(config.SHUTDOWN_TIMEOUT_MS);
    // A logger bound to every request (pino-http's child with the request serialised, an async
    // context to find it by) cost more CPU than a GET's own work; it is there only at debug and
    // trace. Every request's one line is written without it (observeRequests).
    const bindsRequests = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, { redis: options.redis, auditChainKeys: options.auditChainKeys, workers: options.workers, shutdown }),
        DatabaseModule.forRoot(options.database, shutdown),
        LoggerModule.forRoot({
          forRoutes: bindsRequests ? [{ path: '{*path}', method: RequestMethod.ALL }] : [],
          pinoHttp: pinoHttpOptions(config.LOG_LEVEL, prettyLogs(process.env, process.stdout.isTTY)),
        }),
        CommonModule,
        ObservabilityModule,
        JobsModule,
        AuditModule,
        AuthModule,
        DeadlinesModule,
        NotificationsModule,
        RetentionModule,
        ProcessorsModule,
        DataControllersModule,
        AgreementsModule,
        SubProcessorsModule,
        IncidentsModule,
        ContractEndModule,
        DataSubjectRequestsModule,
        RecordsOfProcessingModule,
        CalendarFeedsModule,
        WebModule,
      ],
    };
  }
}
