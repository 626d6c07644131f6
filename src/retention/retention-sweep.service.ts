import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { erasePayloadsSql } from '../audit/audit-payload-erasure';
import { AppConfig } from '../config/app-config';
import { lockAgainstNewHolds } from './legal-holds.service';
import { nextBatchSize } from './retention-batch-size';
import { retentionCutoff } from './retention-period';
import { RetentionPolicy } from './retention-policy.entity';
import { periodWithFloor, RetentionTarget, RetentionTargets } from './retention-target';

export interface BatchProgress {
  category: string;
  batch: number;
  erased: number;
  elapsedMs: number;
}

export interface SweepOptions {
  /** Fixed batches of this many rows instead of batches sized to the time budget. */
  batchSize?: number;
  /** The time one batch may take, in milliseconds; the default is RETENTION_BATCH_BUDGET_MS. */
  budgetMs?: number;
  /** The first batch's size in table blocks when batches are sized to the budget. */
  firstBlocks?: number;
  /** Stops between batches (graceful shutdown); what committed stays committed. */
  signal?: AbortSignal;
  /** After each committed batch: progress reporting, and where a fault test pulls the plug. */
  onBatch?: (progress: BatchProgress) => void | Promise<void>;
}

export interface CategoryTally {
  cutoff: Date;
  due: number | null;
  held: number;
  activeAgreement: number;
}

class SweepAborted extends Error {}

/** Past its term and not yet anonymised; `$1` is the cut-off. */
const pastTerm = (t: RetentionTarget) => `${t.personal} AND x.${t.dateColumn} < $1`;

/**
 * Under an active hold: a hold on the whole category (evaluated once per statement) or on
 * the record's controller (a hashed set of held controllers). Uncorrelated on purpose:
 * a per-row subquery would be run for each of a million rows.
 */
export const held = (t: RetentionTarget) => `(
  EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.controller_id IS NULL AND h.category = '${t.category}')
  OR ${t.ofControllers(`SELECT h.controller_id FROM legal_holds h WHERE h.released_at IS NULL AND h.controller_id IS NOT NULL AND (h.category IS NULL OR h.category = '${t.category}')`)})`;

/**
 * Writes the ledger row for what the data-modifying CTE `erased` (one row per record)
 * erased, and erases the payloads of the audit entries about those records (ids as text
 * from `erasedIds`) — one statement, so a batch and its proof commit together or not at
 * all. The ledger row's id is drawn first, so the erased payloads can name it and it can
 * count them. No row travels to the application.
 */
export function withLedgerRow(t: RetentionTarget, erasure: string, erasedIds: string, v: LedgerValues = SWEEP_LEDGER_VALUES, returning = 'record_count'): string {
  const payloads = t.auditEntityType ? `, payloads AS (${erasePayloadsSql(t.auditEntityType, erasedIds, v.erasedAt, '(SELECT id FROM ledger_entry)')})` : '';
  return `
    WITH ${erasure},
    ledger_entry AS (SELECT nextval(pg_get_serial_sequence('erasure_ledger', 'id')) AS id)${payloads}
    INSERT INTO erasure_ledger (id, run_id, category, policy_id, policy_period, policy_anchor, action, cutoff, record_count, erased_at, audit_payloads_erased)
    SELECT (SELECT id FROM ledger_entry), ${v.runId}, ${v.category}, ${v.policyId}, ${v.policyPeriod}, ${v.policyAnchor}, ${v.action}, ${v.cutoff}, count(*), ${v.erasedAt}, ${t.auditEntityType ? '(SELECT count(*) FROM payloads)' : '0'}
    FROM erased HAVING count(*) > 0
    RETURNING ${returning}`;
}

/** Where a ledger statement finds the values of its row: the statement's parameters, as `$n`. */
export interface LedgerValues {
  cutoff: string;
  erasedAt: string;
  runId: string;
  category: string;
  policyId: string;
  policyPeriod: string;
  policyAnchor: string;
  action: string;
}

