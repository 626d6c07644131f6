import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsInstant } from '../../common/instant';
import { SUB_PROCESSOR_AUTHORIZATIONS, SubProcessorAuthorization } from '../processing-agreement.entity';
import { DataStoreDto, EndOfContractDto, ObligationsDto } from './agreement-parts.dto';
import { IsUuid } from '../../common/uuid';

export class CreateAgreementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  controllerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  processorId: string;

  @ApiProperty({ example: 'VO-2026-014', maxLength: 200, description: 'the document reference; unique per processor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'hosting of the webshop and its mailboxes', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  subjectMatter?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'storage, backup, transmission', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  natureOfProcessing?: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00+01:00', description: 'in the future: the agreement is scheduled until then' })
  @IsInstant()
  effectiveFrom: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2028-12-31T23:00:00Z' })
  @IsOptional()
  @IsInstant()
  endsAt?: string | null;

  @ApiProperty({ minimum: 1, maximum: 72, example: 48, description: 'hours from awareness within which the processor tells the controller of a breach' })
  @IsInt()
  @Min(1)
  @Max(72)
  breachNotificationHours: number;

  @ApiProperty({ type: [String], example: ['hosting'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  purposes: string[];

  @ApiProperty({ type: [String], example: ['name', 'e-mail address', 'order history'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  dataCategories: string[];

  @ApiProperty({ type: [String], example: ['customers', 'newsletter subscribers'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  dataSubjectCategories: string[];

  @ApiPropertyOptional({ type: [String], example: ['health'], description: 'bijzondere persoonsgegevens (Art. 9/10)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  specialCategories?: string[] | null;

  @ApiProperty({ enum: SUB_PROCESSOR_AUTHORIZATIONS, description: 'specific: each sub-processor approved; general: announced, with an objection period' })
  @IsIn(SUB_PROCESSOR_AUTHORIZATIONS)
  subProcessorAuthorization: SubProcessorAuthorization;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 365, example: 30, description: 'required for general authorisation' })
  @ValidateIf((o: CreateAgreementDto) => o.subProcessorAuthorization === 'general' || (o.objectionPeriodDays !== undefined && o.objectionPeriodDays !== null))
  @IsInt({ message: 'objectionPeriodDays must be a whole number of days (required for general authorisation)' })
  @Min(1)
  @Max(365)
  objectionPeriodDays?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 720,
    example: 48,
    description: 'hours from receipt within which the processor forwards a data subject request to the controller (72 where the agreement is silent)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  dataSubjectRequestForwardingHours?: number | null;

  @ApiProperty({ type: EndOfContractDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EndOfContractDto)
  endOfContract: EndOfContractDto;

  @ApiPropertyOptional({ type: [DataStoreDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DataStoreDto)
  dataStores?: DataStoreDto[] | null;

  @ApiPropertyOptional({ type: ObligationsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ObligationsDto)
  obligations?: ObligationsDto | null;
}
