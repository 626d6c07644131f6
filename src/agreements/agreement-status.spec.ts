import { agreementStatusAt, initialAgreementStatus } from './agreement-status';

const now = new Date('2026-02-10T09:00:00Z');

describe('agreement status', () => {
  it('starts active when effectiveFrom has come, scheduled when it lies ahead', () => {
    expect(initialAgreementStatus(new Date('2026-02-10T09:00:00Z'), now)).toBe('active');
    expect(initialAgreementStatus(new Date('2020-01-01T00:00:00Z'), now)).toBe('active');
    expect(initialAgreementStatus(new Date('2026-02-10T09:00:00.001Z'), now)).toBe('scheduled');
  });

  it('shows a scheduled agreement as active once effectiveFrom has passed', () => {
    const from = new Date('2026-03-01T00:00:00Z');
    expect(agreementStatusAt('scheduled', from, now)).toBe('scheduled');
    expect(agreementStatusAt('scheduled', from, new Date('2026-03-01T00:00:00Z'))).toBe('active');
    expect(agreementStatusAt('scheduled', from, new Date('2026-04-01T00:00:00Z'))).toBe('active');
  });

  it('leaves terminated and ended agreements as recorded', () => {
    expect(agreementStatusAt('terminated', new Date('2020-01-01Z'), now)).toBe('terminated');
    expect(agreementStatusAt('ended', new Date('2030-01-01Z'), now)).toBe('ended');
  });
});
