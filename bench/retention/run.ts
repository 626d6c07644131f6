/**
 * Retention sweep bench (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/retention/run.ts [--n 1000000] [--batch 5000] [--controllers 10000] [--bare-first]
 *
 * Creates and migrates its own database, then twice seeds `n` records past their term and
 * `n` within it — contacts and invoices in equal parts, interleaved on disk, each with its
 * controller (foreign key) and an ended agreement per controller, so the sweep's live-
 * agreement and legal-hold checks have rows to look at:
 *  1. runs the sweep (tally + batched erase + ledger rows, as a run does) with both
 *     policies on `delete`;
 *  2. reseeds the same data and runs a bare SQL loop, batched as a tuned loop is,
 *     `WITH v AS (SELECT id … WHERE anonymized_at IS NULL AND <date> < cutoff LIMIT batch FOR UPDATE SKIP LOCKED)
 *      DELETE … USING v`, the same index-served predicate without holds, live agreements or ledger.
 * Prints rows/s of each, their ratio and the longest single batch, checks that both
 * erased exactly the due records, and drops the database.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
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
const BARE_FIRST = process.argv.includes('--bare-first');
const CATEGORIES = ['contact', 'invoice'] as const;
const TARGETS = new RetentionTargets();
TARGETS.register(INVOICE_RETENTION, CONTACT_RETENTION);
TARGETS.useClientControllers(clientControllersSql('$2'));

/** Same rows every time: even i is past its term, odd i within it. */
async function seed(db: Client): Promise<void> {
  await db.query('TRUNCATE contacts, invoices, erasure_ledger, retention_runs, processing_agreements, data_controllers CASCADE');
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
  await db.query('CHECKPOINT');
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
  const sweep = new RetentionSweepService(dataSource, TARGETS, loadConfig({ RETENTION_BATCH_SIZE: String(BATCH) }));
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

async function runBareLoop(db: Client, now: Date, policies: RetentionPolicy[]): Promise<Result> {
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

async function main(): Promise<void> {
  const database = `pat_bench_retention_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${database}`));
  const dataSource = await new DataSource(dataSourceOptions(dbUrl(database))).initialize();
  const db = new Client({ connectionString: dbUrl(database) });
  try {
    await runMigrationsLocked(dataSource);
    await db.connect();
    const now = new Date();
    const due = N / 2 + N / 2;
    console.log(`retention bench: ${N} past their term + ${N} within it (contacts and invoices, half each), ${CONTROLLERS} controllers, batch ${BATCH}`);

    const policies = await dataSource.query<RetentionPolicy[]>(`SELECT id, category, period, anchor, action FROM retention_policies`);
    const remaining = async () => Number((await db.query<{ n: string }>(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM invoices) AS n`)).rows[0].n);
    // Whichever runs second finds the server warmer and its WAL busier; --bare-first swaps them.
    const order = BARE_FIRST ? (['bare', 'sweep'] as const) : (['sweep', 'bare'] as const);
    const results: Partial<Record<'sweep' | 'bare', Result & { kept: number }>> = {};
    for (const which of order) {
      const t0 = performance.now();
      await seed(db);
      console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const result = which === 'sweep' ? await runSweep(dataSource, now) : await runBareLoop(db, now, policies);
      results[which] = { ...result, kept: await remaining() };
    }
    const sweep = results.sweep!;
    const bare = results.bare!;
    const keptAfterSweep = sweep.kept;
    const keptAfterBare = bare.kept;

    const rate = (r: Result) => r.erased / r.seconds;
    const line = (name: string, r: Result) =>
      `${name.padEnd(10)} erased ${r.erased} in ${r.seconds.toFixed(2)} s = ${Math.round(rate(r))} rows/s; ${r.batches} batches, longest ${r.longestBatchMs.toFixed(0)} ms`;
    console.log(line('sweep', sweep));
    console.log(line('bare SQL', bare));
    console.log(`ratio sweep/bare = ${(rate(sweep) / rate(bare)).toFixed(2)} (goal ≥ 0.8); longest sweep batch ${sweep.longestBatchMs.toFixed(0)} ms (goal ≤ 1000)`);
    console.log(`kept: ${keptAfterSweep} after the sweep, ${keptAfterBare} after the bare loop (expected ${N})`);
    if (sweep.erased !== due || bare.erased !== due || keptAfterSweep !== N || keptAfterBare !== N) throw new Error('the two did not erase exactly the due records');
  } finally {
    await db.end().catch(() => undefined);
    await dataSource.destroy();
    await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
