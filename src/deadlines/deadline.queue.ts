import { QueueDefinition } from '../jobs/job-definition';

/** Handlers wait on row locks and Postgres, not on the CPU: several at a time keep firing on time. */
export const DeadlineQueue = new QueueDefinition('deadlines', 16);

export const FireReminder = DeadlineQueue.job<{ deadlineId: string; fraction: number }>('fire-reminder');
export const EscalateDeadline = DeadlineQueue.job<{ deadlineId: string }>('escalate-deadline');
