import fc from 'fast-check';
import { AgreementDates, agreementStatusAt, endOfAgreement, isInForceAt, isInForceDuring, notEndedAt } from './agreement-status';
import { AgreementStatus } from './processing-agreement.entity';

const now = new Date('2026-02-10T09:00:00Z');
const agreement = (over: Partial<AgreementDates> = {}): AgreementDates => ({
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  endsAt: null,
  terminatedAt: null,
  terminationEffectiveAt: null,
  ...over,
});
const d = (iso: string) => new Date(iso);

describe('agreement status', () => {
  it.each<[string, Partial<AgreementDates>, string, AgreementStatus]>([
    ['signed for a later date: scheduled', { effectiveFrom: d('2026-03-01T00:00:00Z') }, '2026-02-10T09:00:00Z', 'scheduled'],
    ['from the exact instant it takes effect: active', { effectiveFrom: d('2026-03-01T00:00:00Z') }, '2026-03-01T00:00:00Z', 'active'],
    ['open-ended, long after its start: active', {}, '2040-01-01T00:00:00Z', 'active'],
    ['a millisecond before its endsAt: active', { endsAt: d('2026-06-30T22:00:00Z') }, '2026-06-30T21:59:59.999Z', 'active'],
    ['at its endsAt: ended', { endsAt: d('2026-06-30T22:00:00Z') }, '2026-06-30T22:00:00Z', 'ended'],
    ['notice given, not yet in effect: terminating', { terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-04-01T00:00:00Z') }, '2026-02-10T09:00:00Z', 'terminating'],
    ['before the notice was given it was active', { terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-04-01T00:00:00Z') }, '2026-01-31T23:59:59.999Z', 'active'],
    ['from the instant the termination takes effect: ended', { terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-04-01T00:00:00Z') }, '2026-04-01T00:00:00Z', 'ended'],
    ['a termination registered after it took effect: ended at once', { terminatedAt: d('2027-03-01T00:00:00Z'), terminationEffectiveAt: d('2026-04-01T00:00:00Z') }, '2027-03-01T00:00:00Z', 'ended'],
    [
      'terminated before it started: scheduled until then',
      { effectiveFrom: d('2026-03-01T00:00:00Z'), terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-09-01T00:00:00Z') },
      '2026-02-10T09:00:00Z',
      'scheduled',
    ],
    [
      'notice with an endsAt before the termination date: ended at endsAt',
      { endsAt: d('2026-03-01T00:00:00Z'), terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-05-01T00:00:00Z') },
      '2026-03-01T00:00:00Z',
      'ended',
    ],
  ])('%s', (_case, over, instant, status) => {
    expect(agreementStatusAt(agreement(over), d(instant))).toBe(status);
  });

  it('is in force from effectiveFrom until its end date or its termination takes effect', () => {
    const a = agreement({ endsAt: d('2026-12-31T23:00:00Z'), terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-06-01T00:00:00Z') });
    expect(isInForceAt(a, d('2025-12-31T23:59:59.999Z'))).toBe(false);
    expect(isInForceAt(a, d('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isInForceAt(a, d('2026-05-31T23:59:59.999Z'))).toBe(true);
    expect(isInForceAt(a, d('2026-06-01T00:00:00Z'))).toBe(false);
    expect(endOfAgreement(a)).toEqual(d('2026-06-01T00:00:00Z'));
    expect(notEndedAt(agreement({ effectiveFrom: d('2027-01-01Z') }), now)).toBe(true);
    expect(isInForceAt(agreement({ effectiveFrom: d('2027-01-01Z') }), now)).toBe(false);
  });

  const instant = fc.integer({ min: -400, max: 400 }).map((days) => new Date(Date.UTC(2026, 0, 1) + days * 86_400_000));
  const dates = fc.record({
    effectiveFrom: instant,
    endsAt: fc.option(instant, { nil: null }),
    terminatedAt: fc.option(instant, { nil: null }),
    terminationEffectiveAt: fc.option(instant, { nil: null }),
  });

  it('in force exactly when active or terminating; ended exactly when not "not ended"', () => {
    fc.assert(
      fc.property(dates, instant, (a, at) => {
        const status = agreementStatusAt(a, at);
        expect(isInForceAt(a, at)).toBe(status === 'active' || status === 'terminating');
        expect(notEndedAt(a, at)).toBe(status !== 'ended');
      }),
    );
  });

  it('is in force during a period [from, to) when it is in force at any instant of it', () => {
    const a = agreement({ effectiveFrom: d('2026-03-01T00:00:00Z'), endsAt: d('2026-06-01T00:00:00Z') });
    expect(isInForceDuring(a, d('2026-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z'))).toBe(false); // ends as it starts
    expect(isInForceDuring(a, d('2026-01-01T00:00:00Z'), d('2026-03-01T00:00:00.001Z'))).toBe(true);
    expect(isInForceDuring(a, d('2026-05-31T23:59:59.999Z'), d('2026-07-01T00:00:00Z'))).toBe(true);
    expect(isInForceDuring(a, d('2026-06-01T00:00:00Z'), d('2026-07-01T00:00:00Z'))).toBe(false); // starts as it ended
    expect(isInForceDuring(a, d('2026-04-01T00:00:00Z'), d('2026-04-02T00:00:00Z'))).toBe(true); // within it
    expect(isInForceDuring(a, d('2025-01-01T00:00:00Z'), d('2027-01-01T00:00:00Z'))).toBe(true); // around it
    const terminated = agreement({ terminatedAt: d('2026-01-10T00:00:00Z'), terminationEffectiveAt: d('2026-02-01T00:00:00Z') });
    expect(isInForceDuring(terminated, d('2026-02-01T00:00:00Z'), d('2026-03-01T00:00:00Z'))).toBe(false);
    expect(isInForceDuring(terminated, d('2026-01-31T00:00:00Z'), d('2026-03-01T00:00:00Z'))).toBe(true);
    const neverInForce = agreement({ effectiveFrom: d('2026-05-01T00:00:00Z'), terminatedAt: d('2026-02-01T00:00:00Z'), terminationEffectiveAt: d('2026-04-01T00:00:00Z') });
    expect(isInForceDuring(neverInForce, d('2025-01-01T00:00:00Z'), d('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('in force during a period exactly when in force at one of its instants (checked at each day, the grid of the dates)', () => {
    fc.assert(
      fc.property(dates, instant, fc.integer({ min: 1, max: 60 }), (a, from, days) => {
        const to = new Date(from.getTime() + days * 86_400_000);
        const somewhere = Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * 86_400_000)).some((t) => isInForceAt(a, t));
        expect(isInForceDuring(a, from, to)).toBe(somewhere);
      }),
    );
  });

  it('only moves forward in time: scheduled → active → terminating → ended, never back', () => {
    const order: AgreementStatus[] = ['scheduled', 'active', 'terminating', 'ended'];
    fc.assert(
      fc.property(dates, instant, instant, (a, x, y) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        expect(order.indexOf(agreementStatusAt(a, early))).toBeLessThanOrEqual(order.indexOf(agreementStatusAt(a, late)));
      }),
    );
  });
});
