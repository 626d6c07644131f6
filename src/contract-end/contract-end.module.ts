import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { DomainEvents } from '../common/domain-events';
import { DomainEventsModule } from '../common/domain-events.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { JobsModule } from '../jobs/jobs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { ContractEndController } from './contract-end.controller';
import { CONTRACT_END_EVENTS } from './contract-end.events';
import { ErasureRequestQueue } from './contract-end.queue';
import { DataExport } from './data-export.entity';
import { DATA_EXPORT_RETENTION } from './data-export.retention';
import { DataExportService } from './data-export.service';
import { DeletionCertificateService } from './deletion-certificate.service';
import { DeletionConfirmation } from './deletion-confirmation.entity';
import { DeletionTask } from './deletion-task.entity';
import { DeletionTasksQuery } from './deletion-tasks.query';
import { ErasureRequestClient } from './erasure-request.client';
import { ErasureWorkflowService } from './erasure-workflow.service';
import { TerminationService } from './termination.service';

/** End of contract: termination, deletion tasks per data store, the export, the certificate. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeletionTask, DeletionConfirmation, DataExport]),
    AgreementsModule,
    AuditModule,
    DomainEventsModule,
    DeadlinesModule,
    JobsModule,
    NotificationsModule,
    RetentionModule,
  ],
  controllers: [ContractEndController],
  providers: [ErasureRequestQueue.provider, TerminationService, ErasureWorkflowService, DataExportService, DeletionCertificateService, DeletionTasksQuery, ErasureRequestClient],
  exports: [DeletionCertificateService],
})
export class ContractEndModule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionTargets,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.retention.register(DATA_EXPORT_RETENTION);
    this.events.declare(...CONTRACT_END_EVENTS);
  }
}
