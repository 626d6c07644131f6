import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and the outbox of deliveries and e-mails: a row is written in
 * the same transaction as the fact it announces, and sent after commit.
 */
export class Notifications1763719400000 implements MigrationInterface {
  name = 'Notifications1763719400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_webhook_events" CHECK (cardinality(events) > 0)
      )`);
    await q.query(`CREATE INDEX "IDX_webhook_created" ON webhooks (created_at, id)`);
    await q.query(`CREATE INDEX "IDX_webhook_events" ON webhooks USING gin (events) WHERE enabled`);

    // body is the exact text that is signed and sent, so every retry sends the same bytes.
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL,
        webhook_id uuid NOT NULL,
        event text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_delivery_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_webhook_delivery_status" CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
        CONSTRAINT "FK_webhook_delivery_webhook_id" FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_webhook_delivery_webhook_id" ON webhook_deliveries (webhook_id, created_at, id)`);
    await q.query(`CREATE INDEX "IDX_webhook_delivery_pending" ON webhook_deliveries (created_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE email_messages (
        id uuid NOT NULL,
        event text NOT NULL,
        recipients text[] NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_email_message_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_email_message_status" CHECK (status IN ('pending', 'sent', 'failed'))
      )`);
    await q.query(`CREATE INDEX "IDX_email_message_pending" ON email_messages (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_messages`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
  }
}
