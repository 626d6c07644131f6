import { conflict, deadlinePassed, ProblemException, ruleBroken } from '../common/problem';
import { addHours } from '../common/time';
import { Deadline } from '../deadlines/deadline.entity';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlineOutcome, OpenDeadline } from '../deadlines/deadlines.service';
import { DataSubjectExemption, IncidentRole, RiskLevel } from './incident.entity';
import { NotificationKind, NotificationPhase } from './incident-notification.entity';
import { DATA_SUBJECT_NOTIFICATION_HOURS, INCIDENT, reportDeadlines } from './incident-rules';

/** dueAt where known: a public communication takes over the due instant of the data-subject clock it replaces. */
export type PlannedDeadline = Pick<Deadline, 'id' | 'kind' | 'status'> & Partial<Pick<Deadline, 'dueAt'>>;

export interface RiskAssessmentInput {
  incidentId: string;
  role: IncidentRole;
  riskLevel: RiskLevel;
  /** Art. 34(3): the ground on which data subjects of a high-risk breach are not told. */
  exemption: { ground: DataSubjectExemption; justification: string } | null;
  /** Given with riskLevel none, and only then: the caller checks that before it plans. */
  noAuthorityNotificationReason: string | null;
  awareAt: Date;
  now: Date;
  /** Every deadline of the incident, whatever its kind or status. */
  existing: PlannedDeadline[];
  /** Kinds of which an initial notification is already recorded. */
  notifiedKinds: ReadonlySet<NotificationKind>;
}

export interface DeadlineCancellation {
  deadlineId: string;
  reason: string;
}

export interface RiskAssessmentPlan {
  open: OpenDeadline[];
  cancel: DeadlineCancellation[];
}

type Duty = 'authority_notification' | 'data_subject_notification' | 'public_communication';

/**
 * The clocks a risk assessment opens and cancels (Art. 33(1), 34). `none` cancels the AP
 * clock; any other level keeps one running from awareness. Only `high` keeps the
 * data-subject clock, which starts at this assessment, unless an Art. 34(3) ground is
 * recorded. Disproportionate effort (34(3)(c)) does not end the duty to inform, it changes
 * its form: a public communication, due when the data-subject clock it replaces was due
 * (or would have been). A processor-role breach gets none: these duties are the controllers'.
 */
export function planRiskAssessment(input: RiskAssessmentInput): RiskAssessmentPlan {
  if (input.role !== 'controller') return { open: [], cancel: [] };
  const live = (kind: Duty) => input.existing.filter((d) => d.kind === kind && d.status !== 'cancelled');
  // A notification already made is a clock already met: reassessing opens none for it.
  const needsClock = (kind: Duty) => live(kind).length === 0 && !input.notifiedKinds.has(kind);
  // A clock that was met stays met: what it proves was done cannot be undone by a new view of the risk.
  const cancelling = (kind: Duty, reason: string): RiskAssessmentPlan => ({
    open: [],
    cancel: live(kind)
      .filter((d) => d.status === 'pending' || d.status === 'missed')
      .map((d) => ({ deadlineId: d.id, reason })),
  });
  const opening = (kind: Duty, dueAt: Date): RiskAssessmentPlan => ({
    open: needsClock(kind) ? [{ kind, subjectType: INCIDENT, subjectId: input.incidentId, startsAt: input.now, dueAt }] : [],
    cancel: [],
  });
  const both = (a: RiskAssessmentPlan, b: RiskAssessmentPlan): RiskAssessmentPlan => ({ open: [...a.open, ...b.open], cancel: [...a.cancel, ...b.cancel] });

  const authority =
    input.riskLevel === 'none'
      ? cancelling('authority_notification', `risk assessed as none: ${input.noAuthorityNotificationReason}`)
      : { open: needsClock('authority_notification') ? reportDeadlines(input.incidentId, 'controller', input.awareAt, []) : [], cancel: [] };
  const subjectsDueAt = live('data_subject_notification').find((d) => (d.status === 'pending' || d.status === 'missed') && d.dueAt)?.dueAt ?? addHours(input.now, DATA_SUBJECT_NOTIFICATION_HOURS);
  const exemption = input.riskLevel === 'high' ? input.exemption : null;
  const dataSubjects =
    input.riskLevel !== 'high'
      ? cancelling('data_subject_notification', `risk reassessed as ${input.riskLevel}`)
      : exemption?.ground === 'disproportionate_effort'
        ? cancelling('data_subject_notification', `Art. 34(3)(c) disproportionate effort, replaced by a public communication: ${exemption.justification}`)
        : exemption
          ? cancelling('data_subject_notification', `Art. 34(3) ${exemption.ground}: ${exemption.justification}`)
          : opening('data_subject_notification', addHours(input.now, DATA_SUBJECT_NOTIFICATION_HOURS));
  const publicCommunication =
    exemption?.ground === 'disproportionate_effort'
      ? opening('public_communication', subjectsDueAt)
      : cancelling('public_communication', input.riskLevel === 'high' ? `no longer Art. 34(3)(c): ${exemption ? exemption.ground : 'each data subject is told'}` : `risk reassessed as ${input.riskLevel}`);
  return both(both(authority, dataSubjects), publicCommunication);
}

export interface NotificationInput {
  phase: NotificationPhase;
  notifiedAt: Date;
  lateReason: string | null;
  /** The newest deadline of the notification's kind (and controller) that was not cancelled. */
  deadline: Pick<Deadline, 'id' | 'status' | 'dueAt'> | null;
  /** Whether an initial notification of this kind (to this controller) is already recorded. */
  earlierInitial: boolean;
}

export interface NotificationPlan {
  /** How the initial notification closes its deadline; null for a later phase or where no clock ran. */
  close: { deadlineId: string; outcome: DeadlineOutcome } | null;
  /** Whether the initial notification came after its deadline; null where no deadline was judged. */
  late: boolean | null;
  /** Kept on the notification only when it was late. */
  lateReason: string | null;
}

/**
 * What recording a notification does to its clock (Art. 33(1), 33(4)): the initial one
 * meets the deadline, or meets it late with the reasons for the delay; follow-up and final
 * ones add information in phases after an initial one and leave the clock alone. Returns
 * the problem to answer instead where the request breaks one of these rules.
 */
export function planNotification(input: NotificationInput): NotificationPlan | ProblemException {
  const { phase, notifiedAt, lateReason, deadline } = input;
  if (phase !== 'initial') return input.earlierInitial ? { close: null, late: null, lateReason: null } : ruleBroken(`a ${phase} notification follows an initial one`, 'phase');
  if (input.earlierInitial || deadline?.status === 'met' || deadline?.status === 'met_late') return conflict('the initial notification is already recorded: send a follow_up or final one', 'phase');
  if (!deadline) return { close: null, late: null, lateReason: null };
  if (!isLate(notifiedAt, deadline.dueAt)) return { close: { deadlineId: deadline.id, outcome: { status: 'met', at: notifiedAt } }, late: false, lateReason: null };
  if (!lateReason) return deadlinePassed(`the deadline passed at ${deadline.dueAt.toISOString()}: give a lateReason`);
  return { close: { deadlineId: deadline.id, outcome: { status: 'met_late', at: notifiedAt, lateReason } }, late: true, lateReason };
}
