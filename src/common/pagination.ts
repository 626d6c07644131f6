import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProblemException } from './problem';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const invalidCursor = () => new ProblemException(400, 'cursor is not a cursor this service issued', [{ field: 'cursor', message: 'invalid cursor' }]);

/** The keyset position after the last item of a page: its sort instant and id. */
interface CursorPosition {
  at: string;
  id: string;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The form `Date.toISOString()` gives: all a cursor of this service holds. */
const ISSUED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only what encodeCursor makes: a crafted one must not reach Postgres, which refuses
 * instants `Date.parse` takes (`+275760-09-13T00:00:00.000Z`, year 0) with a 500.
 * Four-digit years from 0001 lie within timestamptz's range; the round trip refuses
 * days that do not exist.
 */
function decodeCursor(cursor: string): CursorPosition {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(position) || position.length !== 2) throw invalidCursor();
  const [at, id] = position as unknown[];
  if (typeof at !== 'string' || !ISSUED_INSTANT.test(at) || at.startsWith('0000') || typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime()) || instant.toISOString() !== at) throw invalidCursor();
  return { at, id };
}

/** The order a list is paged in: an instant column (with `id` breaking ties) and its direction. */
export interface PageOrder<T> {
  column: string;
  key: keyof T;
  direction: 'ASC' | 'DESC';
}

const NEWEST_FIRST = { column: 'created_at', key: 'createdAt', direction: 'DESC' } as const;

/**
 * Keyset pagination over `(instant, id)`, newest first by default. Instant columns are
 * stored at millisecond precision so a cursor built from a JS Date is exact.
 */
export async function paginate<T extends ObjectLiteral & { id: string; createdAt: Date }>(qb: SelectQueryBuilder<T>, page: PageQueryDto, order: PageOrder<T> = NEWEST_FIRST): Promise<Page<T>> {
  const alias = qb.alias;
  const limit = page.limit ?? 50;
  if (page.cursor) {
    const position = decodeCursor(page.cursor);
    qb.andWhere(`(${alias}.${order.column}, ${alias}.id) ${order.direction === 'DESC' ? '<' : '>'} (:cursorAt, :cursorId)`, { cursorAt: position.at, cursorId: position.id });
  }
  const rows = await qb
    .orderBy(`${alias}.${order.column}`, order.direction)
    .addOrderBy(`${alias}.id`, order.direction)
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: (last[order.key] as Date).toISOString(), id: last.id }) : null,
  };
}

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/** A page of a register that people search by name (`?q=`, any part of it, case and accents as typed). */
export class NameSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'part of the name, case-insensitive', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** Narrows `qb` to rows whose `name` contains `q`, with LIKE's wildcards in it taken literally. */
export function whereNameContains<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: string | undefined): SelectQueryBuilder<T> {
  if (q) qb.andWhere(`${qb.alias}.name ILIKE :namePattern ESCAPE '\\'`, { namePattern: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
  return qb;
}
