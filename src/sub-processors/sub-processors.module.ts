import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { DomainEventsModule } from '../common/domain-events.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { SubProcessorAgreement } from './sub-processor-agreement.entity';
import { SubProcessorLinksQuery } from './sub-processor-links.query';
import { SubProcessorLinksService } from './sub-processor-links.service';
import { SubProcessor } from './sub-processor.entity';
import { SubProcessorsController } from './sub-processors.controller';
import { SubProcessorsService } from './sub-processors.service';

/** Sub-processors, their authorisation per agreement, and the notices that reach the controllers. */
@Module({
  imports: [TypeOrmModule.forFeature([SubProcessor, SubProcessorAgreement]), AuditModule, DomainEventsModule, DeadlinesModule, AgreementsModule],
  providers: [SubProcessorsService, SubProcessorLinksService, SubProcessorLinksQuery],
  controllers: [SubProcessorsController],
  exports: [SubProcessorsService, SubProcessorLinksQuery],
})
export class SubProcessorsModule {}
