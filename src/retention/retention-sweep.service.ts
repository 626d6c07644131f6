import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { lockAgainstNewHolds } from './legal-holds.service';
import { SweepTarget } from './retention-categories';
import { retentionCutoff } from './retention-period';
import { RetentionPolicy } from './retention-policy.entity';

export interface BatchProgress {
  category: string;
  batch: number;
  erased: number;
  elapsedMs: number;
}

export interface SweepOptions {
  batchSize?: number;
  /** Stops between batches (graceful shutdown); what committed stays committed. */
  signal?: AbortSignal;
  /** After each committed batch: progress reporting, and where a fault test pulls the plug. */
  onBatch?: (progress: BatchProgress) => void | Promise<void>;
}

export interface CategoryTally {
  cutoff: Date;
  due: number;
  held: number;
  activeAgreement: number;
}

export class SweepAborted extends Error {}

/** Past its term and not yet anonymised; `$1` is the cut-off. */
const pastTerm = (t: SweepTarget) => `${t.personal} AND x.${t.dateColumn} < $1`;

const held = (t: SweepTarget) => `EXISTS (
  SELECT 1 FROM legal_holds h
  WHERE h.released_at IS NULL
    AND (h.category IS NULL OR h.category = '${t.category}')
    AND (h.controller_id IS NULL OR ${t.heldByController}))`;

const kept = (t: SweepTarget) => t.keptWhile ?? 'false';

/**
 * One batch: pick up to $3 erasable rows (skipping rows another sweep has locked), erase
 * them, and write the ledger row — one statement in one short transaction, so a batch
 * and its proof commit together or not at all. No row travels to the application.
 */
export function batchStatement(t: SweepTarget, action: 'delete' | 'anonymize'): string {
  const erase =
    action === 'delete'
      ? `DELETE FROM ${t.table} WHERE id IN (SELECT id FROM victims) RETURNING 1`
      : `UPDATE ${t.table} SET ${t.anonymize}, updated_at = now() WHERE id IN (SELECT id FROM victims) RETURNING 1`;
  return `
    WITH victims AS (
      SELECT x.id FROM ${t.table} x
      WHERE ${pastTerm(t)} AND NOT ${held(t)} AND NOT ${kept(t)}
      LIMIT $3
      FOR UPDATE OF x SKIP LOCKED
    ), erased AS (${erase})
    INSERT INTO erasure_ledger (run_id, category, policy_id, policy_period, policy_anchor, action, cutoff, record_count, erased_at)
    SELECT $4, $5, $6, $7, $8, $9, $1, count(*), $2 FROM erased HAVING count(*) > 0
    RETURNING record_count`;
}

function tallyStatement(t: SweepTarget): string {
  return `
    SELECT count(*) FILTER (WHERE NOT s.held AND NOT s.kept)::int AS due,
           count(*) FILTER (WHERE s.held AND NOT s.kept)::int AS held,
           count(*) FILTER (WHERE s.kept)::int AS kept
    FROM (SELECT ${held(t)} AS held, ${kept(t)} AS kept FROM ${t.table} x WHERE ${pastTerm(t)}) s`;
}

/** Erases one category's records past their term in bounded batches. */
@Injectable()
export class RetentionSweepService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** What is past its term at `now`: erasable, held, and kept for a live agreement. */
  async tally(target: SweepTarget, policy: RetentionPolicy, now: Date): Promise<CategoryTally> {
    const cutoff = retentionCutoff(policy.anchor, policy.period, now);
    const params = target.keptWhile ? [cutoff, now] : [cutoff];
    const [row] = (await this.dataSource.query(tallyStatement(target), params)) as { due: number; held: number; kept: number }[];
    return { cutoff, due: row.due, held: row.held, activeAgreement: row.kept };
  }

  /** Erases until nothing erasable is left; returns how many records this call erased. */
  async erase(target: SweepTarget, policy: RetentionPolicy, runId: string, now: Date, options: SweepOptions = {}): Promise<number> {
    const cutoff = retentionCutoff(policy.anchor, policy.period, now);
    const batchSize = options.batchSize ?? this.config.RETENTION_BATCH_SIZE;
    const sql = batchStatement(target, policy.action);
    const params = [cutoff, now, batchSize, runId, target.category, policy.id, policy.period, policy.anchor, policy.action];
    let total = 0;
    for (let batch = 1; ; batch++) {
      if (options.signal?.aborted) throw new SweepAborted(`sweep of ${target.category} stopped after ${total} records`);
      const started = performance.now();
      const erased = await this.dataSource.transaction(async (manager) => {
        await lockAgainstNewHolds(manager);
        const rows = (await manager.query(sql, params)) as { record_count: number }[];
        return rows[0]?.record_count ?? 0;
      });
      total += erased;
      await options.onBatch?.({ category: target.category, batch, erased, elapsedMs: performance.now() - started });
      // Fewer than a full batch means nothing unlocked is left; locked rows belong to a concurrent sweep.
      if (erased < batchSize) return total;
    }
  }
}
