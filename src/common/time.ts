import { DateTime, Duration } from 'luxon';

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
 * contract"), as Regulation 1182/71 counts it: the day of the event is not counted, and the
 * period ends when its last Amsterdam calendar day is over (24:00, i.e. the next local
 * midnight) — not at the event's clock time. `days = 0` ends with the event's own day.
 */
export function endOfDaysPeriod(event: Date, days: number, zone = LEGAL_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  return DateTime.fromJSDate(event, { zone })
    .startOf('day')
    .plus({ days: days + 1 })
    .toJSDate();
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
