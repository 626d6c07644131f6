/**
 * Deadline scheduler bench (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/deadlines/run.ts [--n 100000] [--sample 500] [--window-ms 20000] [--handover-ms 600000]
 *
 * Creates its own database and BullMQ prefixes, then:
 *  1. inserts N − sample deadlines due in 30 days and builds their jobs with the reconciler,
 *     reading Redis' memory before and after (bytes per pending deadline); then opens
 *     `sample` more due within the next seconds through openMany(), as a report does, and
 *     measures how late they fire with all N pending (missedAt − dueAt, through the full
 *     escalation: row lock, audit entry, outbox);
 *  2. deletes its prefix's keys (a Redis that came back empty) and times the reconciler
 *     rebuilding every job of the pending rows from Postgres;
 *  3. does the same with a bare BullMQ script on the same Redis: the same jobs with addBulk,
 *     a worker that only adds a deadline's next step, lateness = processing start − intended
 *     instant;
 *  4. builds the N − sample deadlines' jobs with bare addBulk in several shapes (a job per
 *     step, only the next step, shorter ids, slimmer options) and reads the memory each takes.
 * Prints both and the ratios, and drops everything it created.
 *
 * Memory is read two ways: `INFO memory` used_memory before and after, which also counts the
 * main key table but moves with whatever else uses this Redis meanwhile; and the sum of
 * `MEMORY USAGE` over the bench's own keys, which only sees them.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { RedisLocation } from '../../src/config/local-redis';
import { redisOptionsFromUrl } from '../../src/config/redis-options';
import { DatabaseLocation } from '../../src/database/database.module';
import { planDeadlineJobs, reminderInstant, reminderStep } from '../../src/deadlines/deadline-plan';
import { DeadlinesService } from '../../src/deadlines/deadlines.service';
import { JOB_OPTIONS, stepJobId } from '../../src/jobs/job-definition';
import { JobReconciler } from '../../src/jobs/job-reconciler';
import { BENCH_AUDIT_CHAIN_KEYS, REDIS_URL, arg, clearPrefix, dbUrl, onServer, percentile } from '../shared';

/**
 * The service's default steps, which the bare side plans with too. `--handover-ms` longer than
 * every window (say 1e12) queues every step at once: a job per step, on the same handlers.
 */
const HANDOVER_MS = arg('handover-ms', new AppConfig().DEADLINE_STEP_HANDOVER_MS);
const STEPS = { ...new AppConfig().deadlineSteps, handoverMs: HANDOVER_MS };
const FRACTIONS = STEPS.reminderFractions;
const LEAD_MS = 8_000;
const BULK = 2_000;

const N = arg('n', 100_000);
const SAMPLE = Math.min(arg('sample', 500), N);
const WINDOW_MS = arg('window-ms', 20_000);

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Row {
  id: string;
  startsAt: Date;
  dueAt: Date;
}

/**
 * The deadlines of the run, the same instants for the service and the bare script: the
 * background ones due in 30 days, built first; the sample due LEAD_MS..LEAD_MS+WINDOW_MS
 * after it is scheduled, so the build time does not count as lateness.
 */
function backgroundRows(now: number): Row[] {
  return Array.from({ length: N - SAMPLE }, (_, i) => ({ id: uuidOf(SAMPLE + i), startsAt: new Date(now), dueAt: new Date(now + 30 * 24 * 3_600_000 + i) }));
}

function sampleRows(now: number): Row[] {
  return Array.from({ length: SAMPLE }, (_, i) => ({ id: uuidOf(i), startsAt: new Date(now - 3_600_000), dueAt: new Date(now + LEAD_MS + Math.floor((i / SAMPLE) * WINDOW_MS)) }));
}

const uuidOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

interface Memory {
  /** `INFO memory` used_memory. */
  used: number;
  /** Σ `MEMORY USAGE` over the prefix's keys. */
  keys: number;
}

