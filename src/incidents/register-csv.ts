import { SubjectDeadline } from '../deadlines/deadlines.service';
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
] as const;

/** The header's names that are not the incident's own fields: they come from other tables. */
const JOINED = ['affectedControllerIds', 'deadlines'] as const;
type Column = Exclude<(typeof REGISTER_CSV_HEADER)[number], (typeof JOINED)[number]> | 'dataSubjectExemptionJustification';

const isColumn = (name: (typeof REGISTER_CSV_HEADER)[number]): name is Exclude<Column, 'dataSubjectExemptionJustification'> => !(JOINED as readonly string[]).includes(name);
/** The incident's fields the register's CSV shows, read for it straight from a cursor; the exemption's line carries its justification. */
export const REGISTER_CSV_COLUMNS: Column[] = [...REGISTER_CSV_HEADER.filter(isColumn), 'dataSubjectExemptionJustification'];

export type RegisterCsvIncident = Pick<Incident, Column> & { controllerIds: string[] };

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
