import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsCountryCode } from '../../common/countries';
import { TRANSFER_MECHANISMS, TransferMechanism } from '../sub-processor.entity';

/** The processor cannot change; links change through announcements, objections and approvals. */
export class UpdateSubProcessorDto {
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

  @ApiPropertyOptional({ enum: TRANSFER_MECHANISMS, nullable: true })
  @IsOptional()
  @IsIn(TRANSFER_MECHANISMS)
  transferMechanism?: TransferMechanism | null;
}
