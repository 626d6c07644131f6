import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { Deadline } from './deadline.entity';
import { deadlineEventData } from './deadline-events';
import { DeadlinesService, DueOutcome } from './deadlines.service';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobName } from './jobs.constants';
import { sameFraction } from './deadline-plan';

/** Thrown so BullMQ retries: the job came before the deadline's instant by this service's clock. */
export class NotYetDue extends Error {}

/**
 * What the scheduler's jobs do. Each re-reads its row under a lock and acts only if the
 * deadline is still pending, so a retried, duplicated or stale job changes nothing.
 */
@Injectable()
export class DeadlineJobs implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly deadlines: DeadlinesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JobName.FIRE_REMINDER, ({ deadlineId, fraction }) => this.remind(deadlineId, fraction));
    this.registry.register(JobName.ESCALATE_DEADLINE, ({ deadlineId }) => this.escalate(deadlineId));
  }

  /** Sends `deadline.reminder` once per fraction; earlier fractions count as sent too. */
  async remind(deadlineId: string, fraction: number): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const deadline = await manager.findOne(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
      if (!deadline || deadline.status !== 'pending') return 'not pending';
      const now = this.clock.now();
      if (now.getTime() >= deadline.dueAt.getTime()) return 'already due';
      if (deadline.remindersSent.some((sent) => sameFraction(sent, fraction))) return 'already reminded';
      const covered = new Set([...deadline.remindersSent, ...this.config.reminderFractions.filter((f) => f <= fraction), fraction]);
      const before = { remindersSent: deadline.remindersSent };
      deadline.remindersSent = [...covered].sort((a, b) => a - b);
      await manager.update(Deadline, { id: deadline.id }, { remindersSent: deadline.remindersSent });
      await this.audit.record(manager, SYSTEM_ACTOR, { action: 'deadline.reminded', entityType: 'deadline', entityId: deadline.id, before, after: { remindersSent: deadline.remindersSent, fraction } });
      await this.notifications.publish(manager, 'deadline.reminder', deadlineEventData(deadline, { fraction, remainingMs: deadline.dueAt.getTime() - now.getTime() }));
      return 'reminded';
    });
  }

  /**
   * At the due instant: the owning module's due handler decides if it registered one
   * (an objection window that closes is not a failure); otherwise the deadline is missed.
   */
  async escalate(deadlineId: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const deadline = await manager.findOne(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
      if (!deadline || deadline.status !== 'pending') return 'not pending';
      const now = this.clock.now();
      if (now.getTime() < deadline.dueAt.getTime()) throw new NotYetDue(`deadline ${deadlineId} is due at ${deadline.dueAt.toISOString()}`);
      const handler = this.deadlines.dueHandler(deadline.kind);
      const outcome: DueOutcome = handler ? await handler(manager, deadline) : { missed: true };
      if (!outcome.missed) return 'handled';
      await this.markMissed(manager, deadline, now, outcome.details ?? {});
      return 'missed';
    });
  }

  private async markMissed(manager: EntityManager, deadline: Deadline, now: Date, details: Record<string, unknown>): Promise<void> {
    await manager.update(Deadline, { id: deadline.id }, { status: 'missed', missedAt: now });
    await this.audit.record(manager, SYSTEM_ACTOR, {
      action: 'deadline.missed',
      entityType: 'deadline',
      entityId: deadline.id,
      before: { status: 'pending' },
      after: { status: 'missed', missedAt: now, ...details },
    });
    await this.notifications.publish(manager, 'deadline.missed', deadlineEventData(deadline, { missedAt: now.toISOString(), ...details }));
  }
}
