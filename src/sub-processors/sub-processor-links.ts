import { SubProcessorAuthorization } from '../agreements/processing-agreement.entity';
import { endOfDaysPeriod } from '../common/time';
import { Announcement, ObjectionResolution, SubProcessorLinkStatus, SubProcessorTerms } from './sub-processor-agreement.entity';

/**
 * Art. 28(2): under general authorisation a new sub-processor is announced and the
 * controller may object within the period; under specific authorisation it waits for
 * the controller's approval.
 */
export function announcedLinkStatus(authorization: SubProcessorAuthorization): SubProcessorLinkStatus {
  return authorization === 'general' ? 'pending_objection' : 'pending_approval';
}

/** What happens to one sub-processor on one agreement. */
export type LinkEvent =
  | { type: 'announced'; authorization: SubProcessorAuthorization }
  /** Its country, service or transfer mechanism changed: told again, and asked again. */
  | { type: 'changed'; authorization: SubProcessorAuthorization }
  | { type: 'window_closed' }
  | { type: 'objected' }
  | { type: 'approved' }
  | { type: 'rejected' }
  | { type: 'objection_resolved'; resolution: ObjectionResolution; announcement: Announcement }
  /** No longer used for this agreement: ended by the officer, or replaced by the one announced in its place. */
  | { type: 'ended' };

export type LinkTransition = { ok: true; status: SubProcessorLinkStatus } | { ok: false; reason: string };

const to = (status: SubProcessorLinkStatus): LinkTransition => ({ ok: true, status });
const refuse = (reason: string): LinkTransition => ({ ok: false, reason });

/** The statuses a change of country, service or mechanism reaches: where the sub-processor is in use or on its way. */
export const CHANGEABLE: readonly SubProcessorLinkStatus[] = ['authorized', 'pending_objection', 'pending_approval'];

/**
 * The one place a link's status moves. An objection to a change is an objection to the
 * sub-processor going on under the changed terms: it blocks it for that agreement like an
 * objection to a new one. Resolved as `withdrawn`, the change is not made for that client:
 * a new or replacing sub-processor is then not used for it (ended; a replaced one stays),
 * a changed one goes on under the terms the client authorised (authorised again, with
 * `previousTerms`). Resolved as `agreement_terminated`, it is not used for that agreement.
 */
export function linkTransition(current: SubProcessorLinkStatus | null, event: LinkEvent): LinkTransition {
  if (current === null) return event.type === 'announced' ? to(announcedLinkStatus(event.authorization)) : refuse('the sub-processor was not announced for this agreement');
  switch (event.type) {
    case 'announced':
      return refuse(`already announced for this agreement (${current})`);
    case 'changed':
      return CHANGEABLE.includes(current) ? to(announcedLinkStatus(event.authorization)) : refuse(`the sub-processor is ${current} for this agreement`);
    case 'window_closed':
      return current === 'pending_objection' ? to('authorized') : refuse(`the sub-processor is ${current} for this agreement`);
    case 'objected':
      if (current === 'pending_approval') return refuse('this agreement uses specific authorisation: record the controller’s decision as an approval');
      return current === 'pending_objection' ? to('objected') : refuse(`the sub-processor is already ${current} for this agreement`);
    case 'approved':
    case 'rejected':
      if (current === 'pending_objection') return refuse('this agreement uses general authorisation: the controller may object, not approve');
      return current === 'pending_approval' ? to(event.type === 'approved' ? 'authorized' : 'rejected') : refuse(`the sub-processor is already ${current} for this agreement`);
    case 'objection_resolved':
      if (current !== 'objected') return refuse(`there is no open objection: the sub-processor is ${current} for this agreement`);
      return to(event.resolution === 'withdrawn' && event.announcement === 'change' ? 'authorized' : 'ended');
    case 'ended':
      return current === 'ended' ? refuse('the sub-processor is already ended for this agreement') : to('ended');
  }
}

export type ObjectionVerdict = { ok: true } | { ok: false; reason: string };

