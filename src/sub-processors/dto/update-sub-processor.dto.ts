import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { IsCountryCode } from '../../common/countries';
import { TransferBasisDto } from './transfer-basis.dto';

/**
 * The processor cannot change; links change through announcements, objections and
 * approvals. A transfer field set to null clears it; one left out keeps its value, unless
 * the new country or mechanism no longer uses it.
 */
export class UpdateSubProcessorDto extends TransferBasisDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  service?: string;

  @ApiPropertyOptional({ example: 'US' })
  @ValidateIf((_, value) => value !== undefined)
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({
    type: String,
    example: '2026-03-31T22:00:00Z',
    nullable: true,
    description: 'a change of country, service or transfer mechanism asks specific-authorisation controllers again: the date they are asked by; default the end of the 30th day',
  })
  @IsOptional()
  @IsInstant()
  approvalDueAt?: string | null;
}
