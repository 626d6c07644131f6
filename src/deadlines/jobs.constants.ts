/**
 * Every queue and job of the service, in one place. Only deadlines/ talks to BullMQ;
 * other modules register a handler for their job names (see JobHandlerRegistry).
 */
export enum QueueName {
  DEADLINES = 'deadlines',
  RETENTION = 'retention',
  DELIVERIES = 'deliveries',
}

export enum JobName {
  FIRE_REMINDER = 'fire-reminder',
  ESCALATE_DEADLINE = 'escalate-deadline',
  RECONCILE_DEADLINES = 'reconcile-deadlines',
  RUN_RETENTION_SWEEP = 'run-retention-sweep',
  DELIVER_WEBHOOK = 'deliver-webhook',
  SEND_EMAIL = 'send-email',
  REQUEST_DATA_STORE_ERASURE = 'request-data-store-erasure',
}

/** Which queue carries which job. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.FIRE_REMINDER]: QueueName.DEADLINES,
  [JobName.ESCALATE_DEADLINE]: QueueName.DEADLINES,
  [JobName.RECONCILE_DEADLINES]: QueueName.DEADLINES,
  [JobName.RUN_RETENTION_SWEEP]: QueueName.RETENTION,
  [JobName.DELIVER_WEBHOOK]: QueueName.DELIVERIES,
  [JobName.SEND_EMAIL]: QueueName.DELIVERIES,
  [JobName.REQUEST_DATA_STORE_ERASURE]: QueueName.DELIVERIES,
};

/** Payloads carry ids, never entities: a handler re-reads the row and acts only if still called for. */
export interface JobPayloads {
  [JobName.FIRE_REMINDER]: { deadlineId: string; fraction: number };
  [JobName.ESCALATE_DEADLINE]: { deadlineId: string };
  [JobName.RECONCILE_DEADLINES]: Record<string, never>;
  [JobName.RUN_RETENTION_SWEEP]: { runId?: string };
  [JobName.DELIVER_WEBHOOK]: { deliveryId: string };
  [JobName.SEND_EMAIL]: { emailId: string };
  [JobName.REQUEST_DATA_STORE_ERASURE]: { deletionTaskId: string };
}

/**
 * Job options for every job, in one place. Retries back off exponentially; finished jobs
 * are kept only long enough to de-duplicate a re-add by the reconciler and to inspect
 * failures, then Redis forgets them (Postgres keeps the facts).
 */
export const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/**
 * Deterministic job ids: `<deadlineId>-<step>`. Architecture.md says `<deadlineId>:<step>`,
 * but BullMQ 5.81 throws "Custom Id cannot contain :" for any id with a ':' that does not
 * split into exactly three parts (it reserves those for legacy repeatable jobs), so the
 * separator is '-'.
 */
export const deadlineJobId = (deadlineId: string, step: string): string => `${deadlineId}-${step}`;
