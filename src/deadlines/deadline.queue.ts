import { QueueDefinition } from '../jobs/job-definition';

/** Handlers wait on row locks and Postgres, not on the CPU: several at a time keep firing on time. */
export const DeadlineQueue = new QueueDefinition('deadlines', 16);

/**
 * Reminders yield to escalations: a burst of reminders (every controller of a breach at shared
 * infrastructure, or a backlog after an outage) waits in the queue's prioritised set, and an
 * escalation falling due meanwhile is handed out before all of them, as soon as a handler is
 * free. One queue rather than a queue of escalations apart: in the deadline bench a second
 * queue's worker fired escalations 20–30 ms later at the median (see bench/README.md).
 */
export const FireReminder = DeadlineQueue.job<{ deadlineId: string; fraction: number }>('fire-reminder', { priority: 1 });
export const EscalateDeadline = DeadlineQueue.job<{ deadlineId: string }>('escalate-deadline');
