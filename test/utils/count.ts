import { DataSource } from 'typeorm';

export async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) s`, params);
  return row.n;
}
