import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsInstantDate } from '../../common/instant';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional } from 'class-validator';
import { CsvQueryDto } from '../../common/csv';
import { PageQueryDto } from '../../common/pagination';
import { AGREEMENT_STATUSES, AgreementStatus } from '../processing-agreement.entity';
import { IsUuid } from '../../common/uuid';

/** `?status=active,terminating` (or the parameter repeated) is one list of statuses. */
const commaList = ({ value }: { value: unknown }): unknown => {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
};

/** Which agreements a portfolio view covers; every field narrows. */
export class AgreementScopeQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: AGREEMENT_STATUSES,
    example: 'active,terminating',
    description: 'the status as it is now; several, comma-separated, match any of them (`active,terminating`: in force now)',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(AGREEMENT_STATUSES.length)
  @IsIn(AGREEMENT_STATUSES, {
    each: true,
    message: `status must be one or more of ${AGREEMENT_STATUSES.join(', ')} (an agreement with notice given is terminating until the termination takes effect, then ended)`,
  })
  status?: AgreementStatus[];
}

export class ListAgreementsQuery extends IntersectionType(PageQueryDto, AgreementScopeQuery) {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only agreements missing something Art. 28(3) requires (see `gaps`); false: only complete ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  hasGaps?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'date-time', description: 'only agreements not yet ended that end (their end date, or the date their termination takes effect) strictly before this instant' })
  @IsOptional()
  @IsInstantDate()
  endingBefore?: Date;
}

/** The gaps as a CSV: the portfolio's scope, and the field separator. */
export class AgreementGapsCsvQuery extends IntersectionType(AgreementScopeQuery, CsvQueryDto) {}
