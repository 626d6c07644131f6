import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstantDate } from '../../common/instant';
import { PageQueryDto } from '../../common/pagination';
import { IsUuid } from '../../common/uuid';
import { REQUEST_TYPES, RequestType } from '../data-subject-request.entity';
import { REQUEST_STATUSES, RequestStatus } from '../request-status';

export const REQUEST_SORTS = ['createdAt', 'dueAt'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

export class ListDataSubjectRequestsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_TYPES })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  type?: RequestType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ description: 'due strictly before this instant (ISO 8601)' })
  @IsOptional()
  @IsInstantDate()
  dueBefore?: Date;

  @ApiPropertyOptional({ enum: REQUEST_SORTS, default: 'createdAt', description: 'createdAt: newest first; dueAt: soonest due first' })
  @IsOptional()
  @IsIn(REQUEST_SORTS)
  sort?: RequestSort;
}
