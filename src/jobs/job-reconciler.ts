import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { WORKERS_ENABLED } from '../config/config.module';
import { RedisProbe } from '../observability/redis-probe';
import { JobRequest, QueueDefinition } from './job-definition';
import { JobQueues } from './job-queues';
import { OnJob } from './on-job.decorator';

const REDIS_WATCH_MS = 2_000;

/** The platform's own queue: the periodic reconcile, run by one replica per interval. */
export const ReconcileQueue = new QueueDefinition('reconcile');
export const ReconcileJobs = ReconcileQueue.job<Record<string, never>>('reconcile-jobs');

/**
 * Rows a module keeps in Postgres that need a job while they are open (pending deadlines,
 * outbox deliveries, unfinished retention runs, erasure requests not yet delivered), in
 * pages; the reconciler re-adds their jobs under the same deterministic ids.
 */
export type ReconcileSource = () => AsyncIterable<JobRequest[]>;

/**
 * Rebuilds Redis from Postgres: at boot, every RECONCILE_INTERVAL_MS, and as soon as Redis
 * answers again after an outage. Modules contribute sources (rows that need a job) and
 * schedulers (repeating jobs that must exist). Deterministic job ids make it idempotent, so
 * replicas may overlap without harm; there is deliberately no advisory lock. The periodic
 * run goes through the queue with an id per interval, so of several replicas one does it.
 */
@Injectable()
export class JobReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private readonly sources = new Map<string, ReconcileSource>();
  private readonly schedulers = new Map<string, () => Promise<void>>();
  private running?: Promise<number>;
  private readonly timers: NodeJS.Timeout[] = [];
  private redisWasUp?: boolean;

  constructor(
    private readonly queues: JobQueues,
    private readonly redis: RedisProbe,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(WORKERS_ENABLED) private readonly workers: boolean,
  ) {}

  addSource(name: string, source: ReconcileSource): void {
    if (this.sources.has(name)) throw new Error(`reconcile source ${name} already registered`);
    this.sources.set(name, source);
  }

  /**
   * A job scheduler that must exist (the nightly sweep). Ensured at every reconcile — at
   * boot, periodically and when Redis is back — so one that Redis lost, or that could not
   * be registered while Redis was down, returns without a restart. `ensure` is idempotent.
   */
  addScheduler(name: string, ensure: () => Promise<void>): void {
    if (this.schedulers.has(name)) throw new Error(`scheduler ${name} already registered`);
    this.schedulers.set(name, ensure);
  }

  onApplicationBootstrap(): void {
    if (!this.workers) return;
    this.timers.push(setInterval(() => void this.enqueuePeriodicRun(), this.config.RECONCILE_INTERVAL_MS).unref());
    this.timers.push(setInterval(() => void this.watchRedis(), REDIS_WATCH_MS).unref());
    void this.reconcileQuietly('boot');
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Re-adds the jobs of every open row and ensures every scheduler; returns how many jobs were (re-)added. */
  reconcile(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  @OnJob(ReconcileJobs)
  async onPeriodicRun(): Promise<number> {
    return this.reconcile();
  }

  private async run(): Promise<number> {
    let added = 0;
    for (const source of this.sources.values()) {
      for await (const jobs of source()) {
        await this.queues.addBulk(jobs);
        added += jobs.length;
      }
    }
    for (const ensure of this.schedulers.values()) await ensure();
    return added;
  }

  private async reconcileQuietly(why: string): Promise<void> {
    try {
      const added = await this.reconcile();
      this.logger.log(`reconciled (${why}): ${added} job(s) ensured`);
    } catch (error) {
      this.redisWasUp = false;
      this.logger.warn(`reconcile (${why}) did not finish: ${error instanceof Error ? error.message : String(error)}; retrying when Redis is back`);
    }
  }

  private async enqueuePeriodicRun(): Promise<void> {
    const bucket = Math.floor(this.clock.now().getTime() / this.config.RECONCILE_INTERVAL_MS);
    try {
      await this.queues.add(ReconcileJobs.request({}, { jobId: `reconcile-${bucket}` }));
    } catch {
      // Redis is down; watchRedis reconciles when it is back.
    }
  }

  private async watchRedis(): Promise<void> {
    const up = await this.redis.isUp();
    const cameBack = up && this.redisWasUp === false;
    this.redisWasUp = up;
    if (cameBack) {
      this.queues.redisRecovered();
      await this.reconcileQuietly('Redis is back');
    }
  }
}
