import { Deadline } from './deadline.entity';

/** What a deadline event carries: enough for a receiver to act without calling back. */
export function deadlineEventData(deadline: Deadline, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deadlineId: deadline.id,
    kind: deadline.kind,
    dueAt: deadline.dueAt.toISOString(),
    incidentId: deadline.subjectType === 'incident' ? deadline.subjectId : null,
    controllerId: deadline.controllerId,
    subjectType: deadline.subjectType,
    subjectId: deadline.subjectId,
    ...extra,
  };
}
