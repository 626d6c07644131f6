import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConnectionOptions, JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { RedisLocation } from '../config/local-redis';
import { redisOptionsFromUrl } from '../config/redis-options';
import { ShutdownSteps } from '../config/shutdown';
import { JOB_OPTIONS, JobRequest, QueueDefinition } from './job-definition';
import { JobHandlers } from './job-handlers';

/** Past this, a Redis that does not answer is treated as down: callers carry on, the reconciler catches up. */
const ENQUEUE_TIMEOUT_MS = 2_000;
const BULK_CHUNK = 2_000;

class EnqueueTimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** BullMQ needs `maxRetriesPerRequest: null` on the connections its workers block on. */
export function queueConnection(redis: RedisLocation): ConnectionOptions {
  return { ...redisOptionsFromUrl(redis.url), maxRetriesPerRequest: null };
}

/**
 * The one door to BullMQ for adding jobs: opens a queue for every queue a feature
 * declared, and applies the shared job options. Never waits on a Redis that is down for
 * longer than ENQUEUE_TIMEOUT_MS; the ioredis offline queue may still deliver the add on
 * reconnect, which deterministic ids make harmless.
 */
@Injectable()
export class JobQueues implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly byName = new Map<string, Queue>();
  private outage = false;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly redis: RedisLocation,
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownSteps,
  ) {}

  onModuleInit(): void {
    for (const definition of this.handlers.queues()) {
      const queue = new Queue(definition.name, { connection: queueConnection(this.redis), prefix: this.config.QUEUE_PREFIX });
      // Without a listener BullMQ prints every reconnect failure; the Redis probe already tells the operator.
      queue.on('error', (error: Error) => this.redisError(`queue ${definition.name}`, error));
      this.byName.set(definition.name, queue);
    }
  }

  /** A close sends what the offline queue holds, which waits for a Redis that is down: past its step, disconnect. */
  async onApplicationShutdown(): Promise<void> {
    const queues = [...this.byName.values()];
    await this.shutdown.within(
      'the queues',
      () => Promise.all(queues.map((queue) => queue.close())),
      () => queues.forEach((queue) => void queue.disconnect().catch(() => undefined)),
    );
  }

  queue(definition: QueueDefinition): Queue {
    const queue = this.byName.get(definition.name);
    if (!queue || !this.handlers.isDeclared(definition)) throw new Error(`queue ${definition.name} is not declared by any module`);
    return queue;
  }

  /** Every open queue, for the queue board. */
  all(): Queue[] {
    return [...this.byName.values()];
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

  async add<P>(request: JobRequest<P>): Promise<void> {
    await this.addBulk([request]);
  }

  async addBulk(requests: JobRequest[]): Promise<void> {
    const perQueue = new Map<QueueDefinition, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const r of requests) {
      const list = perQueue.get(r.job.queue) ?? [];
      list.push({
        name: r.job.name,
        data: r.data,
        opts: { ...JOB_OPTIONS, ...(r.jobId ? { jobId: r.jobId } : {}), ...(r.delay ? { delay: r.delay } : {}), ...(r.job.priority ? { priority: r.job.priority } : {}) },
      });
      perQueue.set(r.job.queue, list);
    }
    for (const [definition, jobs] of perQueue) {
      const queue = this.queue(definition);
      for (let i = 0; i < jobs.length; i += BULK_CHUNK) {
        await withTimeout(queue.addBulk(jobs.slice(i, i + BULK_CHUNK)), ENQUEUE_TIMEOUT_MS, `adding ${jobs.length} jobs to ${definition.name}`);
      }
    }
    this.redisRecovered();
  }

  /** A repeating job registered once under a stable id, however many replicas call it. */
  async upsertScheduler<P>(schedulerId: string, repeat: { pattern?: string; every?: number; tz?: string }, request: JobRequest<P>): Promise<void> {
    await withTimeout(
      this.queue(request.job.queue).upsertJobScheduler(schedulerId, repeat, { name: request.job.name, data: request.data, opts: { ...JOB_OPTIONS } }),
      ENQUEUE_TIMEOUT_MS,
      `registering scheduler ${schedulerId}`,
    );
  }
}
