/**
 * The bare baseline of the exports bench: the service's three CSVs with nothing but node:http
 * and pg, as a capable engineer would write them by hand — one SQL statement per download
 * (the register's controllers and deadlines, an agreement's stored gaps and what they ask,
 * worked out in it) behind a server-side cursor, each FETCH written straight to the socket, the next one
 * only after the socket drained. `/incidents`, `/controllers`, `/gaps`: the same bytes as the
 * service's CSVs of the bench's data (the bench compares the sizes).
 *
 *   DATABASE_URL=… PORT=… node -r ts-node/register/transpile-only bench/exports/bare-server.ts
 */
import http from 'node:http';
import { once } from 'node:events';
import { Pool } from 'pg';

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

/** What each part of Art. 28(3) and each particular asks, in the service's order. */
const ASKS = `(VALUES
  (1, 'a', 'process the personal data only on documented instructions from the controller'),
  (2, 'b', 'ensure that persons authorised to process the data are bound to confidentiality'),
  (3, 'c', 'take the security measures required by Art. 32'),
  (4, 'd', 'respect the conditions for engaging another processor (sub-processor)'),
  (5, 'e', 'assist the controller in answering data subject requests'),
  (6, 'f', 'assist with security, breach notification, DPIA and prior consultation (Art. 32-36)'),
  (7, 'g', 'delete or return all personal data at the end of the services'),
  (8, 'h', 'make available all information needed to demonstrate compliance and allow for audits'),
  (9, 'subjectMatter', 'the subject matter of the processing'),
  (10, 'natureOfProcessing', 'the nature of the processing'),
  (11, 'purposes', 'the purpose of the processing'),
  (12, 'dataCategories', 'the type of personal data'),
  (13, 'dataSubjectCategories', 'the categories of data subjects')) AS o(n, key, asks)`;
/** The gaps as Postgres keeps them (the stored column), which is what a hand-written export would read too. */
const GAPS_SQL = `
  SELECT a.id, a.reference,
         CASE WHEN a.effective_from > now() THEN 'scheduled' WHEN a.terminated_at <= now() THEN 'terminating' ELSE 'active' END,
         a.controller_id, c.name, a.processor_id, array_to_string(a.gaps, '; '),
         (SELECT string_agg(o.asks, E'\n' ORDER BY o.n) FROM ${ASKS} WHERE o.key = ANY (a.gaps))
    FROM processing_agreements a JOIN data_controllers c ON c.id = a.controller_id
   WHERE cardinality(a.gaps) > 0 AND (a.ends_at IS NULL OR a.ends_at > now()) AND (a.termination_effective_at IS NULL OR a.termination_effective_at > now())
   ORDER BY a.reference, a.id`;
const GAPS_HEADER = 'id,reference,status,controllerId,controllerName,processorId,gaps,missing\r\n';

const DOWNLOADS: Record<string, { sql: string; header: string }> = {
  '/incidents': { sql: REGISTER_SQL, header: REGISTER_HEADER },
  '/controllers': { sql: CONTROLLERS_SQL, header: CONTROLLERS_HEADER },
  '/gaps': { sql: GAPS_SQL, header: GAPS_HEADER },
};

function field(value: unknown): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : `${value as string | number}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function download(res: http.ServerResponse, { sql, header }: { sql: string; header: string }): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE csv NO SCROLL CURSOR FOR ${sql}`);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.write(`\uFEFF${header}`);
    for (;;) {
      const { rows } = await client.query<unknown[]>({ text: `FETCH ${PER_FETCH} FROM csv`, rowMode: 'array' });
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
    const csv = DOWNLOADS[req.url ?? ''];
    if (!csv) return void res.writeHead(404).end();
    download(res, csv).catch((error: unknown) => res.destroy(error as Error));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
