import type { Language } from '../common/language';
import type { DeadlineStatus } from '../deadlines/deadline.entity';
import { DEADLINE_KIND_NAMES } from '../deadlines/deadline-kind-names';

export interface CalendarTexts {
  calendarName: string;
  /** What is due, per deadline kind; a kind missing here reads as its code. */
  kinds: Record<string, string>;
  /** Put before the summary of a deadline that is no longer open. */
  closed: Record<Exclude<DeadlineStatus, 'pending'>, string>;
  controller: string;
  agreement: string;
  due: string;
  dashboard: string;
  /** The status line of a deadline no longer open, with the instant it closed where known. */
  closedAt: Record<Exclude<DeadlineStatus, 'pending'>, string>;
  /** An alarm's text: how much of the window has passed. */
  reminder: (percent: number) => string;
}

export const CALENDAR_TEXTS: Record<Language, CalendarTexts> = {
  nl: {
    calendarName: 'AVG-deadlines',
    kinds: DEADLINE_KIND_NAMES.nl,
    closed: { met: 'Voldaan', met_late: 'Te laat voldaan', missed: 'Gemist', cancelled: 'Vervallen' },
    controller: 'Verwerkingsverantwoordelijke',
    agreement: 'Verwerkersovereenkomst',
    due: 'Uiterlijk',
    dashboard: 'Dashboard',
    closedAt: { met: 'Voldaan op', met_late: 'Te laat voldaan op', missed: 'Gemist op', cancelled: 'Vervallen' },
    reminder: (percent) => `${percent}% van de termijn verstreken`,
  },
  en: {
    calendarName: 'GDPR deadlines',
    kinds: DEADLINE_KIND_NAMES.en,
    closed: { met: 'Met', met_late: 'Met late', missed: 'Missed', cancelled: 'Cancelled' },
    controller: 'Controller',
    agreement: 'Processor agreement',
    due: 'Due',
    dashboard: 'Dashboard',
    closedAt: { met: 'Met at', met_late: 'Met late at', missed: 'Missed at', cancelled: 'Cancelled' },
    reminder: (percent) => `${percent}% of the period has passed`,
  },
};
