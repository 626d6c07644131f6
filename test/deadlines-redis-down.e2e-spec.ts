import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { databaseUrl } from './utils/test-database';
import { startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
/** Nothing listens on port 1: for this app instance Redis is "stopped", while the machine's Redis keeps serving others. */
const UNREACHABLE_REDIS = 'redis://127.0.0.1:1';

describe('a report while Redis is down', () => {
  let owner: TestApp;

  beforeAll(async () => {
    // Owns the database; no workers, so nothing here schedules or fires anything.
    owner = await startTestApp({ workers: false });
  });

  afterAll(async () => {
    await owner?.close();
  });

  it('is accepted with 201, and a worker that boots with Redis schedules and fires it', async () => {
    const db = owner.dataSource;
    const processorId = await seedProcessor(db);
    const controllerId = await seedController(db);
    await seedAgreement(db, { controllerId, processorId, breachNotificationHours: 1 });

    const offline = await startTestApp({ env: { DATABASE_URL: databaseUrl(owner.databaseName), REDIS_URL: UNREACHABLE_REDIS } });
    let deadlineId: string;
    try {
      const health = await offline.as().get('/health');
      expect(health.body).toMatchObject({ status: 'degraded', redis: 'down' });
      const res = await offline
        .as()
        .post('/api/v1/incidents')
        .send(incidentBody({ processorId, affectedControllerIds: [controllerId], awareAt: new Date(Date.now() - HOUR + 3_000).toISOString() }));
      expect(res.status).toBe(201);
      deadlineId = res.body.deadlines[0].id;
    } finally {
      await offline.close();
    }
    const [row] = await db.query(`SELECT status FROM deadlines WHERE id = $1`, [deadlineId]);
    expect(row.status).toBe('pending');

    // The default RECONCILE_INTERVAL_MS of the test app is ten minutes: only the boot-time reconcile can schedule it.
    const worker = await startTestApp({ env: { DATABASE_URL: databaseUrl(owner.databaseName) } });
    try {
      await waitFor('the deadline to be missed', async () => {
        const [current] = await db.query(`SELECT status, missed_at FROM deadlines WHERE id = $1`, [deadlineId]);
        return current.status === 'missed' ? current : undefined;
      });
      const events = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [deadlineId]);
      expect(events.map((e: { action: string }) => e.action)).toContain('deadline.missed');
    } finally {
      await worker.close();
    }
  });
});
