import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/instant';

export class TerminateAgreementDto {
  @ApiProperty({ example: '2026-07-01T00:00:00+02:00', description: 'When the underlying contract ends' })
  @IsInstant()
  effectiveAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}