/** A sweep batch's parameters: $3 (and $10) are its scope. */
const SWEEP_LEDGER_VALUES: LedgerValues = { cutoff: '$1', erasedAt: '$2', runId: '$4', category: '$5', policyId: '$6', policyPeriod: '$7', policyAnchor: '$8', action: '$9' };

function assertCanAnonymize(t: RetentionTarget, action: 'delete' | 'anonymize'): void {
  if (action === 'anonymize' && !t.anonymize) throw new Error(`${t.category} cannot be anonymised`);
}

/**
 * A batch of at most $3 rows: pick them (skipping rows another sweep has locked) and erase
 * them by id. Each batch searches the table from its start again, so this suits small
 * fixed batches, not a large backlog.
 */
function rowBatchStatement(t: RetentionTarget, kept: string, action: 'delete' | 'anonymize'): string {
  assertCanAnonymize(t, action);
  const erase =
    action === 'delete'
      ? `DELETE FROM ${t.table} WHERE id IN (SELECT id FROM victims) RETURNING 1`
      : `UPDATE ${t.table} SET ${t.anonymize}, updated_at = now() WHERE id IN (SELECT id FROM victims) RETURNING 1`;
  return withLedgerRow(
    t,
    `victims AS (
      SELECT x.id FROM ${t.table} x
      WHERE ${pastTerm(t)} AND NOT ${held(t)} AND NOT ${kept}
      LIMIT $3
      FOR UPDATE OF x SKIP LOCKED
    ), erased AS (${erase})`,
    'SELECT id::text FROM victims',
  );
}

/**
 * A batch over the table blocks from $3 up to $10 (tids): erase every erasable record
 * stored there in one plain statement, as a single unbatched DELETE would erase it — one
 * pass over those blocks, no row locked first and looked up again by id — and move on.
 * Successive batches never scan the same blocks twice. The hold and live-agreement checks
 * are uncorrelated subqueries, hashed once per statement; each row costs a hash probe.
 */
function blockBatchStatement(t: RetentionTarget, kept: string, action: 'delete' | 'anonymize'): string {
  assertCanAnonymize(t, action);
  const where = `${pastTerm(t)} AND NOT ${held(t)} AND NOT ${kept} AND x.ctid >= $3::tid AND x.ctid < $10::tid`;
  const erase = action === 'delete' ? `DELETE FROM ${t.table} x WHERE ${where} RETURNING x.id` : `UPDATE ${t.table} x SET ${t.anonymize}, updated_at = now() WHERE ${where} RETURNING x.id`;
  return withLedgerRow(t, `erased AS (${erase})`, 'SELECT id::text FROM erased');
}

/** What the next batch covers, and whether the one just committed was the last. */
interface BatchPlan {
  scope(): [unknown] | [unknown, unknown];
  finished(erased: number, elapsedMs: number): boolean;
}

function fixedRows(size: number): BatchPlan {
  return {
    scope: () => [size],
    // Fewer than a full batch means nothing unlocked is left; locked rows belong to a concurrent sweep.
    finished: (erased) => erased < size,
  };
}

/** Above any block number a table can have (block numbers are 32-bit, this one is invalid). */
const PAST_THE_END = '(4294967295,0)';
const tid = (block: number) => `(${block},0)`;

/**
 * Block windows from the table's start, each sized to the budget by `nextBatchSize`; the
 * one reaching the table's end as it was at the start is left open, so rows written
 * further out during the run are swept too.
 */
function blockWindows(endBlock: number, firstBlocks: number, budgetMs: number): BatchPlan {
  const budget = { budgetMs, min: 1, max: 2 ** 31 };
  let from = 0;
  let size = firstBlocks;
  return {
    scope: () => [tid(from), from + size >= endBlock ? PAST_THE_END : tid(from + size)],
    finished: (_erased, elapsedMs) => {
      if (from + size >= endBlock) return true;
      from += size;
      size = nextBatchSize(size, elapsedMs, budget);
      return false;
    },
  };
}

/** 64 blocks of 8 kB: a few thousand rows of a narrow table, a fast first batch. */
const FIRST_BLOCKS = 64;

