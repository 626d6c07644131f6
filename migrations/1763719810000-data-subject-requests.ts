import { MigrationInterface, QueryRunner } from 'typeorm';

const CATEGORIES_BEFORE = ['invoice', 'contact', 'incident', 'data_export', 'webhook_delivery', 'email_message', 'idempotency_key'];
const CATEGORIES_AFTER = [...CATEGORIES_BEFORE, 'data_subject_request'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Data-subject requests (Art. 12, 15–22, 28(3)(e) GDPR): the requests with the dates their
 * clocks run from; the agreement's term for forwarding one to the controller (null where
 * the agreement is silent: 72 hours then); a retention category that anonymises the
 * requester three years after completion; and a retention run started by an erasure
 * request, so erasing one contact leaves its erasure-ledger entry like a sweep does.
 */
export class DataSubjectRequests1763719810000 implements MigrationInterface {
  name = 'DataSubjectRequests1763719810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processing_agreements ADD COLUMN data_subject_request_forwarding_hours integer`);
    await q.query(`ALTER TABLE processing_agreements ADD CONSTRAINT "CHK_processing_agreement_dsr_forwarding_hours" CHECK (data_subject_request_forwarding_hours BETWEEN 1 AND 720)`);

    await q.query(`
      CREATE TABLE data_subject_requests (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        type text NOT NULL,
        role text NOT NULL,
        status text NOT NULL,
        channel text,
        received_at timestamptz NOT NULL,
        requester_name text,
        requester_email text,
        controller_id uuid,
        agreement_id uuid,
        contact_id uuid,
        description text,
        forwarding_hours integer,
        response_starts_at timestamptz,
        due_at timestamptz(3) NOT NULL,
        identity_requested_at timestamptz,
        identity_received_at timestamptz,
        forwarded_at timestamptz,
        assistance text,
        extended_at timestamptz,
        extension_reason text,
        extension_notified_at timestamptz,
        completed_at timestamptz,
        outcome text,
        outcome_reason text,
        complaint_info_given boolean,
        contact_erased_at timestamptz,
        contact_erasure_ledger_id bigint,
        anonymized_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_data_subject_request_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_data_subject_request_type" CHECK (type IN ('access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'automated_decision')),
        CONSTRAINT "CHK_data_subject_request_role" CHECK (role IN ('processor', 'controller')),
        CONSTRAINT "CHK_data_subject_request_status" CHECK (status IN ('received', 'awaiting_identity', 'forwarded', 'extended', 'completed')),
        CONSTRAINT "CHK_data_subject_request_outcome" CHECK (outcome IS NULL OR outcome IN ('fulfilled', 'partly_fulfilled', 'refused', 'manifestly_unfounded', 'excessive')),
        CONSTRAINT "CHK_data_subject_request_completed" CHECK ((status = 'completed') = (completed_at IS NOT NULL) AND (completed_at IS NULL) = (outcome IS NULL)),
        CONSTRAINT "CHK_data_subject_request_processor" CHECK (role = 'controller' OR (controller_id IS NOT NULL AND forwarding_hours BETWEEN 1 AND 720)),
        CONSTRAINT "FK_data_subject_request_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_data_subject_request_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_data_subject_request_contact_id" FOREIGN KEY (contact_id) REFERENCES contacts(id) ON DELETE SET NULL,
        CONSTRAINT "FK_data_subject_request_ledger_id" FOREIGN KEY (contact_erasure_ledger_id) REFERENCES erasure_ledger(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_controller_id" ON data_subject_requests (controller_id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_agreement_id" ON data_subject_requests (agreement_id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_contact_id" ON data_subject_requests (contact_id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_ledger_id" ON data_subject_requests (contact_erasure_ledger_id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_created" ON data_subject_requests (created_at, id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_due" ON data_subject_requests (due_at, id)`);
    await q.query(`CREATE INDEX "IDX_data_subject_request_completed_at" ON data_subject_requests (completed_at) WHERE anonymized_at IS NULL`);

    await this.categories(q, CATEGORIES_AFTER);
    await q.query(`
      INSERT INTO retention_policies (category, period, anchor, action, legal_basis) VALUES
        ('data_subject_request', 'P3Y', 'event_day', 'anonymize', 'Art. 5(2) and 12 GDPR: proof that a request was answered in time and how; 3 years after completion covers a complaint to the AP or a court, then the requester is anonymised')`);
    await this.runTriggers(q, ['manual', 'schedule', 'erasure_request']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM erasure_ledger WHERE run_id IN (SELECT id FROM retention_runs WHERE trigger = 'erasure_request')`);
    await q.query(`DELETE FROM retention_runs WHERE trigger = 'erasure_request'`);
    await this.runTriggers(q, ['manual', 'schedule']);
    await q.query(`DELETE FROM retention_policies WHERE category = 'data_subject_request'`);
    await this.categories(q, CATEGORIES_BEFORE);
    await q.query(`DROP TABLE data_subject_requests`);
    await q.query(`ALTER TABLE processing_agreements DROP COLUMN data_subject_request_forwarding_hours`);
  }

  private async categories(q: QueryRunner, categories: string[]): Promise<void> {
    await q.query(`ALTER TABLE retention_policies DROP CONSTRAINT "CHK_retention_policy_category"`);
    await q.query(`ALTER TABLE retention_policies ADD CONSTRAINT "CHK_retention_policy_category" CHECK (category IN (${list(categories)}))`);
    await q.query(`ALTER TABLE legal_holds DROP CONSTRAINT "CHK_legal_hold_category"`);
    await q.query(`ALTER TABLE legal_holds ADD CONSTRAINT "CHK_legal_hold_category" CHECK (category IS NULL OR category IN (${list(categories)}))`);
  }

  private async runTriggers(q: QueryRunner, triggers: string[]): Promise<void> {
    await q.query(`ALTER TABLE retention_runs DROP CONSTRAINT "CHK_retention_run_trigger"`);
    await q.query(`ALTER TABLE retention_runs ADD CONSTRAINT "CHK_retention_run_trigger" CHECK (trigger IN (${list(triggers)}))`);
  }
}