async function memory(redis: Redis, prefix: string): Promise<Memory> {
  const info = await redis.info('memory');
  const used = Number(/^used_memory:(\d+)/m.exec(info)![1]);
  let keys = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    const pipeline = redis.pipeline();
    for (const key of found) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, bytes] of (await pipeline.exec()) ?? []) if (!error) keys += Number(bytes);
    cursor = next;
  } while (cursor !== '0');
  return { used, keys };
}

/** Bytes per deadline between two readings, both ways. */
function perDeadline(before: Memory, after: Memory, deadlines: number): Memory {
  return { used: (after.used - before.used) / deadlines, keys: (after.keys - before.keys) / deadlines };
}

interface Measured {
  lateness: number[];
  build: number;
  rebuild: number;
  jobs: number;
  memory: Memory;
}

async function service(): Promise<Measured> {
  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({
    DATABASE_URL: dbUrl(database),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'error',
    WORKERS: 'on',
    RECONCILE_INTERVAL_MS: '3600000',
    DEADLINE_STEP_HANDOVER_MS: String(HANDOVER_MS),
  });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), redis: new RedisLocation(REDIS_URL), auditChainKeys: BENCH_AUDIT_CHAIN_KEYS, workers: true }),
    {
      logger: ['error'],
    },
  );
  await app.init();
  const pg = new Client({ connectionString: dbUrl(database) });
  await pg.connect();
  const redis = new Redis(redisOptionsFromUrl(REDIS_URL));
  try {
    const insert = async (rows: Row[]) => {
      for (let i = 0; i < rows.length; i += 10_000) {
        const chunk = rows.slice(i, i + 10_000);
        await pg.query(
          `INSERT INTO deadlines (id, kind, subject_type, subject_id, starts_at, due_at)
           SELECT id, 'dsr_response', 'data_subject_request', gen_random_uuid(), s, d FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(id, s, d)`,
          [chunk.map((r) => r.id), chunk.map((r) => r.startsAt), chunk.map((r) => r.dueAt)],
        );
      }
    };
    const reconciler = app.get(JobReconciler);
    // The boot reconcile runs on the empty table; a reconcile asked for meanwhile joins it.
    await reconciler.reconcile();
    await insert(backgroundRows(Date.now()));
    const empty = await memory(redis, prefix);
    let t0 = Date.now();
    const jobs = await reconciler.reconcile();
    const build = Date.now() - t0;
    const built = perDeadline(empty, await memory(redis, prefix), N - SAMPLE);

    // As a report opens them: in a transaction, their jobs added once it commits.
    const sample = sampleRows(Date.now());
    const deadlines = app.get(DeadlinesService);
    const opened = await app.get(DataSource).transaction((manager) =>
      deadlines.openMany(
        manager,
        sample.map((r) => ({ kind: 'dsr_response', subjectType: 'data_subject_request', subjectId: randomUUID(), startsAt: r.startsAt, dueAt: r.dueAt })),
      ),
    );

    const sampleIds = opened.map((d) => d.id);
    await waitUntil(
      'the sample to fire',
      async () => {
        const {
          rows: [{ n }],
        } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM deadlines WHERE id = ANY($1) AND status = 'missed'`, [sampleIds]);
        return n === SAMPLE;
      },
      LEAD_MS + WINDOW_MS + 300_000,
    );
    const { rows: late } = await pg.query(`SELECT extract(epoch FROM missed_at - due_at) * 1000 AS ms FROM deadlines WHERE id = ANY($1)`, [sampleIds]);

    await clearPrefix(prefix);
    t0 = Date.now();
    await reconciler.reconcile();
    const rebuild = Date.now() - t0;
    return { lateness: late.map((r: { ms: string }) => Number(r.ms)), build, rebuild, jobs, memory: built };
  } finally {
    redis.disconnect();
    await pg.end();
    await app.close();
    await clearPrefix(prefix);
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

interface BareJob {
  name: string;
  data: unknown;
  opts: JobsOptions;
}

/** The service's plan as bare jobs: its ids, data and options; the due instant rides along for the lateness. */
function planned(rows: Row[], remindersSent: (row: Row) => number[] = () => []): BareJob[] {
  const now = new Date();
  return rows.flatMap((r) =>
    planDeadlineJobs({ id: r.id, status: 'pending', startsAt: r.startsAt, dueAt: r.dueAt, remindersSent: remindersSent(r) }, STEPS, now).map((j) => ({
      name: j.job.name,
      data: { ...j.data, dueAt: r.dueAt.getTime() },
      opts: { ...JOB_OPTIONS, jobId: j.jobId, ...(j.delay ? { delay: j.delay } : {}), ...(j.job.priority ? { priority: j.job.priority } : {}) },
    })),
  );
}

async function addAll(queue: Queue, jobs: BareJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += BULK) await queue.addBulk(jobs.slice(i, i + BULK));
}

async function bare(): Promise<Measured> {
  const prefix = `pat_bench_bare_${randomBytes(4).toString('hex')}`;
  const connection = { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null };
  const queue = new Queue('deadlines', { connection, prefix });
  const redis = new Redis(redisOptionsFromUrl(REDIS_URL));
  const lateness: number[] = [];
  const sample = new Map<string, Row>();
  const worker = new Worker(
    'deadlines',
    async (job: Job<{ deadlineId: string; fraction?: number; dueAt?: number }>) => {
      if (job.name === 'escalate-deadline' && job.data.dueAt !== undefined && job.data.dueAt < Date.now() + 60_000) lateness.push(Date.now() - job.data.dueAt);
      // What the service's reminder adds when only the next step is scheduled: the one after it.
      const row = sample.get(job.data.deadlineId);
      const fraction = job.data.fraction;
      if (row && fraction !== undefined)
        await addAll(
          queue,
          planned([row], () => FRACTIONS.filter((f) => f <= fraction)),
        );
    },
    { connection, prefix, concurrency: 16 },
  );
  try {
    const background = backgroundRows(Date.now());
    const empty = await memory(redis, prefix);
    let t0 = Date.now();
    const jobs = planned(background);
    await addAll(queue, jobs);
    const build = Date.now() - t0;
    const built = perDeadline(empty, await memory(redis, prefix), background.length);
    const rows = sampleRows(Date.now());
    for (const row of rows) sample.set(row.id, row);
    await addAll(queue, planned(rows));
    await waitUntil('the bare sample to fire', () => Promise.resolve(lateness.length >= SAMPLE), LEAD_MS + WINDOW_MS + 300_000);
    await worker.pause();
    await clearPrefix(prefix);
    t0 = Date.now();
    await addAll(queue, planned(background));
    const rebuild = Date.now() - t0;
    return { lateness, build, rebuild, jobs: jobs.length, memory: built };
  } finally {
    await worker.close(true);
    await queue.close();
    redis.disconnect();
    await clearPrefix(prefix);
  }
}

/** The service's data alone, without what the bench adds for its lateness. */
function withoutDue(data: unknown): unknown {
  const { deadlineId, fraction } = data as { deadlineId: string; fraction?: number };
  return fraction === undefined ? { deadlineId } : { deadlineId, fraction };
}

/** A UUID's 16 bytes in base64url: 22 characters instead of 36. */
const shortId = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');

/** Shapes of the background deadlines' jobs, each built on its own prefix with bare addBulk. */
const SHAPES: { name: string; jobs: (rows: Row[]) => BareJob[] }[] = [
  {
    name: 'a job per step (3 reminders + escalation)',
    jobs: (rows) => {
      const now = Date.now();
      return rows.flatMap((r) => [
        ...FRACTIONS.map((fraction) => ({
          name: 'fire-reminder',
          data: { deadlineId: r.id, fraction },
          opts: { ...JOB_OPTIONS, jobId: stepJobId(r.id, reminderStep(fraction)), delay: reminderInstant(r.startsAt, r.dueAt, fraction).getTime() - now },
        })),
        { name: 'escalate-deadline', data: { deadlineId: r.id }, opts: { ...JOB_OPTIONS, jobId: stepJobId(r.id, 'escalate'), delay: r.dueAt.getTime() - now } },
      ]);
    },
  },
  {
    name: 'only the next step',
    jobs: (rows) => rows.flatMap((r) => planned([r]).slice(0, 1)).map(({ name, data, opts }) => ({ name, data: withoutDue(data), opts })),
  },
  {
    name: 'next step, 22-character ids',
    jobs: (rows) => SHAPES[1].jobs(rows).map((j) => ({ ...j, opts: { ...j.opts, jobId: j.opts.jobId!.replace(/^[0-9a-f-]{36}/, shortId) } })),
  },
  {
    name: 'next step, removeOn* true',
    jobs: (rows) => SHAPES[1].jobs(rows).map((j) => ({ ...j, opts: { ...j.opts, removeOnComplete: true, removeOnFail: true } })),
  },
];

async function shapes(): Promise<{ name: string; jobs: number; build: number; memory: Memory }[]> {
  const connection = { ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null };
  const redis = new Redis(redisOptionsFromUrl(REDIS_URL));
  const measured = [];
  try {
    for (const shape of SHAPES) {
      const prefix = `pat_bench_shape_${randomBytes(4).toString('hex')}`;
      const queue = new Queue('deadlines', { connection, prefix });
      try {
        const background = backgroundRows(Date.now());
        const jobs = shape.jobs(background);
        const empty = await memory(redis, prefix);
        const t0 = Date.now();
        await addAll(queue, jobs);
        const build = Date.now() - t0;
        measured.push({ name: shape.name, jobs: jobs.length, build, memory: perDeadline(empty, await memory(redis, prefix), background.length) });
      } finally {
        await queue.close();
        await clearPrefix(prefix);
      }
    }
  } finally {
    redis.disconnect();
  }
  return measured;
}

async function main(): Promise<void> {
  console.log(`N=${N} pending deadlines, sample=${SAMPLE} due over ${WINDOW_MS} ms, reminders at ${FRACTIONS.join('/')}, handover ${HANDOVER_MS} ms`);
  const ours = await service();
  const base = await bare();
  const sizes = await shapes();
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const bytes = (m: Memory) => `${m.used.toFixed(0).padStart(6)} B (INFO)  ${m.keys.toFixed(0).padStart(6)} B (keys)`;
  const line = (label: string, a: number, b: number) => console.log(`${label.padEnd(26)} service ${fmt(a).padStart(10)}   bare BullMQ ${fmt(b).padStart(10)}   ratio ${(a / b).toFixed(2)}`);
  console.log(`jobs                       service ${String(ours.jobs).padStart(10)}   bare BullMQ ${String(base.jobs).padStart(10)}`);
  line('firing lateness median', percentile(ours.lateness, 50), percentile(base.lateness, 50));
  line('firing lateness p99', percentile(ours.lateness, 99), percentile(base.lateness, 99));
  line('initial build', ours.build, base.build);
  line('rebuild after flush', ours.rebuild, base.rebuild);
  console.log(`Redis memory per pending deadline (${N - SAMPLE} built):`);
  console.log(`  ${'service'.padEnd(44)} ${bytes(ours.memory)}`);
  console.log(`  ${'bare, the same jobs'.padEnd(44)} ${bytes(base.memory)}`);
  const [everyStep] = sizes;
  for (const shape of sizes) {
    console.log(
      `  ${`bare, ${shape.name}`.padEnd(44)} ${bytes(shape.memory)}   ${String(shape.jobs).padStart(7)} jobs built in ${fmt(shape.build).padStart(9)}   keys ratio to a job per step ${(shape.memory.keys / everyStep.memory.keys).toFixed(2)}`,
    );
  }
  console.log(`rebuild after flush against bare addBulk of a job per step: ratio ${(ours.rebuild / everyStep.build).toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
