import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsDefined, IsEmail, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { BreachCause, BreachNature, DataOperation, ExpectedHarm, INCIDENT_ROLES, IncidentRole, PersonalDataKind } from '../incident.entity';
import { IsInstantDate } from '../../common/instant';
import { IsUuid } from '../../common/uuid';
import { IncidentFact } from './incident-fact.decorator';
import { ApproxCountDto } from './severity-assessment.dto';

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

  @IncidentFact('reporterPhone', 'optional')
  phone?: string;

  @IncidentFact('reporterFunction', 'optional')
  function?: string;
}

/**
 * A breach at shared infrastructure named by where it happened rather than by client: the
 * service resolves it, once, to every controller whose agreement in force at awareAt the
 * scope touches. Exactly one of the three.
 */
export class AffectedScopeDto {
  @ApiPropertyOptional({ description: 'every controller whose agreement in force at awareAt uses this sub-processor under an authorised link' })
  @IsOptional()
  @IsUuid()
  subProcessorId?: string;

  @ApiPropertyOptional({ type: [String], description: 'every controller whose agreement in force at awareAt has one of these data stores' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUuid({ each: true })
  dataStoreIds?: string[];

  @ApiPropertyOptional({ enum: [true], description: 'every controller with an agreement in force at awareAt with the processor' })
  @IsOptional()
  @IsIn([true])
  allControllersOfProcessor?: true;
}

/**
 * The first report: what a reporter knows at once — the processor, a title, when the
 * organisation became aware, who reports, and for a processor-role breach the controllers
 * it affects — is required; every other fact may follow in updates (Art. 33(4)), and
 * `missingForNotification` on the answer lists what the AP form still needs.
 */
export class ReportIncidentDto {
  @ApiProperty()
  @IsDefined()
  @IsUuid()
  processorId: string;

  @ApiPropertyOptional({ enum: INCIDENT_ROLES, default: 'processor' })
  @IsOptional()
  @IsIn(INCIDENT_ROLES)
  role?: IncidentRole;

  @IncidentFact('title', 'required')
  title: string;

  @ApiProperty({ description: 'when the organisation became aware (from a sub-processor: when it was told)' })
  @IsDefined()
  @IsInstantDate()
  awareAt: Date;

  @ApiProperty({ type: ReporterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter: ReporterDto;

  @ApiPropertyOptional({
    type: [String],
    description: 'a processor-role breach names at least one controller here or through affectedScope (each gets a clock); may be left out for a controller-role one. No cap but the body limit',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUuid({ each: true })
  affectedControllerIds?: string[];

  @ApiPropertyOptional({ type: AffectedScopeDto, description: 'processor role only: the controllers by where the breach happened, instead of or beside affectedControllerIds' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AffectedScopeDto)
  affectedScope?: AffectedScopeDto;

  @ApiPropertyOptional({ description: 'the breach happened at this sub-processor of the processor (defaults to affectedScope.subProcessorId)' })
  @IsOptional()
  @IsUuid()
  subProcessorId?: string;

  @IncidentFact('description', 'optional')
  description?: string;

  @IncidentFact('occurredAt', 'optional')
  occurredAt?: Date;

  @IncidentFact('endedAt', 'optional')
  endedAt?: Date;

  @IncidentFact('nature', 'optional')
  nature?: BreachNature[];

  @IncidentFact('dataCategories', 'optional')
  dataCategories?: string[];

  @IncidentFact('specialCategories', 'optional')
  specialCategories?: string[];

  @IncidentFact('approxDataSubjects', 'optional')
  approxDataSubjects?: number;

  @IncidentFact('approxRecords', 'optional')
  approxRecords?: number;

  @IncidentFact('dataEncrypted', 'optional')
  dataEncrypted?: boolean;

  @IncidentFact('crossBorder', 'optional')
  crossBorder?: boolean;

  @IncidentFact('likelyConsequences', 'optional')
  likelyConsequences?: string;

  @IncidentFact('measuresTaken', 'optional')
  measuresTaken?: string;
  @IncidentFact('dataSubjectsRange', 'optional')
  dataSubjectsRange?: ApproxCountDto;

  @IncidentFact('recordsRange', 'optional')
  recordsRange?: ApproxCountDto;

  @IncidentFact('dataOperations', 'optional')
  dataOperations?: DataOperation[];

  @IncidentFact('causes', 'optional')
  causes?: BreachCause[];

  @IncidentFact('detection', 'optional')
  detection?: string;

  @IncidentFact('personalDataKinds', 'optional')
  personalDataKinds?: PersonalDataKind[];

  @IncidentFact('dataSubjectGroups', 'optional')
  dataSubjectGroups?: string[];

  @IncidentFact('crossBorderCountries', 'optional')
  crossBorderCountries?: string[];

  @IncidentFact('otherAuthoritiesNotified', 'optional')
  otherAuthoritiesNotified?: string[];

  @IncidentFact('expectedHarm', 'optional')
  expectedHarm?: ExpectedHarm[];

  @IncidentFact('measuresPlanned', 'optional')
  measuresPlanned?: string;
}
