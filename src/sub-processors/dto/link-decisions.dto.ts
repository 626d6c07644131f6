import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { IsUuid } from '../../common/uuid';
import { OBJECTION_RESOLUTIONS, ObjectionResolution } from '../sub-processor-agreement.entity';
import { AnnouncementOptionsDto } from './announcement.dto';

export class AnnounceDto extends AnnouncementOptionsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'agreements to announce this sub-processor for' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUuid({ each: true })
  agreementIds: string[];
}

/** A controller objects to a sub-processor announced under general authorisation. */
export class ObjectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  agreementId: string;

  @ApiProperty({ example: 'data would leave the EEA', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-02-20T10:00:00Z', description: 'when the controller objected; defaults to now; must fall within the objection window' })
  @IsOptional()
  @IsInstant()
  objectedAt?: string | null;
}

export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;

/** A controller's decision on a sub-processor under specific authorisation. */
export class ApprovalDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  agreementId: string;

  @ApiProperty({ enum: APPROVAL_DECISIONS })
  @IsIn(APPROVAL_DECISIONS)
  decision: (typeof APPROVAL_DECISIONS)[number];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'approved by e-mail of 12 February', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

/** The officer settles an objection: the change is not made for that client, or the client ends the agreement. */
export class ResolveObjectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  agreementId: string;

  @ApiProperty({
    enum: OBJECTION_RESOLUTIONS,
    description:
      'withdrawn: the change is not made for this client (a new sub-processor is not used for it; a changed one goes on under the terms it authorised); agreement_terminated: the agreement was terminated (terminate it first)',
  })
  @IsIn(OBJECTION_RESOLUTIONS)
  resolution: ObjectionResolution;

  @ApiPropertyOptional({ type: String, example: 'client keeps its data in the Amsterdam region', maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
