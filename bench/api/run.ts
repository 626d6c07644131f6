/**
 * HTTP bench of the breach-report endpoint (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/run.ts [--connections 20] [--seconds 10] [--rounds 1]
 *
 * Runs autocannon (in a process of its own) against `POST /api/v1/incidents` of the real app
 * (auth, validation, agreement checks, one transaction with incident, deadlines, timeline,
 * audit and outbox, then scheduling on BullMQ) and against a bare Fastify route doing one pg
 * INSERT and one queue.add, at the same concurrency, on the same Postgres and Redis. Each side
 * gets a warm-up run; then every round measures both, one after the other. Besides req/s it
 * prints the CPU this process (both servers, never autocannon) spent per request. Creates its
 * own database and prefixes and drops them.
 *
 * A third route is measured beside them for reference, not as the baseline: bare Fastify and
 * pg sending the seven statements a report sends (transaction, registry check, the write, the
 * webhooks looked up, the audit row under an advisory lock with synchronous_commit off, commit,
 * the flush), each doing little, then one addBulk after answering — what those round trips
 * cost without any framework.
 */
import 'reflect-metadata';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { redisOptionsFromUrl } from '../../src/config/redis-options';
import { REDIS_URL, arg, clearPrefix, dbUrl } from '../shared';
import { startIncidentBenchApp } from './incident-app';
import { fire, Measured, median } from './load';

const CONNECTIONS = arg('connections', 20);
const SECONDS = arg('seconds', 10);
const ROUNDS = arg('rounds', 1);

function line(label: string, result: Measured): string {
  return `${label.padEnd(40)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p99 ${String(result.latency.p99).padStart(4)} ms   CPU ${result.cpuMicrosPerRequest.toFixed(0).padStart(5)} µs/request   (${result.requests.total} requests, non-2xx ${result.non2xx})`;
}

async function main(): Promise<void> {
  const service = await startIncidentBenchApp();
  const barePrefix = `pat_bench_bare_${randomBytes(4).toString('hex')}`;
  const pool = new Pool({ connectionString: dbUrl(service.database), max: 10 });
  const queue = new Queue('bare', { connection: { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null }, prefix: barePrefix });
  const bareApp = Fastify();
  // Jobs the reference route adds after answering, as the service adds its own; awaited before the queue closes.
  const jobsAdding = new Set<Promise<unknown>>();
  try {
    await pool.query(`CREATE TABLE bare_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`CREATE TABLE bare_audit (id bigserial PRIMARY KEY, hash text NOT NULL, payload text NOT NULL)`);
    bareApp.post('/bare', async (request, reply) => {
      const { rows } = await pool.query<{ id: string }>(`INSERT INTO bare_reports (body) VALUES ($1) RETURNING id`, [request.body]);
      await queue.add('escalate', { id: rows[0].id }, { jobId: `${rows[0].id}-escalate`, delay: 86_400_000 });
      return reply.status(201).send(rows[0]);
    });
    const { processorId, affectedControllerIds } = JSON.parse(service.body) as { processorId: string; affectedControllerIds: string[] };
    bareApp.post('/seven-statements', async (request, reply) => {
      const client = await pool.connect();
      let id: string;
      try {
        await client.query('START TRANSACTION');
        await client.query(
          `SELECT EXISTS (SELECT 1 FROM processors WHERE id = $1) AS processor,
                  (SELECT json_agg(a.id) FROM processing_agreements a WHERE a.processor_id = $1 AND a.controller_id = ANY($2::uuid[])) AS agreements, now() AS stamp`,
          [processorId, affectedControllerIds],
        );
        ({ id } = (await client.query<{ id: string }>(`INSERT INTO bare_reports (body) VALUES ($1) RETURNING id`, [request.body])).rows[0]);
        await client.query(`SELECT id, events FROM webhooks WHERE enabled AND events && $1`, [['incident.created', '*']]);
        const payload = JSON.stringify(request.body);
        await client.query(`WITH l AS (SELECT pg_advisory_xact_lock(42), set_config('synchronous_commit', 'off', true)) INSERT INTO bare_audit (hash, payload) SELECT $1, $2 FROM l`, [
          createHmac('sha256', 'bench').update(payload).digest('hex'),
          payload,
        ]);
        await client.query('COMMIT');
        await client.query(`SELECT pg_logical_emit_message(true, 'bench', '')`);
      } finally {
        client.release();
      }
      const later = { delay: 86_400_000 };
      setImmediate(() => {
        const adding = queue.addBulk(['remind', 'escalate'].map((name) => ({ name, data: { id }, opts: { ...later, jobId: `${id}-${name}` } })));
        jobsAdding.add(adding);
        void adding.finally(() => jobsAdding.delete(adding));
      });
      return reply.status(201).send({ id });
    });
    const bareOrigin = await bareApp.listen({ port: 0, host: '127.0.0.1' });
    const load = (url: string, headers: Record<string, string>) => fire({ url, method: 'POST', body: service.body, headers, connections: CONNECTIONS, seconds: SECONDS });
    const ours = () => load(service.url, service.headers);
    const bare = () => load(`${bareOrigin}/bare`, { 'content-type': 'application/json' });
    const statementsAlone = () => load(`${bareOrigin}/seven-statements`, { 'content-type': 'application/json' });

    const warm = [await ours(), await bare(), await statementsAlone()];
    if (warm.some((r) => r.non2xx)) throw new Error(`non-2xx answers in the warm-up: ${warm.map((r) => r.non2xx).join(', ')}`);
    console.log(`POST at ${CONNECTIONS} connections for ${SECONDS} s, ${ROUNDS} round(s) after a warm-up run of each`);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const [service, base, seven] = [await ours(), await bare(), await statementsAlone()];
      if (service.non2xx || base.non2xx || seven.non2xx) throw new Error(`non-2xx answers: service ${service.non2xx}, bare ${base.non2xx}, seven statements ${seven.non2xx}`);
      console.log(line(`round ${round} service POST /api/v1/incidents`, service));
      console.log(line(`round ${round} bare Fastify INSERT + queue.add`, base));
      console.log(line(`round ${round} reference: seven statements alone`, seven));
      ratios.push(service.requests.average / base.requests.average);
      cpuRatios.push(base.cpuMicrosPerRequest / service.cpuMicrosPerRequest);
      console.log(
        `round ${round} ratio req/s ${ratios[round - 1].toFixed(2)}   CPU per request bare / service ${cpuRatios[round - 1].toFixed(2)}   ratio p99 ${(service.latency.p99 / base.latency.p99).toFixed(2)}`,
      );
      console.log(
        `round ${round} reference: seven statements alone / bare req/s ${(seven.requests.average / base.requests.average).toFixed(2)}, service / seven statements alone ${(service.requests.average / seven.requests.average).toFixed(2)}`,
      );
    }
    if (ROUNDS > 1) console.log(`median round: ratio req/s ${median(ratios).toFixed(2)}, CPU per request bare / service ${median(cpuRatios).toFixed(2)}`);
  } finally {
    await bareApp.close();
    await Promise.all(jobsAdding);
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
