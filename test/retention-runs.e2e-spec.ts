import { JobQueues } from '../src/jobs/job-queues';
import { JobReconciler } from '../src/jobs/job-reconciler';
import { RetentionQueue } from '../src/retention/retention.queue';
import { NIGHTLY_SWEEP_SCHEDULER_ID, RetentionRunsService } from '../src/retention/retention-runs.service';
import { seedContact, seedController, seedInvoice } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';
import { auditEntries } from './utils/audit-log';

/** Policies, holds and runs over HTTP, with the real retention queue and its worker. */
describe('retention over HTTP and the queue', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
  });

  afterAll(async () => {
    await t.close();
  });

  async function waitForRun(id: string): Promise<{ status: string; counts: Record<string, Record<string, number>> }> {
    for (;;) {
      const res = await t.as(auditor).get(`/api/v1/retention/runs/${id}`);
      expect(res.status).toBe(200);
      if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  describe('policies', () => {
    it('lists the seeded defaults with their legal basis', async () => {
      const res = await t.as(auditor).get('/api/v1/retention-policies');
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({ category: 'contact', period: 'P1Y', anchor: 'event_day', anchorField: 'lastActivityAt', action: 'delete' }),
        expect.objectContaining({ category: 'data_export', period: 'P30D', anchor: 'event_day', anchorField: 'createdAt', action: 'anonymize', legalBasis: expect.stringContaining('28(3)(g)') }),
        expect.objectContaining({
          category: 'data_subject_request',
          period: 'P3Y',
          anchor: 'event_day',
          anchorField: 'completedAt',
          action: 'anonymize',
          minimumPeriod: expect.objectContaining({ period: 'P3Y' }),
        }),
        expect.objectContaining({ category: 'email_message', period: 'P90D', action: 'delete' }),
        expect.objectContaining({ category: 'idempotency_key', period: 'P7D', action: 'delete' }),
        expect.objectContaining({ category: 'incident', period: 'P5Y', anchor: 'event_day', action: 'anonymize', legalBasis: expect.stringContaining('33(5)') }),
        expect.objectContaining({ category: 'invoice', period: 'P7Y', anchor: 'end_of_financial_year', anchorField: 'issuedAt', action: 'anonymize', legalBasis: expect.stringContaining('52(4)') }),
        expect.objectContaining({ category: 'webhook_delivery', period: 'P90D', action: 'delete' }),
      ]);
    });

    it('refuses an invoice policy counted from the day of issue, which would erase invoices before their fiscal 7 years', async () => {
      const res = await t.as(officer).put('/api/v1/retention-policies/invoice').send({ period: 'P7Y', anchor: 'event_day', action: 'anonymize', legalBasis: 'Art. 52(4) AWR' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('anchor');
      expect((await t.as(auditor).get('/api/v1/retention-policies/invoice')).body.anchor).toBe('end_of_financial_year');
    });

    it('lets the officer change a policy, audited, and the auditor only read it', async () => {
      const body = { period: 'P10Y', anchor: 'end_of_financial_year', action: 'delete', legalBasis: 'Art. 52(4) AWR; real estate: 10 years' };
      expect((await t.as(auditor).put('/api/v1/retention-policies/invoice').send(body)).status).toBe(403);
      const res = await t.as(officer).put('/api/v1/retention-policies/invoice').send(body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ category: 'invoice', period: 'P10Y', action: 'delete' });
      expect((await t.as(auditor).get('/api/v1/retention-policies/invoice')).body.period).toBe('P10Y');
      const entry = (await auditEntries(t.dataSource, `a.action = 'retention_policy.updated'`)).at(-1)!;
      expect(entry.before.period).toBe('P7Y');
      expect(entry.after.period).toBe('P10Y');
      await t
        .as(officer)
        .put('/api/v1/retention-policies/invoice')
        .send({ ...body, period: 'P7Y', action: 'anonymize' })
        .expect(200);
    });

    it('refuses what is not a calendar period, a period under the legal minimum, a wrong anchor and an unknown category', async () => {
      const base = { period: 'P1Y', anchor: 'event_day', action: 'delete', legalBasis: 'x' };
      const notPeriod = await t
        .as(officer)
        .put('/api/v1/retention-policies/contact')
        .send({ ...base, period: '1 year' });
      expect(notPeriod.status).toBe(400);
      expect(notPeriod.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
      const hours = await t
        .as(officer)
        .put('/api/v1/retention-policies/contact')
        .send({ ...base, period: 'PT24H', colour: 'red' });
      expect(hours.status).toBe(400);
      expect(hours.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['period', 'colour']));
      const tooShort = await t
        .as(officer)
        .put('/api/v1/retention-policies/invoice')
        .send({ ...base, period: 'P6Y11M', anchor: 'end_of_financial_year' });
      expect(tooShort.status).toBe(422);
      expect(tooShort.body.errors[0]).toMatchObject({ field: 'period', message: expect.stringContaining('7 years') });
      const anchor = await t
        .as(officer)
        .put('/api/v1/retention-policies/contact')
        .send({ ...base, anchor: 'end_of_financial_year' });
      expect(anchor.status).toBe(422);
      expect(anchor.body.errors[0].field).toBe('anchor');
      expect((await t.as(officer).put('/api/v1/retention-policies/e-mail').send(base)).status).toBe(404);
      expect((await t.as(auditor).get('/api/v1/retention-policies/contact')).body.period).toBe('P1Y');
    });
  });

  describe('legal holds', () => {
    it('needs a scope, a known controller and a reason; release is once', async () => {
      const empty = await t.as(officer).post('/api/v1/legal-holds').send({ scope: {}, reason: 'x' });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].field).toBe('scope');
      const bad = await t
        .as(officer)
        .post('/api/v1/legal-holds')
        .send({ scope: { category: 'email' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['scope.category', 'reason']));
      const unknown = await t
        .as(officer)
        .post('/api/v1/legal-holds')
        .send({ scope: { controllerId: '00000000-0000-4000-8000-000000000000' }, reason: 'x' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].field).toBe('scope.controllerId');
      expect(
        (
          await t
            .as(auditor)
            .post('/api/v1/legal-holds')
            .send({ scope: { category: 'invoice' }, reason: 'x' })
        ).status,
      ).toBe(403);

      const hold = await t
        .as(officer)
        .post('/api/v1/legal-holds')
        .send({ scope: { category: 'invoice' }, reason: 'Tax audit 2026' });
      expect(hold.status).toBe(201);
      expect(hold.body).toMatchObject({ scope: { category: 'invoice', controllerId: null }, active: true, placedBy: 'officer key' });
      const listed = await t.as(auditor).get('/api/v1/legal-holds?active=true');
      expect(listed.body.items.map((h: { id: string }) => h.id)).toContain(hold.body.id);
      const released = await t.as(officer).post(`/api/v1/legal-holds/${hold.body.id}/release`).send({});
      expect(released.status).toBe(200);
      expect(released.body.active).toBe(false);
      expect((await t.as(officer).post(`/api/v1/legal-holds/${hold.body.id}/release`).send({})).status).toBe(409);
      expect((await t.as(officer).post('/api/v1/legal-holds/00000000-0000-4000-8000-000000000000/release').send({})).status).toBe(404);
      const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [hold.body.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['legal_hold.placed', 'legal_hold.released']);
    });
  });

  describe('runs', () => {
    it('runs a sweep through the queue: 202 with an id, then counts per category', async () => {
      const client = await seedController(t.dataSource);
      const kept = await seedContact(t.dataSource, { controllerId: client, lastActivityAt: new Date().toISOString() });
      await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2020-01-01T10:00:00Z' });
      await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2015-01-01T10:00:00Z' });
      const recentInvoice = await seedInvoice(t.dataSource, { controllerId: client, issuedAt: new Date().toISOString() });

      expect((await t.as(auditor).post('/api/v1/retention/runs').send({})).status).toBe(403);
      const dry = await t.as(officer).post('/api/v1/retention/runs').send({ dryRun: true });
      expect(dry.status).toBe(202);
      const dryRun = await waitForRun(dry.body.id);
      expect(dryRun).toMatchObject({ status: 'completed', dryRun: true, counts: { contact: { due: 1, deleted: 0 }, invoice: { due: 1, anonymized: 0 } } });
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts')).toBe(2);

      const res = await t.as(officer).post('/api/v1/retention/runs').send({});
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.any(String) });
      const run = await waitForRun(res.body.id);
      expect(run).toMatchObject({ status: 'completed', dryRun: false, trigger: 'manual', requestedBy: 'officer key' });
      expect(run.counts.contact).toMatchObject({ due: 1, deleted: 1, held: 0 });
      expect(run.counts.invoice).toMatchObject({ due: 1, anonymized: 1, held: 0 });
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [kept])).toBe(1);
      expect(await count(t.dataSource, 'SELECT 1 FROM invoices WHERE id = $1 AND billing_name IS NOT NULL', [recentInvoice])).toBe(1);

      const list = await t.as(auditor).get('/api/v1/retention/runs?limit=1');
      expect(list.body.items[0].id).toBe(res.body.id);
      expect((await t.as(auditor).get('/api/v1/retention/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.as(officer).post('/api/v1/retention/runs').send({ dryRun: 'yes' })).status).toBe(400);
    });

    it('registers one nightly scheduler at 02:30 Amsterdam, idempotently', async () => {
      await t.app.get(RetentionRunsService).registerNightlySweep();
      await t.app.get(RetentionRunsService).registerNightlySweep();
      const queue = t.app.get(JobQueues).queue(RetentionQueue);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: NIGHTLY_SWEEP_SCHEDULER_ID, pattern: '30 2 * * *', tz: 'Europe/Amsterdam' });
    });

    it('runs a run whose job Redis lost, once the reconciler has been round', async () => {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO retention_runs (dry_run, trigger, status, requested_by_id, requested_by_name, requested_by_role) VALUES (true, 'manual', 'queued', 'k1', 'officer key', 'officer') RETURNING id`,
      );
      await t.app.get(JobReconciler).reconcile();
      const status = await waitFor('the lost run to complete', async () => {
        const [row] = await t.dataSource.query('SELECT status FROM retention_runs WHERE id = $1', [id]);
        return row.status === 'completed' || row.status === 'failed' ? (row.status as string) : undefined;
      });
      expect(status).toBe('completed');
    });

    it('brings the nightly scheduler back at the next reconcile when Redis lost it', async () => {
      const queue = t.app.get(JobQueues).queue(RetentionQueue);
      await queue.removeJobScheduler(NIGHTLY_SWEEP_SCHEDULER_ID);
      expect(await queue.getJobSchedulers()).toHaveLength(0);
      await t.app.get(JobReconciler).reconcile();
      expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: NIGHTLY_SWEEP_SCHEDULER_ID, pattern: '30 2 * * *', tz: 'Europe/Amsterdam' })]);
    });
  });
});
