import { formatAmsterdam } from '../common/time';
import { JobRequest } from '../deadlines/job-queues';
import { JobName } from '../deadlines/jobs.constants';

/** Events the service announces; webhooks subscribe to these names or to `*`. */
export const NOTIFICATION_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.notification_recorded',
  'incident.closed',
  'deadline.reminder',
  'deadline.missed',
  'deletion.requested',
  'retention.completed',
] as const;

export const ALL_EVENTS = '*';

/** The webhook body: `{id, event, occurredAt, data}`, `id` being the delivery id. */
export function webhookBody(deliveryId: string, event: string, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ id: deliveryId, event, occurredAt: occurredAt.toISOString(), data });
}

/** Events worth a person's inbox; the rest go to webhooks only. */
export const MAIL_EVENTS = new Set(['incident.created', 'deadline.reminder', 'deadline.missed', 'deletion.requested']);

/**
 * Deadline kinds whose counterpart is the controller itself (it may object, it asked
 * for erasure or an answer). The breach-notification kinds are the organisation's own
 * duties: the controller hears of a breach through the notification the officer
 * writes, not through an automatic reminder about it.
 */
const CONTROLLER_FACING_KINDS = new Set(['objection_window', 'contract_end_deletion', 'dsr_response']);

export function mailsController(event: string, data: Record<string, unknown>): boolean {
  if (typeof data.controllerId !== 'string') return false;
  if (event.startsWith('deadline.')) return CONTROLLER_FACING_KINDS.has(String(data.kind));
  return event === 'deletion.requested';
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Plain-text mail: the facts, times in UTC and in Amsterdam. */
export function mailContent(event: string, data: Record<string, unknown>): { subject: string; text: string } {
  const title = typeof data.title === 'string' ? `: ${data.title}` : typeof data.kind === 'string' ? `: ${data.kind.replace(/_/g, ' ')}` : '';
  const lines = Object.entries(data).map(([key, value]) => {
    const shown = value instanceof Date ? value.toISOString() : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    return ISO_INSTANT.test(shown) ? `${key}: ${shown} — ${formatAmsterdam(new Date(shown))}` : `${key}: ${shown}`;
  });
  return { subject: `[compliance] ${event}${title}`, text: `${event}\n\n${lines.join('\n')}\n` };
}

/** The outbox's jobs, one id per row: the publisher and the reconciler must agree on it, or a row gets two jobs. */
export const deliveryJob = (deliveryId: string): JobRequest<JobName.DELIVER_WEBHOOK> => ({ name: JobName.DELIVER_WEBHOOK, data: { deliveryId }, jobId: `delivery-${deliveryId}` });
export const emailJob = (emailId: string): JobRequest<JobName.SEND_EMAIL> => ({ name: JobName.SEND_EMAIL, data: { emailId }, jobId: `email-${emailId}` });
