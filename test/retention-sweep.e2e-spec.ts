import { Actor } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { seedAgreement, seedContact, seedController, seedIncident, seedInvoice, seedProcessor } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';
import { auditEntries } from './utils/audit-log';

const OFFICER: Actor = { id: 'officer-1', name: 'Officer Jansen', role: 'officer' };

/**
 * The sweep against real Postgres, called directly (the queue adds nothing here; the
 * HTTP + queue path has its own file). "Now" is 1 June 2026 10:00 Amsterdam.
 */
describe('retention sweep: what it keeps and what it erases', () => {
  let t: TestApp;
  let runs: RetentionRunsService;
  const clock = new FakeClock('2026-06-01T08:00:00Z');

  const sweep = async (dryRun = false) => {
    const { id } = await runs.request({ dryRun }, OFFICER);
    return runs.execute(id);
  };
  const invoice = (id: string) => t.dataSource.query('SELECT billing_name, billing_address, billing_email, amount_cents, anonymized_at FROM invoices WHERE id = $1', [id]).then((r) => r[0]);
  const contactExists = async (id: string) => (await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [id])) === 1;

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    runs = t.app.get(RetentionRunsService);
  });

  beforeEach(async () => {
    clock.set('2026-06-01T08:00:00Z');
    await t.dataSource.query('TRUNCATE contacts, invoices, incidents, legal_holds, erasure_ledger, retention_runs, processing_agreements CASCADE');
    await t.dataSource.query('DELETE FROM data_controllers');
    await t.dataSource.query(`UPDATE retention_policies SET action = CASE category WHEN 'contact' THEN 'delete' WHEN 'invoice' THEN 'anonymize' ELSE action END`);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('keeps', () => {
    it('an invoice in its 7th year, and one issued 31 December 23:30 UTC (1 January in Amsterdam)', async () => {
      const client = await seedController(t.dataSource);
      const seventhYear = await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2019-01-01T10:00:00Z' }); // term ends 1 Jan 2027
      const newYearsEve = await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2018-12-31T23:30:00Z' }); // 2019 in Amsterdam
      const run = await sweep();
      expect(run.counts.invoice).toMatchObject({ due: 0, anonymized: 0, held: 0 });
      expect((await invoice(seventhYear)).billing_name).toBe('Piet de Vries');
      expect((await invoice(newYearsEve)).billing_name).toBe('Piet de Vries');
    });

    it('an invoice until the exact instant its 7 years have run, then erases it', async () => {
      const client = await seedController(t.dataSource);
      const id = await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2018-12-31T22:59:59.999Z' }); // 23:59:59.999 on 31 Dec 2018 Amsterdam
      clock.set('2025-12-31T22:59:59.999Z');
      expect((await sweep()).counts.invoice).toMatchObject({ due: 0, anonymized: 0 });
      expect((await invoice(id)).billing_name).toBe('Piet de Vries');
      clock.set('2025-12-31T23:00:00.000Z'); // 1 January 2026 00:00 Amsterdam
      expect((await sweep()).counts.invoice).toMatchObject({ due: 1, anonymized: 1 });
      expect((await invoice(id)).billing_name).toBeNull();
    });

    it('contacts with activity in the past year, and a leap-day contact until 28 February is over', async () => {
      const client = await seedController(t.dataSource);
      const recent = await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2025-06-02T08:00:00Z' });
      const leapDay = await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2024-02-29T11:00:00Z' });
      clock.set('2025-02-28T22:59:59.999Z');
      expect((await sweep()).counts.contact).toMatchObject({ due: 0, deleted: 0 });
      expect(await contactExists(leapDay)).toBe(true);
      clock.set('2025-02-28T23:00:00.000Z');
      expect((await sweep()).counts.contact).toMatchObject({ due: 1, deleted: 1 });
      expect(await contactExists(leapDay)).toBe(false);
      expect(await contactExists(recent)).toBe(true);
    });

    it('contacts of a controller whose agreement is still live, whatever their age', async () => {
      const processor = await seedProcessor(t.dataSource);
      const live = await seedController(t.dataSource, { name: 'Live client' });
      const leaving = await seedController(t.dataSource, { name: 'Leaving client' });
      const gone = await seedController(t.dataSource, { name: 'Former client' });
      await seedAgreement(t.dataSource, { controllerId: live, processorId: processor });
      await seedAgreement(t.dataSource, { controllerId: leaving, processorId: processor, terminatedAt: '2025-12-01T00:00:00Z', terminationEffectiveAt: '2026-07-01T00:00:00Z' });
      await seedAgreement(t.dataSource, { controllerId: gone, processorId: processor, terminatedAt: '2023-12-01T00:00:00Z', terminationEffectiveAt: '2024-01-01T00:00:00Z' });
      const liveContact = await seedContact(t.dataSource, { controllerId: live, lastActivityAt: '2020-01-01T10:00:00Z' });
      const leavingContact = await seedContact(t.dataSource, { controllerId: leaving, lastActivityAt: '2020-01-01T10:00:00Z' });
      const goneContact = await seedContact(t.dataSource, { controllerId: gone, lastActivityAt: '2020-01-01T10:00:00Z' });
      const run = await sweep();
      expect(run.counts.contact).toMatchObject({ due: 1, deleted: 1, activeAgreement: 2, held: 0 });
      expect(await contactExists(liveContact)).toBe(true);
      expect(await contactExists(leavingContact)).toBe(true);
      expect(await contactExists(goneContact)).toBe(false);
    });

    it('contacts of a controller whose fixed-term agreement has not reached its end date; not after it', async () => {
      const processor = await seedProcessor(t.dataSource);
      const running = await seedController(t.dataSource, { name: 'Fixed term, running' });
      const expired = await seedController(t.dataSource, { name: 'Fixed term, expired' });
      await seedAgreement(t.dataSource, { controllerId: running, processorId: processor, endsAt: '2026-12-31T23:00:00Z' });
      await seedAgreement(t.dataSource, { controllerId: expired, processorId: processor, endsAt: '2025-12-31T23:00:00Z' });
      const runningContact = await seedContact(t.dataSource, { controllerId: running, lastActivityAt: '2020-01-01T10:00:00Z' });
      const expiredContact = await seedContact(t.dataSource, { controllerId: expired, lastActivityAt: '2020-01-01T10:00:00Z' });
      const run = await sweep();
      expect(run.counts.contact).toMatchObject({ due: 1, deleted: 1, activeAgreement: 1 });
      expect(await contactExists(runningContact)).toBe(true);
      expect(await contactExists(expiredContact)).toBe(false);
    });

    it('everything of a controller under a legal hold, and erases it after release', async () => {
      const held = await seedController(t.dataSource, { name: 'In litigation' });
      const free = await seedController(t.dataSource, { name: 'Not in litigation' });
      const heldInvoice = await seedInvoice(t.dataSource, { controllerId: held, issuedAt: '2015-05-01T10:00:00Z' });
      const heldContact = await seedContact(t.dataSource, { controllerId: held, lastActivityAt: '2020-01-01T10:00:00Z' });
      const freeInvoice = await seedInvoice(t.dataSource, { controllerId: free, issuedAt: '2015-05-01T10:00:00Z' });
      const hold = await t
        .as()
        .post('/api/v1/legal-holds')
        .send({ scope: { controllerId: held }, reason: 'Litigation, case 2026/17' });
      expect(hold.status).toBe(201);

      const run = await sweep();
      expect(run.counts.invoice).toMatchObject({ due: 1, anonymized: 1, held: 1 });
      expect(run.counts.contact).toMatchObject({ due: 0, deleted: 0, held: 1 });
      expect((await invoice(heldInvoice)).billing_name).toBe('Piet de Vries');
      expect(await contactExists(heldContact)).toBe(true);
      expect((await invoice(freeInvoice)).billing_name).toBeNull();

      expect((await t.as().post(`/api/v1/legal-holds/${hold.body.id}/release`).send({ reason: 'Settled' })).status).toBe(200);
      const after = await sweep();
      expect(after.counts.invoice).toMatchObject({ due: 1, anonymized: 1, held: 0 });
      expect(await contactExists(heldContact)).toBe(false);
    });

    it('a whole category under a legal hold, for every controller', async () => {
      const a = await seedController(t.dataSource, { name: 'A' });
      const b = await seedController(t.dataSource, { name: 'B' });
      const contacts = [
        await seedContact(t.dataSource, { controllerId: a, lastActivityAt: '2020-01-01T10:00:00Z' }),
        await seedContact(t.dataSource, { controllerId: b, lastActivityAt: '2020-01-01T10:00:00Z' }),
      ];
      const oldInvoice = await seedInvoice(t.dataSource, { controllerId: b, issuedAt: '2010-01-01T10:00:00Z' });
      await t
        .as()
        .post('/api/v1/legal-holds')
        .send({ scope: { category: 'contact' }, reason: 'AP investigation into contact handling' })
        .expect(201);
      const run = await sweep();
      expect(run.counts.contact).toMatchObject({ due: 0, deleted: 0, held: 2 });
      for (const id of contacts) expect(await contactExists(id)).toBe(true);
      expect((await invoice(oldInvoice)).billing_name).toBeNull();
    });

    it('everything on a dry run, which still counts what is due and held', async () => {
      const client = await seedController(t.dataSource);
      const other = await seedController(t.dataSource, { name: 'Held' });
      const ids = [await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2016-03-01T10:00:00Z' }), await seedInvoice(t.dataSource, { controllerId: other, issuedAt: '2016-03-01T10:00:00Z' })];
      const contact = await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2021-01-01T10:00:00Z' });
      await t
        .as()
        .post('/api/v1/legal-holds')
        .send({ scope: { controllerId: other, category: 'invoice' }, reason: 'Tax audit' })
        .expect(201);
      const run = await sweep(true);
      expect(run).toMatchObject({ status: 'completed', dryRun: true });
      expect(run.counts.invoice).toMatchObject({ due: 1, held: 1, anonymized: 0 });
      expect(run.counts.contact).toMatchObject({ due: 1, held: 0, deleted: 0 });
      for (const id of ids) expect((await invoice(id)).billing_name).toBe('Piet de Vries');
      expect(await contactExists(contact)).toBe(true);
      expect(await count(t.dataSource, 'SELECT 1 FROM erasure_ledger')).toBe(0);
    });

    it('non-personal invoice fields when anonymising: amount, number, date', async () => {
      const client = await seedController(t.dataSource);
      const id = await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2017-04-01T10:00:00Z', amountCents: 99_950 });
      await sweep();
      const row = await invoice(id);
      expect(row).toMatchObject({ billing_name: null, billing_address: null, billing_email: null, amount_cents: '99950' });
      expect(row.anonymized_at).toEqual(clock.now());
    });
  });

  describe('incident reports', () => {
    const incident = (processorId: string, awareAt: string, closed: boolean, controllerId?: string) =>
      seedIncident(t.dataSource, {
        processorId,
        awareAt,
        closedAt: closed ? awareAt : null,
        controllerIds: controllerId ? [controllerId] : [],
        description: 'Unencrypted laptop stolen from a car',
        reporter: { name: 'Karin de Boer', email: 'karin@hosting.nl' },
      });
    const reporter = async (id: string) => (await t.dataSource.query('SELECT reporter_name, reporter_email, description FROM incidents WHERE id = $1', [id]))[0];

    it('keeps open incidents, incidents of the last five years and held ones; anonymises the reporter of the rest, keeping the facts', async () => {
      const processor = await seedProcessor(t.dataSource);
      const litigant = await seedController(t.dataSource, { name: 'In litigation' });
      const open = await incident(processor, '2019-05-01T10:00:00Z', false);
      const recent = await incident(processor, '2021-06-02T10:00:00Z', true);
      const held = await incident(processor, '2019-05-01T10:00:00Z', true, litigant);
      const old = await incident(processor, '2021-05-31T10:00:00Z', true);
      await t
        .as()
        .post('/api/v1/legal-holds')
        .send({ scope: { controllerId: litigant }, reason: 'Claim over the 2019 breach' })
        .expect(201);

      const run = await sweep();
      expect(run.counts.incident).toMatchObject({ due: 1, anonymized: 1, held: 1 });
      for (const id of [open, recent, held]) expect((await reporter(id)).reporter_name).toBe('Karin de Boer');
      expect(await reporter(old)).toEqual({ reporter_name: 'anonymised', reporter_email: 'anonymised@invalid', description: 'Unencrypted laptop stolen from a car' });
      expect((await sweep()).counts.incident).toMatchObject({ due: 0, anonymized: 0, held: 1 });
    });

    it('refuses to delete incident reports outright', async () => {
      const res = await t.as().put('/api/v1/retention-policies/incident').send({ period: 'P5Y', anchor: 'event_day', action: 'delete', legalBasis: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('action');
    });
  });

  describe('erases', () => {
    it('what is past its term in batches, proving each batch in the ledger without the content', async () => {
      const client = await seedController(t.dataSource);
      for (let i = 0; i < 7; i++) await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2024-01-01T10:00:00Z', name: `Person ${i}` });
      await t.dataSource.query(`UPDATE retention_policies SET action = 'delete' WHERE category = 'invoice'`);
      for (let i = 0; i < 3; i++) await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2017-01-01T10:00:00Z' });
      const { id } = await runs.request({}, OFFICER);
      const run = await runs.execute(id, { batchSize: 3 });
      expect(run.counts.contact).toMatchObject({ due: 7, deleted: 7, held: 0, cutoff: '2025-05-31T22:00:00.000Z' });
      expect(run.counts.invoice).toMatchObject({ due: 3, deleted: 3 });
      expect(run.counts.incident).toMatchObject({ due: 0, anonymized: 0 });
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts')).toBe(0);
      expect(await count(t.dataSource, 'SELECT 1 FROM invoices')).toBe(0);

      const ledger = (await t.as().get(`/api/v1/retention/runs/${id}/ledger`)).body as Record<string, unknown>[];
      expect(ledger.filter((e) => e.category === 'contact').map((e) => e.recordCount)).toEqual([3, 3, 1]);
      expect(ledger.find((e) => e.category === 'contact')).toMatchObject({ runId: id, policyPeriod: 'P1Y', policyAnchor: 'event_day', action: 'delete', cutoff: '2025-05-31T22:00:00.000Z' });
      expect(JSON.stringify(ledger)).not.toMatch(/Person|Piet|example\.nl/);
    });

    it('leaves one audit entry per run with its totals, and announces retention.completed', async () => {
      const client = await seedController(t.dataSource);
      await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2023-01-01T10:00:00Z' });
      await t.dataSource.query(`INSERT INTO webhooks (url, events, secret) VALUES ('http://127.0.0.1:9/hook', '{retention.completed}', 's3cret')`);
      const { id } = await runs.request({}, OFFICER);
      await runs.execute(id, { batchSize: 1 });
      const audit = await auditEntries(t.dataSource, `a.entity_type = 'retention_run' AND a.entity_id = $1`, [id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_name).toBe('Officer Jansen');
      expect(audit[0].after.counts.contact).toMatchObject({ due: 1, deleted: 1 });
      const [delivery] = await t.dataSource.query(`SELECT body FROM webhook_deliveries WHERE event = 'retention.completed'`);
      expect(JSON.parse(delivery.body).data).toMatchObject({ runId: id, counts: { contact: { deleted: 1 } } });
    });

    it('does nothing to a completed run asked to run again', async () => {
      const client = await seedController(t.dataSource);
      await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2023-01-01T10:00:00Z' });
      const { id } = await runs.request({}, OFFICER);
      const first = await runs.execute(id);
      await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2023-01-01T10:00:00Z' });
      const again = await runs.execute(id);
      expect(again.counts).toEqual(first.counts);
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts')).toBe(1);
    });
  });
});
