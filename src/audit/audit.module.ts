import { Module } from '@nestjs/common';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditQueue } from './audit.queue';
import { UnitOfWork } from './unit-of-work';

/** The audit chain with its checkpoints, and the unit of work every audited change runs in. */
@Module({
  imports: [DomainEventsModule, JobsModule],
  providers: [AuditQueue.provider, AuditService, AuditCheckpointsService, UnitOfWork],
  controllers: [AuditController],
  exports: [UnitOfWork, AuditService, AuditCheckpointsService],
})
export class AuditModule {}
