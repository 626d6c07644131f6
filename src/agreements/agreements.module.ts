import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEvents } from '../common/domain-events';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { AgreementDataStore } from './agreement-data-store.entity';
import { AgreementDetails } from './agreement-details.registry';
import { AgreementEndQueue } from './agreement-end.queue';
import { AgreementEnds } from './agreement-ends.service';
import { clientControllersSql } from './agreement-status';
import { AGREEMENT_EVENTS } from './agreement.events';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { ProcessingAgreement } from './processing-agreement.entity';

/** Processor agreements (verwerkersovereenkomsten) with their Art. 28(3) checklist, data stores and end of term. */
@Module({
  imports: [TypeOrmModule.forFeature([ProcessingAgreement, AgreementDataStore]), AuditModule, DomainEventsModule, JobsModule, RetentionModule],
  providers: [AgreementEndQueue.provider, AgreementsService, AgreementEnds, AgreementDetails],
  controllers: [AgreementsController],
  exports: [AgreementsService, AgreementEnds, AgreementDetails],
})
export class AgreementsModule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionTargets,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.retention.useClientControllers(clientControllersSql('$2'));
    this.events.declare(...AGREEMENT_EVENTS);
  }
}
