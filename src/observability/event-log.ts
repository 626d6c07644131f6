import type { PublishedEvent } from '../common/domain-events';

/** Fields named like this hold no personal data: ids, and the kinds and states of things. */
const ID_KEY = /^id$|Ids?$/;
const PLAIN_KEYS = new Set(['kind', 'status', 'phase', 'trigger', 'dryRun', 'late', 'fraction', 'method', 'dueAt', 'missedAt', 'counts']);

/**
 * What an event's log line may carry: a copy of its payload keeping only ids, kinds, states,
 * instants and counts, also inside nested objects and lists (an incident's deadlines).
 * Everything else is left out by default — names, e-mails, titles, descriptions, notes —
 * so a field added to an event later cannot leak personal data into the log.
 */
export function eventLogFields(data: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data) as [string, unknown][]) {
    if (ID_KEY.test(key) || PLAIN_KEYS.has(key)) fields[key] = value;
    else if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
      const items = value.filter((item): item is object => typeof item === 'object' && item !== null).map(eventLogFields);
      if (items.some((item) => Object.keys(item).length)) fields[key] = items;
    } else if (typeof value === 'object' && value !== null) {
      const nested = eventLogFields(value);
      if (Object.keys(nested).length) fields[key] = nested;
    }
  }
  return fields;
}

export function eventLogLine({ event, data }: PublishedEvent): Record<string, unknown> {
  return { event, ...eventLogFields(data) };
}
