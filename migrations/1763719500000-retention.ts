import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: one policy per record category (seeded with the defaults the officer can
 * edit), legal holds, sweep runs and the erasure ledger that proves each purge without
 * keeping what was purged.
 */
export class Retention1763719500000 implements MigrationInterface {
  name = 'Retention1763719500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retention_policies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        category text NOT NULL,
        period text NOT NULL,
        anchor text NOT NULL,
        action text NOT NULL,
        legal_basis text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_retention_policy_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_retention_policy_category" UNIQUE (category),
        CONSTRAINT "CHK_retention_policy_category" CHECK (category IN ('invoice', 'contact', 'incident')),
        CONSTRAINT "CHK_retention_policy_anchor" CHECK (anchor IN ('end_of_financial_year', 'event_day')),
        CONSTRAINT "CHK_retention_policy_action" CHECK (action IN ('delete', 'anonymize')),
        CONSTRAINT "CHK_retention_policy_period" CHECK (period ~ '^P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$' AND period <> 'P')
      )`);
    // Defaults, justified in retention/retention-categories.ts; the officer edits them via PUT.
    await q.query(`
      INSERT INTO retention_policies (category, period, anchor, action, legal_basis) VALUES
        ('invoice', 'P7Y', 'end_of_financial_year', 'anonymize', 'Art. 52(4) Algemene wet inzake rijksbelastingen: 7 years from the close of the financial year'),
        ('contact', 'P1Y', 'event_day', 'delete', 'Privacy statement: 1 year from the last activity with the contact person (Art. 5(1)(e) GDPR)'),
        ('incident', 'P5Y', 'event_day', 'anonymize', 'Art. 33(5) GDPR documentation duty; the AP may fine up to 5 years after the breach (Art. 5:45 Awb)')`);

    await q.query(`
      CREATE TABLE legal_holds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        controller_id uuid,
        category text,
        reason text NOT NULL,
        placed_at timestamptz NOT NULL,
        placed_by_id text NOT NULL,
        placed_by_name text NOT NULL,
        released_at timestamptz,
        released_by_id text,
        released_by_name text,
        release_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_legal_hold_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_legal_hold_scope" CHECK (controller_id IS NOT NULL OR category IS NOT NULL),
        CONSTRAINT "CHK_legal_hold_category" CHECK (category IS NULL OR category IN ('invoice', 'contact', 'incident')),
        CONSTRAINT "CHK_legal_hold_released" CHECK ((released_at IS NULL) = (released_by_id IS NULL)),
        CONSTRAINT "FK_legal_hold_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_legal_hold_controller_id" ON legal_holds (controller_id)`);
    await q.query(`CREATE INDEX "IDX_legal_hold_created" ON legal_holds (created_at, id)`);

    await q.query(`
      CREATE TABLE retention_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dry_run boolean NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        scheduler_job_id text,
        requested_by_id text NOT NULL,
        requested_by_name text NOT NULL,
        requested_by_role text NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        counts jsonb NOT NULL DEFAULT '{}',
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_retention_run_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_retention_run_scheduler_job_id" UNIQUE (scheduler_job_id),
        CONSTRAINT "CHK_retention_run_trigger" CHECK (trigger IN ('manual', 'schedule')),
        CONSTRAINT "CHK_retention_run_status" CHECK (status IN ('queued', 'running', 'completed', 'failed'))
      )`);
    await q.query(`CREATE INDEX "IDX_retention_run_created" ON retention_runs (created_at, id)`);
    await q.query(`CREATE INDEX "IDX_retention_run_unfinished" ON retention_runs (created_at) WHERE status IN ('queued', 'running', 'failed')`);

    // One row per committed batch: what, how many, under which policy as it then read.
    await q.query(`
      CREATE TABLE erasure_ledger (
        id bigserial NOT NULL,
        run_id uuid NOT NULL,
        category text NOT NULL,
        policy_id uuid NOT NULL,
        policy_period text NOT NULL,
        policy_anchor text NOT NULL,
        action text NOT NULL,
        cutoff timestamptz NOT NULL,
        record_count integer NOT NULL,
        erased_at timestamptz NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_erasure_ledger_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_erasure_ledger_action" CHECK (action IN ('delete', 'anonymize')),
        CONSTRAINT "CHK_erasure_ledger_record_count" CHECK (record_count > 0),
        CONSTRAINT "FK_erasure_ledger_run_id" FOREIGN KEY (run_id) REFERENCES retention_runs(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_erasure_ledger_policy_id" FOREIGN KEY (policy_id) REFERENCES retention_policies(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_erasure_ledger_run_id" ON erasure_ledger (run_id, category)`);
    await q.query(`CREATE INDEX "IDX_erasure_ledger_policy_id" ON erasure_ledger (policy_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['erasure_ledger', 'retention_runs', 'legal_holds', 'retention_policies']) await q.query(`DROP TABLE ${table}`);
  }
}
