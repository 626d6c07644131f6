import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feeds: a revocable token per API key, stored as its SHA-256, that reads the
 * key's deadlines as an iCalendar feed. And a revision on every deadline, bumped by a
 * trigger whenever an UPDATE changes any column but `updated_at`, so a calendar event's
 * SEQUENCE moves with every change however the row was written (a service, a job, SQL).
 */
export class CalendarFeeds1763719910000 implements MigrationInterface {
  name = 'CalendarFeeds1763719910000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feeds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        api_key_id uuid NOT NULL,
        name text,
        language text NOT NULL DEFAULT 'nl',
        token_hash char(64) NOT NULL,
        token_prefix varchar(16) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT "PK_calendar_feed_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_calendar_feed_token_hash" UNIQUE (token_hash),
        CONSTRAINT "CHK_calendar_feed_language" CHECK (language IN ('nl', 'en')),
        CONSTRAINT "FK_calendar_feed_api_key_id" FOREIGN KEY (api_key_id) REFERENCES api_keys(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_calendar_feed_api_key_id" ON calendar_feeds (api_key_id, created_at, id)`);

    await q.query(`ALTER TABLE deadlines ADD COLUMN revision int NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION deadline_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.revision := CASE
          WHEN (to_jsonb(NEW) - 'updated_at' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at' - 'revision') THEN OLD.revision + 1
          ELSE OLD.revision
        END;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_deadline_revision" BEFORE UPDATE ON deadlines FOR EACH ROW EXECUTE FUNCTION deadline_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "TRG_deadline_revision" ON deadlines`);
    await q.query(`DROP FUNCTION deadline_revision()`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN revision`);
    await q.query(`DROP TABLE calendar_feeds`);
  }
}
