import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  addCalendarPeriod,
  addHours,
  amsterdamDay,
  endOfCalendarYear,
  dutchPublicHolidays,
  easterSunday,
  endOfDaysPeriod,
  endOfMonthsPeriod,
  formatAmsterdam,
  formatAmsterdamDate,
  formatWallTime,
  isIsoDuration,
  isWorkingDay,
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

describe('a period of days (Regulation 1182/71, Algemene termijnenwet): the day of the event is not counted, the last day ends at 24:00 Amsterdam, on a working day', () => {
  it.each<[string, string, number, string]>([
    ['30 days from 1 April 00:00 end when Friday 1 May is over', '2026-03-31T22:00:00Z', 30, '2026-05-01T21:59:59.999Z'],
    ['not at the event’s clock time: 10 March 14:00 + 1 day ends when Wednesday 11 March is over', '2026-03-10T13:00:00Z', 1, '2026-03-11T22:59:59.999Z'],
    ['0 days: by the end of the event’s own day', '2026-03-10T13:00:00Z', 0, '2026-03-10T22:59:59.999Z'],
    ['0 days at the last millisecond of a day: that same day', '2026-03-10T22:59:59.999Z', 0, '2026-03-10T22:59:59.999Z'],
    ['0 days at a local midnight exactly: the day that midnight begins', '2026-03-10T23:00:00Z', 0, '2026-03-11T22:59:59.999Z'],
    ['the day is Amsterdam’s: 23:30 UTC on 31 December is already New Year’s Day, a holiday, so Friday 2 January', '2025-12-31T23:30:00Z', 0, '2026-01-02T22:59:59.999Z'],
    ['a last day on Saturday moves to Monday', '2026-03-13T10:00:00Z', 1, '2026-03-16T22:59:59.999Z'],
    ['a last day on the spring-forward Sunday moves to Monday, ending at midnight CEST', '2026-03-27T10:00:00Z', 2, '2026-03-30T21:59:59.999Z'],
    ['a last day on the fall-back Sunday moves to Monday, ending at midnight CET', '2026-10-24T10:00:00Z', 1, '2026-10-26T22:59:59.999Z'],
    ['a last day on King’s Day (Monday 27 April 2026) moves to Tuesday', '2026-04-26T10:00:00Z', 1, '2026-04-28T21:59:59.999Z'],
    ['a last day on Christmas Day 2026 (Friday) skips Boxing Day and the Sunday: Monday 28 December', '2026-12-24T10:00:00Z', 1, '2026-12-28T22:59:59.999Z'],
    ['Good Friday is a working day', '2026-04-02T10:00:00Z', 1, '2026-04-03T21:59:59.999Z'],
    ['month end: 31 January + 30 days is Monday 2 March (2026 has 28 days in February)', '2026-01-31T10:00:00Z', 30, '2026-03-02T22:59:59.999Z'],
    ['leap year: 31 January 2028 + 30 days is Wednesday 1 March', '2028-01-31T10:00:00Z', 30, '2028-03-01T22:59:59.999Z'],
    ['leap day (a Tuesday) as the last day', '2028-02-28T10:00:00Z', 1, '2028-02-29T22:59:59.999Z'],
    ['from the leap day', '2028-02-29T10:00:00Z', 1, '2028-03-01T22:59:59.999Z'],
    ['year end: Thursday 31 December', '2026-12-30T10:00:00Z', 1, '2026-12-31T22:59:59.999Z'],
  ])('%s', (_case, event, days, due) => {
    expect(endOfDaysPeriod(new Date(event), days).toISOString()).toBe(due);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => endOfDaysPeriod(new Date(), -1)).toThrow(RangeError);
    expect(() => endOfDaysPeriod(new Date(), 1.5)).toThrow(RangeError);
  });

  it('always ends at the last millisecond of a working day, the first working day from the N-th day after the event', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 400 }), (event, days) => {
        const dueAt = endOfDaysPeriod(event, days);
        const due = DateTime.fromJSDate(dueAt, { zone: LEGAL_ZONE });
        const nth = DateTime.fromJSDate(event, { zone: LEGAL_ZONE }).startOf('day').plus({ days });
        expect(due.toFormat('HH:mm:ss.SSS')).toBe('23:59:59.999');
        expect(isWorkingDay(dueAt)).toBe(true);
        expect(due.startOf('day') >= nth).toBe(true);
        for (let day = nth; day < due.startOf('day'); day = day.plus({ days: 1 })) expect(isWorkingDay(day.toJSDate())).toBe(false);
        expect(dueAt.getTime()).toBeGreaterThan(event.getTime());
      }),
    );
  });
});

