import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AGREEMENT_STATUSES, AgreementStatus } from '../processing-agreement.entity';

export class ListAgreementsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  controllerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  processorId?: string;

  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES, description: 'the status as it is now' })
  @IsOptional() @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;
}
