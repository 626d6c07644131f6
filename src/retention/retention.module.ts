import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DomainEventsModule } from '../common/domain-events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ErasureLedgerEntry } from './erasure-ledger-entry.entity';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionPoliciesController } from './retention-policies.controller';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionErasure } from './retention-erasure.service';
import { RetentionPolicy } from './retention-policy.entity';
import { RetentionRun } from './retention-run.entity';
import { RetentionRunsController } from './retention-runs.controller';
import { RetentionRunsService } from './retention-runs.service';
import { RetentionSweepService } from './retention-sweep.service';
import { RetentionTargets } from './retention-target';
import { RetentionQueue } from './retention.queue';

/**
 * Retention policies (bewaartermijnen), legal holds, sweeps and the erasure ledger. Modules
 * that keep personal data contribute their targets to RetentionTargets at init.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RetentionPolicy, LegalHold, RetentionRun, ErasureLedgerEntry]), AuditModule, DomainEventsModule, JobsModule],
  controllers: [RetentionPoliciesController, LegalHoldsController, RetentionRunsController],
  providers: [RetentionQueue.provider, RetentionTargets, RetentionPoliciesService, LegalHoldsService, RetentionSweepService, RetentionRunsService, RetentionErasure],
  exports: [RetentionTargets, RetentionErasure, RetentionPoliciesService, RetentionRunsService, LegalHoldsService],
})
export class RetentionModule {}
