import { QueueDefinition } from '../jobs/job-definition';

export const AuditQueue = new QueueDefinition('audit');

/** The periodic checkpoint of the audit chain. */
export const TakeAuditCheckpoint = AuditQueue.job<Record<string, never>>('take-checkpoint');
