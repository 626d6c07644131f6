import { RetentionTarget } from '../retention/retention-target';

const ownController = (controllerIds: string) => `x.controller_id IN (${controllerIds})`;

/**
 * Invoices keep their amounts and lose their billing person after the fiscal 7 years,
 * counted from the close of the year: counted from the day of issue they would end up to a
 * year early (Art. 52(4) AWR).
 */
export const INVOICE_RETENTION: RetentionTarget = {
  category: 'invoice',
  table: 'invoices',
  anchorField: 'issuedAt',
  dateColumn: 'issued_at',
  anchors: ['end_of_financial_year'],
  actions: ['delete', 'anonymize'],
  personal: 'x.anonymized_at IS NULL',
  auditEntityType: 'invoice',
  minimumPeriod: { period: 'P7Y', reason: 'invoices must be kept at least 7 years (Art. 52(4) AWR)' },
  ofControllers: ownController,
  anonymize: 'billing_name = NULL, billing_address = NULL, billing_email = NULL, anonymized_at = $2',
};

/** Contact persons go a year after the last activity with them, unless their organisation is still a client. */
export const CONTACT_RETENTION: RetentionTarget = {
  category: 'contact',
  table: 'contacts',
  anchorField: 'lastActivityAt',
  dateColumn: 'last_activity_at',
  anchors: ['event_day'],
  actions: ['delete', 'anonymize'],
  personal: 'x.anonymized_at IS NULL',
  auditEntityType: 'contact',
  ofControllers: ownController,
  anonymize: 'name = NULL, email = NULL, phone = NULL, anonymized_at = $2',
  keptWhileControllerIsClient: true,
};
