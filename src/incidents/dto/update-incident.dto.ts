import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { BreachCause, BreachNature, DataOperation, ExpectedHarm, PersonalDataKind } from '../incident.entity';
import { IncidentFact } from './incident-fact.decorator';
import { ApproxCountDto } from './severity-assessment.dto';

/**
 * Phased information (Art. 33(4)): a note for the timeline, and the facts that changed.
 * A fact left out stays as it is; null is refused with a 400 naming it.
 */
export class UpdateIncidentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  note: string;

  @IncidentFact('title', 'amendment')
  title?: string;

  @IncidentFact('description', 'amendment')
  description?: string;

  @IncidentFact('occurredAt', 'amendment')
  occurredAt?: Date;

  @IncidentFact('endedAt', 'amendment')
  endedAt?: Date;

  @IncidentFact('nature', 'amendment')
  nature?: BreachNature[];

  @IncidentFact('dataCategories', 'amendment')
  dataCategories?: string[];

  @IncidentFact('specialCategories', 'amendment')
  specialCategories?: string[];

  @IncidentFact('approxDataSubjects', 'amendment')
  approxDataSubjects?: number;

  @IncidentFact('approxRecords', 'amendment')
  approxRecords?: number;

  @IncidentFact('dataEncrypted', 'amendment')
  dataEncrypted?: boolean;

  @IncidentFact('crossBorder', 'amendment')
  crossBorder?: boolean;

  @IncidentFact('likelyConsequences', 'amendment')
  likelyConsequences?: string;

  @IncidentFact('measuresTaken', 'amendment')
  measuresTaken?: string;
  @IncidentFact('dataSubjectsRange', 'amendment')
  dataSubjectsRange?: ApproxCountDto;

  @IncidentFact('recordsRange', 'amendment')
  recordsRange?: ApproxCountDto;

  @IncidentFact('dataOperations', 'amendment')
  dataOperations?: DataOperation[];

  @IncidentFact('causes', 'amendment')
  causes?: BreachCause[];

  @IncidentFact('detection', 'amendment')
  detection?: string;

  @IncidentFact('personalDataKinds', 'amendment')
  personalDataKinds?: PersonalDataKind[];

  @IncidentFact('dataSubjectGroups', 'amendment')
  dataSubjectGroups?: string[];

  @IncidentFact('crossBorderCountries', 'amendment')
  crossBorderCountries?: string[];

  @IncidentFact('otherAuthoritiesNotified', 'amendment')
  otherAuthoritiesNotified?: string[];

  @IncidentFact('expectedHarm', 'amendment')
  expectedHarm?: ExpectedHarm[];

  @IncidentFact('measuresPlanned', 'amendment')
  measuresPlanned?: string;

  @IncidentFact('reporterPhone', 'amendment')
  reporterPhone?: string;

  @IncidentFact('reporterFunction', 'amendment')
  reporterFunction?: string;
}
