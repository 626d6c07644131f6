import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every breach in the register (Art. 33(5)), also one known only by its title: a first
 * report may leave out the description, the nature and the data categories, which follow
 * in updates (Art. 33(4)). And each affected controller keeps what set its clock: the
 * agreement in force at awareAt, an ended one whose data was still held, or none (72 hours).
 * Rows from before were all measured against an agreement in force: the report refused
 * anything else.
 */
export class IncidentFirstReport1763719740000 implements MigrationInterface {
  name = 'IncidentFirstReport1763719740000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ALTER COLUMN description DROP NOT NULL, ALTER COLUMN nature DROP NOT NULL, ALTER COLUMN data_categories DROP NOT NULL`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT "CHK_incident_nature"`);
    await q.query(`ALTER TABLE incidents ADD CONSTRAINT "CHK_incident_nature" CHECK (nature IS NULL OR (cardinality(nature) > 0 AND nature <@ ARRAY['confidentiality', 'integrity', 'availability']))`);

    await q.query(`ALTER TABLE incident_controllers ADD COLUMN basis text`);
    await q.query(`UPDATE incident_controllers SET basis = 'agreement_in_force' WHERE agreement_id IS NOT NULL`);
    // Null for a controller-role breach: its controllers get no clock of their own.
    await q.query(`
      ALTER TABLE incident_controllers ADD CONSTRAINT "CHK_incident_controller_basis" CHECK (
        basis IS NULL
        OR (basis IN ('agreement_in_force', 'agreement_ended_data_held') AND agreement_id IS NOT NULL)
        OR (basis = 'no_agreement' AND agreement_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incident_controllers DROP CONSTRAINT "CHK_incident_controller_basis"`);
    await q.query(`ALTER TABLE incident_controllers DROP COLUMN basis`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT "CHK_incident_nature"`);
    await q.query(`ALTER TABLE incidents ADD CONSTRAINT "CHK_incident_nature" CHECK (cardinality(nature) > 0 AND nature <@ ARRAY['confidentiality', 'integrity', 'availability'])`);
    // Fails while a report still lacks one of these: fill them in before going back.
    await q.query(`ALTER TABLE incidents ALTER COLUMN description SET NOT NULL, ALTER COLUMN nature SET NOT NULL, ALTER COLUMN data_categories SET NOT NULL`);
  }
}
