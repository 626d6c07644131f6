import fc from 'fast-check';
import { DateTime } from 'luxon';
import { reportDeadlines } from './incident-rules';

const amsterdam = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const wall = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-LL-dd HH:mm');
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

describe('breach clocks', () => {
  it('runs 72 elapsed hours across the spring-forward night: aware 28 March 10:00 → due 31 March 11:00 Amsterdam', () => {
    const [deadline] = reportDeadlines('i', 'controller', amsterdam('2026-03-28T10:00'), []);
    expect(deadline.kind).toBe('authority_notification');
    expect(wall(deadline.dueAt)).toBe('2026-03-31 11:00');
    expect(deadline.dueAt.toISOString()).toBe('2026-03-31T09:00:00.000Z');
  });

  it('runs 72 elapsed hours across the fall-back night: aware 24 October 10:00 → due 27 October 09:00 Amsterdam', () => {
    const [deadline] = reportDeadlines('i', 'controller', amsterdam('2026-10-24T10:00'), []);
    expect(wall(deadline.dueAt)).toBe('2026-10-27 09:00');
  });

  it('puts each controller clock exactly breachNotificationHours after awareness, for any instant and any 1..72', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 72 }), (awareAt, hours) => {
        const [deadline] = reportDeadlines('i', 'processor', awareAt, [{ controllerId: 'c', agreementId: 'a', breachNotificationHours: hours }]);
        return deadline.dueAt.getTime() - awareAt.getTime() === hours * 3_600_000 && deadline.startsAt.getTime() === awareAt.getTime() && deadline.controllerId === 'c';
      }),
    );
  });

  it('opens no authority clock for a processor-role breach: that is each controller’s', () => {
    fc.assert(
      fc.property(instant, fc.array(fc.integer({ min: 1, max: 72 }), { maxLength: 5 }), (awareAt, hours) => {
        const deadlines = reportDeadlines(
          'i',
          'processor',
          awareAt,
          hours.map((h, n) => ({ controllerId: `c${n}`, agreementId: null, breachNotificationHours: h })),
        );
        return deadlines.length === hours.length && deadlines.every((d) => d.kind === 'controller_notification');
      }),
    );
  });
});
