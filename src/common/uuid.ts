import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, ValidationOptions } from 'class-validator';

const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * A UUID (or, with `each`, a list of them), kept as Postgres prints it. Clients that send
 * "3F2504E0-…" (.NET does) would otherwise fail comparisons with ids read back from the
 * database, and see duplicates where there are none.
 */
export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(lower) : lower(value))),
    IsUUID('all', options),
  );
}
