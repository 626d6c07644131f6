import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { UnitOfWork } from '../src/audit/unit-of-work';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { EscalateDeadline, DeadlineQueue } from '../src/deadlines/deadline.queue';
import { JobQueues } from '../src/jobs/job-queues';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

/**
 * A change may send a statement without waiting for it and go on making what follows (the
 * answer, the events, the audit payloads). When that statement fails, every later statement
 * of the transaction fails too, only because it did: the change must fail with the first
 * failure, and leave nothing.
 */
describe('unit of work: a statement sent without waiting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    // Subscribed, so publishing an event sends statements of its own after the failed one.
    await t.dataSource.query(`INSERT INTO webhooks (url, events, secret) VALUES ('http://127.0.0.1:9/events', '{*}', 'unit-of-work-secret-0123')`);
  });

  afterAll(async () => {
    await t?.close();
  });

  const rows = async () => ({
    controllers: await count(t.dataSource, `SELECT 1 FROM data_controllers WHERE name = 'Sent without waiting'`),
    audit: await count(t.dataSource, `SELECT 1 FROM audit_log`),
    deliveries: await count(t.dataSource, `SELECT 1 FROM webhook_deliveries`),
  });

  const escalations = async () => (await t.app.get(JobQueues).queue(DeadlineQueue).getDelayed()).length;

  function change(sent: string) {
    return t.app.get(UnitOfWork).run(SYSTEM_ACTOR, async ({ manager, sending, publish, audit, schedule }) => {
      await manager.query(`INSERT INTO data_controllers (name, country) VALUES ('Sent without waiting', 'NL')`);
      sending(manager.query(sent));
      const checkpoint = { checkpointId: randomUUID(), createdAt: new Date().toISOString(), entryCount: 1, headEntryId: null, headHash: 'x', keyId: 'k', signature: 's', controllerIds: [] };
      publish('audit.checkpoint', checkpoint, 'officer');
      // With workers off the job stays in Redis, where the test looks for it; its handler would find no deadline.
      schedule([EscalateDeadline.request({ deadlineId: checkpoint.checkpointId }, { jobId: `${checkpoint.checkpointId}-escalate`, delay: 3_600_000 })]);
      audit({ action: 'test.sent', entityType: 'test', entityId: checkpoint.checkpointId, after: { n: 1 } });
      return checkpoint.checkpointId;
    });
  }

  it('fails with that statement’s failure, not the aborted transaction’s, and writes nothing', async () => {
    const before = await rows();
    const failure = await change(`INSERT INTO incident_controllers (incident_id, controller_id, basis, included_by) VALUES ('${randomUUID()}', '${randomUUID()}', NULL, 'listed')`).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(QueryFailedError);
    // 23503: foreign_key_violation, the statement's own; what failed after it failed with 25P02, in_failed_sql_transaction.
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23503');
    expect(await rows()).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await escalations()).toBe(0);
  });

  it('commits what it sent once the statement succeeds, with the events and the audit entry', async () => {
    const before = await rows();
    // Slow enough that the events and the audit payload are made while it runs.
    await change(`INSERT INTO data_controllers (name, country) SELECT 'Sent without waiting', 'NL' FROM pg_sleep(0.05)`);
    expect(await rows()).toEqual({ controllers: before.controllers + 2, audit: before.audit + 1, deliveries: before.deliveries + 1 });
    // Added after run() returned, once the caller has answered.
    expect(await waitFor('the job', async () => (await escalations()) || undefined)).toBe(1);
  });
});
