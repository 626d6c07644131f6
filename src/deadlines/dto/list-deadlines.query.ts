import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { DEADLINE_KINDS, DEADLINE_STATUSES, DeadlineKind, DeadlineStatus } from '../deadline.entity';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

export class ListDeadlinesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEADLINE_STATUSES })
  @IsOptional() @IsIn(DEADLINE_STATUSES)
  status?: DeadlineStatus;

  @ApiPropertyOptional({ enum: DEADLINE_KINDS })
  @IsOptional() @IsIn(DEADLINE_KINDS)
  kind?: DeadlineKind;

  @ApiPropertyOptional({ description: 'due strictly before this instant (ISO 8601)' })
  @IsOptional() @IsInstantDate()
  dueBefore?: Date;

  @ApiPropertyOptional()
  @IsOptional() @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ description: 'the subject, e.g. an incident id' })
  @IsOptional() @IsUuid()
  subjectId?: string;
}
