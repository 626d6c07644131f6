import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ObservabilityModule } from '../observability/observability.module';
import { Deadline } from './deadline.entity';
import { DeadlineJobs } from './deadline-jobs';
import { DeadlineKinds } from './deadline-kinds';
import { DeadlineQueue } from './deadline.queue';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';

/** The one table of timed obligations: features register their kinds and open, close and read rows through DeadlinesService. */
@Module({
  imports: [TypeOrmModule.forFeature([Deadline]), AuditModule, DomainEventsModule, JobsModule, ObservabilityModule],
  controllers: [DeadlinesController],
  providers: [DeadlineQueue.provider, DeadlinesService, DeadlineKinds, DeadlineJobs],
  exports: [DeadlinesService, DeadlineKinds],
})
export class DeadlinesModule {}
