import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { DataController } from '../data-controllers/data-controller.entity';
import { Processor } from '../processors/processor.entity';
import { SubProcessor } from '../sub-processors/sub-processor.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { IncidentUpdate } from './incident-update.entity';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Incident, IncidentController, IncidentUpdate, IncidentNotification, IdempotencyKey, Processor, DataController, ProcessingAgreement, SubProcessor]),
  ],
  controllers: [IncidentsController],
  providers: [IncidentsService],
})
export class IncidentsModule {}
