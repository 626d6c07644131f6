import fc from 'fast-check';
import { isLate, planDeadlineJobs, reminderInstant } from './deadline-plan';
import { EscalateDeadline, FireReminder } from './deadline.queue';

const FRACTIONS = [0.5, 0.75, 0.9];
const ID = '6f1c2f4e-0000-4000-8000-000000000001';

function deadline(startsAt: string, dueAt: string, remindersSent: number[] = []) {
  return { id: ID, status: 'pending' as const, startsAt: new Date(startsAt), dueAt: new Date(dueAt), remindersSent };
}

describe('planDeadlineJobs', () => {
  it('plans reminders at 50/75/90 % of the window and the escalation at the due instant, with ids free of ":"', () => {
    const jobs = planDeadlineJobs(deadline('2026-03-28T09:00:00Z', '2026-03-31T09:00:00Z'), FRACTIONS, new Date('2026-03-28T09:00:00Z'));
    expect(jobs.map((j) => [j.job.name, j.jobId, j.delay])).toEqual([
      [FireReminder.name, `${ID}-remind-500`, 36 * 3_600_000],
      [FireReminder.name, `${ID}-remind-750`, 54 * 3_600_000],
      [FireReminder.name, `${ID}-remind-900`, 64.8 * 3_600_000],
      [EscalateDeadline.name, `${ID}-escalate`, 72 * 3_600_000],
    ]);
    expect(jobs.every((j) => !j.jobId.includes(':'))).toBe(true);
  });

  it('skips sent reminders, keeps only the latest overdue one, and only escalates once due', () => {
    const d = deadline('2026-01-01T00:00:00Z', '2026-01-01T10:00:00Z', [0.5]);
    const at8h = planDeadlineJobs(d, FRACTIONS, new Date('2026-01-01T08:00:00Z'));
    expect(at8h.map((j) => j.jobId)).toEqual([`${ID}-remind-900`, `${ID}-remind-750`, `${ID}-escalate`]);
    expect(at8h.find((j) => j.jobId.endsWith('750'))!.delay).toBe(0);
    const late = planDeadlineJobs(d, FRACTIONS, new Date('2026-01-01T11:00:00Z'));
    expect(late).toEqual([{ job: EscalateDeadline, jobId: `${ID}-escalate`, data: { deadlineId: ID }, delay: 0 }]);
    expect(planDeadlineJobs({ ...d, status: 'met' }, FRACTIONS, new Date('2026-01-01T01:00:00Z'))).toEqual([]);
  });

  it('is deterministic and never schedules a reminder after the due instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01Z'), max: new Date('2030-01-01Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 72 * 3_600_000 }),
        fc.integer({ min: 0, max: 100 * 3_600_000 }),
        fc.uniqueArray(
          fc.integer({ min: 1, max: 999 }).map((n) => n / 1000),
          { maxLength: 5 },
        ),
        (start, window, elapsed, fractions) => {
          const d = { id: ID, status: 'pending' as const, startsAt: start, dueAt: new Date(start.getTime() + window), remindersSent: [] };
          const now = new Date(start.getTime() + elapsed);
          const jobs = planDeadlineJobs(d, fractions, now);
          const again = planDeadlineJobs(d, fractions, now);
          const escalation = jobs.filter((j) => j.job.name === EscalateDeadline.name);
          return (
            JSON.stringify(jobs) === JSON.stringify(again) &&
            escalation.length === 1 &&
            escalation[0].delay === Math.max(0, window - elapsed) &&
            jobs.every((j) => j.delay <= Math.max(0, window - elapsed)) &&
            new Set(jobs.map((j) => j.jobId)).size === jobs.length
          );
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
