import { DataSource } from 'typeorm';
import { incidentBody, seedAgreements, seedController, seedControllers, seedProcessor, seedSubProcessor } from './factories';
import { startTestApp, TestApp } from './utils/test-app';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Parties {
  processorId: string;
  otherProcessorId: string;
  controllerA: string;
  controllerB: string;
  unboundController: string;
  startedController: string;
  terminatedController: string;
  terminatingController: string;
  expiredController: string;
  subProcessorId: string;
}

async function seed(db: DataSource): Promise<Parties> {
  const processorId = await seedProcessor(db, { dpoName: 'Fleur Bakker', dpoEmail: 'fg@hosting.example' });
  const otherProcessorId = await seedProcessor(db, { name: 'Andere Verwerker BV' });
  const controllerA = await seedController(db, { contactEmail: 'privacy@bakkerij.example' });
  const controllerB = await seedController(db, { name: 'Huisartsenpraktijk "De Linde", Utrecht' });
  const [unboundController, startedController, terminatedController, expiredController, terminatingController] = await seedControllers(db, 5);
  const fromNow = (ms: number) => new Date(Date.now() + ms);
  await seedAgreements(db, [
    { controllerId: controllerA, processorId, breachNotificationHours: 24 },
    { controllerId: controllerB, processorId, breachNotificationHours: 48 },
    { controllerId: unboundController, processorId, endsAt: '2021-01-01T00:00:00Z' },
    // Signed for a start date that has passed since, so it is in force.
    { controllerId: startedController, processorId, effectiveFrom: fromNow(-DAY), breachNotificationHours: 12 },
    { controllerId: terminatedController, processorId, terminatedAt: fromNow(-30 * DAY), terminationEffectiveAt: fromNow(-2 * DAY) },
    { controllerId: expiredController, processorId, endsAt: fromNow(-2 * DAY) },
    { controllerId: terminatingController, processorId, terminatedAt: fromNow(-DAY), terminationEffectiveAt: fromNow(30 * DAY) },
  ]);
  const subProcessorId = await seedSubProcessor(db, { processorId });
  return { processorId, otherProcessorId, controllerA, controllerB, unboundController, startedController, terminatedController, terminatingController, expiredController, subProcessorId };
}

function report(p: Parties, overrides: Record<string, unknown> = {}) {
  return incidentBody({
    processorId: p.processorId,
    affectedControllerIds: [p.controllerA, p.controllerB],
    awareAt: new Date(Date.now() - HOUR).toISOString(),
    occurredAt: new Date(Date.now() - 4 * DAY).toISOString(),
    approxDataSubjects: 1200,
    approxRecords: 54000,
    ...overrides,
  });
}