describe('a period of months (Regulation 1182/71 as CJEU C-171/03 reads it)', () => {
  it.each<[string, string, number, string]>([
    ['received 27 June, due end of 27 July (a Monday)', '2026-06-27T10:00:00Z', 1, '2026-07-27T21:59:59.999Z'],
    ['received 31 January 2028: February has no 31st, so the end of its last day, Tuesday 29 February', '2028-01-31T10:00:00Z', 1, '2028-02-29T22:59:59.999Z'],
    ['received 31 January 2029: Wednesday 28 February', '2029-01-31T10:00:00Z', 1, '2029-02-28T22:59:59.999Z'],
    ['received 31 January 2026: 28 February is a Saturday, so Monday 2 March', '2026-01-31T10:00:00Z', 1, '2026-03-02T22:59:59.999Z'],
    ['received 31 January 2027: 28 February is a Sunday, so Monday 1 March', '2027-01-31T10:00:00Z', 1, '2027-03-01T22:59:59.999Z'],
    ['received 31 March: Thursday 30 April', '2026-03-31T10:00:00Z', 1, '2026-04-30T21:59:59.999Z'],
    ['received late on 27 March 2026 (Amsterdam): King’s Day, Monday 27 April, moves it to Tuesday', '2026-03-27T22:30:00Z', 1, '2026-04-28T21:59:59.999Z'],
    ['received 25 November 2026: Christmas (Friday), Boxing Day and a Sunday move it to Monday 28 December', '2026-11-25T10:00:00Z', 1, '2026-12-28T22:59:59.999Z'],
    ['received on the spring-forward Sunday (29 March 2026, 00:30 CET): Wednesday 29 April, CEST', '2026-03-28T23:30:00Z', 1, '2026-04-29T21:59:59.999Z'],
    ['received on the fall-back Sunday (25 October 2026, 02:30 CET, the second time): Wednesday 25 November, CET', '2026-10-25T01:30:00Z', 1, '2026-11-25T22:59:59.999Z'],
    ['received 23:30 UTC on 30 November is 1 December in Amsterdam', '2026-11-30T23:30:00Z', 1, '2027-01-04T22:59:59.999Z'],
    ['three months from 31 January 2026 are counted from the start: Thursday 30 April, not 28 April', '2026-01-31T10:00:00Z', 3, '2026-04-30T21:59:59.999Z'],
  ])('%s', (_case, event, months, due) => {
    expect(endOfMonthsPeriod(new Date(event), months).toISOString()).toBe(due);
  });

  it('refuses a number of months below one or fractional', () => {
    expect(() => endOfMonthsPeriod(new Date(), 0)).toThrow(RangeError);
    expect(() => endOfMonthsPeriod(new Date(), 1.5)).toThrow(RangeError);
  });

  it('ends at the end of a working day on or after the same date (or the month’s last day) in the month after', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 3 }), (event, months) => {
        const dueAt = endOfMonthsPeriod(event, months);
        const due = DateTime.fromJSDate(dueAt, { zone: LEGAL_ZONE });
        const received = DateTime.fromJSDate(event, { zone: LEGAL_ZONE });
        const target = received.startOf('month').plus({ months });
        const lastDay = target.set({ day: Math.min(received.day, target.daysInMonth!) });
        expect(due.toFormat('HH:mm:ss.SSS')).toBe('23:59:59.999');
        expect(isWorkingDay(dueAt)).toBe(true);
        expect(due.startOf('day') >= lastDay.startOf('day')).toBe(true);
        // At most a long Easter or Christmas away.
        expect(due.startOf('day').diff(lastDay.startOf('day'), 'days').days).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe('public holidays of the Algemene termijnenwet', () => {
  // As published: Easter Monday, Ascension Day (Easter + 39), Whit Monday (Easter + 50), King's Day (26 April when the 27th is a Sunday).
  it.each<[number, string[]]>([
    [2025, ['2025-01-01', '2025-04-21', '2025-04-26', '2025-05-05', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26']],
    [2026, ['2026-01-01', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26']],
    [2027, ['2027-01-01', '2027-03-29', '2027-04-27', '2027-05-05', '2027-05-06', '2027-05-17', '2027-12-25', '2027-12-26']],
    [2028, ['2028-01-01', '2028-04-17', '2028-04-27', '2028-05-05', '2028-05-25', '2028-06-05', '2028-12-25', '2028-12-26']],
    [2029, ['2029-01-01', '2029-04-02', '2029-04-27', '2029-05-05', '2029-05-10', '2029-05-21', '2029-12-25', '2029-12-26']],
    [2030, ['2030-01-01', '2030-04-22', '2030-04-27', '2030-05-05', '2030-05-30', '2030-06-10', '2030-12-25', '2030-12-26']],
  ])('%i', (year, holidays) => {
    expect(dutchPublicHolidays(year)).toEqual(holidays);
  });

  it('finds Easter Sunday by the Gregorian algorithm', () => {
    expect([2025, 2026, 2027, 2028, 2029, 2030, 2038, 2285].map((year) => easterSunday(year))).toEqual([
      { month: 4, day: 20 },
      { month: 4, day: 5 },
      { month: 3, day: 28 },
      { month: 4, day: 16 },
      { month: 4, day: 1 },
      { month: 4, day: 21 },
      { month: 4, day: 25 },
      { month: 3, day: 22 },
    ]);
  });

  it('counts Saturdays, Sundays and holidays as non-working, on the Amsterdam calendar; Good Friday works', () => {
    expect(isWorkingDay(new Date('2026-04-03T10:00:00Z'))).toBe(true); // Good Friday
    expect(isWorkingDay(new Date('2026-04-06T10:00:00Z'))).toBe(false); // Easter Monday
    expect(isWorkingDay(new Date('2026-04-04T10:00:00Z'))).toBe(false); // Saturday
    expect(isWorkingDay(new Date('2026-04-05T10:00:00Z'))).toBe(false); // Sunday
    expect(isWorkingDay(new Date('2026-04-26T22:30:00Z'))).toBe(false); // 00:30 on King's Day in Amsterdam
    expect(isWorkingDay(new Date('2026-04-27T22:30:00Z'))).toBe(true); // 00:30 on Tuesday 28 April
    expect(isWorkingDay(new Date('2025-04-26T10:00:00Z'))).toBe(false); // King's Day 2025, a Saturday
    expect(isWorkingDay(new Date('2025-04-28T10:00:00Z'))).toBe(true); // not moved to the Monday
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

describe('wall time for people', () => {
  it('names the Amsterdam weekday and month in Dutch or English, on either side of a DST change', () => {
    expect(formatWallTime('2025-11-27T10:44:00Z', 'nl')).toBe('do 27 nov 11:44');
    expect(formatWallTime(new Date('2025-11-27T10:44:00Z'), 'en')).toBe('Thu 27 Nov 11:44');
    expect(formatWallTime('2026-03-31T09:00:00.000Z', 'nl', { year: true })).toBe('di 31 mrt 2026 11:00');
    expect(formatWallTime('2026-03-31T09:00:00.000Z', 'en', { year: true })).toBe('Tue 31 Mar 2026 11:00');
  });
});
