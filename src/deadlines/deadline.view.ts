import { Deadline } from './deadline.entity';
import { DeadlineAbout } from './deadline-kinds';

export interface DeadlineView {
  id: string;
  kind: string;
  status: string;
  subjectType: string;
  subjectId: string;
  incidentId: string | null;
  controllerId: string | null;
  startsAt: string;
  dueAt: string;
  metAt: string | null;
  lateReason: string | null;
  missedAt: string | null;
  cancelledReason: string | null;
  remindersSent: number[];
  createdAt: string;
  /** Present in lists: what the deadline is about (null when its subject is gone). */
  about?: DeadlineAbout | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeadlineView(d: Deadline, about?: DeadlineAbout | null): DeadlineView {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    incidentId: d.subjectType === 'incident' ? d.subjectId : null,
    controllerId: d.controllerId,
    startsAt: d.startsAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    metAt: iso(d.metAt),
    lateReason: d.lateReason,
    missedAt: iso(d.missedAt),
    cancelledReason: d.cancelledReason,
    remindersSent: d.remindersSent,
    createdAt: d.createdAt.toISOString(),
    ...(about === undefined ? {} : { about }),
  };
}
