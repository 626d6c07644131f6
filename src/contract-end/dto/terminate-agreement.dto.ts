import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class TerminateAgreementDto {
  @ApiProperty({ example: '2026-07-01T00:00:00+02:00', description: 'When the underlying contract ends' })
  @IsISO8601({ strict: true })
  effectiveAt: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  reason?: string;
}
