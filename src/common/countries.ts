import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { getAlpha2Codes } from 'i18n-iso-countries';

const ALPHA_2 = new Set(Object.keys(getAlpha2Codes()));

/**
 * The European Economic Area: the EU 27 plus Iceland, Liechtenstein and Norway. Within
 * it personal data moves freely; outside it a transfer needs a Chapter V basis
 * (`adequacy-decisions.ts` lists the countries with an adequacy decision).
 */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
]);

/** An officially assigned ISO 3166-1 alpha-2 code, in upper case ("NL", not "nl" or "NLD"). */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && ALPHA_2.has(value);
}

export function isInEea(country: string): boolean {
  return EEA_COUNTRIES.has(country.toUpperCase());
}

/**
 * A country field: accepts any letter case, stores upper case, refuses anything that is
 * not an assigned alpha-2 code.
 */
export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(options),
    ValidateBy(
      {
        name: 'isCountryCode',
        validator: {
          validate: (value) => isCountryCode(value),
          defaultMessage: (args) => `${args?.property ?? 'country'} must be an ISO 3166-1 alpha-2 country code, e.g. NL`,
        },
      },
      options,
    ),
  );
}
