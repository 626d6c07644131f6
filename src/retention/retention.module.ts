import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErasureLedgerEntry } from './erasure-ledger-entry.entity';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionPoliciesController } from './retention-policies.controller';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionPolicy } from './retention-policy.entity';
import { RetentionRun } from './retention-run.entity';
import { RetentionRunsController } from './retention-runs.controller';
import { RetentionRunsService } from './retention-runs.service';
import { RetentionSweepService } from './retention-sweep.service';

/** Retention policies (bewaartermijnen), legal holds, sweeps and the erasure ledger. */
@Module({
  imports: [TypeOrmModule.forFeature([RetentionPolicy, LegalHold, RetentionRun, ErasureLedgerEntry])],
  controllers: [RetentionPoliciesController, LegalHoldsController, RetentionRunsController],
  providers: [RetentionPoliciesService, LegalHoldsService, RetentionSweepService, RetentionRunsService],
})
export class RetentionModule {}
