import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { RetentionModule } from '../retention/retention.module';
import { RetentionTargets } from '../retention/retention-target';
import { AgreementDataStore } from './agreement-data-store.entity';
import { clientControllersSql } from './agreement-status';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { ProcessingAgreement } from './processing-agreement.entity';

/** Processor agreements (verwerkersovereenkomsten) with their Art. 28(3) checklist and data stores. */
@Module({
  imports: [TypeOrmModule.forFeature([ProcessingAgreement, AgreementDataStore]), AuditModule, RetentionModule],
  providers: [AgreementsService],
  controllers: [AgreementsController],
})
export class AgreementsModule implements OnModuleInit {
  constructor(private readonly retention: RetentionTargets) {}

  onModuleInit(): void {
    this.retention.useClientControllers(clientControllersSql('$2'));
  }
}
