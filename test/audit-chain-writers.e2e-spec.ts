import { createAgreement, createController, createProcessor, incidentBody } from './factories';
import { count } from './utils/count';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

const API = '/api/v1';

/**
 * Each process links its audit entries to the head it expects before it takes the chain's
 * lock. Two processes on one database, reporting at once, expect wrongly all the time: every
 * entry must still link to the one committed before it.
 */
describe('audit chain: writers that expect the wrong head', () => {
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    one = await startTestApp({ workers: false });
    two = await startTestApp({ workers: false, databaseName: one.databaseName });
  });

  afterAll(async () => {
    await two?.close({ keepDatabase: true });
    await one?.close();
  });

  it('appends every report once, in a chain that verifies, however the writers interleave', async () => {
    const processorId = await createProcessor(one, ADMIN_KEY);
    const controllerId = await createController(one, ADMIN_KEY);
    await createAgreement(one, ADMIN_KEY, { controllerId, processorId });
    const before = await count(one.dataSource, `SELECT 1 FROM audit_log`);

    const reports = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? two : one)
          .as()
          .post(`${API}/incidents`)
          .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title: `Report ${i}` })),
      ),
    );

    expect(reports.map((r) => r.status)).toEqual(reports.map(() => 201));
    expect(await count(one.dataSource, `SELECT 1 FROM audit_log`)).toBe(before + 24);
    expect(await count(one.dataSource, `SELECT DISTINCT entity_id FROM audit_log WHERE action = 'incident.reported'`)).toBe(24);
    expect((await one.as().get(`${API}/audit-log/verify`)).body).toMatchObject({ valid: true, entries: before + 24 });
  });
});
