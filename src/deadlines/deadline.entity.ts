import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DEADLINE_STATUSES = ['pending', 'met', 'met_late', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/**
 * One timed obligation (a notification duty, an objection window, a deletion due at
 * contract end). Postgres holds the fact; BullMQ only holds when to look at it again.
 */
@Entity('deadlines')
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** One of the kinds features register (DeadlineKinds); the table's CHECK lists them, so a new kind comes with a migration. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', default: 'pending' })
  status: DeadlineStatus;

  /** What the deadline is about, as its kind says; the owning module keeps subjectId consistent. */
  @Column({ type: 'text' })
  subjectType: string;

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

  /**
   * How often the row has changed, counted by a trigger on every UPDATE that changes a column
   * (the calendar feed's SEQUENCE); the service never writes it.
   */
  @Column({ type: 'int', default: 0, insert: false, update: false })
  revision: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
