import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QueueName } from './jobs.constants';

/** Past this, a Redis that does not answer is treated as down: callers carry on, the reconciler catches up. */
export const ENQUEUE_TIMEOUT_MS = 2_000;
const BULK_CHUNK = 2_000;

export interface JobRequest<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  jobId?: string;
  delay?: number;
}

export class EnqueueTimeoutError extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The one door to BullMQ for adding jobs: picks the queue of a job name and applies the
 * shared job options. Never waits on a Redis that is down for longer than
 * ENQUEUE_TIMEOUT_MS; the ioredis offline queue may still deliver the add on reconnect,
 * which deterministic ids make harmless.
 */
@Injectable()
export class JobQueues implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private readonly byName: Record<QueueName, Queue>;
  private outage = false;

  constructor(
    @InjectQueue(QueueName.DEADLINES) deadlines: Queue,
    @InjectQueue(QueueName.RETENTION) retention: Queue,
    @InjectQueue(QueueName.DELIVERIES) deliveries: Queue,
  ) {
    this.byName = { [QueueName.DEADLINES]: deadlines, [QueueName.RETENTION]: retention, [QueueName.DELIVERIES]: deliveries };
  }

  onModuleInit(): void {
    // Without a listener BullMQ prints every reconnect failure; RedisProbe already tells the operator.
    for (const queue of Object.values(this.byName)) queue.on('error', (error: Error) => this.redisError(`queue ${queue.name}`, error));
  }

  queue(name: QueueName): Queue {
    return this.byName[name];
  }

  /** One line per outage, not one per reconnect attempt. */
  redisError(source: string, error: Error): void {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn(`BullMQ (${source}) lost Redis: ${error.message}; jobs will be rebuilt from Postgres when it is back`);
  }

  redisRecovered(): void {
    this.outage = false;
  }

  async add<N extends JobName>(request: JobRequest<N>): Promise<void> {
    await this.addBulk([request]);
  }

  async addBulk(requests: JobRequest[]): Promise<void> {
    const perQueue = new Map<QueueName, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const r of requests) {
      const queueName = JOB_QUEUE[r.name];
      const list = perQueue.get(queueName) ?? [];
      list.push({ name: r.name, data: r.data, opts: { ...JOB_OPTIONS, ...(r.jobId ? { jobId: r.jobId } : {}), ...(r.delay ? { delay: r.delay } : {}) } });
      perQueue.set(queueName, list);
    }
    for (const [queueName, jobs] of perQueue) {
      for (let i = 0; i < jobs.length; i += BULK_CHUNK) {
        await withTimeout(this.byName[queueName].addBulk(jobs.slice(i, i + BULK_CHUNK)), ENQUEUE_TIMEOUT_MS, `adding ${jobs.length} jobs to ${queueName}`);
      }
    }
    this.redisRecovered();
  }

  /** A repeating job registered once under a stable id, however many replicas call it. */
  async upsertScheduler<N extends JobName>(schedulerId: string, repeat: { pattern?: string; every?: number; tz?: string }, request: JobRequest<N>): Promise<void> {
    const queue = this.byName[JOB_QUEUE[request.name]];
    await withTimeout(
      queue.upsertJobScheduler(schedulerId, repeat, { name: request.name, data: request.data, opts: { ...JOB_OPTIONS } }),
      ENQUEUE_TIMEOUT_MS,
      `registering scheduler ${schedulerId}`,
    );
  }
}
