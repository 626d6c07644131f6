import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BREACH_NATURES, BreachNature, INCIDENT_ROLES, IncidentRole } from '../incident.entity';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';

export class ReporterDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty()
  @IsEmail()
  @MaxLength(320)
  email: string;
}

/** The facts of Art. 33(3) that may be amended as information arrives in phases. */
export class IncidentFactsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ description: 'when the breach started' })
  @IsOptional()
  @IsInstantDate()
  occurredAt?: Date;

  @ApiPropertyOptional({ description: 'when it ended; absent while ongoing' })
  @IsOptional()
  @IsInstantDate()
  endedAt?: Date;

  @ApiPropertyOptional({ enum: BREACH_NATURES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(BREACH_NATURES, { each: true })
  nature?: BreachNature[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String], description: 'bijzondere persoonsgegevens (Art. 9/10)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  specialCategories?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  approxDataSubjects?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  approxRecords?: number;

  @ApiPropertyOptional({ description: 'were the data encrypted or hashed' })
  @IsOptional()
  @IsBoolean()
  dataEncrypted?: boolean;

  @ApiPropertyOptional({ description: 'data subjects in other EU member states' })
  @IsOptional()
  @IsBoolean()
  crossBorder?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  likelyConsequences?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  measuresTaken?: string;
}

export class ReportIncidentDto extends IncidentFactsDto {
  @ApiProperty()
  @IsUuid()
  processorId: string;

  @ApiPropertyOptional({ enum: INCIDENT_ROLES, default: 'processor' })
  @IsOptional()
  @IsIn(INCIDENT_ROLES)
  role?: IncidentRole;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  declare title: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  declare description: string;

  @ApiProperty({ description: 'when the organisation became aware (from a sub-processor: when it was told)' })
  @IsInstantDate()
  awareAt: Date;

  @ApiProperty({ enum: BREACH_NATURES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(BREACH_NATURES, { each: true })
  declare nature: BreachNature[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  declare dataCategories: string[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUuid({ each: true })
  affectedControllerIds: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  subProcessorId?: string;

  @ApiProperty({ type: ReporterDto })
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter: ReporterDto;
}
