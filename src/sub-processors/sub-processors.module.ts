import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { SubProcessorAgreement } from './sub-processor-agreement.entity';
import { SubProcessor } from './sub-processor.entity';
import { SubProcessorsController } from './sub-processors.controller';
import { SubProcessorsService } from './sub-processors.service';

@Module({
  imports: [TypeOrmModule.forFeature([SubProcessor, SubProcessorAgreement]), AuditModule, DeadlinesModule],
  providers: [SubProcessorsService],
  controllers: [SubProcessorsController],
})
export class SubProcessorsModule {}
