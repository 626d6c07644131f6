import { DataSource, EntityManager, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AfterCommitJobs } from './after-commit-jobs';
import { JobRequest, QueueDefinition } from './job-definition';
import { JobQueues } from './job-queues';

const Reminders = new QueueDefinition('reminders');
const Deliveries = new QueueDefinition('deliveries');
const Remind = Reminders.job<{ id: string }>('remind');
const Deliver = Deliveries.job<{ id: string }>('deliver');

describe('AfterCommitJobs', () => {
  it('adds what one transaction brought once it committed, jobs due now first and otherwise in the order added', async () => {
    const added: JobRequest[][] = [];
    const queues = { addBulk: (jobs: JobRequest[]) => Promise.resolve(void added.push(jobs)) } as unknown as JobQueues;
    const afterCommit = new AfterCommitJobs({ subscribers: [] } as unknown as DataSource, queues);
    const runner = { isTransactionActive: true };
    const manager = { queryRunner: runner as QueryRunner } as EntityManager;

    await afterCommit.add(manager, () => [Remind.request({ id: 'r1' }, { delay: 5_000 }), Remind.request({ id: 'r2' }, { delay: 1_000 }), Remind.request({ id: 'r3' })]);
    await afterCommit.add(manager, [Deliver.request({ id: 'd1' }), Deliver.request({ id: 'd2' })]);
    expect(added).toEqual([]);

    runner.isTransactionActive = false;
    afterCommit.afterTransactionCommit({ queryRunner: runner as QueryRunner } as TransactionCommitEvent);
    await new Promise((resolve) => setImmediate(resolve));
    expect(added.map((jobs) => jobs.map((j) => (j.data as { id: string }).id))).toEqual([['r3', 'd1', 'd2', 'r2', 'r1']]);
  });
});
