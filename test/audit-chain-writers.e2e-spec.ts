import { AuditService } from '../src/audit/audit.service';
import { SYSTEM_ACTOR } from '../src/common/actor';
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

/**
 * An audited change commits without waiting for the disk: Postgres releases the chain's lock
 * only after the flush otherwise. That must not outlive its transaction on the pooled connection.
 */
describe('audit chain: the commit of an audited change', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('skips the flush only inside its own transaction, leaving the connection to commit synchronously after', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const audit = t.app.get(AuditService);
      const recorded = await audit.record(runner.manager, SYSTEM_ACTOR, audit.prepare([{ action: 'test.audited', entityType: 'test', entityId: 'one', after: { n: 1 } }]));
      expect(recorded).toBe('entries');
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'off' }]);
      await runner.commitTransaction();
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
    } finally {
      await runner.release();
    }
    expect((await t.as().get(`${API}/audit-log/verify`)).body).toMatchObject({ valid: true });
  });
});
