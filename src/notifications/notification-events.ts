/** A webhook subscribed to `*` hears every event. */
export const ALL_EVENTS = '*';

/** The webhook body: `{id, event, occurredAt, data}`, `id` being the delivery id. */
export function webhookBody(deliveryId: string, event: string, occurredAt: Date, data: object): string {
  return JSON.stringify({ id: deliveryId, event, occurredAt: occurredAt.toISOString(), data });
}
