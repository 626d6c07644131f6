import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** public_communication: Art. 34(3)(c), informing the public where telling each data subject takes disproportionate effort. */
export const NOTIFICATION_KINDS = ['controller_notification', 'authority_notification', 'data_subject_notification', 'public_communication'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_PHASES = ['initial', 'follow_up', 'final'] as const;
export type NotificationPhase = (typeof NOTIFICATION_PHASES)[number];

/** A notification made about an incident: the initial one closes its deadline. */
@Entity('incident_notifications')
export class IncidentNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'uuid', nullable: true })
  deadlineId: string | null;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'uuid', nullable: true })
  controllerId: string | null;

  @Column({ type: 'text' })
  phase: NotificationPhase;

  @Column({ type: 'timestamptz' })
  notifiedAt: Date;

  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  lateReason: string | null;

  /** The text sent or published (Art. 34(2): in clear and plain language), for the register and the AP draft. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
