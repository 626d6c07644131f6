import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  AVAILABILITY_LOSSES,
  AvailabilityLoss,
  CONFIDENTIALITY_LOSSES,
  ConfidentialityLoss,
  DATA_TYPES,
  DataType,
  EXFILTRATION,
  Exfiltration,
  IDENTIFIABILITY,
  Identifiability,
  INTEGRITY_LOSSES,
  IntegrityLoss,
  MAX_CONTEXT_ADJUSTMENT,
  SeverityFacts,
} from '../severity-assessment';

/** The largest count the register's integer columns hold. */
const INT4_MAX = 2_147_483_647;

/** Elapsed time in days, hours and minutes (PT6H, P2D, P1DT12H): months and years have no fixed length. */
const ELAPSED_DURATION = /^P(?!$)(\d{1,4}D)?(T(?=\d)(\d{1,6}H)?(\d{1,8}M)?)?$/;

export class ApproxCountDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: INT4_MAX })
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  min: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: INT4_MAX, description: 'at least min' })
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  max: number;
}

/**
 * The facts of a severity assessment. Each may be left out (or null) while it is unknown;
 * the answer lists what is missing and assumes its most harmful answer meanwhile. A PUT
 * gives the facts as now known, all of them: one left out is unknown again.
 */
export class SeverityAssessmentDto implements SeverityFacts {
  @ApiPropertyOptional({ enum: DATA_TYPES, isArray: true, nullable: true, description: 'ENISA data types present (basic DPC: simple 1, behavioural 2, financial 3, sensitive 4; the highest counts)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_TYPES, { each: true })
  dataTypes?: DataType[] | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: -MAX_CONTEXT_ADJUSTMENT,
    maximum: MAX_CONTEXT_ADJUSTMENT,
    nullable: true,
    description: 'moves the DPC for the context, as ENISA allows; needs contextAdjustmentReason',
  })
  @IsOptional()
  @IsInt()
  @Min(-MAX_CONTEXT_ADJUSTMENT)
  @Max(MAX_CONTEXT_ADJUSTMENT)
  contextAdjustment?: number | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'required with a contextAdjustment of -1 or +1' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  contextAdjustmentReason?: string | null;

  @ApiPropertyOptional({ enum: IDENTIFIABILITY, nullable: true, description: 'ENISA ease of identification: 0.25, 0.5, 0.75, 1' })
  @IsOptional()
  @IsIn(IDENTIFIABILITY)
  identifiability?: Identifiability | null;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LOSSES, nullable: true, description: 'ENISA loss of confidentiality: none 0, known_recipients +0.25, unknown_recipients +0.5' })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_LOSSES)
  confidentiality?: ConfidentialityLoss | null;

  @ApiPropertyOptional({ enum: INTEGRITY_LOSSES, nullable: true, description: 'ENISA loss of integrity: none 0, recoverable +0.25, unrecoverable +0.5' })
  @IsOptional()
  @IsIn(INTEGRITY_LOSSES)
  integrity?: IntegrityLoss | null;

  @ApiPropertyOptional({
    enum: AVAILABILITY_LOSSES,
    nullable: true,
    description: 'ENISA loss of availability: none or recoverable (without any difficulty, e.g. another copy) 0, temporary +0.25, unrecoverable +0.5',
  })
  @IsOptional()
  @IsIn(AVAILABILITY_LOSSES)
  availability?: AvailabilityLoss | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'an intentional act (theft, hacking): ENISA +0.5' })
  @IsOptional()
  @IsBoolean()
  maliciousIntent?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'unintelligible to anyone not authorised: state-of-the-art encryption or keyed hashing, the key not compromised' })
  @IsOptional()
  @IsBoolean()
  unintelligible?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'a backup the data could be restored from' })
  @IsOptional()
  @IsBoolean()
  backupAvailable?: boolean | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'PT6H',

    description: 'ISO 8601 duration in days, hours, minutes: how long until the data were available again',
  })
  @IsOptional()
  @IsString()
  @Matches(ELAPSED_DURATION, { message: 'restoredWithin must be an ISO 8601 duration in days, hours and minutes, e.g. PT6H or P1DT12H' })
  restoredWithin?: string | null;

  @ApiPropertyOptional({ enum: EXFILTRATION, nullable: true, description: 'were data taken; unknown counts them as disclosed to unknown recipients' })
  @IsOptional()
  @IsIn(EXFILTRATION)
  exfiltration?: Exfiltration | null;

  @ApiPropertyOptional({ type: ApproxCountDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ApproxCountDto)
  approxDataSubjects?: ApproxCountDto | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'vulnerable groups among the people affected (children, patients, employees…); an empty list says there are none' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  vulnerableSubjects?: string[] | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'misdirected data: the recipient is trusted (e.g. bound to professional secrecy)' })
  @IsOptional()
  @IsBoolean()
  recipientTrusted?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'misdirected data: the recipient confirmed deleting them' })
  @IsOptional()
  @IsBoolean()
  recipientConfirmedDeletion?: boolean | null;
}
