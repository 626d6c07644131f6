import { endOfWeek, fromLocalInput, localInputValue, timeLeft, wallTime } from './web-format';

describe('web formats', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('shows Amsterdam wall time in the reader language, across DST', () => {
    expect(wallTime(new Date('2026-11-27T10:44:00Z'), 'nl')).toBe('vr 27 nov 2026 11:44');
    expect(wallTime(new Date('2026-07-01T10:44:00Z'), 'en')).toBe('Wed 1 Jul 2026 12:44');
  });

  it('says how much time is left, or how late, in two units at most', () => {
    expect(timeLeft(new Date(now.getTime() + (2 * 24 + 4) * 3_600_000 + 59_000), now, 'nl')).toBe('nog 2 d 4 u');
    expect(timeLeft(new Date(now.getTime() - (3 * 60 + 12) * 60_000), now, 'en')).toBe('3 h 12 min overdue');
    expect(timeLeft(new Date(now.getTime() + 5 * 60_000), now, 'en')).toBe('5 min left');
  });

  it('reads a datetime-local value as Amsterdam time and leaves anything else for validation', () => {
    expect(fromLocalInput('2026-03-29T03:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalInput(localInputValue(now))).toBe('2026-11-24T10:00:00.000Z');
    expect(fromLocalInput('yesterday')).toBe('yesterday');
  });

  it('ends the week on Sunday night in Amsterdam', () => {
    expect(endOfWeek(now).toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });
});
