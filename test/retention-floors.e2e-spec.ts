import { Actor } from '../src/common/actor';
import { FakeClock } from '../src/common/clock';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { RetentionTargets } from '../src/retention/retention-target';
import { seedIncident, seedProcessor } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

const OFFICER: Actor = { id: 'officer-1', name: 'Officer Jansen', role: 'officer' };
const INCIDENT_POLICY = { period: 'P5Y', anchor: 'event_day', action: 'anonymize', legalBasis: 'Art. 33(5) GDPR; Art. 5:45 Awb' };
const INVOICE_POLICY = { period: 'P7Y', anchor: 'end_of_financial_year', action: 'anonymize', legalBasis: 'Art. 52(4) AWR' };

/** No retention policy may be shorter than the law, or the service's own proof, needs. "Now" is 1 June 2026. */
describe('retention floors', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  const clock = new FakeClock('2026-06-01T08:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    officer = await t.keyFor('officer');
    auditor = await t.keyFor('auditor');
  });

  afterAll(async () => {
    await t.close();
  });

  const put = (category: string, body: Record<string, unknown>) => t.as(officer).put(`/api/v1/retention-policies/${category}`).send(body);
  const stored = async (category: string) => (await t.dataSource.query(`SELECT period, action, legal_basis FROM retention_policies WHERE category = $1`, [category]))[0];
  const audited = () => count(t.dataSource, `SELECT 1 FROM audit_log WHERE action = 'retention_policy.updated'`);

  async function refusedBelowFloor(category: string, body: Record<string, unknown>, periods: string[], mentions: string[]): Promise<void> {
    const before = [await stored(category), await audited()];
    for (const period of periods) {
      const res = await put(category, { ...body, period });
      expect({ period, status: res.status, type: res.body.type }).toEqual({ period, status: 422, type: '/problems/rule-broken' });
      expect(res.body.errors).toEqual([{ field: 'period', message: expect.stringContaining(`may not be kept shorter than`) as string }]);
      for (const mention of mentions) expect(res.body.errors[0].message).toContain(mention);
      expect(res.body.detail).toBe(res.body.errors[0].message);
    }
    expect([await stored(category), await audited()]).toEqual(before);
  }

  it('refuses an incident policy shorter than five years with 422 naming the floor and its legal ground', async () => {
    await refusedBelowFloor('incident', INCIDENT_POLICY, ['P0D', 'P4Y11M', 'P1Y', 'P1826D'], ['P5Y', 'Art. 33(5) GDPR', 'Art. 5:45 Awb']);
    const longer = await put('incident', { ...INCIDENT_POLICY, period: 'P6Y' });
    expect(longer.status).toBe(200);
    expect(longer.body).toMatchObject({ category: 'incident', period: 'P6Y' });
    expect((await put('incident', INCIDENT_POLICY)).status).toBe(200);
  });

  it('refuses an invoice policy shorter than seven years with 422 naming the floor and its legal ground', async () => {
    await refusedBelowFloor('invoice', INVOICE_POLICY, ['P0D', 'P6Y11M'], ['P7Y', 'Art. 52(4) AWR']);
    expect((await put('invoice', INVOICE_POLICY)).status).toBe(200);
  });

  it('shows each floor with its ground on the policies; categories without one show null', async () => {
    const res = await t.as(auditor).get('/api/v1/retention-policies');
    const floor = (category: string) => (res.body as { category: string; minimumPeriod: unknown }[]).find((p) => p.category === category)?.minimumPeriod;
    expect(floor('incident')).toEqual({ period: 'P5Y', reason: expect.stringContaining('Art. 5:45 Awb') as string });
    expect(floor('invoice')).toEqual({ period: 'P7Y', reason: expect.stringContaining('Art. 52(4) AWR') as string });
    expect(floor('contact')).toBeNull();
    expect((await t.as(auditor).get('/api/v1/retention-policies/incident')).body.minimumPeriod.period).toBe('P5Y');
  });

  it('never erases before the floor, even under a policy stored shorter before the floor existed', async () => {
    await t.dataSource.query(`UPDATE retention_policies SET period = 'P0D' WHERE category = 'incident'`);
    try {
      const processorId = await seedProcessor(t.dataSource);
      const reporter = { name: 'Karin de Boer', email: 'karin@hosting.nl' };
      const young = await seedIncident(t.dataSource, { processorId, awareAt: '2024-06-01T10:00:00Z', closedAt: '2024-06-10T10:00:00Z', reporter });
      const old = await seedIncident(t.dataSource, { processorId, awareAt: '2021-05-01T10:00:00Z', closedAt: '2021-05-10T10:00:00Z', reporter });
      const runs = t.app.get(RetentionRunsService);
      const run = await runs.execute((await runs.request({}, OFFICER)).id);
      expect(run.counts.incident).toMatchObject({ due: 1, anonymized: 1 });
      const names = await t.dataSource.query(`SELECT id, reporter_name FROM incidents WHERE id IN ($1, $2)`, [young, old]);
      expect(Object.fromEntries(names.map((r: { id: string; reporter_name: string }) => [r.id, r.reporter_name]))).toEqual({ [young]: 'Karin de Boer', [old]: 'anonymised' });
      const ledger = await t.dataSource.query(`SELECT policy_period, record_count FROM erasure_ledger WHERE category = 'incident'`);
      expect(ledger).toEqual([{ policy_period: 'P5Y', record_count: 1 }]);
    } finally {
      await t.dataSource.query(`UPDATE retention_policies SET period = 'P5Y' WHERE category = 'incident'`);
    }
  });

  it('keeps the erasure ledger and what deletion certificates are made of for good: no retention target erases them', () => {
    const targets = t.app.get(RetentionTargets);
    const registered = targets.names().map((name) => targets.get(name));
    const tables = registered.map((target) => target.table);
    for (const proof of ['erasure_ledger', 'retention_runs', 'deletion_tasks', 'deletion_confirmations', 'processing_agreements', 'agreement_data_stores']) expect(tables).not.toContain(proof);
    // The returned copy loses its content; the row with its checksum, which the certificate cites, stays.
    expect(targets.get('data_export')).toMatchObject({ table: 'data_exports', actions: ['anonymize'] });
  });
});
