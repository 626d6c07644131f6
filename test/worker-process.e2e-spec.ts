import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { startTestApp, TestApp } from './utils/test-app';
import { TEST_REDIS_URL } from './utils/test-database';
import { waitFor } from './utils/wait-for';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

/**
 * The API and the workers apart, as `WORKERS=off npm start` and `npm run start:worker`
 * run them: the API only records and schedules; the built worker process, sharing the
 * database and the queue prefix, is what makes a deadline fire.
 */
describe('the worker process', () => {
  let api: TestApp;
  let worker: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    api = await startTestApp({ workers: false });
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await api?.close();
  });

  it('fires the deadline of a report the API accepted, and stops on SIGTERM', async () => {
    const processorId = await seedProcessor(api.dataSource);
    const controllerId = await seedController(api.dataSource);
    await seedAgreement(api.dataSource, { controllerId, processorId, breachNotificationHours: 1 });
    const report = await api
      .as()
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], awareAt: new Date(Date.now() - HOUR + 3_000).toISOString() }));
    expect(report.status).toBe(201);
    const deadlineId = report.body.deadlines[0].id as string;

    worker = spawn(process.execPath, [join(__dirname, '..', 'dist/src/worker.js')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: api.config.DATABASE_URL,
        AUDIT_CHAIN_KEY: api.config.AUDIT_CHAIN_KEY,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: api.config.QUEUE_PREFIX,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (output += d.toString()));

    const status = await waitFor(
      `the worker to escalate the deadline (worker output: ${output})`,
      async () => {
        if (worker?.exitCode !== null) throw new Error(`the worker exited with ${worker?.exitCode}: ${output}`);
        const [row] = await api.dataSource.query('SELECT status FROM deadlines WHERE id = $1', [deadlineId]);
        return row.status === 'pending' ? undefined : (row.status as string);
      },
      30_000,
    );
    expect(status).toBe('missed');

    const exited = new Promise<string | null>((resolve) => worker!.once('exit', (_code, signal) => resolve(signal)));
    worker.kill('SIGTERM');
    await exited;
    expect(output).not.toMatch(/Error|ERROR/);
  });
});
