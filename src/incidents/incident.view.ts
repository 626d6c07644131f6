import { Deadline } from '../deadlines/deadline.entity';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentNotification } from './incident-notification.entity';
import { IncidentUpdate } from './incident-update.entity';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';
import { toSeverityAssessmentView } from './incident-severity.view';
import { CLOCK_BASIS_NOTES, missingForNotification } from './incident-rules';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toIncidentSummary(i: Incident) {
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
export function toIncidentDeadline(d: Deadline, controllers: ReadonlyMap<string, IncidentController>) {
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

/** An affected controller's agreement for which the named sub-processor may not be used: flagged, the report still stands. */
export interface SubProcessorFlag {
  agreementId: string;
  controllerId: string;
  status: string;
  message: string;
}

export function toIncidentDetail(
  i: Incident,
  controllers: IncidentController[],
  deadlines: Deadline[],
  timeline: IncidentUpdate[],
  notifications: IncidentNotification[],
  subProcessorFlags: SubProcessorFlag[],
  severity: IncidentSeverityAssessment | null = null,
) {
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

export type IncidentDetail = ReturnType<typeof toIncidentDetail>;
