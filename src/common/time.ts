import { DateTime, Duration } from 'luxon';
import { Language } from './language';

/** Calendar periods (P7Y, P1Y, P60D) are counted on the Amsterdam calendar. */
export const LEGAL_ZONE = 'Europe/Amsterdam';

const HOUR_MS = 3_600_000;

/** Exact elapsed hours: 72 hours is 72 hours, also across a DST night. */
export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * HOUR_MS);
}

export function isIsoDuration(value: string): boolean {
  return /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(value) && Duration.fromISO(value).isValid;
}

/** `from` plus a calendar period as a person in Amsterdam counts it (P1Y from 29 Feb is 28 Feb). */
export function addCalendarPeriod(from: Date, isoPeriod: string, zone = LEGAL_ZONE): Date {
  if (!isIsoDuration(isoPeriod)) throw new RangeError(`not a calendar period: ${isoPeriod}`);
  return DateTime.fromJSDate(from, { zone }).plus(Duration.fromISO(isoPeriod)).toJSDate();
}

/** `from` minus a calendar period, counted in Amsterdam. */
export function subtractCalendarPeriod(from: Date, isoPeriod: string, zone = LEGAL_ZONE): Date {
  if (!isIsoDuration(isoPeriod)) throw new RangeError(`not a calendar period: ${isoPeriod}`);
  return DateTime.fromJSDate(from, { zone }).minus(Duration.fromISO(isoPeriod)).toJSDate();
}

/** Calendar days after an instant, in Amsterdam (a "within 30 days" in a contract). */
export function addCalendarDays(from: Date, days: number, zone = LEGAL_ZONE): Date {
  return DateTime.fromJSDate(from, { zone }).plus({ days }).toJSDate();
}

/**
 * The end of a period of `days` days after an event ("within 30 days after the end of the
 * contract"), as Regulation 1182/71 and the Algemene termijnenwet count it: the day of the
 * event is not counted, the period ends when its last Amsterdam calendar day is over — not
 * at the event's clock time — and a last day on a Saturday, Sunday or public holiday moves
 * to the next working day. `days = 0` ends with the event's own day (or the next working
 * day). See `endOfDay` for the instant.
 */
export function endOfDaysPeriod(event: Date, days: number, zone = LEGAL_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  return endOfDay(nextWorkingDay(DateTime.fromJSDate(event, { zone }).startOf('day').plus({ days })));
}

/**
 * The end of a period of `months` months after an event (Art. 12(3) GDPR's "one month"),
 * as Regulation 1182/71 counts it and the CJEU read it (C-171/03): the day of the event is
 * not counted, and the period ends at the end of the day in the last month with the same
 * date as the event's day — received 27 June, due end of 27 July — or, where that month has
 * no such date, at the end of its last day (31 January → 28 or 29 February). A last day on
 * a Saturday, Sunday or public holiday moves to the end of the next working day. Always
 * counted from the event itself, so three months are not one month plus two.
 */
export function endOfMonthsPeriod(event: Date, months: number, zone = LEGAL_ZONE): Date {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`not a number of months: ${months}`);
  // Luxon keeps the day of the month and clamps it to the month's last day, as the rule does.
  return endOfDay(nextWorkingDay(DateTime.fromJSDate(event, { zone }).startOf('day').plus({ months })));
}

/**
 * A period that ends "at 24:00" of its last day is met by anything done during that day:
 * its due instant is the day's last millisecond, so with `isLate` (strictly after) an act
 * at 23:59:59.999 is on time and one at 00:00 the next day is late.
 */
function endOfDay(day: DateTime): Date {
  return day.endOf('day').toJSDate();
}

function nextWorkingDay(day: DateTime): DateTime {
  let candidate = day;
  while (!isWorkingDayOf(candidate)) candidate = candidate.plus({ days: 1 });
  return candidate;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher), as `{month, day}`. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/**
 * The public holidays of the Algemene termijnenwet (art. 3) in a year, as `yyyy-mm-dd`,
 * in calendar order: New Year's Day, Easter Monday, King's Day (27 April; 26 April when
 * the 27th is a Sunday), 5 May, Ascension Day (Easter + 39), Whit Monday (Easter + 50),
 * Christmas Day and Boxing Day. Good Friday is not one; Easter and Whit Sunday are Sundays.
 */
