import { AgreementEndQueue } from '../src/agreements/agreement-end.queue';
import { AgreementEnds } from '../src/agreements/agreement-ends.service';
import { FakeClock } from '../src/common/clock';
import { ErasureWorkflowService } from '../src/contract-end/erasure-workflow.service';
import { JobQueues } from '../src/jobs/job-queues';
import { JobReconciler } from '../src/jobs/job-reconciler';
import { createAgreementRecord, createController, createProcessor, incidentBody } from './factories';
import { count } from './utils/count';
import { auditEntries } from './utils/audit-log';
import { startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';
const NOW = '2026-03-10T09:00:00.000Z';
/** 1 April 2026 00:00 in Amsterdam. */
const APRIL = '2026-03-31T22:00:00.000Z';
/** The end of 1 May 2026 in Amsterdam: 30 days after 1 April, the day of the end not counted. */
const DUE_30_DAYS = '2026-05-01T21:59:59.999Z';

/**
 * One lifecycle, from the dates: scheduled → active → terminating → ended. An agreement
 * reaching endsAt starts the contract-end flow as a termination effective then does, and
 * `agreement.ending` goes out AGREEMENT_ENDING_NOTICE_DAYS before. Jobs are run by calling
 * their handlers at the instants the queue would; the queue itself is inspected for them.
 */
describe('the agreement lifecycle', () => {
  let t: TestApp;
  const clock = new FakeClock(NOW);
  let officer: string;
  let auditor: string;
  let processorId: string;
  let controllerId: string;
  let ends: AgreementEnds;

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      workers: false,
      env: { AGREEMENT_ENDING_NOTICE_DAYS: '14', SMTP_URL: 'smtp://127.0.0.1:1', OFFICER_EMAIL: 'fg@hosting.example' },
    });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
    processorId = await createProcessor(t, officer);
    controllerId = await createController(t, officer, { contactEmail: 'privacy@bakkerij.example' });
    ends = t.app.get(AgreementEnds);
  });

  beforeEach(() => clock.set(NOW));

  afterAll(async () => {
    await t.close();
  });

  const create = (overrides: Record<string, unknown> = {}) => createAgreementRecord(t, officer, { controllerId, processorId, ...overrides });
  const statusOf = async (id: string) => ((await t.as(auditor).get(`${API}/agreements/${id}`)).body as { status: string }).status;
  const listed = async (status: string) =>
    ((await t.as(auditor).get(`${API}/agreements?status=${status}&controllerId=${controllerId}&limit=200`)).body as { items: { id: string }[] }).items.map((a) => a.id);
  const queue = () => t.app.get(JobQueues).queue(AgreementEndQueue);
  const endJobId = (id: string, endsAt: string) => `${id}-end-${new Date(endsAt).getTime()}`;
  const noticeJobId = (id: string, endsAt: string) => `${id}-ending-${new Date(endsAt).getTime()}`;

  it('shows notice given as terminating — in force, in breach reports and in ?status=active,terminating — and ended once it takes effect', async () => {
    const { id } = await create();
    const terminated = await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: APRIL, reason: 'Client leaves' });
    expect(terminated.status).toBe(200);
    expect(terminated.body.status).toBe('terminating');
    expect(await statusOf(id)).toBe('terminating');
    expect(await listed('terminating')).toContain(id);
    expect(await listed('active')).not.toContain(id);
    expect(await listed('active,terminating')).toContain(id);
    expect(await listed('active&status=terminating')).toContain(id);

    // A breach known now is measured against it: it is still in force.
    const breach = await t
      .as(officer)
      .post(`${API}/incidents`)
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], awareAt: '2026-03-10T08:00:00Z' }));
    expect(breach.status).toBe(201);
    expect(breach.body.deadlines).toContainEqual(expect.objectContaining({ kind: 'controller_notification', controllerId, dueAt: '2026-03-12T08:00:00.000Z' }));

    clock.set(new Date(new Date(APRIL).getTime() - 1));
    expect(await statusOf(id)).toBe('terminating');
    clock.set(APRIL);
    expect(await statusOf(id)).toBe('ended');
    expect(await listed('ended')).toContain(id);
    expect(await listed('active,terminating')).not.toContain(id);
    const [stored] = await t.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'processing_agreements' AND column_name = 'status'`);
    expect(stored.n).toBe(0);
  });

  it('refuses `terminated` as a status filter, saying which statuses there are', async () => {
    const res = await t.as(auditor).get(`${API}/agreements?status=terminated`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'status', message: expect.stringContaining('terminating') });
    expect((await t.as(auditor).get(`${API}/agreements?status=active,expired`)).status).toBe(400);
    expect((await t.as(auditor).get(`${API}/agreements?status=`)).status).toBe(400);
  });

  it('starts the contract-end flow at endsAt exactly as a termination effective then does', async () => {
    const stores = [{ name: 'tape backups', erasure: { method: 'manual' } }];
    const fixed = await create({ endsAt: APRIL, dataStores: stores, endOfContract: { action: 'return_and_delete', withinDays: 30 } });
    const twin = await create({ dataStores: stores, endOfContract: { action: 'return_and_delete', withinDays: 30 } });
    await t.as(officer).post(`${API}/agreements/${twin.id}/terminate`).send({ effectiveAt: APRIL }).expect(200);

    const job = await queue().getJob(endJobId(fixed.id, APRIL));
    expect(job?.data).toEqual({ agreementId: fixed.id, endsAt: APRIL });
    expect(job?.opts.delay).toBe(new Date(APRIL).getTime() - new Date(NOW).getTime());
    await expect(ends.reach({ agreementId: fixed.id, endsAt: APRIL })).rejects.toThrow(`ends at ${APRIL}`);
    expect(await count(t.dataSource, `SELECT 1 FROM deadlines WHERE subject_id = $1`, [fixed.id])).toBe(0);

    clock.set(APRIL);
    expect(await statusOf(fixed.id)).toBe('ended');
    expect(await ends.reach({ agreementId: fixed.id, endsAt: APRIL })).toBe('reached');
    expect(await ends.reach({ agreementId: fixed.id, endsAt: APRIL })).toBe('already reached');

    const flow = async (id: string) => ({
      deadlines: await t.dataSource.query(`SELECT kind, status, starts_at, due_at FROM deadlines WHERE subject_id = $1`, [id]),
      tasks: ((await t.as(auditor).get(`${API}/deletion-tasks?agreementId=${id}`)).body.items as Record<string, unknown>[]).map(({ method, status, requestAt, dueAt, requestedAt }) => ({
        method,
        status,
        requestAt,
        dueAt,
        requestedAt,
      })),
      exports: await count(t.dataSource, `SELECT 1 FROM data_exports WHERE agreement_id = $1`, [id]),
    });
    // The twin's tasks are requested by their job at the end; run it.
    const [twinTask] = (await t.as(auditor).get(`${API}/deletion-tasks?agreementId=${twin.id}`)).body.items as { id: string }[];
    await t.app.get(ErasureWorkflowService).requestErasure(twinTask.id);
    const reached = await flow(fixed.id);
    expect(reached).toEqual({
      deadlines: [{ kind: 'contract_end_deletion', status: 'pending', starts_at: new Date(APRIL), due_at: new Date(DUE_30_DAYS) }],
      tasks: [{ method: 'manual', status: 'requested', requestAt: APRIL, dueAt: DUE_30_DAYS, requestedAt: APRIL }],
      exports: 1,
    });
    expect(reached).toEqual(await flow(twin.id));

    const certificate = await t.as(auditor).get(`${API}/agreements/${fixed.id}/deletion-certificate`);
    expect(certificate.body).toMatchObject({ status: 'draft', agreement: { status: 'ended', endedAt: APRIL, endedBy: 'end_date' } });
    const late = await t.as(officer).post(`${API}/agreements/${fixed.id}/terminate`).send({ effectiveAt: APRIL });
    expect(late.status).toBe(409);
    const [audit] = await auditEntries(t.dataSource, `a.action = 'contract_end.opened' AND a.entity_id = $1`, [fixed.id]);
    expect(audit.after).toMatchObject({ endedAt: APRIL, by: 'endsAt', deletionDueAt: DUE_30_DAYS });
  });

  it('rebuilds the end-of-term jobs from Postgres after Redis lost them, and plans anew when endsAt moves', async () => {
    const endsAt = '2026-06-30T22:00:00.000Z';
    const moved = '2026-09-30T22:00:00.000Z';
    const { id } = await create({ endsAt });
    await queue().obliterate({ force: true });
    expect(await queue().getJob(endJobId(id, endsAt))).toBeUndefined();
    await t.app.get(JobReconciler).reconcile();
    expect(await queue().getJob(endJobId(id, endsAt))).toBeDefined();
    expect(await queue().getJob(noticeJobId(id, endsAt))).toBeDefined();

    await t.as(officer).patch(`${API}/agreements/${id}`).send({ endsAt: moved }).expect(200);
    expect(await queue().getJob(endJobId(id, moved))).toBeDefined();
    clock.set(endsAt);
    expect(await ends.reach({ agreementId: id, endsAt })).toBe('endsAt moved');
    expect(await ends.announce({ agreementId: id, endsAt })).toBe('endsAt moved');
    expect(await count(t.dataSource, `SELECT 1 FROM deadlines WHERE subject_id = $1`, [id])).toBe(0);
    expect(await statusOf(id)).toBe('active');

    // A termination starts the flow itself: the end-of-term jobs then do nothing.
    await t.as(officer).post(`${API}/agreements/${id}/terminate`).send({ effectiveAt: '2026-08-01T00:00:00Z' }).expect(200);
    clock.set(moved);
    expect(await ends.reach({ agreementId: id, endsAt: moved })).toBe('terminated');
    expect(await count(t.dataSource, `SELECT 1 FROM deadlines WHERE subject_id = $1 AND kind = 'contract_end_deletion'`, [id])).toBe(1);
    clock.set(NOW);
    const beyond = await t
      .as(officer)
      .post(`${API}/agreements/${(await create({ endsAt })).id}/terminate`)
      .send({ effectiveAt: endsAt });
    expect(beyond.status).toBe(422);
    expect(beyond.body.errors[0].field).toBe('effectiveAt');
  });

  it('sends agreement.ending by webhook and e-mail to the officer and the controller, the configured days before endsAt, once', async () => {
    const hook = await t
      .as()
      .post(`${API}/webhooks`)
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['agreement.ending'], secret: 'whsec_lifecycle_0123456789' });
    expect(hook.status).toBe(201);
    const endsAt = '2026-04-30T22:00:00.000Z';
    // 14 days before, at the same Amsterdam wall time (midnight): 17 April 00:00.
    const noticeAt = '2026-04-16T22:00:00.000Z';
    const { id, reference } = await create({ endsAt });
    const job = await queue().getJob(noticeJobId(id, endsAt));
    expect(job?.opts.delay).toBe(new Date(noticeAt).getTime() - new Date(NOW).getTime());

    clock.set(new Date(new Date(noticeAt).getTime() - 1));
    await expect(ends.announce({ agreementId: id, endsAt })).rejects.toThrow('14 days before');
    clock.set(noticeAt);
    expect(await ends.announce({ agreementId: id, endsAt })).toBe('announced');
    expect(await ends.announce({ agreementId: id, endsAt })).toBe('already announced');

    const deliveries = await t.dataSource.query(`SELECT body FROM webhook_deliveries WHERE webhook_id = $1`, [hook.body.id]);
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0].body)).toMatchObject({
      event: 'agreement.ending',
      data: { agreementId: id, reference, processorId, controllerId, controllerIds: [controllerId], endsAt, endOfContract: { action: 'delete', withinDays: 30 } },
    });
    const mails = await t.dataSource.query(`SELECT recipients, subject FROM email_messages WHERE event = 'agreement.ending'`);
    expect(mails).toEqual([{ recipients: ['fg@hosting.example', 'privacy@bakkerij.example'], subject: '[compliance] agreement.ending' }]);

    // Once: the reconciler plans no notice for an endsAt already announced.
    await queue().obliterate({ force: true });
    await t.app.get(JobReconciler).reconcile();
    expect(await queue().getJob(noticeJobId(id, endsAt))).toBeUndefined();
    expect(await queue().getJob(endJobId(id, endsAt))).toBeDefined();
  });

  it('announces a sub-processor to an agreement with notice given, not to one that ended', async () => {
    const terminating = await create({ subProcessorAuthorization: 'specific' });
    await t.as(officer).post(`${API}/agreements/${terminating.id}/terminate`).send({ effectiveAt: APRIL }).expect(200);
    const ended = await create({ subProcessorAuthorization: 'specific', endsAt: '2026-03-01T00:00:00Z' });
    const body = { processorId, name: 'Mailfilter BV', service: 'spam filtering', country: 'NL' };
    const accepted = await t
      .as(officer)
      .post(`${API}/sub-processors`)
      .send({ ...body, agreementIds: [terminating.id] });
    expect(accepted.status).toBe(201);
    const refused = await t
      .as(officer)
      .post(`${API}/sub-processors`)
      .send({ ...body, agreementIds: [ended.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('agreementIds');
  });
});
