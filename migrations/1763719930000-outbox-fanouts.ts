import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction that announces more events than one delivery batch (a breach at shared
 * infrastructure: one per controller) keeps them as one row, written with the fact; a job
 * turns the row into webhook deliveries and e-mails after commit, and deletes it in the
 * same transaction. The events are kept as the JSON text Node wrote (text, not jsonb), so
 * Postgres does not parse them on the report's path.
 */
export class OutboxFanouts1763719930000 implements MigrationInterface {
  name = 'OutboxFanouts1763719930000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_fanouts (
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        events text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_outbox_fanout_id" PRIMARY KEY (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_fanouts`);
  }
}
