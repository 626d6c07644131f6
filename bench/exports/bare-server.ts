/**
 * The bare baseline of the exports bench: the service's three CSVs with nothing but node:http
 * and pg, as a capable engineer would write them by hand — one SQL statement per download
 * (the register's controllers and deadlines worked out in it; an agreement's stored gaps, with
 * what they ask looked up in Node) behind a server-side cursor, each FETCH written straight to the socket, the next one
 * only after the socket drained. `/incidents`, `/controllers`, `/gaps`: the same bytes as the
 * service's CSVs of the bench's data (the bench compares the sizes).
 *
 *   DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/exports/bare-server.ts
 */
import http from 'node:http';
import { once } from 'node:events';
import { Pool } from 'pg';
import { GAP_KEYS, gapDescription } from '../../src/agreements/agreement-gaps';

const PER_FETCH = 1000;
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

const REGISTER_SQL = `
  SELECT i.id, i.status, i.role, i.title, i.description, i.processor_id, i.sub_processor_id,
         (SELECT string_agg(ic.controller_id::text, '; ' ORDER BY ic.controller_id) FROM incident_controllers ic WHERE ic.incident_id = i.id),
         i.aware_at, i.occurred_at, i.ended_at, array_to_string(i.nature, '; '), array_to_string(i.data_categories, '; '), array_to_string(i.special_categories, '; '),
         i.approx_data_subjects, i.approx_records, i.likely_consequences, i.measures_taken, i.risk_level, i.risk_reasoning,
         i.no_authority_notification_reason, i.data_subject_exemption || ': ' || i.data_subject_exemption_justification, i.departure_reason,
         (SELECT string_agg(d.kind || ' ' || d.status || ' due ' || to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '; ' ORDER BY d.due_at, d.id)
            FROM deadlines d WHERE d.subject_type = 'incident' AND d.subject_id = i.id),
         i.closed_at, i.closing_note
    FROM incidents i ORDER BY i.created_at DESC, i.id DESC`;

const REGISTER_HEADER =
  'id,status,role,title,description,processorId,subProcessorId,affectedControllerIds,awareAt,occurredAt,endedAt,nature,dataCategories,specialCategories,approxDataSubjects,approxRecords,likelyConsequences,measuresTaken,riskLevel,riskReasoning,noAuthorityNotificationReason,dataSubjectExemption,departureReason,deadlines,closedAt,closingNote\r\n';

const CONTROLLERS_SQL = `
  SELECT id, name, country, kvk_number, contact_email, dpo_name, dpo_email, created_at, updated_at FROM data_controllers ORDER BY name, id`;
const CONTROLLERS_HEADER = 'id,name,country,kvkNumber,contactEmail,dpoName,dpoEmail,createdAt,updatedAt\r\n';

/** What each part of Art. 28(3) and each particular asks, in the service's words, by gap. */
const ASKS = new Map(GAP_KEYS.map((key) => [key, gapDescription(key)]));
/** The gaps as Postgres keeps them (the stored column), which is what a hand-written export would read too. */
const GAPS_SQL = `
  SELECT a.id, a.reference,
         CASE WHEN a.effective_from > now() THEN 'scheduled' WHEN a.terminated_at <= now() THEN 'terminating' ELSE 'active' END,
         a.controller_id, c.name, a.processor_id, a.gaps
    FROM processing_agreements a JOIN data_controllers c ON c.id = a.controller_id
   WHERE cardinality(a.gaps) > 0 AND (a.ends_at IS NULL OR a.ends_at > now()) AND (a.termination_effective_at IS NULL OR a.termination_effective_at > now())
   ORDER BY a.reference, a.id`;
/** The gaps as the CSV has them, and what they ask, looked up in Node (cheaper than a subquery per row). */
function withAsks(row: unknown[]): unknown[] {
  const gaps = row[6] as string[];
  return [...row.slice(0, 6), gaps.join('; '), gaps.map((gap) => ASKS.get(gap as (typeof GAP_KEYS)[number])).join('\n')];
}
const GAPS_HEADER = 'id,reference,status,controllerId,controllerName,processorId,gaps,missing\r\n';

interface Download {
  sql: string;
  header: string;
  /** A row's values as the CSV's fields, where they are not already. */
  fields?: (row: unknown[]) => unknown[];
}

const DOWNLOADS: Record<string, Download> = {
  '/incidents': { sql: REGISTER_SQL, header: REGISTER_HEADER },
  '/controllers': { sql: CONTROLLERS_SQL, header: CONTROLLERS_HEADER },
  '/gaps': { sql: GAPS_SQL, header: GAPS_HEADER, fields: withAsks },
};

function field(value: unknown): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : `${value as string | number}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function download(res: http.ServerResponse, { sql, header, fields = (row) => row }: Download): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE csv NO SCROLL CURSOR FOR ${sql}`);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.write(`\uFEFF${header}`);
    for (;;) {
      const { rows } = await client.query<unknown[]>({ text: `FETCH ${PER_FETCH} FROM csv`, rowMode: 'array' });
      if (rows.length > 0 && !res.write(rows.map((row) => `${fields(row).map(field).join(',')}\r\n`).join(''))) await once(res, 'drain');
      if (rows.length < PER_FETCH) break;
    }
    res.end();
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

http
  .createServer((req, res) => {
    if (req.url === '/health') return void res.end('ok');
    const csv = DOWNLOADS[req.url ?? ''];
    if (!csv) return void res.writeHead(404).end();
    download(res, csv).catch((error: unknown) => res.destroy(error as Error));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
