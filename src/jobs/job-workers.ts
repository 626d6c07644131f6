import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { WORKERS_ENABLED } from '../config/config.module';
import { RedisLocation } from '../config/local-redis';
import { ShutdownSteps } from '../config/shutdown';
import { JobHandlers } from './job-handlers';
import { JobQueues, queueConnection } from './job-queues';

/**
 * One BullMQ worker per declared queue, dispatching by job name to its `@OnJob` handler.
 * Only where workers run: not in an API process started with WORKERS=off.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly handlers: JobHandlers,
    private readonly queues: JobQueues,
    private readonly redis: RedisLocation,
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownSteps,
    @Inject(WORKERS_ENABLED) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    for (const definition of this.handlers.queues()) {
      const worker = new Worker(
        definition.name,
        (job: Job) => this.handlers.run(job.queueName, job.name, job.data, { attemptsMade: job.attemptsMade, lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1), jobId: job.id }),
        { connection: queueConnection(this.redis), prefix: this.config.QUEUE_PREFIX, concurrency: definition.concurrency },
      );
      // An unheard 'error' makes BullMQ print each reconnect attempt; one line per outage is enough.
      worker.on('error', (error: Error) => this.queues.redisError(`worker ${definition.name}`, error));
      this.workers.push(worker);
    }
  }

  /**
   * After every module's destroy hook (a running sweep has been told to stop), before the
   * database closes. A close waits for running jobs and, without Redis, for ever: past its
   * step the workers are disconnected; a job cut short is handed out again by BullMQ's
   * stalled-job check, and the reconciler re-adds any job Redis lost.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown.within(
      'the queue workers',
      () => Promise.all(this.workers.map((worker) => worker.close())),
      () => this.workers.forEach((worker) => void worker.disconnect().catch(() => undefined)),
    );
  }
}
