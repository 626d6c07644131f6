import fc from 'fast-check';
import { isLate, planDeadlineJobs, reminderInstant } from './deadline-plan';
import { EscalateDeadline, FireReminder } from './deadline.queue';

const STEP_HANDOVER_MS = 10 * 60_000;
const STEPS = { reminderFractions: [0.5, 0.75, 0.9], handoverMs: STEP_HANDOVER_MS };
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
      const jobs = planDeadlineJobs(deadline('2026-03-28T09:00:00Z', '2026-03-31T09:00:00Z', sent), STEPS, new Date(at));
      expect(jobs.map((j) => [j.job.name, j.jobId, j.delay])).toEqual([step]);
      expect(jobs[0].jobId).not.toContain(':');
    }
  });

  it('skips sent reminders, sends only the latest overdue one with the step after it, and only escalates once due', () => {
    const d = deadline('2026-01-01T00:00:00Z', '2026-01-01T10:00:00Z', [0.5]);
    expect(planDeadlineJobs(d, STEPS, new Date('2026-01-01T08:00:00Z'))).toEqual([
      { job: FireReminder, jobId: `${ID}-remind-750`, data: { deadlineId: ID, fraction: 0.75 }, delay: 0 },
      { job: FireReminder, jobId: `${ID}-remind-900`, data: { deadlineId: ID, fraction: 0.9 }, delay: 3_600_000 },
    ]);
    expect(planDeadlineJobs(deadline('2026-01-01T00:00:00Z', '2026-01-01T10:00:00Z'), STEPS, new Date('2026-01-01T09:30:00Z')).map((j) => [j.jobId, j.delay])).toEqual([
      [`${ID}-remind-900`, 0],
      [`${ID}-escalate`, 1_800_000],
    ]);
    const late = planDeadlineJobs(d, STEPS, new Date('2026-01-01T11:00:00Z'));
    expect(late).toEqual([{ job: EscalateDeadline, jobId: `${ID}-escalate`, data: { deadlineId: ID }, delay: 0 }]);
    expect(planDeadlineJobs({ ...d, status: 'met' }, STEPS, new Date('2026-01-01T01:00:00Z'))).toEqual([]);
  });

  it('adds the steps that follow within ten minutes together, so a late reminder cannot make the escalation late; a day-long clock keeps one job at a time', () => {
    // An hour: reminders at :30, :45 and :54, due at the hour; the last three are under ten minutes apart.
    const hour = deadline('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z');
    expect(planDeadlineJobs(hour, STEPS, new Date('2026-01-01T10:00:00Z')).map((j) => [j.jobId, j.delay])).toEqual([[`${ID}-remind-500`, 1_800_000]]);
    expect(planDeadlineJobs({ ...hour, remindersSent: [0.5] }, STEPS, new Date('2026-01-01T10:30:00Z')).map((j) => [j.jobId, j.delay])).toEqual([
      [`${ID}-remind-750`, 900_000],
      [`${ID}-remind-900`, 1_440_000],
      [`${ID}-escalate`, 1_800_000],
    ]);
    // Exactly ten minutes apart is apart: 100 minutes, the last reminder at 90.
    const hundred = deadline('2026-01-01T10:00:00Z', '2026-01-01T11:40:00Z', [0.5]);
    expect(planDeadlineJobs(hundred, STEPS, new Date('2026-01-01T10:50:00Z')).map((j) => j.jobId)).toEqual([`${ID}-remind-750`]);
    expect(planDeadlineJobs({ ...hundred, remindersSent: [0.5, 0.75] }, STEPS, new Date('2026-01-01T11:15:00Z')).map((j) => j.jobId)).toEqual([`${ID}-remind-900`]);
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
        fc.oneof(fc.constant(0), fc.constant(STEP_HANDOVER_MS), fc.integer({ min: 0, max: 72 * 3_600_000 })),
        (start, window, elapsed, unsorted, handoverMs) => {
          const fractions = [...unsorted].sort((a, b) => a - b);
          const due = start.getTime() + window;
          let d = { id: ID, status: 'pending' as const, startsAt: start, dueAt: new Date(due), remindersSent: [] as number[] };
          let now = start.getTime() + elapsed;
          const fired: number[] = [];
          // Jobs already in Redis that fire after the one being walked, with their instants.
          let added: { jobId: string; at: number }[] = [];
          for (let step = 0; step <= fractions.length; step++) {
            const jobs = planDeadlineJobs(d, { reminderFractions: fractions, handoverMs }, new Date(now));
            if (JSON.stringify(jobs) !== JSON.stringify(planDeadlineJobs(d, { reminderFractions: fractions, handoverMs }, new Date(now)))) return false;
            const planned = jobs.map((j) => ({ jobId: j.jobId, at: now + j.delay, name: j.job.name }));
            // After the next step only the ones that follow it within the handover (or, behind an overdue reminder that fires at once, the step after it).
            const overdueFirst = planned[0].at === now && planned[0].name === FireReminder.name && planned.length > 1;
            for (let i = 1; i < planned.length; i++) {
              if (planned[i].at < planned[i - 1].at) return false;
              if (planned[i].at - planned[i - 1].at >= handoverMs && !(i === 1 && overdueFirst)) return false;
            }
            // What a step's handler plans begins with what was already added after that step, at the same instants.
            if (JSON.stringify(planned.slice(0, added.length).map(({ jobId, at }) => ({ jobId, at }))) !== JSON.stringify(added)) return false;
            const [job] = jobs;
            added = planned.slice(1).map(({ jobId, at }) => ({ jobId, at }));
            now += job.delay;
            if (job.job.name === EscalateDeadline.name) return added.length === 0 && now === Math.max(due, start.getTime() + elapsed) && fired.every((f, i) => i === 0 || f > fired[i - 1]);
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
