import { Deadline } from '../deadlines/deadline.entity';
import { Incident } from './incident.entity';
import { IncidentController } from './incident-controller.entity';
import { IncidentUpdate } from './incident-update.entity';
import { toIncidentDetail, toReportedRecord } from './incident.view';

const awareAt = new Date('2026-11-20T09:00:00Z');
const incident = Object.assign(new Incident(), {
  id: 'i-1',
  processorId: 'p-1',
  role: 'processor',
  status: 'open',
  title: 'Mail platform',
  awareAt,
  specialCategories: [],
  reporterName: 'Sam',
  reporterEmail: 's@x.example',
});
const controllers: IncidentController[] = ['c-1', 'c-2'].map((controllerId, i) => ({
  incidentId: 'i-1',
  controllerId,
  agreementId: `a-${i + 1}`,
  basis: 'agreement_in_force',
  includedBy: 'all_controllers_of_processor',
}));
const deadlines = controllers.map((c, i) =>
  Object.assign(new Deadline(), {
    id: `d-${i + 1}`,
    kind: 'controller_notification',
    controllerId: c.controllerId,
    startsAt: awareAt,
    dueAt: new Date(awareAt.getTime() + (i + 1) * 3_600_000),
    status: 'pending',
  }),
);
const entry = Object.assign(new IncidentUpdate(), { id: 'u-1', type: 'reported', note: null, changes: { affectedControllerIds: ['c-1', 'c-2'] }, actorName: 'Sam', createdAt: awareAt });

describe('toReportedRecord: what the audit chain keeps of a report', () => {
  const detail = toIncidentDetail(incident, controllers, deadlines, [entry], [], []);
  const record = toReportedRecord(detail);

  it('keeps the incident as answered and every controller and clock, one row of values each, in the order answered', () => {
    const { affectedControllerIds: _ids, affectedControllers: _controllers, deadlines: _deadlines, timeline: _timeline, ...incidentFields } = detail;
    expect(record).toMatchObject(incidentFields);
    expect(record.affectedControllers.rows).toEqual([
      ['c-1', 'a-1', 'agreement_in_force', 'all_controllers_of_processor'],
      ['c-2', 'a-2', 'agreement_in_force', 'all_controllers_of_processor'],
    ]);
    expect(record.deadlines.rows).toEqual([
      ['d-1', 'controller_notification', 'c-1', '2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00.000Z', 'pending'],
      ['d-2', 'controller_notification', 'c-2', '2026-11-20T09:00:00.000Z', '2026-11-20T11:00:00.000Z', 'pending'],
    ]);
    expect(record.timelineEntryIds).toEqual(['u-1']);
  });

  it('names each controller twice (its row, its clock), half as often as the answer, and leaves out the notes its basis names', () => {
    const mentions = (value: unknown) => JSON.stringify(value).split('"c-1"').length - 1;
    expect(mentions(detail)).toBe(4);
    expect(mentions(record)).toBe(2);
    expect(JSON.stringify(record)).not.toContain(detail.deadlines[0].note!);
  });
});
