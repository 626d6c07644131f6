import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { deadlinePassed, ruleBroken } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { Deadline, DeadlineKind, DeadlineSubjectType } from './deadline.entity';
import { isLate, planDeadlineJobs } from './deadline-plan';
import { AfterCommitJobs } from './after-commit-jobs';

export interface OpenDeadline {
  kind: DeadlineKind;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  controllerId?: string | null;
  startsAt: Date;
  dueAt: Date;
}

/**
 * What became of a deadline its owner looked at when it fell due: closed by the owner
 * (an objection window that passed quietly is met), or missed, which this module then
 * records, audits and announces like any missed deadline.
 */
export type DueOutcome = { missed: false } | { missed: true; details?: Record<string, unknown> };

/**
 * What the owning module does when a deadline of its kind falls due and is still
 * pending (an objection window closes, a contract-end deletion starts). Runs in the
 * scheduler's transaction with the deadline row locked.
 */
export type DueHandler = (manager: EntityManager, deadline: Deadline) => Promise<DueOutcome>;

export type DeadlineOutcome =
  | { status: 'met'; at: Date }
  | { status: 'met_late'; at: Date; lateReason: string }
  | { status: 'cancelled'; reason: string };

/**
 * Creates and closes deadline rows inside the caller's transaction. Domain modules use
 * this; the scheduler in this folder turns pending rows into BullMQ jobs after commit.
 */
@Injectable()
export class DeadlinesService {
  private readonly dueHandlers = new Map<DeadlineKind, DueHandler>();

  constructor(
    private readonly afterCommit: AfterCommitJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Called by owning modules at init; a kind without a handler escalates as missed. */
  onDue(kind: DeadlineKind, handler: DueHandler): void {
    if (this.dueHandlers.has(kind)) throw new Error(`deadline kind ${kind} already has a due handler`);
    this.dueHandlers.set(kind, handler);
  }

  dueHandler(kind: DeadlineKind): DueHandler | undefined {
    return this.dueHandlers.get(kind);
  }

  async open(manager: EntityManager, input: OpenDeadline): Promise<Deadline> {
    const [deadline] = await this.openMany(manager, [input]);
    return deadline;
  }

  /**
   * Opens deadlines in one INSERT; their reminder and escalation jobs are added once the
   * caller's transaction commits. The nullable columns are set explicitly so the returned
   * rows are complete without reading them back.
   */
  async openMany(manager: EntityManager, inputs: OpenDeadline[]): Promise<Deadline[]> {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input) =>
      manager.create(Deadline, { ...input, controllerId: input.controllerId ?? null, status: 'pending', remindersSent: [], metAt: null, lateReason: null, missedAt: null, cancelledReason: null }),
    );
    await manager.insert(Deadline, rows);
    const now = this.clock.now();
    await this.afterCommit.add(manager, rows.flatMap((deadline) => planDeadlineJobs(deadline, this.config.reminderFractions, now)));
    return rows;
  }

  /** Closes a pending deadline; a late `met` needs its reason (Art. 33(1)). */
  async close(manager: EntityManager, deadlineId: string, outcome: DeadlineOutcome): Promise<Deadline> {
    const deadline = await manager.findOneOrFail(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
    if (deadline.status !== 'pending' && deadline.status !== 'missed') throw ruleBroken(`this deadline is already ${deadline.status}`);
    if (outcome.status === 'cancelled') {
      deadline.status = 'cancelled';
      deadline.cancelledReason = outcome.reason;
    } else {
      const late = isLate(outcome.at, deadline.dueAt);
      if (late && outcome.status !== 'met_late') throw deadlinePassed('the deadline has passed: give a lateReason');
      deadline.status = late ? 'met_late' : 'met';
      deadline.metAt = outcome.at;
      deadline.lateReason = late && outcome.status === 'met_late' ? outcome.lateReason : null;
    }
    return manager.save(deadline);
  }
}