const countStatement = (t: RetentionTarget, condition: string) => `SELECT count(*)::int AS n FROM ${t.table} x WHERE ${pastTerm(t)} AND ${condition}`;

/** Erases one category's records past their term in bounded batches. */
@Injectable()
export class RetentionSweepService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: RetentionTargets,
    private readonly config: AppConfig,
  ) {}

  /**
   * What is past its term at `now` but kept: under a hold, or for a live agreement. With
   * `withDue` also what may go — a dry run's answer; a real run counts what it erased.
   * Each count is skipped when nothing can match, so a run without holds pays nothing.
   */
  async tally(target: RetentionTarget, policy: RetentionPolicy, now: Date, withDue: boolean): Promise<CategoryTally> {
    const cutoff = retentionCutoff(policy.anchor, periodWithFloor(target, policy.period), now);
    const kept = this.targets.keptSql(target);
    const params = target.keptWhileControllerIsClient ? [cutoff, now] : [cutoff];
    const countOf = async (condition: string) => (await this.dataSource.query<{ n: number }[]>(countStatement(target, condition), params))[0].n;
    const [{ holds }] = await this.dataSource.query<{ holds: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM legal_holds WHERE released_at IS NULL AND (category IS NULL OR category = $1)) AS holds`, [
      target.category,
    ]);
    return {
      cutoff,
      held: holds ? await countOf(`${held(target)} AND NOT ${kept}`) : 0,
      activeAgreement: target.keptWhileControllerIsClient ? await countOf(kept) : 0,
      due: withDue ? await countOf(`NOT ${held(target)} AND NOT ${kept}`) : null,
    };
  }

  /**
   * Erases until nothing erasable is left; returns how many records this call erased. Each
   * batch is its own short transaction under the shared hold lock: a legal hold being
   * placed waits for the batch running, and every later batch reads the hold (its
   * statement's snapshot is taken after the lock is granted). Likewise each batch reads
   * the agreements committed before it started.
   */
  async erase(target: RetentionTarget, policy: RetentionPolicy, runId: string, now: Date, options: SweepOptions = {}): Promise<number> {
    const period = periodWithFloor(target, policy.period);
    const cutoff = retentionCutoff(policy.anchor, period, now);
    const kept = this.targets.keptSql(target);
    const rows = options.batchSize ?? this.config.RETENTION_BATCH_SIZE;
    const sql = rows ? rowBatchStatement(target, kept, policy.action) : blockBatchStatement(target, kept, policy.action);
    const plan = rows ? fixedRows(rows) : blockWindows(await this.blocksOf(target), options.firstBlocks ?? FIRST_BLOCKS, options.budgetMs ?? this.config.RETENTION_BATCH_BUDGET_MS);
    let total = 0;
    for (let batch = 1; ; batch++) {
      if (options.signal?.aborted) throw new SweepAborted(`sweep of ${target.category} stopped after ${total} records`);
      // $3 is the row limit or the window's first block; $10 the block the window ends before.
      const [third, ...tenth] = plan.scope();
      const params = [cutoff, now, third, runId, target.category, policy.id, period, policy.anchor, policy.action, ...tenth];
      const started = performance.now();
      const erased = await this.dataSource.transaction(async (manager) => {
        await lockAgainstNewHolds(manager);
        const ledger = await manager.query<{ record_count: number }[]>(sql, params);
        return ledger[0]?.record_count ?? 0;
      });
      const elapsedMs = performance.now() - started;
      total += erased;
      await options.onBatch?.({ category: target.category, batch, erased, elapsedMs });
      if (plan.finished(erased, elapsedMs)) return total;
    }
  }

  /** The table's size in blocks now; what is written beyond it during the run falls in the last, open window. */
  private async blocksOf(target: RetentionTarget): Promise<number> {
    const [{ blocks }] = await this.dataSource.query<{ blocks: string }[]>(`SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint AS blocks`, [target.table]);
    return Number(blocks);
  }
}
