import { withServer } from './utils/test-database';

/** Drops the run's template and any per-file copy a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.PAT_TEST_TEMPLATE_DB;
  if (template) {
    await withServer(async (c) => {
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY length(datname) DESC`, [`${template}%`]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
  }
}
