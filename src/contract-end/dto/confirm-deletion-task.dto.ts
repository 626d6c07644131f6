import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { PageQueryDto } from '../../common/pagination';
import { IsUuid } from '../../common/uuid';

/** The person behind a confirmation: the declaration names who confirms, with their function. */
export class ConfirmingPersonDto {
  @ApiProperty({ example: 'Fleur Bakker', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Functionaris Gegevensbescherming', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  function: string;
}

/** Where a store's copy of the controller's data went when the controller chose return. */
export class ReturnedDto {
  @ApiProperty({ example: 'sftp://transfer.bakkerij.example/export-2026-04.tar.gz', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  location: string;

  @ApiPropertyOptional({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  checksum?: string;

  @ApiPropertyOptional({ example: '312 mailboxes as mbox files', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description?: string;
}

export class ConfirmDeletionTaskDto {
  @ApiProperty({ description: 'When the store erased the data' })
  @IsInstant()
  confirmedAt: string;

  @ApiProperty({ example: 'Ticket OPS-1234: volumes wiped, backups expire 2026-08-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  evidence: string;

  @ApiPropertyOptional({ type: ConfirmingPersonDto, description: 'Who confirms; without it the certificate names the API key' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfirmingPersonDto)
  confirmedBy?: ConfirmingPersonDto;

  @ApiPropertyOptional({ type: ReturnedDto, description: 'Required when the controller chose return and the store did not say in its answer where the copy went' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReturnedDto)
  returned?: ReturnedDto;

  @ApiPropertyOptional({ description: 'Required when confirmedAt is after the task was due' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  lateReason?: string;
}

export class ListDeletionTasksQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the tasks of this agreement only' })
  @IsOptional()
  @IsUuid()
  agreementId?: string;
}
