import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsInstantDate } from '../../common/instant';
import { REQUEST_OUTCOMES, RequestOutcome } from '../request-clocks';

const LATE_REASON = { description: 'required when the step comes after its deadline', minLength: 5, maxLength: 20000 };

export class IdentityRequestedDto {
  @ApiPropertyOptional({ description: 'when the requester was asked for identification (Art. 12(6)); default now' })
  @IsOptional()
  @IsInstantDate()
  requestedAt?: Date;
}

export class IdentityReceivedDto {
  @ApiPropertyOptional({ description: 'when the identification arrived; the month runs from it (default now)' })
  @IsOptional()
  @IsInstantDate()
  receivedAt?: Date;
}

export class ForwardedDto {
  @ApiPropertyOptional({ description: 'when the request was forwarded to the controller; default now' })
  @IsOptional()
  @IsInstantDate()
  forwardedAt?: Date;

  @ApiPropertyOptional({ description: 'help offered to the controller (Art. 28(3)(e))', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  assistance?: string;

  @ApiPropertyOptional(LATE_REASON)
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  lateReason?: string;
}

export class ExtendDto {
  @ApiProperty({ description: 'why the request needs two more months: its complexity or the number of requests (Art. 12(3))', minLength: 5, maxLength: 20000 })
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  reason: string;

  @ApiPropertyOptional({ description: 'when the requester was told of the extension and why; closes the extension-notice deadline' })
  @IsOptional()
  @IsInstantDate()
  requesterNotifiedAt?: Date;
}

export class ExtensionNoticeDto {
  @ApiPropertyOptional({ description: 'when the requester was told of the extension and why; default now' })
  @IsOptional()
  @IsInstantDate()
  notifiedAt?: Date;

  @ApiPropertyOptional(LATE_REASON)
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  lateReason?: string;
}

export class CompleteDto {
  @ApiProperty({ enum: REQUEST_OUTCOMES })
  @IsIn(REQUEST_OUTCOMES)
  outcome: RequestOutcome;

  @ApiPropertyOptional({ description: 'controller role: required unless fulfilled — the reasons given to the requester (Art. 12(4))', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  reason?: string;

  @ApiPropertyOptional({ description: 'controller role: must be true unless fulfilled — the requester was told of the right to complain to the AP and to go to court (Art. 12(4))' })
  @IsOptional()
  @IsBoolean()
  complaintInfoGiven?: boolean;

  @ApiPropertyOptional({ description: 'when the answer went out; default now' })
  @IsOptional()
  @IsInstantDate()
  completedAt?: Date;

  @ApiPropertyOptional({ description: 'processor role: help given to the controller (Art. 28(3)(e))', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  assistance?: string;

  @ApiPropertyOptional({ description: 'erasure request of a contact: erase that contact through the retention ledger (refused while a legal hold covers it)' })
  @IsOptional()
  @IsBoolean()
  eraseContact?: boolean;

  @ApiPropertyOptional(LATE_REASON)
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(20_000)
  lateReason?: string;
}
