import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { JobRequest } from './job-definition';
import { JobQueues } from './job-queues';

/** Jobs, or how to plan them once they are due to go out (planning 80,000 reminders is work the answer need not wait for). */
export type JobBatch = JobRequest[] | (() => JobRequest[]);

/**
 * Adds the jobs of rows a transaction wrote (deadlines, outbox deliveries) once it has
 * committed, so a worker never looks for a row that is not there yet, a rolled-back fact
 * schedules nothing, and no caller waits on Redis. If Redis is down the rows are still
 * there and the reconciler adds their jobs. Everything one transaction brought goes out in
 * one `addBulk`, after the caller's answer.
 */
@Injectable()
export class AfterCommitJobs implements EntitySubscriberInterface {
  private readonly logger = new Logger('AfterCommitJobs');
  private readonly waiting = new WeakMap<QueryRunner, JobBatch[]>();
  /** Committed batches of connections whose caller has more to wait for before it answers (see `holdUntilReleased`). */
  private readonly held = new WeakMap<QueryRunner, JobBatch[]>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {
    dataSource.subscribers.push(this);
  }

  async add(manager: EntityManager, jobs: JobBatch): Promise<void> {
    if (Array.isArray(jobs) && jobs.length === 0) return;
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      const waiting = this.waiting.get(runner);
      if (waiting) waiting.push(jobs);
      else this.waiting.set(runner, [jobs]);
      return;
    }
    await this.send([jobs]);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return;
    const batches = this.waiting.get(runner);
    if (!batches) return;
    this.waiting.delete(runner);
    const held = this.held.get(runner);
    if (held) held.push(...batches);
    else this.sendAfterAnswer(batches);
  }

  /**
   * For a caller that answers only after a statement of its own past the commit (the unit of
   * work waits for the commit to reach the disk): the jobs its transactions commit on `runner`
   * wait for `released`, so that wait is not spent planning jobs and talking to Redis.
   */
  holdUntilReleased(runner: QueryRunner): void {
    this.held.set(runner, []);
  }

  released(runner: QueryRunner): void {
    const batches = this.held.get(runner);
    this.held.delete(runner);
    if (batches?.length) this.sendAfterAnswer(batches);
  }

  private sendAfterAnswer(batches: JobBatch[]): void {
    // After the I/O callbacks and promise continuations now due, among them the caller's answer, which must not wait on planning or Redis.
    setImmediate(() => void this.send(batches));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }

  private async send(batches: JobBatch[]): Promise<void> {
    let jobs: JobRequest[] = [];
    try {
      jobs = batches.flatMap((batch) => (Array.isArray(batch) ? batch : batch()));
      if (jobs.length === 0) return;
      // Due now before due later (a stable sort): a breach's deliveries start while its 20,000 reminders are still being added.
      jobs.sort((a, b) => (a.delay ?? 0) - (b.delay ?? 0));
      await this.queues.addBulk(jobs);
    } catch (error) {
      this.logger.warn(`could not add ${jobs.length} job(s) now (${error instanceof Error ? error.message : String(error)}); the reconciler will`);
    }
  }
}
