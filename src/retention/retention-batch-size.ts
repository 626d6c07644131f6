/**
 * How large a sweep's next batch may be so that it stays inside its time budget: a batch
 * holds its row locks, and the hold lock a new legal hold waits for, until it commits.
 * Batches aim at half the budget, leaving the other half for a slower machine or a denser
 * stretch of the table: one that took well under it grows the next, at most doubling (the
 * cost of a batch is not always linear in its size), and one that took more shrinks the
 * next in proportion. The size is in whatever unit the caller batches by (table blocks).
 */
export interface BatchBudget {
  /** The time a batch may take, in milliseconds. */
  budgetMs: number;
  min: number;
  max: number;
}

/** At most this factor larger than the batch before. */
export const MAX_GROWTH = 2;

export function nextBatchSize(size: number, elapsedMs: number, budget: BatchBudget): number {
  const aim = budget.budgetMs / 2;
  const factor = elapsedMs > 0 ? Math.min(MAX_GROWTH, aim / elapsedMs) : MAX_GROWTH;
  const next = Math.floor(size * factor);
  // A small size must still grow when it is fast: 1 × 1.5 would round back to 1.
  const grown = factor > 1 ? Math.max(next, size + 1) : next;
  return Math.min(budget.max, Math.max(budget.min, grown));
}
