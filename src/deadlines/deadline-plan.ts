import { JobRequest, stepJobId } from '../jobs/job-definition';
import { Deadline } from './deadline.entity';
import { EscalateDeadline, FireReminder } from './deadline.queue';

/** Always with its deterministic id and its `delay`: milliseconds from `now`, 0 when the instant has already passed. */
export type PlannedJob = (JobRequest<{ deadlineId: string; fraction: number }> | JobRequest<{ deadlineId: string }>) & { jobId: string; delay: number };

export type PlannableDeadline = Pick<Deadline, 'id' | 'status' | 'startsAt' | 'dueAt' | 'remindersSent'>;

/** Met at the due instant is on time; one millisecond later is late. */
export function isLate(at: Date, dueAt: Date): boolean {
  return at.getTime() > dueAt.getTime();
}

/** The instant at `fraction` of the window startsAt..dueAt, to the millisecond. */
export function reminderInstant(startsAt: Date, dueAt: Date, fraction: number): Date {
  const start = startsAt.getTime();
  return new Date(start + Math.floor((dueAt.getTime() - start) * fraction));
}

/** Per-mille keeps the job id free of dots and stable for 0.5 written as .5 or 0.50. */
export const reminderStep = (fraction: number): string => `remind-${Math.round(fraction * 1000)}`;

export const sameFraction = (a: number, b: number) => Math.round(a * 1000) === Math.round(b * 1000);

/**
 * The BullMQ jobs a deadline row calls for at `now`: one escalation at dueAt and one
 * reminder per configured fraction not yet sent. Derived only from the row, so the
 * scheduler and the reconciler produce the same ids and re-adding is harmless.
 * Once dueAt has passed reminders are pointless: only the escalation remains. Of the
 * reminders already overdue (after an outage) only the latest is kept; firing it marks
 * the earlier ones as sent too.
 */
export function planDeadlineJobs(deadline: PlannableDeadline, fractions: number[], now: Date): PlannedJob[] {
  if (deadline.status !== 'pending') return [];
  const nowMs = now.getTime();
  const dueMs = deadline.dueAt.getTime();
  const escalation = EscalateDeadline.request({ deadlineId: deadline.id }, { jobId: stepJobId(deadline.id, 'escalate'), delay: Math.max(0, dueMs - nowMs) });
  if (dueMs <= nowMs) return [escalation];

  const reminders = fractions
    .filter((fraction) => fraction > 0 && fraction < 1 && !deadline.remindersSent.some((sent) => sameFraction(sent, fraction)))
    .map((fraction) => ({ fraction, at: reminderInstant(deadline.startsAt, deadline.dueAt, fraction).getTime() }));
  const overdue = reminders.filter((r) => r.at <= nowMs);
  const kept = [...reminders.filter((r) => r.at > nowMs), ...overdue.slice(-1)];
  return [
    ...kept.map(({ fraction, at }) => FireReminder.request({ deadlineId: deadline.id, fraction }, { jobId: stepJobId(deadline.id, reminderStep(fraction)), delay: Math.max(0, at - nowMs) })),
    escalation,
  ];
}
