import { FieldError } from '../common/problem';
import { addHours, endOfMonthsPeriod } from '../common/time';
import { isLate } from '../deadlines/deadline-plan';
import { RequestRole } from './request-status';

/** Forwarding a request to the controller: the processor's clock, in elapsed hours from receipt. */
export const DSR_FORWARD = 'dsr_forward';
/** Answering as controller: the Art. 12(3) month, or three months once extended. */
export const DSR_RESPONSE = 'dsr_response';
/** Telling the requester of an extension and why, within the first month (Art. 12(3)). */
export const DSR_EXTENSION_NOTICE = 'dsr_extension_notice';
export const DSR_SUBJECT = 'data_subject_request';

/** Where the agreement says nothing, "without undue delay" (domain.md) is held to 72 hours: a number a reminder and an escalation can run on. */
export const DEFAULT_FORWARDING_HOURS = 72;

export interface AgreementTerm {
  id: string;
  dataSubjectRequestForwardingHours: number | null;
}

/**
 * The agreement whose term sets the forwarding clock: the one named, or of the
 * controller's agreements in force at receipt the one with the shortest term (a processor
 * that meets the strictest term meets them all); 72 hours where none says.
 */
export function forwardingTerm(agreements: AgreementTerm[]): { agreementId: string | null; hours: number } {
  const withTerm = agreements.filter((a) => a.dataSubjectRequestForwardingHours !== null).sort((a, b) => a.dataSubjectRequestForwardingHours! - b.dataSubjectRequestForwardingHours!);
  const chosen = withTerm[0] ?? agreements[0];
  return { agreementId: chosen?.id ?? null, hours: chosen?.dataSubjectRequestForwardingHours ?? DEFAULT_FORWARDING_HOURS };
}

export const forwardingDueAt = (receivedAt: Date, hours: number): Date => addHours(receivedAt, hours);

/**
 * The Art. 12(3) due date, counted from the day the clock started (receipt, or the arrival of
 * the identification asked for under Art. 12(6)): one month, or three once extended — the
 * extension counted from the same start, not from the end of the first month.
 */
export const responseDueAt = (startsAt: Date, extended: boolean): Date => endOfMonthsPeriod(startsAt, extended ? 3 : 1);

/** An extension may be decided only while the first month runs, up to its last millisecond. */
export const extensionAllowed = (at: Date, firstMonthDueAt: Date): boolean => !isLate(at, firstMonthDueAt);

export const REQUEST_OUTCOMES = ['fulfilled', 'partly_fulfilled', 'refused', 'manifestly_unfounded', 'excessive'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** Outcomes where the controller does not (wholly) act on the request: Art. 12(4) applies. */
export const NOT_ACTING: readonly RequestOutcome[] = ['partly_fulfilled', 'refused', 'manifestly_unfounded', 'excessive'];

export interface Completion {
  outcome: RequestOutcome;
  reason?: string;
  complaintInfoGiven?: boolean;
}

/**
 * What a completion lacks. As controller, not acting (wholly) on a request needs its
 * reasons and the requester told of the right to complain to the AP and to go to court
 * (Art. 12(4)); refusing as manifestly unfounded or excessive is the controller's to show
 * (Art. 12(5)), so it needs the reason too. As processor the outcome is the controller's
 * decision, recorded as reported.
 */
export function completionProblems(role: RequestRole, completion: Completion): FieldError[] {
  if (role !== 'controller' || !NOT_ACTING.includes(completion.outcome)) return [];
  const problems: FieldError[] = [];
  if (!completion.reason?.trim()) problems.push({ field: 'reason', message: `a request completed as ${completion.outcome} needs the reasons given to the requester (Art. 12(4))` });
  if (completion.complaintInfoGiven !== true) {
    problems.push({
      field: 'complaintInfoGiven',
      message: `a request completed as ${completion.outcome} needs the requester told of the right to complain to the AP and to seek a judicial remedy (Art. 12(4)): complaintInfoGiven must be true`,
    });
  }
  return problems;
}
