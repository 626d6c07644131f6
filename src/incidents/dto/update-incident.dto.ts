import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { BreachNature } from '../incident.entity';
import { IncidentFact } from './incident-fact.decorator';

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
}
