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

function decodeCursor(cursor: string): CursorPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad cursor');
    return { at, id };
  } catch {
    throw invalidCursor();
  }
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
