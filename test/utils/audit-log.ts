import { DataSource } from 'typeorm';

export interface AuditRow {
  id: string;
  action: string;
  actor_id: string;
  actor_name: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

/**
 * Audit entries (alias `a` in `where`) in chain order, with the payload kept apart from the
 * chain read back as `before`/`after` (null once erased).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the payload's fields freely
export async function auditEntries(db: DataSource, where: string, params: unknown[] = []): Promise<(AuditRow & { before: any; after: any })[]> {
  return db.query(
    `SELECT a.id::text AS id, a.action, a.actor_id, a.actor_name, a.entity_type, a.entity_id, (p.payload::jsonb) -> 'before' AS before, (p.payload::jsonb) -> 'after' AS after
     FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id WHERE ${where} ORDER BY a.id`,
    params,
  );
}
