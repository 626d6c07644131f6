import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { RedisProbe } from '../observability/redis-probe';
import { Deadline } from './deadline.entity';
import { planDeadlineJobs } from './deadline-plan';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobQueues, JobRequest } from './job-queues';
import { JobName } from './jobs.constants';

export const WORKERS_ENABLED = Symbol('WORKERS_ENABLED');

/** Rows per round trip; each becomes up to four jobs in one addBulk. */
const RECONCILE_BATCH = 5_000;
const REDIS_WATCH_MS = 2_000;

/** Another module's rows that need a job while pending (the notification outbox). */
export type ReconcileSource = () => AsyncIterable<JobRequest[]>;

interface PendingRow {
  id: string;
  starts_at: Date;
  due_at: Date;
  reminders_sent: number[];
}

/**
 * Rebuilds every job from Postgres: at boot, every RECONCILE_INTERVAL_MS, and as soon as
 * Redis answers again after an outage. Deterministic job ids make it idempotent, so
 * replicas may overlap without harm; there is deliberately no advisory lock. The
 * periodic run goes through the queue with an id per interval, so of several replicas
 * one does it.
 */
@Injectable()
export class DeadlineReconciler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private readonly sources = new Map<string, ReconcileSource>();
  private readonly schedulers = new Map<string, () => Promise<void>>();
  private running?: Promise<number>;
  private timers: NodeJS.Timeout[] = [];
  private redisWasUp?: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
    private readonly registry: JobHandlerRegistry,
    private readonly redis: RedisProbe,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
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

  onModuleInit(): void {
    this.registry.register(JobName.RECONCILE_DEADLINES, () => this.reconcile());
    this.metrics.pendingDeadlinesFrom(() =>
      this.dataSource.query(`SELECT kind, count(*)::int AS count FROM deadlines WHERE status = 'pending' GROUP BY kind`),
    );
  }

  /** Every module has registered its handlers by now; a job name without one is a bug worth a failed boot. */
  onApplicationBootstrap(): void {
    if (!this.workers) return;
    const missing = this.registry.missing();
    if (missing.length) throw new Error(`no handler registered for job(s): ${missing.join(', ')}`);
    this.timers.push(setInterval(() => void this.enqueuePeriodicRun(), this.config.RECONCILE_INTERVAL_MS).unref());
    this.timers.push(setInterval(() => void this.watchRedis(), REDIS_WATCH_MS).unref());
    void this.reconcileQuietly('boot');
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Re-adds the jobs of every pending row; returns how many jobs were (re-)added. */
  reconcile(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<number> {
    const fractions = this.config.reminderFractions;
    let added = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    let batch = this.pendingAfter(after);
    for (;;) {
      const rows = await batch;
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      // Read the next page while Redis takes this one.
      batch = this.pendingAfter(after);
      const now = this.clock.now();
      const jobs = rows.flatMap((row) =>
        planDeadlineJobs({ id: row.id, status: 'pending', startsAt: row.starts_at, dueAt: row.due_at, remindersSent: row.reminders_sent }, fractions, now),
      );
      await this.queues.addBulk(jobs);
      added += jobs.length;
      if (rows.length < RECONCILE_BATCH) break;
    }
    await batch.catch(() => undefined);
    for (const source of this.sources.values()) {
      for await (const jobs of source()) {
        await this.queues.addBulk(jobs);
        added += jobs.length;
      }
    }
    for (const ensure of this.schedulers.values()) await ensure();
    return added;
  }

  private pendingAfter(after: string): Promise<PendingRow[]> {
    return this.dataSource
      .createQueryBuilder()
      .select(['d.id AS id', 'd.starts_at AS starts_at', 'd.due_at AS due_at', 'd.reminders_sent AS reminders_sent'])
      .from(Deadline, 'd')
      .where(`d.status = 'pending'`)
      .andWhere('d.id > :after', { after })
      .orderBy('d.id')
      .limit(RECONCILE_BATCH)
      .getRawMany<PendingRow>();
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
      await this.queues.add({ name: JobName.RECONCILE_DEADLINES, data: {}, jobId: `reconcile-${bucket}` });
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
