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
 * The reminders, as fractions of a deadline's window, and the handover: a step's handler adds
 * the step after it once it has run, so a step that runs late (a burst of reminders, a busy
 * database) would make its successor late too. A successor due less than `handoverMs` after
 * the step before it is therefore added together with that step, and a backlog up to that
 * long never delays an escalation. Only short windows have steps that close (with ten
 * minutes, the last reminder of a clock under 100 minutes); a day-long clock still has one
 * job at a time.
 */
export interface StepSchedule {
  reminderFractions: number[];
  handoverMs: number;
}

/**
 * The BullMQ jobs a deadline row calls for at `now`: its next step. The steps are a
 * reminder per configured fraction not yet sent, then the escalation at dueAt; only the
 * earliest is in Redis (with any that follow it within the handover), and each
 * reminder's handler adds the step after it (a quarter of the memory of a job per step).
 * Derived only from the row, so the scheduler, a step's handler and the reconciler produce
 * the same ids and re-adding is harmless; a handler that died before adding the next step
 * leaves a row the reconciler plans it from.
 * Once dueAt has passed reminders are pointless: only the escalation remains. Of the
 * reminders already overdue (after an outage, or on a clock reported nearly run out) only
 * the latest is sent, and firing it marks the earlier ones as sent too; it fires at once,
 * so the step after it is planned with it, and a backlog of such reminders never holds
 * that step (an escalation due in seconds) back.
 */
export function planDeadlineJobs(deadline: PlannableDeadline, { reminderFractions, handoverMs }: StepSchedule, now: Date): PlannedJob[] {
  if (deadline.status !== 'pending') return [];
  const nowMs = now.getTime();
  const dueMs = deadline.dueAt.getTime();
  const reminders =
    dueMs <= nowMs
      ? []
      : reminderFractions
          .filter((fraction) => fraction > 0 && fraction < 1 && !deadline.remindersSent.some((sent) => sameFraction(sent, fraction)))
          .map((fraction) => ({ fraction, at: reminderInstant(deadline.startsAt, deadline.dueAt, fraction).getTime() }))
          .sort((a, b) => a.at - b.at);
  const reminder = ({ fraction, at }: { fraction: number; at: number }) =>
    FireReminder.request({ deadlineId: deadline.id, fraction }, { jobId: stepJobId(deadline.id, reminderStep(fraction)), delay: Math.max(0, at - nowMs) });
  const escalation = EscalateDeadline.request({ deadlineId: deadline.id }, { jobId: stepJobId(deadline.id, 'escalate'), delay: Math.max(0, dueMs - nowMs) });
  const steps = [...reminders.filter((r) => r.at > nowMs).map((r) => ({ at: r.at, job: reminder(r) })), { at: dueMs, job: escalation }];
  const next = [steps[0]];
  for (const step of steps.slice(1)) {
    if (step.at - next[next.length - 1].at >= handoverMs) break;
    next.push(step);
  }
  const overdue = reminders.filter((r) => r.at <= nowMs).at(-1);
  return [...(overdue ? [reminder(overdue)] : []), ...next.map((step) => step.job)];
}
