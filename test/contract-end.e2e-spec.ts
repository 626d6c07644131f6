import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeClock } from '../src/common/clock';
import { ErasureWorkflowService } from '../src/contract-end/erasure-workflow.service';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { DeadlineJobs } from '../src/deadlines/deadline-jobs';
import { verifySignature, verifyTimestampedSignature } from '../src/notifications/webhook-signature';
import { seedAgreement, seedContact, seedController, seedInvoice, seedProcessor } from './factories';
import { count } from './utils/count';
import { binary } from './utils/pdf';
import { startTestApp, TestApp } from './utils/test-app';
import { auditEntries } from './utils/audit-log';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/**
 * End of contract with a fake clock: terminate on 10 March 2026 (Amsterdam), effective
 * 1 April 2026 00:00 Amsterdam, 30 days → deletion confirmed by the end of 1 May 2026
 * (its last millisecond, 23:59:59.999 Amsterdam; a Friday, so no move to a working day): the day of the end is not counted, the last day is whole.
 * Jobs are run by calling their handlers, at the instants the queue would.
 */
describe('contract end: termination, deletion tasks, certificate', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  let contractEnd: ErasureWorkflowService;
  let store: Server;
  let storeUrl: string;
  let storeStatus = 200;
  const received: Received[] = [];
  const clock = new FakeClock('2026-03-10T09:00:00Z');
  const EFFECTIVE = '2026-03-31T22:00:00.000Z';
  const DUE = '2026-05-01T21:59:59.999Z';
  const SECRET = 'store-erasure-secret';

  async function agreementWithStores(action: 'delete' | 'return_and_delete' = 'return_and_delete') {
    const controllerId = await seedController(t.dataSource, { name: 'Bakkerij Jansen' });
    const processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    const agreementId = await seedAgreement(t.dataSource, { controllerId, processorId, endOfContract: { action, withinDays: 30 } });
    await t.dataSource.query(
      `INSERT INTO agreement_data_stores (agreement_id, name, erasure_method, erasure_url, erasure_secret) VALUES ($1, 'mail cluster', 'webhook', $2, $3), ($1, 'tape backups', 'manual', NULL, NULL)`,
      [agreementId, storeUrl, SECRET],
    );
    return { controllerId, processorId, agreementId };
  }

  const terminate = (agreementId: string, body: Record<string, unknown> = { effectiveAt: EFFECTIVE, reason: 'Client moved to another provider' }) =>
    t.as(officer).post(`/api/v1/agreements/${agreementId}/terminate`).send(body);
  const tasksOf = async (agreementId: string) => (await t.as(auditor).get(`/api/v1/deletion-tasks?agreementId=${agreementId}`)).body.items as Record<string, unknown>[];
  const deadlineOf = async (agreementId: string) =>
    (await t.dataSource.query(`SELECT id, status, due_at, met_at, late_reason FROM deadlines WHERE kind = 'contract_end_deletion' AND subject_id = $1`, [agreementId]))[0];

  beforeAll(async () => {
    store = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.statusCode = storeStatus;
        res.end();
      });
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/erase`;
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    contractEnd = t.app.get(ErasureWorkflowService);
  });

  beforeEach(() => {
    clock.set('2026-03-10T09:00:00Z');
    received.length = 0;
    storeStatus = 200;
  });

  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => store.close(resolve));
  });

  it('keeps everything while the contract still runs: terminating erases nothing and exports nothing yet', async () => {
    const { agreementId, controllerId } = await agreementWithStores();
    const invoice = await seedInvoice(t.dataSource, { controllerId, issuedAt: '2025-02-01T10:00:00Z' });
    const contact = await seedContact(t.dataSource, { controllerId, lastActivityAt: '2024-01-15T10:00:00Z' });
    const res = await terminate(agreementId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'terminating',
      terminationEffectiveAt: EFFECTIVE,
      terminationReason: 'Client moved to another provider',
      deadline: { kind: 'contract_end_deletion', startsAt: EFFECTIVE, dueAt: DUE, status: 'pending' },
    });
    expect(res.body.deletionTasks).toEqual([
      expect.objectContaining({ dataStore: expect.objectContaining({ name: 'mail cluster' }), method: 'webhook', status: 'scheduled', requestAt: EFFECTIVE, dueAt: DUE }),
      expect.objectContaining({ dataStore: expect.objectContaining({ name: 'tape backups' }), method: 'manual', status: 'scheduled' }),
    ]);
    expect(await count(t.dataSource, 'SELECT 1 FROM data_exports WHERE agreement_id = $1', [agreementId])).toBe(0);
    expect(await count(t.dataSource, 'SELECT 1 FROM invoices WHERE id = $1 AND billing_name IS NOT NULL', [invoice])).toBe(1);
    expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [contact])).toBe(1);

    // Before the end, the store is not asked and nothing can be confirmed.
    expect(await contractEnd.requestErasure(res.body.deletionTasks[0].id).catch((e: unknown) => (e as Error).message)).toContain('is requested at');
    expect(received).toHaveLength(0);
    const early = await t.as(officer).post(`/api/v1/deletion-tasks/${res.body.deletionTasks[1].id}/confirm`).send({ confirmedAt: '2026-03-10T08:00:00Z', evidence: 'x' });
    expect(early.status).toBe(409);

    const [audit] = await auditEntries(t.dataSource, `a.action = 'agreement.terminated' AND a.entity_id = $1`, [agreementId]);
    expect(audit.actor_name).toBe('officer key');
    expect(audit.after.deletionDueAt).toBe(DUE);
  });

  it('refuses to terminate twice, an unknown agreement, a bad date, a date before the start, and the auditor', async () => {
    const { agreementId } = await agreementWithStores();
    expect((await t.as(auditor).post(`/api/v1/agreements/${agreementId}/terminate`).send({ effectiveAt: EFFECTIVE })).status).toBe(403);
    const bad = await terminate(agreementId, { effectiveAt: 'next month', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['effectiveAt', 'colour']));
    const before = await terminate(agreementId, { effectiveAt: '2019-01-01T00:00:00Z' });
    expect(before.status).toBe(422);
    expect(before.body.type).toBe('/problems/rule-broken');
    expect(before.body.errors[0].field).toBe('effectiveAt');
    expect((await terminate('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await terminate(agreementId)).status).toBe(200);
    const again = await terminate(agreementId);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.type).toBe('/problems/conflict');
    expect(await count(t.dataSource, `SELECT 1 FROM deadlines WHERE subject_id = $1`, [agreementId])).toBe(1);
    expect(await count(t.dataSource, `SELECT 1 FROM deletion_tasks WHERE agreement_id = $1`, [agreementId])).toBe(2);
  });

  it('at the end: exports first, then signs and sends the erasure request, retrying a store that fails', async () => {
    const { agreementId, controllerId } = await agreementWithStores('return_and_delete');
    await seedInvoice(t.dataSource, { controllerId, issuedAt: '2025-02-01T10:00:00Z' });
    await seedContact(t.dataSource, { controllerId, lastActivityAt: '2025-06-01T10:00:00Z' });
    const tasks = (await terminate(agreementId)).body.deletionTasks;
    clock.set(EFFECTIVE);
    storeStatus = 503;
    await expect(contractEnd.requestErasure(tasks[0].id)).rejects.toThrow('HTTP 503');
    expect((await tasksOf(agreementId)).find((task) => task.method === 'webhook')).toMatchObject({ status: 'requested', deliveryAttempts: 1, lastDeliveryError: 'HTTP 503', deliveredAt: null });

    storeStatus = 200;
    expect(await contractEnd.requestErasure(tasks[0].id)).toBe('delivered');
    expect(await contractEnd.requestErasure(tasks[0].id)).toBe('already delivered');
    expect(received).toHaveLength(2);
    const last = received[1];
    expect(verifySignature(SECRET, last.body, last.headers['x-signature'] as string)).toBe(true);
    expect(verifyTimestampedSignature(SECRET, last.body, last.headers, clock.now())).toEqual({ valid: true, timestamp: Date.parse(EFFECTIVE) / 1000 });
    expect(JSON.parse(last.body)).toEqual({
      event: 'deletion.requested',
      taskId: tasks[0].id,
      agreementId,
      controllerId,
      dataStore: { id: tasks[0].dataStore.id, name: 'mail cluster' },
      endOfContract: { action: 'return_and_delete' },
      requestedAt: EFFECTIVE,
      dueAt: DUE,
    });
    const [manual] = (await tasksOf(agreementId)).filter((task) => task.method === 'manual');
    expect(manual).toMatchObject({ status: 'requested', requestedAt: EFFECTIVE, deliveryAttempts: 0 });

    const [exported] = await t.dataSource.query(`SELECT sha256, record_counts FROM data_exports WHERE agreement_id = $1`, [agreementId]);
    expect(exported.record_counts).toEqual({ contacts: 1, invoices: 1 });
    const download = await t.as(officer).get(`/api/v1/agreements/${agreementId}/data-export`);
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(exported.sha256);
    expect(download.body.exportedAt).toBe(EFFECTIVE);
    expect(download.body.controller.name).toBe('Bakkerij Jansen');
    expect(download.body.invoices[0].billingName).toBe('Piet de Vries');
    expect((await t.as(auditor).get(`/api/v1/agreements/${agreementId}/data-export`)).status).toBe(403);
  });

  it('lets the controller change from delete to return until the contract ends, and honours the new choice', async () => {
    const { agreementId, controllerId } = await agreementWithStores('delete');
    await seedInvoice(t.dataSource, { controllerId, issuedAt: '2025-02-01T10:00:00Z' });
    const tasks = (await terminate(agreementId)).body.deletionTasks;
    expect((await t.as(officer).post(`/api/v1/agreements/${agreementId}/end-of-contract-choice`).send({ action: 'shred' })).status).toBe(400);
    const changed = await t.as(officer).post(`/api/v1/agreements/${agreementId}/end-of-contract-choice`).send({ action: 'return_and_delete' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ agreementId, status: 'terminating', endOfContract: { action: 'return_and_delete', withinDays: 30 } });

    clock.set(EFFECTIVE);
    await contractEnd.requestErasure(tasks[0].id);
    expect(await count(t.dataSource, 'SELECT 1 FROM data_exports WHERE agreement_id = $1', [agreementId])).toBe(1);

    const late = await t.as(officer).post(`/api/v1/agreements/${agreementId}/end-of-contract-choice`).send({ action: 'delete' });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].field).toBe('action');
    const [row] = await t.dataSource.query('SELECT end_of_contract_action FROM processing_agreements WHERE id = $1', [agreementId]);
    expect(row.end_of_contract_action).toBe('return_and_delete');
    expect((await t.as(auditor).post(`/api/v1/agreements/${agreementId}/end-of-contract-choice`).send({ action: 'delete' })).status).toBe(403);
  });

  it('keeps the returned copy for its 30 days and while a hold covers it, then purges its content and keeps the proof', async () => {
    const runs = t.app.get(RetentionRunsService);
    const sweep = async () => runs.execute((await t.as(officer).post('/api/v1/retention/runs').send({})).body.id);
    const purgedAt = async (agreementId: string) => (await t.dataSource.query('SELECT content_purged_at, octet_length(content) AS size FROM data_exports WHERE agreement_id = $1', [agreementId]))[0];
    const { agreementId, controllerId } = await agreementWithStores('return_and_delete');
    await seedContact(t.dataSource, { controllerId, lastActivityAt: '2025-06-01T10:00:00Z' });
    const tasks = (await terminate(agreementId)).body.deletionTasks;
    clock.set(EFFECTIVE);
    await contractEnd.requestErasure(tasks[1].id);
    const exported = (await t.as(officer).get(`/api/v1/agreements/${agreementId}/data-export`)).headers['x-content-sha256'];

    clock.set('2026-05-01T21:59:59.999Z'); // the last of the 30 days after the export has not ended yet in Amsterdam
    await sweep();
    expect((await purgedAt(agreementId)).content_purged_at).toBeNull();
    const whileKept = await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`);
    // Exported 1 April 00:00 Amsterdam; 30 whole days from then end as 2 May begins.
    expect(whileKept.body.kept).toContainEqual(expect.objectContaining({ category: 'data_export', records: 1, keptUntil: '2026-05-01T22:00:00.000Z' }));

    clock.set('2026-05-02T08:00:00Z');
    const hold = await t.as(officer).post('/api/v1/legal-holds').send({ scope: { controllerId }, reason: 'Dispute over the returned data' });
    expect(hold.status).toBe(201);
    await sweep();
    expect((await purgedAt(agreementId)).content_purged_at).toBeNull();
    expect((await t.as(officer).get(`/api/v1/agreements/${agreementId}/data-export`)).status).toBe(200);

    await t.as(officer).post(`/api/v1/legal-holds/${hold.body.id}/release`).send({ reason: 'Settled' }).expect(200);
    const run = await sweep();
    expect(await purgedAt(agreementId)).toEqual({ content_purged_at: new Date('2026-05-02T08:00:00Z'), size: 0 });
    const [ledger] = await t.dataSource.query(`SELECT action, record_count FROM erasure_ledger WHERE run_id = $1 AND category = 'data_export'`, [run.id]);
    expect(ledger).toEqual({ action: 'anonymize', record_count: 1 });
    const gone = await t.as(officer).get(`/api/v1/agreements/${agreementId}/data-export`);
    expect(gone.status).toBe(410);
    expect(gone.body.type).toBe('/problems/gone');
    const certificate = await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`);
    expect(certificate.body.dataExport).toMatchObject({ sha256: exported, contentPurgedAt: '2026-05-02T08:00:00.000Z' });
    expect(certificate.body.kept).toContainEqual(expect.objectContaining({ category: 'data_export', records: 0, keptUntil: null }));
  });

  it('closes the deadline when the last store confirms in time, and certifies what went and what is kept until when', async () => {
    const { agreementId, controllerId } = await agreementWithStores('delete');
    await seedInvoice(t.dataSource, { controllerId, issuedAt: '2024-06-01T10:00:00Z' });
    await seedInvoice(t.dataSource, { controllerId, issuedAt: '2026-02-15T10:00:00Z' });
    await seedContact(t.dataSource, { controllerId, lastActivityAt: '2026-03-01T10:00:00Z' });
    const tasks = (await terminate(agreementId)).body.deletionTasks;
    clock.set(EFFECTIVE);
    await contractEnd.requestErasure(tasks[1].id);
    expect(await count(t.dataSource, 'SELECT 1 FROM data_exports WHERE agreement_id = $1', [agreementId])).toBe(0);

    clock.set('2026-04-20T10:00:00Z');
    const confirm = (id: string, body: Record<string, unknown>) => t.as(officer).post(`/api/v1/deletion-tasks/${id}/confirm`).send(body);
    const future = await confirm(tasks[0].id, { confirmedAt: '2026-04-21T10:00:00Z', evidence: 'x' });
    const noZone = await confirm(tasks[0].id, { confirmedAt: '2026-04-02T10:00:00', evidence: 'x' });
    expect(noZone.status).toBe(400);
    expect(noZone.body.errors[0].field).toBe('confirmedAt');
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe('confirmedAt');
    expect((await confirm(tasks[0].id, { confirmedAt: '2026-04-02T10:00:00Z', evidence: 'Mail cluster answered: 312 mailboxes purged' })).status).toBe(200);
    expect((await deadlineOf(agreementId)).status).toBe('pending');
    expect((await confirm(tasks[0].id, { confirmedAt: '2026-04-02T10:00:00Z', evidence: 'again' })).status).toBe(409);
    const second = await confirm(tasks[1].id, { confirmedAt: '2026-04-15T09:00:00Z', evidence: 'Tapes 14-17 degaussed, ticket OPS-88' });
    expect(second.body).toMatchObject({ status: 'confirmed', confirmedBy: 'officer key', evidence: 'Tapes 14-17 degaussed, ticket OPS-88' });
    const deadline = await deadlineOf(agreementId);
    expect(deadline.status).toBe('met');
    expect(deadline.met_at.toISOString()).toBe('2026-04-15T09:00:00.000Z');

    const cert = await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`);
    expect(cert.status).toBe(200);
    expect(cert.body).toMatchObject({
      complete: true,
      agreement: { id: agreementId, status: 'ended', terminationEffectiveAt: EFFECTIVE, endOfContract: { action: 'delete', withinDays: 30 } },
      controller: { name: 'Bakkerij Jansen' },
      processor: { name: 'Hosting BV' },
      deletion: { dueAt: DUE, deadlineStatus: 'met' },
      dataExport: null,
    });
    expect(
      cert.body.dataStores.map((s: { dataStore: { name: string }; requestedAt: string; confirmedAt: string; evidence: string }) => [s.dataStore.name, s.requestedAt, s.confirmedAt, s.evidence]),
    ).toEqual([
      ['mail cluster', EFFECTIVE, '2026-04-02T10:00:00.000Z', 'Mail cluster answered: 312 mailboxes purged'],
      ['tape backups', EFFECTIVE, '2026-04-15T09:00:00.000Z', 'Tapes 14-17 degaussed, ticket OPS-88'],
    ]);
    // The 2026 invoice keeps all of them until 1 January 2034 Amsterdam; the contact until 2 March 2027.
    expect(cert.body.kept).toEqual([
      expect.objectContaining({ category: 'invoice', records: 2, keptUntil: '2033-12-31T23:00:00.000Z', legalBasis: expect.stringContaining('52(4)'), legalHoldIds: [] }),
      expect.objectContaining({ category: 'contact', records: 1, keptUntil: '2027-03-01T23:00:00.000Z', legalHoldIds: [] }),
      // The controller chose delete: nothing was handed back, so no copy is kept.
      expect.objectContaining({ category: 'data_export', records: 0, keptUntil: null }),
    ]);

    const pdf = await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`).set('accept', 'application/pdf').buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('escalates a store that has not confirmed by the due date as a missed deadline; a late confirmation needs its reason', async () => {
    const { agreementId } = await agreementWithStores('delete');
    const tasks = (await terminate(agreementId)).body.deletionTasks;
    clock.set(EFFECTIVE);
    await contractEnd.requestErasure(tasks[0].id);
    clock.set('2026-04-03T10:00:00Z');
    await t.as(officer).post(`/api/v1/deletion-tasks/${tasks[0].id}/confirm`).send({ confirmedAt: '2026-04-03T10:00:00Z', evidence: 'purged' }).expect(200);

    clock.set(DUE);
    const deadline = await deadlineOf(agreementId);
    expect(await t.app.get(DeadlineJobs).escalate({ deadlineId: deadline.id })).toBe('missed');
    expect((await deadlineOf(agreementId)).status).toBe('missed');
    const [missed] = await auditEntries(t.dataSource, `a.action = 'deadline.missed' AND a.entity_id = $1`, [deadline.id]);
    expect(missed.after.unconfirmedDeletionTasks).toEqual([tasks[1].id]);
    const draft = await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`);
    expect(draft.body).toMatchObject({ complete: false, deletion: { deadlineStatus: 'missed' } });

    clock.set('2026-05-04T10:00:00Z');
    const noReason = await t.as(officer).post(`/api/v1/deletion-tasks/${tasks[1].id}/confirm`).send({ confirmedAt: '2026-05-04T09:00:00Z', evidence: 'tapes wiped' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.type).toBe('/problems/deadline-passed');
    expect(noReason.body.errors[0].field).toBe('lateReason');
    await t
      .as(officer)
      .post(`/api/v1/deletion-tasks/${tasks[1].id}/confirm`)
      .send({ confirmedAt: '2026-05-04T09:00:00Z', evidence: 'tapes wiped', lateReason: 'Tapes were off-site at the vault' })
      .expect(200);
    expect(await deadlineOf(agreementId)).toMatchObject({ status: 'met_late', late_reason: 'Tapes were off-site at the vault' });
  });

  it('hands back the data of an agreement without data stores, and misses its deadline until a person records what was erased', async () => {
    const controllerId = await seedController(t.dataSource, { name: 'Zonder Opslag BV' });
    const processorId = await seedProcessor(t.dataSource, { name: 'Hosting BV' });
    const agreementId = await seedAgreement(t.dataSource, { controllerId, processorId, endOfContract: { action: 'return_and_delete', withinDays: 30 } });
    await seedContact(t.dataSource, { controllerId, lastActivityAt: '2025-06-01T10:00:00Z' });
    expect((await terminate(agreementId)).status).toBe(200);
    clock.set(new Date(new Date(DUE).getTime() + 1));
    const deadline = await deadlineOf(agreementId);
    expect(await t.app.get(DeadlineJobs).escalate({ deadlineId: deadline.id })).toBe('missed');
    expect(await deadlineOf(agreementId)).toMatchObject({ status: 'missed', met_at: null });
    const [missed] = await auditEntries(t.dataSource, `a.action = 'deadline.missed' AND a.entity_id = $1`, [deadline.id]);
    expect(missed.after.outstanding).toEqual(['no_store_confirmation']);
    expect(await count(t.dataSource, 'SELECT 1 FROM data_exports WHERE agreement_id = $1', [agreementId])).toBe(1);

    clock.set('2026-05-04T10:00:00Z');
    const record = {
      erased: 'Webshop database and mailboxes',
      location: 'db-03, mail-02',
      evidence: 'Ticket OPS-77',
      confirmedBy: { name: 'Fleur Bakker', function: 'FG' },
      confirmedAt: '2026-05-02T09:00:00Z',
      lateReason: 'Migration window',
    };
    expect((await t.as(officer).post(`/api/v1/agreements/${agreementId}/deletion-confirmation`).send(record)).status).toBe(201);
    expect(await deadlineOf(agreementId)).toMatchObject({ status: 'met_late', met_at: new Date('2026-05-02T09:00:00Z'), late_reason: 'Migration window' });
  });

  it('answers 409 for the certificate of an agreement that was not terminated, 404 for an unknown one', async () => {
    const { agreementId } = await agreementWithStores();
    expect((await t.as(auditor).get(`/api/v1/agreements/${agreementId}/deletion-certificate`)).status).toBe(409);
    expect((await t.as(auditor).get('/api/v1/agreements/00000000-0000-4000-8000-000000000000/deletion-certificate')).status).toBe(404);
    expect((await t.as(auditor).get('/api/v1/deletion-tasks?agreementId=nope')).status).toBe(400);
  });
});
