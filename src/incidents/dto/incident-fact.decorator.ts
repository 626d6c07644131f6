import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsInstantDate } from '../../common/instant';
import { BREACH_NATURES } from '../incident.entity';

/** The largest count the register's integer columns hold. */
const INT4_MAX = 2_147_483_647;

/**
 * The facts of a breach (Art. 33(3)) and what makes each one valid, apart from whether it
 * may be left out: each DTO says that per field, so no class inherits an optionality it
 * did not choose.
 */
const FACTS = {
  title: { api: { type: String, maxLength: 300 }, checks: () => [IsString(), MinLength(1), MaxLength(300)] },
  description: { api: { type: String, maxLength: 20_000 }, checks: () => [IsString(), MinLength(1), MaxLength(20_000)] },
  occurredAt: { api: { type: String, format: 'date-time', description: 'when the breach started' }, checks: () => [IsInstantDate()] },
  endedAt: { api: { type: String, format: 'date-time', description: 'when it ended; absent while ongoing' }, checks: () => [IsInstantDate()] },
  nature: {
    api: { enum: BREACH_NATURES, isArray: true },
    checks: () => [IsArray(), ArrayMinSize(1), ArrayUnique(), IsIn(BREACH_NATURES, { each: true })],
  },
  dataCategories: {
    api: { type: [String] },
    checks: () => [IsArray(), ArrayMinSize(1), ArrayMaxSize(100), IsString({ each: true }), MaxLength(200, { each: true })],
  },
  specialCategories: {
    api: { type: [String], description: 'bijzondere persoonsgegevens (Art. 9/10)' },
    checks: () => [IsArray(), ArrayMaxSize(100), IsString({ each: true }), MaxLength(200, { each: true })],
  },
  approxDataSubjects: { api: { type: 'integer', minimum: 0, maximum: INT4_MAX }, checks: () => [IsInt(), Min(0), Max(INT4_MAX)] },
  approxRecords: { api: { type: 'integer', minimum: 0, maximum: INT4_MAX }, checks: () => [IsInt(), Min(0), Max(INT4_MAX)] },
  dataEncrypted: { api: { type: Boolean, description: 'were the data encrypted or hashed' }, checks: () => [IsBoolean()] },
  crossBorder: { api: { type: Boolean, description: 'data subjects in other EU member states' }, checks: () => [IsBoolean()] },
  likelyConsequences: { api: { type: String, maxLength: 20_000 }, checks: () => [IsString(), MaxLength(20_000)] },
  measuresTaken: { api: { type: String, maxLength: 20_000 }, checks: () => [IsString(), MaxLength(20_000)] },
} satisfies Record<string, { api: ApiPropertyOptions; checks: () => PropertyDecorator[] }>;

export type IncidentFactName = keyof typeof FACTS;

export const INCIDENT_FACTS = Object.keys(FACTS) as IncidentFactName[];

/**
 * - `required`: the first report cannot do without it;
 * - `optional`: a first report may leave it out, or send null, while it is not known;
 * - `amendment`: an update leaves it out to keep it; null is refused (400 naming it), as
 *   a fact of the register is corrected, never erased.
 */
export type FactPresence = 'required' | 'optional' | 'amendment';

const present = (_: unknown, value: unknown) => value !== undefined;

const PRESENCE: Record<FactPresence, { required: boolean; nullable?: boolean; rule: () => PropertyDecorator }> = {
  required: { required: true, rule: () => IsDefined() },
  optional: { required: false, nullable: true, rule: () => IsOptional() },
  amendment: { required: false, rule: () => ValidateIf(present) },
};

export function IncidentFact(name: IncidentFactName, presence: FactPresence): PropertyDecorator {
  const fact = FACTS[name];
  const { required, nullable, rule } = PRESENCE[presence];
  return applyDecorators(ApiProperty({ ...fact.api, required, ...(nullable ? { nullable } : {}) }), rule(), ...fact.checks());
}