describe('incidents: the breach report, its clocks and the register', () => {
  let t: TestApp;
  let p: Parties;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    p = await seed(t.dataSource);
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('opens one controller clock per affected controller at that agreement’s hours, to the millisecond', async () => {
    const body = report(p);
    const res = await t.as(officer).post('/api/v1/incidents').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'processor', status: 'open', affectedControllerIds: expect.arrayContaining([p.controllerA, p.controllerB]) });
    const aware = new Date(body.awareAt).getTime();
    const byController = Object.fromEntries(res.body.deadlines.map((d: { controllerId: string }) => [d.controllerId, d]));
    expect(byController[p.controllerA]).toMatchObject({ kind: 'controller_notification', status: 'pending', dueAt: new Date(aware + 24 * HOUR).toISOString() });
    expect(byController[p.controllerB]).toMatchObject({ kind: 'controller_notification', status: 'pending', dueAt: new Date(aware + 48 * HOUR).toISOString() });
    expect(res.body.deadlines.some((d: { kind: string }) => d.kind === 'authority_notification')).toBe(false);
    expect(res.body.timeline[0]).toMatchObject({ type: 'reported' });

    const listed = await t.as(officer).get(`/api/v1/deadlines?kind=controller_notification&controllerId=${p.controllerB}`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([byController[p.controllerB].id]);
    const metrics = await t.as('').get('/metrics');
    expect(metrics.text).toMatch(/deadlines_pending\{kind="controller_notification"\} [1-9]/);
    const audit = await t.as().get(`/api/v1/audit-log?entityType=incident&entityId=${res.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'incident.reported' });
  });

  it('accepts ids in upper case, as .NET clients send them, and answers in the database form', async () => {
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { processorId: p.processorId.toUpperCase(), affectedControllerIds: [p.controllerA.toUpperCase()] }));
    expect(res.status).toBe(201);
    expect(res.body.processorId).toBe(p.processorId);
    expect(res.body.deadlines.map((d: { controllerId: string }) => d.controllerId)).toEqual([p.controllerA]);
  });

  it('refuses an awareAt without a time zone, which would mean a different instant on another server (400), and writes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM incidents');
    const zoneless = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { awareAt: '2026-03-29T02:30:00' }));
    expect(zoneless.status).toBe(400);
    expect(zoneless.body.errors.map((e: { field: string }) => e.field)).toEqual(['awareAt']);
    const epoch = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { occurredAt: 1774747800000 }));
    expect(epoch.status).toBe(400);
    expect(epoch.body.errors[0].field).toBe('occurredAt');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM incidents')).toEqual(before);
  });

  it('registers a controller without an active agreement, flagged (201); refuses an unknown processor (422) and awareness in the future (422)', async () => {
    const unbound = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.unboundController] }));
    expect(unbound.status).toBe(201);
    expect(unbound.body.affectedControllers[0]).toMatchObject({ controllerId: p.unboundController, basis: 'agreement_ended_data_held' });
    const unknown = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { processorId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.status).toBe(422);
    const future = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { awareAt: new Date(Date.now() + 10 * 60_000).toISOString() }));
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe('awareAt');
    const skew = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { awareAt: new Date(Date.now() + 30_000).toISOString() }));
    expect(skew.status).toBe(201);
    const extra = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { awareAt: undefined, colour: 'red' }));
    expect(extra.status).toBe(400);
  });

  it('measures against the agreement in force at awareAt: a scheduled one that has started counts, one whose termination took effect only while its data is held', async () => {
    const started = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.startedController] }));
    expect(started.status).toBe(201);
    expect(started.body.deadlines[0]).toMatchObject({
      kind: 'controller_notification',
      controllerId: p.startedController,
      dueAt: new Date(new Date(started.body.awareAt).getTime() + 12 * HOUR).toISOString(),
    });

    const stillRunning = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.terminatingController] }));
    expect(stillRunning.status).toBe(201);

    const ended = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.terminatedController] }));
    expect(ended.status).toBe(201);
    expect(ended.body.affectedControllers[0]).toMatchObject({ controllerId: p.terminatedController, basis: 'agreement_ended_data_held' });

    const expired = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.expiredController] }));
    expect(expired.status).toBe(201);
    expect(expired.body.affectedControllers[0]).toMatchObject({ controllerId: p.expiredController, basis: 'agreement_ended_data_held' });
  });

  it('lets a reporter key report and update only for its own processor', async () => {
    const reporter = await t.keyFor('reporter', p.processorId);
    const own = await t.as(reporter).post('/api/v1/incidents').send(report(p));
    expect(own.status).toBe(201);
    const other = await t
      .as(reporter)
      .post('/api/v1/incidents')
      .send(report(p, { processorId: p.otherProcessorId }));
    expect(other.status).toBe(403);
    const update = await t.as(reporter).post(`/api/v1/incidents/${own.body.id}/updates`).send({ note: 'Share closed at 14:00', endedAt: new Date().toISOString() });
    expect(update.status).toBe(201);
    const otherReporter = await t.keyFor('reporter', p.otherProcessorId);
    // Another processor's incident answers as an unknown one would: a reporter learns nothing of what exists elsewhere.
    const unknownId = '00000000-0000-4000-8000-000000000000';
    for (const [id, res] of [
      [own.body.id as string, await t.as(otherReporter).post(`/api/v1/incidents/${own.body.id}/updates`).send({ note: 'x' })],
      [own.body.id as string, await t.as(otherReporter).get(`/api/v1/incidents/${own.body.id}`)],
      [unknownId, await t.as(otherReporter).get(`/api/v1/incidents/${unknownId}`)],
    ] as const) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: `incident ${id} does not exist` });
    }
    expect((await t.as(reporter).post(`/api/v1/incidents/${own.body.id}/risk-assessment`).send({ riskLevel: 'risk', reasoning: 'names and e-mail only' })).status).toBe(403);
  });

  it('returns the first response for a retried Idempotency-Key, and never a second incident', async () => {
    const body = report(p, { title: 'Idempotent report' });
    const [first, second] = await Promise.all([
      t.as(officer).post('/api/v1/incidents').set('Idempotency-Key', 'report-42').send(body),
      t.as(officer).post('/api/v1/incidents').set('Idempotency-Key', 'report-42').send(body),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const third = await t.as(officer).post('/api/v1/incidents').set('Idempotency-Key', 'report-42').send(body);
    expect(third.body).toEqual(first.body);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM incidents WHERE title = 'Idempotent report'`);
    expect(n).toBe(1);
    const different = await t
      .as(officer)
      .post('/api/v1/incidents')
      .set('Idempotency-Key', 'report-42')
      .send({ ...body, title: 'Another' });
    expect(different.status).toBe(422);
  });

  it('records a sub-processor breach with subProcessorId, refusing one of another processor', async () => {
    const ok = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { subProcessorId: p.subProcessorId, affectedControllerIds: [p.controllerA] }));
    expect(ok.status).toBe(201);
    expect(ok.body.subProcessorId).toBe(p.subProcessorId);
    const wrong = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { processorId: p.otherProcessorId, subProcessorId: p.subProcessorId, affectedControllerIds: [], role: 'controller' }));
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].field).toBe('subProcessorId');
  });

  it('runs the controller-role clocks: AP at 72 h, none cancels it with a reason, high opens the data-subject clock unless exempt', async () => {
    const body = report(p, { role: 'controller', affectedControllerIds: [], title: 'Invoices e-mailed to the wrong customer' });
    const res = await t.as(officer).post('/api/v1/incidents').send(body);
    expect(res.status).toBe(201);
    expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'authority_notification', controllerId: null, dueAt: new Date(new Date(body.awareAt).getTime() + 72 * HOUR).toISOString() })]);
    const id = res.body.id;

    const noReason = await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'none', reasoning: 'one invoice, recipient deleted it' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('noAuthorityNotificationReason');

    const none = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/risk-assessment`)
      .send({ riskLevel: 'none', reasoning: 'one invoice, recipient deleted it', noAuthorityNotificationReason: 'unlikely to result in a risk: confirmed deletion' });
    expect(none.status).toBe(200);
    expect(none.body.deadlines[0]).toMatchObject({ status: 'cancelled', cancelledReason: expect.stringContaining('confirmed deletion') });

    const high = await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'high', reasoning: 'turned out: bank details of 300 people' });
    expect(high.status).toBe(200);
    const live = high.body.deadlines
      .filter((d: { status: string }) => d.status === 'pending')
      .map((d: { kind: string }) => d.kind)
      .sort();
    expect(live).toEqual(['authority_notification', 'data_subject_notification']);

    const exempt = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/risk-assessment`)
      .send({
        riskLevel: 'high',
        reasoning: 'bank details, but the attachment was encrypted',
        dataSubjectExemption: { ground: 'encrypted', justification: 'AES-256 encrypted PDF, key not disclosed' },
      });
    expect(exempt.status).toBe(200);
    const subjects = exempt.body.deadlines.find((d: { kind: string }) => d.kind === 'data_subject_notification');
    expect(subjects).toMatchObject({ status: 'cancelled', cancelledReason: expect.stringContaining('encrypted') });
    expect(exempt.body.dataSubjectExemption).toEqual({ ground: 'encrypted', justification: 'AES-256 encrypted PDF, key not disclosed' });
  });

  it('opens no clock on reassessment for a notification that was already made', async () => {
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { role: 'controller', affectedControllerIds: [], title: 'Backup tape lost in transit' }));
    const id = res.body.id;
    const assess = (body: Record<string, unknown>) => t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send(body);
    await assess({ riskLevel: 'none', reasoning: 'tape encrypted', noAuthorityNotificationReason: 'unlikely to result in a risk' }).expect(200);
    // Notified all the same, to be safe; then the risk turns out higher.
    const notifiedAt = new Date().toISOString();
    await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'authority_notification', notifiedAt, reference: 'AP-2026-123' }).expect(201);
    const higher = await assess({ riskLevel: 'risk', reasoning: 'the key was on the same tape' });
    expect(higher.status).toBe(200);
    expect(higher.body.deadlines.filter((d: { kind: string; status: string }) => d.kind === 'authority_notification' && d.status === 'pending')).toEqual([]);
  });

  it('closes a clock with met at the due instant, met_late 1 ms later only with a reason, then follow-up and final phases, then closes', async () => {
    const body = report(p, { affectedControllerIds: [p.controllerA], awareAt: new Date(Date.now() - 30 * HOUR).toISOString() });
    const res = await t.as(officer).post('/api/v1/incidents').send(body);
    const id = res.body.id;
    const due = new Date(res.body.deadlines[0].dueAt);

    const tooEarlyToClose = await t.as(officer).post(`/api/v1/incidents/${id}/close`).send({ note: 'all handled' });
    expect(tooEarlyToClose.status).toBe(422);

    const late = new Date(due.getTime() + 1).toISOString();
    const withoutReason = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: late });
    expect(withoutReason.status).toBe(422);
    expect(withoutReason.body.type).toBe('/problems/deadline-passed');
    expect(withoutReason.body.errors[0].field).toBe('lateReason');
    const followUpFirst = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: late, phase: 'follow_up' });
    expect(followUpFirst.status).toBe(422);

    const lateMet = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/notifications`)
      .send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: late, lateReason: 'contact person on leave', channel: 'e-mail' });
    expect(lateMet.status).toBe(201);
    expect(lateMet.body.deadlines[0]).toMatchObject({ status: 'met_late', lateReason: 'contact person on leave', metAt: late });
    expect(lateMet.body.status).toBe('notified');

    const again = await t.as(officer).post(`/api/v1/incidents/${id}/notifications`).send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: late });
    expect(again.status).toBe(409);
    const followUp = await t
      .as(officer)
      .post(`/api/v1/incidents/${id}/notifications`)
      .send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: new Date().toISOString(), phase: 'follow_up' });
    expect(followUp.status).toBe(201);
    expect(followUp.body.notifications.map((n: { phase: string }) => n.phase)).toEqual(['initial', 'follow_up']);

    const update = await t.as(officer).post(`/api/v1/incidents/${id}/updates`).send({ note: 'count confirmed', approxDataSubjects: 1300, measuresTaken: 'share removed, passwords reset' });
    expect(update.body.timeline.at(-1)).toMatchObject({ type: 'update', note: 'count confirmed', changes: { approxDataSubjects: { from: 1200, to: 1300 } } });

    const unassessed = await t.as(officer).post(`/api/v1/incidents/${id}/close`).send({ note: 'all handled' });
    expect(unassessed.status).toBe(422);
    await t.as(officer).post(`/api/v1/incidents/${id}/risk-assessment`).send({ riskLevel: 'risk', reasoning: 'contact data, no special categories' });
    const closed = await t.as(officer).post(`/api/v1/incidents/${id}/close`).send({ note: 'share removed; customers informed' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closingNote: 'share removed; customers informed' });
    expect((await t.as(officer).post(`/api/v1/incidents/${id}/updates`).send({ note: 'late news' })).status).toBe(409);
  });

  it('counts met at exactly the due instant as on time', async () => {
    const res = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { affectedControllerIds: [p.controllerA], awareAt: new Date(Date.now() - 25 * HOUR).toISOString() }));
    const due = res.body.deadlines[0].dueAt;
    const met = await t.as(officer).post(`/api/v1/incidents/${res.body.id}/notifications`).send({ kind: 'controller_notification', controllerId: p.controllerA, notifiedAt: due });
    expect(met.status).toBe(201);
    expect(met.body.deadlines[0]).toMatchObject({ status: 'met', lateReason: null });
  });

  it('keeps the register: filters, a CSV with proper escaping, and the AP draft in UTC and Amsterdam time', async () => {
    const tricky = await t
      .as(officer)
      .post('/api/v1/incidents')
      .send(report(p, { title: '=HYPERLINK("x"), "quoted", comma', description: 'line one\nline two', affectedControllerIds: [p.controllerB], specialCategories: ['health'], dataEncrypted: false }));
    expect(tricky.status).toBe(201);

    const byController = await t.as(officer).get(`/api/v1/incidents?controllerId=${p.controllerB}&limit=200`);
    expect(byController.status).toBe(200);
    expect(byController.body.items.map((i: { id: string }) => i.id)).toContain(tricky.body.id);
    const controllerRole = await t.as(officer).get('/api/v1/incidents?role=controller');
    expect(controllerRole.body.items.every((i: { role: string }) => i.role === 'controller')).toBe(true);
    const closed = await t.as(officer).get('/api/v1/incidents?status=closed');
    expect(closed.body.items).toHaveLength(1);
    const none = await t.as(officer).get(`/api/v1/incidents?from=${encodeURIComponent(new Date(Date.now() + HOUR).toISOString())}`);
    expect(none.body.items).toHaveLength(0);
    const page = await t.as(officer).get('/api/v1/incidents?limit=2');
    expect(page.body.items).toHaveLength(2);
    const next = await t.as(officer).get(`/api/v1/incidents?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[1].id);

    const csv = await t.as(officer).get('/api/v1/incidents/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toMatch(/^\uFEFFid,status,role,title,/);
    expect(csv.text).toContain(`"'=HYPERLINK(""x""), ""quoted"", comma"`);
    expect(csv.text).toContain('"line one\nline two"');

    const draft = await t.as(officer).get(`/api/v1/incidents/${tricky.body.id}/authority-draft?lang=en`);
    expect(draft.status).toBe(200);
    const answers = Object.fromEntries((draft.body.sections as { key: string; answers: { key: string; answer: string }[] }[]).flatMap((s) => s.answers.map((a) => [`${s.key}.${a.key}`, a.answer])));
    expect(answers['timeline.discoveredAt']).toMatch(/\(Europe\/Amsterdam\)$/);
    expect(answers).toMatchObject({ 'contact.name': 'Fleur Bakker', 'contact.email': 'fg@hosting.example', 'contact.isDpo': 'yes' });
    expect(answers).toMatchObject({ 'personalData.specialCategories': 'health', 'numbers.records': 'approximately 54,000', 'numbers.people': 'approximately 1,200' });
    expect(answers).toMatchObject({ 'unintelligible.encryptedOrHashed': 'no', 'consequences.confidentiality': 'yes', 'consequences.integrity': 'no', 'consequences.availability': 'no' });
    expect(answers['organisation.organisations']).toContain('Huisartsenpraktijk "De Linde", Utrecht');
    expect(answers['informingPeople.informing']).toBe('to follow');
  });
});
