import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = ['invoice', 'contact', 'incident', 'data_export'];
const AFTER = [...BEFORE, 'webhook_delivery', 'email_message', 'idempotency_key'];
const list = (categories: string[]) => categories.map((c) => `'${c}'`).join(', ');

/**
 * The service's own working copies of personal data — webhook and e-mail deliveries
 * (payloads name reporters and controllers) and stored answers to retried reports —
 * get retention policies like every other record, so the tracker keeps no data longer
 * than it needs either. The sweep erases by id, so idempotency keys get one.
 */
export class OperationalRecordsRetention1763719530000 implements MigrationInterface {
  name = 'OperationalRecordsRetention1763719530000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`CREATE UNIQUE INDEX "UQ_idempotency_key_id" ON idempotency_keys (id)`);
    await q.query(`CREATE INDEX "IDX_idempotency_key_created_at" ON idempotency_keys (created_at)`);
    await q.query(`CREATE INDEX "IDX_webhook_delivery_settled_created_at" ON webhook_deliveries (created_at) WHERE status <> 'pending'`);
    await q.query(`CREATE INDEX "IDX_email_message_settled_created_at" ON email_messages (created_at) WHERE status <> 'pending'`);
    await this.categories(q, AFTER);
    await q.query(`
      INSERT INTO retention_policies (category, period, anchor, action, legal_basis) VALUES
        ('webhook_delivery', 'P90D', 'event_day', 'delete', 'Art. 5(1)(e) GDPR: the delivery log shows a notification went out; 90 days covers a dispute about a missed one'),
        ('email_message', 'P90D', 'event_day', 'delete', 'Art. 5(1)(e) GDPR: the mail log shows a notification went out; 90 days covers a dispute about a missed one'),
        ('idempotency_key', 'P7D', 'event_day', 'delete', 'Art. 5(1)(e) GDPR: a retried report is answered from the stored response for a week; later it is a new request')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM retention_policies WHERE category IN ('webhook_delivery', 'email_message', 'idempotency_key')`);
    await this.categories(q, BEFORE);
    await q.query(`DROP INDEX "IDX_email_message_settled_created_at"`);
    await q.query(`DROP INDEX "IDX_webhook_delivery_settled_created_at"`);
    await q.query(`DROP INDEX "IDX_idempotency_key_created_at"`);
    await q.query(`DROP INDEX "UQ_idempotency_key_id"`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN id`);
  }

  private async categories(q: QueryRunner, categories: string[]): Promise<void> {
    await q.query(`ALTER TABLE retention_policies DROP CONSTRAINT "CHK_retention_policy_category"`);
    await q.query(`ALTER TABLE retention_policies ADD CONSTRAINT "CHK_retention_policy_category" CHECK (category IN (${list(categories)}))`);
    await q.query(`ALTER TABLE legal_holds DROP CONSTRAINT "CHK_legal_hold_category"`);
    await q.query(`ALTER TABLE legal_holds ADD CONSTRAINT "CHK_legal_hold_category" CHECK (category IS NULL OR category IN (${list(categories)}))`);
  }
}
