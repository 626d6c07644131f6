/**
 * The 201 of a breach at shared infrastructure, alone (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/scope.ts [--controllers 20000] [--reports 3] [--profile /tmp/scope.cpuprofile]
 *
 * Boots the real app with workers off (so nothing is delivered and the time measured is the
 * report's alone) and an SMTP_URL, so the report builds its e-mails as it does in production;
 * seeds `controllers` controllers, each with a contact address and an agreement in force, and
 * a webhook subscribed to every event; then reports `reports` breaches, one after the other,
 * each for `affectedScope: { allControllersOfProcessor: true }`, from a process of its own
 * (`../timed-request.ts`). Prints the time to each 201 and to the last byte of its body,
 * the statements one report sends and the client's wait on each. `--profile` writes a CPU
 * profile of the reports alone. `bench/breach-scope/run.ts` measures the same 201 with
 * delivery running beside it.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { RedisLocation } from '../../src/config/local-redis';
import { DatabaseLocation } from '../../src/database/database.module';
import { incidentBody } from '../../test/factories';
import { arg, BENCH_AUDIT_CHAIN_KEYS, clearPrefix, dbUrl, onServer, REDIS_URL, seedSharedInfrastructure } from '../shared';
import { ADMIN_KEY } from './incident-app';
import { timedRequest } from '../timed-request';
import { StatementCount } from './statement-count';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const CONTROLLERS = arg('controllers', 20_000);
const REPORTS = arg('reports', 3);
const profileAt = process.argv.indexOf('--profile');
const profileTo = profileAt > 0 ? process.argv[profileAt + 1] : undefined;

async function main(): Promise<void> {
  const statements = new StatementCount();
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({
    DATABASE_URL: dbUrl(database),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'error',
    WORKERS: 'off',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_FROM: 'tracker@hosting.example',
    OFFICER_EMAIL: 'fg@hosting.example',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), redis: new RedisLocation(REDIS_URL), auditChainKeys: BENCH_AUDIT_CHAIN_KEYS, workers: false }),
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = await app.getUrl();
  const base = `${origin}/api/v1`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
  try {
    const { processorId } = await seedSharedInfrastructure(database, CONTROLLERS);
    const hook = await fetch(`${base}/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: 'http://127.0.0.1:9/events', events: ['*'], secret: 'bench-secret-0123456789' }) });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${await hook.text()}`);

    const body = JSON.stringify(incidentBody({ processorId, affectedControllerIds: undefined, affectedScope: { allControllersOfProcessor: true }, title: 'Mail platform compromised' }));
    const profiler = new Session();
    if (profileTo) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    console.log(`${CONTROLLERS} controllers, load average ${loadavg()[0].toFixed(2)}`);
    statements.counting = true;
    for (let i = 0; i < REPORTS; i++) {
      const res = await timedRequest({ url: `${base}/incidents`, method: 'POST', headers, body, warmUpUrl: `${origin}/health` });
      if (res.status !== 201) throw new Error(`report: ${res.status} ${res.text.slice(0, 500)}`);
      const answer = JSON.parse(res.text) as { deadlines?: unknown[] };
      console.log(
        `  report ${i + 1}: 201 after ${seconds(res.headersAfter)}, its body of ${(res.text.length / 1e6).toFixed(1)} MB received after ${seconds(res.bodyAfter)}; ${answer.deadlines?.length} deadlines, load ${loadavg()[0].toFixed(2)}`,
      );
      // The jobs are added after the answer; let them go out before the next report is timed.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    statements.counting = false;
    if (profileTo) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      profiler.disconnect();
      console.log(`CPU profile of the reports: ${profileTo}`);
    }
    statements.print(REPORTS);
  } finally {
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
