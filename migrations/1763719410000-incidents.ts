import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The breach register (Art. 33(5)): incidents, the controllers each one affects, its
 * timeline of phased information, the notifications made, and the idempotency keys that
 * make a retried report return the first answer.
 */
export class Incidents1763719410000 implements MigrationInterface {
  name = 'Incidents1763719410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incidents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        processor_id uuid NOT NULL,
        sub_processor_id uuid,
        role text NOT NULL,
        status text NOT NULL DEFAULT 'open',
        title text NOT NULL,
        description text NOT NULL,
        aware_at timestamptz NOT NULL,
        occurred_at timestamptz,
        ended_at timestamptz,
        nature text[] NOT NULL,
        data_categories text[] NOT NULL,
        special_categories text[] NOT NULL DEFAULT '{}',
        approx_data_subjects integer,
        approx_records integer,
        data_encrypted boolean,
        cross_border boolean,
        likely_consequences text,
        measures_taken text,
        reporter_name text NOT NULL,
        reporter_email text NOT NULL,
        risk_level text,
        risk_reasoning text,
        risk_assessed_at timestamptz,
        no_authority_notification_reason text,
        data_subject_exemption text,
        data_subject_exemption_justification text,
        closed_at timestamptz,
        closing_note text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_incident_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_incident_role" CHECK (role IN ('processor', 'controller')),
        CONSTRAINT "CHK_incident_status" CHECK (status IN ('open', 'notified', 'closed')),
        CONSTRAINT "CHK_incident_nature" CHECK (cardinality(nature) > 0 AND nature <@ ARRAY['confidentiality', 'integrity', 'availability']),
        CONSTRAINT "CHK_incident_risk_level" CHECK (risk_level IS NULL OR risk_level IN ('none', 'risk', 'high')),
        CONSTRAINT "CHK_incident_no_notification_reason" CHECK (risk_level IS DISTINCT FROM 'none' OR no_authority_notification_reason IS NOT NULL),
        CONSTRAINT "CHK_incident_data_subject_exemption" CHECK (data_subject_exemption IS NULL OR (data_subject_exemption IN ('encrypted', 'mitigated', 'disproportionate_effort') AND data_subject_exemption_justification IS NOT NULL)),
        CONSTRAINT "CHK_incident_closed" CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT "FK_incident_processor_id" FOREIGN KEY (processor_id) REFERENCES processors(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_incident_sub_processor_id" FOREIGN KEY (sub_processor_id) REFERENCES sub_processors(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_incident_processor_id" ON incidents (processor_id, created_at, id)`);
    await q.query(`CREATE INDEX "IDX_incident_sub_processor_id" ON incidents (sub_processor_id)`);
    await q.query(`CREATE INDEX "IDX_incident_created" ON incidents (created_at, id)`);
    await q.query(`CREATE INDEX "IDX_incident_aware_at" ON incidents (aware_at)`);

    // agreement_id: the agreement whose breachNotificationHours set that controller's clock.
    await q.query(`
      CREATE TABLE incident_controllers (
        incident_id uuid NOT NULL,
        controller_id uuid NOT NULL,
        agreement_id uuid,
        CONSTRAINT "PK_incident_controller_id" PRIMARY KEY (incident_id, controller_id),
        CONSTRAINT "FK_incident_controller_incident_id" FOREIGN KEY (incident_id) REFERENCES incidents(id) ON DELETE CASCADE,
        CONSTRAINT "FK_incident_controller_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_incident_controller_agreement_id" FOREIGN KEY (agreement_id) REFERENCES processing_agreements(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_incident_controller_controller_id" ON incident_controllers (controller_id)`);
    await q.query(`CREATE INDEX "IDX_incident_controller_agreement_id" ON incident_controllers (agreement_id)`);

    await q.query(`
      CREATE TABLE incident_updates (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL,
        type text NOT NULL,
        note text,
        changes jsonb NOT NULL DEFAULT '{}',
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_incident_update_id" PRIMARY KEY (id),
        CONSTRAINT "FK_incident_update_incident_id" FOREIGN KEY (incident_id) REFERENCES incidents(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_incident_update_incident_id" ON incident_updates (incident_id, created_at)`);

    await q.query(`
      CREATE TABLE incident_notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL,
        deadline_id uuid,
        kind text NOT NULL,
        controller_id uuid,
        phase text NOT NULL,
        notified_at timestamptz NOT NULL,
        channel text,
        reference text,
        late_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_incident_notification_id" PRIMARY KEY (id),
        CONSTRAINT "CHK_incident_notification_kind" CHECK (kind IN ('controller_notification', 'authority_notification', 'data_subject_notification')),
        CONSTRAINT "CHK_incident_notification_phase" CHECK (phase IN ('initial', 'follow_up', 'final')),
        CONSTRAINT "FK_incident_notification_incident_id" FOREIGN KEY (incident_id) REFERENCES incidents(id) ON DELETE CASCADE,
        CONSTRAINT "FK_incident_notification_deadline_id" FOREIGN KEY (deadline_id) REFERENCES deadlines(id) ON DELETE RESTRICT,
        CONSTRAINT "FK_incident_notification_controller_id" FOREIGN KEY (controller_id) REFERENCES data_controllers(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_incident_notification_incident_id" ON incident_notifications (incident_id, created_at)`);
    await q.query(`CREATE INDEX "IDX_incident_notification_deadline_id" ON incident_notifications (deadline_id)`);
    await q.query(`CREATE INDEX "IDX_incident_notification_controller_id" ON incident_notifications (controller_id)`);

    // A retried request with the same key gets the first response; keys are per API key.
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT "PK_idempotency_key_actor_id_key" PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'incident_notifications', 'incident_updates', 'incident_controllers', 'incidents']) await q.query(`DROP TABLE ${table}`);
  }
}
