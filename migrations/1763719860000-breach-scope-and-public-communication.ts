import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Art. 34(3)(c): a public communication replaces telling each data subject, with a clock
 * of its own (`public_communication`) and a notification kind to meet it; a notification
 * keeps the text that was sent, so the register and the AP draft can show it.
 * Breaches at shared infrastructure: a report names its scope (a sub-processor, data
 * stores, all of a processor's clients); the incident keeps the scope asked and how many
 * controllers it resolved to, each controller row how it came into the set.
 */
export class BreachScopeAndPublicCommunication1763719860000 implements MigrationInterface {
  name = 'BreachScopeAndPublicCommunication1763719860000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT "CHK_deadline_kind"`);
    await q.query(`
      ALTER TABLE deadlines ADD CONSTRAINT "CHK_deadline_kind" CHECK (kind IN (
        'controller_notification', 'authority_notification', 'data_subject_notification', 'public_communication', 'objection_window', 'contract_end_deletion',
        'dsr_forward', 'dsr_response', 'dsr_extension_notice', 'approval_request'))`);
    await q.query(`ALTER TABLE incident_notifications DROP CONSTRAINT "CHK_incident_notification_kind"`);
    await q.query(
      `ALTER TABLE incident_notifications ADD CONSTRAINT "CHK_incident_notification_kind" CHECK (kind IN ('controller_notification', 'authority_notification', 'data_subject_notification', 'public_communication'))`,
    );
    await q.query(`ALTER TABLE incident_notifications ADD COLUMN message text`);
    await q.query(`ALTER TABLE incidents ADD COLUMN affected_scope jsonb, ADD COLUMN affected_scope_count int`);
    await q.query(`ALTER TABLE incident_controllers ADD COLUMN included_by text`);
    await q.query(`
      ALTER TABLE incident_controllers ADD CONSTRAINT "CHK_incident_controller_included_by" CHECK (
        included_by IN ('listed', 'sub_processor', 'data_stores', 'all_controllers_of_processor'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incident_controllers DROP CONSTRAINT "CHK_incident_controller_included_by"`);
    await q.query(`ALTER TABLE incident_controllers DROP COLUMN included_by`);
    await q.query(`ALTER TABLE incidents DROP COLUMN affected_scope, DROP COLUMN affected_scope_count`);
    await q.query(`ALTER TABLE incident_notifications DROP COLUMN message`);
    await q.query(`ALTER TABLE incident_notifications DROP CONSTRAINT "CHK_incident_notification_kind"`);
    await q.query(`ALTER TABLE incident_notifications ADD CONSTRAINT "CHK_incident_notification_kind" CHECK (kind IN ('controller_notification', 'authority_notification', 'data_subject_notification'))`);
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT "CHK_deadline_kind"`);
    await q.query(`
      ALTER TABLE deadlines ADD CONSTRAINT "CHK_deadline_kind" CHECK (kind IN (
        'controller_notification', 'authority_notification', 'data_subject_notification', 'objection_window', 'contract_end_deletion',
        'dsr_forward', 'dsr_response', 'dsr_extension_notice', 'approval_request'))`);
  }
}
