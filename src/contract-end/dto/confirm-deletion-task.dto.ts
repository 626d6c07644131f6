import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

export class ConfirmDeletionTaskDto {
  @ApiProperty({ description: 'When the store erased the data' })
  @IsInstant()
  confirmedAt: string;

  @ApiProperty({ example: 'Ticket OPS-1234: volumes wiped, backups expire 2026-08-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  evidence: string;

  @ApiPropertyOptional({ description: 'Required when confirmedAt is after the task was due' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  lateReason?: string;
}

export class ListDeletionTasksQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  agreementId: string;
}
