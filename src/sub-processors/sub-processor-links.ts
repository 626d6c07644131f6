import { SubProcessorAuthorization } from '../agreements/processing-agreement.entity';
import { SubProcessorLinkStatus } from './sub-processor-agreement.entity';

/**
 * Art. 28(2): under general authorisation a new sub-processor is announced and the
 * controller may object within the period; under specific authorisation it waits for
 * the controller's approval.
 */
export function announcedLinkStatus(authorization: SubProcessorAuthorization): SubProcessorLinkStatus {
  return authorization === 'general' ? 'pending_objection' : 'pending_approval';
}

export type ObjectionVerdict = { ok: true } | { ok: false; reason: string };

/** An objection counts when it was made after the announcement and before the window closed. */
export function judgeObjection(objectedAt: Date, announcedAt: Date, windowClosesAt: Date): ObjectionVerdict {
  if (objectedAt.getTime() < announcedAt.getTime()) return { ok: false, reason: `objectedAt lies before the announcement at ${announcedAt.toISOString()}` };
  if (objectedAt.getTime() > windowClosesAt.getTime()) return { ok: false, reason: `the objection window closed at ${windowClosesAt.toISOString()}` };
  return { ok: true };
}
