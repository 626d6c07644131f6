import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, isISO8601, ValidateBy, ValidationOptions } from 'class-validator';
import { ruleBroken } from './problem';

const WITH_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const MESSAGE = '$property must be an ISO 8601 instant with a time zone, e.g. 2026-01-15T09:00:00Z';

/**
 * An instant in ISO 8601 with its zone. A date-time without one would be read in the
 * server's zone, so "2026-03-29T02:30" could mean two different instants; it is refused.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isInstant', validator: { validate: isZonedInstant, defaultMessage: () => MESSAGE } }, options);
}

/** The same rule for a field the service reads as a Date: anything else stays as sent and fails. */
export function IsInstantDate(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (isZonedInstant(value) ? new Date(value) : value)),
    IsDate({ message: MESSAGE, ...options }),
  );
}

/**
 * ISO 8601 also has week dates (2026-W01-1), ordinal dates (2026-001), the basic format
 * and decimal commas, which the services' `new Date(value)` cannot read: only what it reads
 * is an instant here.
 */
function isZonedInstant(value: unknown): value is string {
  return typeof value === 'string' && WITH_ZONE.test(value) && isISO8601(value, { strict: true, strictSeparator: true }) && !Number.isNaN(Date.parse(value));
}

/** Clocks disagree a little: an instant 30 seconds ahead is skew, one tomorrow is a typo. */
export const CLOCK_SKEW_MS = 2 * 60_000;

export function isInTheFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS;
}

/** A 422 naming `field` when an instant a caller sends lies ahead of our clock by more than the skew. */
export function assertNotInFuture(field: string, at: Date | null | undefined, now: Date): void {
  if (at && isInTheFuture(at, now)) throw ruleBroken(`${field} lies in the future`, field);
}
