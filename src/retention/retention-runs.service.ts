import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { DomainEvents } from '../common/domain-events';
import { mapPage, Page, PageQueryDto, paginate } from '../common/pagination';
import { notFound } from '../common/problem';
import { LEGAL_ZONE } from '../common/time';
import { AppConfig } from '../config/app-config';
import { JobMeta, JobRequest } from '../jobs/job-definition';
import { JobQueues } from '../jobs/job-queues';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { StartRetentionRunDto } from './dto/start-retention-run.dto';
import { ErasureLedgerEntry } from './erasure-ledger-entry.entity';
import { RetentionPolicy } from './retention-policy.entity';
import { CategoryCounts, RetentionRun, RunCounts } from './retention-run.entity';
import { RetentionSweepService, SweepOptions } from './retention-sweep.service';
import { actionCountKey, RetentionTargets } from './retention-target';
import { RunRetentionSweep } from './retention.queue';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';

export interface RetentionCompletedEvent {
  runId: string;
  dryRun: boolean;
  trigger: RetentionRun['trigger'];
  counts: RunCounts;
  controllerIds: string[];
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'retention.completed': RetentionCompletedEvent;
  }
}

/** Stable id: however many replicas boot, there is one nightly sweep. */
export const NIGHTLY_SWEEP_SCHEDULER_ID = 'retention-nightly-sweep';
const runJobId = (runId: string) => `retention-run-${runId}`;

export class CategoryCountsView {
  @ApiProperty({ type: 'integer' }) due: number;
  @ApiProperty({ type: 'integer' }) held: number;
  @ApiPropertyOptional({ type: 'integer' }) deleted?: number;
  @ApiPropertyOptional({ type: 'integer' }) anonymized?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'contacts kept as their controller has a live agreement' }) activeAgreement?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'records dated before this were past their term' }) cutoff?: string;
}

export class RetentionRunView {
  @ApiId() id: string;
  @ApiText({ enum: ['queued', 'running', 'completed', 'failed'] }) status: RetentionRun['status'];
  @ApiProperty() dryRun: boolean;
  @ApiText({ enum: ['manual', 'schedule', 'erasure_request'] }) trigger: RetentionRun['trigger'];
  @ApiText() requestedBy: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(CategoryCountsView) }, description: 'per category' }) counts: RunCounts;
  @ApiText({ nullable: true }) error: string | null;
  @ApiInstant() createdAt: Date;
  @ApiInstant({ nullable: true }) startedAt: Date | null;
  @ApiInstant({ nullable: true }) finishedAt: Date | null;
}

/** A run just requested. */
export class RequestedRunView {
  @ApiId() id: string;
}

/**
 * Sweep runs: requested over HTTP or by the nightly scheduler, executed by the retention
 * queue's worker. A run that dies mid-way is resumed by the job's retry (or a new run):
 * its batches' ledger rows are the record of what is already gone.
 */
