import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Change, UnitOfWork } from '../audit/unit-of-work';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { DomainEvents, MailAudience } from '../common/domain-events';
import { AppConfig } from '../config/app-config';
import { JobMeta, JobRequest } from '../jobs/job-definition';
import { JobQueues } from '../jobs/job-queues';
import { JobReconciler } from '../jobs/job-reconciler';
import { OnJob } from '../jobs/on-job.decorator';
import { Metrics } from '../observability/metrics';
import { Deadline, DeadlineStatus } from './deadline.entity';
import { deadlineEventData } from './deadline-events';
import { DeadlineKinds } from './deadline-kinds';
import { PlannableDeadline, PlannedJob, planDeadlineJobs, sameFraction } from './deadline-plan';
import { EscalateDeadline, FireReminder } from './deadline.queue';

/** Thrown so BullMQ retries: the job came before the deadline's instant by this service's clock. */
export class NotYetDue extends Error {}

/** Rows per round trip when the reconciler rebuilds the jobs; each becomes one job (its next step) in one addBulk. */
const RECONCILE_BATCH = 5_000;

interface PendingRow {
  id: string;
  status: DeadlineStatus;
  starts_at: Date;
  due_at: Date;
  reminders_sent: number[];
}

/**
 * What the scheduler's jobs do. Each re-reads its row under a lock and acts only if the
 * deadline is still pending, so a retried, duplicated or stale job changes nothing. A
 * pending deadline has one job in Redis, its next step (see planDeadlineJobs); a reminder
 * adds the step after it. Also gives the reconciler every pending row's next step, and the
 * metrics their count.
 */
