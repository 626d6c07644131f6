import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstantDate } from '../../common/instant';
import { PageQueryDto } from '../../common/pagination';
import { IsRegistered } from '../../common/registered-value.validator';
import { IsUuid } from '../../common/uuid';
import { DEADLINE_STATUSES, DeadlineStatus } from '../deadline.entity';
import { DEADLINE_SORTS, DeadlineSort } from '../deadlines.service';
import { DeadlineKinds } from '../deadline-kinds';

export class ListDeadlinesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEADLINE_STATUSES })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES)
  status?: DeadlineStatus;

  @ApiPropertyOptional({ description: 'a deadline kind, e.g. controller_notification' })
  @IsOptional()
  @IsRegistered(DeadlineKinds)
  kind?: string;

  @ApiPropertyOptional({ description: 'due strictly before this instant (ISO 8601)' })
  @IsOptional()
  @IsInstantDate()
  dueBefore?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ description: 'the subject, e.g. an incident id' })
  @IsOptional()
  @IsUuid()
  subjectId?: string;

  @ApiPropertyOptional({ enum: DEADLINE_SORTS, default: 'createdAt', description: 'createdAt: newest first; dueAt: soonest due first' })
  @IsOptional()
  @IsIn(DEADLINE_SORTS)
  sort?: DeadlineSort;
}
