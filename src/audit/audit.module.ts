import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { AuditController } from './audit.controller';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { UnitOfWork } from './unit-of-work';

/** The audit chain, and the unit of work every audited change runs in. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry]), DomainEventsModule, JobsModule],
  providers: [AuditService, UnitOfWork],
  controllers: [AuditController],
  exports: [UnitOfWork],
})
export class AuditModule {}
