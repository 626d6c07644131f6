import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { CsvQueryDto } from '../../common/csv';
import { IsInstantDate } from '../../common/instant';
import { Language, LANGUAGES } from '../../common/language';
import { IsUuid } from '../../common/uuid';
import { RECORD_FORMATS, RecordFormat } from '../record-formats';

const PERIOD = 'with to: the record covers the agreements in force at any moment of [from, to); without both, those in force now';

/** `delimiter` applies to the CSV only. */
export class RecordOfProcessingQuery extends CsvQueryDto {
  @ApiPropertyOptional({ enum: RECORD_FORMATS, default: 'json', description: 'json, csv (UTF-8 with a byte-order mark) or pdf' })
  @IsOptional()
  @IsIn(RECORD_FORMATS)
  format?: RecordFormat;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of the record; without it Accept-Language decides, else Dutch' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;

  @ApiPropertyOptional({ format: 'uuid', description: 'the record of this processor only; without it, one section per processor in the registry' })
  @IsOptional()
  @IsUuid()
  processorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only this controller' })
  @IsOptional()
  @IsUuid()
  controllerId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-01-01T00:00:00+01:00', description: `the start of the period, ${PERIOD}` })
  @ValidateIf((q: RecordOfProcessingQuery) => q.from !== undefined || q.to !== undefined)
  @IsInstantDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-01-01T00:00:00+01:00', description: `the end of the period (exclusive), after from; ${PERIOD}` })
  @ValidateIf((q: RecordOfProcessingQuery) => q.from !== undefined || q.to !== undefined)
  @IsInstantDate()
  to?: Date;
}
