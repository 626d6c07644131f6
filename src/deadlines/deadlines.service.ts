import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ruleBroken } from '../common/problem';
import { Deadline, DeadlineKind, DeadlineSubjectType } from './deadline.entity';

export interface OpenDeadline {
  kind: DeadlineKind;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  controllerId?: string | null;
  startsAt: Date;
  dueAt: Date;
}

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
  async open(manager: EntityManager, input: OpenDeadline): Promise<Deadline> {
    return manager.save(manager.create(Deadline, { ...input, controllerId: input.controllerId ?? null, status: 'pending', remindersSent: [] }));
  }

  /** Closes a pending deadline; a late `met` needs its reason (Art. 33(1)). */
  async close(manager: EntityManager, deadlineId: string, outcome: DeadlineOutcome): Promise<Deadline> {
    const deadline = await manager.findOneOrFail(Deadline, { where: { id: deadlineId }, lock: { mode: 'pessimistic_write' } });
    if (deadline.status !== 'pending' && deadline.status !== 'missed') throw ruleBroken(`this deadline is already ${deadline.status}`);
    if (outcome.status === 'cancelled') {
      deadline.status = 'cancelled';
      deadline.cancelledReason = outcome.reason;
    } else {
      const late = outcome.at.getTime() > deadline.dueAt.getTime();
      if (late && outcome.status !== 'met_late') throw ruleBroken('the deadline has passed: give a lateReason', 'lateReason');
      deadline.status = late ? 'met_late' : 'met';
      deadline.metAt = outcome.at;
      deadline.lateReason = late && outcome.status === 'met_late' ? outcome.lateReason : null;
    }
    return manager.save(deadline);
  }
}
