import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SubjectNames } from '../notifications/subject-names.registry';
import { ObservabilityModule } from '../observability/observability.module';
import { Deadline } from './deadline.entity';
import { DeadlineJobs } from './deadline-jobs';
import { DeadlineKinds } from './deadline-kinds';
import { DeadlineQueue } from './deadline.queue';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';

/** The one table of timed obligations: features register their kinds and open, close and read rows through DeadlinesService. */
@Module({
  imports: [TypeOrmModule.forFeature([Deadline]), AuditModule, DomainEventsModule, JobsModule, NotificationsModule, ObservabilityModule],
  controllers: [DeadlinesController],
  providers: [DeadlineQueue.provider, DeadlinesService, DeadlineKinds, DeadlineJobs],
  exports: [DeadlinesService, DeadlineKinds],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    private readonly names: SubjectNames,
    private readonly deadlines: DeadlinesService,
  ) {}

  onModuleInit(): void {
    this.names.register('deadline', (manager, ids) => this.deadlines.titles(manager, ids));
  }
}
