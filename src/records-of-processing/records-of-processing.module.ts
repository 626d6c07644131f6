import { Module } from '@nestjs/common';
import { RecordsOfProcessingController } from './records-of-processing.controller';
import { RecordsOfProcessingQuery } from './records-of-processing.query';
import { RecordsOfProcessingService } from './records-of-processing.service';

/** The Art. 30(2) record: read-only, built from the registry's tables on request. */
@Module({
  controllers: [RecordsOfProcessingController],
  providers: [RecordsOfProcessingService, RecordsOfProcessingQuery],
})
export class RecordsOfProcessingModule {}
