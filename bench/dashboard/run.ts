/**
 * Dashboard page latency bench (not part of the test suite).
 *
 *   npm run bench:dashboard -- [--deadlines 100000] [--agreements 10000] [--requests 200] [--only Agreements]
 *
 * Boots the real app (workers off: only page reads run) on its own database, seeded with
 * `agreements` controllers each with an agreement in force, and breaches affecting them
 * whose controller-notification clocks make `deadlines` pending deadlines (100 controllers
 * per breach; due from 2 hours ago to 30 days ahead, so Today has overdue ones and a full
 * week). Signs in through the form, then asks each view `requests` times, one request at a
 * time after 20 warm-up requests, and prints p50/p95/p99 per view with the machine's load.
 * The baseline, in the same run and the same way: the API's JSON of the same reads
 * (`GET /api/v1/deadlines?status=pending&sort=dueAt`, `GET /api/v1/incidents`,
 * `GET /api/v1/incidents/:id`, the Art. 28(3) gaps for the agreements' portfolio, the audit
 * chain's verification for its page, …), and the ratio page / API. Goal: every page ≤ 200 ms p95.
 * The API's gaps answer lists every agreement under each gap it misses (megabytes at 10,000
 * agreements); its own baseline is those very bytes served by a bare `node:http` server in this
 * process and read the same way: what moving the answer costs, whatever builds it.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { RedisLocation } from '../../src/config/local-redis';
import { DatabaseLocation } from '../../src/database/database.module';
import { seedAgreements, seedControllers, seedIncident, seedProcessor } from '../../test/factories';
import { arg, BENCH_AUDIT_CHAIN_KEYS, clearPrefix, dbUrl, onServer, percentile, REDIS_URL } from '../shared';

const DEADLINES = arg('deadlines', 100_000);
const AGREEMENTS = arg('agreements', 10_000);
const REQUESTS = arg('requests', 200);
/** `--only <text>`: only the views whose label contains it (the seed is the same). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const WARM_UP = 20;
const PER_BREACH = 100;
const ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function seed(db: Client): Promise<{ breachId: string; agreementId: string }> {
  const processorId = await seedProcessor(db, { name: 'Hosting BV' });
  const controllers = await seedControllers(db, AGREEMENTS, (i) => ({ name: `Klant ${i + 1} BV` }));
  const [agreementId] = await seedAgreements(
    db,
    controllers.map((controllerId) => ({ controllerId, processorId })),
  );
  const breaches = Math.ceil(DEADLINES / PER_BREACH);
  const now = Date.now();
  let firstBreach = '';
  for (let b = 0; b < breaches; b++) {
    const affected = Array.from({ length: Math.min(PER_BREACH, DEADLINES - b * PER_BREACH) }, (_, i) => controllers[(b * PER_BREACH + i) % controllers.length]);
    const id = await seedIncident(db, { processorId, awareAt: new Date(now - 30 * 86_400_000), controllerIds: affected });
    firstBreach ||= id;
  }
  // One controller notification per affected controller, a 24-hour clock due from 2 hours ago to 30 days ahead.
  await db.query(
    `INSERT INTO deadlines (id, kind, subject_type, subject_id, controller_id, starts_at, due_at, status)
     SELECT gen_random_uuid(), 'controller_notification', 'incident', d.incident_id, d.controller_id, d.due - interval '24 hours', d.due, 'pending'
       FROM (SELECT incident_id, controller_id, now() - interval '2 hours' + random() * interval '30 days' AS due FROM incident_controllers) d`,
    [],
  );
  // What autovacuum does after this many inserts: statistics, and the visibility map index-only scans rely on.
  await db.query('VACUUM ANALYZE', []);
  return { breachId: firstBreach, agreementId };
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
}

async function time(url: string, headers: Record<string, string>): Promise<Timing> {
  const measure = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UP; i++) await measure();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) samples.push(await measure());
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

async function main(): Promise<void> {
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({ DATABASE_URL: dbUrl(database), REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error', WORKERS: 'off' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), redis: new RedisLocation(REDIS_URL), auditChainKeys: BENCH_AUDIT_CHAIN_KEYS, workers: false }),
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = await app.getUrl();
  const db = new Client({ connectionString: dbUrl(database) });
  await db.connect();
  try {
    const seeding = performance.now();
    const { breachId, agreementId } = await seed(db);
    const [{ pending }] = (await db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM deadlines WHERE status = 'pending'`)).rows;
    console.log(`seeded ${AGREEMENTS} agreements, ${pending} pending deadlines in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const signIn = await fetch(`${origin}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${ADMIN_KEY}`, redirect: 'manual' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    if (signIn.status !== 303 || !cookie.startsWith('pat_session=')) throw new Error(`sign-in answered ${signIn.status}`);
    const page = { cookie };
    const api = { authorization: `Bearer ${ADMIN_KEY}` };

    // The second page of Today, through the cursor the first page links to.
    const first = await (await fetch(`${origin}/`, { headers: page })).text();
    const cursor = /href="\/\?cursor=([^"]+)"/.exec(first)?.[1];
    if (!cursor) throw new Error('Today has no second page');
    const views: [label: string, path: string, apiPath: string | null][] = [
      ['Today (/)', '/', '/api/v1/deadlines?status=pending&sort=dueAt&limit=50'],
      ['Today, page 2', `/?cursor=${cursor}`, null],
      ['Breaches (/breaches)', '/breaches', '/api/v1/incidents'],
      ['One breach (/breaches/:id)', `/breaches/${breachId}`, `/api/v1/incidents/${breachId}`],
      ['AP draft (/breaches/:id/authority-draft)', `/breaches/${breachId}/authority-draft`, `/api/v1/incidents/${breachId}/authority-draft`],
      ['Agreements (/agreements)', '/agreements', '/api/v1/agreements/gaps'],
      ['One agreement (/agreements/:id)', `/agreements/${agreementId}`, `/api/v1/agreements/${agreementId}`],
      ['Sub-processors (/sub-processors)', '/sub-processors', '/api/v1/sub-processors/objections?open=true'],
      ['Requests (/requests)', '/requests', '/api/v1/data-subject-requests?sort=dueAt'],
      ['Retention (/retention)', '/retention', '/api/v1/retention-policies'],
      ['Audit (/audit)', '/audit', '/api/v1/audit-log/verify'],
    ];

    console.log(`load before: ${load()}`);
    console.log(`${'view'.padEnd(42)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}   ${'API p95'.padStart(9)}   page/API p95`);
    for (const [label, path, apiPath] of views.filter(([label]) => label.includes(ONLY))) {
      const html = await time(`${origin}${path}`, page);
      const json = apiPath ? await time(`${origin}${apiPath}`, api) : null;
      console.log(`${label.padEnd(42)} ${ms(html.p50)} ${ms(html.p95)} ${ms(html.p99)}   ${json ? ms(json.p95) : '        –'}   ${json ? (html.p95 / json.p95).toFixed(2) : '–'}   (load ${load()})`);
    }
    if ('Agreements (/agreements)'.includes(ONLY)) {
      const answer = Buffer.from(await (await fetch(`${origin}/api/v1/agreements/gaps`, { headers: api })).arrayBuffer());
      const served = await time(`${origin}/api/v1/agreements/gaps`, api);
      const bare = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(answer));
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      try {
        const floor = await time(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, {});
        const label = `gaps API, ${(answer.length / 1e6).toFixed(1)} MB`;
        console.log(`${label.padEnd(42)} ${ms(served.p50)} ${ms(served.p95)} ${ms(served.p99)}   (load ${load()})`);
        console.log(`${'  the same bytes, bare node:http'.padEnd(42)} ${ms(floor.p50)} ${ms(floor.p95)} ${ms(floor.p99)}   API/bare p95 ${(served.p95 / floor.p95).toFixed(2)}   (load ${load()})`);
      } finally {
        await new Promise((resolve) => bare.close(resolve));
      }
    }
  } finally {
    await db.end();
    await app.close();
    await clearPrefix(prefix);
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
