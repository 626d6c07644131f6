/**
 * Art. 30(2) record bench (not part of the test suite).
 *
 *   npm run bench:records-of-processing                       # builds, then 10,000 controllers, 20,000 agreements, 3 runs per format
 *   npx ts-node --transpile-only bench/records-of-processing/run.ts --controllers 40000 --runs 1   # after npm run build
 *
 * Creates its own database, starts the built service on it as a user runs it (`node
 * dist/src/main.js`, workers off, so only the record runs in that process), lets it migrate,
 * then seeds by SQL one processor with `controllers` controllers, two agreements each (all in
 * force), and 12 sub-processors (8 outside the EEA, each with a documented safeguard), each
 * agreement linked to three of them. Then, per format, one warm-up and `runs` timed
 * downloads of `GET /api/v1/records-of-processing?format=…` over HTTP, read as a client
 * reads (counted, not kept), with the service process's peak RSS during each (VmHWM after
 * resetting it through /proc/<pid>/clear_refs, and its largest sampled VmRSS). Checks each
 * answer holds every controller.
 *
 * The bare baseline, in the same run: the same content without the service, as a capable
 * engineer would get it — JSON as one SQL query with json_agg and CSV with COPY … TO STDOUT,
 * both through psql to a pipe; PDF as one SQL query into pdfkit in a plain script. Prints
 * the times and the ratio service / bare.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { Client } from 'pg';
import { EEA_COUNTRIES } from '../../src/common/countries';
import { freePort } from '../../test/utils/free-port';
import { cleanUpBench, Download, download, mb, runBench, resetPeak, rssOf, startService, waitForHealth } from '../service-process';
import { arg, dbUrl, seedControllerRows, withServer } from '../shared';

const CONTROLLERS = arg('controllers', 10_000);
const RUNS = arg('runs', 3);
/** Leaves the seeded database for a look with psql afterwards (dropped otherwise). */
const KEEP = process.argv.includes('--keep');
const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

