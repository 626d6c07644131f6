import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The Postgres server tests run against; each run and each test file get their own database on it. */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A copy of the run's migrated template: migrations run once per run, not per test file. */
export async function createDatabaseFromTemplate(template: string): Promise<string> {
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** A connection to the server for one spec's tests, opened before and closed after them: for evaluating an SQL rule on its own. */
export function useServerClient(): () => Client {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });
  return () => client;
}
