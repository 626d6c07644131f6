/**
 * The bare baseline of the exports bench: the breach register as CSV with nothing but
 * node:http and pg, as a capable engineer would write it by hand — one SQL statement (the
 * controllers and deadlines aggregated in it) behind a server-side cursor, each FETCH
 * written straight to the socket, the next one only after the socket drained.
 *
 *   DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/exports/bare-server.ts
 */
import http from 'node:http';
import { once } from 'node:events';
import { Pool } from 'pg';

const PER_FETCH = 1000;
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

const SQL = `
  SELECT i.id, i.status, i.role, i.title, i.description, i.processor_id, i.sub_processor_id,
         (SELECT string_agg(ic.controller_id::text, '; ' ORDER BY ic.controller_id) FROM incident_controllers ic WHERE ic.incident_id = i.id),
         i.aware_at, i.occurred_at, i.ended_at, array_to_string(i.nature, '; '), array_to_string(i.data_categories, '; '), array_to_string(i.special_categories, '; '),
         i.approx_data_subjects, i.approx_records, i.likely_consequences, i.measures_taken, i.risk_level, i.risk_reasoning,
         i.no_authority_notification_reason, i.data_subject_exemption || ': ' || i.data_subject_exemption_justification, i.departure_reason,
         (SELECT string_agg(d.kind || ' ' || d.status || ' due ' || to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '; ' ORDER BY d.due_at, d.id)
            FROM deadlines d WHERE d.subject_type = 'incident' AND d.subject_id = i.id),
         i.closed_at, i.closing_note
    FROM incidents i ORDER BY i.created_at DESC, i.id DESC`;

const HEADER =
  'id,status,role,title,description,processorId,subProcessorId,affectedControllerIds,awareAt,occurredAt,endedAt,nature,dataCategories,specialCategories,approxDataSubjects,approxRecords,likelyConsequences,measuresTaken,riskLevel,riskReasoning,noAuthorityNotificationReason,dataSubjectExemption,departureReason,deadlines,closedAt,closingNote\r\n';

function field(value: unknown): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : `${value as string | number}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function register(res: http.ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE register NO SCROLL CURSOR FOR ${SQL}`);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.write(`\uFEFF${HEADER}`);
    for (;;) {
      const { rows } = await client.query<unknown[]>({ text: `FETCH ${PER_FETCH} FROM register`, rowMode: 'array' });
      if (rows.length > 0 && !res.write(rows.map((row) => `${row.map(field).join(',')}\r\n`).join(''))) await once(res, 'drain');
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
    register(res).catch((error: unknown) => res.destroy(error as Error));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
