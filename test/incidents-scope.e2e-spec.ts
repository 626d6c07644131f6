import { incidentBody, seedAgreements, seedControllers, seedDataStores, seedProcessor, seedSubProcessor, seedSubProcessorLinks } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

interface Affected {
  controllerId: string;
  agreementId: string | null;
  basis: string | null;
  includedBy: string;
}
interface DeadlineView {
  id: string;
  kind: string;
  controllerId: string | null;
  dueAt: string;
  status: string;
  cancelledReason: string | null;
}

describe('breaches at shared infrastructure and Art. 34(3)(c)', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('a scope resolves once, at report time, to the controllers whose agreement in force at awareAt it touches', () => {
    const awareAt = ago(HOUR);
    let processorId: string;
    let subProcessorId: string;
    /** [0] uses it (24 h), [1] uses it (48 h, and a stricter 12 h agreement beside), [2] does not use it, [3] ended before awareAt, [4] pending objection, [5] objected, [6] authorised only after awareAt */
    let controllers: string[];
    let agreements: string[];
    let stores: string[];

    beforeAll(async () => {
      const db = t.dataSource;
      processorId = await seedProcessor(db);
      subProcessorId = await seedSubProcessor(db, { processorId });
      controllers = await seedControllers(db, 7, (i) => ({ name: `Client ${i}` }));
      const since = ago(400 * DAY);
      agreements = await seedAgreements(db, [
        { controllerId: controllers[0], processorId, effectiveFrom: since, breachNotificationHours: 24 },
        { controllerId: controllers[1], processorId, effectiveFrom: since, breachNotificationHours: 48 },
        { controllerId: controllers[2], processorId, effectiveFrom: since, breachNotificationHours: 24 },
        { controllerId: controllers[3], processorId, effectiveFrom: since, endsAt: ago(10 * DAY), breachNotificationHours: 24 },
        { controllerId: controllers[4], processorId, effectiveFrom: since, breachNotificationHours: 24 },
        { controllerId: controllers[5], processorId, effectiveFrom: since, breachNotificationHours: 24 },
        { controllerId: controllers[6], processorId, effectiveFrom: since, breachNotificationHours: 24 },
        // A second agreement of controller 1, stricter, not using the sub-processor: it still sets that controller's clock.
        { controllerId: controllers[1], processorId, effectiveFrom: since, breachNotificationHours: 12 },
      ]);
      const decided = ago(100 * DAY);
      await seedSubProcessorLinks(db, [
        { subProcessorId, agreementId: agreements[0], status: 'authorized', announcedAt: ago(200 * DAY), decidedAt: decided },
        { subProcessorId, agreementId: agreements[1], status: 'authorized', announcedAt: ago(200 * DAY), decidedAt: decided },
        { subProcessorId, agreementId: agreements[3], status: 'authorized', announcedAt: ago(200 * DAY), decidedAt: decided },
        { subProcessorId, agreementId: agreements[4], status: 'pending_objection', announcedAt: ago(5 * DAY) },
        { subProcessorId, agreementId: agreements[5], status: 'objected', announcedAt: ago(20 * DAY), decidedAt: ago(15 * DAY) },
        { subProcessorId, agreementId: agreements[6], status: 'authorized', announcedAt: ago(40 * DAY), decidedAt: ago(HOUR / 2) },
      ]);
      stores = await seedDataStores(db, [{ agreementId: agreements[2] }, { agreementId: agreements[3] }, { agreementId: agreements[0], subProcessorId }]);
    });

    const report = (overrides: Record<string, unknown>) =>
      t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, awareAt: awareAt.toISOString(), affectedControllerIds: undefined, ...overrides }));

    it('a sub-processor: only the agreements in force that used it under an authorised link, each controller at its own strictest hours', async () => {
      const res = await report({ affectedScope: { subProcessorId } });
      expect(res.status).toBe(201);
      const affected = res.body.affectedControllers as Affected[];
      expect(affected.map((a) => a.controllerId).sort()).toEqual([controllers[0], controllers[1]].sort());
      expect(affected.every((a) => a.includedBy === 'sub_processor' && a.basis === 'agreement_in_force')).toBe(true);
      expect(affected.find((a) => a.controllerId === controllers[1])?.agreementId).toBe(agreements[7]);
      const due = new Map((res.body.deadlines as DeadlineView[]).map((d) => [d.controllerId, d.dueAt]));
      expect(due.get(controllers[0])).toBe(new Date(awareAt.getTime() + 24 * HOUR).toISOString());
      expect(due.get(controllers[1])).toBe(new Date(awareAt.getTime() + 12 * HOUR).toISOString());
      expect(res.body.affectedScope).toEqual({ subProcessorId, rule: expect.stringContaining('authorised link'), resolvedControllers: 2 });
      expect(res.body.subProcessorId).toBe(subProcessorId);

      const stored = await t.as(officer).get(`/api/v1/incidents/${res.body.id}`);
      expect(stored.body.affectedScope).toEqual(res.body.affectedScope);
      expect(stored.body.affectedControllers).toEqual(res.body.affectedControllers);
    });

    it('a scope beside a list: the listed controller keeps its own basis, the count is the scope’s own', async () => {
      const res = await report({ affectedScope: { subProcessorId }, affectedControllerIds: [controllers[4], controllers[0]] });
      expect(res.status).toBe(201);
      const included = Object.fromEntries((res.body.affectedControllers as Affected[]).map((a) => [a.controllerId, a.includedBy]));
      expect(included).toEqual({ [controllers[0]]: 'listed', [controllers[1]]: 'sub_processor', [controllers[4]]: 'listed' });
      expect(res.body.affectedScope.resolvedControllers).toBe(2);
      expect(res.body.deadlines).toHaveLength(3);
    });

    it('data stores: the controllers of the stores’ agreements in force at awareAt', async () => {
      const res = await report({ affectedScope: { dataStoreIds: stores } });
      expect(res.status).toBe(201);
      expect((res.body.affectedControllers as Affected[]).map((a) => a.controllerId).sort()).toEqual([controllers[0], controllers[2]].sort());
      expect(res.body.affectedScope).toMatchObject({ dataStoreIds: stores, resolvedControllers: 2 });
    });

    it('all controllers of the processor: every one with an agreement in force at awareAt', async () => {
      const res = await report({ affectedScope: { allControllersOfProcessor: true } });
      expect(res.status).toBe(201);
      const ids = (res.body.affectedControllers as Affected[]).map((a) => a.controllerId).sort();
      expect(ids).toEqual(controllers.filter((_, i) => i !== 3).sort());
      expect(res.body.affectedScope).toMatchObject({ allControllersOfProcessor: true, resolvedControllers: 6 });
      const rows = await t.dataSource.query(`SELECT included_by, count(*)::int AS n FROM incident_controllers WHERE incident_id = $1 GROUP BY included_by`, [res.body.id]);
      expect(rows).toEqual([{ included_by: 'all_controllers_of_processor', n: 6 }]);
    });

    it.each([
      ['an empty scope', {}],
      ['no data stores', { dataStoreIds: [] }],
      ['two kinds at once', { subProcessorId: '00000000-0000-4000-8000-000000000001', allControllersOfProcessor: true }],
    ])('refuses %s, naming affectedScope, and writes nothing', async (_, affectedScope) => {
      const before = await count(t.dataSource, 'SELECT 1 FROM incidents');
      const res = await report({ affectedScope });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('affectedScope');
      expect(await count(t.dataSource, 'SELECT 1 FROM incidents')).toBe(before);
    });

    it('refuses a scope that reaches nobody, an unknown store and another processor’s sub-processor', async () => {
      const other = await seedProcessor(t.dataSource);
      const theirs = await seedSubProcessor(t.dataSource, { processorId: other });
      const lonely = await seedSubProcessor(t.dataSource, { processorId });
      expect((await report({ affectedScope: { subProcessorId: lonely } })).body.errors[0].field).toBe('affectedScope');
      const unknown = await report({ affectedScope: { dataStoreIds: ['00000000-0000-4000-8000-000000000002'] } });
      expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'affectedScope.dataStoreIds']);
      const foreign = await report({ affectedScope: { subProcessorId: theirs } });
      expect([foreign.status, foreign.body.errors[0].field]).toEqual([422, 'affectedScope.subProcessorId']);
    });

    it('refuses a scope on a controller-role breach', async () => {
      const res = await report({ role: 'controller', affectedScope: { allControllersOfProcessor: true } });
      expect([res.status, res.body.errors[0].field]).toEqual([422, 'affectedScope']);
    });
  });

  describe('Art. 34(3)(c): a public communication instead of telling each data subject', () => {
    it('opens its own clock due as the data-subject clock it replaces, which is cancelled with that reason; met with date, channel and text', async () => {
      const processorId = await seedProcessor(t.dataSource);
      const created = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, role: 'controller', affectedControllerIds: [], awareAt: ago(3 * HOUR).toISOString() }));
      expect(created.status).toBe(201);
      const id = created.body.id;
      const high = await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'high', reasoning: 'passwords and addresses of former members' });
      const subjects = (high.body.deadlines as DeadlineView[]).find((d) => d.kind === 'data_subject_notification')!;

      const exempt = await t
        .as(officer)
        .post(`/api/v1/incidents/${id}/risk-assessment`)
        .send({
          riskLevel: 'high',
          reasoning: 'passwords and addresses of former members',
          dataSubjectExemption: { ground: 'disproportionate_effort', justification: 'no contact details kept for 40,000 former members' },
        });
      expect(exempt.status).toBe(200);
      const deadlines = exempt.body.deadlines as DeadlineView[];
      expect(deadlines.find((d) => d.id === subjects.id)).toMatchObject({ status: 'cancelled', cancelledReason: expect.stringContaining('replaced by a public communication') });
      const publicClock = deadlines.find((d) => d.kind === 'public_communication')!;
      expect(publicClock).toMatchObject({ status: 'pending', dueAt: subjects.dueAt });

      const about = await t.as(officer).get(`/api/v1/deadlines?kind=public_communication`);
      expect(about.status).toBe(200);

      const noText = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'public_communication', notifiedAt: new Date().toISOString(), channel: 'website banner' });
      expect([noText.status, noText.body.errors[0].field]).toEqual([422, 'message']);
      const noChannel = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'public_communication', notifiedAt: new Date().toISOString(), message: 'We were breached.' });
      expect([noChannel.status, noChannel.body.errors[0].field]).toEqual([422, 'channel']);

      const notifiedAt = ago(HOUR).toISOString();
      const message = 'Op 1 mei zijn wachtwoorden van oud-leden buitgemaakt. Wijzig uw wachtwoord.';
      const met = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'public_communication', notifiedAt, channel: 'website banner and press release', message });
      expect(met.status).toBe(201);
      expect((met.body.deadlines as DeadlineView[]).find((d) => d.id === publicClock.id)).toMatchObject({ status: 'met' });
      expect(met.body.notifications).toContainEqual(expect.objectContaining({ kind: 'public_communication', notifiedAt, channel: 'website banner and press release', message }));
    });

    it('keeps the message and channel of the data-subject notification', async () => {
      const processorId = await seedProcessor(t.dataSource);
      const created = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, role: 'controller', affectedControllerIds: [], awareAt: ago(3 * HOUR).toISOString() }));
      const id = created.body.id;
      await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'high', reasoning: 'bank details of 300 people' });
      const message = 'Beste klant, uw rekeningnummer is mogelijk ingezien door onbevoegden.';
      const res = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'data_subject_notification', notifiedAt: new Date().toISOString(), channel: 'e-mail', message });
      expect(res.status).toBe(201);
      expect(res.body.notifications).toContainEqual(expect.objectContaining({ kind: 'data_subject_notification', channel: 'e-mail', message }));
      expect((await t.as(officer).get(`/api/v1/incidents/${id}`)).body.notifications[0]).toMatchObject({ message });
    });
  });
});
