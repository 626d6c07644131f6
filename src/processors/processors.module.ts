import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Processor } from './processor.entity';
import { ProcessorsController } from './processors.controller';
import { ProcessorsService } from './processors.service';

@Module({
  imports: [TypeOrmModule.forFeature([Processor]), AuditModule],
  providers: [ProcessorsService],
  controllers: [ProcessorsController],
  exports: [ProcessorsService],
})
export class ProcessorsModule {}
