import { RetentionTarget } from '../retention/retention-target';

/**
 * The service's own working copies of what it announced, one category per outbox table.
 * Only settled rows go: a pending delivery is still to be made. A hold on a controller keeps
 * every row about it.
 */
const outboxTarget = (category: string, table: string): RetentionTarget => ({
  category,
  table,
  anchorField: 'createdAt',
  dateColumn: 'created_at',
  anchors: ['event_day'],
  actions: ['delete'],
  personal: "x.status <> 'pending'",
  // Deliveries are not audited one by one; what they announced is audited as the change that caused it.
  auditEntityType: null,
  ofControllers: (controllerIds) => `x.controller_ids && ARRAY(${controllerIds})`,
});

export const OUTBOX_RETENTION_TARGETS: RetentionTarget[] = [outboxTarget('webhook_delivery', 'webhook_deliveries'), outboxTarget('email_message', 'email_messages')];
