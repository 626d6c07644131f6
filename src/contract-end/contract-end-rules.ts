import { Deadline } from '../deadlines/deadline.entity';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlineOutcome } from '../deadlines/deadlines.service';
import { DeletionTask } from './deletion-task.entity';

/**
 * How the contract-end deletion deadline closes, or null while a store has not confirmed.
 * The deletion was done when the last store confirmed, late with that store's reason after
 * the due date; with no stores there was nothing to erase, so it was done when the
 * contract ended.
 */
export function completion(tasks: readonly Pick<DeletionTask, 'status' | 'confirmedAt' | 'lateReason'>[], deadline: Pick<Deadline, 'startsAt' | 'dueAt'>): DeadlineOutcome | null {
  let last: { at: Date; lateReason: string | null } | undefined;
  for (const task of tasks) {
    if (task.status !== 'confirmed' || !task.confirmedAt) return null;
    if (!last || task.confirmedAt.getTime() > last.at.getTime()) last = { at: task.confirmedAt, lateReason: task.lateReason };
  }
  if (!last) return { status: 'met', at: deadline.startsAt };
  return isLate(last.at, deadline.dueAt) ? { status: 'met_late', at: last.at, lateReason: last.lateReason ?? 'confirmed after the due date' } : { status: 'met', at: last.at };
}

/**
 * The controller may change between return and delete until the contract ends
 * (Art. 28(3)(g)); the choice is read when erasure starts, so until then a change is
 * simply honoured. Once erasure has been requested it is history and stays as it was.
 */
export function mayChangeChoice(terminationEffectiveAt: Date | null, erasureStarted: boolean, now: Date): boolean {
  const ended = terminationEffectiveAt !== null && terminationEffectiveAt.getTime() <= now.getTime();
  return !erasureStarted && !ended;
}
