/**
 * HTTP bench of a read by id (not part of the test suite).
 *
 *   npm run bench:read -- [--connections 20] [--seconds 10] [--rounds 2] [--only service|bare] [--bare-first]
 *   npm run bench:read -- --only service --rounds 1 --profile /tmp/read.cpuprofile
 *
 * Runs autocannon against `GET /api/v1/processors/:id` of the real app with an officer's key
 * (guard, key lookup, role check, id pipe, TypeORM read, view, problem filter, metrics hook)
 * and against a bare Fastify route running the same SELECT through `pg` on the same database
 * with a pool of the app's size, at the same concurrency. Each side gets a warm-up run; then
 * every round measures the service and the bare route one after the other (`--bare-first`
 * swaps them), so both see the same load on a shared machine. `--only` runs one side; `--profile` writes a CPU profile of
 * the measured rounds alone (not the boot, the warm-up or ts-node compiling), for
 * `bench/api/cpu-profile-summary.ts`.
 */
import 'reflect-metadata';
import Fastify from 'fastify';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Pool } from 'pg';
import { arg, dbUrl } from '../shared';
import { ADMIN_KEY, startIncidentBenchApp } from './incident-app';
import { fire as fireLoad, Measured, median } from './load';

const CONNECTIONS = arg('connections', 20);
const SECONDS = arg('seconds', 10);
const ROUNDS = arg('rounds', 2);
const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const only = option('only');
const profileTo = option('profile');
const bareFirst = process.argv.includes('--bare-first');

/** What TypeORM's `findOne({ where: { id } })` sends for a processor, less its column aliases. */
const SELECT_PROCESSOR = `SELECT id, name, country, kvk_number, contact_email, dpo_name, dpo_email, security_measures, created_at, updated_at FROM processors WHERE id = $1 LIMIT 1`;

interface ProcessorRow {
  id: string;
  name: string;
  country: string;
  kvk_number: string | null;
  contact_email: string | null;
  dpo_name: string | null;
  dpo_email: string | null;
  security_measures: string[];
  created_at: Date;
  updated_at: Date;
}

const fire = (url: string, headers: Record<string, string> = {}) => fireLoad({ url, headers, connections: CONNECTIONS, seconds: SECONDS });

function line(label: string, result: Measured): string {
  return `${label.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p99 ${String(result.latency.p99).padStart(3)} ms   CPU ${result.cpuMicrosPerRequest.toFixed(0).padStart(4)} µs/request   (${result.requests.total} requests, non-2xx ${result.non2xx})`;
}

async function officerKey(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ name: 'read bench officer', role: 'officer' }),
  });
  if (response.status !== 201) throw new Error(`could not issue an officer key: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}

async function main(): Promise<void> {
  const service = await startIncidentBenchApp();
  const pool = new Pool({ connectionString: dbUrl(service.database), max: 10, options: '-c timezone=UTC' });
  const bareApp = Fastify();
  try {
    bareApp.get<{ Params: { id: string } }>('/bare/processors/:id', async (request, reply) => {
      const { rows } = await pool.query<ProcessorRow>(SELECT_PROCESSOR, [request.params.id]);
      const row = rows[0];
      if (!row) return reply.status(404).send({ status: 404 });
      return {
        id: row.id,
        name: row.name,
        country: row.country,
        kvkNumber: row.kvk_number,
        contactEmail: row.contact_email,
        dpoName: row.dpo_name,
        dpoEmail: row.dpo_email,
        securityMeasures: row.security_measures,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    });
    const bareUrl = `${await bareApp.listen({ port: 0, host: '127.0.0.1' })}/bare/processors/${service.processorId}`;
    const serviceUrl = `${service.origin}/api/v1/processors/${service.processorId}`;
    const headers = { authorization: `Bearer ${await officerKey(service.origin)}` };

    const [ours, bare] = [await fetch(serviceUrl, { headers }), await fetch(bareUrl)];
    const [oursBody, bareBody] = [await ours.text(), await bare.text()];
    if (ours.status !== 200 || oursBody !== bareBody) throw new Error(`the two routes answer differently:\n${ours.status} ${oursBody}\n${bare.status} ${bareBody}`);

    const sides = only ? [only] : ['service', 'bare'];
    if (sides.includes('service')) await fire(serviceUrl, headers);
    if (sides.includes('bare')) await fire(bareUrl);
    console.log(`GET by id at ${CONNECTIONS} connections for ${SECONDS} s, ${ROUNDS} round(s) after a warm-up run of each`);
    const totals = { service: 0, bare: 0 };
    const ratios: number[] = [];
    const cpu = { service: [] as number[], bare: [] as number[] };
    const profiler = new Session();
    if (profileTo) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      const results: Partial<Record<'service' | 'bare', Measured>> = {};
      for (const side of bareFirst ? [...sides].reverse() : sides) results[side as 'service' | 'bare'] = side === 'service' ? await fire(serviceUrl, headers) : await fire(bareUrl);
      for (const result of Object.values(results)) if (result.non2xx) throw new Error(`${result.non2xx} non-2xx answers`);
      if (results.service) console.log(line(`round ${round} service GET /processors/:id`, results.service));
      if (results.bare) console.log(line(`round ${round} bare Fastify + pg SELECT`, results.bare));
      if (results.service && results.bare) {
        ratios.push(results.service.requests.average / results.bare.requests.average);
        console.log(`round ${round} ratio req/s ${ratios[ratios.length - 1].toFixed(2)}`);
      }
      if (results.service) cpu.service.push(results.service.cpuMicrosPerRequest);
      if (results.bare) cpu.bare.push(results.bare.cpuMicrosPerRequest);
      totals.service += results.service?.requests.average ?? 0;
      totals.bare += results.bare?.requests.average ?? 0;
    }
    if (profileTo) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      console.log(`CPU profile of the measured rounds: ${profileTo}`);
    }
    if (totals.service && totals.bare) {
      console.log(`all rounds: ratio of mean req/s ${(totals.service / totals.bare).toFixed(2)}, median round ratio ${median(ratios).toFixed(2)}`);
      console.log(
        `median CPU per request: service ${median(cpu.service).toFixed(0)} µs, bare ${median(cpu.bare).toFixed(0)} µs, ratio bare / service ${(median(cpu.bare) / median(cpu.service)).toFixed(2)}`,
      );
    }
  } finally {
    await bareApp.close();
    await pool.end();
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
