import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: API keys, the hash-chained audit log, the registry (processors,
 * controllers with their contacts and invoices, agreements with their data stores,
 * sub-processors) and the one table of timed obligations.
 */
export class RegistryAndFoundation1763719200000 implements MigrationInterface {
  name = 'RegistryAndFoundation1763719200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE processors (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country char(2) NOT NULL,
        kvk_number char(8),
        contact_email text,
        dpo_name text,
        dpo_email text,
        security_measures text[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_processor_id" PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX "IDX_processor_created" ON processors (created_at, id)`);

    await q.query(`
      CREATE TABLE data_controllers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country char(2) NOT NULL,
        kvk_number char(8),
        contact_email text,
        dpo_email text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_data_controller_id" PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX "IDX_data_controller_created" ON data_controllers (created_at, id)`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        processor_id uuid,
        key_hash char(64) NOT NULL,
        key_prefix varchar(16) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT "PK_api_key_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_api_key_hash" UNIQUE (key_hash),
        CONSTRAINT "CHK_api_key_role" CHECK (role IN ('admin', 'officer', 'reporter', 'auditor')),
        CONSTRAINT "CHK_api_key_reporter_bound" CHECK ((role = 'reporter') = (processor_id IS NOT NULL)),
        CONSTRAINT "FK_api_key_processor_id" FOREIGN KEY (processor_id) REFERENCES processors(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_api_key_processor_id" ON api_keys (processor_id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT "PK_audit_log_id" PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX "IDX_audit_log_entity" ON audit_log (entity_type, entity_id)`);

    // Contacts: personal data under the 1-year policy; anonymised rows keep their shell.
    await q.query(`
      CREATE TABLE contacts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        controller_id uuid NOT NULL,
        name text,
        email text,
        phone text,
        role text,
        last_activity_at timestamptz NOT NULL,
        anonymized_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_contact_id" PRIMARY KEY (id),
        CONSTRAINT "FK_contact_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_contact_controller_id" ON contacts (controller_id, created_at, id)`);
    await q.query(`CREATE INDEX "IDX_contact_last_activity_at" ON contacts (last_activity_at) WHERE anonymized_at IS NULL`);

    // Invoices: the fiscal 7-year policy; amounts survive anonymisation.
    await q.query(`
      CREATE TABLE invoices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        controller_id uuid NOT NULL,
        number text NOT NULL,
        issued_at timestamptz NOT NULL,
        amount_cents bigint NOT NULL,
        currency char(3) NOT NULL DEFAULT 'EUR',
        billing_name text,
        billing_address text,
        billing_email text,
        anonymized_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_invoice_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_invoice_controller_number" UNIQUE (controller_id, number),
        CONSTRAINT "FK_invoice_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_invoice_controller_id" ON invoices (controller_id, created_at, id)`);
    await q.query(`CREATE INDEX "IDX_invoice_issued_at" ON invoices (issued_at) WHERE anonymized_at IS NULL`);

    await q.query(`
      CREATE TABLE processing_agreements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        controller_id uuid NOT NULL,
        processor_id uuid NOT NULL,
        reference text NOT NULL,
        status text NOT NULL,
        subject_matter text,
        nature_of_processing text,
        effective_from timestamptz NOT NULL,
        ends_at timestamptz,
        breach_notification_hours integer NOT NULL,
        purposes text[] NOT NULL,
        data_categories text[] NOT NULL,
        data_subject_categories text[] NOT NULL,
        special_categories text[] NOT NULL DEFAULT '{}',
        sub_processor_authorization text NOT NULL,
        objection_period_days integer,
        end_of_contract_action text NOT NULL,
        end_of_contract_within_days integer NOT NULL,
        obligations jsonb NOT NULL DEFAULT '{}',
        terminated_at timestamptz,
        termination_effective_at timestamptz,
        termination_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_processing_agreement_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_processing_agreement_processor_reference" UNIQUE (processor_id, reference),
        CONSTRAINT "CHK_processing_agreement_status" CHECK (status IN ('scheduled', 'active', 'terminated', 'ended')),
        CONSTRAINT "CHK_processing_agreement_breach_hours" CHECK (breach_notification_hours BETWEEN 1 AND 72),
        CONSTRAINT "CHK_processing_agreement_authorization" CHECK (sub_processor_authorization IN ('specific', 'general')),
        CONSTRAINT "CHK_processing_agreement_eoc_action" CHECK (end_of_contract_action IN ('delete', 'return', 'return_and_delete')),
        CONSTRAINT "CHK_processing_agreement_eoc_days" CHECK (end_of_contract_within_days >= 0),
        CONSTRAINT "FK_processing_agreement_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_processing_agreement_processor_id" FOREIGN KEY (processor_id) REFERENCES processors(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_processing_agreement_controller_id" ON processing_agreements (controller_id)`);
    await q.query(`CREATE INDEX "IDX_processing_agreement_processor_id" ON processing_agreements (processor_id)`);
    await q.query(`CREATE INDEX "IDX_processing_agreement_created" ON processing_agreements (created_at, id)`);

    await q.query(`
      CREATE TABLE agreement_data_stores (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        name text NOT NULL,
        erasure_method text NOT NULL,
        erasure_url text,
        erasure_secret text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_agreement_data_store_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_agreement_data_store_name" UNIQUE (agreement_id, name),
        CONSTRAINT "CHK_agreement_data_store_method" CHECK (erasure_method IN ('webhook', 'manual')),
        CONSTRAINT "CHK_agreement_data_store_url" CHECK (erasure_method <> 'webhook' OR erasure_url IS NOT NULL),
        CONSTRAINT "FK_agreement_data_store_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE sub_processors (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        processor_id uuid NOT NULL,
        name text NOT NULL,
        service text NOT NULL,
        country char(2) NOT NULL,
        transfer_mechanism text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_sub_processor_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_sub_processor_transfer_mechanism" CHECK (transfer_mechanism IS NULL OR transfer_mechanism IN ('adequacy', 'scc', 'bcr', 'derogation')),
        CONSTRAINT "FK_sub_processor_processor_id" FOREIGN KEY (processor_id) REFERENCES processors(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_sub_processor_processor_id" ON sub_processors (processor_id, created_at, id)`);

    // Which agreements' data a sub-processor touches, and whether that controller authorised it.
    await q.query(`
      CREATE TABLE sub_processor_agreements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sub_processor_id uuid NOT NULL,
        agreement_id uuid NOT NULL,
        status text NOT NULL,
        announced_at timestamptz NOT NULL,
        decided_at timestamptz,
        decision_note text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_sub_processor_agreement_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_sub_processor_agreement" UNIQUE (sub_processor_id, agreement_id),
        CONSTRAINT "CHK_sub_processor_agreement_status" CHECK (status IN ('pending_objection', 'pending_approval', 'authorized', 'objected', 'rejected')),
        CONSTRAINT "FK_sub_processor_agreement_sub_processor_id" FOREIGN KEY (sub_processor_id) REFERENCES sub_processors(id) ON DELETE CASCADE,
        CONSTRAINT "FK_sub_processor_agreement_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_sub_processor_agreement_agreement_id" ON sub_processor_agreements (agreement_id)`);

    // Every timed obligation. The subject is polymorphic (incident, sub-processor link,
    // agreement, deletion task, request); the owning module keeps it consistent.
    await q.query(`
      CREATE TABLE deadlines (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        controller_id uuid,
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        met_at timestamptz,
        late_reason text,
        missed_at timestamptz,
        cancelled_reason text,
        reminders_sent jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_deadline_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_deadline_kind" CHECK (kind IN ('controller_notification', 'authority_notification', 'data_subject_notification', 'objection_window', 'contract_end_deletion', 'dsr_response')),
        CONSTRAINT "CHK_deadline_status" CHECK (status IN ('pending', 'met', 'met_late', 'missed', 'cancelled')),
        CONSTRAINT "CHK_deadline_window" CHECK (due_at >= starts_at),
        CONSTRAINT "CHK_deadline_late_reason" CHECK (status <> 'met_late' OR late_reason IS NOT NULL),
        CONSTRAINT "FK_deadline_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_deadline_subject" ON deadlines (subject_type, subject_id)`);
    await q.query(`CREATE INDEX "IDX_deadline_controller_id" ON deadlines (controller_id)`);
    await q.query(`CREATE INDEX "IDX_deadline_pending_due" ON deadlines (due_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "IDX_deadline_created" ON deadlines (created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'deadlines',
      'sub_processor_agreements',
      'sub_processors',
      'agreement_data_stores',
      'processing_agreements',
      'invoices',
      'contacts',
      'audit_log',
      'api_keys',
      'data_controllers',
      'processors',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
