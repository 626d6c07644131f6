import fc from 'fast-check';
import { addCalendarDays, addCalendarPeriod, addHours, endOfCalendarYear, formatAmsterdam, isIsoDuration, subtractCalendarPeriod } from './time';

describe('time arithmetic', () => {
  it('counts 72 elapsed hours across the spring-forward night (71 wall-clock hours would be wrong)', () => {
    // Aware Saturday 2026-03-28 10:00 Amsterdam (CET, UTC+1); clocks go forward on the 29th.
    const aware = new Date('2026-03-28T09:00:00Z');
    const due = addHours(aware, 72);
    expect(due.toISOString()).toBe('2026-03-31T09:00:00.000Z');
    expect(formatAmsterdam(due)).toBe('2026-03-31 11:00 (Europe/Amsterdam)');
  });

  it('counts 72 elapsed hours across the fall-back night', () => {
    // Aware Saturday 2026-10-24 10:00 Amsterdam (CEST, UTC+2); clocks go back on the 25th.
    const due = addHours(new Date('2026-10-24T08:00:00Z'), 72);
    expect(formatAmsterdam(due)).toBe('2026-10-27 09:00 (Europe/Amsterdam)');
  });

  it('addHours is exact elapsed time for any instant and hour count', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 72 }), (from, hours) => {
        expect(addHours(from, hours).getTime() - from.getTime()).toBe(hours * 3_600_000);
      }),
    );
  });

  it('adds calendar years on the Amsterdam calendar, leap day to 28 February', () => {
    expect(addCalendarPeriod(new Date('2024-02-28T23:30:00Z'), 'P1Y').toISOString()).toBe('2025-02-27T23:30:00.000Z'); // 29 Feb 00:30 local → 28 Feb 00:30 local
    expect(addCalendarPeriod(new Date('2020-06-01T10:00:00Z'), 'P7Y').toISOString()).toBe('2027-06-01T10:00:00.000Z');
  });

  it('keeps wall-clock time when a calendar period crosses DST', () => {
    // 1 March 12:00 CET + 60 days = 30 April 12:00 CEST: 59 days 23 hours elapsed.
    const from = new Date('2026-03-01T11:00:00Z');
    expect(addCalendarPeriod(from, 'P60D').toISOString()).toBe('2026-04-30T10:00:00.000Z');
    expect(addCalendarDays(from, 60).toISOString()).toBe('2026-04-30T10:00:00.000Z');
  });

  it('subtracting then adding a whole-year period returns to the same local date except from 29 February', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01Z'), max: new Date('2090-01-01Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 10 }), (at, years) => {
        const back = subtractCalendarPeriod(at, `P${years}Y`);
        expect(back.getTime()).toBeLessThanOrEqual(at.getTime());
      }),
    );
  });

  it('finds the end of the Amsterdam calendar year, also for the last hour of 31 December in UTC', () => {
    expect(endOfCalendarYear(new Date('2019-03-15T12:00:00Z')).toISOString()).toBe('2019-12-31T23:00:00.000Z');
    // 31 Dec 2019 23:30 UTC is already 1 Jan 2020 in Amsterdam.
    expect(endOfCalendarYear(new Date('2019-12-31T23:30:00Z')).toISOString()).toBe('2020-12-31T23:00:00.000Z');
  });

  it('recognises calendar periods and refuses others', () => {
    expect(isIsoDuration('P7Y')).toBe(true);
    expect(isIsoDuration('P1Y6M')).toBe(true);
    expect(isIsoDuration('P60D')).toBe(true);
    expect(isIsoDuration('P')).toBe(false);
    expect(isIsoDuration('PT72H')).toBe(false);
    expect(isIsoDuration('7 years')).toBe(false);
    expect(() => addCalendarPeriod(new Date(), 'PT1H')).toThrow(RangeError);
  });
});
