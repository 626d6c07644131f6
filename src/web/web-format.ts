import { DateTime } from 'luxon';
import type { Language } from '../common/language';
import { LEGAL_ZONE } from '../common/time';

/** Wall time in Amsterdam the way people read it in a list: "do 27 nov 11:44" / "Thu 27 Nov 11:44". */
export function wallTime(at: Date, lang: Language): string {
  return DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).setLocale(lang).toFormat('ccc d LLL yyyy HH:mm');
}

/** A calendar day in Amsterdam, for dates that carry no meaningful hour to a reader (an agreement's start): "27 nov 2026". */
export function wallDay(at: Date, lang: Language): string {
  return DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).setLocale(lang).toFormat('d LLL yyyy');
}

const REGION_NAMES = { nl: new Intl.DisplayNames(['nl'], { type: 'region' }), en: new Intl.DisplayNames(['en'], { type: 'region' }) };

/** A country code in the reader's language ("Verenigde Staten" / "United States"); the code where there is no name. */
export function countryName(code: string, lang: Language): string {
  try {
    return REGION_NAMES[lang].of(code) ?? code;
  } catch {
    return code;
  }
}

/** For a `<time datetime>` attribute and a datetime-local input: what a machine reads. */
export function isoInstant(at: Date): string {
  return at.toISOString();
}

/** The value of a `datetime-local` input showing `at` in Amsterdam. */
export function localInputValue(at: Date): string {
  return DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * A `datetime-local` value (no zone) read as Amsterdam wall time, as an ISO instant with its
 * zone, so the API's own rule (an instant must carry a zone) holds; anything else is handed
 * on as typed, for that rule to refuse with its message.
 */
export function fromLocalInput(value: string): string {
  const at = DateTime.fromISO(value, { zone: LEGAL_ZONE });
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) && at.isValid ? at.toUTC().toISO() : value;
}

const UNITS = {
  nl: { d: 'd', h: 'u', m: 'min', left: (s: string) => `nog ${s}`, over: (s: string) => `${s} te laat` },
  en: { d: 'd', h: 'h', m: 'min', left: (s: string) => `${s} left`, over: (s: string) => `${s} overdue` },
} as const;

/** Time left until `due` (or past it), to the minute, at most two units: "nog 2 d 4 u", "3 u 12 min te laat". */
export function timeLeft(due: Date, now: Date, lang: Language): string {
  const units = UNITS[lang];
  const ms = due.getTime() - now.getTime();
  let minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts = days > 0 ? [`${days} ${units.d}`, hours > 0 ? `${hours} ${units.h}` : ''] : hours > 0 ? [`${hours} ${units.h}`, minutes > 0 ? `${minutes} ${units.m}` : ''] : [`${minutes} ${units.m}`];
  const text = parts.filter(Boolean).join(' ');
  return ms >= 0 ? units.left(text) : units.over(text);
}

/**
 * A day picked in a date input (`yyyy-mm-dd`) as the ISO instant its Amsterdam day starts,
 * `plusDays` on (a day across a DST change is 23 or 25 hours): a filter "to" a day includes it
 * by starting the next. Anything else is handed on as typed, for validation to refuse.
 */
export function startOfDay(day: string, plusDays: number): string {
  const start = DateTime.fromISO(day, { zone: LEGAL_ZONE });
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && start.isValid ? start.plus({ days: plusDays }).toUTC().toISO() : day;
}

/** The end of the Amsterdam week (Monday 00:00 after this Sunday): "due this week". */
export function endOfWeek(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: LEGAL_ZONE }).startOf('week').plus({ weeks: 1 }).toJSDate();
}
