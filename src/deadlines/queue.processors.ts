import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobName, QueueName } from './jobs.constants';

/** One WorkerHost per queue; each dispatches by job name and refuses a name it does not know. */
abstract class DispatchingProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (!Object.values(JobName).includes(job.name as JobName)) throw new Error(`unknown job ${job.name} on ${job.queueName}`);
    return this.registry.get(job.name as JobName)(job.data, { attemptsMade: job.attemptsMade, jobId: job.id });
  }
}

@Processor(QueueName.DEADLINES)
export class DeadlinesQueueProcessor extends DispatchingProcessor {}

@Processor(QueueName.RETENTION)
export class RetentionQueueProcessor extends DispatchingProcessor {}

@Processor(QueueName.DELIVERIES)
export class DeliveriesQueueProcessor extends DispatchingProcessor {}
