import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A controller whose data the breach touched, and the agreement that set its clock. */
@Entity('incident_controllers')
export class IncidentController {
  @PrimaryColumn('uuid')
  incidentId: string;

  @PrimaryColumn('uuid')
  controllerId: string;

  @Column({ type: 'uuid', nullable: true })
  agreementId: string | null;
}
