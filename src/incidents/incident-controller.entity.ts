import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What set a controller's clock on a processor-role breach: the agreement in force at
 * awareAt, else the most recent one whose data the processor still held, else none.
 */
export const CLOCK_BASES = ['agreement_in_force', 'agreement_ended_data_held', 'no_agreement'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

/** A controller whose data the breach touched, and the agreement that set its clock. */
@Entity('incident_controllers')
export class IncidentController {
  @PrimaryColumn('uuid')
  incidentId: string;

  @PrimaryColumn('uuid')
  controllerId: string;

  @Column({ type: 'uuid', nullable: true })
  agreementId: string | null;

  /** Why that agreement (or none) set the clock; null for a controller-role breach, which gives controllers no clock. */
  @Column({ type: 'text', nullable: true })
  basis: ClockBasis | null;
}
