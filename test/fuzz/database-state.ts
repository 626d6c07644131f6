import { DataSource } from 'typeorm';

/** Per table: how many rows, and the newest transaction that wrote one of them. */
export type DatabaseState = Map<string, { rows: number; lastWriter: string }>;

/**
 * What a request may have written, read in one statement. Every INSERT and UPDATE leaves
 * a row version stamped with its transaction id (`xmin`), and every DELETE lowers the
 * count, so (count, newest xmin) of each table changes with any committed write and with
 * nothing else: a rolled-back transaction leaves no visible row.
 */
export class DatabaseWatch {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly sql: string,
  ) {}

  static async create(dataSource: DataSource): Promise<DatabaseWatch> {
    const tables = (
      await dataSource.query<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
      )
    ).map((t) => t.name);
    const sql = tables.map((table) => `SELECT '${table}' AS name, count(*)::int AS rows, coalesce(max(xmin::text::bigint), 0)::text AS last_writer FROM "${table}"`).join('\nUNION ALL\n');
    return new DatabaseWatch(dataSource, sql);
  }

  async read(): Promise<DatabaseState> {
    const rows = await this.dataSource.query<{ name: string; rows: number; last_writer: string }[]>(this.sql);
    return new Map(rows.map((r) => [r.name, { rows: r.rows, lastWriter: r.last_writer }]));
  }
}

/** The tables a request wrote to, as `audit_log: 12 → 13 rows`; empty when it wrote nothing. */
export function changedTables(before: DatabaseState, after: DatabaseState): string[] {
  return [...after]
    .filter(([name, now]) => before.get(name)?.rows !== now.rows || before.get(name)?.lastWriter !== now.lastWriter)
    .map(([name, now]) => `${name}: ${before.get(name)?.rows ?? 0} → ${now.rows} rows${before.get(name)?.rows === now.rows ? ' (a row updated)' : ''}`);
}
