import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { CalendarDeadline, deadlineCalendar, DeadlineCalendar } from './deadline-calendar';

// ical.js types itself as ESM; this project compiles to CommonJS, so its CommonJS build is required (as test/utils/ical.ts does).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;

const OPEN = '6f1c2f4e-0000-4000-8000-000000000001';
const MET = '6f1c2f4e-0000-4000-8000-000000000002';
const MISSED = '6f1c2f4e-0000-4000-8000-000000000003';

function deadline(id: string, overrides: Partial<CalendarDeadline> = {}): CalendarDeadline {
  return {
    id,
    kind: 'controller_notification',
    status: 'pending',
    startsAt: new Date('2026-03-28T09:00:00Z'),
    dueAt: new Date('2026-03-31T09:00:00Z'),
    metAt: null,
    missedAt: null,
    lateReason: null,
    cancelledReason: null,
    revision: 0,
    createdAt: new Date('2026-03-28T09:00:01Z'),
    updatedAt: new Date('2026-03-28T09:00:01Z'),
    ...overrides,
  };
}

function calendar(overrides: Partial<DeadlineCalendar> = {}): DeadlineCalendar {
  return {
    name: 'Outlook op kantoor',
    language: 'nl',
    publicUrl: 'https://compliance.example.nl',
    now: new Date('2026-03-28T10:00:00Z'),
    reminderFractions: [0.5, 0.75, 0.9],
    deadlines: [deadline(OPEN, { revision: 3 })],
    about: new Map([[OPEN, { title: 'Ransomware op de bestandsserver, één NAS', controllerName: 'Gemeente Westland', agreementReference: 'VWO-2026-WL' }]]),
    ...overrides,
  };
}

function events(text: string): ICALModule.Event[] {
  const parsed = ICAL.Component.fromString(text);
  return parsed.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('deadlineCalendar', () => {
  it('publishes a calendar a parser reads, with its name, refresh interval and PUBLISH method', () => {
    const parsed = ICAL.Component.fromString(deadlineCalendar(calendar()));
    expect(parsed.name).toBe('vcalendar');
    expect(parsed.getFirstPropertyValue('version')).toBe('2.0');
    expect(parsed.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(parsed.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(parsed.getFirstPropertyValue('x-wr-calname')).toBe('AVG-deadlines — Outlook op kantoor');
    expect(String(parsed.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
  });

  it('makes an open deadline an event at its due instant in UTC, with a stable UID, its revision as SEQUENCE, what is due and for whom, the Amsterdam time and the link', () => {
    const text = deadlineCalendar(calendar());
    expect(text).toContain('DTSTART:20260331T090000Z\r\n');
    const [event] = events(text);
    expect(event.uid).toBe(`deadline-${OPEN}@compliance.example.nl`);
    expect(event.sequence).toBe(3);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-31T09:00:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.summary).toBe('Verwerkingsverantwoordelijke informeren over datalek: Ransomware op de bestandsserver, één NAS — Gemeente Westland');
    expect(event.description.split('\n')).toEqual([
      'Verwerkingsverantwoordelijke informeren over datalek: Ransomware op de bestandsserver, één NAS',
      'Verwerkingsverantwoordelijke: Gemeente Westland',
      'Verwerkersovereenkomst: VWO-2026-WL',
      'Uiterlijk: 2026-03-31 11:00 (Europe/Amsterdam)',
      `Dashboard: https://compliance.example.nl/deadlines/${OPEN}`,
    ]);
    expect(event.component.getFirstPropertyValue('url')).toBe(`https://compliance.example.nl/deadlines/${OPEN}`);
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('sets an alarm at each reminder fraction of the window startsAt..dueAt, relative to the start, leaving out those already past', () => {
    const alarms = (now: string) =>
      events(deadlineCalendar(calendar({ now: new Date(now) })))[0]
        .component.getAllSubcomponents('valarm')
        .map((alarm) => [alarm.getFirstPropertyValue('action'), String(alarm.getFirstPropertyValue('trigger'))]);
    // A 72-hour window: at 36 h, 54 h and 64.8 h, so 36 h, 18 h and 7 h 12 min before it is due.
    expect(alarms('2026-03-28T10:00:00Z')).toEqual([
      ['DISPLAY', '-P1DT12H'],
      ['DISPLAY', '-PT18H'],
      ['DISPLAY', '-PT7H12M'],
    ]);
    expect(alarms('2026-03-30T00:00:00Z')).toEqual([
      ['DISPLAY', '-PT18H'],
      ['DISPLAY', '-PT7H12M'],
    ]);
  });

  it('cancels a met deadline and marks a missed one, both without alarms', () => {
    const text = deadlineCalendar(
      calendar({
        deadlines: [deadline(MET, { status: 'met', metAt: new Date('2026-03-29T08:00:00Z'), revision: 1 }), deadline(MISSED, { status: 'missed', missedAt: new Date('2026-03-31T09:00:01Z'), revision: 2 })],
        about: new Map(),
        language: 'en',
        name: null,
      }),
    );
    const [met, missed] = events(text);
    expect(met.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(met.summary).toBe('Met: Inform the controller of the breach');
    expect(met.description).toContain('Met at 2026-03-29 10:00 (Europe/Amsterdam)');
    expect(missed.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(missed.summary).toBe('Missed: Inform the controller of the breach');
    expect([met, missed].map((e) => e.component.getAllSubcomponents('valarm').length)).toEqual([0, 0]);
    expect(ICAL.Component.fromString(text).getFirstPropertyValue('x-wr-calname')).toBe('GDPR deadlines');
  });
});
