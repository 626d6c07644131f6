import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard: its sign-ins (a session per browser, tied to the API key it was opened
 * with), and an index for the missed deadlines Today lists beside the pending ones, which
 * have one already (IDX_deadline_pending_due).
 */
export class Dashboard1763719900000 implements MigrationInterface {
  name = 'Dashboard1763719900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dashboard_sessions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash char(64) NOT NULL,
        api_key_id uuid NOT NULL,
        csrf_token text NOT NULL,
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_dashboard_session_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_dashboard_session_token_hash" UNIQUE (token_hash),
        CONSTRAINT "FK_dashboard_session_api_key_id" FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_dashboard_session_api_key_id" ON dashboard_sessions (api_key_id)`);
    await q.query(`CREATE INDEX "IDX_dashboard_session_expires_at" ON dashboard_sessions (expires_at)`);
    await q.query(`CREATE INDEX "IDX_deadline_missed_due" ON deadlines (due_at) WHERE status = 'missed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_deadline_missed_due"`);
    await q.query(`DROP TABLE dashboard_sessions`);
  }
}
