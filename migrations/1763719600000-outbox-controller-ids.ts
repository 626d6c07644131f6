import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every event states the controllers it concerns, and the outbox keeps them in a column
 * of their own, so a legal hold on a controller keeps its webhook deliveries and e-mails
 * without the sweep reading JSON inside stored bodies. Existing rows take the ids their
 * body named (`controllerId`, or the `controllerIds` of breach events).
 */
export class OutboxControllerIds1763719600000 implements MigrationInterface {
  name = 'OutboxControllerIds1763719600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN controller_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE email_messages ADD COLUMN controller_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE webhook_deliveries SET controller_ids = ARRAY(
        SELECT DISTINCT id::uuid FROM (
          SELECT body::jsonb -> 'data' ->> 'controllerId' AS id
          UNION ALL
          SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(body::jsonb -> 'data' -> 'controllerIds') = 'array' THEN body::jsonb -> 'data' -> 'controllerIds' ELSE '[]' END)
        ) named WHERE id IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_messages DROP COLUMN controller_ids`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN controller_ids`);
  }
}