@Injectable()
export class RetentionRunsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private readonly shutdown = new AbortController();

  constructor(
    @InjectRepository(RetentionRun) private readonly runs: Repository<RetentionRun>,
    @InjectRepository(RetentionPolicy) private readonly policies: Repository<RetentionPolicy>,
    @InjectRepository(ErasureLedgerEntry) private readonly ledger: Repository<ErasureLedgerEntry>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sweep: RetentionSweepService,
    private readonly targets: RetentionTargets,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly queues: JobQueues,
    private readonly reconciler: JobReconciler,
  ) {}

  onModuleInit(): void {
    this.events.declare('retention.completed');
    this.reconciler.addScheduler(NIGHTLY_SWEEP_SCHEDULER_ID, () => this.registerNightlySweep());
    this.reconciler.addSource('retention-runs', () => this.unfinishedRuns());
  }

  @OnJob(RunRetentionSweep)
  async onSweepJob({ runId }: { runId?: string }, meta: JobMeta): Promise<void> {
    const id = runId ?? (await this.createScheduledRun(meta.jobId ?? `unidentified-${this.clock.now().toISOString()}`));
    await this.execute(id, { signal: this.shutdown.signal });
  }

  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  /** Idempotent: one scheduler under a fixed id, however many instances call it. */
  async registerNightlySweep(): Promise<void> {
    await this.queues.upsertScheduler(NIGHTLY_SWEEP_SCHEDULER_ID, { pattern: this.config.RETENTION_SWEEP_CRON, tz: LEGAL_ZONE }, RunRetentionSweep.request({}));
  }

  async request(dto: StartRetentionRunDto, actor: Actor): Promise<{ id: string }> {
    const run = await this.runs.save(
      this.runs.create({
        dryRun: dto.dryRun ?? false,
        trigger: 'manual',
        status: 'queued',
        requestedById: actor.id,
        requestedByName: actor.name,
        requestedByRole: actor.role,
        counts: {},
      }),
    );
    await this.enqueue(run.id);
    return { id: run.id };
  }

  async get(id: string): Promise<RetentionRunView> {
    const run = await this.runs.findOne({ where: { id } });
    if (!run) throw notFound('Retention run', id);
    return toView(run);
  }

  async list(query: PageQueryDto): Promise<Page<RetentionRunView>> {
    return mapPage(await paginate(this.runs.createQueryBuilder('r'), query), toView);
  }

  async ledgerOf(runId: string): Promise<ErasureLedgerEntry[]> {
    await this.get(runId);
    return this.ledger.find({ where: { runId }, order: { id: 'ASC' } });
  }

  /**
   * Counts, then erases category by category. Safe to call again for the same run after
   * a crash: the batches that committed are in the ledger and their records are gone,
   * so the rerun erases only what is left and the totals come from the ledger.
   */
  async execute(runId: string, options: SweepOptions = {}): Promise<RetentionRunView> {
    const run = await this.claim(runId);
    if (run.status === 'completed') return toView(run);
    const now = this.clock.now();
    const policies = new Map((await this.policies.find()).map((p) => [p.category, p]));
    const counts: RunCounts = {};
    try {
      for (const category of this.targets.names()) {
        const policy = policies.get(category);
        if (!policy) continue;
        const target = this.targets.get(category);
        const tally = await this.sweep.tally(target, policy, now, run.dryRun);
        counts[category] = {
          due: tally.due ?? 0,
          held: tally.held,
          ...(target.keptWhileControllerIsClient ? { activeAgreement: tally.activeAgreement } : {}),
          cutoff: tally.cutoff.toISOString(),
        };
        if (!run.dryRun) await this.sweep.erase(target, policy, run.id, now, options);
      }
    } catch (error) {
      await this.runs.update(run.id, { status: 'failed', error: message(error), counts });
      throw error;
    }
    return this.complete(run, counts, policies);
  }

  private async complete(run: RetentionRun, counts: RunCounts, policies: Map<string, RetentionPolicy>): Promise<RetentionRunView> {
    const erased = await this.ledger
      .createQueryBuilder('l')
      .select('l.category', 'category')
      .addSelect('l.action', 'action')
      .addSelect('sum(l.record_count)::int', 'total')
      .where('l.run_id = :runId', { runId: run.id })
      .groupBy('l.category')
      .addGroupBy('l.action')
      .getRawMany<{ category: string; action: RetentionPolicy['action']; total: number }>();
    for (const category of Object.keys(counts)) {
      const tally: CategoryCounts = counts[category];
      tally[actionCountKey(policies.get(category)!.action)] = 0;
      for (const row of erased.filter((e) => e.category === category)) tally[actionCountKey(row.action)] = row.total;
      // A real run erases everything due; what it erased, over all its attempts, is what was due.
      if (!run.dryRun) tally.due = erased.filter((e) => e.category === category).reduce((sum, e) => sum + e.total, 0);
    }
    return this.unitOfWork.run(runActor(run), async ({ manager, audit, publish }) => {
      run.status = 'completed';
      run.finishedAt = this.clock.now();
      run.counts = counts;
      run.error = null;
      const view = toView(await manager.save(run));
      audit({
        action: 'retention.run_completed',
        entityType: 'retention_run',
        entityId: run.id,
        after: { dryRun: run.dryRun, trigger: run.trigger, counts, startedAt: run.startedAt, finishedAt: run.finishedAt },
      });
      publish('retention.completed', { runId: run.id, dryRun: run.dryRun, trigger: run.trigger, counts, controllerIds: [] });
      return view;
    });
  }

  /** Marks the run running; a completed run is returned as it is. */
  private async claim(runId: string): Promise<RetentionRun> {
    return this.dataSource.transaction(async (manager) => {
      const run = await manager.findOne(RetentionRun, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw notFound('Retention run', runId);
      if (run.status === 'completed') return run;
      run.status = 'running';
      run.startedAt ??= this.clock.now();
      run.error = null;
      return manager.save(run);
    });
  }

  /** A retried scheduler job finds the run its first attempt created. */
  private async createScheduledRun(jobId: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO retention_runs (dry_run, trigger, status, scheduler_job_id, requested_by_id, requested_by_name, requested_by_role)
       VALUES (false, 'schedule', 'queued', $1, $2, $3, $4) ON CONFLICT (scheduler_job_id) DO NOTHING`,
      [jobId, SYSTEM_ACTOR.id, SYSTEM_ACTOR.name, SYSTEM_ACTOR.role],
    );
    const run = await this.runs.findOneByOrFail({ schedulerJobId: jobId });
    return run.id;
  }

  private async enqueue(runId: string): Promise<void> {
    try {
      await this.queues.add(runJob(runId));
    } catch (error) {
      this.logger.warn(`retention run ${runId} not queued now (${message(error)}); the reconciler queues it`);
    }
  }

  /** Runs queued while Redis was away, or whose worker died, are queued again (same job id: harmless). */
  private async *unfinishedRuns(): AsyncGenerator<JobRequest[]> {
    const unfinished = await this.runs.find({ where: { status: In(['queued', 'running']) }, select: { id: true } });
    yield unfinished.map((run) => runJob(run.id));
  }
}

function runJob(runId: string): JobRequest<{ runId?: string }> {
  return RunRetentionSweep.request({ runId }, { jobId: runJobId(runId) });
}

function runActor(run: RetentionRun): Actor {
  return { id: run.requestedById, name: run.requestedByName, role: run.requestedByRole };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toView(run: RetentionRun): RetentionRunView {
  return {
    id: run.id,
    status: run.status,
    dryRun: run.dryRun,
    trigger: run.trigger,
    requestedBy: run.requestedByName,
    counts: run.counts,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
