/**
 * Retention sweep bench (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/retention/run.ts [--n 1000000] [--batch 5000] [--controllers 10000] [--budget-ms 250] [--baselines-first]
 *
 * Creates and migrates its own database and seeds it once with `n` records past their term
 * and `n` within it — contacts and invoices in equal parts, interleaved on disk, each with
 * its controller (foreign key) and an ended agreement per controller, so the sweep's live-
 * agreement and legal-hold checks have rows to look at. Then, each on its own copy of that
 * database (CREATE DATABASE … TEMPLATE, then CHECKPOINT), with the same cut-off:
 *  1. the sweep as a run does it (tally + batches sized to the time budget, each with its
 *     ledger row), both policies on `delete`;
 *  2. the batched loop a tuned script would write,
 *     `WITH v AS (SELECT id … WHERE anonymized_at IS NULL AND <date> < cutoff LIMIT batch FOR UPDATE SKIP LOCKED)
 *      DELETE … USING v`, without holds, live agreements or ledger;
 *  3. one unbatched `DELETE … WHERE anonymized_at IS NULL AND <date> < cutoff` per table.
 * Prints rows/s of each, the sweep's ratio to both baselines and the longest single batch,
 * checks that all three erased exactly the due records and kept the others, and drops its
 * databases.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { clientControllersSql } from '../../src/agreements/agreement-status';
import { CONTACT_RETENTION, INVOICE_RETENTION } from '../../src/data-controllers/data-controllers.retention';
import { retentionCutoff } from '../../src/retention/retention-period';
import { RetentionPolicy } from '../../src/retention/retention-policy.entity';
import { RetentionSweepService } from '../../src/retention/retention-sweep.service';
import { RetentionTargets } from '../../src/retention/retention-target';
import { seedAgreements, seedControllers, seedProcessor } from '../../test/factories';
import { arg, dbUrl, withServer } from '../shared';

const N = arg('n', 1_000_000);
const BATCH = arg('batch', 5_000);
const CONTROLLERS = arg('controllers', 10_000);
const BUDGET_MS = arg('budget-ms', 250);
const BASELINES_FIRST = process.argv.includes('--baselines-first') || process.argv.includes('--bare-first');
const CATEGORIES = ['contact', 'invoice'] as const;
const TARGETS = new RetentionTargets();
TARGETS.register(INVOICE_RETENTION, CONTACT_RETENTION);
TARGETS.useClientControllers(clientControllersSql('$2'));

/** Even i is past its term, odd i within it. */
async function seed(db: Client): Promise<void> {
  const controllerIds = await seedControllers(db, CONTROLLERS);
  const processorId = await seedProcessor(db);
  await seedAgreements(
    db,
    controllerIds.map((controllerId) => ({ controllerId, processorId, effectiveFrom: '2015-01-01T00:00:00Z', endsAt: '2019-01-01T00:00:00Z' })),
  );
  await db.query(`INSERT INTO legal_holds (controller_id, reason, placed_at, placed_by_id, placed_by_name, released_at, released_by_id, released_by_name)
    SELECT id, 'released long ago', '2020-01-01', 'bench', 'bench', '2020-02-01', 'bench', 'bench' FROM data_controllers LIMIT 10`);
  const half = N / 2;
  for (const [table, columns, values] of [
    [
      'contacts',
      'controller_id, name, email, phone, last_activity_at',
      `'Person ' || i, 'p' || i || '@example.nl', '+31600000000',
       CASE WHEN i % 2 = 0 THEN timestamptz '2019-01-01' + (i % 1500) * interval '1 day'
            ELSE now() - (i % 300) * interval '1 day' END`,
    ],
    [
      'invoices',
      'controller_id, number, issued_at, amount_cents, billing_name, billing_address, billing_email',
      `'B-' || i, CASE WHEN i % 2 = 0 THEN timestamptz '2012-01-01' + (i % 2500) * interval '1 day'
                       ELSE timestamptz '2021-01-01' + (i % 1500) * interval '1 day' END,
       1000 + i % 100000, 'Person ' || i, 'Street ' || i, 'p' || i || '@example.nl'`,
    ],
  ] as const) {
    await db.query(
      `INSERT INTO ${table} (${columns})
       SELECT c.ids[1 + (i % $2)], ${values}
       FROM generate_series(1, $1::int) i, (SELECT array_agg(id) AS ids FROM data_controllers) c`,
      [2 * half, CONTROLLERS],
    );
  }
  await db.query('VACUUM ANALYZE');
}

