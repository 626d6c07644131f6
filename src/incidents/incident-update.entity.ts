import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IncidentUpdateType = 'reported' | 'update' | 'severity_assessment' | 'risk_assessment' | 'notification' | 'deadline_cancelled' | 'closed';

/** One entry of the incident's timeline: information arrives in phases (Art. 33(4)). */
@Entity('incident_updates')
export class IncidentUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  type: IncidentUpdateType;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Field → {from, to} for amendments; the facts of the entry otherwise. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  @Column({ type: 'text' })
  actorId: string;

  @Column({ type: 'text' })
  actorName: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
