import type { Actor } from '../common/actor';
import { AgreementDates, endOfAgreement, isInForceAt, notEndedAt } from '../agreements/agreement-status';
import { assertNotInFuture } from '../common/instant';
import { ruleBroken } from '../common/problem';
import { addHours } from '../common/time';
import { Deadline, DeadlineStatus } from '../deadlines/deadline.entity';
import { OpenDeadline } from '../deadlines/deadlines.service';
import { CountRange, Incident, IncidentRole } from './incident.entity';
import { ClockBasis, Inclusion } from './incident-controller.entity';

/** Deadlines of a breach are about the incident. */
export const INCIDENT = 'incident';

/** A reporter key sees only its own processor's incidents; every other key sees them all. */
export function mayReporterSee(actor: Pick<Actor, 'role' | 'processorId'>, processorId: string): boolean {
  return actor.role !== 'reporter' || actor.processorId === processorId;
}

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
  /** Null for a controller-role breach: its controllers get no clock of their own. */
  basis: ClockBasis | null;
  breachNotificationHours: number | null;
  /** Named in the report, or reached through its affectedScope. */
  includedBy: Inclusion;
}

/** An agreement between the reporting processor and one affected controller, as the clock rule reads it. */
export interface AgreementOnRecord extends AgreementDates {
  id: string;
  breachNotificationHours: number;
  /** Its contract-end deletion deadlines (usually one, none before it ended). */
  deletions: Pick<Deadline, 'status' | 'metAt'>[];
}

export interface ClockAgreement {
  basis: ClockBasis;
  agreementId: string | null;
  breachNotificationHours: number;
}

/** Why a controller's clock runs as it does, for the officer reading the incident. */
export const CLOCK_BASIS_NOTES: Record<ClockBasis, string> = {
  agreement_in_force: 'the hours of the agreement in force at awareAt',
  agreement_ended_data_held: 'no agreement in force at awareAt: the hours of the most recently ended agreement whose data the processor still held then (its contract-end deletion not complete)',
  no_agreement: `no agreement in force at awareAt and none whose data the processor still held: ${AUTHORITY_NOTIFICATION_HOURS} hours, the AP's own clock`,
};

const DELETION_DONE: DeadlineStatus[] = ['met', 'met_late'];

/**
 * The processor held a controller's data under an ended agreement until its contract-end
 * deletion was complete: that deadline is met (or met late) when the last data store
 * confirmed. An agreement that ended without one (none opened yet, or the deletion
 * cancelled, missed or still running) proves no erasure, so the data counts as held.
 */
export function dataHeldAt(deletions: readonly Pick<Deadline, 'status' | 'metAt'>[], instant: Date): boolean {
  return !deletions.some((d) => DELETION_DONE.includes(d.status) && d.metAt !== null && d.metAt.getTime() <= instant.getTime());
}

const byStrictest = (a: AgreementOnRecord, b: AgreementOnRecord) => a.breachNotificationHours - b.breachNotificationHours || a.id.localeCompare(b.id);
/** Ended last first. */
const byLatestEnd = (a: AgreementOnRecord, b: AgreementOnRecord) => (endOfAgreement(b)?.getTime() ?? -Infinity) - (endOfAgreement(a)?.getTime() ?? -Infinity) || byStrictest(a, b);

/**
 * Which agreement sets a controller's clock on a processor-role breach known at awareAt
 * (Art. 33(2): the processor tells the controller without undue delay; the agreement says
 * how many hours that is):
 * 1. one in force at awareAt, by the one in-force rule; of several, the strictest;
 * 2. else one that had ended by then while the processor still held the controller's
 *    data (dataHeldAt): the duty lasts while it processes the data, and these are the
 *    hours the controller agreed to; of several, the one that ended last;
 * 3. else none: 72 hours, the clock the controller itself has towards the AP.
 * An agreement that starts after awareAt is neither: it did not cover the data then.
 */
export function clockAgreement(agreements: readonly AgreementOnRecord[], awareAt: Date): ClockAgreement {
  const [inForce] = agreements.filter((a) => isInForceAt(a, awareAt)).sort(byStrictest);
  if (inForce) return { basis: 'agreement_in_force', agreementId: inForce.id, breachNotificationHours: inForce.breachNotificationHours };
  const [held] = agreements.filter((a) => a.effectiveFrom.getTime() <= awareAt.getTime() && !notEndedAt(a, awareAt) && dataHeldAt(a.deletions, awareAt)).sort(byLatestEnd);
  if (held) return { basis: 'agreement_ended_data_held', agreementId: held.id, breachNotificationHours: held.breachNotificationHours };
  return { basis: 'no_agreement', agreementId: null, breachNotificationHours: AUTHORITY_NOTIFICATION_HOURS };
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

/**
 * The facts of the AP's breach form (meldformulier datalekken) that come from the
 * incident itself, in the form's order: timeline (start), summary, nature, kinds of
 * personal data, records and people affected, encrypted or hashed, consequences, measures
 * taken, cross-border aspects. Each is a field an update can bring. Not listed, as the
 * record always answers them: the reporter, the organisations (registry), discovery
 * (awareAt), the end (none yet reads as "ongoing"), special categories (none is an
 * answer) and the consequences per confidentiality, integrity and availability (from the
 * nature). Whether people are informed follows from the risk assessment, a route of its own.
 */
export const AUTHORITY_FORM_FACTS = [
  'occurredAt',
  'description',
  'nature',
  'dataCategories',
  'approxRecords',
  'approxDataSubjects',
  'dataEncrypted',
  'likelyConsequences',
  'measuresTaken',
  'crossBorder',
] as const satisfies readonly (keyof Incident)[];

export type AuthorityFormFact = (typeof AUTHORITY_FORM_FACTS)[number];

/** A blank text or an empty list answers nothing; false and 0 are answers. */
const answered = (value: unknown) => value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);

/** What the AP form still needs from the record, in the form's order. */
export function missingForNotification(incident: Pick<Incident, AuthorityFormFact>): AuthorityFormFact[] {
  return AUTHORITY_FORM_FACTS.filter((fact) => !answered(incident[fact]));
}

/** A report and each update must tell a breach that has happened, in an order that can be true. */
export function assertPlausibleTimes(awareAt: Date, occurredAt: Date | undefined, endedAt: Date | undefined, now: Date): void {
  assertNotInFuture('awareAt', awareAt, now);
  assertNotInFuture('occurredAt', occurredAt, now);
  assertNotInFuture('endedAt', endedAt, now);
  if (occurredAt && endedAt && endedAt < occurredAt) throw ruleBroken('endedAt lies before occurredAt', 'endedAt');
}

/**
 * The form's minimum–maximum and the register's single estimate tell one count: the
 * minimum is at most the maximum, and an estimate given beside a range lies within it.
 */
export function assertConsistentCounts(f: Pick<Incident, 'approxDataSubjects' | 'approxRecords'> & { dataSubjectsRange: CountRange | null; recordsRange: CountRange | null }): void {
  const pairs = [
    ['dataSubjectsRange', f.dataSubjectsRange, 'approxDataSubjects', f.approxDataSubjects],
    ['recordsRange', f.recordsRange, 'approxRecords', f.approxRecords],
  ] as const;
  for (const [rangeField, range, approxField, approx] of pairs) {
    if (!range) continue;
    if (range.min > range.max) throw ruleBroken(`${rangeField}.min exceeds ${rangeField}.max`, `${rangeField}.max`);
    if (approx !== null && (approx < range.min || approx > range.max)) throw ruleBroken(`${approxField} (${approx}) lies outside ${rangeField} (${range.min}–${range.max})`, approxField);
  }
}
