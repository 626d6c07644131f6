import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  addCalendarPeriod,
  addHours,
  amsterdamDay,
  endOfCalendarYear,
  endOfDaysPeriod,
  formatAmsterdam,
  formatAmsterdamDate,
  isIsoDuration,
  lastDayBefore,
  LEGAL_ZONE,
  subtractCalendarPeriod,
} from './time';

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

describe('a period of days (Regulation 1182/71): the day of the event is not counted, the last day ends at 24:00 Amsterdam', () => {
  it.each<[string, string, number, string]>([
    ['30 days from 1 April 00:00 end when 1 May is over', '2026-03-31T22:00:00Z', 30, '2026-05-01T22:00:00.000Z'],
    ['not at the event’s clock time: 10 March 14:00 + 1 day ends at midnight after 11 March', '2026-03-10T13:00:00Z', 1, '2026-03-11T23:00:00.000Z'],
    ['0 days: by the end of the event’s own day', '2026-03-10T13:00:00Z', 0, '2026-03-10T23:00:00.000Z'],
    ['0 days at the last millisecond of a day: that same day', '2026-03-10T22:59:59.999Z', 0, '2026-03-10T23:00:00.000Z'],
    ['0 days at a local midnight exactly: the day that midnight begins', '2026-03-10T23:00:00Z', 0, '2026-03-11T23:00:00.000Z'],
    ['the day is Amsterdam’s: 23:30 UTC on 31 December is already 1 January', '2025-12-31T23:30:00Z', 0, '2026-01-01T23:00:00.000Z'],
    ['across the spring-forward night: the last day has 23 hours, it still ends at local midnight (CEST)', '2026-03-28T10:00:00Z', 1, '2026-03-29T22:00:00.000Z'],
    ['across the fall-back night: ends at local midnight (CET)', '2026-10-24T10:00:00Z', 1, '2026-10-25T23:00:00.000Z'],
    ['month end: 31 January + 30 days is 2 March (2026 has 28 days in February)', '2026-01-31T10:00:00Z', 30, '2026-03-02T23:00:00.000Z'],
    ['leap year: 31 January 2028 + 30 days is 1 March', '2028-01-31T10:00:00Z', 30, '2028-03-01T23:00:00.000Z'],
    ['leap day as the last day', '2028-02-28T10:00:00Z', 1, '2028-02-29T23:00:00.000Z'],
    ['from the leap day', '2028-02-29T10:00:00Z', 1, '2028-03-01T23:00:00.000Z'],
    ['year end', '2026-12-30T10:00:00Z', 1, '2026-12-31T23:00:00.000Z'],
  ])('%s', (_case, event, days, due) => {
    expect(endOfDaysPeriod(new Date(event), days).toISOString()).toBe(due);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => endOfDaysPeriod(new Date(), -1)).toThrow(RangeError);
    expect(() => endOfDaysPeriod(new Date(), 1.5)).toThrow(RangeError);
  });

  it('always ends at an Amsterdam midnight, after N whole days and within N + 1 of the event', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 400 }), (event, days) => {
        const due = DateTime.fromJSDate(endOfDaysPeriod(event, days), { zone: LEGAL_ZONE });
        const day = DateTime.fromJSDate(event, { zone: LEGAL_ZONE }).startOf('day');
        expect(due.toFormat('HH:mm:ss.SSS')).toBe('00:00:00.000');
        expect(due.diff(day, 'days').days).toBe(days + 1);
        expect(due.toMillis()).toBeGreaterThan(event.getTime());
      }),
    );
  });
});

describe('kept until, as an inclusive date', () => {
  it('names the last Amsterdam day something is still kept', () => {
    expect(lastDayBefore(new Date('2033-12-31T23:00:00Z'))).toBe('2033-12-31');
    expect(lastDayBefore(new Date('2027-03-01T23:00:00Z'))).toBe('2027-03-01');
    expect(lastDayBefore(new Date('2027-03-02T10:00:00Z'))).toBe('2027-03-02');
    expect(formatAmsterdamDate('2033-12-31')).toBe('31-12-2033');
    expect(amsterdamDay(new Date('2026-03-31T22:00:00Z'))).toBe('2026-04-01');
    expect(amsterdamDay(new Date('2026-03-31T21:59:59.999Z'))).toBe('2026-03-31');
    expect(formatAmsterdamDate(new Date('2026-03-31T22:00:00Z'))).toBe('01-04-2026');
  });
});
