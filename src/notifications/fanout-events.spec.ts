import { PublishedEvent } from '../common/domain-events';
import { packEvents, unpackEvents } from './fanout-events';

const published = (event: string, mail: PublishedEvent['mail'], data: Record<string, unknown>): PublishedEvent => ({ event, mail, data: data as PublishedEvent['data'] });

const affected = (controllerId: string, dueAt: string) =>
  published('incident.controller_affected', 'controllers', {
    incidentId: 'i-1',
    title: 'Mail platform',
    processorId: 'p-1',
    awareAt: '2026-03-29T01:30:00.000Z',
    controllerId,
    dueAt,
    controllerIds: [controllerId],
  });

describe('fan-out events, packed and unpacked', () => {
  const events: PublishedEvent[] = [
    published('incident.created', 'officer', { incidentId: 'i-1', controllerIds: ['c-1', 'c-2', 'c-3'], deadlines: [{ deadlineId: 'd-1' }] }),
    affected('c-1', '2026-03-30T01:30:00.000Z'),
    affected('c-2', '2026-03-30T01:30:00.000Z'),
    affected('c-3', '2026-03-31T01:30:00.000Z'),
    published('incident.controller_affected', 'none', { incidentId: 'i-1', controllerIds: ['c-4'] }),
    published('incident.updated', 'officer', { incidentId: 'i-1', note: 'x', changedFields: [], controllerIds: [] }),
  ];

  it('gives back every event, in order, with its keys in their order', () => {
    const back = unpackEvents(JSON.parse(JSON.stringify(packEvents(events))) as ReturnType<typeof packEvents>);
    expect(back).toEqual(events);
    expect(back.map((e) => Object.keys(e.data))).toEqual(events.map((e) => Object.keys(e.data)));
  });

  it('keeps what a run of events shares once: a primitive equal in all of them', () => {
    const { runs } = packEvents(events);
    expect(runs.map((r) => [r.event, r.mail, r.rows.length])).toEqual([
      ['incident.created', 'officer', 1],
      ['incident.controller_affected', 'controllers', 3],
      ['incident.controller_affected', 'none', 1],
      ['incident.updated', 'officer', 1],
    ]);
    expect(runs[1].shared).toEqual({ incidentId: 'i-1', title: 'Mail platform', processorId: 'p-1', awareAt: '2026-03-29T01:30:00.000Z' });
    expect(runs[1].rows[2]).toEqual(['c-3', '2026-03-31T01:30:00.000Z', ['c-3']]);
    // A lone event shares nothing: its values stay in its row.
    expect(runs[0].shared).toEqual({});
  });

  it('starts a new run where the keys differ, and leaves out a key without a value as JSON does', () => {
    const odd = published('incident.controller_affected', 'controllers', { incidentId: 'i-1', controllerIds: [], note: undefined });
    const { runs } = packEvents([affected('c-1', 'x'), odd, affected('c-2', 'x')]);
    expect(runs.map((r) => r.rows.length)).toEqual([1, 1, 1]);
    expect(unpackEvents(packEvents([odd]))[0].data).toEqual({ incidentId: 'i-1', controllerIds: [] });
    expect(Object.keys(unpackEvents(packEvents([odd]))[0].data)).toEqual(['incidentId', 'controllerIds']);
  });
});