async function seed(db: Client): Promise<string> {
  const [{ id: processorId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO processors (name, country, kvk_number, contact_email, dpo_name, dpo_email, security_measures)
       VALUES ('Hosting Noord BV', 'NL', '12345678', 'privacy@hostingnoord.example', 'Fleur Bakker', 'fg@hostingnoord.example',
               ARRAY['Versleutelde opslag (AES-256)', 'Inloggen met twee factoren', 'Dagelijkse back-ups, versleuteld, buiten het datacentrum', 'Jaarlijkse ISO 27001-audit'])
       RETURNING id`,
    )
  ).rows;
  await seedControllerRows(db, CONTROLLERS);
  await db.query(
    `INSERT INTO processing_agreements (controller_id, processor_id, reference, effective_from, breach_notification_hours, purposes, data_categories,
                                        data_subject_categories, special_categories, sub_processor_authorization, objection_period_days,
                                        end_of_contract_action, end_of_contract_within_days)
     SELECT c.id, $1, 'VO-' || c.rn || '-' || k, timestamptz '2020-01-01' + (c.rn % 365 + k) * interval '1 day', 48,
            ARRAY['hosting van de webwinkel', CASE WHEN k = 1 THEN 'e-mail' ELSE 'back-up' END],
            ARRAY['naam', 'e-mailadres', 'adres', CASE WHEN k = 1 THEN 'inhoud van e-mail' ELSE 'bestelgeschiedenis' END],
            ARRAY['klanten', CASE WHEN k = 1 THEN 'medewerkers' ELSE 'leveranciers' END],
            CASE WHEN c.rn % 10 = 0 THEN ARRAY['gezondheid'] ELSE '{}' END,
            'general', 30, 'delete', 30
       FROM (SELECT id, row_number() OVER (ORDER BY name) AS rn FROM data_controllers) c, generate_series(1, 2) k`,
    [processorId],
  );
  await db.query(
    `INSERT INTO sub_processors (processor_id, name, service, country, transfer_mechanism, dpf_certified, dpf_checked_at, scc_module, scc_version, derogation_justification)
     VALUES ($1, 'Datacenter Zuid', 'colocation', 'NL', NULL, NULL, NULL, NULL, NULL, NULL),
            ($1, 'Rechenzentrum GmbH', 'back-ups', 'DE', NULL, NULL, NULL, NULL, NULL, NULL),
            ($1, 'Mailfilter Oy', 'spamfilter', 'FI', NULL, NULL, NULL, NULL, NULL, NULL),
            ($1, 'Betaal SA', 'betalingen', 'BE', NULL, NULL, NULL, NULL, NULL, NULL),
            ($1, 'Cloud Inc', 'objectopslag', 'US', 'adequacy', true, '2026-01-05', NULL, NULL, NULL),
            ($1, 'Helpdesk Ltd', 'klantenservice', 'GB', 'adequacy', NULL, NULL, NULL, NULL, NULL),
            ($1, 'Support Pvt Ltd', 'beheer op afstand', 'IN', 'scc', NULL, NULL, 3, '2021/914', NULL),
            ($1, 'Backup Pte', 'archief', 'SG', 'bcr', NULL, NULL, NULL, NULL, NULL),
            ($1, 'Incident Desk', 'forensisch onderzoek', 'ZA', 'derogation', NULL, NULL, NULL, NULL, 'art. 49(1)(b): incidenteel, voor de uitvoering van de overeenkomst'),
            ($1, 'Mail Filter AG', 'e-mailfilter', 'CH', 'adequacy', NULL, NULL, NULL, NULL, NULL),
            ($1, 'Analytics KK', 'statistiek', 'JP', 'adequacy', NULL, NULL, NULL, NULL, NULL),
            ($1, 'Archief Pty', 'archief', 'AU', 'scc', NULL, NULL, 3, '2021/914', NULL)`,
    [processorId],
  );
  await db.query(
    `INSERT INTO sub_processor_agreements (sub_processor_id, agreement_id, status, announced_at, decided_at)
     SELECT s.ids[1 + (a.rn + j * 5) % 12], a.id, 'authorized', '2020-01-01', '2020-01-31'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM processing_agreements) a,
            (SELECT array_agg(id ORDER BY name) AS ids FROM sub_processors) s,
            generate_series(0, 2) j`,
  );
  await db.query('VACUUM ANALYZE');
  return processorId;
}

/** The bare query: the same facts per controller, in the same order, as a capable engineer would write it in one statement. */
function bareRowsSql(processorId: string): string {
  const eea = [...EEA_COUNTRIES].map((c) => `'${c}'`).join(',');
  return `
    WITH a AS (SELECT * FROM processing_agreements a WHERE a.processor_id = '${processorId}' AND a.effective_from <= now()
                 AND (a.ends_at IS NULL OR a.ends_at > now()) AND (a.termination_effective_at IS NULL OR a.termination_effective_at > now())),
    cat AS (SELECT controller_id, string_agg(DISTINCT x, '; ' ORDER BY x) FILTER (WHERE k = 1) AS purposes,
                   string_agg(DISTINCT x, '; ' ORDER BY x) FILTER (WHERE k = 2) AS data_categories,
                   string_agg(DISTINCT x, '; ' ORDER BY x) FILTER (WHERE k = 3) AS subjects,
                   string_agg(DISTINCT x, '; ' ORDER BY x) FILTER (WHERE k = 4) AS special
              FROM (SELECT controller_id, 1 AS k, unnest(purposes) AS x FROM a UNION ALL SELECT controller_id, 2, unnest(data_categories) FROM a
                    UNION ALL SELECT controller_id, 3, unnest(data_subject_categories) FROM a UNION ALL SELECT controller_id, 4, unnest(special_categories) FROM a) u
             GROUP BY controller_id),
    refs AS (SELECT controller_id, string_agg(reference, ', ' ORDER BY effective_from, reference) AS refs FROM a GROUP BY controller_id),
    tr AS (SELECT t.controller_id, string_agg(s.name || ' (' || s.service || '), ' || s.country || ': ' || coalesce(s.transfer_mechanism, '—')
                   || coalesce(' module ' || s.scc_module || ' ' || s.scc_version, '') || coalesce(' ' || s.derogation_justification, '')
                   || coalesce(' DPF ' || s.dpf_checked_at::date, '') || ' [' || t.refs || ']', E'\\n' ORDER BY s.name) AS transfers
             FROM (SELECT a.controller_id, l.sub_processor_id, string_agg(a.reference, ', ' ORDER BY a.reference) AS refs
                     FROM a JOIN sub_processor_agreements l ON l.agreement_id = a.id AND l.status = 'authorized' GROUP BY 1, 2) t
             JOIN sub_processors s ON s.id = t.sub_processor_id WHERE s.country NOT IN (${eea}) GROUP BY t.controller_id)
    SELECT now() AS generated_at, p.name AS processor, p.kvk_number AS processor_kvk, p.contact_email AS processor_email, p.dpo_name AS processor_dpo,
           p.dpo_email AS processor_dpo_email, array_to_string(p.security_measures, E'\\n') AS security_measures,
           c.name, c.kvk_number, c.country, c.contact_email, c.dpo_name, c.dpo_email, refs.refs, cat.purposes, cat.data_categories, cat.subjects, cat.special, tr.transfers
      FROM refs JOIN data_controllers c ON c.id = refs.controller_id JOIN cat ON cat.controller_id = c.id
      JOIN processors p ON p.id = '${processorId}' LEFT JOIN tr ON tr.controller_id = c.id
     ORDER BY c.name, c.id`;
}

const bareJsonSql = (processorId: string) => `SELECT json_build_object('generatedAt', now(), 'controllers', json_agg(r)) FROM (${bareRowsSql(processorId)}) r`;
const bareCsvSql = (processorId: string) => `COPY (${bareRowsSql(processorId)}) TO STDOUT WITH (FORMAT csv, HEADER)`;

/** psql to a pipe, counting what it writes. */
function viaPsql(database: string, sql: string): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl(database), '-c', sql], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve({ bytes, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`psql exited with ${code}`))));
  });
}

/** PDF without the service: one query, every row into pdfkit, to a counting sink. */
async function barePdf(database: string, processorId: string): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  const db = new Client({ connectionString: dbUrl(database) });
  await db.connect();
  try {
    const { rows } = await db.query<Record<string, string | null>>(bareRowsSql(processorId));
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const written = pipeline(doc, sink);
    doc.font('Helvetica-Bold').fontSize(18).text('Register van verwerkingsactiviteiten');
    doc.font('Helvetica').fontSize(9);
    for (const r of rows) {
      doc
        .moveDown(0.5)
        .font('Helvetica-Bold')
        .fontSize(10.5)
        .text(r.name ?? '');
      doc.font('Helvetica').fontSize(9);
      for (const key of ['kvk_number', 'contact_email', 'dpo_name', 'refs', 'purposes', 'data_categories', 'subjects', 'special', 'transfers']) doc.text(`${key}: ${r[key] ?? '—'}`);
    }
    doc.end();
    await written;
    return { bytes, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.end();
  }
}

/** Every controller is in the answer: counted in the format's own terms. */
function check(format: Format, body: Buffer): void {
  const found =
    format === 'json'
      ? (JSON.parse(body.toString('utf8')) as { sections: { controllers: unknown[] }[] }).sections[0].controllers.length
      : format === 'csv'
        ? body.toString('utf8').split('\r\n').length - 2 // less the header and what follows the last line break
        : body.subarray(-8).toString('latin1').includes('%%EOF')
          ? CONTROLLERS
          : -1;
  if (found !== CONTROLLERS) throw new Error(`the ${format} record holds ${found} controllers, not ${CONTROLLERS}`);
}

async function main(): Promise<void> {
  const database = `pat_bench_record_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${database}`));
  const port = await freePort();
  const { service, output } = startService(database, prefix, port);
  const db = new Client({ connectionString: dbUrl(database) });
  try {
    await waitForHealth(port, service, output);
    await db.connect();
    const t0 = performance.now();
    const processorId = await seed(db);
    const [{ agreements, links }] = (
      await db.query<{ agreements: number; links: number }>(`SELECT (SELECT count(*) FROM processing_agreements)::int AS agreements, (SELECT count(*) FROM sub_processor_agreements)::int AS links`)
    ).rows;
    console.log(
      `records-of-processing bench: ${CONTROLLERS} controllers, ${agreements} agreements, 12 sub-processors (8 outside the EEA), ${links} authorised links; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const pid = service.pid!;
    console.log(`service pid ${pid}, RSS at rest ${mb(rssOf(pid, 'VmRSS'))}${resetPeak(pid) ? '' : ' (peak RSS cannot be reset here: sampled only)'}`);

    const results: Record<Format, { service: Download[]; bare: { bytes: number; seconds: number }[] }> = { json: { service: [], bare: [] }, csv: { service: [], bare: [] }, pdf: { service: [], bare: [] } };
    for (const format of FORMATS) {
      const path = `/api/v1/records-of-processing?format=${format}`;
      const warm = await download(port, path, pid, true);
      check(format, warm.body!);
      for (let run = 0; run < RUNS; run++) results[format].service.push(await download(port, path, pid, false));
      await (format === 'pdf' ? barePdf(database, processorId) : viaPsql(database, format === 'json' ? bareJsonSql(processorId) : bareCsvSql(processorId)));
      for (let run = 0; run < RUNS; run++) {
        results[format].bare.push(await (format === 'pdf' ? barePdf(database, processorId) : viaPsql(database, format === 'json' ? bareJsonSql(processorId) : bareCsvSql(processorId))));
      }
    }

    console.log(`\n${RUNS} timed runs each, after one warm-up; median shown\n`);
    console.log('format  service time  size       peak RSS (VmHWM)  max sampled RSS  bare time  bare size  ratio service/bare');
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    for (const format of FORMATS) {
      const s = results[format].service;
      const b = results[format].bare;
      const time = median(s.map((r) => r.seconds));
      const bare = median(b.map((r) => r.seconds));
      console.log(
        `${format.padEnd(7)} ${`${time.toFixed(2)} s`.padEnd(13)} ${mb(s[0].bytes).padEnd(10)} ${(s.some((r) => r.peakRss) ? mb(Math.max(...s.map((r) => r.peakRss))) : '—').padEnd(17)} ${mb(Math.max(...s.map((r) => r.sampledRss))).padEnd(16)} ${`${bare.toFixed(2)} s`.padEnd(10)} ${mb(b[0].bytes).padEnd(10)} ${(time / bare).toFixed(2)}`,
      );
    }
    console.log(
      `\nall runs (s): ${FORMATS.map((f) => `${f} ${results[f].service.map((r) => r.seconds.toFixed(2)).join('/')} vs bare ${results[f].bare.map((r) => r.seconds.toFixed(2)).join('/')}`).join('; ')}`,
    );
  } finally {
    await cleanUpBench({ db, processes: [service], prefix, database, keep: KEEP });
  }
}

runBench(main);
