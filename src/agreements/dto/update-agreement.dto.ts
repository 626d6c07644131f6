import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { SUB_PROCESSOR_AUTHORIZATIONS, SubProcessorAuthorization } from '../processing-agreement.entity';
import { DataStoreDto, EndOfContractDto, ObligationsDto } from './agreement-parts.dto';

const present = (_: unknown, value: unknown) => value !== undefined;

/**
 * The parties cannot change (a new pair is a new agreement) and the status follows the
 * dates. `obligations` merges per key; `dataStores` replaces the list, matched by name so
 * a store that stays keeps its id and secret.
 */
export class UpdateAgreementDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  subjectMatter?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  natureOfProcessing?: string | null;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @ValidateIf(present)
  @IsInstant()
  effectiveFrom?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsInstant()
  endsAt?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 72 })
  @ValidateIf(present)
  @IsInt()
  @Min(1)
  @Max(72)
  breachNotificationHours?: number;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  dataSubjectCategories?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  specialCategories?: string[];

  @ApiPropertyOptional({ enum: SUB_PROCESSOR_AUTHORIZATIONS })
  @ValidateIf(present)
  @IsIn(SUB_PROCESSOR_AUTHORIZATIONS)
  subProcessorAuthorization?: SubProcessorAuthorization;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  objectionPeriodDays?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 720 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  dataSubjectRequestForwardingHours?: number | null;

  @ApiPropertyOptional({ type: EndOfContractDto })
  @ValidateIf(present)
  @IsObject()
  @ValidateNested()
  @Type(() => EndOfContractDto)
  endOfContract?: EndOfContractDto;

  @ApiPropertyOptional({ type: [DataStoreDto] })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DataStoreDto)
  dataStores?: DataStoreDto[];

  @ApiPropertyOptional({ type: ObligationsDto })
  @ValidateIf(present)
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationsDto)
  obligations?: ObligationsDto;
}
