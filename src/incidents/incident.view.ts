import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';
import { Deadline, DEADLINE_STATUSES, DeadlineStatus } from '../deadlines/deadline.entity';
import {
  BREACH_CAUSES,
  BREACH_NATURES,
  BreachCause,
  BreachNature,
  DATA_OPERATIONS,
  DATA_SUBJECT_EXEMPTIONS,
  DataOperation,
  DataSubjectExemption,
  EXPECTED_HARMS,
  ExpectedHarm,
  Incident,
  INCIDENT_ROLES,
  INCIDENT_STATUSES,
  IncidentRole,
  IncidentStatus,
  PERSONAL_DATA_KINDS,
  PersonalDataKind,
  RISK_LEVELS,
  RiskLevel,
} from './incident.entity';
import { CLOCK_BASES, ClockBasis, INCLUSIONS, Inclusion, IncidentController } from './incident-controller.entity';
import { IncidentNotification, NOTIFICATION_KINDS, NOTIFICATION_PHASES, NotificationKind, NotificationPhase } from './incident-notification.entity';
import { IncidentUpdate, IncidentUpdateType } from './incident-update.entity';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';
import { SeverityAssessmentView, toSeverityAssessmentView } from './incident-severity.view';
import { AUTHORITY_FORM_FACTS, AuthorityFormFact, CLOCK_BASIS_NOTES, missingForNotification } from './incident-rules';

const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null);

const nullableTexts = (options: { enum?: readonly string[]; description?: string } = {}) => ApiTexts({ nullable: true, ...options });
const count = (options: { nullable?: boolean; description?: string } = {}) => ApiProperty({ type: 'integer', ...options });
const flag = (options: { nullable?: boolean; description?: string } = {}) => ApiProperty({ type: Boolean, ...options });

/** A count the form asks as minimum–maximum. */
export class CountRangeView {
  @count() min: number;
  @count() max: number;
}

/** What a report named instead of, or beside, a list of controllers: one of subProcessorId, dataStoreIds, allControllersOfProcessor. */
export class AffectedScopeView {
  @ApiId({ description: 'the breach sits at this sub-processor' }) subProcessorId?: string;
  @ApiProperty({ type: [String], format: 'uuid', required: false, description: 'the breach touches these data stores' }) dataStoreIds?: string[];
  @ApiProperty({ type: Boolean, required: false, enum: [true] }) allControllersOfProcessor?: true;
  @ApiText({ description: 'how the scope was resolved, as it read then' }) rule: string;
  @count({ nullable: true, description: 'how many controllers it resolved to' }) resolvedControllers: number | null;
}

export class ReporterView {
  @ApiText() name: string;
  @ApiText() email: string;
  @ApiText({ nullable: true }) phone: string | null;
  @ApiText({ nullable: true }) function: string | null;
}

export class DataSubjectExemptionView {
  @ApiText({ enum: DATA_SUBJECT_EXEMPTIONS, description: 'Art. 34(3)' }) ground: DataSubjectExemption;
  @ApiText({ nullable: true }) justification: string | null;
}

