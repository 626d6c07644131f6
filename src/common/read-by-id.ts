import { ObjectLiteral, Repository } from 'typeorm';

/** The part of TypeORM's column metadata a read by id needs. */
export interface ReadableColumn {
  databaseName: string;
  propertyName: string;
  isSelect: boolean;
  isPrimary: boolean;
  transformer?: unknown;
  relationMetadata?: unknown;
  embeddedMetadata?: unknown;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One row by its primary key, its selectable columns aliased to the entity's property names,
 * so Postgres hands back the entity's shape. Only for an entity whose columns are plain: a
 * transformer, relation or embedded column needs TypeORM's hydration, so it is refused here.
 */
export function readByIdSql(table: string, columns: readonly ReadableColumn[]): string {
  const special = columns.find((column) => column.transformer || column.relationMetadata || column.embeddedMetadata);
  if (special) throw new Error(`${table}.${special.databaseName} needs TypeORM's hydration; read it through the repository`);
  const primary = columns.filter((column) => column.isPrimary);
  if (primary.length !== 1) throw new Error(`${table} has ${primary.length} primary-key columns; a read by id needs one`);
  const selected = columns.filter((column) => column.isSelect).map((column) => `${quoted(column.databaseName)} AS ${quoted(column.propertyName)}`);
  return `SELECT ${selected.join(', ')} FROM ${quoted(table)} WHERE ${quoted(primary[0].databaseName)} = $1`;
}

/**
 * A GET by id without TypeORM's query builder and entity hydration, which cost more CPU per
 * request than the rest of such a read (bench/README.md, "Reads"). The statement is built
 * once from the entity's metadata, so it follows the entity; values come as `pg` parses them,
 * as TypeORM passes them on for plain columns.
 */
export class ReadById<T extends ObjectLiteral> {
  private readonly sql: string;

  constructor(private readonly repository: Repository<T>) {
    this.sql = readByIdSql(repository.metadata.tableName, repository.metadata.columns);
  }

  async find(id: string): Promise<T | null> {
    const rows = await this.repository.query<T[]>(this.sql, [id]);
    return rows[0] ?? null;
  }
}
