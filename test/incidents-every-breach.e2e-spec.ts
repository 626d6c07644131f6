import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createAgreement, createController, createProcessor, incidentBody, seedAgreements, seedController, seedControllers, seedProcessor, seedSubProcessor } from './factories';
import { INCIDENT_FACTS } from '../src/incidents/dto/incident-fact.decorator';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const REPORTER = { name: 'Sam de Vries', email: 'sam@hosting.example' };

/** What the AP form still needs on a report that gives only the minimum, in the form's order. */
const ALL_FORM_FACTS = ['occurredAt', 'description', 'nature', 'dataCategories', 'approxRecords', 'approxDataSubjects', 'dataEncrypted', 'likelyConsequences', 'measuresTaken', 'crossBorder'];

interface Row {
  controllerId: string;
  agreementId: string | null;
  basis: string | null;
  note: string | null;
}
interface DeadlineRow {
  kind: string;
  controllerId: string | null;
  startsAt: string;
  dueAt: string;
  basis?: string | null;
}

/** The fields a 400 names, each once (a field may break several of its checks). */
const fields = (res: { body: { errors?: { field: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.field))];

/** Everything a write left behind, to prove a refused request wrote nothing. */
async function footprint(db: DataSource) {
  return {
    incidents: await count(db, 'SELECT 1 FROM incidents'),
    deadlines: await count(db, 'SELECT 1 FROM deadlines'),
    timeline: await count(db, 'SELECT 1 FROM incident_updates'),
    audit: await count(db, 'SELECT 1 FROM audit_log'),
  };
}

describe('every breach in the register (Art. 33(5))', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('a first report needs only what a reporter knows at once', () => {
    let processorId: string;
    let controllerId: string;
    let reporter: string;

    beforeAll(async () => {
      processorId = await seedProcessor(t.dataSource);
      controllerId = await seedController(t.dataSource);
      await seedAgreements(t.dataSource, [{ controllerId, processorId, breachNotificationHours: 24 }]);
      reporter = await t.keyFor('reporter', processorId);
    });

    const minimal = (over: Record<string, unknown> = {}) => ({ processorId, title: 'Laptop stolen from a car', awareAt: ago(HOUR).toISOString(), reporter: REPORTER, ...over });

    it('registers a processor-role report of processorId, title, awareAt, reporter and the affected controller, and lists what the AP form still needs', async () => {
      const res = await t
        .as(reporter)
        .post('/api/v1/incidents')
        .send(minimal({ affectedControllerIds: [controllerId] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ description: null, nature: null, dataCategories: null, specialCategories: [], missingForNotification: ALL_FORM_FACTS });
      expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'controller_notification', controllerId, dueAt: new Date(new Date(res.body.awareAt).getTime() + 24 * HOUR).toISOString() })]);
      const read = await t.as(officer).get(`/api/v1/incidents/${res.body.id}`);
      expect(read.body.missingForNotification).toEqual(ALL_FORM_FACTS);
    });

    it('registers a controller-role report of processorId, role, title, awareAt and reporter alone, with the AP clock', async () => {
      const res = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(minimal({ role: 'controller' }));
      expect(res.status).toBe(201);
      expect(res.body.affectedControllerIds).toEqual([]);
      expect(res.body.deadlines.map((d: DeadlineRow) => d.kind)).toEqual(['authority_notification']);
      expect(res.body.missingForNotification).toEqual(ALL_FORM_FACTS);
    });

    it('shrinks missingForNotification as updates bring the facts, to none; the draft and the CSV read an incomplete record', async () => {
      const { body } = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(minimal({ role: 'controller', title: 'Filled in phases' }));
      const draft = await t.as(officer).get(`/api/v1/incidents/${body.id}/authority-draft`);
      expect(draft.status).toBe(200);
      expect(draft.body.toFollow).toEqual(
        expect.arrayContaining(['summary.description', 'nature.whatHappened', 'personalData.categories', 'consequences.confidentiality', 'consequences.integrity', 'consequences.availability']),
      );
      expect((await t.as(officer).get('/api/v1/incidents/export.csv')).status).toBe(200);

      const first = await t
        .as(reporter)
        .post(`/api/v1/incidents/${body.id}/updates`)
        .send({ note: 'first findings', description: 'Unencrypted laptop with customer exports', nature: ['confidentiality'], dataCategories: ['name', 'address'] });
      expect(first.status).toBe(201);
      expect(first.body.missingForNotification).toEqual(['occurredAt', 'approxRecords', 'approxDataSubjects', 'dataEncrypted', 'likelyConsequences', 'measuresTaken', 'crossBorder']);
      const rest = await t
        .as(officer)
        .post(`/api/v1/incidents/${body.id}/updates`)
        .send({
          note: 'investigation done',
          occurredAt: ago(2 * HOUR).toISOString(),
          approxRecords: 400,
          approxDataSubjects: 380,
          dataEncrypted: false,
          likelyConsequences: 'phishing aimed at these customers',
          measuresTaken: 'device wiped remotely, customers warned',
          crossBorder: false,
        });
      expect(rest.body.missingForNotification).toEqual([]);
    });

    it.each([
      ['reporter', undefined],
      ['reporter', null],
      ['reporter', 'Sam'],
      ['reporter', []],
      ['reporter.name', { email: 'sam@hosting.example' }],
      ['reporter.email', { name: 'Sam de Vries' }],
    ])('refuses a report whose reporter is %s-less or malformed (%j) with 400 naming the field, and writes nothing', async (field, value) => {
      const before = await footprint(t.dataSource);
      const res = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(minimal({ affectedControllerIds: [controllerId], reporter: value }));
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('/problems/validation');
      expect(fields(res)).toContain(field);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it.each(['processorId', 'title', 'awareAt'])('refuses a report without %s with 400 naming it', async (field) => {
      const res = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(minimal({ affectedControllerIds: [controllerId], [field]: undefined }));
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([field]);
    });

    it('still needs an affected controller for a processor-role breach: 422 naming affectedControllerIds', async () => {
      const res = await t.as(officer).post('/api/v1/incidents').send(minimal());
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('affectedControllerIds');
    });

    it.each(INCIDENT_FACTS)('answers null for %s in an update with 400 naming the field, and writes nothing', async (field) => {
      const { body } = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, affectedControllerIds: [controllerId], likelyConsequences: 'spam', measuresTaken: 'reset', occurredAt: ago(DAY).toISOString() }));
      const before = await footprint(t.dataSource);
      const res = await t
        .as(officer)
        .post(`/api/v1/incidents/${body.id}/updates`)
        .send({ note: 'clearing a fact', [field]: null });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([field]);
      expect(await footprint(t.dataSource)).toEqual(before);
      expect((await t.as(officer).get(`/api/v1/incidents/${body.id}`)).body[field]).toEqual(body[field]);
    });
  });

  describe('a processor-role breach without an agreement in force is registered, on the clock of the agreement whose data is still held', () => {
    let processorId: string;
    const endsAt = ago(10 * DAY);
    const terminationEffectiveAt = ago(8 * DAY);
    const c: Record<string, string> = {};
    const a: Record<string, string> = {};

    beforeAll(async () => {
      processorId = await seedProcessor(t.dataSource);
      const names = ['fixedTerm', 'terminated', 'recordedEnded', 'never', 'twice', 'otherProcessorOnly'];
      const ids = await seedControllers(t.dataSource, names.length);
      names.forEach((name, n) => (c[name] = ids[n]));
      const otherProcessorId = await seedProcessor(t.dataSource);
      [a.fixedTerm, a.terminated, a.recordedEnded, a.twiceOlder, a.twiceNewer] = await seedAgreements(t.dataSource, [
        { controllerId: c.fixedTerm, processorId, endsAt, breachNotificationHours: 12 },
        { controllerId: c.terminated, processorId, terminatedAt: ago(40 * DAY), terminationEffectiveAt, breachNotificationHours: 6 },
        // Stored with status `ended` and no date before the status was derived; the migration gave it its last update as endsAt.
        { controllerId: c.recordedEnded, processorId, endsAt: ago(3 * DAY), breachNotificationHours: 36 },
        { controllerId: c.twice, processorId, effectiveFrom: ago(400 * DAY), endsAt: ago(200 * DAY), breachNotificationHours: 8 },
        { controllerId: c.twice, processorId, effectiveFrom: ago(200 * DAY), endsAt: ago(20 * DAY), breachNotificationHours: 30 },
        { controllerId: c.otherProcessorOnly, processorId: otherProcessorId, breachNotificationHours: 1 },
      ]);
    });

    async function reportFor(controllerId: string, awareAt: Date) {
      const res = await t
        .as(officer)
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, affectedControllerIds: [controllerId], awareAt: awareAt.toISOString() }));
      expect(res.status).toBe(201);
      const [controller] = res.body.affectedControllers as Row[];
      const [deadline] = res.body.deadlines as DeadlineRow[];
      expect(deadline.startsAt).toBe(awareAt.toISOString());
      return { res, controller, deadline, hours: (new Date(deadline.dueAt).getTime() - awareAt.getTime()) / HOUR };
    }

    it('counts an agreement with an endsAt as in force 1 ms before it, and from that instant as ended with its data still held, on its own hours', async () => {
      const before = await reportFor(c.fixedTerm, new Date(endsAt.getTime() - 1));
      expect(before.controller).toMatchObject({ agreementId: a.fixedTerm, basis: 'agreement_in_force' });
      expect(before.hours).toBe(12);
      const at = await reportFor(c.fixedTerm, endsAt);
      expect(at.controller).toMatchObject({ agreementId: a.fixedTerm, basis: 'agreement_ended_data_held' });
      expect(at.deadline.basis).toBe('agreement_ended_data_held');
      expect(at.hours).toBe(12);
    });

    it('does the same at the instant a termination takes effect', async () => {
      const before = await reportFor(c.terminated, new Date(terminationEffectiveAt.getTime() - 1));
      expect(before.controller).toMatchObject({ agreementId: a.terminated, basis: 'agreement_in_force' });
      const at = await reportFor(c.terminated, terminationEffectiveAt);
      expect(at.controller).toMatchObject({ agreementId: a.terminated, basis: 'agreement_ended_data_held' });
      expect(at.hours).toBe(6);
    });

    it('holds an agreement recorded as ended, with no deletion recorded, to its hours', async () => {
      const { controller, hours } = await reportFor(c.recordedEnded, ago(HOUR));
      expect(controller).toMatchObject({ agreementId: a.recordedEnded, basis: 'agreement_ended_data_held' });
      expect(hours).toBe(36);
    });

    it('takes the most recently ended of several agreements whose data is still held', async () => {
      const { controller, hours } = await reportFor(c.twice, ago(HOUR));
      expect(controller).toMatchObject({ agreementId: a.twiceNewer, basis: 'agreement_ended_data_held' });
      expect(hours).toBe(30);
    });

    it('runs 72 hours for a controller that never had an agreement with this processor, flagged on the incident, the deadline and the timeline', async () => {
      for (const controllerId of [c.never, c.otherProcessorOnly]) {
        const { res, controller, deadline, hours } = await reportFor(controllerId, ago(HOUR));
        expect(controller).toMatchObject({ controllerId, agreementId: null, basis: 'no_agreement', note: expect.stringContaining('72 hours') });
        expect(deadline).toMatchObject({ basis: 'no_agreement', note: controller.note });
        expect(hours).toBe(72);
        expect(res.body.timeline[0].changes.affectedControllers).toEqual([{ controllerId, agreementId: null, basis: 'no_agreement', breachNotificationHours: 72 }]);
        const read = await t.as(officer).get(`/api/v1/incidents/${res.body.id}`);
        expect(read.body.affectedControllers).toEqual(res.body.affectedControllers);
        expect(read.body.deadlines[0]).toMatchObject({ basis: 'no_agreement', note: controller.note });
      }
    });

    it('follows contract-end deletion: data held while the deletion is open or was completed after awareness, 72 hours once it was complete', async () => {
      const processor = await createProcessor(t, officer);
      const controllerId = await createController(t, officer);
      const agreementId = await createAgreement(t, officer, {
        controllerId,
        processorId: processor,
        breachNotificationHours: 20,
        dataStores: [{ name: 'backups', erasure: { method: 'manual' } }],
      });
      const effectiveAt = ago(3 * HOUR);
      const terminated = await t.as(officer).post(`/api/v1/agreements/${agreementId}/terminate`).send({ effectiveAt: effectiveAt.toISOString() });
      expect(terminated.status).toBe(200);
      const report = async (awareAt: Date) => {
        const res = await t
          .as(officer)
          .post('/api/v1/incidents')
          .send(incidentBody({ processorId: processor, affectedControllerIds: [controllerId], awareAt: awareAt.toISOString() }));
        expect(res.status).toBe(201);
        return { ...(res.body.affectedControllers as Row[])[0], hours: (new Date(res.body.deadlines[0].dueAt).getTime() - awareAt.getTime()) / HOUR };
      };

      expect(await report(ago(2 * HOUR))).toMatchObject({ agreementId, basis: 'agreement_ended_data_held', hours: 20 });

      const confirmedAt = ago(HOUR);
      const [task] = terminated.body.deletionTasks as { id: string }[];
      expect((await t.as(officer).post(`/api/v1/deletion-tasks/${task.id}/confirm`).send({ confirmedAt: confirmedAt.toISOString(), evidence: 'wiped, ticket 123' })).status).toBe(200);

      expect(await report(new Date(confirmedAt.getTime() - 1))).toMatchObject({ agreementId, basis: 'agreement_ended_data_held', hours: 20 });
      expect(await report(confirmedAt)).toMatchObject({ agreementId: null, basis: 'no_agreement', hours: 72 });
    });
  });

  describe('a reporter key names only its own processor’s controllers and sub-processors, and learns nothing of others', () => {
    let own: string;
    let other: string;
    let mine: string;
    let former: string;
    let theirs: string;
    let theirSubProcessor: string;
    let reporter: string;

    beforeAll(async () => {
      own = await seedProcessor(t.dataSource);
      other = await seedProcessor(t.dataSource, { name: 'Andere Verwerker BV' });
      [mine, former, theirs] = await seedControllers(t.dataSource, 3);
      await seedAgreements(t.dataSource, [
        { controllerId: mine, processorId: own },
        { controllerId: former, processorId: own, endsAt: ago(400 * DAY) },
        { controllerId: theirs, processorId: other },
      ]);
      theirSubProcessor = await seedSubProcessor(t.dataSource, { processorId: other });
      reporter = await t.keyFor('reporter', own);
    });

    const body = (over: Record<string, unknown>) => incidentBody({ processorId: own, affectedControllerIds: [mine], ...over });
    const reportAs = (key: string, over: Record<string, unknown>) => t.as(key).post('/api/v1/incidents').send(body(over));

    /** The answer with the one id it names replaced, to compare two answers but for that id. */
    const without = (answer: unknown, id: string) => JSON.parse(JSON.stringify(answer).replaceAll(id, '<id>')) as unknown;

    it.each(['processor', 'controller'])('answers another processor’s controller exactly as an unknown id, for role %s, and writes nothing', async (role) => {
      const unknown = randomUUID();
      const before = await footprint(t.dataSource);
      const foreign = await reportAs(reporter, { role, affectedControllerIds: [mine, theirs] });
      const missing = await reportAs(reporter, { role, affectedControllerIds: [mine, unknown] });
      expect(foreign.status).toBe(422);
      expect(foreign.body.type).toBe('/problems/missing-reference');
      expect(foreign.body.errors).toEqual([{ field: 'affectedControllerIds', message: expect.stringContaining(theirs) }]);
      expect(foreign.body.detail).not.toContain(mine);
      expect(without(foreign.body, theirs)).toEqual(without(missing.body, unknown));
      expect(missing.status).toBe(foreign.status);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it('answers another processor’s sub-processor exactly as an unknown id', async () => {
      const unknown = randomUUID();
      const foreign = await reportAs(reporter, { subProcessorId: theirSubProcessor });
      const missing = await reportAs(reporter, { subProcessorId: unknown });
      expect(foreign.status).toBe(422);
      expect(foreign.body.type).toBe('/problems/missing-reference');
      expect(foreign.body.errors).toEqual([{ field: 'subProcessorId', message: expect.stringContaining(theirSubProcessor) }]);
      expect(without(foreign.body, theirSubProcessor)).toEqual(without(missing.body, unknown));
    });

    it('lets a reporter name a controller whose agreement with its processor has ended', async () => {
      const res = await reportAs(reporter, { affectedControllerIds: [former] });
      expect(res.status).toBe(201);
      expect(res.body.affectedControllers[0]).toMatchObject({ controllerId: former, basis: 'agreement_ended_data_held' });
    });

    it('leaves the officer as before: another processor’s controller is registered, an unknown id does not exist, a foreign sub-processor breaks a rule', async () => {
      const processorRole = await reportAs(officer, { affectedControllerIds: [theirs] });
      expect(processorRole.status).toBe(201);
      expect(processorRole.body.affectedControllers[0]).toMatchObject({ controllerId: theirs, basis: 'no_agreement' });
      const controllerRole = await reportAs(officer, { role: 'controller', affectedControllerIds: [theirs] });
      expect(controllerRole.status).toBe(201);
      const unknown = randomUUID();
      const missing = await reportAs(officer, { affectedControllerIds: [unknown] });
      expect(missing.status).toBe(422);
      expect(missing.body).toMatchObject({ type: '/problems/missing-reference', errors: [{ field: 'affectedControllerIds', message: `controller ${unknown} does not exist` }] });
      const foreignSub = await reportAs(officer, { subProcessorId: theirSubProcessor });
      expect(foreignSub.status).toBe(422);
      expect(foreignSub.body).toMatchObject({ type: '/problems/rule-broken', errors: [{ field: 'subProcessorId' }] });
    });
  });
});
