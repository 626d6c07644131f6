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
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { redisOptionsFromUrl } from '../../src/config/redis-options';
import { DatabaseLocation } from '../../src/database/database.module';
import { REDIS_URL, arg, clearPrefix, dbUrl, onServer } from '../shared';

const ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';

const CONNECTIONS = arg('connections', 20);
const SECONDS = arg('seconds', 10);

function fire(url: string, body: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, connections: CONNECTIONS, duration: SECONDS });
}

async function main(): Promise<void> {
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  const barePrefix = `pat_bench_bare_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({ DATABASE_URL: dbUrl(database), REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error', WORKERS: 'on' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), workers: true }),
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = await app.getUrl();

  const pool = new Pool({ connectionString: dbUrl(database), max: 10 });
  const queue = new Queue('bare', { connection: { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null }, prefix: barePrefix });
  const bareApp = Fastify();
  try {
    const [{ id: processorId }] = (await pool.query(`INSERT INTO processors (name, country) VALUES ('Hosting BV', 'NL') RETURNING id`)).rows;
    const [{ id: controllerId }] = (await pool.query(`INSERT INTO data_controllers (name, country) VALUES ('Bakkerij Jansen', 'NL') RETURNING id`)).rows;
    await pool.query(
      `INSERT INTO processing_agreements (controller_id, processor_id, reference, status, effective_from, breach_notification_hours, purposes, data_categories, data_subject_categories, sub_processor_authorization, end_of_contract_action, end_of_contract_within_days)
       VALUES ($1, $2, 'VO-1', 'active', now() - interval '1 year', 24, '{hosting}', '{contact}', '{customers}', 'general', 'delete', 30)`,
      [controllerId, processorId],
    );
    await pool.query(`CREATE TABLE bare_reports (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const body = JSON.stringify({
      processorId,
      title: 'Mailbox export on a public share',
      description: 'An export of mailboxes was reachable without login.',
      awareAt: new Date(Date.now() - 60_000).toISOString(),
      nature: ['confidentiality'],
      dataCategories: ['name', 'e-mail'],
      affectedControllerIds: [controllerId],
      reporter: { name: 'Sam de Vries', email: 'sam@hosting.example' },
    });

    bareApp.post('/bare', async (request, reply) => {
      const { rows } = await pool.query(`INSERT INTO bare_reports (body) VALUES ($1) RETURNING id`, [request.body]);
      await queue.add('escalate', { id: rows[0].id }, { jobId: `${rows[0].id}-escalate`, delay: 86_400_000 });
      return reply.status(201).send(rows[0]);
    });
    const bareUrl = await bareApp.listen({ port: 0, host: '127.0.0.1' });

    const warm = await fire(`${appUrl}/api/v1/incidents`, body, { authorization: `Bearer ${ADMIN_KEY}` });
    if (warm.non2xx) throw new Error(`the app answered ${warm.non2xx} non-2xx responses`);
    const ours = await fire(`${appUrl}/api/v1/incidents`, body, { authorization: `Bearer ${ADMIN_KEY}` });
    await fire(`${bareUrl}/bare`, body, {});
    const base = await fire(`${bareUrl}/bare`, body, {});
    if (ours.non2xx || base.non2xx) throw new Error(`non-2xx answers: service ${ours.non2xx}, bare ${base.non2xx}`);

    console.log(`POST at ${CONNECTIONS} connections for ${SECONDS} s (after a warm-up run of each)`);
    console.log(`service POST /api/v1/incidents  ${ours.requests.average.toFixed(0).padStart(6)} req/s   p99 ${ours.latency.p99} ms   (${ours.requests.total} requests)`);
    console.log(`bare Fastify INSERT + queue.add  ${base.requests.average.toFixed(0).padStart(6)} req/s   p99 ${base.latency.p99} ms   (${base.requests.total} requests)`);
    console.log(`ratio req/s ${(ours.requests.average / base.requests.average).toFixed(2)}   ratio p99 ${(ours.latency.p99 / base.latency.p99).toFixed(2)}`);
  } finally {
    await bareApp.close();
    await app.close();
    await queue.close();
    await pool.end();
    await clearPrefix(prefix);
    await clearPrefix(barePrefix);
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
