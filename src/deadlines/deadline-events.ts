import { Deadline } from './deadline.entity';

/** What a deadline event carries: enough for a receiver to act without calling back. */
export interface DeadlineEvent {
  deadlineId: string;
  kind: string;
  dueAt: string;
  incidentId: string | null;
  controllerId: string | null;
  controllerIds: string[];
  subjectType: string;
  subjectId: string;
}

export interface DeadlineReminderEvent extends DeadlineEvent {
  fraction: number;
  remainingMs: number;
}

export interface DeadlineMissedEvent extends DeadlineEvent {
  missedAt: string;
  [detail: string]: unknown;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'deadline.reminder': DeadlineReminderEvent;
    'deadline.missed': DeadlineMissedEvent;
  }
}

export function deadlineEventData(deadline: Deadline): DeadlineEvent {
  return {
    deadlineId: deadline.id,
    kind: deadline.kind,
    dueAt: deadline.dueAt.toISOString(),
    incidentId: deadline.subjectType === 'incident' ? deadline.subjectId : null,
    controllerId: deadline.controllerId,
    controllerIds: deadline.controllerId ? [deadline.controllerId] : [],
    subjectType: deadline.subjectType,
    subjectId: deadline.subjectId,
  };
}
