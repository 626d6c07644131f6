import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts behind a breach's severity, each assessment kept: the register must show what
 * the officer knew and what it pointed to when the decision was taken (Art. 33(5)), so a
 * new assessment adds a version instead of replacing the last. The answer computed then is
 * kept beside the facts, so a later change of the rule cannot rewrite that evidence. The
 * facts describe the breach, not a person, so no retention target reaches them; they go
 * with their incident.
 *
 * The incident keeps the officer's reason for a decision that departs from the latest
 * recommendation; only a decision has one.
 */
export class IncidentSeverityAssessments1763719840000 implements MigrationInterface {
  name = 'IncidentSeverityAssessments1763719840000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_severity_assessments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL,
        version int NOT NULL,
        facts jsonb NOT NULL,
        assessment jsonb NOT NULL,
        severity_level text NOT NULL,
        risk_level text NOT NULL,
        notify_authority boolean NOT NULL,
        inform_data_subjects boolean NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        assessed_at timestamptz(3) NOT NULL,
        CONSTRAINT "PK_incident_severity_assessment_id" PRIMARY KEY (id),
        CONSTRAINT "UQ_incident_severity_assessment_version" UNIQUE (incident_id, version),
        CONSTRAINT "CHK_incident_severity_assessment_version" CHECK (version > 0),
        CONSTRAINT "CHK_incident_severity_assessment_level" CHECK (severity_level IN ('low', 'medium', 'high', 'very_high')),
        CONSTRAINT "CHK_incident_severity_assessment_risk" CHECK (risk_level IN ('none', 'risk', 'high')),
        CONSTRAINT "CHK_incident_severity_assessment_recommendation" CHECK (notify_authority = (risk_level <> 'none') AND inform_data_subjects = (risk_level = 'high')),
        CONSTRAINT "FK_incident_severity_assessment_incident_id" FOREIGN KEY (incident_id) REFERENCES incidents(id) ON DELETE CASCADE
      )`);
    await q.query(`ALTER TABLE incidents ADD COLUMN departure_reason text`);
    await q.query(`ALTER TABLE incidents ADD CONSTRAINT "CHK_incident_departure_reason" CHECK (departure_reason IS NULL OR risk_level IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT "CHK_incident_departure_reason"`);
    await q.query(`ALTER TABLE incidents DROP COLUMN departure_reason`);
    await q.query(`DROP TABLE incident_severity_assessments`);
  }
}
