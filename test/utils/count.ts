import { DataSource } from 'typeorm';

export async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM (${sql}) s`, params)) as { n: number }[];
  return row.n;
}
