/**
 * Exports bench (not part of the test suite): does the breach register's CSV stream with
 * memory that stays flat?
 *
 *   npm run bench:exports                                              # builds, then 100,000 incidents, 3 runs
 *   npx ts-node --transpile-only bench/exports/run.ts --incidents 20000 --runs 1   # after npm run build
 *
 * Creates its own database, starts the built service on it (`node dist/src/main.js`,
 * workers off), lets it migrate, then seeds by SQL one processor, 200 controllers and
 * `incidents` incidents, each with one affected controller and two deadlines, a fifth of
 * them with a description that needs quoting (a comma, quotes, a line break, Dutch letters).
 * Then one warm-up and `runs` timed downloads of `GET /api/v1/incidents/export.csv` over
 * HTTP, read as a client reads (counted, not kept), with the service's RSS just before
 * the request and its peak during it (VmHWM after resetting it through
 * /proc/<pid>/clear_refs, and the largest sampled VmRSS): the growth is peak − before.
 * Checks the answer holds every incident.
 *
 * The bare baseline, in the same run: bench/exports/bare-server.ts, node:http and pg with
 * one SQL statement behind a cursor, each FETCH written straight to the socket. Prints
 * time and RSS growth of both and the ratio service / bare.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../test/utils/free-port';
import { Download, download, mb, startService, stopProcess, waitForHealth } from '../service-process';
import { arg, clearPrefix, dbUrl, withServer } from '../shared';

const INCIDENTS = arg('incidents', 100_000);
const RUNS = arg('runs', 3);
const KEEP = process.argv.includes('--keep');
/** What the issue allows the register's CSV to add to the service's memory. */
const GROWTH_LIMIT = 50 * 1024 * 1024;
const PATH = '/api/v1/incidents/export.csv';

async function seed(db: Client): Promise<void> {
  const [{ id: processorId }] = (await db.query<{ id: string }>(`INSERT INTO processors (name, country) VALUES ('Hosting Noord BV', 'NL') RETURNING id`)).rows;
  await db.query(`INSERT INTO data_controllers (name, country) SELECT 'Klant ' || lpad(n::text, 4, '0') || ' B.V.', 'NL' FROM generate_series(1, 200) n`);
  await db.query(
    `INSERT INTO incidents (processor_id, role, status, title, description, aware_at, nature, data_categories, approx_data_subjects, likely_consequences, measures_taken,
                            reporter_name, reporter_email, closed_at, closing_note, created_at)
     SELECT $1, 'processor', CASE WHEN n % 7 = 0 THEN 'closed' ELSE 'open' END,
            'Datalek ' || n || ': mailbox-export op een openbare share',
            CASE WHEN n % 5 = 0 THEN E'Export van "mailboxen", bereikbaar zonder inlog;\\nontdekt door Zoë van Dijk, café-wifi' ELSE 'Export van mailboxen, bereikbaar zonder inlog' END,
            timestamptz '2025-01-01' + n * interval '5 minutes', ARRAY['confidentiality'], ARRAY['naam', 'e-mailadres', 'inhoud van e-mail'], 100 + n % 900,
            'Phishing met de gelekte adressen', 'Share afgesloten, wachtwoorden gereset', 'Sam de Vries', 'sam@hosting.example',
            CASE WHEN n % 7 = 0 THEN timestamptz '2025-01-01' + n * interval '5 minutes' + interval '30 days' END,
            CASE WHEN n % 7 = 0 THEN 'Afgehandeld; geen verdere maatregelen' END,
            timestamptz '2025-01-01' + n * interval '5 minutes'
       FROM generate_series(1, $2::int) n`,
    [processorId, INCIDENTS],
  );
  await db.query(
    `INSERT INTO incident_controllers (incident_id, controller_id)
     SELECT i.id, c.ids[1 + i.rn % 200]
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM incidents) i, (SELECT array_agg(id ORDER BY name) AS ids FROM data_controllers) c`,
  );
  await db.query(
    `INSERT INTO deadlines (kind, status, subject_type, subject_id, controller_id, starts_at, due_at)
     SELECT 'controller_notification', 'met', 'incident', i.id, ic.controller_id, i.aware_at, i.aware_at + interval '48 hours'
       FROM incidents i JOIN incident_controllers ic ON ic.incident_id = i.id
     UNION ALL
     SELECT 'authority_notification', 'pending', 'incident', i.id, NULL, i.aware_at, i.aware_at + interval '72 hours' FROM incidents i`,
  );
  await db.query('VACUUM ANALYZE');
}

