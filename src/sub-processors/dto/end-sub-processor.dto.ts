import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

/** The sub-processor is no longer used: for the agreements named, or (without them) for all of them. */
export class EndSubProcessorDto {
  @ApiPropertyOptional({ type: String, example: '2026-03-01T00:00:00Z', nullable: true, description: 'when it stopped being used; defaults to now; not in the future' })
  @IsOptional()
  @IsInstant()
  endedAt?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', nullable: true, description: 'only these agreements; without them the sub-processor ends as a whole' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUuid({ each: true })
  agreementIds?: string[] | null;

  @ApiPropertyOptional({ type: String, example: 'contract with the data centre ended', maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
