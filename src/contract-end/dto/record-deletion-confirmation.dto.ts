import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { ConfirmingPersonDto } from './confirm-deletion-task.dto';

/** For an agreement without data stores: what was erased or returned, where, and the evidence. */
export class RecordDeletionConfirmationDto {
  @ApiProperty({ example: 'The webshop database and its nightly backups; the customer list returned as CSV', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  erased: string;

  @ApiProperty({ example: 'db-03.hosting.example and the backup vault in Amsterdam-Zuid', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  location: string;

  @ApiProperty({ example: 'Ticket OPS-2211: DROP DATABASE log, backup expiry report', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  evidence: string;

  @ApiProperty({ type: ConfirmingPersonDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConfirmingPersonDto)
  confirmedBy: ConfirmingPersonDto;

  @ApiProperty({ description: 'When the data were erased or returned' })
  @IsInstant()
  confirmedAt: string;

  @ApiPropertyOptional({ description: 'Required when confirmedAt is after the contract-end deadline' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  lateReason?: string;
}
