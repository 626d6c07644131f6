import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One agreement lifecycle: the status (scheduled, active, terminating, ended) is derived
 * from the dates, so the stored column — which said `terminated` from the day notice was
 * given and never said `ended` — goes. Nothing wrote `ended` through the API; a row stored
 * so without a date of its own ends at its last update, so it stays ended.
 *
 * An agreement that reaches endsAt starts the contract-end flow: `end_reached_at` says it
 * did, and `ending_notice_for` which endsAt the `agreement.ending` notice announced.
 */
export class AgreementLifecycle1763719730000 implements MigrationInterface {
  name = 'AgreementLifecycle1763719730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE processing_agreements SET ends_at = greatest(updated_at, effective_from + interval '1 millisecond')
       WHERE status = 'ended' AND ends_at IS NULL AND termination_effective_at IS NULL`);
    await q.query(`UPDATE processing_agreements SET terminated_at = coalesce(terminated_at, updated_at) WHERE termination_effective_at IS NOT NULL`);
    await q.query(`ALTER TABLE processing_agreements DROP CONSTRAINT "CHK_processing_agreement_status"`);
    await q.query(`ALTER TABLE processing_agreements DROP COLUMN status`);
    await q.query(`ALTER TABLE processing_agreements ADD COLUMN end_reached_at timestamptz, ADD COLUMN ending_notice_for timestamptz`);
    await q.query(`
      ALTER TABLE processing_agreements
        ADD CONSTRAINT "CHK_processing_agreement_termination" CHECK ((terminated_at IS NULL) = (termination_effective_at IS NULL)),
        ADD CONSTRAINT "CHK_processing_agreement_ends_after_start" CHECK (ends_at IS NULL OR ends_at > effective_from)`);
    // What the end-of-term reconcile reads: open-ended and terminated agreements are not in it.
    await q.query(`CREATE INDEX "IDX_processing_agreement_term_end" ON processing_agreements (id) WHERE ends_at IS NOT NULL AND terminated_at IS NULL AND end_reached_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_processing_agreement_term_end"`);
    await q.query(`ALTER TABLE processing_agreements DROP CONSTRAINT "CHK_processing_agreement_ends_after_start", DROP CONSTRAINT "CHK_processing_agreement_termination"`);
    await q.query(`ALTER TABLE processing_agreements DROP COLUMN ending_notice_for, DROP COLUMN end_reached_at`);
    await q.query(`ALTER TABLE processing_agreements ADD COLUMN status text`);
    await q.query(`
      UPDATE processing_agreements SET status = CASE
        WHEN least(ends_at, termination_effective_at) <= now() THEN 'ended'
        WHEN terminated_at IS NOT NULL THEN 'terminated'
        WHEN effective_from > now() THEN 'scheduled'
        ELSE 'active' END`);
    await q.query(`ALTER TABLE processing_agreements ALTER COLUMN status SET NOT NULL`);
    await q.query(`ALTER TABLE processing_agreements ADD CONSTRAINT "CHK_processing_agreement_status" CHECK (status IN ('scheduled', 'active', 'terminated', 'ended'))`);
  }
}