export function dutchPublicHolidays(year: number): string[] {
  const easter = DateTime.fromObject({ year, ...easterSunday(year) }, { zone: 'utc' });
  const kingsDay = DateTime.fromObject({ year, month: 4, day: 27 }, { zone: 'utc' });
  const days = [
    DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'utc' }),
    easter.plus({ days: 1 }),
    kingsDay.weekday === 7 ? kingsDay.minus({ days: 1 }) : kingsDay,
    DateTime.fromObject({ year, month: 5, day: 5 }, { zone: 'utc' }),
    easter.plus({ days: 39 }),
    easter.plus({ days: 50 }),
    DateTime.fromObject({ year, month: 12, day: 25 }, { zone: 'utc' }),
    DateTime.fromObject({ year, month: 12, day: 26 }, { zone: 'utc' }),
  ];
  return days.map((d) => d.toISODate()!).sort();
}

const holidaysByYear = new Map<number, Set<string>>();

function isPublicHolidayOf(day: DateTime): boolean {
  let holidays = holidaysByYear.get(day.year);
  if (!holidays) holidaysByYear.set(day.year, (holidays = new Set(dutchPublicHolidays(day.year))));
  return holidays.has(day.toISODate()!);
}

function isWorkingDayOf(day: DateTime): boolean {
  return day.weekday <= 5 && !isPublicHolidayOf(day);
}

/** Whether the Amsterdam calendar day of `at` is a working day: not a Saturday, Sunday or public holiday of the Algemene termijnenwet. */
export function isWorkingDay(at: Date, zone = LEGAL_ZONE): boolean {
  return isWorkingDayOf(DateTime.fromJSDate(at, { zone }));
}

/**
 * The last Amsterdam calendar day on which something kept until `until` (exclusive) is
 * still there, as `yyyy-mm-dd`: kept until 1 January 2034 00:00 is kept through 31
 * December 2033.
 */
export function lastDayBefore(until: Date, zone = LEGAL_ZONE): string {
  return amsterdamDay(new Date(until.getTime() - 1), zone);
}

/** The Amsterdam calendar day of an instant, as `yyyy-mm-dd`. */
export function amsterdamDay(at: Date, zone = LEGAL_ZONE): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** For people: an Amsterdam calendar date as `dd-mm-yyyy`, the Dutch way. */
export function formatAmsterdamDate(at: Date | string): string {
  const day = typeof at === 'string' ? DateTime.fromISO(at, { zone: LEGAL_ZONE }) : DateTime.fromJSDate(at, { zone: LEGAL_ZONE });
  return day.toFormat('dd-LL-yyyy');
}

/** The first instant of the next calendar year in Amsterdam: the end of the financial year of `at`. */
export function endOfCalendarYear(at: Date, zone = LEGAL_ZONE): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('year').plus({ years: 1 }).toJSDate();
}

/** For people: an instant as Amsterdam wall time, e.g. "2026-03-31 11:00 (Europe/Amsterdam)". */
export function formatAmsterdam(at: Date): string {
  return `${DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).toFormat('yyyy-LL-dd HH:mm')} (${LEGAL_ZONE})`;
}

const WALL_TIME_LOCALES: Record<Language, string> = { nl: 'nl', en: 'en-GB' };

/**
 * For people, in their language: Amsterdam wall time with the weekday, "vr 27 nov 11:44" or
 * "Fri 27 Nov 11:44"; with the year for a body that may be read later, "vr 27 nov 2026 11:44".
 */
export function formatWallTime(at: Date | string, language: Language, { year = false } = {}): string {
  const local = (typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at)).setZone(LEGAL_ZONE).setLocale(WALL_TIME_LOCALES[language]);
  return local.toFormat(year ? 'ccc d LLL yyyy HH:mm' : 'ccc d LLL HH:mm');
}
