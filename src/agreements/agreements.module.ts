import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgreementDataStore } from './agreement-data-store.entity';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { ProcessingAgreement } from './processing-agreement.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessingAgreement, AgreementDataStore])],
  providers: [AgreementsService],
  controllers: [AgreementsController],
})
export class AgreementsModule {}
