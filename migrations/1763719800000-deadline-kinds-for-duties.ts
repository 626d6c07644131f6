import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clocks of the officer's other duties: forwarding a data-subject request to the
 * controller (`dsr_forward`), telling the requester of an extension within the first month
 * (`dsr_extension_notice`), and a specific authorisation's approval asked by a date
 * (`approval_request`). `dsr_response` was reserved from the start.
 */
export class DeadlineKindsForDuties1763719800000 implements MigrationInterface {
  name = 'DeadlineKindsForDuties1763719800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT "CHK_deadline_kind"`);
    await q.query(`
      ALTER TABLE deadlines ADD CONSTRAINT "CHK_deadline_kind" CHECK (kind IN (
        'controller_notification', 'authority_notification', 'data_subject_notification', 'objection_window', 'contract_end_deletion',
        'dsr_forward', 'dsr_response', 'dsr_extension_notice', 'approval_request'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT "CHK_deadline_kind"`);
    await q.query(
      `ALTER TABLE deadlines ADD CONSTRAINT "CHK_deadline_kind" CHECK (kind IN ('controller_notification', 'authority_notification', 'data_subject_notification', 'objection_window', 'contract_end_deletion', 'dsr_response'))`,
    );
  }
}
