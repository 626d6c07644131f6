import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { isCountryCode } from '../../common/countries';
import { IsInstantDate } from '../../common/instant';
import { BREACH_CAUSES, BREACH_NATURES, DATA_OPERATIONS, EXPECTED_HARMS, PERSONAL_DATA_KINDS } from '../incident.entity';
import { ApproxCountDto } from './severity-assessment.dto';

/** The largest count the register's integer columns hold. */
const INT4_MAX = 2_147_483_647;

/** A choice of one or more from a fixed list, each once. */
const choices = (values: readonly string[]) => () => [IsArray(), ArrayMinSize(1), ArrayUnique(), IsIn(values, { each: true })];
const text = (max: number) => () => [IsString(), MinLength(1), MaxLength(max)];
const names = (maxItems: number, minItems: number) => () => [
  IsArray(),
  ArrayMinSize(minItems),
  ArrayMaxSize(maxItems),
  ArrayUnique(),
  IsString({ each: true }),
  MinLength(1, { each: true }),
  MaxLength(200, { each: true }),
];
const range = () => [IsObject(), ValidateNested(), Type(() => ApproxCountDto)];

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
  // What the AP's meldformulier asks beyond Art. 33(3)'s minimum.
  dataSubjectsRange: { api: { type: ApproxCountDto, description: 'people affected, minimum–maximum; approxDataSubjects, when given too, lies within it' }, checks: range },
  recordsRange: { api: { type: ApproxCountDto, description: 'records affected, minimum–maximum; approxRecords, when given too, lies within it' }, checks: range },
  dataOperations: { api: { enum: DATA_OPERATIONS, isArray: true, description: 'what happened to the data' }, checks: choices(DATA_OPERATIONS) },
  causes: { api: { enum: BREACH_CAUSES, isArray: true, description: 'the type of incident' }, checks: choices(BREACH_CAUSES) },
  detection: { api: { type: String, maxLength: 20_000, description: 'how the breach was found' }, checks: text(20_000) },
  personalDataKinds: { api: { enum: PERSONAL_DATA_KINDS, isArray: true, description: "the AP's kinds of personal data" }, checks: choices(PERSONAL_DATA_KINDS) },
  dataSubjectGroups: { api: { type: [String], description: 'groups of people affected, e.g. customers, employees' }, checks: names(50, 1) },
  crossBorderCountries: {
    api: { type: [String], description: 'ISO 3166-1 alpha-2 codes of other countries where affected people live' },
    checks: () => [
      IsArray(),
      ArrayMaxSize(60),
      ArrayUnique(),
      ValidateBy(
        { name: 'isCountryCode', validator: { validate: (value) => isCountryCode(value), defaultMessage: () => 'each of crossBorderCountries must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE' } },
        { each: true },
      ),
    ],
  },
  otherAuthoritiesNotified: { api: { type: [String], description: 'other supervisory authorities or bodies told; empty: none' }, checks: names(30, 0) },
  expectedHarm: { api: { enum: EXPECTED_HARMS, isArray: true, description: 'the damage people may suffer (recital 85)' }, checks: choices(EXPECTED_HARMS) },
  measuresPlanned: { api: { type: String, maxLength: 20_000 }, checks: text(20_000) },
  reporterPhone: {
    api: { type: String, maxLength: 40, example: '+31 20 123 4567' },
    checks: () => [IsString(), Matches(/^\+?[0-9][0-9 ()-]{4,38}$/, { message: '$property must be a phone number: digits, spaces, ( ) - and a leading +' })],
  },
  reporterFunction: { api: { type: String, maxLength: 200, description: "the reporter's job title" }, checks: text(200) },
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