interface Result {
  erased: number;
  seconds: number;
  longestBatchMs: number;
  batches: number;
}

async function runSweep(dataSource: DataSource, now: Date): Promise<Result> {
  await dataSource.query(`UPDATE retention_policies SET action = 'delete' WHERE category IN ('contact', 'invoice')`);
  const policies = await dataSource.query<RetentionPolicy[]>(`SELECT id, category, period, anchor, action FROM retention_policies`);
  const [{ id: runId }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO retention_runs (dry_run, trigger, status, requested_by_id, requested_by_name, requested_by_role) VALUES (false, 'manual', 'running', 'bench', 'bench', 'system') RETURNING id`,
  );
  const sweep = new RetentionSweepService(dataSource, TARGETS, loadConfig({ RETENTION_BATCH_BUDGET_MS: String(BUDGET_MS) }));
  let longest = 0;
  let batches = 0;
  let erased = 0;
  const started = performance.now();
  for (const category of CATEGORIES) {
    const policy = policies.find((p) => p.category === category)!;
    await sweep.tally(TARGETS.get(category), policy, now, false);
    erased += await sweep.erase(TARGETS.get(category), policy, runId, now, {
      onBatch: ({ elapsedMs }) => {
        batches += 1;
        longest = Math.max(longest, elapsedMs);
      },
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const [{ ledger }] = await dataSource.query<{ ledger: number }[]>(`SELECT sum(record_count)::int AS ledger FROM erasure_ledger WHERE run_id = $1`, [runId]);
  if (ledger !== erased) throw new Error(`ledger says ${ledger}, sweep says ${erased}`);
  return { erased, seconds, longestBatchMs: longest, batches };
}

async function runBatchedLoop(db: Client, now: Date, policies: RetentionPolicy[]): Promise<Result> {
  let longest = 0;
  let batches = 0;
  let erased = 0;
  const started = performance.now();
  for (const category of CATEGORIES) {
    const target = TARGETS.get(category);
    const policy = policies.find((p) => p.category === category)!;
    const cutoff = retentionCutoff(policy.anchor, policy.period, now);
    for (;;) {
      const t0 = performance.now();
      // The same index-served predicate as the sweep (the date indexes are partial on anonymized_at IS NULL), in the batch
      // form a tuned loop uses: the batch's ids in a CTE, deleted through the primary key (`id IN (SELECT … LIMIT n)` is
      // planned as a hash semi-join over the whole table for every batch, which flatters whatever it is compared with).
      const { rowCount } = await db.query(
        `WITH v AS (SELECT x.id FROM ${target.table} x WHERE ${target.personal} AND ${target.dateColumn} < $1 LIMIT $2 FOR UPDATE SKIP LOCKED) DELETE FROM ${target.table} t USING v WHERE t.id = v.id`,
        [cutoff, BATCH],
      );
      longest = Math.max(longest, performance.now() - t0);
      batches += 1;
      erased += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
    }
  }
  return { erased, seconds: (performance.now() - started) / 1000, longestBatchMs: longest, batches };
}

async function runSingleDelete(db: Client, now: Date, policies: RetentionPolicy[]): Promise<Result> {
  let longest = 0;
  let erased = 0;
  const started = performance.now();
  for (const category of CATEGORIES) {
    const target = TARGETS.get(category);
    const policy = policies.find((p) => p.category === category)!;
    const cutoff = retentionCutoff(policy.anchor, policy.period, now);
    const t0 = performance.now();
    const { rowCount } = await db.query(`DELETE FROM ${target.table} x WHERE ${target.personal} AND x.${target.dateColumn} < $1`, [cutoff]);
    longest = Math.max(longest, performance.now() - t0);
    erased += rowCount ?? 0;
  }
  return { erased, seconds: (performance.now() - started) / 1000, longestBatchMs: longest, batches: CATEGORIES.length };
}

type Contender = 'sweep' | 'batched' | 'single';
const LABEL: Record<Contender, string> = { sweep: 'sweep', batched: 'batched CTE loop', single: 'single DELETE' };

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const seeded = `pat_bench_retention_${suffix}`;
  const copies: string[] = [];
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  await withServer((c) => c.query(`CREATE DATABASE ${seeded}`));
  try {
    const migrator = await new DataSource(dataSourceOptions(dbUrl(seeded))).initialize();
    await runMigrationsLocked(migrator);
    const policies = await migrator.query<RetentionPolicy[]>(`SELECT id, category, period, anchor, action FROM retention_policies`);
    await migrator.destroy();
    const now = new Date();
    const due = N;
    console.log(`retention bench: ${N} past their term + ${N} within it (contacts and invoices, half each), ${CONTROLLERS} controllers; sweep budget ${BUDGET_MS} ms, batched loop ${BATCH} rows`);
    console.log(`load average at start: ${load()}`);
    const t0 = performance.now();
    const seeder = new Client({ connectionString: dbUrl(seeded) });
    await seeder.connect();
    await seed(seeder).finally(() => seeder.end());
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Whichever runs later finds the server warmer and its WAL busier; --baselines-first swaps the order.
    const order: Contender[] = BASELINES_FIRST ? ['batched', 'single', 'sweep'] : ['sweep', 'batched', 'single'];
    const results: Partial<Record<Contender, Result & { kept: number }>> = {};
    for (const which of order) {
      const database = `${seeded}_${which}`;
      copies.push(database);
      await withServer((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${seeded} STRATEGY FILE_COPY`));
      const db = new Client({ connectionString: dbUrl(database) });
      await db.connect();
      const dataSource = which === 'sweep' ? await new DataSource(dataSourceOptions(dbUrl(database))).initialize() : undefined;
      try {
        await db.query('CHECKPOINT');
        const result = which === 'sweep' ? await runSweep(dataSource!, now) : which === 'batched' ? await runBatchedLoop(db, now, policies) : await runSingleDelete(db, now, policies);
        const kept = Number((await db.query<{ n: string }>(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM invoices) AS n`)).rows[0].n);
        results[which] = { ...result, kept };
        console.log(
          `${LABEL[which].padEnd(17)} erased ${result.erased} in ${result.seconds.toFixed(2)} s = ${Math.round(result.erased / result.seconds)} rows/s; ${result.batches} batches, longest ${result.longestBatchMs.toFixed(0)} ms (load ${load()})`,
        );
      } finally {
        await db.end().catch(() => undefined);
        await dataSource?.destroy();
      }
    }
    const rate = (r: Result) => r.erased / r.seconds;
    const sweep = results.sweep!;
    console.log(`sweep / batched CTE loop = ${(rate(sweep) / rate(results.batched!)).toFixed(2)} (goal ≥ 0.9)`);
    console.log(`sweep / single DELETE    = ${(rate(sweep) / rate(results.single!)).toFixed(2)} (goal ≥ 0.5)`);
    console.log(`longest sweep batch ${sweep.longestBatchMs.toFixed(0)} ms (goal ≤ 1000); load average at end: ${load()}`);
    for (const which of order) {
      const r = results[which]!;
      if (r.erased !== due || r.kept !== N) throw new Error(`${LABEL[which]} erased ${r.erased} and kept ${r.kept}, expected ${due} and ${N}`);
    }
  } finally {
    for (const database of [...copies, seeded]) await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
