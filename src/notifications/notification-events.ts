import { formatAmsterdam } from '../common/time';

/** A webhook subscribed to `*` hears every event. */
export const ALL_EVENTS = '*';

/** The webhook body: `{id, event, occurredAt, data}`, `id` being the delivery id. */
export function webhookBody(deliveryId: string, event: string, occurredAt: Date, data: object): string {
  return JSON.stringify({ id: deliveryId, event, occurredAt: occurredAt.toISOString(), data });
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Plain-text mail: the facts, times in UTC and in Amsterdam. */
export function mailContent(event: string, data: object): { subject: string; text: string } {
  const fields = data as Record<string, unknown>;
  const title = typeof fields.title === 'string' ? `: ${fields.title}` : typeof fields.kind === 'string' ? `: ${fields.kind.replace(/_/g, ' ')}` : '';
  const lines = Object.entries(fields).map(([key, value]) => {
    const shown = value instanceof Date ? value.toISOString() : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    return ISO_INSTANT.test(shown) ? `${key}: ${shown} — ${formatAmsterdam(new Date(shown))}` : `${key}: ${shown}`;
  });
  return { subject: `[compliance] ${event}${title}`, text: `${event}\n\n${lines.join('\n')}\n` };
}
