import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
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

/** The largest count the register's integer columns hold. */
const INT4_MAX = 2_147_483_647;

/**
 * The facts of Art. 33(3) that may be amended as information arrives in phases. Those the
 * register always holds may be left out, not cleared with `null`.
 */
export class IncidentFactsDto {
  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
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
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(BREACH_NATURES, { each: true })
  nature?: BreachNature[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String], description: 'bijzondere persoonsgegevens (Art. 9/10)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  specialCategories?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  approxDataSubjects?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
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

/**
 * Required in a report though optional in an update: class-validator keeps a parent's
 * conditional (@ValidateIf, @IsOptional) unless the property declares one of its own, and
 * would skip every check of a missing fact, which then failed in Postgres.
 */
const RequiredHere = () =>
  applyDecorators(
    ValidateIf(() => true),
    IsDefined(),
  );

export class ReportIncidentDto extends IncidentFactsDto {
  @ApiProperty()
  @IsUuid()
  processorId: string;

  @ApiPropertyOptional({ enum: INCIDENT_ROLES, default: 'processor' })
  @IsOptional()
  @IsIn(INCIDENT_ROLES)
  role?: IncidentRole;

  @ApiProperty()
  @RequiredHere()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  declare title: string;

  @ApiProperty()
  @RequiredHere()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  declare description: string;

  @ApiProperty({ description: 'when the organisation became aware (from a sub-processor: when it was told)' })
  @IsInstantDate()
  awareAt: Date;

  @ApiProperty({ enum: BREACH_NATURES, isArray: true })
  @RequiredHere()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(BREACH_NATURES, { each: true })
  declare nature: BreachNature[];

  @ApiProperty({ type: [String] })
  @RequiredHere()
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
