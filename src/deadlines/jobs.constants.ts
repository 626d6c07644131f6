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
