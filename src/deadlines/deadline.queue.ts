import { QueueDefinition } from '../jobs/job-definition';

/** Handlers wait on row locks and Postgres, not on the CPU: several at a time keep firing on time. */
export const DeadlineQueue = new QueueDefinition('deadlines', 16);

/**
 * Escalations apart from reminders: a burst of reminders (every controller of a breach at
 * shared infrastructure, or a backlog after an outage) would otherwise keep a deadline that
 * falls due meanwhile waiting behind it in one first-in-first-out queue.
 */
export const EscalationQueue = new QueueDefinition('deadline-escalations', 16);

export const FireReminder = DeadlineQueue.job<{ deadlineId: string; fraction: number }>('fire-reminder');
export const EscalateDeadline = EscalationQueue.job<{ deadlineId: string }>('escalate-deadline');
