import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A data export handed back at contract end is itself a copy of the controller's
 * personal data. It becomes a retention category: after its period the content is
 * purged and the row stays, with its checksum and counts, as proof of what was returned.
 */
export class DataExportRetention1763719520000 implements MigrationInterface {
  name = 'DataExportRetention1763719520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_exports ADD COLUMN content_purged_at timestamptz, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX "IDX_data_export_created_at" ON data_exports (created_at) WHERE content_purged_at IS NULL`);
    await q.query(`ALTER TABLE retention_policies DROP CONSTRAINT "CHK_retention_policy_category"`);
    await q.query(`ALTER TABLE retention_policies ADD CONSTRAINT "CHK_retention_policy_category" CHECK (category IN ('invoice', 'contact', 'incident', 'data_export'))`);
    await q.query(`ALTER TABLE legal_holds DROP CONSTRAINT "CHK_legal_hold_category"`);
    await q.query(`ALTER TABLE legal_holds ADD CONSTRAINT "CHK_legal_hold_category" CHECK (category IS NULL OR category IN ('invoice', 'contact', 'incident', 'data_export'))`);
    await q.query(`
      INSERT INTO retention_policies (category, period, anchor, action, legal_basis) VALUES
        ('data_export', 'P30D', 'event_day', 'anonymize', 'Art. 28(3)(g) GDPR: the returned copy is not kept once the controller has had time to fetch it')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM retention_policies WHERE category = 'data_export'`);
    await q.query(`ALTER TABLE legal_holds DROP CONSTRAINT "CHK_legal_hold_category"`);
    await q.query(`ALTER TABLE legal_holds ADD CONSTRAINT "CHK_legal_hold_category" CHECK (category IS NULL OR category IN ('invoice', 'contact', 'incident'))`);
    await q.query(`ALTER TABLE retention_policies DROP CONSTRAINT "CHK_retention_policy_category"`);
    await q.query(`ALTER TABLE retention_policies ADD CONSTRAINT "CHK_retention_policy_category" CHECK (category IN ('invoice', 'contact', 'incident'))`);
    await q.query(`DROP INDEX "IDX_data_export_created_at"`);
    await q.query(`ALTER TABLE data_exports DROP COLUMN updated_at, DROP COLUMN content_purged_at`);
  }
}
