import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsUuid } from '../../common/uuid';

export class ListSubProcessorsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only sub-processors linked to this agreement' })
  @IsOptional()
  @IsUuid()
  agreementId?: string;
}
