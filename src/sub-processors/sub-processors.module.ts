import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubProcessorAgreement } from './sub-processor-agreement.entity';
import { SubProcessor } from './sub-processor.entity';
import { SubProcessorsController } from './sub-processors.controller';
import { SubProcessorsService } from './sub-processors.service';

@Module({
  imports: [TypeOrmModule.forFeature([SubProcessor, SubProcessorAgreement])],
  providers: [SubProcessorsService],
  controllers: [SubProcessorsController],
})
export class SubProcessorsModule {}