/** An objection counts when it was made after the announcement and before the window closed. */
export function judgeObjection(objectedAt: Date, announcedAt: Date, windowClosesAt: Date): ObjectionVerdict {
  if (objectedAt.getTime() < announcedAt.getTime()) return { ok: false, reason: `objectedAt lies before the announcement at ${announcedAt.toISOString()}` };
  if (objectedAt.getTime() > windowClosesAt.getTime()) return { ok: false, reason: `the objection window closed at ${windowClosesAt.toISOString()}` };
  return { ok: true };
}

/** A period in days (domain.md, Counting periods): the day of the announcement is not counted, the last day ends at 24:00 Amsterdam. */
export function objectionWindowClosesAt(announcedAt: Date, objectionPeriodDays: number): Date {
  return endOfDaysPeriod(announcedAt, objectionPeriodDays);
}

/** Where the officer names no date, the controller is asked to decide within this many days. */
export const DEFAULT_APPROVAL_DAYS = 30;

export type ApprovalDue = { ok: true; dueAt: Date } | { ok: false; reason: string };

/** The date a specific authorisation is asked by: the officer's, which must lie ahead, or the end of the 30th day. */
export function approvalDueAt(requestedAt: Date, asked: Date | null): ApprovalDue {
  if (asked === null) return { ok: true, dueAt: endOfDaysPeriod(requestedAt, DEFAULT_APPROVAL_DAYS) };
  if (asked.getTime() <= requestedAt.getTime()) return { ok: false, reason: `approvalDueAt must lie after the request (${requestedAt.toISOString()})` };
  return { ok: true, dueAt: asked };
}

/** The fields whose change the controllers are told of (Art. 28(2)); a new name is not a new sub-processor. */
export const NOTICED_TERMS: readonly (keyof SubProcessorTerms)[] = ['country', 'service', 'transferMechanism'];

export interface TermChange {
  field: keyof SubProcessorTerms;
  from: string | null;
  to: string | null;
}

export function changedTerms(before: SubProcessorTerms, after: SubProcessorTerms): TermChange[] {
  return NOTICED_TERMS.filter((field) => before[field] !== after[field]).map((field) => ({ field, from: before[field], to: after[field] }));
}

export interface LinkFacts {
  status: SubProcessorLinkStatus;
  announcement: Announcement;
  endedAt: Date | null;
}

/**
 * Why the sub-processor may not be used for the agreement at `at`, or null where it may.
 * A change open for objection does not block: the controller had authorised the
 * sub-processor, and it goes on unless the controller objects.
 */
export function blockedBecause(link: LinkFacts, at: Date): string | null {
  switch (link.status) {
    case 'authorized':
      return null;
    case 'pending_objection':
      return link.announcement === 'change' ? null : 'announced to the controller; not to be used before the objection period ends without objection';
    case 'pending_approval':
      return 'waiting for the controller’s approval (specific authorisation)';
    case 'objected':
      return 'the controller objected; blocked until the officer resolves the objection';
    case 'rejected':
      return 'the controller refused it (specific authorisation)';
    case 'ended':
      return link.endedAt && link.endedAt.getTime() <= at.getTime() ? `no longer used for this agreement since ${link.endedAt.toISOString()}` : null;
  }
}

/** What decides whether a link had the sub-processor at work on an agreement's data at one instant. */
export interface LinkUse {
  status: SubProcessorLinkStatus;
  decidedAt: Date | null;
}

/**
 * A sub-processor was in use for an agreement at `at` when the link is `authorized` and was
 * decided by then (approved, or its objection window closed). Pending, objected and
 * rejected links do not count: the processor may not put the controller's data there. An
 * `ended` link does not count either, whenever it ended: its row no longer tells whether it
 * had been authorised or refused before it ended. Where data sat there all the same, the
 * officer lists those controllers beside the scope.
 */
export function usedAt(link: LinkUse, at: Date): boolean {
  return link.status === 'authorized' && link.decidedAt !== null && link.decidedAt.getTime() <= at.getTime();
}

/** SQL twin of usedAt over a `sub_processor_agreements` alias, at the instant bound to `instant`. */
export function usedAtSql(alias: string, instant: string): string {
  return `(${alias}.status = 'authorized' AND ${alias}.decided_at IS NOT NULL AND ${alias}.decided_at <= ${instant})`;
}
