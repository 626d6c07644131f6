/**
 * HTTP bench of the breach-report endpoint (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/run.ts [--connections 20] [--seconds 10]
 *
 * Runs autocannon against `POST /api/v1/incidents` of the real app (auth, validation,
 * agreement checks, one transaction with incident, deadlines, timeline, audit and outbox,
 * then scheduling on BullMQ) and against a bare Fastify route doing one pg INSERT and one
 * queue.add, at the same concurrency, on the same Postgres and Redis. Creates its own
 * database and prefixes and drops them.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { redisOptionsFromUrl } from '../../src/config/redis-options';
import { REDIS_URL, arg, clearPrefix, dbUrl } from '../shared';
import { startIncidentBenchApp } from './incident-app';

const CONNECTIONS = arg('connections', 20);
const SECONDS = arg('seconds', 10);

function fire(url: string, body: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url, method: 'POST', body, headers, connections: CONNECTIONS, duration: SECONDS });
}

async function main(): Promise<void> {
  const service = await startIncidentBenchApp();
  const barePrefix = `pat_bench_bare_${randomBytes(4).toString('hex')}`;
  const pool = new Pool({ connectionString: dbUrl(service.database), max: 10 });
  const queue = new Queue('bare', { connection: { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null }, prefix: barePrefix });
  const bareApp = Fastify();
  try {
    await pool.query(`CREATE TABLE bare_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    bareApp.post('/bare', async (request, reply) => {
      const { rows } = await pool.query<{ id: string }>(`INSERT INTO bare_reports (body) VALUES ($1) RETURNING id`, [request.body]);
      await queue.add('escalate', { id: rows[0].id }, { jobId: `${rows[0].id}-escalate`, delay: 86_400_000 });
      return reply.status(201).send(rows[0]);
    });
    const bareUrl = await bareApp.listen({ port: 0, host: '127.0.0.1' });
    const bareHeaders = { 'content-type': 'application/json' };

    const warm = await fire(service.url, service.body, service.headers);
    if (warm.non2xx) throw new Error(`the app answered ${warm.non2xx} non-2xx responses`);
    const ours = await fire(service.url, service.body, service.headers);
    await fire(`${bareUrl}/bare`, service.body, bareHeaders);
    const base = await fire(`${bareUrl}/bare`, service.body, bareHeaders);
    if (ours.non2xx || base.non2xx) throw new Error(`non-2xx answers: service ${ours.non2xx}, bare ${base.non2xx}`);

    console.log(`POST at ${CONNECTIONS} connections for ${SECONDS} s (after a warm-up run of each)`);
    console.log(`service POST /api/v1/incidents  ${ours.requests.average.toFixed(0).padStart(6)} req/s   p99 ${ours.latency.p99} ms   (${ours.requests.total} requests)`);
    console.log(`bare Fastify INSERT + queue.add  ${base.requests.average.toFixed(0).padStart(6)} req/s   p99 ${base.latency.p99} ms   (${base.requests.total} requests)`);
    console.log(`ratio req/s ${(ours.requests.average / base.requests.average).toFixed(2)}   ratio p99 ${(ours.latency.p99 / base.latency.p99).toFixed(2)}`);
  } finally {
    await bareApp.close();
    await queue.close();
    await pool.end();
    await clearPrefix(barePrefix);
    await service.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
