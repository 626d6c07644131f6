import { DateTime, Duration } from 'luxon';
import { isIsoDuration, LEGAL_ZONE } from '../common/time';

/**
 * Where a retention period (bewaartermijn) starts counting, as an Amsterdam calendar day:
 * - `end_of_financial_year`: the last day of the financial (calendar) year of the
 *   record's date — the tax authority counts the 7 years from when an invoice loses its
 *   current relevance, the close of its year;
 * - `event_day`: the day of the record's date itself (the last activity with a contact,
 *   the day an incident became known).
 */
export const RETENTION_ANCHORS = ['end_of_financial_year', 'event_day'] as const;
export type RetentionAnchor = (typeof RETENTION_ANCHORS)[number];

const DAY = { days: 1 };
/** Periods are at most a century; a few steps either side of a first guess always suffice. */
const MAX_SEARCH_STEPS = 400;

// From a fixed day, so months and leap days count as the calendar counts them.
const FROM = DateTime.fromObject({ year: 2000 }, { zone: 'utc' });
const LONGEST_PERIOD_ENDS = FROM.plus({ years: 100 });

/**
 * A retention period the sweep can count with: an ISO 8601 calendar period of at most a
 * century. No category needs more, and beyond Date's range (about 275,000 years) every
 * sweep would fail, erasing nothing in any category.
 */
export function isRetentionPeriod(isoPeriod: string): boolean {
  return isIsoDuration(isoPeriod) && FROM.plus(Duration.fromISO(isoPeriod)) <= LONGEST_PERIOD_ENDS;
}

function startDay(anchor: RetentionAnchor, at: Date): DateTime {
  const local = DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).startOf('day');
  return anchor === 'end_of_financial_year' ? local.endOf('year').startOf('day') : local;
}

function plusPeriod(day: DateTime, period: Duration): DateTime {
  return day.plus(period).startOf('day');
}

function assertPeriod(isoPeriod: string): Duration {
  if (!isIsoDuration(isoPeriod)) throw new RangeError(`not a calendar period: ${isoPeriod}`);
  return Duration.fromISO(isoPeriod);
}

/**
 * The first instant at which a record may be erased. Periods run in whole Amsterdam days
 * as EU Regulation 1182/71 counts them: the day the period runs from is not counted, and
 * the period ends when the day with the same date in the last year or month is over (the
 * last day of that month if the date does not exist, e.g. 29 February). So erasure never
 * comes before `date + period`, at most a day after it, and always at a local midnight —
 * which DST never skips, so the arithmetic has no gaps.
 *
 * For `end_of_financial_year` this is exactly `endOfCalendarYear(date) + period`.
 */
export function retentionEndsAt(anchor: RetentionAnchor, at: Date, isoPeriod: string): Date {
  return plusPeriod(startDay(anchor, at), assertPeriod(isoPeriod)).plus(DAY).toJSDate();
}

/** Whether a record dated `at` may no longer be kept at `now`. */
export function isRetentionDue(anchor: RetentionAnchor, at: Date, isoPeriod: string, now: Date): boolean {
  return retentionEndsAt(anchor, at, isoPeriod).getTime() <= now.getTime();
}

/**
 * The cut-off that turns `isRetentionDue` into a range condition an index can serve:
 * a record is due at `now` exactly when its date is before the returned instant
 * (`WHERE issued_at < $cutoff`). Derived by finding the last due Amsterdam day, which is
 * well defined because adding a calendar period never reorders days.
 */
export function retentionCutoff(anchor: RetentionAnchor, isoPeriod: string, now: Date): Date {
  const period = assertPeriod(isoPeriod);
  const today = DateTime.fromJSDate(now, { zone: LEGAL_ZONE }).startOf('day');
  // A day d is due once the day after d + period has begun: d + period < today.
  const due = (day: DateTime) => plusPeriod(day, period) < today;
  let lastDueDay = today.minus(period).startOf('day');
  for (let step = 0; !due(lastDueDay); step++) {
    if (step > MAX_SEARCH_STEPS) throw new RangeError(`period ${isoPeriod} is out of range`);
    lastDueDay = lastDueDay.minus(DAY).startOf('day');
  }
  for (let step = 0; due(lastDueDay.plus(DAY).startOf('day')); step++) {
    if (step > MAX_SEARCH_STEPS) throw new RangeError(`period ${isoPeriod} is out of range`);
    lastDueDay = lastDueDay.plus(DAY).startOf('day');
  }
  if (anchor === 'event_day') return lastDueDay.plus(DAY).startOf('day').toJSDate();
  // A financial year is due once its last day is; records of the next year are not.
  const lastDueYear = lastDueDay.month === 12 && lastDueDay.day === 31 ? lastDueDay.year : lastDueDay.year - 1;
  return DateTime.fromObject({ year: lastDueYear + 1, month: 1, day: 1 }, { zone: LEGAL_ZONE }).toJSDate();
}
