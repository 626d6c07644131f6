import { addHours } from '../common/time';
import { Deadline } from '../deadlines/deadline.entity';
import { OpenDeadline } from '../deadlines/deadlines.service';
import { DataSubjectExemption, IncidentRole, RiskLevel } from './incident.entity';
import { NotificationKind } from './incident-notification.entity';
import { DATA_SUBJECT_NOTIFICATION_HOURS, INCIDENT, reportDeadlines } from './incident-rules';

export type PlannedDeadline = Pick<Deadline, 'id' | 'kind' | 'status'>;

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

type Duty = 'authority_notification' | 'data_subject_notification';

/**
 * The clocks a risk assessment opens and cancels (Art. 33(1), 34). `none` cancels the AP
 * clock; any other level keeps one running from awareness. Only `high` keeps the
 * data-subject clock, which starts at this assessment, unless an Art. 34(3) ground is
 * recorded. A processor-role breach gets none: these duties are the controllers'.
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
  const opening = (kind: Duty, clock: () => OpenDeadline): RiskAssessmentPlan => ({ open: needsClock(kind) ? [clock()] : [], cancel: [] });

  const authority =
    input.riskLevel === 'none'
      ? cancelling('authority_notification', `risk assessed as none: ${input.noAuthorityNotificationReason}`)
      : opening('authority_notification', () => reportDeadlines(input.incidentId, 'controller', input.awareAt, [])[0]);
  const dataSubjects =
    input.riskLevel !== 'high'
      ? cancelling('data_subject_notification', `risk reassessed as ${input.riskLevel}`)
      : input.exemption
        ? cancelling('data_subject_notification', `Art. 34(3) ${input.exemption.ground}: ${input.exemption.justification}`)
        : opening('data_subject_notification', () => ({
            kind: 'data_subject_notification',
            subjectType: INCIDENT,
            subjectId: input.incidentId,
            startsAt: input.now,
            dueAt: addHours(input.now, DATA_SUBJECT_NOTIFICATION_HOURS),
          }));
  return { open: [...authority.open, ...dataSubjects.open], cancel: [...authority.cancel, ...dataSubjects.cancel] };
}
