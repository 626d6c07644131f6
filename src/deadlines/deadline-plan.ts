import { Deadline } from './deadline.entity';
import { deadlineJobId, JobName, JobPayloads } from './jobs.constants';

export type DeadlineJobName = JobName.FIRE_REMINDER | JobName.ESCALATE_DEADLINE;

export interface PlannedJob<N extends DeadlineJobName = DeadlineJobName> {
  name: N;
  jobId: string;
  data: JobPayloads[N];
  /** Milliseconds from `now`; 0 when the instant has already passed. */
  delay: number;
}

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
  const escalation: PlannedJob<JobName.ESCALATE_DEADLINE> = {
    name: JobName.ESCALATE_DEADLINE,
    jobId: deadlineJobId(deadline.id, 'escalate'),
    data: { deadlineId: deadline.id },
    delay: Math.max(0, dueMs - nowMs),
  };
  if (dueMs <= nowMs) return [escalation];

  const reminders = fractions
    .filter((fraction) => fraction > 0 && fraction < 1 && !deadline.remindersSent.some((sent) => sameFraction(sent, fraction)))
    .map((fraction) => ({ fraction, at: reminderInstant(deadline.startsAt, deadline.dueAt, fraction).getTime() }));
  const overdue = reminders.filter((r) => r.at <= nowMs);
  const kept = [...reminders.filter((r) => r.at > nowMs), ...overdue.slice(-1)];
  return [
    ...kept.map(
      ({ fraction, at }): PlannedJob<JobName.FIRE_REMINDER> => ({
        name: JobName.FIRE_REMINDER,
        jobId: deadlineJobId(deadline.id, reminderStep(fraction)),
        data: { deadlineId: deadline.id, fraction },
        delay: Math.max(0, at - nowMs),
      }),
    ),
    escalation,
  ];
}
