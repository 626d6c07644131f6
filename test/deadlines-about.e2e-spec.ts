import { DataSource } from 'typeorm';
import { FakeClock } from '../src/common/clock';
import { DeadlinesService } from '../src/deadlines/deadlines.service';
import { createController, createProcessor, createAgreementRecord, incidentBody, subProcessorBody } from './factories';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

interface ListedDeadline {
  kind: string;
  subjectId: string;
  controllerId: string | null;
  about: { title: string; controllerName: string | null; agreementReference: string | null } | null;
}

/** A deadline list a person can work from: each row says what it is about, as its kind's owner reads its subject. */
describe('what a listed deadline is about', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-05-11T08:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
  });

  afterAll(async () => {
    await t.close();
  });

  async function listed(query: string): Promise<ListedDeadline[]> {
    const res = await t.as().get(`/api/v1/deadlines?${query}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.items as ListedDeadline[];
  }

  it('names the incident, the controller and the agreement of a breach clock, the sub-processor of an objection window, the agreement of a contract-end deletion, the request and its requester of a request clock', async () => {
    const processorId = await createProcessor(t, ADMIN_KEY);
    const [westland, delft] = [await createController(t, ADMIN_KEY, { name: 'Gemeente Westland' }), await createController(t, ADMIN_KEY, { name: 'Gemeente Delft' })];
    const agreement = await createAgreementRecord(t, ADMIN_KEY, { controllerId: westland, processorId, reference: 'VWO-2026-WL', subProcessorAuthorization: 'general' });
    await createAgreementRecord(t, ADMIN_KEY, { controllerId: delft, processorId, reference: 'VWO-2026-DL' });

    const report = await t
      .as()
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [westland, delft], title: 'Ransomware op de bestandsserver', awareAt: '2026-05-11T07:00:00Z' }));
    expect(report.status).toBe(201);
    const sub = await t
      .as()
      .post('/api/v1/sub-processors')
      .send(subProcessorBody({ processorId, name: 'Mailgun', service: 'transactional e-mail', country: 'DE', agreementIds: [agreement.id] }));
    expect(sub.status).toBe(201);
    await t.app.get(DataSource).transaction((manager) =>
      t.app.get(DeadlinesService).open(manager, {
        kind: 'contract_end_deletion',
        subjectType: 'agreement',
        subjectId: agreement.id,
        controllerId: westland,
        startsAt: clock.now(),
        dueAt: new Date('2026-06-30T22:00:00Z'),
      }),
    );

    const controllerClocks = await listed(`kind=controller_notification&subjectId=${report.body.id}`);
    expect(controllerClocks.map((d) => d.about).sort((a, b) => a!.controllerName!.localeCompare(b!.controllerName!))).toEqual([
      { title: 'Ransomware op de bestandsserver', controllerName: 'Gemeente Delft', agreementReference: 'VWO-2026-DL' },
      { title: 'Ransomware op de bestandsserver', controllerName: 'Gemeente Westland', agreementReference: 'VWO-2026-WL' },
    ]);
    expect((await listed('kind=objection_window')).map((d) => d.about)).toEqual([{ title: 'Mailgun (transactional e-mail, DE)', controllerName: 'Gemeente Westland', agreementReference: 'VWO-2026-WL' }]);
    expect((await listed('kind=contract_end_deletion')).map((d) => d.about)).toEqual([{ title: 'VWO-2026-WL', controllerName: 'Gemeente Westland', agreementReference: 'VWO-2026-WL' }]);

    const request = await t
      .as()
      .post('/api/v1/data-subject-requests')
      .send({ type: 'access', receivedAt: '2026-05-11T07:30:00Z', requester: { name: 'Fatima Bakker' }, role: 'processor', agreementId: agreement.id });
    expect(request.status).toBe(201);
    expect((await listed(`subjectId=${request.body.id}`)).map((d) => [d.kind, d.about])).toEqual([
      ['dsr_forward', { title: 'access request from Fatima Bakker', controllerName: 'Gemeente Westland', agreementReference: 'VWO-2026-WL' }],
    ]);
  });

  it('says null where the subject is gone rather than inventing one', async () => {
    const processorId = await createProcessor(t, ADMIN_KEY);
    await t.app.get(DataSource).transaction((manager) =>
      t.app.get(DeadlinesService).open(manager, {
        kind: 'authority_notification',
        subjectType: 'incident',
        subjectId: processorId,
        startsAt: clock.now(),
        dueAt: new Date('2026-05-14T07:00:00Z'),
      }),
    );
    const [orphan] = await listed(`subjectId=${processorId}`);
    expect(orphan.about).toBeNull();
  });
});
