import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the AP's meldformulier asks and the register did not hold yet: minimum–maximum
 * counts, what happened to the data, the type of incident, how it was found, the AP's
 * kinds of personal data, groups of people, the expected harm, other countries and
 * authorities, planned measures, and the reporter's phone and function. All optional:
 * a first report may leave them to follow (Art. 33(4)).
 *
 * And the form as it stood each time the AP was notified, so a follow-up draft can carry
 * only what changed. It goes with its incident and holds no person's details.
 */
export class AuthorityFormFacts1763719850000 implements MigrationInterface {
  name = 'AuthorityFormFacts1763719850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN data_subjects_range jsonb,
        ADD COLUMN records_range jsonb,
        ADD COLUMN data_operations text[],
        ADD COLUMN causes text[],
        ADD COLUMN detection text,
        ADD COLUMN personal_data_kinds text[],
        ADD COLUMN data_subject_groups text[],
        ADD COLUMN cross_border_countries text[],
        ADD COLUMN other_authorities_notified text[],
        ADD COLUMN expected_harm text[],
        ADD COLUMN measures_planned text,
        ADD COLUMN reporter_phone text,
        ADD COLUMN reporter_function text`);
    for (const column of ['data_subjects_range', 'records_range']) {
      await q.query(
        `ALTER TABLE incidents ADD CONSTRAINT "CHK_incident_${column}" CHECK (${column} IS NULL OR ((${column}->>'min')::bigint >= 0 AND (${column}->>'min')::bigint <= (${column}->>'max')::bigint))`,
      );
    }
    await q.query(`
      CREATE TABLE incident_authority_drafts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL,
        notification_id uuid NOT NULL,
        phase text NOT NULL,
        notified_at timestamptz NOT NULL,
        reference text,
        form jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_incident_authority_draft_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_incident_authority_draft_notification_id" UNIQUE (notification_id),
        CONSTRAINT "FK_incident_authority_draft_incident_id" FOREIGN KEY (incident_id) REFERENCES incidents(id) ON DELETE CASCADE,
        CONSTRAINT "FK_incident_authority_draft_notification_id" FOREIGN KEY (notification_id) REFERENCES incident_notifications(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_incident_authority_draft_incident_id" ON incident_authority_drafts (incident_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_authority_drafts`);
    for (const column of ['data_subjects_range', 'records_range']) await q.query(`ALTER TABLE incidents DROP CONSTRAINT "CHK_incident_${column}"`);
    await q.query(`
      ALTER TABLE incidents
        DROP COLUMN data_subjects_range, DROP COLUMN records_range, DROP COLUMN data_operations, DROP COLUMN causes, DROP COLUMN detection,
        DROP COLUMN personal_data_kinds, DROP COLUMN data_subject_groups, DROP COLUMN cross_border_countries, DROP COLUMN other_authorities_notified,
        DROP COLUMN expected_harm, DROP COLUMN measures_planned, DROP COLUMN reporter_phone, DROP COLUMN reporter_function`);
  }
}
