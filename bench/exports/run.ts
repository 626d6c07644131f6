/**
 * Exports bench (not part of the test suite): do the three CSVs stream with memory that
 * stays flat?
 *
 *   npm run bench:exports                                              # builds, then 100,000 rows of each, 3 runs
 *   npx ts-node --transpile-only bench/exports/run.ts --rows 20000 --runs 1        # after npm run build
 *   npx ts-node --transpile-only bench/exports/run.ts --max-old-space-size 128     # both processes with that heap limit
 *
 * Creates its own database, starts the built service on it (`node dist/src/main.js`,
 * workers off), lets it migrate, then seeds by SQL one processor, `rows` controllers each
 * with an agreement that misses six parts of Art. 28(3), and `rows` incidents, each with one
 * affected controller (of 200) and two deadlines, a fifth of them with a description that
 * needs quoting (a comma, quotes, a line break, Dutch letters). Then, for each CSV (the
 * breach register, the controllers, the agreements with gaps), a first download from the
 * process as the one before left it and `runs` more, over HTTP, read as a client reads
 * (counted, not kept), with the process's RSS at rest before the first and its peak during
 * each (VmHWM after resetting it through /proc/<pid>/clear_refs, and the largest sampled
 * VmRSS): the growth is peak − rest. Checks the first answer holds every row.
 *
 * The bare baseline, in the same run: bench/exports/bare-server.ts, node:http and pg with
 * one SQL statement per CSV behind a cursor, each FETCH written straight to the socket; its
 * answers must be as long as the service's. Prints time and RSS growth of both and the
 * ratios service / bare.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../test/utils/free-port';
import { cleanUpBench, Download, download, mb, runBench, startService, waitForHealth } from '../service-process';
import { arg, dbUrl, seedControllerRows, withServer } from '../shared';

/** Incidents, controllers and agreements with gaps: the rows of each CSV. */
const ROWS = arg('rows', arg('incidents', 100_000));
const RUNS = arg('runs', 3);
const KEEP = process.argv.includes('--keep');
/** `--max-old-space-size` for both processes (MB; 0: Node's default), to see what a heap limit does to the growth. */
const HEAP_LIMIT = arg('max-old-space-size', 0);
const NODE_ARGS = HEAP_LIMIT ? [`--max-old-space-size=${HEAP_LIMIT}`] : [];
/** What the issue allows an export of 100,000 rows to add to the service's memory. */
const GROWTH_LIMIT = 50 * 1024 * 1024;
/** Each CSV: the service's path, the bare baseline's. */
const CSVS = [
  { name: 'incidents', path: '/api/v1/incidents/export.csv', bare: '/incidents' },
  { name: 'controllers', path: '/api/v1/controllers/export.csv', bare: '/controllers' },
  { name: 'gaps', path: '/api/v1/agreements/gaps/export.csv', bare: '/gaps' },
];

