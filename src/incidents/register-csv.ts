import { Deadline } from '../deadlines/deadline.entity';
import { csvRow } from '../common/csv';
import { Incident } from './incident.entity';

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
export function registerCsvRow({ incident: i, controllerIds, deadlines }: { incident: Incident; controllerIds: string[]; deadlines: Deadline[] }): string {
  return csvRow([
    i.id,
    i.status,
    i.role,
    i.title,
    i.description,
    i.processorId,
    i.subProcessorId,
    controllerIds,
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
  ]);
}
