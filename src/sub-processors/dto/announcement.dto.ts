import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

/** What an announcement may say besides the agreements: whom the sub-processor replaces, and the date an approval is asked by. */
export class AnnouncementOptionsDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the sub-processor this one replaces on these agreements (same processor); it ends for an agreement once this one is authorised there',
  })
  @IsOptional()
  @IsUuid()
  replacesSubProcessorId?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2026-03-31T22:00:00Z',
    nullable: true,
    description: 'specific authorisation: the date the controller is asked to approve by; after the request; default the end of the 30th day (Europe/Amsterdam)',
  })
  @IsOptional()
  @IsInstant()
  approvalDueAt?: string | null;
}
