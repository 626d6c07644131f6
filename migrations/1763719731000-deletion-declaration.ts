import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deletion certificate that is never false. Each store's confirmation names the person
 * who gives it with their function, and what was returned (where, with which checksum,
 * when the controller chose return). An agreement without data stores is confirmed by a
 * person who records what was erased or returned, where, and with what evidence.
 */
export class DeletionDeclaration1763719731000 implements MigrationInterface {
  name = 'DeletionDeclaration1763719731000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deletion_tasks
        ADD COLUMN confirmed_by_function text,
        ADD COLUMN returned_location text,
        ADD COLUMN returned_checksum text,
        ADD COLUMN returned_description text,
        ADD CONSTRAINT "CHK_deletion_task_returned" CHECK (returned_location IS NOT NULL OR (returned_checksum IS NULL AND returned_description IS NULL))`);
    await q.query(`
      CREATE TABLE deletion_confirmations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        controller_id uuid NOT NULL,
        erased text NOT NULL,
        location text NOT NULL,
        evidence text NOT NULL,
        confirmed_by_name text NOT NULL,
        confirmed_by_function text NOT NULL,
        confirmed_at timestamptz NOT NULL,
        late_reason text,
        recorded_by_id text NOT NULL,
        recorded_by_name text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_deletion_confirmation_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_deletion_confirmation_agreement_id" UNIQUE (agreement_id),
        CONSTRAINT "FK_deletion_confirmation_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_deletion_confirmation_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_deletion_confirmation_controller_id" ON deletion_confirmations (controller_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE deletion_confirmations');
    await q.query(`
      ALTER TABLE deletion_tasks
        DROP CONSTRAINT "CHK_deletion_task_returned",
        DROP COLUMN returned_description,
        DROP COLUMN returned_checksum,
        DROP COLUMN returned_location,
        DROP COLUMN confirmed_by_function`);
  }
}