async function seed(db: Client): Promise<void> {
  const [{ id: processorId }] = (await db.query<{ id: string }>(`INSERT INTO processors (name, country) VALUES ('Hosting Noord BV', 'NL') RETURNING id`)).rows;
  await seedControllerRows(db, ROWS);
  // Covers (a)–(d) only, and states neither subject matter nor nature: six gaps each.
  await db.query(
    `INSERT INTO processing_agreements (controller_id, processor_id, reference, effective_from, breach_notification_hours, purposes, data_categories,
                                        data_subject_categories, sub_processor_authorization, objection_period_days, end_of_contract_action, end_of_contract_within_days, obligations)
     SELECT c.id, $1, 'VO-' || lpad(c.rn::text, 6, '0'), timestamptz '2024-01-01', 48, ARRAY['hosting'], ARRAY['naam', 'e-mailadres'], ARRAY['klanten'], 'general', 30, 'delete', 30,
            '{"a": {"covered": true, "clauseRef": "4.1"}, "b": {"covered": true, "clauseRef": "5"}, "c": {"covered": true, "clauseRef": "6"}, "d": {"covered": true, "clauseRef": "7"}}'
       FROM (SELECT id, row_number() OVER (ORDER BY name) AS rn FROM data_controllers) c`,
    [processorId],
  );
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
    [processorId, ROWS],
  );
  await db.query(
    `INSERT INTO incident_controllers (incident_id, controller_id)
     SELECT i.id, c.ids[1 + i.rn % 200]
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM incidents) i, (SELECT array_agg(id ORDER BY name) AS ids FROM (SELECT id, name FROM data_controllers ORDER BY name LIMIT 200) f) c`,
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

/** Every row is a line: CRLF ends lines, a break inside a field is a bare LF. */
function check(name: string, body: Buffer): void {
  const lines = body.toString('utf8').split('\r\n').length - 2;
  if (lines !== ROWS) throw new Error(`the ${name} CSV holds ${lines} rows, not ${ROWS}`);
}

async function main(): Promise<void> {
  const database = `pat_bench_exports_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${database}`));
  const [port, barePort] = [await freePort(), await freePort()];
  const { service, output } = startService(database, prefix, port, NODE_ARGS);
  let bareOutput = '';
  const bare = spawn(process.execPath, [...NODE_ARGS, '-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-server.ts')], {
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
    console.log(
      `exports bench: ${ROWS} incidents (${deadlines} deadlines), ${ROWS} controllers, ${ROWS} agreements with gaps; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${HEAP_LIMIT ? `--max-old-space-size=${HEAP_LIMIT}` : "Node's default heap limit"}`,
    );
    console.log(
      `load average at the start: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    // Per CSV a first download from the process as the previous CSV left it, then `runs` more: the first shows what an export adds, the rest whether it keeps adding.
    const runs = async (name: string, target: number, path: string, pid: number): Promise<{ first: Download; timed: Download[] }> => {
      const first = await download(target, path, pid, true);
      check(name, first.body!);
      const timed: Download[] = [];
      for (let run = 0; run < RUNS; run++) timed.push(await download(target, path, pid, false));
      return { first, timed };
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const peak = (r: Download) => Math.max(r.peakRss, r.sampledRss);
    const verdicts: string[] = [];
    // Each CSV's growth is above the RSS the previous one left; this is above the RSS before the first export.
    const overall = { service: { rest: 0, peak: 0 }, bare: { rest: 0, peak: 0 } };
    for (const csv of CSVS) {
      const results = { service: await runs(csv.name, port, csv.path, service.pid!), bare: await runs(csv.name, barePort, csv.bare, bare.pid!) };
      if (results.service.first.bytes !== results.bare.first.bytes) throw new Error(`${csv.name}: the service wrote ${results.service.first.bytes} bytes, the bare baseline ${results.bare.first.bytes}`);
      console.log(`\n${csv.name} (${csv.path}): first download, then ${RUNS} more; median time of those, RSS growth above the RSS at rest before the first\n`);
      console.log('          time      size      RSS at rest  peak (first)  growth (first)  peak (later)  growth (later)');
      const growths: Record<string, number> = {};
      for (const [name, { first, timed }] of Object.entries(results)) {
        const later = Math.max(...timed.map(peak));
        growths[name] = Math.max(peak(first), later) - first.restRss;
        const whole = overall[name as 'service' | 'bare'];
        whole.rest ||= first.restRss;
        whole.peak = Math.max(whole.peak, peak(first), later);
        console.log(
          `${name.padEnd(9)} ${`${median(timed.map((r) => r.seconds)).toFixed(2)} s`.padEnd(9)} ${mb(first.bytes).padEnd(9)} ${mb(first.restRss).padEnd(12)} ${mb(peak(first)).padEnd(13)} ${mb(peak(first) - first.restRss).padEnd(15)} ${mb(later).padEnd(13)} ${mb(later - first.restRss)}`,
        );
      }
      const time = (name: 'service' | 'bare') => median(results[name].timed.map((r) => r.seconds));
      const verdict = `${csv.name}: service RSS growth ${mb(growths.service)} ${growths.service < GROWTH_LIMIT ? '<' : '>='} ${mb(GROWTH_LIMIT)}`;
      verdicts.push(verdict);
      console.log(`\nratio service/bare: time ${(time('service') / time('bare')).toFixed(2)}, RSS growth ${(growths.service / growths.bare).toFixed(2)}; ${verdict}`);
      console.log(`all runs (s): service ${results.service.timed.map((r) => r.seconds.toFixed(2)).join('/')} vs bare ${results.bare.timed.map((r) => r.seconds.toFixed(2)).join('/')}`);
    }
    const growth = (name: 'service' | 'bare') => overall[name].peak - overall[name].rest;
    verdicts.push(
      `all three: service RSS growth ${mb(growth('service'))} above its RSS before the first export (${mb(overall.service.rest)}), bare ${mb(growth('bare'))}; ratio ${(growth('service') / growth('bare')).toFixed(2)}`,
    );
    console.log(
      `\n${verdicts.join('\n')}\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await cleanUpBench({ db, processes: [service, bare], prefix, database, keep: KEEP });
  }
}

runBench(main);
