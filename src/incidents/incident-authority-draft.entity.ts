import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuthorityForm } from './authority-draft';
import type { NotificationPhase } from './incident-notification.entity';

/**
 * The AP form's answers as they stood when a notification to the AP was recorded: what
 * the AP was told. A follow-up draft carries only what changed since the latest of these.
 * The reporter and contact sections are not kept here: they name people, and the
 * incident's own columns are where retention anonymises them.
 */
@Entity('incident_authority_drafts')
export class IncidentAuthorityDraft {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'uuid' })
  notificationId: string;

  @Column({ type: 'text' })
  phase: NotificationPhase;

  @Column({ type: 'timestamptz' })
  notifiedAt: Date;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'jsonb' })
  form: Partial<AuthorityForm>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
