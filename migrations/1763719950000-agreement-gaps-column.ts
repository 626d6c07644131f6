import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agreement's Art. 28(3) gaps depend only on its own row, so Postgres keeps them as a
 * stored generated column: the portfolio's overview counts and lists them without working
 * them out for every agreement on every read. The expression is what `agreementGapsSql(null)`
 * (src/agreements/agreement-gaps.ts) produced when this migration was written; a migration
 * never imports src/, and agreement-gaps.e2e-spec fails when the two part. The indexes serve
 * the overview's examples per gap: the first few by reference (btree), or the few agreements
 * missing a rare part (GIN).
 */
export class AgreementGapsColumn1763719950000 implements MigrationInterface {
  name = 'AgreementGapsColumn1763719950000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(String.raw`
      ALTER TABLE processing_agreements ADD COLUMN gaps text[] NOT NULL GENERATED ALWAYS AS (
        array_remove(ARRAY[
          CASE WHEN (obligations -> 'a' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'a' END,
          CASE WHEN (obligations -> 'b' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'b' END,
          CASE WHEN (obligations -> 'c' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'c' END,
          CASE WHEN (obligations -> 'd' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'd' END,
          CASE WHEN (obligations -> 'e' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'e' END,
          CASE WHEN (obligations -> 'f' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'f' END,
          CASE WHEN (obligations -> 'g' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'g' END,
          CASE WHEN (obligations -> 'h' -> 'covered') IS DISTINCT FROM 'true'::jsonb THEN 'h' END,
          CASE WHEN (subject_matter IS NULL OR subject_matter ~ '^[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$') THEN 'subjectMatter' END,
          CASE WHEN (nature_of_processing IS NULL OR nature_of_processing ~ '^[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$') THEN 'natureOfProcessing' END,
          CASE WHEN cardinality(purposes) = 0 THEN 'purposes' END,
          CASE WHEN cardinality(data_categories) = 0 THEN 'dataCategories' END,
          CASE WHEN cardinality(data_subject_categories) = 0 THEN 'dataSubjectCategories' END
        ]::text[], NULL)
      ) STORED`);
    await q.query(`CREATE INDEX "IDX_processing_agreement_reference" ON processing_agreements (reference, id)`);
    await q.query(`CREATE INDEX "IDX_processing_agreement_gaps" ON processing_agreements USING gin (gaps)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_processing_agreement_gaps"`);
    await q.query(`DROP INDEX "IDX_processing_agreement_reference"`);
    await q.query(`ALTER TABLE processing_agreements DROP COLUMN gaps`);
  }
}
