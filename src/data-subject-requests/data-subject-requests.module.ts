import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEvents } from '../common/domain-events';
import { DomainEventsModule } from '../common/domain-events.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { DataSubjectRequest } from './data-subject-request.entity';
import { DATA_SUBJECT_REQUEST_EVENTS } from './data-subject-request.events';
import { DATA_SUBJECT_REQUEST_RETENTION } from './data-subject-request.retention';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsService } from './data-subject-requests.service';

/** Data-subject requests: forwarding as processor, the Art. 12(3) month as controller, and erasure of a contact on request. */
@Module({
  imports: [TypeOrmModule.forFeature([DataSubjectRequest]), AuditModule, DomainEventsModule, DeadlinesModule, RetentionModule],
  controllers: [DataSubjectRequestsController],
  providers: [DataSubjectRequestsService],
  exports: [DataSubjectRequestsService],
})
export class DataSubjectRequestsModule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionTargets,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.retention.register(DATA_SUBJECT_REQUEST_RETENTION);
    this.events.declare(...DATA_SUBJECT_REQUEST_EVENTS);
  }
}
