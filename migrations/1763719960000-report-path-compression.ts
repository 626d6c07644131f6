import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How the large texts a breach report writes are compressed, measured on a report for
 * 20,000 controllers: Postgres's default (pglz) compressed them at about 15 ms per MB on
 * the report's path, before the answer.
 *
 * - A fan-out row lives for seconds, until its job writes its deliveries: it is stored as
 *   it is (EXTERNAL), as compressing it saves no disk worth the time.
 * - Audit payloads and timeline changes are kept: lz4, several times quicker than pglz at a
 *   like ratio, where the server was built with it (Debian's is). Where it was not (the
 *   embedded server of the quick start), they keep pglz; only the speed differs.
 */
export class ReportPathCompression1763719960000 implements MigrationInterface {
  name = 'ReportPathCompression1763719960000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_fanouts ALTER COLUMN events SET STORAGE EXTERNAL`);
    await q.query(`
      DO $$
      BEGIN
        ALTER TABLE audit_payloads ALTER COLUMN payload SET COMPRESSION lz4;
        ALTER TABLE incident_updates ALTER COLUMN changes SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'this server was built without lz4: audit payloads and timeline changes keep pglz';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incident_updates ALTER COLUMN changes SET COMPRESSION default`);
    await q.query(`ALTER TABLE audit_payloads ALTER COLUMN payload SET COMPRESSION default`);
    await q.query(`ALTER TABLE outbox_fanouts ALTER COLUMN events SET STORAGE EXTENDED`);
  }
}
