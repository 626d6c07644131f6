import fc from 'fast-check';
import { isLate, PlannedJob, planDeadlineJobs, reminderInstant } from './deadline-plan';
import { EscalateDeadline, FireReminder } from './deadline.queue';

const FRACTIONS = [0.5, 0.75, 0.9];
const ID = '6f1c2f4e-0000-4000-8000-000000000001';

function deadline(startsAt: string, dueAt: string, remindersSent: number[] = []) {
  return { id: ID, status: 'pending' as const, startsAt: new Date(startsAt), dueAt: new Date(dueAt), remindersSent };
}

describe('planDeadlineJobs', () => {
  it('schedules only the next step: each reminder at its fraction of the window, the escalation at the due instant, with ids free of ":"', () => {
    const walk = [
      { sent: [], at: '2026-03-28T09:00:00Z', step: [FireReminder.name, `${ID}-remind-500`, 36 * 3_600_000] },
      { sent: [0.5], at: '2026-03-29T21:00:00Z', step: [FireReminder.name, `${ID}-remind-750`, 18 * 3_600_000] },
      { sent: [0.5, 0.75], at: '2026-03-30T15:00:00Z', step: [FireReminder.name, `${ID}-remind-900`, 10.8 * 3_600_000] },
      { sent: [0.5, 0.75, 0.9], at: '2026-03-31T01:48:00Z', step: [EscalateDeadline.name, `${ID}-escalate`, 7.2 * 3_600_000] },
    ];
    for (const { sent, at, step } of walk) {
      const jobs = planDeadlineJobs(deadline('2026-03-28T09:00:00Z', '2026-03-31T09:00:00Z', sent), FRACTIONS, new Date(at));
      expect(jobs.map((j) => [j.job.name, j.jobId, j.delay])).toEqual([step]);
      expect(jobs[0].jobId).not.toContain(':');
    }
  });

  it('skips sent reminders, sends only the latest overdue one with the step after it, and only escalates once due', () => {
    const d = deadline('2026-01-01T00:00:00Z', '2026-01-01T10:00:00Z', [0.5]);
    expect(planDeadlineJobs(d, FRACTIONS, new Date('2026-01-01T08:00:00Z'))).toEqual([
      { job: FireReminder, jobId: `${ID}-remind-750`, data: { deadlineId: ID, fraction: 0.75 }, delay: 0 },
      { job: FireReminder, jobId: `${ID}-remind-900`, data: { deadlineId: ID, fraction: 0.9 }, delay: 3_600_000 },
    ]);
    expect(planDeadlineJobs(deadline('2026-01-01T00:00:00Z', '2026-01-01T10:00:00Z'), FRACTIONS, new Date('2026-01-01T09:30:00Z')).map((j) => [j.jobId, j.delay])).toEqual([
      [`${ID}-remind-900`, 0],
      [`${ID}-escalate`, 1_800_000],
    ]);
    const late = planDeadlineJobs(d, FRACTIONS, new Date('2026-01-01T11:00:00Z'));
    expect(late).toEqual([{ job: EscalateDeadline, jobId: `${ID}-escalate`, data: { deadlineId: ID }, delay: 0 }]);
    expect(planDeadlineJobs({ ...d, status: 'met' }, FRACTIONS, new Date('2026-01-01T01:00:00Z'))).toEqual([]);
  });

  it('leads, step by step as the handlers follow it, through each reminder once and in order to one escalation at the due instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01Z'), max: new Date('2030-01-01Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 72 * 3_600_000 }),
        fc.integer({ min: 0, max: 100 * 3_600_000 }),
        fc.uniqueArray(
          fc.integer({ min: 1, max: 999 }).map((n) => n / 1000),
          { maxLength: 5 },
        ),
        (start, window, elapsed, unsorted) => {
          const fractions = [...unsorted].sort((a, b) => a - b);
          const due = start.getTime() + window;
          let d = { id: ID, status: 'pending' as const, startsAt: start, dueAt: new Date(due), remindersSent: [] as number[] };
          let now = start.getTime() + elapsed;
          const fired: number[] = [];
          let plannedWith: PlannedJob | undefined;
          for (let step = 0; step <= fractions.length; step++) {
            const jobs = planDeadlineJobs(d, fractions, new Date(now));
            if (JSON.stringify(jobs) !== JSON.stringify(planDeadlineJobs(d, fractions, new Date(now)))) return false;
            const [job, following] = jobs;
            // Two only for an overdue reminder, which fires at once; the second is then the step after it, already added.
            if (jobs.length > 2 || (following && (job.delay !== 0 || job.job.name !== FireReminder.name))) return false;
            if (plannedWith && JSON.stringify(plannedWith) !== JSON.stringify(job)) return false;
            plannedWith = following;
            now += job.delay;
            if (job.job.name === EscalateDeadline.name) return now === Math.max(due, start.getTime() + elapsed) && fired.every((f, i) => i === 0 || f > fired[i - 1]);
            const { fraction } = job.data as { fraction: number };
            if (now >= due || fired.includes(fraction)) return false;
            fired.push(fraction);
            // As the reminder handler records it: this fraction and every one before it.
            d = { ...d, remindersSent: [...d.remindersSent, ...fractions.filter((f) => f <= fraction)] };
          }
          return false;
        },
      ),
    );
  });

  it('places a reminder at its fraction of the window, to the millisecond', () => {
    expect(reminderInstant(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T10:00:00Z'), 0.75).toISOString()).toBe('2026-01-01T07:30:00.000Z');
  });
});

describe('isLate', () => {
  const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

  it('counts a notification at the due instant as on time and one millisecond later as late', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 10_000_000 }), (due, later) => {
        return !isLate(due, due) && isLate(new Date(due.getTime() + 1), due) && isLate(new Date(due.getTime() + later), due) && !isLate(new Date(due.getTime() - later), due);
      }),
    );
  });
});
