import { formatAmsterdam } from '../common/time';
import { Deadline } from '../deadlines/deadline.entity';
import { BreachNature, Incident } from './incident.entity';
import { IncidentNotification } from './incident-notification.entity';

export interface DraftParty {
  name: string;
  country: string;
  kvkNumber: string | null;
  contactEmail: string | null;
  dpoName?: string | null;
  dpoEmail: string | null;
}

export interface DraftContext {
  incident: Incident;
  processor: DraftParty;
  subProcessor: { name: string; service: string; country: string } | null;
  controllers: DraftParty[];
  deadlines: Deadline[];
  notifications: IncidentNotification[];
}

/** An instant as the AP form wants it: UTC for the record, Amsterdam for the reader. */
export function bothZones(at: Date | null): { utc: string; amsterdam: string } | null {
  return at ? { utc: at.toISOString(), amsterdam: formatAmsterdam(at) } : null;
}

const DATA_SUBJECT_PLAN: Record<string, string> = {
  encrypted: 'not informed: the data were unintelligible to others (Art. 34(3)(a))',
  mitigated: 'not informed: later measures removed the high risk (Art. 34(3)(b))',
  disproportionate_effort: 'public communication instead: informing each would take disproportionate effort (Art. 34(3)(c))',
};

/**
 * The AP's breach form (meldformulier datalekken), answered from the record as far as
 * the record goes; a question the record cannot answer says so, so the officer sees the
 * gap before submitting. The reporter towards the AP is the controller: for our own data
 * that is us, for a processor-role breach each affected controller.
 */
export function authorityDraft(ctx: DraftContext) {
  const { incident } = ctx;
  const unknown = 'not yet known';
  const authorityDeadline = ctx.deadlines.find((d) => d.kind === 'authority_notification' && d.status !== 'cancelled') ?? null;
  const dataSubjectDeadline = ctx.deadlines.find((d) => d.kind === 'data_subject_notification' && d.status !== 'cancelled') ?? null;
  const subjectsInformed = ctx.notifications.some((n) => n.kind === 'data_subject_notification');
  const concerns = (nature: BreachNature) => (incident.nature ? incident.nature.includes(nature) : unknown);
  return {
    incidentId: incident.id,
    role: incident.role,
    reporter:
      incident.role === 'controller'
        ? { organisation: ctx.processor, note: 'the organisation itself is the controller' }
        : { organisations: ctx.controllers, note: 'each affected controller notifies the AP; our organisation is their processor' },
    contact: { name: ctx.processor.dpoName ?? incident.reporterName, email: ctx.processor.dpoEmail ?? incident.reporterEmail, isDpo: Boolean(ctx.processor.dpoEmail) },
    otherOrganisationsInvolved: {
      processor: incident.role === 'processor' ? ctx.processor : null,
      subProcessor: ctx.subProcessor,
    },
    timeline: {
      startedAt: bothZones(incident.occurredAt) ?? unknown,
      endedAt: bothZones(incident.endedAt) ?? (incident.occurredAt ? 'ongoing' : unknown),
      stillOngoing: incident.endedAt === null,
      detectedAt: bothZones(incident.awareAt),
      reportedToAuthorityDueAt: authorityDeadline ? bothZones(authorityDeadline.dueAt) : null,
    },
    summary: { title: incident.title, description: incident.description ?? unknown },
    natureOfIncident: incident.nature ?? unknown,
    personalData: { categories: incident.dataCategories ?? unknown, specialCategories: incident.specialCategories, containsSpecialCategories: incident.specialCategories.length > 0 },
    numbers: {
      records: incident.approxRecords ?? unknown,
      dataSubjects: incident.approxDataSubjects ?? unknown,
    },
    encryptedOrHashed: incident.dataEncrypted ?? unknown,
    consequences: {
      confidentiality: concerns('confidentiality'),
      integrity: concerns('integrity'),
      availability: concerns('availability'),
      likely: incident.likelyConsequences ?? unknown,
    },
    risk: { level: incident.riskLevel ?? 'not yet assessed', reasoning: incident.riskReasoning },
    dataSubjects: {
      informed: subjectsInformed,
      plan: incident.dataSubjectExemption
        ? `${DATA_SUBJECT_PLAN[incident.dataSubjectExemption]}: ${incident.dataSubjectExemptionJustification}`
        : dataSubjectDeadline
          ? `to be informed by ${formatAmsterdam(dataSubjectDeadline.dueAt)}`
          : incident.riskLevel === 'high'
            ? 'to be decided'
            : 'not required unless the risk is high (Art. 34)',
    },
    measuresTaken: incident.measuresTaken ?? unknown,
    crossBorder: incident.crossBorder ?? unknown,
    lateNotification: authorityDeadline?.status === 'met_late' ? { reason: authorityDeadline.lateReason } : null,
    generatedFromRecordAt: new Date(incident.updatedAt).toISOString(),
  };
}
