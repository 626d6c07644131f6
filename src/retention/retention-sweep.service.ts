import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { erasePayloadsSql } from '../audit/audit-payload-erasure';
import { AppConfig } from '../config/app-config';
import { lockAgainstNewHolds } from './legal-holds.service';
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
  batchSize?: number;
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
 * One batch: pick up to $3 erasable rows (skipping rows another sweep has locked), erase
 * them and the payloads of the audit entries about them, and write the ledger row — one
 * statement in one short transaction, so a batch and its proof commit together or not at
 * all. The ledger row's id is drawn first, so the erased payloads can name it and it can
 * count them. No row travels to the application.
 */
function batchStatement(t: RetentionTarget, kept: string, action: 'delete' | 'anonymize'): string {
  if (action === 'anonymize' && !t.anonymize) throw new Error(`${t.category} cannot be anonymised`);
  const erase =
    action === 'delete'
      ? `DELETE FROM ${t.table} WHERE id IN (SELECT id FROM victims) RETURNING 1`
      : `UPDATE ${t.table} SET ${t.anonymize}, updated_at = now() WHERE id IN (SELECT id FROM victims) RETURNING 1`;
  const payloads = t.auditEntityType ? `, payloads AS (${erasePayloadsSql(t.auditEntityType, 'SELECT id::text FROM victims', '$2', '(SELECT id FROM ledger_entry)')})` : '';
  return `
    WITH victims AS (
      SELECT x.id FROM ${t.table} x
      WHERE ${pastTerm(t)} AND NOT ${held(t)} AND NOT ${kept}
      LIMIT $3
      FOR UPDATE OF x SKIP LOCKED
    ), erased AS (${erase}),
    ledger_entry AS (SELECT nextval(pg_get_serial_sequence('erasure_ledger', 'id')) AS id)${payloads}
    INSERT INTO erasure_ledger (id, run_id, category, policy_id, policy_period, policy_anchor, action, cutoff, record_count, erased_at, audit_payloads_erased)
    SELECT (SELECT id FROM ledger_entry), $4, $5, $6, $7, $8, $9, $1, count(*), $2, ${t.auditEntityType ? '(SELECT count(*) FROM payloads)' : '0'}
    FROM erased HAVING count(*) > 0
    RETURNING record_count`;
}

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

  /** Erases until nothing erasable is left; returns how many records this call erased. */
  async erase(target: RetentionTarget, policy: RetentionPolicy, runId: string, now: Date, options: SweepOptions = {}): Promise<number> {
    const period = periodWithFloor(target, policy.period);
    const cutoff = retentionCutoff(policy.anchor, period, now);
    const batchSize = options.batchSize ?? this.config.RETENTION_BATCH_SIZE;
    const sql = batchStatement(target, this.targets.keptSql(target), policy.action);
    const params = [cutoff, now, batchSize, runId, target.category, policy.id, period, policy.anchor, policy.action];
    let total = 0;
    for (let batch = 1; ; batch++) {
      if (options.signal?.aborted) throw new SweepAborted(`sweep of ${target.category} stopped after ${total} records`);
      const started = performance.now();
      const erased = await this.dataSource.transaction(async (manager) => {
        await lockAgainstNewHolds(manager);
        const rows = await manager.query<{ record_count: number }[]>(sql, params);
        return rows[0]?.record_count ?? 0;
      });
      total += erased;
      await options.onBatch?.({ category: target.category, batch, erased, elapsedMs: performance.now() - started });
      // Fewer than a full batch means nothing unlocked is left; locked rows belong to a concurrent sweep.
      if (erased < batchSize) return total;
    }
  }
}