@Injectable()
export class DeadlineJobs implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly kinds: DeadlineKinds,
    private readonly events: DomainEvents,
    private readonly reconciler: JobReconciler,
    private readonly queues: JobQueues,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.declare('deadline.reminder', 'deadline.missed');
    this.reconciler.addSource('deadlines', () => this.pendingJobs());
    this.metrics.pendingDeadlinesFrom(() => this.dataSource.query(`SELECT kind, count(*)::int AS count FROM deadlines WHERE status = 'pending' GROUP BY kind`));
  }

  /**
   * Sends `deadline.reminder` once per fraction; earlier fractions count as sent too. Then
   * adds the deadline's next step, planned from the row it locked, awaited: the job is done
   * only once its successor is in Redis. Killed in between, BullMQ hands the job out again
   * (stalled), which finds the reminder sent and adds the step; the reconciler plans it from
   * the row as well.
   */
  @OnJob(FireReminder)
  async remind({ deadlineId, fraction }: { deadlineId: string; fraction: number }, meta: JobMeta): Promise<string> {
    let reminded: { outcome: string; next: PlannedJob[] };
    try {
      reminded = await this.sendReminder(deadlineId, fraction);
    } catch (error) {
      // A reminder that keeps failing must not hold back the escalation behind it.
      if (meta.lastAttempt) await this.queues.addBulk(await this.stepsAfter(deadlineId, fraction));
      throw error;
    }
    await this.queues.addBulk(reminded.next);
    return reminded.outcome;
  }

  private sendReminder(deadlineId: string, fraction: number): Promise<{ outcome: string; next: PlannedJob[] }> {
    return this.unitOfWork.run(SYSTEM_ACTOR, async (change) => {
      const deadline = await this.lockPending(change, deadlineId);
      if (!deadline) return { outcome: 'not pending', next: [] };
      const now = this.clock.now();
      const next = () => this.planAfter(deadline, fraction, now);
      if (now.getTime() >= deadline.dueAt.getTime()) return { outcome: 'already due', next: next() };
      if (deadline.remindersSent.some((sent) => sameFraction(sent, fraction))) return { outcome: 'already reminded', next: next() };
      const covered = new Set([...deadline.remindersSent, ...this.passed(fraction)]);
      const before = { remindersSent: deadline.remindersSent };
      deadline.remindersSent = [...covered].sort((a, b) => a - b);
      await change.manager.update(Deadline, { id: deadline.id }, { remindersSent: deadline.remindersSent });
      change.audit({ action: 'deadline.reminded', entityType: 'deadline', entityId: deadline.id, before, after: { remindersSent: deadline.remindersSent, fraction } });
      change.publish('deadline.reminder', { ...deadlineEventData(deadline), fraction, remainingMs: deadline.dueAt.getTime() - now.getTime() }, this.mailAudience(deadline));
      return { outcome: 'reminded', next: next() };
    });
  }

  /** The reminder at `fraction` and every configured one before it. */
  private passed(fraction: number): number[] {
    return [...this.config.reminderFractions.filter((f) => f <= fraction), fraction];
  }

  /** The step that follows the reminder at `fraction`, whether or not that reminder went out. */
  private planAfter(deadline: PlannableDeadline, fraction: number, now: Date): PlannedJob[] {
    return planDeadlineJobs({ ...deadline, remindersSent: [...deadline.remindersSent, ...this.passed(fraction)] }, this.config.deadlineSteps, now);
  }

  /** As planAfter, from the row as it stands, for a reminder whose own change did not commit. */
  private async stepsAfter(deadlineId: string, fraction: number): Promise<PlannedJob[]> {
    const [row] = await this.dataSource.query<PendingRow[]>(`SELECT id, status, starts_at, due_at, reminders_sent FROM deadlines WHERE id = $1`, [deadlineId]);
    return row ? this.planAfter(this.plannable(row), fraction, this.clock.now()) : [];
  }

  private plannable(row: PendingRow): PlannableDeadline {
    return { id: row.id, status: row.status, startsAt: row.starts_at, dueAt: row.due_at, remindersSent: row.reminders_sent };
  }

  /**
   * At the due instant: the owning kind's due handler decides if it has one (an objection
   * window that closes is not a failure); otherwise the deadline is missed.
   */
  @OnJob(EscalateDeadline)
  async escalate({ deadlineId }: { deadlineId: string }): Promise<string> {
    return this.unitOfWork.run(SYSTEM_ACTOR, async (change) => {
      const deadline = await this.lockPending(change, deadlineId);
      if (!deadline) return 'not pending';
      const now = this.clock.now();
      if (now.getTime() < deadline.dueAt.getTime()) throw new NotYetDue(`deadline ${deadlineId} is due at ${deadline.dueAt.toISOString()}`);
      const onDue = this.kinds.get(deadline.kind).onDue;
      const outcome = onDue ? await onDue(change, deadline) : { missed: true as const };
      if (!outcome.missed) return 'handled';
      const details = outcome.details ?? {};
      await change.manager.update(Deadline, { id: deadline.id }, { status: 'missed', missedAt: now });
      change.audit({ action: 'deadline.missed', entityType: 'deadline', entityId: deadline.id, before: { status: 'pending' }, after: { status: 'missed', missedAt: now, ...details } });
      change.publish('deadline.missed', { ...deadlineEventData(deadline), missedAt: now.toISOString(), ...details }, this.mailAudience(deadline));
      return 'missed';
    });
  }

  private async lockPending(change: Change, deadlineId: string): Promise<Deadline | null> {
    const deadline = await change.manager.findOne(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
    return deadline?.status === 'pending' ? deadline : null;
  }

  private mailAudience(deadline: Deadline): MailAudience {
    return this.kinds.get(deadline.kind).concerns === 'controller' ? 'officer_and_controllers' : 'officer';
  }

  /** Every pending row's jobs, in pages; the next page is read while Redis takes this one. */
  private async *pendingJobs(): AsyncGenerator<JobRequest[]> {
    const steps = this.config.deadlineSteps;
    let after = '00000000-0000-0000-0000-000000000000';
    let batch = this.pendingAfter(after);
    try {
      for (;;) {
        const rows = await batch;
        if (rows.length === 0) return;
        after = rows[rows.length - 1].id;
        batch = rows.length < RECONCILE_BATCH ? Promise.resolve([]) : this.pendingAfter(after);
        const now = this.clock.now();
        yield rows.flatMap((row) => planDeadlineJobs(this.plannable(row), steps, now));
      }
    } finally {
      await batch.catch(() => undefined);
    }
  }

  private pendingAfter(after: string): Promise<PendingRow[]> {
    return this.dataSource.query(`SELECT id, status, starts_at, due_at, reminders_sent FROM deadlines WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT ${RECONCILE_BATCH}`, [after]);
  }
}
