import { FakeClock } from '../src/common/clock';
import { createAgreementRecord, createController, createProcessor } from './factories';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

const COVERED = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((key) => [key, { covered: true, clauseRef: `art. 3.${key}` }]));
const COMPLETE = { subjectMatter: 'hosting', natureOfProcessing: 'storage', obligations: COVERED };

interface Listed {
  id: string;
  reference: string;
}

/** Lists an officer can work from: agreements with gaps, ending soon, by status; and the portfolio of Art. 28(3) gaps. */
describe('the agreement portfolio', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-06-15T10:00:00Z');
  let processorId: string;
  let controllerId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    processorId = await createProcessor(t, ADMIN_KEY, { name: 'Portfolio Hosting BV' });
    controllerId = await createController(t, ADMIN_KEY, { name: 'Gemeente Zaanstad' });
    const create = async (reference: string, body: Record<string, unknown>) => {
      ids[reference] = (await createAgreementRecord(t, ADMIN_KEY, { controllerId, processorId, reference, ...body })).id;
    };
    await create('P-complete', COMPLETE);
    await create('P-no-dsr-help', { ...COMPLETE, obligations: { ...COVERED, e: { covered: false, clauseRef: null } } });
    await create('P-blank-subject', { ...COMPLETE, subjectMatter: ' \u00a0' });
    await create('P-ends-july', { ...COMPLETE, endsAt: '2026-07-01T00:00:00Z' });
    await create('P-ends-2027', { ...COMPLETE, endsAt: '2027-01-01T00:00:00Z' });
    await create('P-ended', { ...COMPLETE, effectiveFrom: '2025-01-01T00:00:00Z', endsAt: '2026-06-15T10:00:00Z' });
    await create('P-scheduled-gaps', { effectiveFrom: '2026-09-01T00:00:00Z' });
  });

  afterAll(async () => {
    await t.close();
  });

  async function references(query: string): Promise<string[]> {
    const res = await t.as().get(`/api/v1/agreements?processorId=${processorId}&limit=100&${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as Listed[]).map((a) => a.reference).sort();
  }

  it('filters by hasGaps, as each agreement’s own gaps say', async () => {
    expect(await references('hasGaps=true')).toEqual(['P-blank-subject', 'P-no-dsr-help', 'P-scheduled-gaps']);
    expect(await references('hasGaps=false')).toEqual(['P-complete', 'P-ended', 'P-ends-2027', 'P-ends-july']);
    for (const reference of await references('hasGaps=true')) {
      const res = await t.as().get(`/api/v1/agreements/${ids[reference]}`);
      expect(res.body.gaps.length).toBeGreaterThan(0);
    }
  });

  it('filters by endingBefore: not yet ended, ending strictly before the instant', async () => {
    expect(await references('endingBefore=2026-07-01T00:00:00.001Z')).toEqual(['P-ends-july']);
    expect(await references('endingBefore=2026-07-01T00:00:00Z')).toEqual([]);
    expect(await references('endingBefore=2027-06-01T00:00:00Z')).toEqual(['P-ends-2027', 'P-ends-july']);
  });

  it('combines the filters with the status, each narrowing', async () => {
    expect(await references('status=scheduled&hasGaps=true')).toEqual(['P-scheduled-gaps']);
    expect(await references('status=ended')).toEqual(['P-ended']);
    expect(await references('status=active&hasGaps=false&endingBefore=2027-06-01T00:00:00Z')).toEqual(['P-ends-2027', 'P-ends-july']);
  });

  it('counts the portfolio’s gaps per obligation, naming the agreements, of the agreements not ended by default', async () => {
    const res = await t.as().get(`/api/v1/agreements/gaps?processorId=${processorId}`);
    expect(res.status).toBe(200);
    expect(res.body.agreementsChecked).toBe(6);
    expect(res.body.agreementsWithGaps).toBe(3);
    const gap = (key: string) => (res.body.gaps as { obligation: string; count: number; agreements: { reference: string; controllerName: string; status: string }[] }[]).find((g) => g.obligation === key)!;
    expect(gap('e').count).toBe(2);
    expect(gap('e').agreements.map((a) => [a.reference, a.controllerName, a.status])).toEqual([
      ['P-no-dsr-help', 'Gemeente Zaanstad', 'active'],
      ['P-scheduled-gaps', 'Gemeente Zaanstad', 'scheduled'],
    ]);
    expect(gap('subjectMatter').agreements.map((a) => a.reference)).toEqual(['P-blank-subject', 'P-scheduled-gaps']);
    expect(gap('purposes')).toMatchObject({ count: 0, agreements: [] });

    const ended = await t.as().get(`/api/v1/agreements/gaps?processorId=${processorId}&status=ended`);
    expect(ended.body).toMatchObject({ agreementsChecked: 1, agreementsWithGaps: 0 });
  });

  it('refuses a filter value it cannot read with 400 naming the field', async () => {
    for (const [query, field] of [
      ['hasGaps=yes', 'hasGaps'],
      ['endingBefore=next-week', 'endingBefore'],
    ]) {
      const res = await t.as().get(`/api/v1/agreements?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const res = await t.as().get('/api/v1/agreements/gaps?status=finished');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);
  });
});
