import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What set a controller's clock on a processor-role breach: the agreement in force at
 * awareAt, else the most recent one whose data the processor still held, else none.
 */
export const CLOCK_BASES = ['agreement_in_force', 'agreement_ended_data_held', 'no_agreement'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

/** How a controller came into a breach's set: named in the report, or through its affectedScope. */
export const INCLUSIONS = ['listed', 'sub_processor', 'data_stores', 'all_controllers_of_processor'] as const;
export type Inclusion = (typeof INCLUSIONS)[number];

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

  /** Null on rows from before scopes existed, which were all listed. */
  @Column({ type: 'text', nullable: true })
  includedBy: Inclusion | null;
}