/** Every incident is a line: CRLF ends lines, a break inside a field is a bare LF. */
function check(body: Buffer): void {
  const lines = body.toString('utf8').split('\r\n').length - 2;
  if (lines !== INCIDENTS) throw new Error(`the register holds ${lines} incidents, not ${INCIDENTS}`);
}

async function main(): Promise<void> {
  const database = `pat_bench_exports_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${database}`));
  const [port, barePort] = [await freePort(), await freePort()];
  const { service, output } = startService(database, prefix, port);
  let bareOutput = '';
  const bare = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-server.ts')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: dbUrl(database), PORT: String(barePort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bare.stderr.on('data', (d: Buffer) => (bareOutput += d.toString()));
  const db = new Client({ connectionString: dbUrl(database) });
  try {
    await waitForHealth(port, service, output);
    await waitForHealth(barePort, bare, () => bareOutput);
    await db.connect();
    const t0 = performance.now();
    await seed(db);
    const [{ deadlines }] = (await db.query<{ deadlines: number }>(`SELECT count(*)::int AS deadlines FROM deadlines`)).rows;
    console.log(`exports bench: ${INCIDENTS} incidents, ${deadlines} deadlines, 200 controllers; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const runs = async (target: number, pid: number): Promise<Download[]> => {
      check((await download(target, PATH, pid, true)).body!);
      const timed: Download[] = [];
      for (let run = 0; run < RUNS; run++) timed.push(await download(target, PATH, pid, false));
      return timed;
    };
    const results = { service: await runs(port, service.pid!), bare: await runs(barePort, bare.pid!) };

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const growth = (r: Download) => Math.max(r.peakRss, r.sampledRss) - r.restRss;
    console.log(`\n${RUNS} timed runs each, after one warm-up; median time, largest growth\n`);
    console.log('          time      size      RSS before  peak RSS   growth');
    for (const [name, rs] of Object.entries(results)) {
      const worst = rs.reduce((a, b) => (growth(b) > growth(a) ? b : a));
      console.log(
        `${name.padEnd(9)} ${`${median(rs.map((r) => r.seconds)).toFixed(2)} s`.padEnd(9)} ${mb(rs[0].bytes).padEnd(9)} ${mb(worst.restRss).padEnd(11)} ${mb(Math.max(worst.peakRss, worst.sampledRss)).padEnd(10)} ${mb(growth(worst))}`,
      );
    }
    const serviceGrowth = Math.max(...results.service.map(growth));
    console.log(
      `\nratio service/bare: time ${(median(results.service.map((r) => r.seconds)) / median(results.bare.map((r) => r.seconds))).toFixed(2)}; ` +
        `service RSS growth ${mb(serviceGrowth)} ${serviceGrowth < GROWTH_LIMIT ? '<' : '>='} ${mb(GROWTH_LIMIT)}`,
    );
    console.log(`all runs (s): service ${results.service.map((r) => r.seconds.toFixed(2)).join('/')} vs bare ${results.bare.map((r) => r.seconds.toFixed(2)).join('/')}`);
  } finally {
    await db.end().catch(() => undefined);
    await stopProcess(service);
    await stopProcess(bare);
    await clearPrefix(prefix);
    if (KEEP) console.log(`kept database ${database}`);
    else await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
