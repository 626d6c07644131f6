import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EEA_COUNTRIES, IsCountryCode, isCountryCode, isInEea } from './countries';

class WithCountry {
  @IsCountryCode()
  country: string;
}

describe('countries', () => {
  it('knows the EEA: the EU 27 plus Iceland, Liechtenstein and Norway', () => {
    expect(EEA_COUNTRIES.size).toBe(30);
    for (const code of ['NL', 'DE', 'IE', 'IS', 'LI', 'NO', 'no']) expect(isInEea(code)).toBe(true);
    for (const code of ['GB', 'CH', 'US', 'IN', 'TR']) expect(isInEea(code)).toBe(false);
    for (const code of EEA_COUNTRIES) expect(isCountryCode(code)).toBe(true);
  });

  it('accepts assigned alpha-2 codes only', () => {
    expect(isCountryCode('NL')).toBe(true);
    expect(isCountryCode('nl')).toBe(false);
    expect(isCountryCode('NLD')).toBe(false);
    expect(isCountryCode('528')).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('EU')).toBe(false);
    expect(isCountryCode(12)).toBe(false);
  });

  it('normalises the case of a country field and names it when invalid', () => {
    const ok = plainToInstance(WithCountry, { country: ' de ' });
    expect(validateSync(ok)).toEqual([]);
    expect(ok.country).toBe('DE');
    const bad = validateSync(plainToInstance(WithCountry, { country: 'Netherlands' }));
    expect(bad[0].property).toBe('country');
    expect(Object.values(bad[0].constraints ?? {})).toContain('country must be an ISO 3166-1 alpha-2 country code, e.g. NL');
    expect(validateSync(plainToInstance(WithCountry, { country: ['NL'] }))).toHaveLength(1);
  });
});
