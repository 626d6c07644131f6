import { RetentionTarget } from '../retention/retention-target';

/** The copy handed back at contract end: its content goes, the proof of the hand-over (checksum, counts) stays. */
export const DATA_EXPORT_RETENTION: RetentionTarget = {
  category: 'data_export',
  table: 'data_exports',
  anchorField: 'createdAt',
  dateColumn: 'created_at',
  anchors: ['event_day'],
  actions: ['anonymize'],
  personal: 'x.content_purged_at IS NULL',
  // An export's content never enters the audit log.
  auditEntityType: null,
  ofControllers: (controllerIds) => `x.controller_id IN (${controllerIds})`,
  anonymize: "content = ''::bytea, content_purged_at = $2",
};
