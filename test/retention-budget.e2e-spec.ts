import { Actor } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { SweepOptions } from '../src/retention/retention-sweep.service';
import { seedAgreement, seedContacts, seedController, seedInvoice, seedProcessor } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

const OFFICER: Actor = { id: 'officer-1', name: 'Officer Jansen', role: 'officer' };
const DUE = 1_000;
const KEPT = 250;

/**
 * Batches sized to the time budget walk the table in windows of blocks, the first one
 * block wide here so that a few hundred rows take several batches. What the row-batch
 * fault tests prove must hold for them too, and a hold or an agreement that arrives
 * between two batches keeps what the later batches reach.
 */
describe('retention sweep in block windows sized to a time budget', () => {
  let t: TestApp;
  let runs: RetentionRunsService;
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  /** Windows double while batches take under a quarter of the budget, as they do on these few rows. */
  const windows: SweepOptions = { firstBlocks: 1, budgetMs: 1000 };
  let clients: [string, string];

  const ledgerTotal = async (runId?: string) => {
    const [row] = await t.dataSource.query(`SELECT coalesce(sum(record_count), 0)::int AS n FROM erasure_ledger ${runId ? 'WHERE run_id = $1' : ''}`, runId ? [runId] : []);
    return row.n as number;
  };
  const remainingDue = (controllerId?: string) =>
    count(t.dataSource, `SELECT 1 FROM contacts WHERE last_activity_at < '2025-01-01' ${controllerId ? 'AND controller_id = $1' : ''}`, controllerId ? [controllerId] : []);
  const remainingKept = () => count(t.dataSource, `SELECT 1 FROM contacts WHERE last_activity_at >= '2026-01-01'`);
  /** Due contacts of a controller stored beyond the first block, the first batch's window. */
  const dueBeyondFirstBlock = (controllerId: string) => count(t.dataSource, `SELECT 1 FROM contacts WHERE last_activity_at < '2025-01-01' AND controller_id = $1 AND ctid >= '(1,0)'::tid`, [controllerId]);

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    runs = t.app.get(RetentionRunsService);
  });

  beforeEach(async () => {
    await t.dataSource.query('TRUNCATE contacts, invoices, legal_holds, erasure_ledger, retention_runs, processing_agreements CASCADE');
    await t.dataSource.query('DELETE FROM data_controllers');
    await t.dataSource.query(`UPDATE retention_policies SET action = CASE category WHEN 'contact' THEN 'delete' WHEN 'invoice' THEN 'anonymize' ELSE action END`);
    clients = [await seedController(t.dataSource, { name: 'A' }), await seedController(t.dataSource, { name: 'B' })];
    // Due and kept contacts of both controllers interleaved, so every window holds some of each.
    await seedContacts(
      t.dataSource,
      Array.from({ length: DUE + KEPT }, (_, i) => ({
        controllerId: clients[i % 2],
        name: `Person ${i + 1}`,
        email: `p${i + 1}@example.nl`,
        lastActivityAt: i % 5 === 4 ? '2026-03-01T10:00:00Z' : '2024-03-01T10:00:00Z',
      })),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('erases exactly what is due over several batches, each with its ledger row', async () => {
    const batches: number[] = [];
    const { id } = await runs.request({}, OFFICER);
    const run = await runs.execute(id, { ...windows, onBatch: ({ erased }) => void batches.push(erased) });
    expect(batches.length).toBeGreaterThan(2);
    expect(run.counts.contact).toMatchObject({ due: DUE, deleted: DUE });
    expect(await ledgerTotal(id)).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT);
    const ledger = await t.dataSource.query(`SELECT record_count FROM erasure_ledger WHERE run_id = $1 AND category = 'contact' ORDER BY id`, [id]);
    expect(ledger.map((l: { record_count: number }) => l.record_count)).toEqual(batches.filter((n) => n > 0));
  });

  it('resumes a run killed between batches: the ledger equals what is gone, kept rows untouched', async () => {
    const { id } = await runs.request({}, OFFICER);
    const crash = new Error('worker killed');
    let erasedBeforeCrash = 0;
    await expect(
      runs.execute(id, {
        ...windows,
        onBatch: ({ batch, erased }) => {
          erasedBeforeCrash += erased;
          if (batch === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(erasedBeforeCrash).toBeGreaterThan(0);
    expect(erasedBeforeCrash).toBeLessThan(DUE);
    expect(await ledgerTotal(id)).toBe(erasedBeforeCrash);
    expect(DUE - (await remainingDue())).toBe(erasedBeforeCrash);

    const resumed = await runs.execute(id, windows);
    expect(resumed.counts.contact).toMatchObject({ due: DUE, deleted: DUE });
    expect(await ledgerTotal(id)).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT);
  });

  it('lets two sweeps race without erasing a row twice: their ledgers add up to what is gone', async () => {
    const a = await runs.request({}, OFFICER);
    const b = await runs.request({}, OFFICER);
    await Promise.all([runs.execute(a.id, windows), runs.execute(b.id, windows)]);
    expect((await ledgerTotal(a.id)) + (await ledgerTotal(b.id))).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT);
  });

  it('keeps, from the next batch on, the records of a controller a legal hold is placed on during the run', async () => {
    const [free, held] = clients;
    const stillThere = await dueBeyondFirstBlock(held);
    expect(stillThere).toBeGreaterThan(0);
    const { id } = await runs.request({}, OFFICER);
    await runs.execute(id, {
      ...windows,
      onBatch: async ({ batch }) => {
        if (batch === 1)
          await t
            .as()
            .post('/api/v1/legal-holds')
            .send({ scope: { controllerId: held }, reason: 'Litigation, case 2026/17' })
            .expect(201);
      },
    });
    expect(await dueBeyondFirstBlock(held)).toBe(stillThere);
    expect(await remainingDue(held)).toBeLessThan(DUE / 2);
    expect(await remainingDue(free)).toBe(0);
  });

  it('keeps, from the next batch on, the contacts of a controller that signs an agreement during the run', async () => {
    const [free, signing] = clients;
    const processor = await seedProcessor(t.dataSource);
    const stillThere = await dueBeyondFirstBlock(signing);
    const { id } = await runs.request({}, OFFICER);
    await runs.execute(id, {
      ...windows,
      onBatch: async ({ batch }) => {
        if (batch === 1) await seedAgreement(t.dataSource, { controllerId: signing, processorId: processor });
      },
    });
    expect(await dueBeyondFirstBlock(signing)).toBe(stillThere);
    expect(await remainingDue(free)).toBe(0);
  });

  it('anonymises in windows without counting a rewritten row again', async () => {
    const [client] = clients;
    const invoices: string[] = [];
    for (let i = 0; i < 300; i++) invoices.push(await seedInvoice(t.dataSource, { controllerId: client, issuedAt: '2017-01-01T10:00:00Z' }));
    const { id } = await runs.request({}, OFFICER);
    const run = await runs.execute(id, windows);
    expect(run.counts.invoice).toMatchObject({ due: 300, anonymized: 300 });
    const [{ n }] = await t.dataSource.query(`SELECT coalesce(sum(record_count), 0)::int AS n FROM erasure_ledger WHERE run_id = $1 AND category = 'invoice'`, [id]);
    expect(n).toBe(300);
    expect(await count(t.dataSource, 'SELECT 1 FROM invoices WHERE billing_name IS NOT NULL')).toBe(0);
  });
});
