import { RetentionTarget } from '../retention/retention-target';

/**
 * The service's own working copies of what it announced. Only settled rows go: a pending
 * delivery is still to be made. A hold on a controller keeps every row about it.
 */
const heldBy = (controllerIds: string) => `x.controller_ids && ARRAY(${controllerIds})`;

export const OUTBOX_RETENTION_TARGETS: RetentionTarget[] = [
  {
    category: 'webhook_delivery',
    table: 'webhook_deliveries',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['delete'],
    personal: "x.status <> 'pending'",
    ofControllers: heldBy,
  },
  {
    category: 'email_message',
    table: 'email_messages',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['delete'],
    personal: "x.status <> 'pending'",
    ofControllers: heldBy,
  },
];
