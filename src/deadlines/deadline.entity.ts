import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DEADLINE_KINDS = [
  'controller_notification',
  'authority_notification',
  'data_subject_notification',
  'objection_window',
  'contract_end_deletion',
  'dsr_response',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['pending', 'met', 'met_late', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** What a deadline is about; the owning module keeps subjectId consistent. */
export type DeadlineSubjectType = 'incident' | 'sub_processor_agreement' | 'agreement' | 'deletion_task' | 'data_subject_request';

/**
 * One timed obligation (a notification duty, an objection window, a deletion due at
 * contract end). Postgres holds the fact; BullMQ only holds when to look at it again.
 */
@Entity('deadlines')
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: DeadlineKind;

  @Column({ type: 'text', default: 'pending' })
  status: DeadlineStatus;

  @Column({ type: 'text' })
  subjectType: DeadlineSubjectType;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid', nullable: true })
  controllerId: string | null;

  /** When the clock started (e.g. awareAt); reminders are fractions of startsAt..dueAt. */
  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lateReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  missedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelledReason: string | null;

  /** Fractions of the window whose reminder has gone out, so a retried job does not remind twice. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  remindersSent: number[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
