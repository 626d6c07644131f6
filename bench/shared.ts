import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AuditChainKeys } from '../src/config/audit-chain-keys';
import { redisOptionsFromUrl } from '../src/config/redis-options';
import { seedAgreements, seedControllers, seedProcessor } from '../test/factories';

/** What every bench runs against; each creates its own database and BullMQ prefix there. */
export const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A bench's databases are its own and dropped when it ends: a fresh audit chain key each run. */
export const BENCH_AUDIT_CHAIN_KEYS = new AuditChainKeys(randomBytes(32).toString('hex'));

/** `--name value` from the command line, as a number. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function dbUrl(database: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `fn` on a connection to the server's maintenance database (CREATE/DROP DATABASE). */
export async function withServer<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function onServer(sql: string): Promise<void> {
  await withServer((c) => c.query(sql));
}

/** Deletes the bench's own BullMQ keys, never anyone else's. */
export async function clearPrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(REDIS_URL));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A processor with `controllers` clients, each with a contact address and an agreement in
 * force (12/24/48/72 hours in turn): the registry a breach at shared infrastructure reaches.
 */
export async function seedSharedInfrastructure(database: string, controllers: number): Promise<{ processorId: string; controllerIds: string[] }> {
  const seed = new Client({ connectionString: dbUrl(database) });
  await seed.connect();
  try {
    const processorId = await seedProcessor(seed);
    const controllerIds = await seedControllers(seed, controllers, (i) => ({ name: `Client ${i}`, contactEmail: `privacy${i}@client.example` }));
    await seedAgreements(
      seed,
      controllerIds.map((controllerId, i) => ({ controllerId, processorId, effectiveFrom: '2024-01-01T00:00:00Z', breachNotificationHours: [12, 24, 48, 72][i % 4] })),
    );
    await seed.query('ANALYZE');
    return { processorId, controllerIds };
  } finally {
    await seed.end();
  }
}

/** `count` Dutch client organisations (with contact and DPO), numbered 1..count, as the benches seed them by SQL. */
export async function seedControllerRows(db: Client, count: number): Promise<void> {
  await db.query(
    `INSERT INTO data_controllers (name, country, kvk_number, contact_email, dpo_name, dpo_email)
     SELECT 'Klant ' || lpad(n::text, 6, '0') || ' B.V.', 'NL', lpad(n::text, 8, '0'), 'info' || n || '@klant.example', 'FG van klant ' || n, 'fg' || n || '@klant.example'
       FROM generate_series(1, $1::int) n`,
    [count],
  );
}
