import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End of contract (Art. 28(3)(g)): one deletion task per data store of a terminated
 * agreement, and the export of the controller's records when it chose to get them back.
 */
export class ContractEnd1763719510000 implements MigrationInterface {
  name = 'ContractEnd1763719510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deletion_tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        data_store_id uuid NOT NULL,
        controller_id uuid NOT NULL,
        method text NOT NULL,
        status text NOT NULL DEFAULT 'scheduled',
        request_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        requested_at timestamptz,
        delivered_at timestamptz,
        delivery_attempts integer NOT NULL DEFAULT 0,
        last_delivery_error text,
        confirmed_at timestamptz,
        evidence text,
        confirmed_by_id text,
        confirmed_by_name text,
        late_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_deletion_task_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_deletion_task_data_store_id" UNIQUE (agreement_id, data_store_id),
        CONSTRAINT "CHK_deletion_task_method" CHECK (method IN ('webhook', 'manual')),
        CONSTRAINT "CHK_deletion_task_status" CHECK (status IN ('scheduled', 'requested', 'confirmed')),
        CONSTRAINT "CHK_deletion_task_requested" CHECK (status = 'scheduled' OR requested_at IS NOT NULL),
        CONSTRAINT "CHK_deletion_task_confirmed" CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL AND evidence IS NOT NULL)),
        CONSTRAINT "FK_deletion_task_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_deletion_task_data_store_id" FOREIGN KEY (data_store_id) REFERENCES agreement_data_stores(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_deletion_task_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_deletion_task_data_store_id" ON deletion_tasks (data_store_id)`);
    await q.query(`CREATE INDEX "IDX_deletion_task_controller_id" ON deletion_tasks (controller_id)`);
    await q.query(`CREATE INDEX "IDX_deletion_task_created" ON deletion_tasks (created_at, id)`);
    await q.query(`CREATE INDEX "IDX_deletion_task_outstanding" ON deletion_tasks (request_at) WHERE status <> 'confirmed'`);

    // content holds the exact bytes the checksum is over.
    await q.query(`
      CREATE TABLE data_exports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        controller_id uuid NOT NULL,
        media_type text NOT NULL,
        content bytea NOT NULL,
        byte_size integer NOT NULL,
        sha256 char(64) NOT NULL,
        record_counts jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_data_export_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_data_export_agreement_id" UNIQUE (agreement_id),
        CONSTRAINT "FK_data_export_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_data_export_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_data_export_controller_id" ON data_exports (controller_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE data_exports');
    await q.query('DROP TABLE deletion_tasks');
  }
}
