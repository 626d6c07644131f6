import { assertNotInFuture } from '../common/instant';
import { ruleBroken } from '../common/problem';
import { addHours } from '../common/time';
import { DeadlineStatus } from '../deadlines/deadline.entity';
import { OpenDeadline } from '../deadlines/deadlines.service';
import { IncidentRole } from './incident.entity';

/** Deadlines of a breach are about the incident. */
export const INCIDENT = 'incident';

/** Art. 33(1): the controller's clock towards the AP. */
export const AUTHORITY_NOTIFICATION_HOURS = 72;

/**
 * Art. 34(1) says "without undue delay" and no number; the tracker holds the organisation
 * to the same 72 hours as the AP, counted from the assessment that found the risk high.
 */
export const DATA_SUBJECT_NOTIFICATION_HOURS = 72;

export interface AffectedController {
  controllerId: string;
  agreementId: string | null;
  breachNotificationHours: number | null;
}

/**
 * The clocks a report starts. Processor role: one per affected controller, at that
 * agreement's hours. Controller role: the AP's 72 hours. A processor-role breach gets no
 * authority clock here: notifying the AP is each controller's duty, and its 72 hours start
 * when our notification reaches it (EDPB 9/2022), which the controller tracks, not us.
 */
export function reportDeadlines(incidentId: string, role: IncidentRole, awareAt: Date, controllers: AffectedController[]): OpenDeadline[] {
  if (role === 'controller') {
    return [{ kind: 'authority_notification', subjectType: INCIDENT, subjectId: incidentId, startsAt: awareAt, dueAt: addHours(awareAt, AUTHORITY_NOTIFICATION_HOURS) }];
  }
  return controllers.map((c) => ({
    kind: 'controller_notification',
    subjectType: INCIDENT,
    subjectId: incidentId,
    controllerId: c.controllerId,
    startsAt: awareAt,
    dueAt: addHours(awareAt, c.breachNotificationHours ?? AUTHORITY_NOTIFICATION_HOURS),
  }));
}

const SETTLED: DeadlineStatus[] = ['met', 'met_late', 'cancelled'];

export function allSettled(statuses: DeadlineStatus[]): boolean {
  return statuses.every((s) => SETTLED.includes(s));
}

/** A report and each update must tell a breach that has happened, in an order that can be true. */
export function assertPlausibleTimes(awareAt: Date, occurredAt: Date | undefined, endedAt: Date | undefined, now: Date): void {
  assertNotInFuture('awareAt', awareAt, now);
  assertNotInFuture('occurredAt', occurredAt, now);
  assertNotInFuture('endedAt', endedAt, now);
  if (occurredAt && endedAt && endedAt < occurredAt) throw ruleBroken('endedAt lies before occurredAt', 'endedAt');
}
