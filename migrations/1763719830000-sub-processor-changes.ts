import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sub-processor changes that reach the controller (issue 9, section 3). A link can now end
 * (the sub-processor is no longer used for that agreement, or was replaced); it says what
 * was announced (a new one, a replacement, a change of an existing one) and, for a change,
 * the terms it was authorised under before; an objection is kept with its resolution, so
 * an unresolved one stays listed. A sub-processor can be ended as a whole, and a data store
 * can name the sub-processor that holds it, so a blocked one can be flagged there.
 * Existing objected links get their objection from the decision they already hold.
 */
export class SubProcessorChanges1763719830000 implements MigrationInterface {
  name = 'SubProcessorChanges1763719830000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sub_processors ADD COLUMN ended_at timestamptz`);
    await q.query(`ALTER TABLE sub_processor_agreements DROP CONSTRAINT "CHK_sub_processor_agreement_status"`);
    await q.query(`
      ALTER TABLE sub_processor_agreements
        ADD COLUMN announcement text NOT NULL DEFAULT 'addition',
        ADD COLUMN replaces_sub_processor_id uuid,
        ADD COLUMN previous_terms jsonb,
        ADD COLUMN objected_at timestamptz,
        ADD COLUMN objection_reason text,
        ADD COLUMN objection_resolution text,
        ADD COLUMN objection_resolved_at timestamptz,
        ADD COLUMN objection_resolution_note text,
        ADD COLUMN ended_at timestamptz,
        ADD CONSTRAINT "CHK_sub_processor_agreement_status" CHECK (status IN ('pending_objection', 'pending_approval', 'authorized', 'objected', 'rejected', 'ended')),
        ADD CONSTRAINT "CHK_sub_processor_agreement_announcement" CHECK (announcement IN ('addition', 'replacement', 'change')),
        ADD CONSTRAINT "CHK_sub_processor_agreement_resolution" CHECK (objection_resolution IS NULL OR objection_resolution IN ('withdrawn', 'agreement_terminated')),
        ADD CONSTRAINT "CHK_sub_processor_agreement_ended" CHECK (status <> 'ended' OR ended_at IS NOT NULL),
        ADD CONSTRAINT "FK_sub_processor_agreement_replaces_id" FOREIGN KEY (replaces_sub_processor_id) REFERENCES sub_processors(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX "IDX_sub_processor_agreement_replaces_id" ON sub_processor_agreements (replaces_sub_processor_id)`);
    // The dashboard's feed: objections still open, oldest first.
    await q.query(`CREATE INDEX "IDX_sub_processor_agreement_open_objection" ON sub_processor_agreements (objected_at, id) WHERE status = 'objected'`);
    await q.query(`UPDATE sub_processor_agreements SET objected_at = decided_at, objection_reason = decision_note WHERE status = 'objected'`);

    await q.query(`
      ALTER TABLE agreement_data_stores
        ADD COLUMN sub_processor_id uuid,
        ADD CONSTRAINT "FK_agreement_data_store_sub_processor_id" FOREIGN KEY (sub_processor_id) REFERENCES sub_processors(id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX "IDX_agreement_data_store_sub_processor_id" ON agreement_data_stores (sub_processor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement_data_stores DROP COLUMN sub_processor_id`);
    await q.query(`DELETE FROM sub_processor_agreements WHERE status = 'ended'`);
    await q.query(`ALTER TABLE sub_processor_agreements DROP CONSTRAINT "CHK_sub_processor_agreement_status"`);
    await q.query(`
      ALTER TABLE sub_processor_agreements
        DROP COLUMN announcement, DROP COLUMN replaces_sub_processor_id, DROP COLUMN previous_terms, DROP COLUMN objected_at, DROP COLUMN objection_reason,
        DROP COLUMN objection_resolution, DROP COLUMN objection_resolved_at, DROP COLUMN objection_resolution_note, DROP COLUMN ended_at,
        ADD CONSTRAINT "CHK_sub_processor_agreement_status" CHECK (status IN ('pending_objection', 'pending_approval', 'authorized', 'objected', 'rejected'))`);
    await q.query(`ALTER TABLE sub_processors DROP COLUMN ended_at`);
  }
}
