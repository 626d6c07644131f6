import { AgreementDates, agreementStatusAt, initialAgreementStatus, isInForceAt, notEndedAt } from './agreement-status';

const now = new Date('2026-02-10T09:00:00Z');
const agreement = (over: Partial<AgreementDates> = {}): AgreementDates => ({
  status: 'active',
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  endsAt: null,
  terminationEffectiveAt: null,
  ...over,
});

describe('agreement status', () => {
  it('starts active when effectiveFrom has come, scheduled when it lies ahead', () => {
    expect(initialAgreementStatus(new Date('2026-02-10T09:00:00Z'), now)).toBe('active');
    expect(initialAgreementStatus(new Date('2020-01-01T00:00:00Z'), now)).toBe('active');
    expect(initialAgreementStatus(new Date('2026-02-10T09:00:00.001Z'), now)).toBe('scheduled');
  });

  it('shows a scheduled agreement as active once effectiveFrom has passed', () => {
    const scheduled = agreement({ status: 'scheduled', effectiveFrom: new Date('2026-03-01T00:00:00Z') });
    expect(agreementStatusAt(scheduled, now)).toBe('scheduled');
    expect(agreementStatusAt(scheduled, new Date('2026-03-01T00:00:00Z'))).toBe('active');
    expect(agreementStatusAt(scheduled, new Date('2026-04-01T00:00:00Z'))).toBe('active');
  });

  it('shows an agreement past its end date as ended, at the exact instant', () => {
    const fixedTerm = agreement({ endsAt: new Date('2026-06-30T22:00:00Z') });
    expect(agreementStatusAt(fixedTerm, new Date('2026-06-30T21:59:59.999Z'))).toBe('active');
    expect(agreementStatusAt(fixedTerm, new Date('2026-06-30T22:00:00Z'))).toBe('ended');
  });

  it('leaves terminated and ended agreements as recorded', () => {
    expect(agreementStatusAt(agreement({ status: 'terminated', terminationEffectiveAt: new Date('2020-02-01Z') }), now)).toBe('terminated');
    expect(agreementStatusAt(agreement({ status: 'ended', effectiveFrom: new Date('2030-01-01Z') }), now)).toBe('ended');
  });

  it('is in force from effectiveFrom until its end date or its termination takes effect', () => {
    const a = agreement({ endsAt: new Date('2026-12-31T23:00:00Z'), terminationEffectiveAt: new Date('2026-06-01T00:00:00Z') });
    expect(isInForceAt(a, new Date('2025-12-31T23:59:59.999Z'))).toBe(false);
    expect(isInForceAt(a, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isInForceAt(a, new Date('2026-05-31T23:59:59.999Z'))).toBe(true);
    expect(isInForceAt(a, new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(notEndedAt(agreement({ effectiveFrom: new Date('2027-01-01Z') }), now)).toBe(true);
    expect(isInForceAt(agreement({ effectiveFrom: new Date('2027-01-01Z') }), now)).toBe(false);
  });
});
