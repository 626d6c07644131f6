import { RetentionTarget } from '../retention/retention-target';

/** What an anonymised reporter reads as; the columns are NOT NULL, and this marks the row as done. */
const ANONYMISED_NAME = 'anonymised';
const ANONYMISED_EMAIL = 'anonymised@invalid';

/**
 * Incident reports keep the breach register's facts (Art. 33(5) GDPR) and the personal
 * data of the person who reported them. Five years after the breach became known the
 * reporter is anonymised and the facts stay: the AP can fine for five years after a
 * violation (Art. 5:45 Awb) and the register must let it check compliance until then;
 * deleting the facts themselves would leave the register incomplete, so `delete` is not
 * offered. Open incidents are never touched — an open breach is a hold in itself — and
 * a hold on a controller covers every incident that affected it.
 */
export const INCIDENT_RETENTION: RetentionTarget = {
  category: 'incident',
  table: 'incidents',
  anchorField: 'awareAt',
  dateColumn: 'aware_at',
  anchors: ['event_day'],
  actions: ['anonymize'],
  minimumPeriod: {
    period: 'P5Y',
    reason: 'the register documents every breach (Art. 33(5) GDPR) so the AP can check compliance, and the AP may fine a violation until five years after it (Art. 5:45 Awb)',
  },
  personal: `x.status = 'closed' AND x.reporter_email <> '${ANONYMISED_EMAIL}'`,
  // The report's audit entry holds the reporter as reported; the register keeps the facts on the incident and its updates.
  auditEntityType: 'incident',
  ofControllers: (controllerIds) => `x.id IN (SELECT ic.incident_id FROM incident_controllers ic WHERE ic.controller_id IN (${controllerIds}))`,
  anonymize: `reporter_name = '${ANONYMISED_NAME}', reporter_email = '${ANONYMISED_EMAIL}', reporter_phone = NULL, reporter_function = NULL`,
};

/** Stored answers to retried reports; in-flight ones (no answer yet) stay. */
export const IDEMPOTENCY_KEY_RETENTION: RetentionTarget = {
  category: 'idempotency_key',
  table: 'idempotency_keys',
  anchorField: 'createdAt',
  dateColumn: 'created_at',
  anchors: ['event_day'],
  actions: ['delete'],
  personal: 'x.response_status IS NOT NULL',
  auditEntityType: null,
  ofControllers: () => 'false',
};
