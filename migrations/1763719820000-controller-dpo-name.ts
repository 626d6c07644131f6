import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The controller's DPO by name beside the e-mail address the registry already holds: the
 * Art. 30(2)(a) record names "the controller's data protection officer", and a mailbox
 * alone (fg@…) names no one. Optional, as not every controller has to appoint one.
 */
export class ControllerDpoName1763719820000 implements MigrationInterface {
  name = 'ControllerDpoName1763719820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers ADD COLUMN dpo_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers DROP COLUMN dpo_name`);
  }
}
