import { RetentionTarget } from '../retention/retention-target';

/**
 * Completed requests keep what was asked, when, and how and when it was answered — the
 * proof Art. 5(2) asks for — and lose who asked, and the free text that may say more about
 * them, three years after completion: time for a complaint to the AP or a court about the
 * answer. Open requests are never touched (no completion date); the officer may raise the
 * period, not lower it.
 */
export const DATA_SUBJECT_REQUEST_RETENTION: RetentionTarget = {
  category: 'data_subject_request',
  table: 'data_subject_requests',
  anchorField: 'completedAt',
  dateColumn: 'completed_at',
  anchors: ['event_day'],
  actions: ['anonymize'],
  minimumPeriod: { period: 'P3Y', reason: 'the answer to a data-subject request must be provable while a complaint to the AP or a court about it can still come (Art. 5(2), 12 and 77–79 GDPR)' },
  personal: 'x.anonymized_at IS NULL',
  auditEntityType: 'data_subject_request',
  ofControllers: (controllerIds) => `x.controller_id IN (${controllerIds})`,
  anonymize: 'requester_name = NULL, requester_email = NULL, description = NULL, anonymized_at = $2',
};
