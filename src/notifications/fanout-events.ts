import { PublishedEvent } from '../common/domain-events';

type Value = unknown;

/**
 * A run of events of one name, audience and shape: what all of them say once, what each says
 * in a row of its own, in `keys` order (a breach for 20,000 controllers publishes 20,000
 * events that differ in three fields of seven).
 */
interface EventRun {
  event: string;
  mail: PublishedEvent['mail'];
  keys: string[];
  shared: Record<string, Value>;
  rows: Value[][];
}

/** How a fan-out row keeps its events: runs, in the order they were published. */
export interface PackedEvents {
  runs: EventRun[];
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((key, i) => key === b[i]);
const isPrimitive = (value: Value) => value === null || typeof value !== 'object';

/**
 * Events packed for a fan-out row: consecutive events of the same name, audience and keys form
 * a run; a key whose value is the same primitive in every event of the run is kept once.
 * `unpackEvents` gives back the same events, keys in their order.
 */
export function packEvents(events: readonly PublishedEvent[]): PackedEvents {
  const groups: PublishedEvent[][] = [];
  const keysOf: string[][] = [];
  for (const event of events) {
    // As JSON would: a key without a value is left out.
    const keys = Object.keys(event.data).filter((key) => (event.data as Record<string, Value>)[key] !== undefined);
    const last = groups[groups.length - 1];
    if (last && last[0].event === event.event && last[0].mail === event.mail && sameKeys(keysOf[keysOf.length - 1], keys)) last.push(event);
    else {
      groups.push([event]);
      keysOf.push(keys);
    }
  }
  return {
    runs: groups.map((group, g) => {
      const keys = keysOf[g];
      const data = group.map((e) => e.data as Record<string, Value>);
      const shared: Record<string, Value> = {};
      for (const key of keys) {
        const first = data[0][key];
        if (group.length > 1 && isPrimitive(first) && data.every((d) => d[key] === first)) shared[key] = first;
      }
      const own = keys.filter((key) => !(key in shared));
      return { event: group[0].event, mail: group[0].mail, keys, shared, rows: data.map((d) => own.map((key) => d[key])) };
    }),
  };
}

export function unpackEvents(packed: PackedEvents): PublishedEvent[] {
  return packed.runs.flatMap(({ event, mail, keys, shared, rows }) => {
    return rows.map((row) => {
      const data: Record<string, Value> = {};
      let next = 0;
      for (const key of keys) data[key] = key in shared ? shared[key] : row[next++];
      return { event, mail, data: data as PublishedEvent['data'] };
    });
  });
}
