import fc from 'fast-check';
import { endingNoticeAt, EndOfTerm, planAgreementEndJobs } from './agreement-end-plan';

const now = new Date('2026-03-10T09:00:00Z');
const endsAt = new Date('2026-04-30T22:00:00Z');
const row = (over: Partial<EndOfTerm> = {}): EndOfTerm => ({ id: 'a1', endsAt, terminatedAt: null, endReachedAt: null, endingNoticeFor: null, ...over });
const summary = (jobs: ReturnType<typeof planAgreementEndJobs>) => jobs.map((j) => [j.job.name, j.jobId, j.delay]);

describe('the end-of-term jobs of an agreement', () => {
  it('plans the end at endsAt and the notice the configured days before, ids carrying endsAt', () => {
    const ends = endsAt.getTime();
    expect(summary(planAgreementEndJobs(row(), 14, now))).toEqual([
      ['reach-agreement-end', `a1-end-${ends}`, ends - now.getTime()],
      ['announce-agreement-ending', `a1-ending-${ends}`, new Date('2026-04-16T22:00:00Z').getTime() - now.getTime()],
    ]);
  });

  it.each<[string, Partial<EndOfTerm>, number, string[]]>([
    ['open-ended: nothing', { endsAt: null }, 14, []],
    ['notice of termination given: the termination starts the flow itself', { terminatedAt: now }, 14, []],
    ['the end already reached: nothing', { endReachedAt: endsAt }, 14, []],
    ['the notice already sent for this endsAt: only the end', { endingNoticeFor: endsAt }, 14, ['reach-agreement-end']],
    ['a notice sent for an earlier endsAt: announced again', { endingNoticeFor: new Date('2026-01-31T23:00:00Z') }, 14, ['reach-agreement-end', 'announce-agreement-ending']],
    ['notices off', {}, 0, ['reach-agreement-end']],
    ['endsAt passed: the end at once, no notice', { endsAt: new Date('2026-03-01T00:00:00Z') }, 14, ['reach-agreement-end']],
  ])('%s', (_case, over, days, jobs) => {
    expect(planAgreementEndJobs(row(over), days, now).map((j) => j.job.name)).toEqual(jobs);
  });

  it('a notice inside the window goes out at once; the end never before endsAt', () => {
    const [end, notice] = planAgreementEndJobs(row({ endsAt: new Date('2026-03-15T09:00:00Z') }), 30, now);
    expect(notice.delay).toBe(0);
    expect(end.delay).toBe(5 * 86_400_000);
  });

  it('counts notice days on the Amsterdam calendar: the same wall time across a DST change', () => {
    // 1 April 00:00 CEST minus 7 days is 25 March 00:00 CET: 6 days and 23 hours earlier.
    expect(endingNoticeAt(new Date('2026-03-31T22:00:00Z'), 7).toISOString()).toBe('2026-03-24T23:00:00.000Z');
  });

  it('is deterministic and never schedules into the past', () => {
    const instant = fc.date({ min: new Date('2020-01-01Z'), max: new Date('2035-01-01Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 365 }), (at, end, days) => {
        const first = planAgreementEndJobs(row({ endsAt: end }), days, at);
        expect(planAgreementEndJobs(row({ endsAt: end }), days, at)).toEqual(first);
        for (const job of first) expect(job.delay).toBeGreaterThanOrEqual(0);
        expect(first[0].delay).toBe(Math.max(0, end.getTime() - at.getTime()));
      }),
    );
  });
});
