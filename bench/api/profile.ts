/**
 * Where one breach report spends its time (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/profile.ts [--connections 1] [--seconds 10]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/api/profile.ts
 *
 * Boots the app as bench/api/run.ts does, sends reports with autocannon and prints the
 * SQL statements one report sends (counted on the pg client, so every round trip counts)
 * and how long the client waited on each kind of statement.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { arg } from '../shared';
import { startIncidentBenchApp } from './incident-app';

const CONNECTIONS = arg('connections', 1);
const SECONDS = arg('seconds', 10);

/** Statement text with literals and parameter lists folded, so equal statements group. */
function shape(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, '?')
    .replace(/\$\d+(, \$\d+)*/g, '$n')
    .slice(0, 110);
}

const stats = new Map<string, { count: number; ms: number }>();
let counting = false;

function countQueries(): void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
    const result = original.apply(this, args);
    if (!counting || !(result instanceof Promise)) return result;
    const started = performance.now();
    return result.finally(() => {
      const entry = stats.get(shape(text)) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      stats.set(shape(text), entry);
    });
  };
}

async function main(): Promise<void> {
  countQueries();
  const service = await startIncidentBenchApp();
  try {
    const fire = () => autocannon({ url: service.url, method: 'POST', body: service.body, headers: service.headers, connections: CONNECTIONS, duration: SECONDS });
    await fire();
    counting = true;
    const result = await fire();
    counting = false;
    const reports = result.requests.total;
    console.log(
      `${reports} reports at ${CONNECTIONS} connection(s): ${result.requests.average.toFixed(0)} req/s, mean ${result.latency.average} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
    );
    let perReport = 0;
    for (const [sql, { count, ms }] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
      perReport += count / reports;
      console.log(`${(count / reports).toFixed(2).padStart(6)} x  ${(ms / count).toFixed(2).padStart(6)} ms  ${sql}`);
    }
    console.log(`${perReport.toFixed(1)} statements per report`);
  } finally {
    await service.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
