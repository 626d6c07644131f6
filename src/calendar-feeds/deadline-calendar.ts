import type { Language } from '../common/language';
import { formatAmsterdam } from '../common/time';
import type { Deadline } from '../deadlines/deadline.entity';
import type { DeadlineAbout } from '../deadlines/deadline-kinds';
import { reminderInstant } from '../deadlines/deadline-plan';
import { CALENDAR_TEXTS, CalendarTexts } from './calendar-texts';
import { Component, formatDuration, formatUtc, Property, serialize, text } from './icalendar';

/**
 * How long a deadline that is no longer open stays in the feed, as a cancelled event: long
 * enough for every subscribed calendar to have refreshed and taken it away.
 */
export const CLOSED_WINDOW_DAYS = 30;

/** How often calendar programs that honour it should fetch the feed again. */
export const REFRESH_INTERVAL = 'PT1H';

export type CalendarDeadline = Pick<Deadline, 'id' | 'kind' | 'status' | 'startsAt' | 'dueAt' | 'metAt' | 'missedAt' | 'lateReason' | 'cancelledReason' | 'revision' | 'createdAt' | 'updatedAt'>;

export interface DeadlineCalendar {
  /** The feed's own name, given when it was issued. */
  name: string | null;
  language: Language;
  /** AppConfig.publicUrl: the dashboard's base, and the host that makes the UIDs unique. */
  publicUrl: string;
  now: Date;
  /** AppConfig.reminderFractions: one alarm per fraction of the window still ahead. */
  reminderFractions: number[];
  deadlines: CalendarDeadline[];
  /** What each deadline is about, by id (DeadlinesService.describe); missing when its subject is gone. */
  about: Map<string, DeadlineAbout>;
}

/** The link every event and e-mail uses for a deadline (the dashboard redirects to its subject's page). */
export const deadlineLink = (publicUrl: string, deadlineId: string) => `${publicUrl}/deadlines/${deadlineId}`;

/**
 * The feed as RFC 5545 text: one event per deadline at its due instant, in UTC. An open
 * deadline is CONFIRMED with an alarm per reminder fraction still ahead; one met or cancelled
 * is CANCELLED, so a calendar that merges takes it away; a missed one stays as a plain event
 * marked missed, as nothing about it has become void. SEQUENCE is the row's revision, which
 * a trigger bumps on every change of the row.
 */
export function deadlineCalendar(input: DeadlineCalendar): string {
  const texts = CALENDAR_TEXTS[input.language];
  const host = new URL(input.publicUrl).hostname;
  const calendarName = input.name ? `${texts.calendarName} — ${input.name}` : texts.calendarName;
  return serialize({
    name: 'VCALENDAR',
    properties: [
      ['VERSION', '2.0'],
      ['PRODID', `-//Processor-agreement compliance tracker//Deadlines//${input.language.toUpperCase()}`],
      ['CALSCALE', 'GREGORIAN'],
      ['METHOD', 'PUBLISH'],
      text('X-WR-CALNAME', calendarName),
      text('NAME', calendarName),
      ['REFRESH-INTERVAL;VALUE=DURATION', REFRESH_INTERVAL],
      ['X-PUBLISHED-TTL', REFRESH_INTERVAL],
    ],
    components: input.deadlines.map((deadline) => event(deadline, input.about.get(deadline.id) ?? null, texts, host, input)),
  });
}

function event(deadline: CalendarDeadline, about: DeadlineAbout | null, texts: CalendarTexts, host: string, input: DeadlineCalendar): Component {
  const link = deadlineLink(input.publicUrl, deadline.id);
  const summary = summaryOf(deadline, about, texts);
  const properties: Property[] = [
    ['UID', `deadline-${deadline.id}@${host}`],
    ['DTSTAMP', formatUtc(input.now)],
    ['CREATED', formatUtc(deadline.createdAt)],
    ['LAST-MODIFIED', formatUtc(deadline.updatedAt)],
    // A deadline is an instant: with no DTEND the event ends where it starts (§3.6.1).
    ['DTSTART', formatUtc(deadline.dueAt)],
    ['SEQUENCE', String(deadline.revision)],
    ['STATUS', deadline.status === 'met' || deadline.status === 'met_late' || deadline.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'],
    text('SUMMARY', summary),
    text('DESCRIPTION', descriptionOf(deadline, about, texts, link)),
    ['URL', link],
    // Shown to the holder, not to those who see the calendar's free/busy: a deadline takes no time.
    ['CLASS', 'PRIVATE'],
    ['TRANSP', 'TRANSPARENT'],
  ];
  return { name: 'VEVENT', properties, components: deadline.status === 'pending' ? alarms(deadline, summary, texts, input) : [] };
}

function summaryOf(deadline: CalendarDeadline, about: DeadlineAbout | null, texts: CalendarTexts): string {
  const what = texts.kinds[deadline.kind] ?? deadline.kind;
  const subject = about ? `: ${about.title}${about.controllerName ? ` — ${about.controllerName}` : ''}` : '';
  const closed = deadline.status === 'pending' ? '' : `${texts.closed[deadline.status]}: `;
  return `${closed}${what}${subject}`;
}

function descriptionOf(deadline: CalendarDeadline, about: DeadlineAbout | null, texts: CalendarTexts, link: string): string {
  const what = texts.kinds[deadline.kind] ?? deadline.kind;
  return [
    about ? `${what}: ${about.title}` : what,
    about?.controllerName ? `${texts.controller}: ${about.controllerName}` : null,
    about?.agreementReference ? `${texts.agreement}: ${about.agreementReference}` : null,
    `${texts.due}: ${formatAmsterdam(deadline.dueAt)}`,
    closedLine(deadline, texts),
    `${texts.dashboard}: ${link}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

function closedLine(deadline: CalendarDeadline, texts: CalendarTexts): string | null {
  switch (deadline.status) {
    case 'pending':
      return null;
    case 'met':
    case 'met_late':
      return deadline.metAt ? `${texts.closedAt[deadline.status]} ${formatAmsterdam(deadline.metAt)}` : texts.closed[deadline.status];
    case 'missed':
      return deadline.missedAt ? `${texts.closedAt.missed} ${formatAmsterdam(deadline.missedAt)}` : texts.closed.missed;
    case 'cancelled':
      return deadline.cancelledReason ? `${texts.closedAt.cancelled}: ${deadline.cancelledReason}` : texts.closed.cancelled;
  }
}

/**
 * One alarm per reminder fraction, at the instant the service itself reminds (a fraction of
 * the window startsAt..dueAt), written relative to the event's start. Alarms already past
 * are left out: a calendar subscribing late would otherwise show them all at once.
 */
function alarms(deadline: CalendarDeadline, summary: string, texts: CalendarTexts, input: DeadlineCalendar): Component[] {
  return [...new Set(input.reminderFractions)]
    .filter((fraction) => fraction > 0 && fraction < 1)
    .sort((a, b) => a - b)
    .map((fraction) => ({ fraction, at: reminderInstant(deadline.startsAt, deadline.dueAt, fraction) }))
    .filter(({ at }) => at.getTime() > input.now.getTime())
    .map(({ fraction, at }) => ({
      name: 'VALARM',
      properties: [
        ['ACTION', 'DISPLAY'],
        ['TRIGGER', formatDuration(Math.trunc((at.getTime() - deadline.dueAt.getTime()) / 1000))],
        text('DESCRIPTION', `${texts.reminder(Math.round(fraction * 100))}: ${summary}`),
      ],
    }));
}