/** A breach as the register lists it. */
export class IncidentSummaryView {
  @ApiId() id: string;
  @ApiId() processorId: string;
  @ApiId({ nullable: true }) subProcessorId: string | null;
  @ApiText({ enum: INCIDENT_ROLES }) role: IncidentRole;
  @ApiText({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiText() title: string;
  @ApiText({ nullable: true }) description: string | null;
  @ApiInstant({ nullable: true }) awareAt: string | null;
  @ApiInstant({ nullable: true }) occurredAt: string | null;
  @ApiInstant({ nullable: true }) endedAt: string | null;
  @nullableTexts({ enum: BREACH_NATURES }) nature: BreachNature[] | null;
  @nullableTexts() dataCategories: string[] | null;
  @ApiTexts() specialCategories: string[];
  @count({ nullable: true }) approxDataSubjects: number | null;
  @count({ nullable: true }) approxRecords: number | null;
  @flag({ nullable: true }) dataEncrypted: boolean | null;
  @flag({ nullable: true }) crossBorder: boolean | null;
  @ApiText({ nullable: true }) likelyConsequences: string | null;
  @ApiText({ nullable: true }) measuresTaken: string | null;
  @ApiProperty({ type: CountRangeView, nullable: true }) dataSubjectsRange: CountRangeView | null;
  @ApiProperty({ type: CountRangeView, nullable: true }) recordsRange: CountRangeView | null;
  @nullableTexts({ enum: DATA_OPERATIONS }) dataOperations: DataOperation[] | null;
  @nullableTexts({ enum: BREACH_CAUSES }) causes: BreachCause[] | null;
  @ApiText({ nullable: true }) detection: string | null;
  @nullableTexts({ enum: PERSONAL_DATA_KINDS }) personalDataKinds: PersonalDataKind[] | null;
  @nullableTexts() dataSubjectGroups: string[] | null;
  @nullableTexts({ description: 'ISO 3166-1 alpha-2' }) crossBorderCountries: string[] | null;
  @nullableTexts() otherAuthoritiesNotified: string[] | null;
  @nullableTexts({ enum: EXPECTED_HARMS }) expectedHarm: ExpectedHarm[] | null;
  @ApiText({ nullable: true }) measuresPlanned: string | null;
  @ApiProperty({ type: AffectedScopeView, nullable: true }) affectedScope: AffectedScopeView | null;
  @ApiTexts({ enum: AUTHORITY_FORM_FACTS, description: "what the AP's form asks and the record does not know yet" }) missingForNotification: AuthorityFormFact[];
  @ApiProperty({ type: ReporterView }) reporter: ReporterView;
  @ApiText({ nullable: true, enum: RISK_LEVELS }) riskLevel: RiskLevel | null;
  @ApiText({ nullable: true }) riskReasoning: string | null;
  @ApiInstant({ nullable: true }) riskAssessedAt: string | null;
  @ApiText({ nullable: true }) noAuthorityNotificationReason: string | null;
  @ApiProperty({ type: DataSubjectExemptionView, nullable: true }) dataSubjectExemption: DataSubjectExemptionView | null;
  @ApiText({ nullable: true }) departureReason: string | null;
  @ApiInstant({ nullable: true }) closedAt: string | null;
  @ApiText({ nullable: true }) closingNote: string | null;
  @ApiInstant({ nullable: true }) createdAt: string | null;
}

/** A clock of the breach; a controller's clock says what set it. */
export class IncidentDeadlineView {
  @ApiId() id: string;
  @ApiText() kind: string;
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiInstant({ nullable: true }) startsAt: string | null;
  @ApiInstant({ nullable: true }) dueAt: string | null;
  @ApiText({ enum: DEADLINE_STATUSES }) status: DeadlineStatus;
  @ApiInstant({ nullable: true }) metAt: string | null;
  @ApiText({ nullable: true }) lateReason: string | null;
  @ApiInstant({ nullable: true }) missedAt: string | null;
  @ApiText({ nullable: true }) cancelledReason: string | null;
  @ApiText({ nullable: true, enum: CLOCK_BASES }) basis: ClockBasis | null;
  @ApiText({ nullable: true }) note: string | null;
}

/** An affected controller's agreement for which the named sub-processor may not be used: flagged, the report still stands. */
export class SubProcessorFlag {
  @ApiId() agreementId: string;
  @ApiId() controllerId: string;
  @ApiText() status: string;
  @ApiText() message: string;
}

export class AffectedControllerView {
  @ApiId() controllerId: string;
  @ApiId({ nullable: true }) agreementId: string | null;
  @ApiText({ nullable: true, enum: CLOCK_BASES }) basis: ClockBasis | null;
  @ApiText({ nullable: true }) note: string | null;
  @ApiText({ enum: INCLUSIONS }) includedBy: Inclusion;
}

export class TimelineEntryView {
  @ApiId() id: string;
  @ApiText({ enum: ['reported', 'update', 'severity_assessment', 'risk_assessment', 'notification', 'deadline_cancelled', 'closed'] }) type: IncidentUpdateType;
  @ApiText({ nullable: true }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the fields this entry changed' }) changes: Record<string, unknown>;
  @ApiText() actorName: string;
  @ApiInstant({ nullable: true }) at: string | null;
}

export class IncidentNotificationView {
  @ApiId() id: string;
  @ApiText({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiId({ nullable: true }) controllerId: string | null;
  @ApiText({ enum: NOTIFICATION_PHASES }) phase: NotificationPhase;
  @ApiInstant({ nullable: true }) notifiedAt: string | null;
  @ApiText({ nullable: true }) channel: string | null;
  @ApiText({ nullable: true }) reference: string | null;
  @ApiText({ nullable: true }) lateReason: string | null;
  @ApiText({ nullable: true }) message: string | null;
  @ApiId({ nullable: true }) deadlineId: string | null;
}

/** One breach with its controllers, deadlines, timeline and notifications. */
export class IncidentDetail extends IncidentSummaryView {
  @ApiProperty({ type: [SubProcessorFlag] }) subProcessorFlags: SubProcessorFlag[];
  @ApiProperty({ type: SeverityAssessmentView, nullable: true, description: 'the latest assessment' }) severityAssessment: SeverityAssessmentView | null;
  @ApiProperty({ type: [String], format: 'uuid' }) affectedControllerIds: string[];
  @ApiProperty({ type: [AffectedControllerView] }) affectedControllers: AffectedControllerView[];
  @ApiProperty({ type: [IncidentDeadlineView] }) deadlines: IncidentDeadlineView[];
  @ApiProperty({ type: [TimelineEntryView] }) timeline: TimelineEntryView[];
  @ApiProperty({ type: [IncidentNotificationView] }) notifications: IncidentNotificationView[];
}

export function toIncidentSummary(i: Incident): IncidentSummaryView {
  return {
    id: i.id,
    processorId: i.processorId,
    subProcessorId: i.subProcessorId,
    role: i.role,
    status: i.status,
    title: i.title,
    description: i.description,
    awareAt: iso(i.awareAt),
    occurredAt: iso(i.occurredAt),
    endedAt: iso(i.endedAt),
    nature: i.nature,
    dataCategories: i.dataCategories,
    specialCategories: i.specialCategories,
    approxDataSubjects: i.approxDataSubjects,
    approxRecords: i.approxRecords,
    dataEncrypted: i.dataEncrypted,
    crossBorder: i.crossBorder,
    likelyConsequences: i.likelyConsequences,
    measuresTaken: i.measuresTaken,
    dataSubjectsRange: i.dataSubjectsRange,
    recordsRange: i.recordsRange,
    dataOperations: i.dataOperations,
    causes: i.causes,
    detection: i.detection,
    personalDataKinds: i.personalDataKinds,
    dataSubjectGroups: i.dataSubjectGroups,
    crossBorderCountries: i.crossBorderCountries,
    otherAuthoritiesNotified: i.otherAuthoritiesNotified,
    expectedHarm: i.expectedHarm,
    measuresPlanned: i.measuresPlanned,
    affectedScope: i.affectedScope ? { ...i.affectedScope, resolvedControllers: i.affectedScopeCount } : null,
    missingForNotification: missingForNotification(i),
    reporter: { name: i.reporterName, email: i.reporterEmail, phone: i.reporterPhone, function: i.reporterFunction },
    riskLevel: i.riskLevel,
    riskReasoning: i.riskReasoning,
    riskAssessedAt: iso(i.riskAssessedAt),
    noAuthorityNotificationReason: i.noAuthorityNotificationReason,
    dataSubjectExemption: i.dataSubjectExemption ? { ground: i.dataSubjectExemption, justification: i.dataSubjectExemptionJustification } : null,
    departureReason: i.departureReason ?? null,
    closedAt: iso(i.closedAt),
    closingNote: i.closingNote,
    createdAt: iso(i.createdAt),
  };
}

/** A controller's clock says what set it, as its controller's entry does. */
export function toIncidentDeadline(d: Deadline, controllers: ReadonlyMap<string, IncidentController>): IncidentDeadlineView {
  const basis = (d.controllerId && controllers.get(d.controllerId)?.basis) || null;
  return {
    id: d.id,
    kind: d.kind,
    controllerId: d.controllerId,
    startsAt: iso(d.startsAt),
    dueAt: iso(d.dueAt),
    status: d.status,
    metAt: iso(d.metAt),
    lateReason: d.lateReason,
    missedAt: iso(d.missedAt),
    cancelledReason: d.cancelledReason,
    basis,
    note: basis && CLOCK_BASIS_NOTES[basis],
  };
}

/**
 * What the audit chain keeps of a report: the incident as answered, each controller and each
 * clock one row of values under a header, without the notes its basis already names, and the
 * timeline entry by id. The 201 body of a breach for 20,000 controllers names each controller
 * four times with a note per controller and clock (14 MB); this names it twice, without notes.
 */
export interface ReportedRecord extends Omit<IncidentDetail, 'affectedControllerIds' | 'affectedControllers' | 'deadlines' | 'timeline'> {
  affectedControllers: { columns: ['controllerId', 'agreementId', 'basis', 'includedBy']; rows: [string, string | null, ClockBasis | null, Inclusion][] };
  deadlines: { columns: ['id', 'kind', 'controllerId', 'startsAt', 'dueAt', 'status']; rows: [string, string, string | null, string | null, string | null, DeadlineStatus][] };
  timelineEntryIds: string[];
}

export function toReportedRecord(detail: IncidentDetail): ReportedRecord {
  const { affectedControllerIds: _ids, affectedControllers, deadlines, timeline, ...incident } = detail;
  return {
    ...incident,
    affectedControllers: { columns: ['controllerId', 'agreementId', 'basis', 'includedBy'], rows: affectedControllers.map((c) => [c.controllerId, c.agreementId, c.basis, c.includedBy]) },
    deadlines: { columns: ['id', 'kind', 'controllerId', 'startsAt', 'dueAt', 'status'], rows: deadlines.map((d) => [d.id, d.kind, d.controllerId, d.startsAt, d.dueAt, d.status]) },
    timelineEntryIds: timeline.map((u) => u.id),
  };
}

export function toIncidentDetail(
  i: Incident,
  controllers: IncidentController[],
  deadlines: Deadline[],
  timeline: IncidentUpdate[],
  notifications: IncidentNotification[],
  subProcessorFlags: SubProcessorFlag[],
  severity: IncidentSeverityAssessment | null = null,
): IncidentDetail {
  const byController = new Map(controllers.map((c) => [c.controllerId, c]));
  return {
    ...toIncidentSummary(i),
    subProcessorFlags,
    severityAssessment: severity && toSeverityAssessmentView(severity),
    affectedControllerIds: controllers.map((c) => c.controllerId),
    affectedControllers: controllers.map((c) => ({
      controllerId: c.controllerId,
      agreementId: c.agreementId,
      basis: c.basis,
      note: c.basis && CLOCK_BASIS_NOTES[c.basis],
      includedBy: c.includedBy ?? 'listed',
    })),
    deadlines: deadlines.map((d) => toIncidentDeadline(d, byController)),
    timeline: timeline.map((u) => ({ id: u.id, type: u.type, note: u.note, changes: u.changes, actorName: u.actorName, at: iso(u.createdAt) })),
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      controllerId: n.controllerId,
      phase: n.phase,
      notifiedAt: iso(n.notifiedAt),
      channel: n.channel,
      reference: n.reference,
      lateReason: n.lateReason,
      message: n.message ?? null,
      deadlineId: n.deadlineId,
    })),
  };
}
