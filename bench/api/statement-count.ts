import { Client } from 'pg';

/** Statement text with literals and parameter lists folded, so equal statements group. */
function shape(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, '?')
    .replace(/\$\d+(, \$\d+)*/g, '$n')
    .slice(0, 110);
}

/**
 * Counts every statement sent on a pg client while `counting` is on (every round trip, the
 * app's and TypeORM's alike) and how long the client waited on each kind.
 */
export class StatementCount {
  readonly stats = new Map<string, { count: number; ms: number }>();
  counting = false;

  constructor() {
    const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    const stats = this.stats;
    const counting = () => this.counting;
    proto.query = function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
      const result = original.apply(this, args);
      if (!counting() || !(result instanceof Promise)) return result;
      const started = performance.now();
      return result.finally(() => {
        const key = shape(text);
        const entry = stats.get(key) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - started;
        stats.set(key, entry);
      });
    };
  }

  /** One line per kind of statement, most waited on first, and the total per unit of work. */
  print(per: number): void {
    let total = 0;
    for (const [sql, { count, ms }] of [...this.stats].sort((a, b) => b[1].ms - a[1].ms)) {
      total += count / per;
      console.log(`${(count / per).toFixed(2).padStart(6)} x  ${(ms / count).toFixed(2).padStart(7)} ms  ${sql}`);
    }
    console.log(`${total.toFixed(1)} statements per report`);
  }
}
