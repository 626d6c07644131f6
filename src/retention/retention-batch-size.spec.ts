import { BatchBudget, MAX_GROWTH, nextBatchSize } from './retention-batch-size';

const budget: BatchBudget = { budgetMs: 200, min: 1, max: 1_000_000 };

describe('nextBatchSize', () => {
  it('doubles a batch that took far less than half the budget, and no more', () => {
    expect(nextBatchSize(64, 1, budget)).toBe(128);
    expect(nextBatchSize(64, 0, budget)).toBe(64 * MAX_GROWTH);
  });

  it('grows in proportion when a batch took a little under half the budget', () => {
    expect(nextBatchSize(1000, 80, budget)).toBe(1250);
  });

  it('grows a batch of one when it is fast, though the factor is below two', () => {
    expect(nextBatchSize(1, 70, budget)).toBe(2);
  });

  it('keeps a batch that took half the budget', () => {
    expect(nextBatchSize(1000, 100, budget)).toBe(1000);
  });

  it('shrinks a batch that took more than half the budget, aiming at half', () => {
    expect(nextBatchSize(1000, 150, budget)).toBe(666);
    expect(nextBatchSize(1000, 400, budget)).toBe(250);
    expect(nextBatchSize(1000, 4000, budget)).toBe(25);
  });

  it('stays within min and max', () => {
    expect(nextBatchSize(900_000, 1, budget)).toBe(1_000_000);
    expect(nextBatchSize(2, 10_000, budget)).toBe(1);
    expect(nextBatchSize(10, 10_000, { ...budget, min: 8 })).toBe(8);
  });

  it('settles within the budget for a batch costing a fixed part plus a part per unit, whatever the start', () => {
    for (const [fixedMs, perUnitMs] of [
      [2, 0.01],
      [20, 0.5],
      [0.5, 3],
    ]) {
      for (const start of [1, 64, 100_000]) {
        let size = start;
        const times: number[] = [];
        for (let i = 0; i < 40; i++) {
          const elapsed = fixedMs + perUnitMs * size;
          times.push(elapsed);
          size = nextBatchSize(size, elapsed, budget);
        }
        const settled = times.slice(-10);
        for (const t of settled) expect(t).toBeLessThanOrEqual(budget.budgetMs / 2 + perUnitMs);
        expect(Math.max(...settled)).toBeGreaterThan(budget.budgetMs / 4);
      }
    }
  });
});
