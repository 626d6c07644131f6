/**
 * Where one breach report spends its time (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/profile.ts [--connections 1] [--seconds 10]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/api/profile.ts
 *
 * Boots the app as bench/api/run.ts does, sends reports with autocannon and prints the
 * SQL statements one report sends (counted on the pg client, so every round trip counts)
 * and how long the client waited on each kind of statement.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { DatabaseLocation } from '../../src/database/database.module';
import { REDIS_URL, arg, clearPrefix, dbUrl, onServer } from '../shared';

const ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';

const CONNECTIONS = arg('connections', 1);
const SECONDS = arg('seconds', 10);

/** Statement text with literals and parameter lists folded, so equal statements group. */
function shape(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/'[^']*'/g, '?').replace(/\$\d+(, \$\d+)*/g, '$n').slice(0, 110);
}

const stats = new Map<string, { count: number; ms: number }>();
let counting = false;

function countQueries(): void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
    const result = original.apply(this, args);
    if (!counting || !(result instanceof Promise)) return result;
    const started = performance.now();
    return result.finally(() => {
      const entry = stats.get(shape(text)) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      stats.set(shape(text), entry);
    });
  };
}

async function main(): Promise<void> {
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  countQueries();
  const config = loadConfig({ DATABASE_URL: dbUrl(database), REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error', WORKERS: 'on' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), workers: true }),
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${await app.getUrl()}/api/v1/incidents`;
  const seed = new Client({ connectionString: dbUrl(database) });
  await seed.connect();
  try {
    const [{ id: processorId }] = (await seed.query(`INSERT INTO processors (name, country) VALUES ('Hosting BV', 'NL') RETURNING id`)).rows;
    const [{ id: controllerId }] = (await seed.query(`INSERT INTO data_controllers (name, country) VALUES ('Bakkerij Jansen', 'NL') RETURNING id`)).rows;
    await seed.query(
      `INSERT INTO processing_agreements (controller_id, processor_id, reference, status, effective_from, breach_notification_hours, purposes, data_categories, data_subject_categories, sub_processor_authorization, end_of_contract_action, end_of_contract_within_days)
       VALUES ($1, $2, 'VO-1', 'active', now() - interval '1 year', 24, '{hosting}', '{contact}', '{customers}', 'general', 'delete', 30)`,
      [controllerId, processorId],
    );
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
    const fire = () =>
      autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, connections: CONNECTIONS, duration: SECONDS });
    await fire();
    counting = true;
    const result = await fire();
    counting = false;
    const reports = result.requests.total;
    console.log(`${reports} reports at ${CONNECTIONS} connection(s): ${result.requests.average.toFixed(0)} req/s, mean ${result.latency.average} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    let perReport = 0;
    for (const [sql, { count, ms }] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
      perReport += count / reports;
      console.log(`${(count / reports).toFixed(2).padStart(6)} x  ${(ms / count).toFixed(2).padStart(6)} ms  ${sql}`);
    }
    console.log(`${perReport.toFixed(1)} statements per report`);
  } finally {
    await seed.end();
    await app.close();
    await clearPrefix(prefix);
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
