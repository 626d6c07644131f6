import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts behind a sub-processor's transfer mechanism: DPF certification (adequacy for
 * the US), the SCC module and version, the reason an Art. 49 derogation applies. Which of
 * them a mechanism needs is the service's rule (`transfer-basis.ts`); the constraints only
 * keep each value in its range. Existing rows keep what they hold: the API shows which of
 * them lack a basis the new rule accepts (`transferBasisIssue`) and asks for it on their
 * next update.
 */
export class SubProcessorTransferDetails1763719720000 implements MigrationInterface {
  name = 'SubProcessorTransferDetails1763719720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sub_processors
        ADD COLUMN dpf_certified boolean,
        ADD COLUMN dpf_checked_at timestamptz,
        ADD COLUMN scc_module smallint,
        ADD COLUMN scc_version text,
        ADD COLUMN derogation_justification text,
        ADD CONSTRAINT "CHK_sub_processor_dpf_checked" CHECK (dpf_certified IS NOT TRUE OR dpf_checked_at IS NOT NULL),
        ADD CONSTRAINT "CHK_sub_processor_scc_module" CHECK (scc_module IS NULL OR scc_module BETWEEN 1 AND 4),
        ADD CONSTRAINT "CHK_sub_processor_scc_version" CHECK (scc_version IS NULL OR scc_version = '2021/914')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sub_processors
        DROP COLUMN derogation_justification,
        DROP COLUMN scc_version,
        DROP COLUMN scc_module,
        DROP COLUMN dpf_checked_at,
        DROP COLUMN dpf_certified`);
  }
}
