import { SubjectDeadline } from '../deadlines/deadlines.service';
import { Incident } from './incident.entity';

/** The incident's fields the register's CSV shows, read straight from a cursor. */
export type RegisterCsvIncident = Pick<
  Incident,
  | 'id'
  | 'status'
  | 'role'
  | 'title'
  | 'description'
  | 'processorId'
  | 'subProcessorId'
  | 'awareAt'
  | 'occurredAt'
  | 'endedAt'
  | 'nature'
  | 'dataCategories'
  | 'specialCategories'
  | 'approxDataSubjects'
  | 'approxRecords'
  | 'likelyConsequences'
  | 'measuresTaken'
  | 'riskLevel'
  | 'riskReasoning'
  | 'noAuthorityNotificationReason'
  | 'dataSubjectExemption'
  | 'dataSubjectExemptionJustification'
  | 'departureReason'
  | 'closedAt'
  | 'closingNote'
> & { controllerIds: string[] };

/** The columns read for it; the controllers come from their own table. */
export const REGISTER_CSV_COLUMNS: Exclude<keyof RegisterCsvIncident, 'controllerIds'>[] = [
  'id',
  'status',
  'role',
  'title',
  'description',
  'processorId',
  'subProcessorId',
  'awareAt',
  'occurredAt',
  'endedAt',
  'nature',
  'dataCategories',
  'specialCategories',
  'approxDataSubjects',
  'approxRecords',
  'likelyConsequences',
  'measuresTaken',
  'riskLevel',
  'riskReasoning',
  'noAuthorityNotificationReason',
  'dataSubjectExemption',
  'dataSubjectExemptionJustification',
  'departureReason',
  'closedAt',
  'closingNote',
];

export const REGISTER_CSV_HEADER = [
  'id',
  'status',
  'role',
  'title',
  'description',
  'processorId',
  'subProcessorId',
  'affectedControllerIds',
  'awareAt',
  'occurredAt',
  'endedAt',
  'nature',
  'dataCategories',
  'specialCategories',
  'approxDataSubjects',
  'approxRecords',
  'likelyConsequences',
  'measuresTaken',
  'riskLevel',
  'riskReasoning',
  'noAuthorityNotificationReason',
  'dataSubjectExemption',
  'departureReason',
  'deadlines',
  'closedAt',
  'closingNote',
];

/** One register line; deadlines as "kind status due" so late and missed ones show. */
export function registerCsvRow(i: RegisterCsvIncident, deadlines: SubjectDeadline[]): unknown[] {
  return [
    i.id,
    i.status,
    i.role,
    i.title,
    i.description,
    i.processorId,
    i.subProcessorId,
    i.controllerIds,
    i.awareAt,
    i.occurredAt,
    i.endedAt,
    i.nature,
    i.dataCategories,
    i.specialCategories,
    i.approxDataSubjects,
    i.approxRecords,
    i.likelyConsequences,
    i.measuresTaken,
    i.riskLevel,
    i.riskReasoning,
    i.noAuthorityNotificationReason,
    i.dataSubjectExemption ? `${i.dataSubjectExemption}: ${i.dataSubjectExemptionJustification}` : null,
    i.departureReason,
    deadlines.map((d) => `${d.kind} ${d.status} due ${d.dueAt.toISOString()}`),
    i.closedAt,
    i.closingNote,
  ];
}
