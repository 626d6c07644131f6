import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobQueues } from './job-queues';
import { JobName, QueueName } from './jobs.constants';

/**
 * One WorkerHost per queue; each dispatches by job name and refuses a name it does not know.
 * @Injectable here so TypeScript emits the constructor's parameter types the subclasses inherit.
 */
@Injectable()
abstract class DispatchingProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly queues: JobQueues,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // An unheard 'error' makes BullMQ print each reconnect attempt; one line per outage is enough.
    this.worker.on('error', (error: Error) => this.queues.redisError(`worker ${this.worker.name}`, error));
  }

  async process(job: Job): Promise<unknown> {
    if (!Object.values(JobName).includes(job.name as JobName)) throw new Error(`unknown job ${job.name} on ${job.queueName}`);
    return this.registry.get(job.name as JobName)(job.data, { attemptsMade: job.attemptsMade, lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1), jobId: job.id });
  }
}

/** Handlers wait on row locks and Postgres, not on the CPU: several at a time keep firing on time. */
@Processor(QueueName.DEADLINES, { concurrency: 16 })
export class DeadlinesQueueProcessor extends DispatchingProcessor {}

@Processor(QueueName.RETENTION)
export class RetentionQueueProcessor extends DispatchingProcessor {}

@Processor(QueueName.DELIVERIES, { concurrency: 16 })
export class DeliveriesQueueProcessor extends DispatchingProcessor {}
