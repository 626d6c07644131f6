import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DATA_SUBJECT_EXEMPTIONS, DataSubjectExemption, RISK_LEVELS, RiskLevel } from '../incident.entity';

export class DataSubjectExemptionDto {
  @ApiProperty({ enum: DATA_SUBJECT_EXEMPTIONS, description: 'Art. 34(3)(a) encrypted, (b) mitigated, (c) disproportionate effort (then a public communication)' })
  @IsIn(DATA_SUBJECT_EXEMPTIONS)
  ground: DataSubjectExemption;

  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(20_000)
  justification: string;
}

export class AssessRiskDto {
  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel: RiskLevel;

  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(20_000)
  reasoning: string;

  @ApiPropertyOptional({ description: 'required when riskLevel is none: why the AP is not notified' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(20_000)
  noAuthorityNotificationReason?: string;

  @ApiPropertyOptional({
    description:
      'required when the decision departs from the latest severity assessment (PUT …/severity-assessment): none where it recommends notifying the AP, below high where it recommends informing the data subjects; refused otherwise',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(20_000)
  departureReason?: string;

  @ApiPropertyOptional({ type: DataSubjectExemptionDto, description: 'only with riskLevel high' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataSubjectExemptionDto)
  dataSubjectExemption?: DataSubjectExemptionDto;
}
