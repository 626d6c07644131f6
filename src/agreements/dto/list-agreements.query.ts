import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AGREEMENT_STATUSES, AgreementStatus } from '../processing-agreement.entity';
import { IsUuid } from '../../common/uuid';

export class ListAgreementsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES, description: 'the status as it is now' })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;
}
