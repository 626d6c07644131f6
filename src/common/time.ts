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

/** The first instant of the next calendar year in Amsterdam: the end of the financial year of `at`. */
export function endOfCalendarYear(at: Date, zone = LEGAL_ZONE): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('year').plus({ years: 1 }).toJSDate();
}

/** For people: an instant as Amsterdam wall time, e.g. "2026-03-31 11:00 (Europe/Amsterdam)". */
export function formatAmsterdam(at: Date): string {
  return `${DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).toFormat('yyyy-LL-dd HH:mm')} (${LEGAL_ZONE})`;
}
