import fc from 'fast-check';
import { addCalendarPeriod, endOfCalendarYear } from '../common/time';
import { isRetentionDue, isRetentionPeriod, RETENTION_ANCHORS, retentionCutoff, retentionEndsAt } from './retention-period';

const at = (iso: string) => new Date(iso);
const PERIODS = ['P7Y', 'P10Y', 'P1Y', 'P5Y', 'P6M', 'P1M', 'P1Y6M', 'P60D', 'P2W', 'P1D', 'P1Y1M1D'];

describe('retention periods (bewaartermijnen)', () => {
  it.each([...PERIODS, 'P100Y', 'P99Y11M', 'P1200M', 'P36500D'])('accepts %s as a period', (period) => {
    expect(isRetentionPeriod(period)).toBe(true);
  });

  it.each(['P101Y', 'P100Y1M', 'P1201M', 'P5300W', 'P1000000Y', 'P0Y1000000D', '7Y', 'P', 'PT1H'])('refuses %s as a period', (period) => {
    expect(isRetentionPeriod(period)).toBe(false);
  });

  describe('what must be kept', () => {
    it('keeps an invoice in its 7th year after the close of its financial year', () => {
      // Issued March 2019: the 7 years run from 1 January 2020 to 1 January 2027.
      expect(isRetentionDue('end_of_financial_year', at('2019-03-01T10:00:00Z'), 'P7Y', at('2026-12-31T22:59:59.999Z'))).toBe(false);
      expect(isRetentionDue('end_of_financial_year', at('2019-03-01T10:00:00Z'), 'P7Y', at('2026-06-01T10:00:00Z'))).toBe(false);
    });

    it('keeps an invoice issued 31 December 23:30 UTC for a year longer: in Amsterdam it is 1 January', () => {
      const issued = at('2018-12-31T23:30:00Z'); // 2019-01-01 00:30 Amsterdam
      expect(retentionEndsAt('end_of_financial_year', issued, 'P7Y').toISOString()).toBe('2026-12-31T23:00:00.000Z');
      expect(isRetentionDue('end_of_financial_year', issued, 'P7Y', at('2026-06-01T00:00:00Z'))).toBe(false);
    });

    it('keeps a contact until the whole anniversary day of the last activity is over', () => {
      // Last activity 10 March 2025 14:00 Amsterdam; the year ends when 10 March 2026 is over.
      const activity = at('2025-03-10T13:00:00Z');
      expect(isRetentionDue('event_day', activity, 'P1Y', at('2026-03-10T13:00:00Z'))).toBe(false);
      expect(isRetentionDue('event_day', activity, 'P1Y', at('2026-03-10T22:59:59.999Z'))).toBe(false);
    });

    it('never erases before date + period as an Amsterdam calendar period', () => {
      fc.assert(
        fc.property(fc.date({ min: at('2015-01-01Z'), max: at('2035-01-01Z'), noInvalidDate: true }), fc.constantFrom(...PERIODS), (date, period) => {
          expect(retentionEndsAt('event_day', date, period).getTime()).toBeGreaterThanOrEqual(addCalendarPeriod(date, period).getTime());
        }),
      );
    });
  });

  describe('what must go, and at which instant', () => {
    it('erases an invoice at the first instant of its 8th calendar year in Amsterdam', () => {
      const issued = at('2018-06-15T10:00:00Z');
      expect(retentionEndsAt('end_of_financial_year', issued, 'P7Y').toISOString()).toBe('2025-12-31T23:00:00.000Z');
      expect(isRetentionDue('end_of_financial_year', issued, 'P7Y', at('2025-12-31T22:59:59.999Z'))).toBe(false);
      expect(isRetentionDue('end_of_financial_year', issued, 'P7Y', at('2025-12-31T23:00:00.000Z'))).toBe(true);
    });

    it('counts an invoice of 31 December 23:59 Amsterdam in the year that ends then', () => {
      const issued = at('2018-12-31T22:59:59.999Z'); // 23:59:59.999 Amsterdam
      expect(retentionEndsAt('end_of_financial_year', issued, 'P7Y').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    });

    it('is exactly endOfCalendarYear(issuedAt) + period for invoices', () => {
      fc.assert(
        fc.property(fc.date({ min: at('2010-01-01Z'), max: at('2035-01-01Z'), noInvalidDate: true }), fc.constantFrom(...PERIODS), (issued, period) => {
          expect(retentionEndsAt('end_of_financial_year', issued, period).toISOString()).toBe(addCalendarPeriod(endOfCalendarYear(issued), period).toISOString());
        }),
      );
    });

    it('ends a year from 29 February when 28 February of the next year is over', () => {
      const activity = at('2024-02-29T11:00:00Z');
      expect(retentionEndsAt('event_day', activity, 'P1Y').toISOString()).toBe('2025-02-28T23:00:00.000Z'); // 1 March 00:00 Amsterdam
      expect(isRetentionDue('event_day', activity, 'P1Y', at('2025-02-28T22:59:59.999Z'))).toBe(false);
      expect(isRetentionDue('event_day', activity, 'P1Y', at('2025-02-28T23:00:00.000Z'))).toBe(true);
    });

    it('ends on the local midnight also across DST (CEST midnight is 22:00 UTC)', () => {
      // Activity on the spring-forward day 2025-03-30 at 03:30 CEST.
      expect(retentionEndsAt('event_day', at('2025-03-30T01:30:00Z'), 'P1Y').toISOString()).toBe('2026-03-30T22:00:00.000Z');
      // 60 days from 1 September runs out of summer time into winter time.
      expect(retentionEndsAt('event_day', at('2025-09-01T10:00:00Z'), 'P60D').toISOString()).toBe('2025-10-31T23:00:00.000Z');
    });
  });

  describe('the SQL cut-off', () => {
    it('gives the start of the year after the last due financial year', () => {
      expect(retentionCutoff('end_of_financial_year', 'P7Y', at('2026-06-01T10:00:00Z')).toISOString()).toBe('2018-12-31T23:00:00.000Z');
      expect(retentionCutoff('end_of_financial_year', 'P7Y', at('2025-12-31T22:59:59.999Z')).toISOString()).toBe('2017-12-31T23:00:00.000Z');
      expect(retentionCutoff('end_of_financial_year', 'P7Y', at('2025-12-31T23:00:00.000Z')).toISOString()).toBe('2018-12-31T23:00:00.000Z');
    });

    it('gives the Amsterdam midnight after the last due day of activity', () => {
      // On 1 March 2025 00:00 Amsterdam both 28 and 29 February 2024 are due; 1 March 2024 is not.
      expect(retentionCutoff('event_day', 'P1Y', at('2025-02-28T23:00:00Z')).toISOString()).toBe('2024-02-29T23:00:00.000Z');
      // During 28 February 2025 the activity of 28 February 2024 is still within its year.
      expect(retentionCutoff('event_day', 'P1Y', at('2025-02-28T22:59:59.999Z')).toISOString()).toBe('2024-02-27T23:00:00.000Z');
    });

    it('is exactly equivalent to isRetentionDue: due iff date < cutoff', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...RETENTION_ANCHORS),
          fc.constantFrom(...PERIODS),
          fc.date({ min: at('2005-01-01Z'), max: at('2035-01-01Z'), noInvalidDate: true }),
          fc.date({ min: at('2015-01-01Z'), max: at('2040-01-01Z'), noInvalidDate: true }),
          (anchor, period, date, now) => {
            const cutoff = retentionCutoff(anchor, period, now);
            expect(date.getTime() < cutoff.getTime()).toBe(isRetentionDue(anchor, date, period, now));
          },
        ),
        { numRuns: 5000 },
      );
    });

    it('is exact at the boundary: one millisecond either side of the cut-off', () => {
      fc.assert(
        fc.property(fc.constantFrom(...RETENTION_ANCHORS), fc.constantFrom(...PERIODS), fc.date({ min: at('2015-01-01Z'), max: at('2040-01-01Z'), noInvalidDate: true }), (anchor, period, now) => {
          const cutoff = retentionCutoff(anchor, period, now).getTime();
          expect(isRetentionDue(anchor, new Date(cutoff - 1), period, now)).toBe(true);
          expect(isRetentionDue(anchor, new Date(cutoff), period, now)).toBe(false);
        }),
      );
    });

    it('refuses what is not a calendar period', () => {
      expect(() => retentionCutoff('event_day', 'PT24H', at('2026-01-01Z'))).toThrow(RangeError);
      expect(() => retentionEndsAt('event_day', at('2026-01-01Z'), '7 years')).toThrow(RangeError);
    });
  });
});
