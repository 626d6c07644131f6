import { isShorterThan, periodWithFloor } from './retention-target';

describe('retention floors', () => {
  it.each([
    ['P0D', 'P5Y', true],
    ['P4Y11M', 'P5Y', true],
    ['P4Y11M30D', 'P5Y', true],
    ['P1826D', 'P5Y', true], // five years of 365 days and one leap day: a day short from 1 January 2020
    ['P5Y', 'P5Y', false],
    ['P60M', 'P5Y', false],
    ['P1827D', 'P5Y', false],
    ['P5Y1D', 'P5Y', false],
    ['P6Y11M', 'P7Y', true],
    ['P10Y', 'P7Y', false],
  ])('%s is shorter than %s: %s', (period, minimum, shorter) => {
    expect(isShorterThan(period, minimum)).toBe(shorter);
  });

  it('counts with the floor where a stored policy is shorter, and with the policy otherwise', () => {
    const floored = { minimumPeriod: { period: 'P5Y', reason: 'Art. 5:45 Awb' } };
    expect(periodWithFloor(floored, 'P0D')).toBe('P5Y');
    expect(periodWithFloor(floored, 'P4Y11M')).toBe('P5Y');
    expect(periodWithFloor(floored, 'P6Y')).toBe('P6Y');
    expect(periodWithFloor({}, 'P0D')).toBe('P0D');
  });
});
