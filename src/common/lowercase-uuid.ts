import { Transform } from 'class-transformer';

const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * UUIDs as Postgres prints them. Clients that send "3F2504E0-…" (.NET does) would
 * otherwise fail comparisons with ids read back from the database, and see duplicates
 * where there are none.
 */
export const LowercaseUuid = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(lower) : lower(value)));
