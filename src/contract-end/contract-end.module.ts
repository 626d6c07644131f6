import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractEndController } from './contract-end.controller';
import { ContractEndService } from './contract-end.service';
import { DataExport } from './data-export.entity';
import { DataExportService } from './data-export.service';
import { DeletionCertificateService } from './deletion-certificate.service';
import { DeletionTask } from './deletion-task.entity';
import { ErasureRequestSender } from './erasure-request.sender';

/** End of contract: termination, deletion tasks per data store, the export, the certificate. */
@Module({
  imports: [TypeOrmModule.forFeature([DeletionTask, DataExport])],
  controllers: [ContractEndController],
  providers: [ContractEndService, DataExportService, DeletionCertificateService, ErasureRequestSender],
})
export class ContractEndModule {}
