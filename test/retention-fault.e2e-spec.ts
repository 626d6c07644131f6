import { Actor } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { seedContact, seedContacts, seedController } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

const OFFICER: Actor = { id: 'officer-1', name: 'Officer Jansen', role: 'officer' };
const DUE = 1_000;
const KEPT = 250;

/**
 * A sweep killed mid-way and rerun: the ledger must say exactly what is gone — nothing
 * erased twice, nothing missed, and what must stay still there.
 */
describe('retention sweep under faults', () => {
  let t: TestApp;
  let runs: RetentionRunsService;
  const clock = new FakeClock('2026-06-01T08:00:00Z');

  const ledgerTotal = async (runId?: string) => {
    const [row] = await t.dataSource.query(`SELECT coalesce(sum(record_count), 0)::int AS n FROM erasure_ledger ${runId ? 'WHERE run_id = $1' : ''}`, runId ? [runId] : []);
    return row.n as number;
  };
  const remainingDue = () => count(t.dataSource, `SELECT 1 FROM contacts WHERE last_activity_at < '2025-01-01'`);
  const remainingKept = () => count(t.dataSource, `SELECT 1 FROM contacts WHERE last_activity_at >= '2026-01-01'`);

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    runs = t.app.get(RetentionRunsService);
  });

  beforeEach(async () => {
    await t.dataSource.query('TRUNCATE contacts, invoices, erasure_ledger, retention_runs CASCADE');
    const client = await seedController(t.dataSource);
    await seedContacts(
      t.dataSource,
      Array.from({ length: DUE + KEPT }, (_, i) => ({
        controllerId: client,
        name: `Person ${i + 1}`,
        email: `p${i + 1}@example.nl`,
        lastActivityAt: i < DUE ? '2024-03-01T10:00:00Z' : '2026-03-01T10:00:00Z',
      })),
    );
    await seedContact(t.dataSource, { controllerId: client, lastActivityAt: '2026-05-31T10:00:00Z' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('resumes a run killed between batches: the ledger equals what is gone, kept rows untouched', async () => {
    const { id } = await runs.request({}, OFFICER);
    const crash = new Error('worker killed');
    await expect(
      runs.execute(id, {
        batchSize: 100,
        onBatch: ({ batch }) => {
          if (batch === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);

    expect(await ledgerTotal(id)).toBe(300);
    expect(DUE - (await remainingDue())).toBe(300);
    expect((await runs.get(id)).status).toBe('failed');

    const resumed = await runs.execute(id, { batchSize: 100 });
    expect(resumed.status).toBe('completed');
    expect(resumed.counts.contact).toMatchObject({ due: DUE, deleted: DUE });
    expect(await ledgerTotal(id)).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT + 1);
  });

  it('rolls back a batch that fails inside the database together with its ledger row, and a new run finishes the job', async () => {
    // A tripwire: deleting this one contact fails the statement, as a killed backend would.
    const [{ id: tripwire }] = await t.dataSource.query(`SELECT id FROM contacts WHERE name = 'Person 450'`);
    await t.dataSource.query(`
      CREATE FUNCTION tripwire() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF OLD.id = '${tripwire}' THEN RAISE EXCEPTION 'backend terminated'; END IF; RETURN OLD; END $$`);
    await t.dataSource.query(`CREATE TRIGGER tripwire BEFORE DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION tripwire()`);
    try {
      const first = await runs.request({}, OFFICER);
      await expect(runs.execute(first.id, { batchSize: 100 })).rejects.toThrow('backend terminated');
      const erased = await ledgerTotal(first.id);
      expect(erased % 100).toBe(0);
      expect(erased).toBeLessThan(DUE);
      expect(DUE - (await remainingDue())).toBe(erased);
      expect(await count(t.dataSource, 'SELECT 1 FROM contacts WHERE id = $1', [tripwire])).toBe(1);
    } finally {
      await t.dataSource.query('DROP TRIGGER tripwire ON contacts; DROP FUNCTION tripwire()');
    }

    const second = await runs.request({}, OFFICER);
    const rerun = await runs.execute(second.id, { batchSize: 100 });
    expect(rerun.status).toBe('completed');
    expect(await ledgerTotal()).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT + 1);
  });

  it('lets two sweeps race without erasing a row twice: their ledgers add up to what is gone', async () => {
    const a = await runs.request({}, OFFICER);
    const b = await runs.request({}, OFFICER);
    await Promise.all([runs.execute(a.id, { batchSize: 50 }), runs.execute(b.id, { batchSize: 50 })]);
    expect((await ledgerTotal(a.id)) + (await ledgerTotal(b.id))).toBe(DUE);
    expect(await remainingDue()).toBe(0);
    expect(await remainingKept()).toBe(KEPT + 1);
  });

  it('stops between batches when told to shut down, and the next attempt completes', async () => {
    const { id } = await runs.request({}, OFFICER);
    const shutdown = new AbortController();
    await expect(
      runs.execute(id, {
        batchSize: 200,
        signal: shutdown.signal,
        onBatch: ({ batch }) => {
          if (batch === 2) shutdown.abort();
        },
      }),
    ).rejects.toThrow('stopped after 400 records');
    expect(await ledgerTotal(id)).toBe(400);
    expect((await runs.execute(id)).counts.contact).toMatchObject({ due: DUE, deleted: DUE });
    expect(await remainingDue()).toBe(0);
  });
});
