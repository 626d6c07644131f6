import { Injectable } from '@nestjs/common';
import { Duration, DateTime } from 'luxon';
import { RetentionAnchor } from './retention-period';

export const RETENTION_ACTIONS = ['delete', 'anonymize'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/** The counts key for an action: `deleted` or `anonymized`. */
export const actionCountKey = (action: RetentionAction) => (action === 'delete' ? 'deleted' : 'anonymized');

/**
 * What the sweep needs to know of a category's table, contributed by the module that owns
 * the table. Conditions are SQL over the record alias `x`; `$1` is the cut-off and `$2` the
 * run's "now". The category's policy row comes with the migration that adds the target.
 */
export interface RetentionTarget {
  category: string;
  table: string;
  /** The record's date the period is counted from, as the API names it and as the column. */
  anchorField: string;
  dateColumn: string;
  anchors: readonly RetentionAnchor[];
  actions: readonly RetentionAction[];
  /** SQL: the record still holds its personal data (not anonymised yet). */
  personal: string;
  /**
   * The `entityType` of the audit entries about these records (as the owning module's
   * `change.audit` writes it): erasing or anonymising a record erases their payloads in the
   * same statement. Null when the records are not audited one by one.
   */
  auditEntityType: string | null;
  /**
   * The floor no policy may go below: what the law, or the service's own proof, needs
   * (Art. 52(4) AWR for invoices). `reason` names that ground; a refusal quotes it.
   */
  minimumPeriod?: { period: string; reason: string };
  /** SQL: record `x` belongs to one of the controllers the given subquery yields (a hold on a controller keeps it). */
  ofControllers: (controllerIds: string) => string;
  /** SET list blanking the personal fields and keeping the rest; `$2` is the run's "now". For categories that offer anonymize. */
  anonymize?: string;
  /**
   * Kept whatever its age while its controller (`x.controller_id`) is still a client: the
   * contact persons of a live client, whom a breach must reach without undue delay (Art. 33(2)).
   */
  keptWhileControllerIsClient?: boolean;
}

/**
 * SQL yielding the ids of controllers that are still clients at `$2` (an agreement not yet
 * ended: in force, or signed to start later); contributed by the module that owns
 * agreements, so retention holds no other module's SQL.
 */
export type ClientControllersSql = string;

/** The categories of personal data and where they live, as the owning modules contribute them at boot. */
@Injectable()
export class RetentionTargets {
  private readonly byCategory = new Map<string, RetentionTarget>();
  private clientControllers?: ClientControllersSql;

  register(...targets: RetentionTarget[]): void {
    for (const target of targets) {
      if (this.byCategory.has(target.category)) throw new Error(`retention category ${target.category} is contributed twice`);
      this.byCategory.set(target.category, target);
    }
  }

  useClientControllers(sql: ClientControllersSql): void {
    this.clientControllers = sql;
  }

  has(category: string): boolean {
    return this.byCategory.has(category);
  }

  get(category: string): RetentionTarget {
    const target = this.byCategory.get(category);
    if (!target) throw new Error(`retention category ${category} has no target`);
    return target;
  }

  names(): string[] {
    return [...this.byCategory.keys()].sort();
  }

  /** SQL: the record is kept whatever its age (its controller is still a client). */
  keptSql(target: RetentionTarget): string {
    if (!target.keptWhileControllerIsClient) return 'false';
    if (!this.clientControllers) throw new Error(`${target.category} is kept while its controller is a client, but no module says which controllers are`);
    return `x.controller_id IN (${this.clientControllers})`;
  }
}

/** Whether `period` is shorter than `minimum` for any start date (month lengths and leap years differ). */
export function isShorterThan(period: string, minimum: string): boolean {
  const p = Duration.fromISO(period);
  const m = Duration.fromISO(minimum);
  for (let year = 2020; year < 2028; year++) {
    for (const [month, day] of [
      [1, 1],
      [1, 31],
      [2, 28],
      [12, 31],
    ]) {
      const start = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
      if (start.plus(p) < start.plus(m)) return true;
    }
  }
  return false;
}

/**
 * The period a sweep counts with: the policy's, or the category's floor where the policy
 * is shorter — a policy stored before its floor existed, or edited in the database, still
 * cannot erase a record early.
 */
export function periodWithFloor(target: Pick<RetentionTarget, 'minimumPeriod'>, period: string): string {
  return target.minimumPeriod && isShorterThan(period, target.minimumPeriod.period) ? target.minimumPeriod.period : period;
}
