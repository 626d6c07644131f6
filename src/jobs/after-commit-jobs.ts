import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { JobRequest } from './job-definition';
import { JobQueues } from './job-queues';

/**
 * Adds the jobs of rows a transaction wrote (deadlines, outbox deliveries) once it has
 * committed, so a worker never looks for a row that is not there yet, a rolled-back fact
 * schedules nothing, and no caller waits on Redis. If Redis is down the rows are still
 * there and the reconciler adds their jobs.
 */
@Injectable()
export class AfterCommitJobs implements EntitySubscriberInterface {
  private readonly logger = new Logger('AfterCommitJobs');
  private readonly waiting = new WeakMap<QueryRunner, JobRequest[]>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {
    dataSource.subscribers.push(this);
  }

  async add(manager: EntityManager, jobs: JobRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      // Appended in place: one change may bring tens of thousands of jobs in several calls.
      const waiting = this.waiting.get(runner);
      if (waiting) for (const job of jobs) waiting.push(job);
      else this.waiting.set(runner, [...jobs]);
      return;
    }
    await this.send(jobs);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return;
    const jobs = this.waiting.get(runner);
    if (!jobs) return;
    this.waiting.delete(runner);
    // Not awaited: the caller's response must not wait on Redis.
    void this.send(jobs);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }

  private async send(jobs: JobRequest[]): Promise<void> {
    try {
      await this.queues.addBulk(jobs);
    } catch (error) {
      this.logger.warn(`could not add ${jobs.length} job(s) now (${error instanceof Error ? error.message : String(error)}); the reconciler will`);
    }
  }
}
