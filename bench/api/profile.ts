/**
 * Where one breach report spends its time (not part of the test suite).
 *
 *   npx ts-node --transpile-only bench/api/profile.ts [--connections 1] [--seconds 10] [--profile /tmp/report.cpuprofile]
 *
 * Boots the app as bench/api/run.ts does, sends reports with autocannon (in a process of its
 * own) and prints the CPU the service's process spent per report, the SQL statements one
 * report sends (counted on the pg client, so every round trip counts) and how long the client
 * waited on each kind of statement. `--profile` writes a CPU profile
 * of the measured run alone (not the boot, the warm-up or ts-node compiling), for
 * `bench/api/cpu-profile-summary.ts`.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { arg } from '../shared';
import { startIncidentBenchApp } from './incident-app';
import { fire as fireLoad } from './load';
import { StatementCount } from './statement-count';

const CONNECTIONS = arg('connections', 1);
const SECONDS = arg('seconds', 10);
const profileAt = process.argv.indexOf('--profile');
const profileTo = profileAt > 0 ? process.argv[profileAt + 1] : undefined;

async function main(): Promise<void> {
  const statements = new StatementCount();
  const service = await startIncidentBenchApp();
  try {
    const fire = () => fireLoad({ url: service.url, method: 'POST', body: service.body, headers: service.headers, connections: CONNECTIONS, seconds: SECONDS });
    await fire();
    const profiler = new Session();
    if (profileTo) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    statements.counting = true;
    const result = await fire();
    statements.counting = false;
    if (profileTo) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      profiler.disconnect();
      console.log(`CPU profile of the measured run: ${profileTo}`);
    }
    const reports = result.requests.total;
    console.log(
      `${reports} reports at ${CONNECTIONS} connection(s): ${result.requests.average.toFixed(0)} req/s, mean ${result.latency.average} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, ` +
        `CPU of the service's process ${result.cpuMicrosPerRequest.toFixed(0)} µs per report (autocannon runs in a process of its own)`,
    );
    statements.print(reports);
    // autocannon stops at its deadline without waiting for the answers still on their way.
    await new Promise((resolve) => setTimeout(resolve, 1000));
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
