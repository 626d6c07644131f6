import { QueueDefinition } from '../jobs/job-definition';

/** One sweep at a time per worker: a sweep is long, and batches of one run must not race each other. */
export const RetentionQueue = new QueueDefinition('retention');

/** `runId` absent: the nightly scheduler's job, which creates its run on the first attempt. */
export const RunRetentionSweep = RetentionQueue.job<{ runId?: string }>('run-retention-sweep');
