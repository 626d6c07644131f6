import { eventLogLine } from './event-log';

describe('an event in the log', () => {
  it('keeps ids, kinds, states and instants, also in lists, and drops every other field', () => {
    const data = {
      incidentId: 'i-1',
      title: 'Ransomware at Hosting BV',
      description: 'Files of Jan Jansen encrypted',
      reporter: { name: 'Sam de Vries', email: 'sam@hosting.example' },
      processorId: 'p-1',
      controllerIds: ['c-1', 'c-2'],
      deadlines: [{ deadlineId: 'd-1', kind: 'controller_notification', controllerId: 'c-1', dueAt: '2026-11-27T10:44:00.000Z', basis: 'agreement' }],
      dataStore: { id: 's-1', name: 'Mail server of Bakkerij Jansen' },
    };
    const line = eventLogLine({ event: 'incident.created', mail: 'officer', data });
    expect(line).toEqual({
      event: 'incident.created',
      incidentId: 'i-1',
      processorId: 'p-1',
      controllerIds: ['c-1', 'c-2'],
      deadlines: [{ deadlineId: 'd-1', kind: 'controller_notification', controllerId: 'c-1', dueAt: '2026-11-27T10:44:00.000Z' }],
      dataStore: { id: 's-1' },
    });
  });

  it('leaves out a nested object or list with nothing to keep', () => {
    const data = { controllerIds: [], reporter: { name: 'A' }, notes: [{ text: 'B' }], changedFields: ['title'] };
    expect(eventLogLine({ event: 'incident.updated', mail: 'none', data })).toEqual({ event: 'incident.updated', controllerIds: [] });
  });
});
