import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class ListSubProcessorsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all')
  processorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only sub-processors linked to this agreement' })
  @IsOptional() @IsUUID('all')
  agreementId?: string;
}
